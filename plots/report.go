package plots

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"pagesim/model"
)

// Report is everything a report is made of: the rows of one scenario's
// runs and the names needed to lay them out.
type Report struct {
	// Scenario is the scenario's name (the first CSV column).
	Scenario string
	// Params are the swept parameters' YAML paths ("network.rtt"), in the
	// scenario's order; empty when nothing is swept.
	Params []string
	// Strategies are the strategy names in scenario order. Empty: the
	// order in which they first appear in Rows.
	Strategies []string
	// Rows holds one row per sweep point × strategy × run.
	Rows []Row
	// Marks are instants of the page's load that did not come from the
	// simulation — what a recording of it says (a HAR's DOMContentLoaded
	// and onLoad) — drawn across waterfalls for comparison; none when the
	// page was not recorded.
	Marks []Mark
}

// Mark is a named instant, from navigation start.
type Mark struct {
	Name string
	At   time.Duration
}

// Row is one simulation: one sweep point, one strategy, one run.
type Row struct {
	// Point holds the value of each swept parameter as written in the
	// scenario, parallel to Report.Params.
	Point []string
	// Strategy is the strategy's name as shown in results.
	Strategy string
	// Run is the Monte Carlo replication, from 0.
	Run int
	// Result is what the simulation yielded. Must not be nil.
	Result *model.Result
}

// check validates r: every row has a result, a strategy named in
// Strategies (when given) and one value per parameter.
func (r *Report) check() error {
	if r == nil {
		return fmt.Errorf("plots: nil report")
	}
	if len(r.Rows) == 0 {
		return fmt.Errorf("plots: report %q has no rows", r.Scenario)
	}
	seenP := map[string]bool{}
	for _, p := range r.Params {
		if p == "" {
			return fmt.Errorf("plots: report %q: empty parameter name", r.Scenario)
		}
		if seenP[p] {
			return fmt.Errorf("plots: report %q: parameter %q listed twice", r.Scenario, p)
		}
		seenP[p] = true
	}
	known := map[string]bool{}
	for _, s := range r.Strategies {
		if known[s] {
			return fmt.Errorf("plots: report %q: strategy %q listed twice", r.Scenario, s)
		}
		known[s] = true
	}
	type key struct {
		point, strategy string
		run             int
	}
	seen := map[key]bool{}
	for i, row := range r.Rows {
		if row.Result == nil {
			return fmt.Errorf("plots: report %q: row %d (%s, run %d): no result", r.Scenario, i, row.Strategy, row.Run)
		}
		if len(row.Point) != len(r.Params) {
			return fmt.Errorf("plots: report %q: row %d: %d point values for %d parameters (one value per swept parameter expected)",
				r.Scenario, i, len(row.Point), len(r.Params))
		}
		if row.Strategy == "" {
			return fmt.Errorf("plots: report %q: row %d: empty strategy name", r.Scenario, i)
		}
		if len(r.Strategies) > 0 && !known[row.Strategy] {
			return fmt.Errorf("plots: report %q: row %d: strategy %q is not in Strategies %v", r.Scenario, i, row.Strategy, r.Strategies)
		}
		if row.Run < 0 {
			return fmt.Errorf("plots: report %q: row %d: negative run %d", r.Scenario, i, row.Run)
		}
		k := key{strings.Join(row.Point, "\x00"), row.Strategy, row.Run}
		if seen[k] {
			return fmt.Errorf("plots: report %q: row %d: duplicate row for point %s, strategy %q, run %d",
				r.Scenario, i, pointLabel(r.Params, row.Point), row.Strategy, row.Run)
		}
		seen[k] = true
	}
	return nil
}

// strategies returns the strategy order: Report.Strategies, or first
// appearance in Rows.
func (r *Report) strategies() []string {
	if len(r.Strategies) > 0 {
		return r.Strategies
	}
	var out []string
	seen := map[string]bool{}
	for _, row := range r.Rows {
		if !seen[row.Strategy] {
			seen[row.Strategy] = true
			out = append(out, row.Strategy)
		}
	}
	return out
}

// points returns the distinct sweep points in order of first appearance.
func (r *Report) points() [][]string {
	var out [][]string
	seen := map[string]bool{}
	for _, row := range r.Rows {
		k := strings.Join(row.Point, "\x00")
		if !seen[k] {
			seen[k] = true
			out = append(out, row.Point)
		}
	}
	return out
}

// cell gathers the runs of one strategy at one point.
type cell struct {
	rows []Row // in run order
}

func (c cell) empty() bool { return len(c.rows) == 0 }

// loadMs returns the load time of every run that completed, in
// milliseconds: an incomplete load has none (model.Result.Complete).
func (c cell) loadMs() []float64 {
	out := make([]float64, 0, len(c.rows))
	for _, row := range c.rows {
		if row.Result.Complete {
			out = append(out, ms(row.Result.LoadTime))
		}
	}
	return out
}

// meanMs is the mean load time of the complete runs (NaN when none).
func (c cell) meanMs() float64 { return mean(c.loadMs()) }

// minMaxMs spans the load times of the complete runs (NaN when none).
func (c cell) minMaxMs() (lo, hi float64) {
	v := c.loadMs()
	if len(v) == 0 {
		return math.NaN(), math.NaN()
	}
	return slices.Min(v), slices.Max(v)
}

// incomplete is the number of runs whose load did not complete.
func (c cell) incomplete() int {
	n := 0
	for _, row := range c.rows {
		if !row.Result.Complete {
			n++
		}
	}
	return n
}

// allComplete: the cell has runs and every one completed — the only kind
// of cell that has a load time to rank.
func (c cell) allComplete() bool { return !c.empty() && c.incomplete() == 0 }

// anyComplete: at least one run has a load time.
func (c cell) anyComplete() bool { return c.incomplete() < len(c.rows) }

// reasons lists the distinct reasons of the incomplete runs, in run
// order: "failed objects", "horizon, event budget".
func (c cell) reasons() string {
	var out []string
	for _, row := range c.rows {
		if r := string(row.Result.Incomplete); !row.Result.Complete && !slices.Contains(out, r) {
			if r == "" {
				r = "not complete"
			}
			out = append(out, r)
		}
	}
	return strings.Join(out, ", ")
}

// firstIncomplete is the first incomplete run of the cell, if any.
func (c cell) firstIncomplete() (Row, bool) {
	for _, row := range c.rows {
		if !row.Result.Complete {
			return row, true
		}
	}
	return Row{}, false
}

// meanOf averages an integer counter over the runs.
func (c cell) meanOf(f func(*model.Result) float64) float64 {
	v := make([]float64, len(c.rows))
	for i, row := range c.rows {
		v[i] = f(row.Result)
	}
	return mean(v)
}

// grid indexes the rows by point and strategy: grid[p][s].
type grid struct {
	points     [][]string
	strategies []string
	cells      [][]cell
}

func newGrid(r *Report) grid {
	g := grid{points: r.points(), strategies: r.strategies()}
	pi := map[string]int{}
	for i, p := range g.points {
		pi[strings.Join(p, "\x00")] = i
	}
	si := map[string]int{}
	for i, s := range g.strategies {
		si[s] = i
	}
	g.cells = make([][]cell, len(g.points))
	for i := range g.cells {
		g.cells[i] = make([]cell, len(g.strategies))
	}
	for _, row := range r.Rows {
		p, s := pi[strings.Join(row.Point, "\x00")], si[row.Strategy]
		g.cells[p][s].rows = append(g.cells[p][s].rows, row)
	}
	for _, cs := range g.cells {
		for _, c := range cs {
			slices.SortStableFunc(c.rows, func(a, b Row) int { return a.Run - b.Run })
		}
	}
	return g
}

// best returns the index of the best strategy at point p: the lowest mean
// load time among the strategies whose every run completed (see the
// package doc), or -1 when no strategy completed every run there.
func (g grid) best(p int) int {
	bestI, bestMs := -1, 0.0
	for s, c := range g.cells[p] {
		if !c.allComplete() {
			continue
		}
		if m := c.meanMs(); bestI < 0 || m < bestMs {
			bestI, bestMs = s, m
		}
	}
	return bestI
}

// Incomplete counts the rows whose load did not complete, and the rows.
func (r *Report) Incomplete() (n, total int) {
	for _, row := range r.Rows {
		if !row.Result.Complete {
			n++
		}
	}
	return n, len(r.Rows)
}

// focus returns, for strategy s, the row that stands for the scenario in
// waterfalls and congestion-window charts: the first point, the lowest run.
func (g grid) focus(s int) (Row, bool) {
	if len(g.points) == 0 || g.cells[0][s].empty() {
		return Row{}, false
	}
	return g.cells[0][s].rows[0], true
}

// FocusRun reports whether the run of strategy at the sweep point with the
// given values is one that Charts draws a waterfall and congestion-window
// chart from: the first sweep point (every swept parameter at its first
// value, firstPoint) and run 0. Callers use it to set Config.TraceCwnd only
// where a chart will use it.
func FocusRun(point, firstPoint []string, run int) bool {
	return run == 0 && slices.Equal(point, firstPoint)
}

// peakConns is the largest number of client connections open at the same
// time (Opened ≤ t < Closed; a connection never closed counts until the
// end).
func peakConns(res *model.Result) int {
	type ev struct {
		at time.Duration
		d  int
	}
	evs := make([]ev, 0, 2*len(res.Conns))
	for _, c := range res.Conns {
		switch {
		case c.End == model.EndRefused:
			// Never established: not an open connection.
		case c.Closed > c.Opened:
			evs = append(evs, ev{c.Opened, +1}, ev{c.Closed, -1})
		case c.End == model.EndOpen || c.Closed == 0:
			evs = append(evs, ev{c.Opened, +1}) // open to the end
		}
	}
	slices.SortStableFunc(evs, func(a, b ev) int {
		if a.at != b.at {
			return cmpDur(a.at, b.at)
		}
		return a.d - b.d // closes before opens at the same instant
	})
	n, peak := 0, 0
	for _, e := range evs {
		n += e.d
		peak = max(peak, n)
	}
	return peak
}

func cmpDur(a, b time.Duration) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// stallTime is the total time objects spent in stalls.
func stallTime(res *model.Result) time.Duration {
	var d time.Duration
	for _, s := range res.Stalls {
		if s.To > s.From {
			d += s.To - s.From
		}
	}
	return d
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }

func mean(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// pointLabel names a point for people: "network.rtt=20ms, network.down=56kbps",
// or "(no sweep)".
func pointLabel(params, point []string) string {
	if len(params) == 0 {
		return "(no sweep)"
	}
	parts := make([]string, len(params))
	for i := range params {
		parts[i] = params[i] + "=" + point[i]
	}
	return strings.Join(parts, ", ")
}

// shortPointLabel names a point by its values only: "20ms, 56kbps".
func shortPointLabel(point []string) string {
	if len(point) == 0 {
		return "(no sweep)"
	}
	return strings.Join(point, ", ")
}
