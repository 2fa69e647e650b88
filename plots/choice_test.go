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
