package plots

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"io"
	"math"
	"math/big"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"pagesim/model"
)

// The hand-written encoders are checked against encoding/json and
// encoding/csv: toJSONRow is the row as a struct whose tags give the
// format, the reference the encoder must match byte for byte.

func toJSONRow(params []string, row Row) jsonRow {
	res := row.Result
	lt := millis(res.LoadTime)
	complete := res.Complete
	j := jsonRow{
		Point:    make(map[string]string, len(params)),
		Strategy: row.Strategy, Run: row.Run,
		Complete: &complete, Incomplete: string(res.Incomplete), IncompleteDetail: res.IncompleteDetail,
		Connections: res.Connections, PacketsDown: res.PacketsDown, PacketsUp: res.PacketsUp,
		BytesDown: res.BytesDown, BytesUp: res.BytesUp, Retransmits: res.Retransmits,
		Timeouts: res.Timeouts, Retries: res.Retries, Failed: res.Failed,
		DestroyedBytes: res.DestroyedBytes, Truncated: res.Truncated, Events: res.Events,
		Objects: make([]jsonObject, len(res.Objects)),
		Conns:   make([]jsonConn, len(res.Conns)),
	}
	if complete {
		j.LoadTime = &lt
	} else {
		j.Reached = &lt
	}
	for i, p := range params {
		j.Point[p] = row.Point[i]
	}
	for i, o := range res.Objects {
		j.Objects[i] = toJSONObject(o)
	}
	for i, c := range res.Conns {
		j.Conns[i] = jsonConn{ID: c.ID, Host: c.Host, Protocol: c.Protocol, Opened: millis(c.Opened), Ready: millis(c.Ready),
			Closed: millis(c.Closed), Requests: c.Requests, End: string(c.End)}
	}
	for _, s := range res.Stalls {
		j.Stalls = append(j.Stalls, jsonStall{s.Object, s.Conn, millis(s.From), millis(s.To), s.Cause})
	}
	for _, c := range res.Cwnd {
		j.Cwnd = append(j.Cwnd, jsonCwnd{c.Conn, millis(c.At), int64(c.Cwnd), int64(c.Ssthresh)})
	}
	return j
}

// referenceJSON is what json.Marshal makes of a row with its detail.
func referenceJSON(t testing.TB, params []string, row Row) []byte {
	t.Helper()
	b, err := json.Marshal(toJSONRow(params, row))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// referenceCSV is what encoding/csv makes of a row.
func referenceCSV(t testing.TB, scenario string, row Row) []byte {
	t.Helper()
	res := row.Result
	lt := ""
	if res.Complete {
		lt = millis3(res.LoadTime)
	}
	rec := append([]string{scenario}, row.Point...)
	rec = append(rec, row.Strategy, itoa(int64(row.Run)), lt, itoa(int64(res.Connections)), itoa(res.PacketsDown), itoa(res.PacketsUp),
		itoa(res.BytesDown), itoa(res.BytesUp), itoa(res.Retransmits), itoa(int64(res.Timeouts)), itoa(int64(res.Retries)),
		itoa(int64(res.Failed)), itoa(res.DestroyedBytes), strconv.FormatBool(res.Complete), string(res.Incomplete),
		itoa(int64(res.Truncated)), "")
	if len(res.Objects) > 0 && res.Objects[0].Has.Includes(model.HasFirstByte) {
		rec[len(rec)-1] = millis3(res.Objects[0].FirstByte)
	}
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	w.Flush()
	return b.Bytes()
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// TestEncodersMatchReference: every row of the fixtures, and rows with
// every kind of awkward text and number, encode as encoding/json and
// encoding/csv encode them.
func TestEncodersMatchReference(t *testing.T) {
	var rows []Row
	for _, f := range []*fixture{tinyReport(), fullReport(), sweepReport()} {
		rows = append(rows, f.Rows...)
	}
	odd := fullReport().Rows[0]
	res := *odd.Result
	res.Objects = append([]model.ObjectResult{}, res.Objects...)
	res.Objects[0].ID = "a\"b\\c\b\f\n\r\t\x01\x1f<>&\u2028\u2029\xff\xfe é 😀"
	res.Objects[0].URL = "http://x/?a=1&b=<2>"
	res.Objects[1].Host = " leading space, comma"
	res.Objects[1].FailReason = "\x7f del"
	res.Objects[1].Receive = []model.Span{{From: 1, To: 1500, Bytes: 1460}, {From: 2 * time.Millisecond, To: 3*time.Millisecond + 7, Bytes: 40}}
	res.Conns = append([]model.ConnResult{}, res.Conns...)
	res.Conns[0].Protocol = "h2"
	res.IncompleteDetail = `quote " and \.`
	res.LoadTime = -1500
	res.Events = math.MaxUint64
	res.BytesDown = math.MinInt64 + 1
	odd.Result = &res
	odd.Point = []string{`\.`, "line\nbreak"}
	odd.Strategy = "\tstrategy,\"x\""
	rows = append(rows, odd)
	params := []string{"network.rtt", "network.down"}
	for i, row := range rows {
		p := params[:len(row.Point)]
		enc := NewRowEncoder("scen \"x\", y", p)
		if got, want := enc.AppendJSON(nil, row, true), referenceJSON(t, p, row); !bytes.Equal(got, want) {
			t.Errorf("row %d: JSON\n got %s\nwant %s", i, got, want)
		}
		if got, want := enc.AppendCSV(nil, row), referenceCSV(t, "scen \"x\", y", row); !bytes.Equal(got, want) {
			t.Errorf("row %d: CSV\n got %q\nwant %q", i, got, want)
		}
	}
}

// FuzzJSONString: any text encodes as json.Marshal encodes it.
func FuzzJSONString(f *testing.F) {
	for _, s := range []string{"", "plain", "a\"b\\c\b\f\n\r\t\x00\x1f", "<>&", "\u2028\u2029", "\xff\xfe\xc3", "é😀"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
			t.Errorf("%q: got %s, want %s", s, got, want)
		}
	})
}

// FuzzCSVField: any text encodes as encoding/csv writes it.
func FuzzCSVField(f *testing.F) {
	for _, s := range []string{"", "plain", `\.`, " x", "\tx", "\u00a0x", "a,b", `a"b`, "a\nb", "a\rb", "\u2028"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write([]string{s, "x"})
		w.Flush()
		if got := appendCSVRecord(nil, []string{s, "x"}); !bytes.Equal(got, b.Bytes()) {
			t.Errorf("%q: got %q, want %q", s, got, b.Bytes())
		}
	})
}

// TestJSONMillisExact: the milliseconds written are exact decimals of the
// nanoseconds, for the edges of the range.
func TestJSONMillisExact(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		want string
	}{
		{0, "0"}, {1, "0.000001"}, {-1, "-0.000001"}, {1500 * time.Microsecond, "1.5"}, {time.Millisecond, "1"},
		{math.MaxInt64, "9223372036854.775807"}, {math.MinInt64 + 1, "-9223372036854.775807"}, {math.MinInt64, "-9223372036854.775808"},
	} {
		if got := string(appendJSONMillis(nil, c.d)); got != c.want {
			t.Errorf("%d ns: %s, want %s", c.d, got, c.want)
		}
	}
}

// TestJSONMillisAsDecimal: the milliseconds of random and edge durations
// read back as the exact decimal of the nanoseconds, without trailing
// zeros (big.Rat as the reference).
func TestJSONMillisAsDecimal(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	ds := []time.Duration{0, 1, 10, 999999, 1000000, 1000001, 123456789, -123456789, math.MaxInt64 - 1}
	for range 20000 {
		ds = append(ds, time.Duration(rng.Int64N(1<<uint(rng.IntN(62)+1))), -time.Duration(rng.Int64N(1e12)))
	}
	for _, d := range ds {
		got := string(appendJSONMillis(nil, d))
		r, ok := new(big.Rat).SetString(got)
		if !ok || r.Cmp(big.NewRat(int64(d), 1e6)) != 0 {
			t.Fatalf("%d ns: wrote %s", d, got)
		}
		if want := r.FloatString(6); strings.TrimRight(strings.TrimRight(want, "0"), ".") != got {
			t.Fatalf("%d ns: wrote %s, want %s without trailing zeros", d, got, want)
		}
	}
}

// TestJSONIntAsStrconv: integers are written as strconv writes them.
func TestJSONIntAsStrconv(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	vs := []int64{0, 9, 10, 99, 100, -1, -10, math.MaxInt64, math.MinInt64}
	for range 20000 {
		v := rng.Int64N(1 << uint(rng.IntN(62)+1))
		vs = append(vs, v, -v)
	}
	for _, v := range vs {
		if got, want := string(appendJSONInt(nil, ",", v)), ","+strconv.FormatInt(v, 10); got != want {
			t.Fatalf("%d: wrote %s, want %s", v, got, want)
		}
	}
}

// TestRowsWithoutDetail: a results.json written without per-object detail
// (Detail none) gives the same summary and table as the full one — the
// figures the summary derives from the detail are written instead — reads
// back and writes again to the same bytes, and keeps no result for the
// charts, which then stand on runs given back with Keep.
func TestRowsWithoutDetail(t *testing.T) {
	f := fullReport()
	full := f.report(t)
	var doc bytes.Buffer
	jw, err := NewJSONWriter(&doc, f.Scenario, f.Params, f.strategies())
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range f.Rows {
		if err := jw.Write(row, DetailNone.Includes(true)); err != nil {
			t.Fatal(err)
		}
	}
	if err := jw.Close(); err != nil {
		t.Fatal(err)
	}
	if s := doc.String(); strings.Contains(s, `"objects"`) || !strings.Contains(s, `"peak_conns":`) || !strings.Contains(s, `"stall_causes":["dumb-proxy hang"]`) {
		t.Errorf("results.json without detail:\n%s", s)
	}
	brief, err := ReadJSON(bytes.NewReader(doc.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	for name, write := range map[string]func(io.Writer, *Report) error{"summary": WriteSummary, "table": WriteTable} {
		var a, b bytes.Buffer
		if err := write(&a, full); err != nil {
			t.Fatal(err)
		}
		if err := write(&b, brief); err != nil {
			t.Fatal(err)
		}
		if a.String() != b.String() {
			t.Errorf("%s without detail differs:\n%s\nwith detail:\n%s", name, b.String(), a.String())
		}
	}
	jr, rows := readRows(t, doc.Bytes())
	again := &fixture{Scenario: jr.Scenario(), Params: jr.Params(), Strategies: jr.Strategies(), Rows: rows}
	if !bytes.Equal(again.json(t), doc.Bytes()) {
		t.Error("rows read without detail write back differently (with detail asked for, they have none to give)")
	}
	if _, err := Charts(brief); err == nil {
		t.Error("charts drawn from rows that have no detail")
	}
	for _, cr := range brief.ChartRuns() {
		if cr.Kept {
			t.Errorf("%s: a row without detail was kept for the charts", cr.Strategy)
		}
		for _, row := range f.Rows {
			if row.Strategy == cr.Strategy && row.Run == cr.Run && slices.Equal(row.Point, cr.Point) {
				if err := brief.Keep(cr, row.Result); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	a, err := Charts(full)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Charts(brief)
	if err != nil {
		t.Fatal(err)
	}
	if len(a) != len(b) {
		t.Fatalf("%d charts, want %d", len(b), len(a))
	}
	for i := range a {
		if !bytes.Equal(renderPNG(t, a[i]), renderPNG(t, b[i])) {
			t.Errorf("%s differs when its run is given back with Keep", a[i].Name)
		}
	}
}
