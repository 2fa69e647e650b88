package plots

import (
	"fmt"
	"slices"

	"pagesim/model"
)

// Which runs the charts stand on.
//
// A waterfall and a congestion-window chart draw one run per strategy.
// Rows stream through a Report and only the runs the charts use keep their
// full result, so the run is chosen in two steps:
//
//   - Ahead, while rows are added (keepAhead): a row that is likely to be
//     chosen keeps its result. Callers trace the congestion window of
//     exactly those runs as they simulate them (FocusRun says which).
//   - After, once every row is in (ChartRuns): the runs the charts use,
//     chosen from the aggregates. A chosen run whose result was not kept
//     ahead (ChartRun.Kept false) is simulated again by the caller with
//     Config.TraceCwnd set — a run is a deterministic function of its
//     scenario, seed and run number, so it yields the very same result —
//     and handed over with Keep before Charts is called.
//
// Which points: ChartPoints (pagesim run --charts), the first point by
// default, every point, or the points matching given values. Which run at
// each: the run whose load time is closest to the median of the complete
// runs (the lower run on a tie; with one run, run 0), so that a Monte
// Carlo study's waterfall shows a typical load, not whatever run 0 drew;
// with no complete run, the first. The median is known only once every
// run is in, so with several runs the chosen run is usually simulated
// again; ahead, each charted point keeps its first run.

// ChartPoints chooses the sweep points the waterfall and
// congestion-window charts are drawn at.
type ChartPoints struct {
	// All: every point.
	All bool
	// Match, when All is false: the points where each parameter named (by
	// its YAML path) has the value given, as written in the scenario. An
	// empty Match is the first point only — the scenario's first value of
	// every swept parameter, stable when a sweep is extended.
	Match map[string]string
}

// SetChartPoints sets the points the charts are drawn at. It must come
// before the first Add (the rows of those points keep their results as
// they are added), and every parameter Match names must be swept.
func (r *Report) SetChartPoints(cp ChartPoints) error {
	if r.rows > 0 {
		return fmt.Errorf("plots: report %q: SetChartPoints after rows were added", r.Scenario)
	}
	for k := range cp.Match {
		if !slices.Contains(r.Params, k) {
			return fmt.Errorf("plots: report %q: chart points: %q is not a swept parameter (swept: %v)", r.Scenario, k, r.Params)
		}
	}
	r.chartPoints = cp
	return nil
}

// Includes reports whether the charts are drawn at the point with the
// given values of params, the scenario's first point being first — what a
// caller needs to trace the congestion window of the right runs before
// any result is in (with FocusRun's run 0).
func (cp ChartPoints) Includes(params, point, first []string) bool {
	switch {
	case cp.All:
		return true
	case len(cp.Match) == 0:
		return slices.Equal(point, first)
	}
	for i, param := range params {
		if v, ok := cp.Match[param]; ok && point[i] != v {
			return false
		}
	}
	return true
}

// charted reports whether the charts are drawn at point p.
func (r *Report) charted(p int) bool {
	return r.chartPoints.Includes(r.Params, r.points[p], r.points[0])
}

// keepAhead reports whether the next row of cell c, at point p, keeps its
// result as it is added: the first run of a charted point.
func (r *Report) keepAhead(p int, c *cell) bool {
	return (c.n == 0 || r.keepCharted) && r.charted(p)
}

// pruneKept drops the kept results the charts do not stand on (after
// keepCharted kept every run of the charted points).
func (r *Report) pruneKept() {
	want := map[keptKey]bool{}
	for s := range r.Strategies {
		for _, cr := range r.chosen(s) {
			want[keptKey{cr.p, s, cr.run}] = true
		}
	}
	for k := range r.kept {
		if !want[k] {
			delete(r.kept, k)
		}
	}
}

// chartedRun is a run the charts stand on: its point index and run.
type chartedRun struct{ p, run int }

// chosen returns the runs the charts of strategy s stand on, one per
// charted point where s has runs, in point order.
func (r *Report) chosen(s int) []chartedRun {
	var out []chartedRun
	for p := range r.points {
		if c := r.cells[p][s]; !c.empty() && r.charted(p) {
			out = append(out, chartedRun{p, c.medianRun()})
		}
	}
	return out
}

// ChartRun names a run the charts stand on.
type ChartRun struct {
	// Point, Strategy and Run identify the run as its Row does.
	Point    []string
	Strategy string
	Run      int
	// Kept says the report already holds the run's full result. When
	// false, the caller simulates the run again (with Config.TraceCwnd)
	// and passes the result to Keep.
	Kept bool
}

// FocusRun reports whether the run of a strategy at the sweep point with
// the given values is one that the charts will stand on, as far as it can
// be known before any result: the first sweep point (every swept
// parameter at its first value, firstPoint) and run 0. Callers set
// Config.TraceCwnd for exactly these runs; ChartRuns, once every row is
// in, says which runs are used.
func FocusRun(point, firstPoint []string, run int) bool {
	return run == 0 && slices.Equal(point, firstPoint)
}

// ChartRuns returns the runs the waterfall and congestion-window charts
// stand on — per strategy in Strategies order, one per charted point
// (ChartPoints), the run closest to the median there — and whether the
// report holds each one's full result.
func (r *Report) ChartRuns() []ChartRun {
	var out []ChartRun
	for s, name := range r.Strategies {
		for _, cr := range r.chosen(s) {
			_, kept := r.kept[keptKey{cr.p, s, cr.run}]
			out = append(out, ChartRun{Point: r.points[cr.p], Strategy: name, Run: cr.run, Kept: kept})
		}
	}
	return out
}

// Keep gives the report the full result of a run that ChartRuns named,
// simulated again because it was not kept as it streamed. The result must
// agree with the row added for that run — the same completeness and load
// time; anything else means the run was not reproduced (a different
// configuration or seed) and is an error.
func (r *Report) Keep(cr ChartRun, res *model.Result) error {
	if res == nil {
		return fmt.Errorf("plots: report %q: Keep: no result", r.Scenario)
	}
	p, okP := r.pointIdx[pointKey(cr.Point)]
	s, okS := r.strategyIx[cr.Strategy]
	if !okP || !okS {
		return fmt.Errorf("plots: report %q: Keep: no runs of strategy %q at %s", r.Scenario, cr.Strategy, pointLabel(r.Params, cr.Point))
	}
	if !slices.Contains(r.chosen(s), chartedRun{p, cr.Run}) {
		return fmt.Errorf("plots: report %q: Keep: run %d of strategy %q at %s is not one the charts stand on (see ChartRuns)",
			r.Scenario, cr.Run, cr.Strategy, pointLabel(r.Params, cr.Point))
	}
	c := r.cells[p][s]
	i, found := slices.BinarySearch(c.loadRuns, int32(cr.Run))
	switch {
	case found && (!res.Complete || ms(res.LoadTime) != c.loads[i]):
		return fmt.Errorf("plots: report %q: Keep: run %d of strategy %q at %s loaded in %v ms, the result given %s: not the same run",
			r.Scenario, cr.Run, cr.Strategy, pointLabel(r.Params, cr.Point), c.loads[i], loadText(res))
	case !found && res.Complete:
		return fmt.Errorf("plots: report %q: Keep: run %d of strategy %q at %s did not complete, the result given did: not the same run",
			r.Scenario, cr.Run, cr.Strategy, pointLabel(r.Params, cr.Point))
	}
	r.kept[keptKey{p, s, cr.Run}] = &Row{Point: r.points[p], Strategy: cr.Strategy, Run: cr.Run, Result: res}
	return nil
}

func loadText(res *model.Result) string {
	if !res.Complete {
		return "did not complete"
	}
	return fmt.Sprintf("loaded in %v ms", ms(res.LoadTime))
}

// chartRows returns the rows the charts of strategy s stand on (none when
// s has no runs at a charted point), and an error when a result was
// neither kept nor given to Keep.
func (r *Report) chartRows(s int) ([]Row, error) {
	var out []Row
	for _, cr := range r.chosen(s) {
		row, kept := r.kept[keptKey{cr.p, s, cr.run}]
		if !kept {
			return nil, fmt.Errorf("plots: report %q: the charts stand on run %d of strategy %q at %s, whose result was not kept (simulate it again and pass it to Report.Keep; see ChartRuns)",
				r.Scenario, cr.run, r.Strategies[s], pointLabel(r.Params, r.points[cr.p]))
		}
		out = append(out, *row)
	}
	return out, nil
}

// runDetail says which run of its cell a charted row is, for a chart's
// title: "" for the only run; "run 3 of 10, the closest to the median
// load time"; "run 0 of 10 (none completed)".
func (r *Report) runDetail(row Row) string {
	p, okP := r.pointIdx[pointKey(row.Point)]
	s, okS := r.strategyIx[row.Strategy]
	if !okP || !okS {
		return ""
	}
	c := r.cells[p][s]
	switch {
	case c.n <= 1:
		if row.Run > 0 {
			return fmt.Sprintf("run %d", row.Run)
		}
		return ""
	case len(c.loads) == 0:
		return fmt.Sprintf("run %d of %d (none completed)", row.Run, c.n)
	}
	return fmt.Sprintf("run %d of %d, the closest to the median load time", row.Run, c.n)
}
