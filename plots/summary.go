package plots

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// maxExplainedPoints bounds the per-point explanations of WriteSummary;
// beyond it the points where the winner changes are explained first.
const maxExplainedPoints = 12

// WriteSummary writes a markdown summary of r: the load-time table (one
// line per sweep point, one column per strategy; with several runs, the
// median and the 5th–95th percentiles), the best strategy per point — or,
// with several runs, a tie when the fastest is not significantly faster
// than the others (rank.go) —, with several runs a table of statistics
// (median and mean with their 95 % confidence intervals, percentiles, and
// each strategy against the fastest), and a few sentences per point on
// why, derived only from the numbers in r (see the package doc).
func WriteSummary(w io.Writer, r *Report) error {
	if err := r.check(); err != nil {
		return err
	}
	g := newGrid(r)
	bw := bufio.NewWriter(w)
	runs := 0
	for _, cs := range g.cells {
		for _, c := range cs {
			runs = max(runs, c.n)
		}
	}
	fmt.Fprintf(bw, "# %s\n\n", mdEscape(r.Scenario))
	fmt.Fprintf(bw, "%d %s × %d %s × %d %s = %d simulations.",
		len(g.strategies), plural(len(g.strategies), "strategy", "strategies"),
		len(g.points), plural(len(g.points), "point", "points"),
		runs, plural(runs, "run", "runs"), r.rows)
	if len(r.Params) > 0 {
		fmt.Fprintf(bw, " Swept: %s.", mdCode(r.Params))
	}
	bw.WriteString("\n\n")
	if n, total := r.Incomplete(); n > 0 {
		fmt.Fprintf(bw, "**%d of %d %s did not complete** (%s). An incomplete load has no load time: it is shown as such, never ranked, and left out of every mean.\n\n",
			n, total, plural(total, "load", "loads"), reasonCounts(r))
	}

	if len(g.points) == 1 {
		writeStrategyTable(bw, g, runs)
	} else {
		writePointTable(bw, r, g, runs)
	}

	if runs > 1 {
		writeStatistics(bw, r, g, runs)
	}

	bw.WriteString("\n## Why\n\n")
	if runs > 1 {
		fmt.Fprintf(bw, "Counts are means over the %d runs.\n\n", runs)
	}
	for _, p := range explainedPoints(g) {
		if len(g.points) > 1 {
			fmt.Fprintf(bw, "**%s.** ", mdEscape(pointLabel(r.Params, g.points[p])))
		}
		bw.WriteString(explainPoint(g, p))
		bw.WriteString("\n\n")
	}
	if n := len(g.points) - len(explainedPoints(g)); n > 0 {
		fmt.Fprintf(bw, "(%d more %s not explained here; see results.csv.)\n\n", n, plural(n, "point", "points"))
	}
	if len(g.points) > 1 {
		if s := explainSweep(r, g); s != "" {
			bw.WriteString("## Across the sweep\n\n")
			bw.WriteString(s)
			bw.WriteString("\n")
		}
	}
	return bw.Flush()
}

// writeStrategyTable is the table for a single point: one line per
// strategy with its load time and the counters that explain it.
func writeStrategyTable(w *bufio.Writer, g grid, runs int) {
	rk := g.ranking(0)
	lt := "load time (ms)"
	if runs > 1 {
		lt = "load time (ms, median (p5–p95))"
		w.WriteString(rankingNote + fewRunsNote(runs))
	}
	fmt.Fprintf(w, "| strategy | %s | connections | at once | bytes down | packets down | retransmits | retries | failed |\n", lt)
	w.WriteString("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for s, name := range g.strategies {
		c := g.cells[0][s]
		if c.empty() {
			continue
		}
		n := mdEscape(name)
		switch {
		case s == rk.best:
			n = "**" + n + "** (best)"
		case slices.Contains(rk.tie, s):
			n = "**" + n + "** (tie)"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s | %s | %s | %s | %s |\n", n, loadCell(c, runs),
			num(c.meanOf(fConnections)), num(c.meanOf(fPeak)), num(c.meanOf(fBytesDown)),
			num(c.meanOf(fPacketsDown)), num(c.meanOf(fRetransmits)), num(c.meanOf(fRetries)),
			num(c.meanOf(fFailed)))
	}
}

// writePointTable is the table for a sweep: one line per point, one
// column per strategy, and the best strategy.
func writePointTable(w *bufio.Writer, r *Report, g grid, runs int) {
	if runs > 1 {
		w.WriteString("Load time in ms: median over runs (5th–95th percentile). " + rankingNote + fewRunsNote(runs))
	} else {
		w.WriteString("Load time in ms.\n\n")
	}
	var head, rule []string
	for _, p := range r.Params {
		head = append(head, "`"+p+"`")
		rule = append(rule, "---")
	}
	for _, s := range g.strategies {
		head = append(head, mdEscape(s))
		rule = append(rule, "---:")
	}
	head = append(head, "best")
	rule = append(rule, "---")
	fmt.Fprintf(w, "| %s |\n|%s|\n", strings.Join(head, " | "), strings.Join(rule, "|"))
	for p, point := range g.points {
		rk := g.ranking(p)
		var cells []string
		for _, v := range point {
			cells = append(cells, mdEscape(v))
		}
		for s := range g.strategies {
			c := g.cells[p][s]
			switch {
			case c.empty():
				cells = append(cells, "–")
			case s == rk.best || slices.Contains(rk.tie, s):
				cells = append(cells, "**"+loadCell(c, runs)+"**")
			default:
				cells = append(cells, loadCell(c, runs))
			}
		}
		switch {
		case rk.best >= 0:
			cells = append(cells, mdEscape(g.strategies[rk.best]))
		case len(rk.tie) > 0:
			cells = append(cells, "tie: "+mdEscape(g.names(g.sortedTie(p, rk.tie))))
		default:
			cells = append(cells, "–")
		}
		fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
	}
}

// rankingNote says how the best strategy is chosen when there are
// several runs.
const rankingNote = "A strategy is **best** only when it is significantly faster than every other (Mann–Whitney U test, α = 0.05, over the runs); when the fastest is not, the strategies it cannot be told apart from **tie**.\n\n"

// minRunsToTell is the fewest runs of each of two strategies that can
// show a significant difference at α = 0.05: with n runs against n and no
// ties, the smallest two-sided p-value is 2/C(2n, n) — 1/3, 0.1, 0.029 for
// n = 2, 3, 4.
const minRunsToTell = 4

// fewRunsNote warns that too few runs cannot show any difference.
func fewRunsNote(runs int) string {
	if runs >= minRunsToTell {
		return ""
	}
	return fmt.Sprintf("With %d runs of each strategy no difference can be significant (the test needs at least %d of each), so every comparison is a tie.\n\n", runs, minRunsToTell)
}

// names lists strategies by name: "a, b, c".
func (g grid) names(ss []int) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = g.strategies[s]
	}
	return strings.Join(out, ", ")
}

// loadCell formats one strategy's load time at one point: the load time
// (with several runs, the median and the 5th–95th percentiles) of the
// runs that completed, how many did not and why, or, when none did, only
// that.
func loadCell(c cell, runs int) string {
	inc := c.incomplete()
	switch {
	case inc == c.n && c.n == 1:
		return "incomplete: " + c.reasons()
	case inc == c.n:
		return fmt.Sprintf("all %d runs incomplete: %s", inc, c.reasons())
	}
	s := fmtMs(c.medianMs())
	if runs > 1 && c.n-inc > 1 {
		st := c.stats()
		s += " (" + fmtMs(st.P5) + "–" + fmtMs(st.P95) + ")"
	}
	if inc > 0 {
		s += fmt.Sprintf(" ⚠ %d of %d runs incomplete: %s", inc, c.n, c.reasons())
	}
	return s
}

// reasonCounts says how many loads of the report did not complete for
// each reason: "failed objects ×2, horizon ×1".
func reasonCounts(r *Report) string {
	parts := make([]string, len(r.reasons))
	for i, rc := range r.reasons {
		parts[i] = fmt.Sprintf("%s ×%d", rc.reason, rc.n)
	}
	return strings.Join(parts, ", ")
}

// explainedPoints chooses which points get sentences: all of them when
// few, else the first, the last and those where the winner changes, up to
// maxExplainedPoints, in point order.
func explainedPoints(g grid) []int {
	n := len(g.points)
	if n <= maxExplainedPoints {
		out := make([]int, n)
		for i := range out {
			out[i] = i
		}
		return out
	}
	pick := map[int]bool{0: true, n - 1: true}
	for p := 1; p < n && len(pick) < maxExplainedPoints; p++ {
		if g.best(p) != g.best(p-1) {
			pick[p] = true
		}
	}
	var out []int
	for p := 0; p < n; p++ {
		if pick[p] {
			out = append(out, p)
		}
	}
	return out
}

// explainPoint writes the sentences for point p.
func explainPoint(g grid, p int) string {
	var sb strings.Builder
	name := func(s int) string { return "`" + g.strategies[s] + "`" }
	rk := g.ranking(p)
	best := rk.fastest
	if best < 0 {
		sb.WriteString("No strategy completed every run here, so none is ranked.")
		sb.WriteString(incompleteSentence(g, p))
		return sb.String()
	}
	bc := g.cells[p][best]

	// Fastest and slowest, among the strategies that completed every run.
	worst := -1
	for s, c := range g.cells[p] {
		if c.allComplete() && (worst < 0 || c.medianMs() > g.cells[p][worst].medianMs()) {
			worst = s
		}
	}
	sb.WriteString(rankSentence(g, p, rk))
	if worst != best && bc.medianMs() > 0 {
		how := ", %s× faster than the slowest, %s (%s ms)"
		if len(rk.tie) > 0 {
			how = "; the fastest is %s× as fast as the slowest, %s (%s ms)"
		}
		fmt.Fprintf(&sb, how, ratio(g.cells[p][worst].medianMs()/bc.medianMs()), name(worst), fmtMs(g.cells[p][worst].medianMs()))
	}
	sb.WriteString(". ")

	// Connections.
	who := "It"
	if len(rk.tie) > 0 {
		who = name(best)
	}
	fmt.Fprintf(&sb, "%s opened %s %s (at most %s at once) and moved %s bytes in %s packets down the link",
		who, num(bc.meanOf(fConnections)), plural(int(math.Round(bc.meanOf(fConnections))), "connection", "connections"),
		num(bc.meanOf(fPeak)), num(bc.meanOf(fBytesDown)), num(bc.meanOf(fPacketsDown)))
	if worst != best {
		wc := g.cells[p][worst]
		fmt.Fprintf(&sb, "; %s opened %s (at most %s at once) and moved %s bytes in %s packets",
			name(worst), num(wc.meanOf(fConnections)), num(wc.meanOf(fPeak)),
			num(wc.meanOf(fBytesDown)), num(wc.meanOf(fPacketsDown)))
	}
	sb.WriteString(".")

	// Connection setup cost: most vs fewest connections.
	most, fewest := -1, -1
	for s, c := range g.cells[p] {
		if c.empty() {
			continue
		}
		if most < 0 || c.meanOf(fConnections) > g.cells[p][most].meanOf(fConnections) {
			most = s
		}
		if fewest < 0 || c.meanOf(fConnections) < g.cells[p][fewest].meanOf(fConnections) {
			fewest = s
		}
	}
	if mc, fc := g.cells[p][most], g.cells[p][fewest]; mc.meanOf(fConnections) > fc.meanOf(fConnections) {
		extra := mc.meanOf(fPacketsDown) + mc.meanOf(fPacketsUp) - fc.meanOf(fPacketsDown) - fc.meanOf(fPacketsUp)
		fmt.Fprintf(&sb, " Every new connection costs a handshake round trip and starts in slow start: %s opened %s connections against %s's %s",
			name(most), num(mc.meanOf(fConnections)), name(fewest), num(fc.meanOf(fConnections)))
		if extra > 0 {
			fmt.Fprintf(&sb, " and sent %s more packets in both directions", num(extra))
		}
		sb.WriteString(".")
	}

	// Parallelism.
	if s := explainParallel(g, p); s != "" {
		sb.WriteString(" " + s)
	}

	// Trouble: losses, stalls, retries, failures, destruction, truncation.
	var trouble []string
	for s, c := range g.cells[p] {
		if c.empty() {
			continue
		}
		var parts []string
		if v := c.meanOf(fRetransmits); v > 0 {
			parts = append(parts, fmt.Sprintf("retransmitted %s", count(v, "segment", "segments")))
		}
		if v := c.meanOf(fTimeouts); v > 0 {
			parts = append(parts, fmt.Sprintf("hit %s", count(v, "timeout", "timeouts")))
		}
		if v := c.meanOf(fStallMs); v > 0 {
			parts = append(parts, fmt.Sprintf("stalled %s ms%s", fmtMs(v), stallCauses(c)))
		}
		if v := c.meanOf(fRetries); v > 0 {
			parts = append(parts, fmt.Sprintf("re-sent %s", count(v, "request", "requests")))
		}
		if v := c.meanOf(fDestroyed); v > 0 {
			parts = append(parts, fmt.Sprintf("lost %s to a reset", count(v, "received byte", "received bytes")))
		}
		if v := c.meanOf(fTruncated); v > 0 {
			parts = append(parts, fmt.Sprintf("accepted %s", count(v, "truncated object", "truncated objects")))
		}
		if v := c.meanOf(fFailed); v > 0 {
			parts = append(parts, fmt.Sprintf("failed to load %s", count(v, "object", "objects")))
		}
		if len(parts) > 0 {
			trouble = append(trouble, name(s)+" "+joinAnd(parts))
		}
	}
	if len(trouble) > 0 {
		fmt.Fprintf(&sb, " Trouble: %s.", strings.Join(trouble, "; "))
	} else {
		sb.WriteString(" No strategy lost a packet, stalled or retried here.")
	}
	sb.WriteString(incompleteSentence(g, p))
	return sb.String()
}

// rankSentence says which strategy is fastest at point p and whether it is
// the best: significantly faster than every other (rank.go), or tied.
func rankSentence(g grid, p int, rk rank) string {
	name := func(s int) string { return "`" + g.strategies[s] + "`" }
	fc := g.cells[p][rk.fastest]
	if !rk.tested {
		return fmt.Sprintf("%s loads the page fastest, in %s ms", name(rk.fastest), fmtMs(fc.medianMs()))
	}
	if rk.best >= 0 {
		s := fmt.Sprintf("%s loads the page fastest, in a median of %s ms over %d runs, significantly faster than every other strategy (Mann–Whitney U test, α = 0.05",
			name(rk.best), fmtMs(fc.medianMs()), fc.n)
		if ru := g.runnerUp(p, rk); ru >= 0 && rk.vs[ru].N1 > 0 {
			s += fmt.Sprintf("; the runner-up, %s, has a median of %s ms, %s", name(ru), fmtMs(g.cells[p][ru].medianMs()), fmtP(rk.vs[ru].P))
		}
		return s + ")"
	}
	tie := g.sortedTie(p, rk.tie)
	var others []string
	for _, s := range tie[1:] {
		others = append(others, fmt.Sprintf("%s (%s ms, %s)", name(s), fmtMs(g.cells[p][s].medianMs()), fmtP(rk.vs[s].P)))
	}
	return fmt.Sprintf("No strategy is significantly fastest here: %s, the fastest with a median of %s ms over %d runs, ties with %s — the Mann–Whitney U test at α = 0.05 cannot tell them apart",
		name(rk.fastest), fmtMs(fc.medianMs()), fc.n, joinAnd(others))
}

// fmtP states a p-value with two significant digits: "p = 0.31",
// "p = 0.0021", "p < 0.0001".
func fmtP(p float64) string {
	if p < 0.0001 {
		return "p < 0.0001"
	}
	return "p = " + strconv.FormatFloat(p, 'g', 2, 64)
}

// maxStatisticsPoints bounds the points of the statistics table.
const maxStatisticsPoints = maxExplainedPoints

// writeStatistics writes, for the explained points, each strategy's
// sample of load times: the number of complete runs, the median with its
// 95 % confidence interval (order statistics; "–" with fewer than six
// runs), the mean with its 95 % confidence interval (Student's t), the
// 5th and 95th percentiles, and how it compares with the fastest.
func writeStatistics(w *bufio.Writer, r *Report, g grid, runs int) {
	fmt.Fprintf(w, "\n## Statistics\n\nOver the %d runs of each strategy (complete runs only): the median and the mean with their 95 %% confidence intervals (the median's from order statistics, which needs at least 6 runs; the mean's from Student's t), the 5th and 95th percentiles, and each strategy against the fastest (Mann–Whitney U test, α = 0.05).\n\n", runs)
	var head, rule []string
	if len(g.points) > 1 {
		head, rule = append(head, "point"), append(rule, "---")
	}
	head = append(head, "strategy", "runs", "median (ms)", "95 % CI", "mean (ms)", "95 % CI", "p5", "p95", "against the fastest")
	rule = append(rule, "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:", "---")
	fmt.Fprintf(w, "| %s |\n|%s|\n", strings.Join(head, " | "), strings.Join(rule, "|"))
	pts := explainedPoints(g)
	if len(pts) > maxStatisticsPoints {
		pts = pts[:maxStatisticsPoints]
	}
	interval := func(lo, hi float64) string {
		if math.IsNaN(lo) {
			return "–"
		}
		return fmtMs(lo) + "–" + fmtMs(hi)
	}
	for _, p := range pts {
		rk := g.ranking(p)
		for s, c := range g.cells[p] {
			if c.empty() {
				continue
			}
			var cells []string
			if len(g.points) > 1 {
				cells = append(cells, mdEscape(shortPointLabel(g.points[p])))
			}
			st := c.stats()
			runsCell := strconv.Itoa(st.N)
			if st.N < c.n {
				runsCell = fmt.Sprintf("%d of %d", st.N, c.n)
			}
			vs := "–"
			switch cmp, ok := rk.vs[s]; {
			case s == rk.fastest && rk.best == s:
				vs = "fastest, best"
			case s == rk.fastest:
				vs = "fastest"
			case ok && cmp.N1 == 0:
				vs = fmt.Sprintf("%s%% (not tested: one run)", signedPctOf(c.medianMs(), g.cells[p][rk.fastest].medianMs()))
			case ok && cmp.Significant:
				vs = fmt.Sprintf("%s%%, significant (%s)", signedPctOf(c.medianMs(), g.cells[p][rk.fastest].medianMs()), fmtP(cmp.P))
			case ok:
				vs = fmt.Sprintf("%s%%, tie (%s)", signedPctOf(c.medianMs(), g.cells[p][rk.fastest].medianMs()), fmtP(cmp.P))
			case st.N == 0:
				vs = "no complete run"
			default:
				vs = "not ranked: incomplete runs"
			}
			if st.N == 0 {
				cells = append(cells, mdEscape(g.strategies[s]), runsCell, "–", "–", "–", "–", "–", "–", vs)
			} else {
				cells = append(cells, mdEscape(g.strategies[s]), runsCell, fmtMs(st.Median), interval(st.MedianLo, st.MedianHi),
					fmtMs(st.Mean), interval(st.MeanLo, st.MeanHi), fmtMs(st.P5), fmtMs(st.P95), vs)
			}
			fmt.Fprintf(w, "| %s |\n", strings.Join(cells, " | "))
		}
	}
	if n := len(g.points) - len(pts); n > 0 {
		fmt.Fprintf(w, "\n(%d more %s not shown; results.csv has every run.)\n", n, plural(n, "point", "points"))
	}
}

// signedPctOf is how much slower (or faster) v is than ref: "+12.3",
// "-0.4".
func signedPctOf(v, ref float64) string {
	if ref == 0 {
		return "+0"
	}
	d := 100 * (v - ref) / ref
	s := strconv.FormatFloat(d, 'f', 1, 64)
	if d >= 0 {
		s = "+" + s
	}
	return s
}

// incompleteSentence says, for each strategy at point p with incomplete
// runs, how many and why, with the model's account of the first.
func incompleteSentence(g grid, p int) string {
	var parts []string
	for s, c := range g.cells[p] {
		first, ok := c.firstIncomplete()
		if !ok {
			continue
		}
		what := "did not complete"
		if c.n > 1 {
			what = fmt.Sprintf("did not complete %d of %d runs", c.incomplete(), c.n)
		}
		why := string(first.reason)
		if d := first.detail; d != "" {
			why += ": " + d
		}
		if c.n > 1 {
			why = fmt.Sprintf("run %d: %s", first.run, why)
		}
		parts = append(parts, fmt.Sprintf("`%s` %s (%s)", g.strategies[s], what, mdEscape(why)))
	}
	if len(parts) == 0 {
		return ""
	}
	return " Incomplete, so without a load time: " + strings.Join(parts, "; ") + "."
}

// stallCauses lists the distinct stall causes of a cell: " (cause, cause)".
func stallCauses(c cell) string {
	if len(c.causes) == 0 {
		return ""
	}
	return " (" + strings.Join(c.causes, ", ") + ")"
}

// parallelGain compares, at point p, the best strategy that had more than
// one connection open at once with the best that never did. gain > 0 means
// parallel was faster by that fraction of the single-connection time.
func parallelGain(g grid, p int) (par, single int, gain float64, ok bool) {
	par, single = -1, -1
	for s, c := range g.cells[p] {
		if !c.allComplete() {
			continue
		}
		if c.meanOf(fPeak) > 1 {
			if par < 0 || c.medianMs() < g.cells[p][par].medianMs() {
				par = s
			}
		} else if single < 0 || c.medianMs() < g.cells[p][single].medianMs() {
			single = s
		}
	}
	if par < 0 || single < 0 {
		return par, single, 0, false
	}
	sm := g.cells[p][single].medianMs()
	if sm <= 0 {
		return par, single, 0, false
	}
	return par, single, (sm - g.cells[p][par].medianMs()) / sm, true
}

func explainParallel(g grid, p int) string {
	par, single, gain, ok := parallelGain(g, p)
	if !ok {
		return ""
	}
	pn, sn := "`"+g.strategies[par]+"`", "`"+g.strategies[single]+"`"
	pm, sm := fmtMs(g.cells[p][par].medianMs()), fmtMs(g.cells[p][single].medianMs())
	switch {
	case gain > 0.05:
		return fmt.Sprintf("Parallel connections helped: the best of them, %s (%s ms), beat the best single connection, %s (%s ms), by %s%%.",
			pn, pm, sn, sm, pct(gain)) + stallCaveat(g, p, par, single)
	case gain < -0.05:
		pc, sc := g.cells[p][par], g.cells[p][single]
		slower := pct(-gain) + "% slower than"
		if r := pc.medianMs() / sc.medianMs(); r >= 2 {
			slower = ratio(r) + "× as slow as"
		}
		s := fmt.Sprintf("Parallel connections did not help: the best of them, %s (%s ms, %s connections), was %s the best single connection, %s (%s ms, %s %s)",
			pn, pm, num(pc.meanOf(fConnections)), slower, sn, sm, num(sc.meanOf(fConnections)),
			plural(int(math.Round(sc.meanOf(fConnections))), "connection", "connections"))
		if pp, sp := pc.meanOf(fPacketsDown), sc.meanOf(fPacketsDown); pp > sp {
			s += fmt.Sprintf(" and needed %s more packets down the link", num(pp-sp))
		}
		return s + "." + stallCaveat(g, p, par, single)
	default:
		return fmt.Sprintf("Parallel connections made little difference: %s (%s ms) against %s (%s ms) on one connection.",
			pn, pm, sn, sm)
	}
}

// stallCaveat warns when stalls, not the number of connections, account
// for much of a compared strategy's load time.
func stallCaveat(g grid, p int, ss ...int) string {
	var parts []string
	for _, s := range ss {
		c := g.cells[p][s]
		if st := c.meanOf(fStallMs); st > 0.25*c.medianMs() {
			parts = append(parts, fmt.Sprintf("`%s` spent %s ms of its %s ms stalled", g.strategies[s], fmtMs(st), fmtMs(c.medianMs())))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " Stalls weigh more than parallelism here: " + joinAnd(parts) + "."
}

// explainSweep writes the sentences about the sweep as a whole.
func explainSweep(r *Report, g grid) string {
	var sb strings.Builder
	wins := make([]int, len(g.strategies))
	for p := range g.points {
		if b := g.best(p); b >= 0 {
			wins[b]++
		}
	}
	var parts []string
	for s, n := range wins {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("`%s` at %d of %d", g.strategies[s], n, len(g.points)))
		}
	}
	if len(parts) > 0 {
		fmt.Fprintf(&sb, "Best strategy: %s points.", strings.Join(parts, ", "))
	}
	ties, none := 0, 0
	for p := range g.points {
		switch rk := g.ranking(p); {
		case len(rk.tie) > 0:
			ties++
		case rk.fastest < 0:
			none++
		}
	}
	if ties > 0 {
		fmt.Fprintf(&sb, " At %d of %d %s the fastest was not significantly faster than the others: a tie.", ties, len(g.points), plural(len(g.points), "point", "points"))
	}
	if none > 0 {
		fmt.Fprintf(&sb, " At %d of %d points no strategy completed every run.", none, len(g.points))
	}
	if s := strings.TrimLeft(sb.String(), " "); s != sb.String() {
		sb.Reset()
		sb.WriteString(s)
	}

	bestP, worstP := -1, -1
	var bestG, worstG float64
	for p := range g.points {
		_, _, gain, ok := parallelGain(g, p)
		if !ok {
			continue
		}
		if bestP < 0 || gain > bestG {
			bestP, bestG = p, gain
		}
		if worstP < 0 || gain < worstG {
			worstP, worstG = p, gain
		}
	}
	if bestP >= 0 && bestP != worstP {
		fmt.Fprintf(&sb, " Parallel connections helped most at %s (%s) and least at %s (%s), comparing the best parallel strategy with the best single-connection one.",
			pointLabel(r.Params, g.points[bestP]), signedPct(bestG),
			pointLabel(r.Params, g.points[worstP]), signedPct(worstG))
		if worstG < -0.05 && bestG > 0.05 {
			sb.WriteString(" Where they lose, the shared link, not the number of connections, limits the load: extra connections only split the same bandwidth and each pays its own handshake and slow start.")
		}
	}
	sb.WriteString("\n")
	return sb.String()
}

func signedPct(gain float64) string {
	if gain >= 0 {
		return pct(gain) + "% faster"
	}
	return pct(-gain) + "% slower"
}

func pct(f float64) string { return strconv.FormatFloat(100*f, 'f', 0, 64) }

func ratio(f float64) string { return strconv.FormatFloat(f, 'f', 1, 64) }

func fmtMs(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

// count prints a count with its noun: "1 segment", "2.5 segments".
func count(v float64, one, many string) string {
	if v == 1 {
		return "1 " + one
	}
	return num(v) + " " + many
}

// num prints a count: an integer when it is one, else one decimal.
func num(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e15 {
		return strconv.FormatInt(int64(v), 10)
	}
	return strconv.FormatFloat(v, 'f', 1, 64)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

func joinAnd(parts []string) string {
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func mdCode(ss []string) string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = "`" + s + "`"
	}
	return strings.Join(out, ", ")
}

// mdEscaper is built once: a Replacer builds its tables on first use, and
// summary.md escapes a few cells per sweep point.
var mdEscaper = strings.NewReplacer("|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "\n", " ")

// mdEscape keeps user text from breaking a table or emphasis.
func mdEscape(s string) string { return mdEscaper.Replace(s) }
