package plots

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"

	"pagesim/model"
)

// Report accumulates the runs of one scenario for the summary and the
// charts. Rows are added one at a time (Add), in job order, and folded into
// one cell per sweep point × strategy that keeps only what the summary and
// the charts read: the load times of the complete runs (in run order), sums
// of the counters, the incomplete runs' count and reasons, the distinct
// stall causes and the first incomplete run. The full model.Result of a
// row is kept only for the runs the charts stand on (ChartRuns), so a
// report's memory grows with its sweep points and strategies, and by 12
// bytes per run, not with the size of the results.
//
// Make one with NewReport; the exported fields are set by it and must not
// be changed afterwards.
type Report struct {
	// Scenario is the scenario's name (the first CSV column).
	Scenario string
	// Params are the swept parameters' YAML paths ("network.rtt"), in the
	// scenario's order; empty when nothing is swept.
	Params []string
	// Strategies are the strategy names in scenario order. When NewReport
	// was given none, they are the names in order of first appearance,
	// growing as rows are added.
	Strategies []string
	// Marks are instants of the page's load that did not come from the
	// simulation — what a recording of it says (a HAR's DOMContentLoaded
	// and onLoad) — drawn across waterfalls for comparison; none when the
	// page was not recorded. Unlike the fields above, the caller may set
	// them at any time before the charts are drawn.
	Marks []Mark

	fixed       bool           // Strategies was given: no other name is accepted
	points      [][]string     // distinct points, in order of first appearance
	pointIdx    map[string]int // pointKey → index in points
	lastPoint   int            // the index in points of the last row's point
	strategyIx  map[string]int // name → index in Strategies
	cells       [][]cell       // cells[point][strategy]
	rows        int
	incomplete  int
	reasons     []reasonCount    // incomplete loads per reason, in order of first appearance
	kept        map[keptKey]*Row // full results of the runs the charts may stand on
	chartPoints ChartPoints      // where the charts are drawn (SetChartPoints)
	// keepCharted: keep every run of a charted point, not only the first
	// (ReadJSON, which cannot read the rows twice, then prunes them).
	keepCharted bool
	scratch     []peakEvent // reused by peakConns
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

	// derived is set on rows read from a results.json written without
	// per-object detail: the figures that detail would give (peakConns,
	// stallTime, the stall causes).
	derived *derivedFigures
	// figures are the same figures computed from Result by Derive, on
	// the goroutine that made the row; nil: Add computes them.
	figures *derivedFigures
}

// Derive computes what Report.Add and a row written without detail take
// from the row's connections and stalls (the peak of open connections,
// the time stalled, the stall causes), so that the goroutine that made
// the row does it rather than the one that adds the rows in order (pagesim
// run's workers, not its collector). Add gives the same report either way.
func (row *Row) Derive() {
	if row.derived != nil || row.Result == nil {
		return
	}
	f := &derivedFigures{stall: stallTime(row.Result), causes: resultStallCauses(row.Result)}
	f.peak, _ = peakConnsInto(nil, row.Result)
	row.figures = f
}

// figuresOf are the derived figures of a row: read (derived), computed
// by Derive, or nil.
func (row Row) figuresOf() *derivedFigures {
	if row.derived != nil {
		return row.derived
	}
	return row.figures
}

// resultStallCauses are the distinct causes of a result's stalls, in order.
func resultStallCauses(res *model.Result) []string {
	var causes []string
	for _, s := range res.Stalls {
		if s.Cause != "" && !slices.Contains(causes, s.Cause) {
			causes = append(causes, s.Cause)
		}
	}
	return causes
}

// derivedFigures are the numbers the summary derives from a result's
// connections and stalls.
type derivedFigures struct {
	peak   int
	stall  time.Duration
	causes []string
	// ttfb is the document's time to first byte (results.csv's ttfb_ms),
	// when hasTTFB.
	ttfb    time.Duration
	hasTTFB bool
}

type reasonCount struct {
	reason string
	n      int
}

type keptKey struct{ point, strategy, run int }

// NewReport starts an empty report. params are the swept parameters' YAML
// paths, in order (none when nothing is swept); strategies the strategy
// names in order, or none to take them in order of first appearance.
// Both are copied; an empty or repeated name is an error.
func NewReport(scenario string, params, strategies []string) (*Report, error) {
	seen := map[string]bool{}
	for _, p := range params {
		if p == "" {
			return nil, fmt.Errorf("plots: report %q: empty parameter name", scenario)
		}
		if seen[p] {
			return nil, fmt.Errorf("plots: report %q: parameter %q listed twice", scenario, p)
		}
		seen[p] = true
	}
	r := &Report{Scenario: scenario, Params: slices.Clone(params), fixed: len(strategies) > 0,
		pointIdx: map[string]int{}, strategyIx: map[string]int{}, kept: map[keptKey]*Row{}}
	for _, s := range strategies {
		if s == "" {
			return nil, fmt.Errorf("plots: report %q: empty strategy name", scenario)
		}
		if _, dup := r.strategyIx[s]; dup {
			return nil, fmt.Errorf("plots: report %q: strategy %q listed twice", scenario, s)
		}
		r.strategyIx[s] = len(r.Strategies)
		r.Strategies = append(r.Strategies, s)
	}
	return r, nil
}

// Add folds one row into the report. Rows of one point and strategy must
// come in increasing run order (jobs do: runs vary fastest); a row that
// repeats or precedes a run already added is an error, as is a row without
// a result, with the wrong number of point values, a negative run, or a
// strategy not in Strategies (when NewReport was given them). Add keeps
// row.Result only when the charts may stand on that run (ChartRuns); it
// never changes it.
func (r *Report) Add(row Row) error {
	if row.Result == nil {
		return fmt.Errorf("plots: report %q: row %d (%s, run %d): no result", r.Scenario, r.rows, row.Strategy, row.Run)
	}
	if len(row.Point) != len(r.Params) {
		return fmt.Errorf("plots: report %q: row %d: %d point values for %d parameters (one value per swept parameter expected)",
			r.Scenario, r.rows, len(row.Point), len(r.Params))
	}
	if row.Strategy == "" {
		return fmt.Errorf("plots: report %q: row %d: empty strategy name", r.Scenario, r.rows)
	}
	if row.Run < 0 || row.Run > math.MaxInt32 {
		return fmt.Errorf("plots: report %q: row %d: run %d out of range (0 to %d)", r.Scenario, r.rows, row.Run, math.MaxInt32)
	}
	s, ok := r.strategyIx[row.Strategy]
	if !ok {
		if r.fixed {
			return fmt.Errorf("plots: report %q: row %d: strategy %q is not in Strategies %v", r.Scenario, r.rows, row.Strategy, r.Strategies)
		}
		s = len(r.Strategies)
		r.strategyIx[row.Strategy] = s
		r.Strategies = append(r.Strategies, row.Strategy)
		for p := range r.cells {
			r.cells[p] = append(r.cells[p], cell{})
		}
	}
	// The rows of a point mostly come one after another: the last row's
	// point first, without building its key.
	p, ok := r.lastPoint, false
	if p >= 0 && p < len(r.points) && slices.Equal(r.points[p], row.Point) {
		ok = true
	} else {
		p, ok = r.pointIdx[pointKey(row.Point)]
	}
	if !ok {
		k := pointKey(row.Point)
		p = len(r.points)
		r.pointIdx[k] = p
		r.points = append(r.points, slices.Clone(row.Point))
		r.cells = append(r.cells, make([]cell, len(r.Strategies)))
	}
	r.lastPoint = p
	c := &r.cells[p][s]
	if c.n > 0 && row.Run <= c.lastRun {
		what := "out of order"
		if row.Run == c.lastRun {
			what = "duplicate row"
		}
		return fmt.Errorf("plots: report %q: row %d: %s for point %s, strategy %q, run %d (run %d came before; the runs of a point and strategy must come in increasing order)",
			r.Scenario, r.rows, what, pointLabel(r.Params, row.Point), row.Strategy, row.Run, c.lastRun)
	}
	if row.derived == nil && r.keepAhead(p, c) {
		kr := row
		kr.Point = r.points[p]
		r.kept[keptKey{p, s, row.Run}] = &kr
	}
	r.fold(c, row)
	r.rows++
	if !row.Result.Complete {
		r.incomplete++
		why := string(row.Result.Incomplete)
		i := slices.IndexFunc(r.reasons, func(rc reasonCount) bool { return rc.reason == why })
		if i < 0 {
			r.reasons = append(r.reasons, reasonCount{reason: why})
			i = len(r.reasons) - 1
		}
		r.reasons[i].n++
	}
	return nil
}

// pointKey identifies a point by its values.
func pointKey(point []string) string { return strings.Join(point, "\x00") }

// Len is the number of rows added.
func (r *Report) Len() int { return r.rows }

// Incomplete counts the rows whose load did not complete, and the rows.
func (r *Report) Incomplete() (n, total int) { return r.incomplete, r.rows }

// check reports a report the summary and the charts cannot be made from.
func (r *Report) check() error {
	if r == nil {
		return fmt.Errorf("plots: nil report")
	}
	if r.rows == 0 {
		return fmt.Errorf("plots: report %q has no rows", r.Scenario)
	}
	return nil
}

// The counters a cell sums over its runs, each a float64 per run as the
// summary means them (meanOf).
type counter int

const (
	fConnections counter = iota
	fPeak                // peakConns
	fBytesDown
	fPacketsDown
	fPacketsUp
	fRetransmits
	fTimeouts
	fRetries
	fFailed
	fTruncated
	fDestroyed
	fStallMs // stallTime, in milliseconds
	numCounters
)

// cell is the aggregate of the runs of one strategy at one point.
type cell struct {
	n              int // runs
	firstRun       int
	lastRun        int
	loads          []float64 // load time (ms) of each complete run, in run order
	loadsSum       float64   // their sum, added in run order (as mean adds them)
	loadRuns       []int32   // the run of each of loads
	loadSum        time.Duration
	loadLo, loadHi time.Duration
	sums           [numCounters]float64 // summed in run order
	nIncomplete    int
	reasonList     []string // distinct reasons of the incomplete runs, in run order
	firstInc       *incompleteRun
	causes         []string // distinct stall causes, in run then stall order
}

// incompleteRun is what the summary says of a cell's first incomplete run.
type incompleteRun struct {
	run    int
	reason model.Incomplete
	detail string
}

// fold adds row to c.
func (r *Report) fold(c *cell, row Row) {
	res := row.Result
	if c.n == 0 {
		c.firstRun = row.Run
	}
	c.n++
	c.lastRun = row.Run
	if res.Complete {
		lt := res.LoadTime
		if len(c.loads) == 0 {
			c.loadLo, c.loadHi = lt, lt
		}
		c.loads = append(c.loads, ms(lt))
		c.loadsSum += ms(lt)
		c.loadRuns = append(c.loadRuns, int32(row.Run))
		c.loadSum += lt
		c.loadLo, c.loadHi = min(c.loadLo, lt), max(c.loadHi, lt)
	} else {
		c.nIncomplete++
		why := string(res.Incomplete)
		if why == "" {
			why = "not complete"
		}
		if !slices.Contains(c.reasonList, why) {
			c.reasonList = append(c.reasonList, why)
		}
		if c.firstInc == nil {
			c.firstInc = &incompleteRun{run: row.Run, reason: res.Incomplete, detail: res.IncompleteDetail}
		}
	}
	var peak int
	var stall time.Duration
	if d := row.figuresOf(); d != nil {
		peak, stall = d.peak, d.stall
		for _, cause := range d.causes {
			c.addCause(cause)
		}
	} else {
		peak, stall = r.peakConns(res), stallTime(res)
		for _, s := range res.Stalls {
			c.addCause(s.Cause)
		}
	}
	v := [numCounters]float64{
		fConnections: float64(res.Connections), fPeak: float64(peak),
		fBytesDown: float64(res.BytesDown), fPacketsDown: float64(res.PacketsDown), fPacketsUp: float64(res.PacketsUp),
		fRetransmits: float64(res.Retransmits), fTimeouts: float64(res.Timeouts), fRetries: float64(res.Retries),
		fFailed: float64(res.Failed), fTruncated: float64(res.Truncated), fDestroyed: float64(res.DestroyedBytes),
		fStallMs: ms(stall),
	}
	for k := range v {
		c.sums[k] += v[k]
	}
}

// addCause records a stall cause the cell has not seen yet.
func (c *cell) addCause(cause string) {
	if cause != "" && !slices.Contains(c.causes, cause) {
		c.causes = append(c.causes, cause)
	}
}

func (c cell) empty() bool { return c.n == 0 }

// meanMs is the mean load time of the complete runs (NaN when none),
// their sum in run order over their number.
func (c cell) meanMs() float64 {
	if len(c.loads) == 0 {
		return math.NaN()
	}
	return c.loadsSum / float64(len(c.loads))
}

// minMaxMs spans the load times of the complete runs (NaN when none).
func (c cell) minMaxMs() (lo, hi float64) {
	if len(c.loads) == 0 {
		return math.NaN(), math.NaN()
	}
	return ms(c.loadLo), ms(c.loadHi)
}

// incomplete is the number of runs whose load did not complete.
func (c cell) incomplete() int { return c.nIncomplete }

// allComplete: the cell has runs and every one completed — the only kind
// of cell that has a load time to rank.
func (c cell) allComplete() bool { return !c.empty() && c.nIncomplete == 0 }

// anyComplete: at least one run has a load time.
func (c cell) anyComplete() bool { return c.nIncomplete < c.n }

// reasons lists the distinct reasons of the incomplete runs, in run
// order: "failed objects", "horizon, event budget".
func (c cell) reasons() string { return strings.Join(c.reasonList, ", ") }

// firstIncomplete is the first incomplete run of the cell, if any.
func (c cell) firstIncomplete() (incompleteRun, bool) {
	if c.firstInc == nil {
		return incompleteRun{}, false
	}
	return *c.firstInc, true
}

// meanOf is the mean of a counter over the runs (NaN for an empty cell).
func (c cell) meanOf(k counter) float64 { return c.sums[k] / float64(c.n) }

// grid is the report's cells by point and strategy: cells[p][s].
type grid struct {
	points     [][]string
	strategies []string
	cells      [][]cell
	ranks      *[]*rank // ranks[p], computed when first asked for
}

func newGrid(r *Report) grid {
	ranks := make([]*rank, len(r.points))
	return grid{points: r.points, strategies: r.Strategies, cells: r.cells, ranks: &ranks}
}

// ranking is the ranking at point p (rank.go), computed once.
func (g grid) ranking(p int) rank {
	if (*g.ranks)[p] == nil {
		rk := g.rank(p)
		(*g.ranks)[p] = &rk
	}
	return *(*g.ranks)[p]
}

// best returns the index of the best strategy at point p: the fastest of
// the strategies whose every run completed, when it is significantly
// faster than the others (rank.go); -1 when no strategy completed every
// run there, or when the fastest ties with others.
func (g grid) best(p int) int { return g.ranking(p).best }

// peakEvent is a connection opening (+1) or closing (-1).
type peakEvent struct {
	at time.Duration
	d  int
}

// peakConns is the largest number of client connections open at the same
// time (Opened ≤ t < Closed; a connection never closed counts until the
// end).
func (r *Report) peakConns(res *model.Result) int {
	peak, evs := peakConnsInto(r.scratch[:0], res)
	r.scratch = evs
	return peak
}

// peakConnsInto is peakConns with evs as its scratch space, returned for
// reuse.
func peakConnsInto(evs []peakEvent, res *model.Result) (int, []peakEvent) {
	for _, c := range res.Conns {
		switch {
		case c.End == model.EndRefused:
			// Never established: not an open connection.
		case c.Closed > c.Opened:
			evs = append(evs, peakEvent{c.Opened, +1}, peakEvent{c.Closed, -1})
		case c.End == model.EndOpen || c.Closed == 0:
			evs = append(evs, peakEvent{c.Opened, +1}) // open to the end
		}
	}
	slices.SortStableFunc(evs, func(a, b peakEvent) int {
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
	return peak, evs
}

// peakConns without a report's scratch space.
func peakConns(res *model.Result) int {
	peak, _ := peakConnsInto(nil, res)
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
