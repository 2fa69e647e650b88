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
// Today both steps choose the first sweep point's lowest run (run 0 of a
// full study), so nothing is simulated twice. A choice made from the
// aggregates ("the run closest to the median") changes chosen, and
// keepAhead if it can still guess.

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

// keepAhead reports whether the next row of cell c, at point p, keeps its
// result as it is added.
func (r *Report) keepAhead(p int, c *cell) bool { return p == 0 && c.n == 0 }

// chosen returns the point and run the charts of strategy s stand on.
func (r *Report) chosen(s int) (p, run int, ok bool) {
	if len(r.points) == 0 || r.cells[0][s].empty() {
		return 0, 0, false
	}
	return 0, r.cells[0][s].firstRun, true
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
// stand on, one per strategy in Strategies order (see FocusRun), and
// whether the report holds each one's full result.
func (r *Report) ChartRuns() []ChartRun {
	var out []ChartRun
	for s, name := range r.Strategies {
		p, run, ok := r.chosen(s)
		if !ok {
			continue
		}
		_, kept := r.kept[keptKey{p, s, run}]
		out = append(out, ChartRun{Point: r.points[p], Strategy: name, Run: run, Kept: kept})
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
	if cp, run, ok := r.chosen(s); !ok || cp != p || run != cr.Run {
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

// chartRow returns the row the charts of strategy s stand on, ok false
// when s has no runs at the chosen point, and an error when its result was
// neither kept nor given to Keep.
func (r *Report) chartRow(s int) (Row, bool, error) {
	p, run, ok := r.chosen(s)
	if !ok {
		return Row{}, false, nil
	}
	row, kept := r.kept[keptKey{p, s, run}]
	if !kept {
		return Row{}, false, fmt.Errorf("plots: report %q: the charts stand on run %d of strategy %q at %s, whose result was not kept (simulate it again and pass it to Report.Keep; see ChartRuns)",
			r.Scenario, run, r.Strategies[s], pointLabel(r.Params, r.points[p]))
	}
	return *row, true, nil
}
