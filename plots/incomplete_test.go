package plots

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"pagesim/model"
)

// lostLoad is what 100 % loss gives: the SYN is retried until the client
// gives up after 127 s, no object arrives, and LoadTime is 0 — which was
// reported as a load time of 0.0 ms and ranked best.
func lostLoad() *model.Result {
	return &model.Result{
		Incomplete: model.IncompleteFailed, IncompleteDetail: "2 of 2 objects failed (first: html: TCP timeout)",
		Objects: []model.ObjectResult{
			{ID: "html", Host: "a.example", Parent: -1, Conn: -1, Failed: true, FailReason: "TCP timeout"},
			{ID: "img", Host: "a.example", Parent: 0, Conn: -1, Failed: true, FailReason: "parent failed"},
		},
		Conns:       []model.ConnResult{{ID: 0, Host: "a.example", Opened: 0, Closed: 127 * time.Second, End: "TCP timeout"}},
		Connections: 1, Retransmits: 6, Failed: 2,
	}
}

func completeLoad(ms int) *model.Result {
	r := fake{objects: 2, conns: 1, rtt: time.Duration(ms) * time.Millisecond / 3}.result()
	return r
}

// TestIncompleteLoadsInReport: a load that did not complete has no load
// time anywhere in the report, is never ranked, and the report says what
// failed and why; with several runs, only the complete ones are averaged.
func TestIncompleteLoadsInReport(t *testing.T) {
	tests := []struct {
		name    string
		rows    []Row
		summary []string // substrings of summary.md
		best    int      // index of the best strategy at the only point, -1 none
	}{
		{"100% loss is never best", []Row{
			{Strategy: "browser", Result: completeLoad(300)},
			{Strategy: "lossy", Result: lostLoad()},
		}, []string{
			"**1 of 2 loads did not complete** (failed objects ×1)",
			"| **browser** (best) |",
			"| lossy | incomplete: failed objects |",
			"Incomplete, so without a load time: `lossy` did not complete (failed objects: 2 of 2 objects failed (first: html: TCP timeout)).",
		}, 0},
		{"nothing complete", []Row{
			{Strategy: "a", Result: lostLoad()},
			{Strategy: "b", Result: func() *model.Result {
				r := completeLoad(100)
				r.Complete, r.Incomplete, r.IncompleteDetail = false, model.IncompleteHorizon, "the horizon of 1h0m0s was reached with 1 of 2 objects unfinished"
				return r
			}()},
		}, []string{
			"No strategy completed every run here, so none is ranked.",
			"| b | incomplete: horizon |",
			"`b` did not complete (horizon: the horizon of 1h0m0s was reached with 1 of 2 objects unfinished)",
		}, -1},
		{"Monte Carlo with an incomplete run", []Row{
			{Strategy: "mc", Run: 0, Result: completeLoad(300)},
			{Strategy: "mc", Run: 1, Result: lostLoad()},
			{Strategy: "mc", Run: 2, Result: completeLoad(600)},
			{Strategy: "ok", Run: 0, Result: completeLoad(900)},
			{Strategy: "ok", Run: 1, Result: completeLoad(900)},
			{Strategy: "ok", Run: 2, Result: completeLoad(900)},
		}, []string{
			" ⚠ 1 of 3 runs incomplete: failed objects |",
			"`mc` did not complete 1 of 3 runs (run 1: failed objects: ",
			"| **ok** (best) |",
		}, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := (&fixture{Scenario: "inc", Rows: tc.rows}).report(t)
			var b bytes.Buffer
			if err := WriteSummary(&b, r); err != nil {
				t.Fatal(err)
			}
			for _, want := range tc.summary {
				if !strings.Contains(b.String(), want) {
					t.Errorf("summary lacks %q\n%s", want, b.String())
				}
			}
			g := newGrid(r)
			if got := g.best(0); got != tc.best {
				t.Errorf("best = %d, want %d", got, tc.best)
			}
			for s := range g.strategies {
				c := g.cells[0][s]
				if m := c.meanMs(); c.anyComplete() == math.IsNaN(m) {
					t.Errorf("%s: mean %v with %d of %d runs incomplete", g.strategies[s], m, c.incomplete(), c.n)
				}
			}
			charts, err := Charts(r)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range charts {
				renderPNG(t, c)
			}
		})
	}
}

// TestMonteCarloMeanOfComplete: the mean and range are those of the runs
// that completed; the incomplete run's 0 ms does not pull them down.
func TestMonteCarloMeanOfComplete(t *testing.T) {
	rows := []Row{{Strategy: "s", Result: completeLoad(300)}, {Strategy: "s", Run: 1, Result: lostLoad()}, {Strategy: "s", Run: 2, Result: completeLoad(600)}}
	c := (&fixture{Rows: rows}).report(t).cells[0][0]
	a, b := ms(rows[0].Result.LoadTime), ms(rows[2].Result.LoadTime)
	lo, hi := c.minMaxMs()
	if c.meanMs() != (a+b)/2 || lo != math.Min(a, b) || hi != math.Max(a, b) || c.incomplete() != 1 {
		t.Errorf("mean %v, range %v–%v, %d incomplete; want %v, %v–%v, 1", c.meanMs(), lo, hi, c.incomplete(), (a+b)/2, math.Min(a, b), math.Max(a, b))
	}
	if want := []int32{0, 2}; !reflect.DeepEqual(c.loadRuns, want) {
		t.Errorf("runs of the load times %v, want %v", c.loadRuns, want)
	}
}

// TestChartsOfIncompleteLoads: the waterfall's axis covers the 127 s of
// SYN retries (it covered 1 ms), its title says the load is incomplete and
// why instead of giving a load time, and the load-time chart draws no bar
// for a strategy with no complete run.
func TestChartsOfIncompleteLoads(t *testing.T) {
	r := &fixture{Scenario: "loss", Rows: []Row{{Strategy: "browser", Result: completeLoad(300)}, {Strategy: "lossy", Result: lostLoad()}}}
	charts, err := Charts(r.report(t))
	if err != nil {
		t.Fatal(err)
	}
	var wf, lt *Chart
	for i := range charts {
		switch charts[i].Name {
		case "waterfall-lossy":
			wf = &charts[i]
		case "load-time":
			lt = &charts[i]
		}
	}
	if wf == nil || lt == nil {
		t.Fatalf("charts %q", chartNames(charts))
	}
	if wf.Plot.X.Max < 127000 {
		t.Errorf("waterfall axis ends at %.0f ms; the connection was tried for 127000 ms", wf.Plot.X.Max)
	}
	if title := wf.Plot.Title.Text; !strings.Contains(title, "INCOMPLETE (failed objects)") || !strings.Contains(title, "2 of 2 objects failed") || strings.Contains(title, "load 0.0 ms") {
		t.Errorf("waterfall title %q", title)
	}
	if !strings.Contains(lt.Plot.Title.Text, "incomplete loads have no load time") {
		t.Errorf("load-time title %q does not explain the missing bar", lt.Plot.Title.Text)
	}
	if want := ms(r.Rows[0].Result.LoadTime) * 1.12; math.Abs(lt.Plot.Y.Max-want) > 1e-9 {
		t.Errorf("load-time axis up to %v, want %v: scaled to the one complete bar", lt.Plot.Y.Max, want)
	}
}

// TestReadJSONFormat1: a report written before incomplete loads were
// marked reads back with the loads that lost objects as incomplete.
func TestReadJSONFormat1(t *testing.T) {
	doc := `{"format":"pagesim-results/1","scenario":"old","params":[],"strategies":["a","b"],"rows":[
{"point":{},"strategy":"a","run":0,"load_time_ms":12.5,"failed":0,"objects":[],"conns":[]},
{"point":{},"strategy":"b","run":0,"load_time_ms":3,"failed":2,"objects":[],"conns":[]}]}`
	_, rows := readRows(t, []byte(doc))
	a, b := rows[0].Result, rows[1].Result
	if !a.Complete || a.LoadTime != 12500*time.Microsecond || b.Complete || b.Incomplete != model.IncompleteFailed {
		t.Errorf("a: complete %v %v; b: complete %v %q", a.Complete, a.LoadTime, b.Complete, b.Incomplete)
	}
}

// TestReadJSONFormat2: format 2 wrote every time as a number; what an
// object had is inferred — a completed object every instant and the
// phases that take time, a failed one the instants that are not zero —
// and what it did not have takes the times the model gives it.
func TestReadJSONFormat2(t *testing.T) {
	doc := `{"format":"pagesim-results/2","scenario":"old","params":[],"strategies":["a"],"rows":[
{"point":{},"strategy":"a","run":0,"load_time_ms":null,"complete":false,"incomplete":"failed objects","failed":1,"objects":[
{"id":"html","url":"example.com/","parent":-1,"conn":0,"ready_ms":0,"dns_start_ms":0,"connect_start_ms":20,"tcp_done_ms":120,"tls_done_ms":120,"request_sent_ms":120,"first_byte_ms":220,"last_byte_ms":230,"first_attempt_ms":120},
{"id":"a","url":"example.com/a","parent":0,"conn":0,"reused":true,"ready_ms":230,"dns_start_ms":230,"connect_start_ms":230,"tcp_done_ms":230,"tls_done_ms":230,"request_sent_ms":230,"first_byte_ms":330,"last_byte_ms":340,"first_attempt_ms":230},
{"id":"b","url":"example.com/b","parent":0,"conn":-1,"failed":true,"fail_reason":"x","ready_ms":230,"dns_start_ms":0,"connect_start_ms":0,"tcp_done_ms":0,"tls_done_ms":0,"request_sent_ms":0,"first_byte_ms":0,"last_byte_ms":0,"first_attempt_ms":0}],"conns":[]}]}`
	jr, err := NewJSONReader(strings.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	row, err := jr.Next()
	if err != nil {
		t.Fatal(err)
	}
	objs := row.Result.Objects
	all := model.HasReady | model.HasRequest | model.HasFirstByte | model.HasLastByte
	for i, want := range []model.Timing{all | model.HasDNS | model.HasConnect, all, model.HasReady} {
		if objs[i].Has != want {
			t.Errorf("%s: timing %b, want %b", objs[i].ID, objs[i].Has, want)
		}
	}
	if objs[0].URL != "example.com/" {
		t.Errorf("url %q changed on reading", objs[0].URL)
	}
	f := &fixture{Scenario: "old", Strategies: []string{"a"}, Rows: []Row{row}}
	if s := string(f.json(t)); !strings.Contains(s, `"id":"b",`) || !strings.Contains(s, `"ready_ms":230,"dns_start_ms":null,"connect_start_ms":null,"tcp_done_ms":null,"tls_done_ms":null,"request_sent_ms":null,"first_byte_ms":null,"last_byte_ms":null,"first_attempt_ms":null,"failed_ms":0}`) {
		t.Errorf("the failed object written again in format 3 is not null where it had nothing:\n%s", s)
	}
}
