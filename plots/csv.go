package plots

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"time"

	"pagesim/model"
)

// CounterColumns are the CSV columns after load_time_ms, in order
// (DESIGN §7).
var CounterColumns = []string{
	"connections", "packets_down", "packets_up", "bytes_down", "bytes_up",
	"retransmits", "timeouts", "retries", "failed", "destroyed_bytes",
}

// StatusColumns are the last CSV columns: whether the load completed
// ("true" or "false") and, when it did not, why (model.Incomplete:
// "failed objects", "horizon", "event budget"; empty when it did).
var StatusColumns = []string{"complete", "incomplete"}

// DetailColumns follow StatusColumns: truncated, the number of objects
// accepted short (a close-delimited body cut, model.Result.Truncated), and
// ttfb_ms, the document's time to first byte — navigation start to the
// first byte of its final attempt's response, in milliseconds with three
// decimals; empty when no byte of it arrived. (Columns are only ever added
// at the end, so a reader by position keeps working.)
var DetailColumns = []string{"truncated", "ttfb_ms"}

// CSVHeader returns the header of results.csv for a scenario sweeping
// params: scenario, one column per swept parameter named by its YAML path,
// strategy, run, load_time_ms, then CounterColumns, StatusColumns and
// DetailColumns.
func CSVHeader(params []string) []string {
	h := []string{"scenario"}
	h = append(h, params...)
	h = append(h, "strategy", "run", "load_time_ms")
	h = append(h, CounterColumns...)
	h = append(h, StatusColumns...)
	return append(h, DetailColumns...)
}

// documentTTFB is the document's time to first byte, or "" when none of
// it arrived.
func documentTTFB(res *model.Result) string {
	if len(res.Objects) == 0 || !res.Objects[0].Has.Includes(model.HasFirstByte) {
		return ""
	}
	return millis3(res.Objects[0].FirstByte)
}

// CSVWriter writes results.csv one row at a time, under CSVHeader: one
// line per row, in the order written. Parameter values are written as in
// the scenario; load_time_ms and ttfb_ms have three decimals (rounded to
// the nearest microsecond), and load_time_ms is empty for a load that did
// not complete (it has no load time); counters are integers. The output
// depends only on the rows.
type CSVWriter struct {
	w        *csv.Writer
	scenario string
	params   int
}

// NewCSVWriter starts results.csv on w with its header. Errors of the
// writes show at Flush.
func NewCSVWriter(w io.Writer, scenario string, params []string) *CSVWriter {
	cw := &CSVWriter{w: csv.NewWriter(w), scenario: scenario, params: len(params)}
	cw.w.Write(CSVHeader(params))
	return cw
}

// Write writes one row's line. A row without a result or with the wrong
// number of point values is an error.
func (cw *CSVWriter) Write(row Row) error {
	res := row.Result
	if res == nil {
		return fmt.Errorf("plots: results.csv: row %s, run %d: no result", row.Strategy, row.Run)
	}
	if len(row.Point) != cw.params {
		return fmt.Errorf("plots: results.csv: row %s, run %d: %d point values for %d parameters", row.Strategy, row.Run, len(row.Point), cw.params)
	}
	rec := make([]string, 0, 4+len(row.Point)+len(CounterColumns)+len(StatusColumns)+len(DetailColumns))
	rec = append(rec, cw.scenario)
	rec = append(rec, row.Point...)
	lt := ""
	if res.Complete {
		lt = millis3(res.LoadTime)
	}
	rec = append(rec, row.Strategy, strconv.Itoa(row.Run), lt,
		strconv.Itoa(res.Connections),
		strconv.FormatInt(res.PacketsDown, 10),
		strconv.FormatInt(res.PacketsUp, 10),
		strconv.FormatInt(res.BytesDown, 10),
		strconv.FormatInt(res.BytesUp, 10),
		strconv.FormatInt(res.Retransmits, 10),
		strconv.Itoa(res.Timeouts),
		strconv.Itoa(res.Retries),
		strconv.Itoa(res.Failed),
		strconv.FormatInt(res.DestroyedBytes, 10),
		strconv.FormatBool(res.Complete), string(res.Incomplete),
		strconv.Itoa(res.Truncated), documentTTFB(res),
	)
	return cw.w.Write(rec)
}

// Flush writes what is buffered and returns the first error of any write.
func (cw *CSVWriter) Flush() error {
	cw.w.Flush()
	return cw.w.Error()
}

// millis3 formats d in milliseconds with exactly three decimals, rounding
// half away from zero to the microsecond, with integer arithmetic so that
// the text never depends on floating point.
func millis3(d time.Duration) string {
	neg := d < 0
	if neg {
		d = -d
	}
	us := (int64(d) + 500) / 1000
	s := fmt.Sprintf("%d.%03d", us/1000, us%1000)
	if neg && us != 0 {
		s = "-" + s
	}
	return s
}
