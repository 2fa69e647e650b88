package plots

import (
	"math"
	"slices"
)

// Ranking the strategies at a point.
//
// The strategies ranked are those whose every run completed (an
// incomplete load has no load time). The fastest is the one with the
// lowest median load time (with one run, its load time; ties go to the
// strategy listed first). It is the best only when it is significantly
// faster than every other ranked strategy: with several runs on both
// sides, the Mann–Whitney U test (MannWhitney) at α = Alpha says whether
// two samples of load times differ. The strategies it does not tell apart
// from the fastest tie with it, and then no strategy is best — the
// summary says so. With a single run on either side nothing can be
// tested (each run is one draw of the scenario's randomness), and the
// fastest is the best, as the summary says too.

// rank is the ranking at one point.
type rank struct {
	// fastest is the index of the ranked strategy with the lowest median
	// load time, -1 when none is ranked.
	fastest int
	// best is fastest when it is significantly faster than every other
	// ranked strategy (or nothing could be tested), else -1.
	best int
	// tie lists, when best is -1 and fastest is not, the strategies not
	// told apart from the fastest, fastest first, then in listing order.
	tie []int
	// vs holds, for every ranked strategy but the fastest, its comparison
	// with the fastest (Comparison.N1 == 0 when it was not tested: a
	// single run on either side).
	vs map[int]Comparison
	// tested: the fastest has several runs and some other ranked
	// strategy too, so significance was tested.
	tested bool
}

// medianMs is the median load time of the complete runs (NaN when none).
func (c cell) medianMs() float64 {
	if len(c.loads) == 0 {
		return math.NaN()
	}
	return Quantile(c.loads, 0.5)
}

// stats summarizes the load times of the complete runs.
func (c cell) stats() Summary { return Summarize(c.loads) }

// rank ranks the strategies at point p (see the comment above).
func (g grid) rank(p int) rank {
	rk := rank{fastest: -1, best: -1, vs: map[int]Comparison{}}
	var ranked []int
	for s, c := range g.cells[p] {
		if c.allComplete() {
			ranked = append(ranked, s)
		}
	}
	for _, s := range ranked {
		if rk.fastest < 0 || g.cells[p][s].medianMs() < g.cells[p][rk.fastest].medianMs() {
			rk.fastest = s
		}
	}
	if rk.fastest < 0 {
		return rk
	}
	fc := g.cells[p][rk.fastest]
	rk.tie = []int{rk.fastest}
	for _, s := range ranked {
		if s == rk.fastest {
			continue
		}
		c := g.cells[p][s]
		if len(fc.loads) < 2 || len(c.loads) < 2 {
			rk.vs[s] = Comparison{}
			continue
		}
		cmp := MannWhitney(fc.loads, c.loads)
		rk.vs[s] = cmp
		rk.tested = true
		if !cmp.Significant {
			rk.tie = append(rk.tie, s)
		}
	}
	if len(rk.tie) == 1 {
		rk.best, rk.tie = rk.fastest, nil
	}
	return rk
}

// runnerUp is the ranked strategy with the lowest median after the
// fastest, -1 if none.
func (g grid) runnerUp(p int, rk rank) int {
	ru := -1
	for s := range rk.vs {
		if ru < 0 || g.cells[p][s].medianMs() < g.cells[p][ru].medianMs() ||
			g.cells[p][s].medianMs() == g.cells[p][ru].medianMs() && s < ru {
			ru = s
		}
	}
	return ru
}

// medianRun is the run of c whose load time is closest to the median of
// the complete runs (the lower run on a tie), the run that stands for the
// cell in its charts; with no complete run, the cell's first run.
func (c cell) medianRun() int {
	if len(c.loads) == 0 {
		return c.firstRun
	}
	m := c.medianMs()
	best := 0
	for i, v := range c.loads {
		if math.Abs(v-m) < math.Abs(c.loads[best]-m) {
			best = i
		}
	}
	return int(c.loadRuns[best])
}

// sortedTie returns the tie's strategies by median, fastest first.
func (g grid) sortedTie(p int, tie []int) []int {
	out := slices.Clone(tie)
	slices.SortStableFunc(out, func(a, b int) int {
		ma, mb := g.cells[p][a].medianMs(), g.cells[p][b].medianMs()
		switch {
		case ma < mb:
			return -1
		case ma > mb:
			return 1
		}
		return 0
	})
	return out
}
