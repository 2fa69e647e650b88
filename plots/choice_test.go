package plots

import (
	"strings"
	"testing"
	"time"

	"pagesim/model"
)

// TestChartRunsAndKeep: the charts stand on the first point's first run of
// each strategy, which the report keeps as it is added; Keep takes only a
// result that agrees with the row of that run.
func TestChartRunsAndKeep(t *testing.T) {
	f := sweepReport()
	r := f.report(t)
	crs := r.ChartRuns()
	if len(crs) != 3 {
		t.Fatalf("%d chart runs, want one per strategy: %+v", len(crs), crs)
	}
	for i, cr := range crs {
		if cr.Strategy != f.Strategies[i] || cr.Run != 0 || strings.Join(cr.Point, ",") != "20ms,56kbps" || !cr.Kept {
			t.Errorf("chart run %d = %+v, want %s at 20ms,56kbps run 0, kept", i, cr, f.Strategies[i])
		}
	}
	if len(r.kept) != 3 {
		t.Errorf("%d results kept, want only the 3 charted ones of %d rows", len(r.kept), r.Len())
	}
	same := *f.Rows[0].Result // serial, 20ms, 56kbps, run 0
	other := same
	other.LoadTime += time.Nanosecond
	inc := same
	inc.Complete = false
	for _, c := range []struct {
		name string
		cr   ChartRun
		res  *model.Result
		want string
	}{
		{"the same run", crs[0], &same, ""},
		{"no result", crs[0], nil, "no result"},
		{"another load time", crs[0], &other, "not the same run"},
		{"incomplete instead", crs[0], &inc, "not the same run"},
		{"not charted", ChartRun{Point: crs[0].Point, Strategy: "serial", Run: 1}, &same, "not one the charts stand on"},
		{"unknown strategy", ChartRun{Point: crs[0].Point, Strategy: "nope"}, &same, "no runs of strategy"},
		{"unknown point", ChartRun{Point: []string{"1ms", "1bps"}, Strategy: "serial"}, &same, "no runs of strategy"},
	} {
		err := r.Keep(c.cr, c.res)
		if (c.want == "") != (err == nil) || err != nil && !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: Keep: %v, want %q", c.name, err, c.want)
		}
	}
	// A run the report did not keep cannot be charted.
	delete(r.kept, keptKey{0, 1, 0})
	if crs := r.ChartRuns(); crs[1].Kept {
		t.Error("ChartRuns says a dropped result is kept")
	}
	if _, err := Charts(r); err == nil || !strings.Contains(err.Error(), "was not kept") {
		t.Errorf("Charts without a charted result: %v", err)
	}
	if err := r.Keep(crs[1], f.Rows[2].Result); err != nil {
		t.Fatal(err)
	}
	if _, err := Charts(r); err != nil {
		t.Errorf("Charts after Keep: %v", err)
	}
}

// TestChartPoints: the charts stand on the first point by default, on
// every point with All, on the matching points with Match; SetChartPoints
// refuses to come after rows, or to name a parameter not swept.
func TestChartPoints(t *testing.T) {
	f := sweepReport() // 20ms|300ms × 56kbps|10Mbps, 3 strategies, 2 runs
	points := func(cp *ChartPoints) []string {
		r, err := NewReport(f.Scenario, f.Params, f.Strategies)
		if err != nil {
			t.Fatal(err)
		}
		if cp != nil {
			if err := r.SetChartPoints(*cp); err != nil {
				t.Fatal(err)
			}
		}
		for _, row := range f.Rows {
			if err := r.Add(row); err != nil {
				t.Fatal(err)
			}
		}
		var out []string
		for _, cr := range r.ChartRuns() {
			if cr.Strategy == "browser" {
				out = append(out, strings.Join(cr.Point, "/"))
			}
		}
		return out
	}
	for _, c := range []struct {
		name string
		cp   *ChartPoints
		want string
	}{
		{"default", nil, "20ms/56kbps"},
		{"all", &ChartPoints{All: true}, "20ms/56kbps 20ms/10Mbps 300ms/56kbps 300ms/10Mbps"},
		{"one value", &ChartPoints{Match: map[string]string{"network.down": "10Mbps"}}, "20ms/10Mbps 300ms/10Mbps"},
		{"a point", &ChartPoints{Match: map[string]string{"network.down": "10Mbps", "network.rtt": "300ms"}}, "300ms/10Mbps"},
		{"no such value", &ChartPoints{Match: map[string]string{"network.rtt": "1ms"}}, ""},
	} {
		if got := strings.Join(points(c.cp), " "); got != c.want {
			t.Errorf("%s: browser charted at %q, want %q", c.name, got, c.want)
		}
	}
	r := f.report(t)
	if err := r.SetChartPoints(ChartPoints{All: true}); err == nil {
		t.Error("SetChartPoints after rows: no error")
	}
	r, _ = NewReport(f.Scenario, f.Params, f.Strategies)
	if err := r.SetChartPoints(ChartPoints{Match: map[string]string{"tcp.cc": "cubic"}}); err == nil || !strings.Contains(err.Error(), "not a swept parameter") {
		t.Errorf("SetChartPoints of an unswept parameter: %v", err)
	}
}

// TestMedianRun: the charts stand on the run closest to the median of the
// complete runs (the lower run on a tie), an incomplete run never; a cell
// with no complete run on its first run.
func TestMedianRun(t *testing.T) {
	for _, c := range []struct {
		name  string
		loads []float64 // ms, in run order; 0: incomplete
		want  int
	}{
		{"one run", []float64{42}, 0},
		{"odd", []float64{50, 10, 30, 20, 40}, 2},
		{"even: the lower of the two closest", []float64{10, 40, 20, 30}, 2}, // median 25: 20 (run 2) and 30 (run 3)
		{"skewed", []float64{100, 101, 102, 103, 5000}, 2},
		{"incomplete runs are not the median", []float64{0, 0, 300, 100, 200}, 4},
		{"none complete", []float64{0, 0}, 0},
	} {
		f := &fixture{Scenario: "m", Strategies: []string{"s"}}
		for run, l := range c.loads {
			res := &model.Result{Complete: l > 0, LoadTime: time.Duration(l * float64(time.Millisecond))}
			if l == 0 {
				res.Incomplete = model.IncompleteFailed
			}
			f.Rows = append(f.Rows, Row{Strategy: "s", Run: run, Result: res})
		}
		crs := f.report(t).ChartRuns()
		if len(crs) != 1 || crs[0].Run != c.want {
			t.Errorf("%s: chart runs %+v, want run %d", c.name, crs, c.want)
		}
	}
}

// TestChartNamesAtPoints: the first point's charts are named by strategy
// alone, another point's carry its values.
func TestChartNamesAtPoints(t *testing.T) {
	f := sweepReport()
	r, err := NewReport(f.Scenario, f.Params, f.Strategies)
	if err != nil {
		t.Fatal(err)
	}
	if err := r.SetChartPoints(ChartPoints{Match: map[string]string{"network.down": "56kbps"}}); err != nil {
		t.Fatal(err)
	}
	for _, row := range f.Rows {
		if err := r.Add(row); err != nil {
			t.Fatal(err)
		}
	}
	cs, err := Charts(r)
	if err != nil {
		t.Fatal(err)
	}
	names := strings.Join(chartNames(cs), " ")
	for _, want := range []string{"waterfall-serial waterfall-serial@300ms+56kbps waterfall-pipelined"} {
		if !strings.Contains(names, want) {
			t.Errorf("charts %s lack %s", names, want)
		}
	}
	for _, n := range chartNames(cs) {
		if strings.HasPrefix(n, "waterfall-") && strings.Contains(n, "10Mbps") {
			t.Errorf("chart %s is at a point not asked for", n)
		}
	}
}
