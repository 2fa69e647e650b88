package plots

import (
	"strings"
	"testing"
	"time"

	"pagesim/model"
)

// TestDistributionCharts: the box plot and the CDF appear only with
// several complete runs; the CDF names each strategy with its median and
// its incomplete runs, which never arrive (its line ends below 100 %).
func TestDistributionCharts(t *testing.T) {
	one := &fixture{Scenario: "one", Rows: []Row{{Strategy: "a", Result: &model.Result{Complete: true, LoadTime: time.Second}}}}
	cs, err := Charts(one.report(t))
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range chartNames(cs) {
		if strings.HasPrefix(n, "load-time-box") || strings.HasPrefix(n, "load-time-cdf") {
			t.Errorf("one run: chart %s", n)
		}
	}
	mc := &fixture{Scenario: "mc", Strategies: []string{"a", "b"}}
	for run := 0; run < 10; run++ {
		mc.Rows = append(mc.Rows, Row{Strategy: "a", Run: run, Result: &model.Result{Complete: true, LoadTime: time.Duration(100+run) * time.Millisecond}})
	}
	for run := 0; run < 10; run++ {
		res := &model.Result{Complete: run < 8, LoadTime: time.Duration(200+run) * time.Millisecond}
		if !res.Complete {
			res.Incomplete = model.IncompleteHorizon
		}
		mc.Rows = append(mc.Rows, Row{Strategy: "b", Run: run, Result: res})
	}
	r := mc.report(t)
	g := newGrid(r)
	box, ok, err := boxChart(r, g)
	if err != nil || !ok || !strings.Contains(box.Plot.Title.Text, "10 runs; box 25th–75th percentile") {
		t.Errorf("box chart: %v %v %q", ok, err, box.Plot.Title.Text)
	}
	renderPNG(t, box)
	cdf, ok, err := cdfChart(r, g, 0)
	if err != nil || !ok {
		t.Fatalf("cdf: %v %v", ok, err)
	}
	renderPNG(t, cdf)
	lines := cdfLines(g, 0)
	if len(lines) != 2 || lines[0].name != "a (median 104.5 ms)" || lines[1].name != "b (median 203.5 ms), 2 of 10 incomplete" {
		t.Fatalf("cdf lines %+v", lines)
	}
	if a, b := lines[0].xys[len(lines[0].xys)-1], lines[1].xys[len(lines[1].xys)-1]; a.Y != 100 || a.X != 109 || b.Y != 80 || b.X != 207 {
		t.Errorf("cdf ends at %v and %v, want 100 %% at 109 ms and 80 %% at 207 ms (2 runs never arrive)", a, b)
	}
}
