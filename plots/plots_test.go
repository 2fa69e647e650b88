package plots

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image/png"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot/vg"

	"pagesim/model"
)

// tinyReport has one parameter, two strategies, one run, and round
// numbers, so its CSV can be written out by hand.
func tinyReport() *fixture {
	res := func(load time.Duration, conns int) *model.Result {
		return &model.Result{Complete: true, LoadTime: load, Connections: conns, PacketsDown: 40, PacketsUp: 30,
			BytesDown: 50000, BytesUp: 3000, Retransmits: 1, Timeouts: 2, Retries: 3, Failed: 0, DestroyedBytes: 7}
	}
	return &fixture{
		Scenario: "tiny", Params: []string{"network.rtt"}, Strategies: []string{"serial", "browser"},
		Rows: []Row{
			{Point: []string{"20ms"}, Strategy: "serial", Run: 0, Result: res(1234567891, 5)},
			{Point: []string{"20ms"}, Strategy: "browser", Run: 0, Result: res(500*time.Millisecond, 2)},
			{Point: []string{"100ms"}, Strategy: "serial", Run: 0, Result: res(1500, 5)},
			{Point: []string{"100ms"}, Strategy: "browser", Run: 0, Result: res(0, 2)},
		},
	}
}

func TestWriteCSV(t *testing.T) {
	r := tinyReport()
	// A document whose first byte came at 123.4567 ms, and a truncated
	// object; the other rows have no objects, so no time to first byte.
	r.Rows[0].Result.Objects = []model.ObjectResult{{ID: "html", Parent: -1, FirstByte: 123456700,
		Has: model.HasReady | model.HasRequest | model.HasFirstByte | model.HasLastByte}}
	r.Rows[0].Result.Truncated = 1
	got := r.csv(t)
	want := `scenario,network.rtt,strategy,run,load_time_ms,connections,packets_down,packets_up,bytes_down,bytes_up,retransmits,timeouts,retries,failed,destroyed_bytes,complete,incomplete,truncated,ttfb_ms
tiny,20ms,serial,0,1234.568,5,40,30,50000,3000,1,2,3,0,7,true,,1,123.457
tiny,20ms,browser,0,500.000,2,40,30,50000,3000,1,2,3,0,7,true,,0,
tiny,100ms,serial,0,0.002,5,40,30,50000,3000,1,2,3,0,7,true,,0,
tiny,100ms,browser,0,0.000,2,40,30,50000,3000,1,2,3,0,7,true,,0,
`
	if got != want {
		t.Errorf("CSVWriter:\ngot:\n%s\nwant:\n%s", got, want)
	}
}

func TestWriteCSVNoSweepAndQuoting(t *testing.T) {
	r := &fixture{Scenario: `a "quoted", name`, Rows: []Row{{Strategy: "x,y", Result: &model.Result{Complete: true, LoadTime: time.Second}}}}
	recs, err := csv.NewReader(strings.NewReader(r.csv(t))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	wantHead := append(append(append([]string{"scenario", "strategy", "run", "load_time_ms"}, CounterColumns...), StatusColumns...), DetailColumns...)
	if !reflect.DeepEqual(recs[0], wantHead) {
		t.Errorf("header = %v, want %v", recs[0], wantHead)
	}
	if got := recs[1][:4]; !reflect.DeepEqual(got, []string{`a "quoted", name`, "x,y", "0", "1000.000"}) {
		t.Errorf("row = %q", got)
	}
}

// TestWriteCSVIncomplete: an incomplete load's row has no load time (it
// was written as "0.000", a load of no time at all) and says why.
func TestWriteCSVIncomplete(t *testing.T) {
	for _, inc := range []model.Incomplete{model.IncompleteFailed, model.IncompleteHorizon, model.IncompleteBudget} {
		r := &fixture{Scenario: "s", Rows: []Row{{Strategy: "a", Result: &model.Result{Incomplete: inc, LoadTime: 0, Failed: 2}}}}
		got := r.csv(t)
		if want := "s,a,0,,0,0,0,0,0,0,0,0,2,0,false," + string(inc) + ",0,\n"; !strings.HasSuffix(got, want) {
			t.Errorf("%s: row %q, want %q", inc, got, want)
		}
	}
}

func TestMillis3(t *testing.T) {
	for _, c := range []struct {
		name string
		d    time.Duration
		want string
	}{
		{"zero", 0, "0.000"},
		{"499ns rounds down", 499, "0.000"},
		{"500ns rounds up", 500, "0.001"},
		{"1.5µs", 1500, "0.002"},
		{"one ms", time.Millisecond, "1.000"},
		{"an hour", time.Hour, "3600000.000"},
		{"odd", 1234567891, "1234.568"},
		{"negative", -1500 * time.Microsecond, "-1.500"},
	} {
		if got := millis3(c.d); got != c.want {
			t.Errorf("%s: millis3(%d) = %q, want %q", c.name, c.d, got, c.want)
		}
	}
}

// fullReport has every kind of record: stalls, cwnd, retries, failures,
// resets and truncation.
func fullReport() *fixture {
	r := sweepReport()
	res := r.Rows[0].Result
	res.Objects[2].Retries = 1
	res.Objects[2].FirstAttempt = res.Objects[2].RequestSent - 15*time.Second - 123
	res.Objects[3].Failed = true
	res.Objects[3].FailReason = "never answered"
	res.Objects[3].FailedAt = res.Objects[3].RequestSent + 30*time.Second
	res.Objects[3].Has &^= model.HasFirstByte | model.HasLastByte
	res.Objects[3].FirstByte, res.Objects[3].LastByte = 0, 0
	res.Complete, res.Incomplete, res.IncompleteDetail = false, model.IncompleteFailed, "1 of 6 objects failed (first: o3: never answered)"
	res.Objects[4].Truncated = true
	res.Failed, res.Retries, res.Truncated, res.Timeouts, res.DestroyedBytes, res.Retransmits = 1, 1, 1, 1, 2920, 4
	res.Stalls = []model.Stall{{Object: 2, Conn: 1, From: res.Objects[2].FirstAttempt, To: res.Objects[2].RequestSent, Cause: "dumb-proxy hang"}}
	res.Conns[1].End = "reset"
	res.Conns[0].Protocol = "h2"
	o := &res.Objects[1]
	mid := (o.FirstByte + o.LastByte) / 2
	o.Receive = []model.Span{{From: o.FirstByte, To: mid - 7, Bytes: 100}, {From: mid, To: o.LastByte, Bytes: 200}}
	res.Cwnd = []model.CwndPoint{{Conn: 0, At: 10 * time.Millisecond, Cwnd: 14600, Ssthresh: 1 << 30},
		{Conn: 0, At: 70*time.Millisecond + 1, Cwnd: 29200, Ssthresh: 14600}}
	return r
}

func TestJSONRoundTrip(t *testing.T) {
	for _, f := range []*fixture{tinyReport(), fullReport(),
		{Scenario: "no sweep", Rows: []Row{{Strategy: "serial", Result: &model.Result{Complete: true, LoadTime: 1}}}}} {
		doc := f.json(t)
		if !json.Valid(doc) {
			t.Fatalf("%s: JSONWriter wrote invalid JSON:\n%s", f.Scenario, doc)
		}
		jr, rows := readRows(t, doc)
		if jr.Scenario() != f.Scenario || !reflect.DeepEqual(jr.Params(), f.Params) || !reflect.DeepEqual(jr.Strategies(), f.strategies()) {
			t.Errorf("%s: head %q %q %q", f.Scenario, jr.Scenario(), jr.Params(), jr.Strategies())
		}
		if !reflect.DeepEqual(rows, f.Rows) {
			t.Errorf("%s: round trip differs:\ngot  %+v\nwant %+v", f.Scenario, rows[0].Result, f.Rows[0].Result)
		}
		again := &fixture{Scenario: jr.Scenario(), Params: jr.Params(), Strategies: jr.Strategies(), Rows: rows}
		if !bytes.Equal(doc, again.json(t)) {
			t.Errorf("%s: writing the rows read again gives different bytes", f.Scenario)
		}
		if _, err := ReadJSON(bytes.NewReader(doc)); err != nil {
			t.Errorf("%s: ReadJSON: %v", f.Scenario, err)
		}
	}
}

func TestJSONFields(t *testing.T) {
	s := string(fullReport().json(t))
	for _, want := range []string{
		`"format":"pagesim-results/3"`, `"params":["network.rtt","network.down"]`,
		`"url":"http://example.com/o1"`,
		// What an object did not have is null: a reused connection's
		// phases, a failed object's first and last byte.
		`"dns_start_ms":null,"connect_start_ms":null,"tcp_done_ms":null,"tls_done_ms":null,"request_sent_ms":`,
		`"first_byte_ms":null,"last_byte_ms":null,"first_attempt_ms":`,
		`"fail_reason":"never answered","ready_ms":`,
		// The incomplete row: no load time, the reason, how far it got.
		`"run":0,"load_time_ms":null,"complete":false,"incomplete":"failed objects","incomplete_detail":"1 of 6 objects failed (first: o3: never answered)","reached_ms":`,
		`"run":1,"load_time_ms":`, `"complete":true,"incomplete":"","incomplete_detail":""`, `"failed":true,"truncated":false,"fail_reason":"never answered"`,
		`"point":{"network.down":"56kbps","network.rtt":"20ms"}`, `"load_time_ms":`,
		`"first_attempt_ms":`, `"stalls":[{"object":2,"conn":1,`, `"cause":"dumb-proxy hang"`,
		`"cwnd":[{"conn":0,"at_ms":10,"cwnd_bytes":14600,"ssthresh_bytes":1073741824},{"conn":0,"at_ms":70.000001,`,
		`"end":"reset"`, `"destroyed_bytes":2920`, `"protocol":"h2"`, `"receive":[{"from_ms":`, `"bytes":200}]`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("results JSON lacks %s", want)
		}
	}
	if n := strings.Count(s, "\n"); n != len(fullReport().Rows)+2 {
		t.Errorf("%d lines, want one per row plus 2", n)
	}
}

func TestMillisJSON(t *testing.T) {
	for _, c := range []struct {
		in   string
		want time.Duration
	}{
		{"0", 0}, {"1500", 1500 * time.Millisecond}, {"0.000001", 1}, {"70.000001", 70*time.Millisecond + 1},
		{"-2.5", -2500 * time.Microsecond}, {"1e3", time.Second}, {"0.0000004", 0}, {"0.0000006", 1},
	} {
		var m millis
		if err := json.Unmarshal([]byte(c.in), &m); err != nil {
			t.Errorf("%s: %v", c.in, err)
			continue
		}
		if time.Duration(m) != c.want {
			t.Errorf("%s → %d ns, want %d", c.in, m, c.want)
		}
	}
	for _, d := range []time.Duration{0, 1, 999999, time.Millisecond, 3*time.Hour + 7, -1} {
		b, _ := json.Marshal(millis(d))
		var m millis
		if err := json.Unmarshal(b, &m); err != nil || time.Duration(m) != d {
			t.Errorf("%d → %s → %d (%v)", d, b, m, err)
		}
	}
	var m millis
	if err := json.Unmarshal([]byte(`"12"`), &m); err == nil {
		t.Error("a string was accepted as milliseconds")
	}
}

func TestReadJSONErrors(t *testing.T) {
	for _, c := range []struct{ name, in, want string }{
		{"not JSON", `{`, "results JSON"},
		{"other format", `{"format":"x","rows":[]}`, `format "x"`},
		{"missing point value", `{"format":"pagesim-results/1","scenario":"s","params":["a"],"rows":[{"point":{},"strategy":"s","objects":[],"conns":[]}]}`, `no value for "a"`},
		{"extra point value", `{"format":"pagesim-results/1","scenario":"s","params":["a"],"rows":[{"point":{"a":"1","b":"2"},"strategy":"s"}]}`, "2 values for 1 parameters"},
		{"no rows", `{"format":"pagesim-results/1","scenario":"s","params":[],"rows":[]}`, "no rows"},
	} {
		_, err := ReadJSON(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one containing %q", c.name, err, c.want)
		}
	}
}

func TestReportChecks(t *testing.T) {
	ok := func() *model.Result { return &model.Result{} }
	for _, c := range []struct {
		name string
		f    *fixture
		want string
	}{
		{"nil result", &fixture{Rows: []Row{{Strategy: "a"}}}, "no result"},
		{"short point", &fixture{Params: []string{"a", "b"}, Rows: []Row{{Point: []string{"1"}, Strategy: "a", Result: ok()}}}, "1 point values for 2 parameters"},
		{"unknown strategy", &fixture{Strategies: []string{"a"}, Rows: []Row{{Strategy: "b", Result: ok()}}}, `strategy "b" is not in Strategies`},
		{"duplicate row", &fixture{Rows: []Row{{Strategy: "a", Result: ok()}, {Strategy: "a", Result: ok()}}}, "duplicate row"},
		{"runs out of order", &fixture{Rows: []Row{{Strategy: "a", Run: 1, Result: ok()}, {Strategy: "a", Result: ok()}}}, "out of order"},
		{"duplicate param", &fixture{Params: []string{"a", "a"}}, "listed twice"},
		{"duplicate strategy", &fixture{Strategies: []string{"a", "a"}}, "listed twice"},
		{"empty param", &fixture{Params: []string{""}}, "empty parameter"},
		{"empty strategy", &fixture{Rows: []Row{{Result: ok()}}}, "empty strategy"},
		{"negative run", &fixture{Rows: []Row{{Strategy: "a", Run: -1, Result: ok()}}}, "out of range"},
	} {
		if _, err := c.f.build(); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one containing %q", c.name, err, c.want)
		}
	}
	empty, err := NewReport("s", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for name, f := range map[string]func(r *Report) error{
		"WriteSummary": func(r *Report) error { return WriteSummary(&b, r) },
		"WriteTable":   func(r *Report) error { return WriteTable(&b, r) },
		"Charts":       func(r *Report) error { _, err := Charts(r); return err },
	} {
		if err := f(empty); err == nil || !strings.Contains(err.Error(), "no rows") {
			t.Errorf("%s of an empty report: err = %v, want one containing \"no rows\"", name, err)
		}
		if err := f(nil); err == nil || !strings.Contains(err.Error(), "nil report") {
			t.Errorf("%s of nil: err = %v, want one containing \"nil report\"", name, err)
		}
	}
}

func TestSummary(t *testing.T) {
	var b bytes.Buffer
	if err := WriteSummary(&b, sweepReport().report(t)); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, want := range []string{
		"# test-sweep",
		"3 strategies × 4 points × 2 runs = 24 simulations",
		"| `network.rtt` | `network.down` | serial | pipelined | browser | best |",
		// 20ms/56kbps: pipelined 1340/1346 is fastest (shared narrow
		// link), but two runs a side can never be told apart: a tie.
		"| 20ms | 56kbps | **1443.0 (1440.3–1445.7)** | **1343.0 (1340.3–1345.7)** | **2480.0 (2480.0–2480.0)** | tie: pipelined, serial, browser |",
		"| 20ms | 10Mbps | **255.0 (252.3–257.7)** | **155.0 (152.3–157.7)** | **85.0 (84.1–85.9)** | tie: browser, pipelined, serial |",
		"With 2 runs of each strategy no difference can be significant (the test needs at least 4 of each)",
		"No strategy is significantly fastest here: `pipelined`, the fastest with a median of 1343.0 ms over 2 runs, ties with `serial` (1443.0 ms, p = 0.33) and `browser` (2480.0 ms, p = 0.22)",
		"| 20ms, 56kbps | pipelined | 2 | 1343.0 | – | 1343.0 | 1304.9–1381.1 | 1340.3 | 1345.7 | fastest |",
		"| 20ms, 56kbps | serial | 2 | 1443.0 | – | 1443.0 | 1404.9–1481.1 | 1440.3 | 1445.7 | +7.4%, tie (p = 0.33) |",
		"Parallel connections did not help",
		"Parallel connections helped: the best of them, `browser` (85.0 ms)",
		"At 4 of 4 points the fastest was not significantly faster than the others: a tie.",
		"Parallel connections helped most at network.rtt=20ms, network.down=10Mbps (45% faster)",
		"least at network.rtt=20ms, network.down=56kbps (85% slower)",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q\n%s", want, s)
		}
	}
}

func TestSummaryFailuresAndTrouble(t *testing.T) {
	r := fullReport()
	// Make the failing strategy the fastest at the first point: it must
	// still not be called best.
	for _, row := range r.Rows {
		if row.Point[0] == "20ms" && row.Point[1] == "56kbps" && row.Strategy == "serial" {
			row.Result.Failed = 1
			row.Result.LoadTime = time.Millisecond
			row.Result.Complete, row.Result.Incomplete = false, model.IncompleteFailed
		}
	}
	var b bytes.Buffer
	if err := WriteSummary(&b, r.report(t)); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, want := range []string{
		"**2 of 24 loads did not complete** (failed objects ×2). An incomplete load has no load time",
		"| 20ms | 56kbps | all 2 runs incomplete: failed objects | **1343.0 (1340.3–1345.7)** |",
		"Incomplete, so without a load time: `serial` did not complete 2 of 2 runs (run 0: failed objects: 1 of 6 objects failed (first: o3: never answered)).",
		"stalled 7500.0 ms (dumb-proxy hang)", // one 15 s stall over two runs
		"retransmitted 2 segments",
		"lost 1460 received bytes to a reset",
		"failed to load 1 object",
		"Trouble: `serial`",
		"Counts are means over the 2 runs.",
		"accepted 0.5 truncated objects",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q\n%s", want, s)
		}
	}
}

func TestSummarySinglePoint(t *testing.T) {
	r := &fixture{Scenario: "one", Strategies: []string{"serial", "browser"}}
	r.Rows = append(r.Rows,
		Row{Strategy: "serial", Result: fake{objects: 5, perObj: true, rtt: 50 * time.Millisecond, transfer: 10 * time.Millisecond}.result()},
		Row{Strategy: "browser", Result: fake{objects: 5, conns: 6, rtt: 50 * time.Millisecond, transfer: 10 * time.Millisecond}.result()})
	var b bytes.Buffer
	if err := WriteSummary(&b, r.report(t)); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, want := range []string{
		"| strategy | load time (ms) | connections | at once |",
		"| **browser** (best) | 220.0 | 4 | 4 |",
		"| serial | 550.0 | 5 | 1 |",
		"`browser` loads the page fastest, in 220.0 ms, 2.5× faster than the slowest, `serial` (550.0 ms)",
		"Parallel connections helped",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q\n%s", want, s)
		}
	}
}

func TestPeakConns(t *testing.T) {
	c := func(open, close time.Duration, end model.EndReason) model.ConnResult {
		return model.ConnResult{Opened: open, Closed: close, End: end}
	}
	for _, tc := range []struct {
		name  string
		conns []model.ConnResult
		want  int
	}{
		{"none", nil, 0},
		{"back to back", []model.ConnResult{c(0, 10, model.EndServerClosed), c(10, 20, model.EndServerClosed)}, 1},
		{"overlap", []model.ConnResult{c(0, 10, model.EndServerClosed), c(5, 20, model.EndReset), c(6, 0, model.EndOpen)}, 3},
		{"refused does not count", []model.ConnResult{c(0, 10, model.EndServerClosed), c(1, 2, model.EndRefused)}, 1},
	} {
		if got := peakConns(&model.Result{Conns: tc.conns}); got != tc.want {
			t.Errorf("%s: peakConns = %d, want %d", tc.name, got, tc.want)
		}
	}
}

func TestNumericValues(t *testing.T) {
	for _, c := range []struct {
		in   []string
		want []float64
	}{
		{[]string{"20ms", "100ms", "1.5s"}, []float64{20e6, 100e6, 1.5e9}},
		{[]string{"56kbps", "1.5Mbps", "10Mbps"}, []float64{56e3, 1.5e6, 10e6}},
		{[]string{"10KB", "1KiB"}, []float64{10000, 1024}},
		{[]string{"1", "4", "10"}, []float64{1, 4, 10}},
		{[]string{"0%", "1%", "5%"}, []float64{0, 1, 5}},
		{[]string{"dumb", "smart"}, nil},
		{[]string{"true", "false"}, nil},
		{[]string{"20ms", "1Mbps"}, nil},
		{[]string{"dsl", "3g"}, nil},
	} {
		got, ok := numericValues(c.in)
		if ok != (c.want != nil) || (ok && !reflect.DeepEqual(got, c.want)) {
			t.Errorf("numericValues(%q) = %v, %v; want %v", c.in, got, ok, c.want)
		}
	}
}

func TestLogWorthyAndTicks(t *testing.T) {
	if !logWorthy([]float64{20, 300}) || logWorthy([]float64{1, 10}) || logWorthy([]float64{0, 100}) || logWorthy(nil) {
		t.Error("logWorthy: wrong decision")
	}
	var labels []string
	for _, tk := range (ticks125{}).Ticks(80, 1200) {
		if tk.Label != "" {
			labels = append(labels, tk.Label)
		}
	}
	if want := []string{"100", "200", "500", "1000"}; !reflect.DeepEqual(labels, want) {
		t.Errorf("ticks125 labels = %v, want %v", labels, want)
	}
	if ts := (ticks125{}).Ticks(0, 10); ts != nil {
		t.Errorf("ticks125 on a non-positive range = %v, want none", ts)
	}
}

func TestSpans(t *testing.T) {
	ms := time.Millisecond
	o := model.ObjectResult{Ready: 0, DNSStart: 5 * ms, ConnectStart: 35 * ms, TCPDone: 85 * ms, TLSDone: 135 * ms,
		RequestSent: 140 * ms, FirstByte: 190 * ms, LastByte: 300 * ms}
	got := spans(o)
	want := [][3]time.Duration{{0, 0, 5 * ms}, {1, 5 * ms, 35 * ms}, {2, 35 * ms, 85 * ms}, {3, 85 * ms, 135 * ms},
		{0, 135 * ms, 140 * ms}, {4, 140 * ms, 190 * ms}, {5, 190 * ms, 300 * ms}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("spans = %v, want %v", got, want)
	}
	// A reused connection: no DNS, TCP or TLS; out-of-order zeros clamp.
	o = model.ObjectResult{Ready: 100 * ms, RequestSent: 120 * ms, FirstByte: 170 * ms, LastByte: 171 * ms}
	got = spans(o)
	want = [][3]time.Duration{{0, 100 * ms, 120 * ms}, {4, 120 * ms, 170 * ms}, {5, 170 * ms, 171 * ms}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("reused spans = %v, want %v", got, want)
	}
}

// renderPNG renders c and checks that it decodes at the chart's size.
func renderPNG(t *testing.T, c Chart) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := c.Render(&b, "png"); err != nil {
		t.Fatalf("%s: %v", c.Name, err)
	}
	img, err := png.Decode(bytes.NewReader(b.Bytes()))
	if err != nil {
		t.Fatalf("%s: PNG does not decode: %v", c.Name, err)
	}
	wantW, wantH := int(math.Ceil(c.Width.Dots(96))), int(math.Ceil(c.Height.Dots(96)))
	if got := img.Bounds().Size(); got.X != wantW || got.Y != wantH {
		t.Errorf("%s: PNG is %v, want %dx%d", c.Name, got, wantW, wantH)
	}
	return b.Bytes()
}

func chartNames(cs []Chart) []string {
	var out []string
	for _, c := range cs {
		out = append(out, c.Name)
	}
	return out
}

func TestChartsSweep(t *testing.T) {
	f := fullReport()
	// serial's run 0 at the first point is incomplete, so its charts
	// stand on run 1, the only complete one (the run closest to the
	// median); give it the traced window.
	f.Rows[1].Result.Cwnd = f.Rows[0].Result.Cwnd
	cs, err := Charts(f.report(t))
	if err != nil {
		t.Fatal(err)
	}
	if title := cs[6].Plot.Title.Text; !strings.Contains(title, "run 1 of 2, the closest to the median load time") {
		t.Errorf("serial's waterfall %q does not stand on run 1", title)
	}
	want := []string{
		"load-time", "load-time-box",
		"sweep-network.rtt@network.down=56kbps", "sweep-network.rtt@network.down=10Mbps",
		"sweep-network.down@network.rtt=20ms", "sweep-network.down@network.rtt=300ms",
		"waterfall-serial", "waterfall-pipelined", "waterfall-browser",
		"cwnd-serial", "load-time-cdf",
	}
	if got := chartNames(cs); !reflect.DeepEqual(got, want) {
		t.Fatalf("chart names = %q, want %q", got, want)
	}
	for _, c := range cs {
		if c.Plot.Title.Text == "" || c.Plot.X.Label.Text == "" || c.Plot.Y.Label.Text == "" {
			t.Errorf("%s: title or axis label missing", c.Name)
		}
		renderPNG(t, c)
	}
	// Axes: rtt 20ms→300ms spans more than a decade (log); the load-time
	// axis of the bars is linear from 0.
	if _, ok := cs[2].Plot.X.Scale.(interface{ Normalize(a, b, x float64) float64 }); !ok || cs[0].Plot.Y.Min != 0 {
		t.Errorf("unexpected axes")
	}
	if got := cs[2].Plot.X.Scale.Normalize(20e6, 300e6, math.Sqrt(20e6*300e6)); math.Abs(got-0.5) > 1e-9 {
		t.Errorf("sweep-network.rtt X axis is not logarithmic (geometric mean normalizes to %v)", got)
	}
}

func TestChartsDeterministic(t *testing.T) {
	render := func() [][]byte {
		cs, err := Charts(fullReport().report(t))
		if err != nil {
			t.Fatal(err)
		}
		var out [][]byte
		for _, c := range cs[:1] {
			out = append(out, renderPNG(t, c))
		}
		cs2, _ := Charts(fullReport().report(t))
		out = append(out, renderPNG(t, cs2[5]))
		return out
	}
	a, b := render(), render()
	for i := range a {
		if !bytes.Equal(a[i], b[i]) {
			t.Errorf("chart %d renders differently twice", i)
		}
	}
}

func TestChartsEdgeCases(t *testing.T) {
	big := fake{objects: 10000, conns: 6, rtt: 20 * time.Millisecond, transfer: time.Millisecond}.result()
	for _, c := range []struct {
		name  string
		r     *fixture
		names []string
	}{
		{"zero load time, no objects", &fixture{Scenario: "empty", Rows: []Row{{Strategy: "serial", Result: &model.Result{}}}},
			[]string{"load-time", "waterfall-serial"}},
		{"10 000 objects", &fixture{Scenario: "big", Rows: []Row{{Strategy: "browser", Result: big}}},
			[]string{"load-time", "waterfall-browser"}},
		{"categorical sweep, odd names", &fixture{Scenario: "proxy", Params: []string{"proxy.kind"}, Rows: []Row{
			{Point: []string{"none"}, Strategy: "my strategy/1", Result: fake{objects: 3, conns: 1, rtt: time.Millisecond}.result()},
			{Point: []string{"dumb"}, Strategy: "my strategy/1", Result: fake{objects: 3, conns: 1, rtt: time.Millisecond}.result()},
			{Point: []string{"none"}, Strategy: "my strategy:1", Result: fake{objects: 3, conns: 1, rtt: time.Millisecond, cwnd: true}.result()},
			{Point: []string{"dumb"}, Strategy: "my strategy:1", Result: fake{objects: 3, conns: 1, rtt: time.Millisecond}.result()},
		}}, []string{"load-time", "sweep-proxy.kind", "waterfall-my_strategy_1", "waterfall-my_strategy_1-2", "cwnd-my_strategy_1"}},
		{"one value swept", &fixture{Scenario: "one", Params: []string{"tcp.initcwnd"}, Rows: []Row{
			{Point: []string{"10"}, Strategy: "a", Result: fake{objects: 2, conns: 1, rtt: time.Millisecond}.result()}}},
			[]string{"load-time", "waterfall-a"}},
	} {
		cs, err := Charts(c.r.report(t))
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if got := chartNames(cs); !reflect.DeepEqual(got, c.names) {
			t.Errorf("%s: charts %q, want %q", c.name, got, c.names)
		}
		for _, ch := range cs {
			renderPNG(t, ch)
		}
		if c.name == "10 000 objects" {
			if h := cs[1].Height; h > 64*vg.Inch {
				t.Errorf("waterfall of 10 000 objects is %v tall; rows should be thinner", h)
			}
			if !strings.Contains(cs[1].Plot.Title.Text, "10000 objects, every one drawn") {
				t.Errorf("waterfall title %q does not say its rows are thinned", cs[1].Plot.Title.Text)
			}
		}
	}
}

func TestSweepMarksFailures(t *testing.T) {
	r := sweepReport()
	for _, row := range r.Rows {
		if row.Point[1] == "56kbps" && row.Strategy == "serial" {
			row.Result.Failed, row.Result.LoadTime = 3, 0
			row.Result.Complete, row.Result.Incomplete = false, model.IncompleteFailed
		}
	}
	cs, err := Charts(r.report(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		marked := strings.Contains(c.Plot.Title.Text, "× marks")
		want := c.Name == "sweep-network.rtt@network.down=56kbps" || strings.HasPrefix(c.Name, "sweep-network.down@")
		if marked != want {
			t.Errorf("%s: failure marks = %v, want %v (title %q)", c.Name, marked, want, c.Plot.Title.Text)
		}
		if strings.HasPrefix(c.Name, "sweep-") && c.Plot.Y.Min <= 0 && c.Plot.Y.Scale.Normalize(1, 10, 5) != 4.0/9 {
			t.Errorf("%s: log axis reaches %v", c.Name, c.Plot.Y.Min)
		}
		renderPNG(t, c)
	}
}

func TestManyPointsLoadChart(t *testing.T) {
	r := &fixture{Scenario: "wide", Params: []string{"network.rtt"}}
	for i := 1; i <= 30; i++ {
		for _, s := range []string{"a", "b", "c"} {
			r.Rows = append(r.Rows, Row{Point: []string{time.Duration(i * int(time.Millisecond)).String()}, Strategy: s,
				Result: &model.Result{Complete: true, LoadTime: time.Duration(i) * time.Second}})
		}
	}
	cs, err := Charts(r.report(t))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(cs[0].Plot.Title.Text, "at network.rtt=1ms") {
		t.Errorf("90 bars: load-time title %q should say it shows the first point only", cs[0].Plot.Title.Text)
	}
	if cs[1].Name != "sweep-network.rtt" {
		t.Errorf("second chart %q, want sweep-network.rtt", cs[1].Name)
	}
}

func TestFocusRun(t *testing.T) {
	first := []string{"20ms", "56kbps"}
	if !FocusRun([]string{"20ms", "56kbps"}, first, 0) || FocusRun(first, first, 1) || FocusRun([]string{"20ms", "1Mbps"}, first, 0) {
		t.Error("FocusRun: wrong decision")
	}
	if !FocusRun(nil, nil, 0) {
		t.Error("FocusRun: with no sweep, run 0 is the focus")
	}
}

func TestFormatTable(t *testing.T) {
	got := formatTable([][]string{{"point", "strategy", "load_ms"}, {"56kbps", "serial", "1234.5"}, {"1Mbps", "browser", "9.0"}}, 2)
	want := "point   strategy  load_ms\n56kbps  serial     1234.5\n1Mbps   browser       9.0\n"
	if got != want {
		t.Errorf("formatTable:\n%s\nwant:\n%s", got, want)
	}
}

func TestSummaryStallCaveat(t *testing.T) {
	single := fake{objects: 3, conns: 1, rtt: 50 * time.Millisecond, transfer: 10 * time.Millisecond}.result()
	par := fake{objects: 3, conns: 6, rtt: 50 * time.Millisecond, transfer: 10 * time.Millisecond}.result()
	single.Stalls = []model.Stall{{Object: 1, Conn: 0, From: 0, To: 5 * time.Second, Cause: "dumb-proxy hang"}}
	single.LoadTime = 5300 * time.Millisecond
	r := &fixture{Scenario: "stall", Rows: []Row{{Strategy: "keepalive", Result: single}, {Strategy: "browser", Result: par}}}
	var b bytes.Buffer
	if err := WriteSummary(&b, r.report(t)); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"Parallel connections helped",
		"Stalls weigh more than parallelism here: `keepalive` spent 5000.0 ms of its 5300.0 ms stalled.",
		"`keepalive` stalled 5000.0 ms (dumb-proxy hang)",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q\n%s", want, b.String())
		}
	}
}

// TestJSONRoundTripSimulated: the model's own results — new and reused
// connections, DNS waits, TLS, lost and retried requests, failed objects
// — read back from results.json exactly as they were, nulls included.
func TestJSONRoundTripSimulated(t *testing.T) {
	page := model.Page{Objects: []model.Object{{ID: "html", Scheme: "https", Host: "a.com", Path: "/", Size: 20 * model.KB, Parent: -1}}}
	for i := 1; i <= 8; i++ {
		page.Objects = append(page.Objects, model.Object{ID: fmt.Sprintf("o%d", i), Host: []string{"a.com", "cdn.com"}[i%2],
			Path: fmt.Sprintf("/%d", i), Size: 30 * model.KB, Parent: 0})
	}
	r := &fixture{Scenario: "simulated"}
	for _, name := range []string{"serial", "persistent", "browser", "pipelined"} {
		for _, loss := range []float64{0, 0.05, 1} {
			st, _ := model.StrategyByName(name)
			cfg := model.Config{Network: model.DefaultNetwork(), TCP: model.DefaultTCP(), Client: model.DefaultClient(),
				Server: model.DefaultServer(), Strategy: st, Page: page, Seed: 3}
			cfg.Network.Loss = loss
			cfg.Server.KeepAliveMax = 3 // pipelined requests beyond it are lost and retried
			cfg.Hosts = map[string]model.Host{
				"a.com":   {DNS: 30 * time.Millisecond, TLS: model.TLS13, CertSize: 4 * model.KB},
				"cdn.com": {DNS: 50 * time.Millisecond, TLS: model.TLSNone, CertSize: 4 * model.KB},
			}
			res, err := model.Simulate(cfg)
			if err != nil {
				t.Fatal(err)
			}
			r.Rows = append(r.Rows, Row{Strategy: fmt.Sprintf("%s-%g", name, loss), Result: res})
		}
	}
	jr, err := NewJSONReader(bytes.NewReader(r.json(t)))
	if err != nil {
		t.Fatal(err)
	}
	var kinds [4]int // failed, DNS waits, reused, retried
	for i, row := range r.Rows {
		want := *row.Result
		for _, o := range want.Objects {
			kinds[0] += b2i(o.Failed)
			kinds[1] += b2i(o.Has.Includes(model.HasDNS))
			kinds[2] += b2i(o.Reused)
			kinds[3] += b2i(o.Retries > 0)
		}
		got, err := jr.Next()
		if err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
		for k := range want.Objects {
			if g, w := got.Result.Objects[k], want.Objects[k]; !reflect.DeepEqual(g, w) {
				t.Errorf("%s: object %d read back as\n%+v\nwant\n%+v", row.Strategy, k, g, w)
			}
		}
	}
	for i, n := range kinds {
		if n == 0 {
			t.Errorf("no object of kind %d (failed, DNS wait, reused, retried): the test covers less than it says", i)
		}
	}
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

// TestWaterfallReceiveSpans: an object whose receive spans are known has
// its receive phase in light blue with a blue bar per span on top; one
// without keeps its solid receive bar; an HTTP/2 connection is named in
// the row labels.
func TestWaterfallReceiveSpans(t *testing.T) {
	r := fullReport()
	res := r.Rows[0].Result
	with, without := res.Objects[1], res.Objects[0]
	present := make([]bool, len(phases))
	bars := objectBars(nil, with, 0, 1, present)
	blue, light := 0, 0
	for _, b := range bars {
		switch b.fill {
		case phases[phaseReceive].color:
			blue++
		case phases[phaseReceiveGap].color:
			light++
		}
	}
	if blue != len(with.Receive) || light != 1 || !present[phaseReceiveGap] {
		t.Errorf("object with %d spans: %d blue bars, %d light ones; want one blue per span over one light", len(with.Receive), blue, light)
	}
	present = make([]bool, len(phases))
	objectBars(nil, without, 0, 1, present)
	if !present[phaseReceive] || present[phaseReceiveGap] {
		t.Errorf("object without spans: phases %v; want the plain receive bar", present)
	}
	res.Conns[with.Conn].Protocol = "h2"
	if l := rowLabel(1, with, res.Conns); !strings.Contains(l, " h2") {
		t.Errorf("label %q of an object on an HTTP/2 connection does not say h2", l)
	}
	c, err := waterfallChart(r.report(t), r.Rows[0])
	if err != nil {
		t.Fatal(err)
	}
	renderPNG(t, c)
}

// TestSummarySignificance: with 8 runs a side, a strategy is best only
// when it is significantly faster than every other; one whose runs
// overlap the fastest's ties with it, and the summary says so.
func TestSummarySignificance(t *testing.T) {
	f := &fixture{Scenario: "mc", Params: []string{"network.rtt"}, Strategies: []string{"a", "b", "c"}}
	for _, pt := range []string{"clear", "overlap"} {
		for _, st := range []string{"a", "b", "c"} {
			for run := 0; run < 8; run++ {
				base := map[string]float64{"a": 100, "b": 200, "c": 300}[st]
				if pt == "overlap" && st == "c" {
					base = 100.5 // interleaved with a
				}
				lt := time.Duration((base + float64(run)) * float64(time.Millisecond))
				f.Rows = append(f.Rows, Row{Point: []string{pt}, Strategy: st, Run: run,
					Result: &model.Result{Complete: true, LoadTime: lt, Connections: 1}})
			}
		}
	}
	var b bytes.Buffer
	if err := WriteSummary(&b, f.report(t)); err != nil {
		t.Fatal(err)
	}
	s := b.String()
	for _, want := range []string{
		"| clear | **103.5 (100.3–106.7)** | 203.5 (200.3–206.7) | 303.5 (300.4–306.6) | a |",
		"| overlap | **103.5 (100.3–106.7)** | 203.5 (200.3–206.7) | **104.0 (100.8–107.2)** | tie: a, c |",
		"`a` loads the page fastest, in a median of 103.5 ms over 8 runs, significantly faster than every other strategy (Mann–Whitney U test, α = 0.05; the runner-up, `b`, has a median of 203.5 ms, p = 0.00016)",
		"No strategy is significantly fastest here: `a`, the fastest with a median of 103.5 ms over 8 runs, ties with `c` (104.0 ms, p = 0.72)", // exact: 9278 of the 12870 ways to split 16 values are as extreme
		"| clear | a | 8 | 103.5 | 100.0–107.0 | 103.5 | 101.5–105.5 | 100.3 | 106.7 | fastest, best |",
		"| overlap | b | 8 | 203.5 | 200.0–207.0 | 203.5 | 201.5–205.5 | 200.3 | 206.7 | +96.6%, significant (p = 0.00016) |",
		"Best strategy: `a` at 1 of 2 points. At 1 of 2 points the fastest was not significantly faster than the others: a tie.",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("summary lacks %q\n%s", want, s)
		}
	}
	if strings.Contains(s, "With 8 runs") {
		t.Errorf("summary warns about too few runs with 8")
	}
}
