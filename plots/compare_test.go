package plots

import (
	"bytes"
	"math"
	"strings"
	"testing"
	"time"

	"pagesim/model"
)

// runs adds n runs of strategy s at point pt, the i-th loading in
// base+i ms (incomplete when base is 0).
func runs(f *fixture, pt []string, s string, n int, base float64) {
	for i := 0; i < n; i++ {
		res := &model.Result{Complete: base > 0, LoadTime: time.Duration((base + float64(i)) * float64(time.Millisecond))}
		if base == 0 {
			res.Incomplete = model.IncompleteHorizon
		}
		f.Rows = append(f.Rows, Row{Point: pt, Strategy: s, Run: i, Result: res})
	}
}

// TestCompare: rows matched by point and strategy (the parameters in
// either order), the change of the median, and the Mann–Whitney verdict —
// slower, faster, no difference, untested with one run — and the rows
// only one side has.
func TestCompare(t *testing.T) {
	old := &fixture{Scenario: "s", Params: []string{"network.rtt", "tcp.cc"}}
	cur := &fixture{Scenario: "s", Params: []string{"tcp.cc", "network.rtt"}}
	p, q := []string{"20ms", "reno"}, []string{"reno", "20ms"}
	runs(old, p, "slower", 8, 100)
	runs(cur, q, "slower", 8, 200)
	runs(old, p, "faster", 8, 300)
	runs(cur, q, "faster", 8, 150)
	runs(old, p, "same", 8, 100)
	runs(cur, q, "same", 8, 100.5)
	runs(old, p, "one run", 1, 100)
	runs(cur, q, "one run", 1, 110)
	runs(old, p, "gone", 2, 100)
	runs(cur, q, "broke", 3, 0)
	runs(old, p, "broke", 3, 100)
	runs(cur, q, "new", 1, 50)
	rows, err := Compare(old.report(t), cur.report(t))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]struct {
		change  float64
		verdict string
	}{
		"slower":  {100.0 / 103.5, "slower (p = 0.00016)"},
		"faster":  {(153.5 - 303.5) / 303.5, "faster (p = 0.00016)"},
		"same":    {0.5 / 103.5, "~ (p = 0.72)"},
		"one run": {0.1, "not tested (one run)"},
		"gone":    {math.NaN(), "only in old"},
		"broke":   {math.NaN(), "no complete run on one side"},
		"new":     {math.NaN(), "only in new"},
	}
	if len(rows) != len(want) {
		t.Fatalf("%d rows, want %d: %+v", len(rows), len(want), rows)
	}
	for _, r := range rows {
		w := want[r.Strategy]
		if strings.Join(r.Point, ",") != "20ms,reno" {
			t.Errorf("%s: point %v, want in old's order", r.Strategy, r.Point)
		}
		if !(math.IsNaN(w.change) && math.IsNaN(r.Change) || math.Abs(r.Change-w.change) < 1e-12) || r.verdict() != w.verdict {
			t.Errorf("%s: change %v %q, want %v %q", r.Strategy, r.Change, r.verdict(), w.change, w.verdict)
		}
	}
	var b bytes.Buffer
	if err := WriteCompare(&b, old.Params, rows, "before", "after"); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{"network.rtt  tcp.cc  strategy", "20ms         reno    slower", "+96.6%  slower (p = 0.00016)", "103.5 (100.3–106.7) ×8", "20ms         reno    new                            –                    50.0          only in new"} {
		if !strings.Contains(b.String(), line) {
			t.Errorf("table lacks %q:\n%s", line, b.String())
		}
	}
	c, err := CompareChart(old.Params, rows, "before", "after")
	if err != nil {
		t.Fatal(err)
	}
	renderPNG(t, c)
	other := &fixture{Scenario: "s", Params: []string{"network.down"}}
	runs(other, []string{"1Mbps"}, "a", 1, 10)
	if _, err := Compare(old.report(t), other.report(t)); err == nil || !strings.Contains(err.Error(), "different parameters (network.rtt, tcp.cc against network.down)") {
		t.Errorf("different parameters: %v", err)
	}
}
