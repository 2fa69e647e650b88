package plots

import (
	"bufio"
	"io"
	"time"
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

// CSVWriter writes results.csv one row at a time, under CSVHeader: one
// line per row, in the order written. Parameter values are written as in
// the scenario; load_time_ms and ttfb_ms have three decimals (rounded to
// the nearest microsecond), and load_time_ms is empty for a load that did
// not complete (it has no load time); counters are integers. The output
// depends only on the rows.
type CSVWriter struct {
	w   *bufio.Writer
	enc *RowEncoder
	buf []byte
}

// NewCSVWriter starts results.csv on w with its header. Errors of the
// writes show at Flush.
func NewCSVWriter(w io.Writer, scenario string, params []string) *CSVWriter {
	cw := &CSVWriter{w: bufio.NewWriterSize(w, resultsBuffer), enc: NewRowEncoder(scenario, params)}
	cw.w.Write(appendCSVRecord(nil, CSVHeader(params)))
	return cw
}

// Write writes one row's line. A row without a result or with the wrong
// number of point values is an error.
func (cw *CSVWriter) Write(row Row) error {
	if err := cw.enc.check("results.csv", row); err != nil {
		return err
	}
	cw.buf = cw.enc.AppendCSV(cw.buf[:0], row)
	return cw.WriteEncoded(cw.buf)
}

// WriteEncoded writes one line that RowEncoder.AppendCSV encoded.
func (cw *CSVWriter) WriteEncoded(line []byte) error {
	_, err := cw.w.Write(line)
	return err
}

// Flush writes what is buffered and returns the first error of any write.
func (cw *CSVWriter) Flush() error { return cw.w.Flush() }

// millis3 formats d in milliseconds with exactly three decimals, rounding
// half away from zero to the microsecond, with integer arithmetic so that
// the text never depends on floating point.
func millis3(d time.Duration) string { return string(appendMillis3(nil, d)) }
