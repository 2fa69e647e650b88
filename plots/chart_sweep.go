package plots

import (
	"cmp"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"pagesim/model/units"
)

// maxCombos is the most combinations of the other parameters that get a
// sweep chart each; beyond it they are held at their first values.
const maxCombos = 4

// numericValues parses a parameter's values as numbers when every value
// is one kind: a plain number, a percentage, a duration, a rate or a size
// (the units of DESIGN §7). ok is false for anything else (presets, proxy
// kinds, booleans, a mix of kinds).
func numericValues(vs []string) (xs []float64, ok bool) {
	parsers := []func(string) (float64, bool){
		func(s string) (float64, bool) {
			v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
			return v, err == nil
		},
		func(s string) (float64, bool) {
			t, cut := strings.CutSuffix(strings.TrimSpace(s), "%")
			if !cut {
				return 0, false
			}
			v, err := strconv.ParseFloat(strings.TrimSpace(t), 64)
			return v, err == nil
		},
		func(s string) (float64, bool) {
			d, err := units.ParseDuration(s)
			return float64(d), err == nil
		},
		func(s string) (float64, bool) {
			r, err := units.ParseBitRate(s)
			return float64(r), err == nil
		},
		func(s string) (float64, bool) {
			b, err := units.ParseBytes(s)
			return float64(b), err == nil
		},
	}
	for _, parse := range parsers {
		xs = xs[:0]
		all := true
		for _, v := range vs {
			x, ok := parse(v)
			if !ok || math.IsNaN(x) || math.IsInf(x, 0) {
				all = false
				break
			}
			xs = append(xs, x)
		}
		if all && len(vs) > 0 {
			return xs, true
		}
	}
	return nil, false
}

// sweepCharts draws load time against each swept parameter.
func sweepCharts(r *Report, g grid) ([]Chart, error) {
	var out []Chart
	for k, param := range r.Params {
		// Values of this parameter and combinations of the others, in
		// order of first appearance (scenario order).
		var values, combos []string
		vIdx, cIdx := map[string]int{}, map[string]int{}
		comboLabel := map[string]string{}
		for _, pt := range g.points {
			if _, ok := vIdx[pt[k]]; !ok {
				vIdx[pt[k]] = len(values)
				values = append(values, pt[k])
			}
			ck, cl := otherKey(r.Params, pt, k)
			if _, ok := cIdx[ck]; !ok {
				cIdx[ck] = len(combos)
				combos = append(combos, ck)
				comboLabel[ck] = cl
			}
		}
		if len(values) < 2 {
			continue
		}
		if len(combos) > maxCombos {
			combos = combos[:1]
		}
		for _, ck := range combos {
			name := "sweep-" + param
			if len(r.Params) > 1 && len(combos) > 1 {
				name += "@" + strings.ReplaceAll(comboLabel[ck], ", ", "@")
			}
			title := fmt.Sprintf("%s: load time vs %s", r.Scenario, param)
			if len(r.Params) > 1 {
				title += "\nat " + comboLabel[ck]
			}
			c, err := sweepChart(g, k, param, values, vIdx, ck, title)
			if err != nil {
				return nil, err
			}
			c.Name = fileStem(name)
			out = append(out, c)
		}
	}
	return out, nil
}

// otherKey identifies a point's values of every parameter but k.
func otherKey(params, pt []string, k int) (key, label string) {
	var ks, ls []string
	for i := range params {
		if i == k {
			continue
		}
		ks = append(ks, pt[i])
		ls = append(ls, params[i]+"="+pt[i])
	}
	return strings.Join(ks, "\x00"), strings.Join(ls, ", ")
}

// otherVals is the key part of otherKey.
func otherVals(pt []string, k int) string {
	key, _ := otherKey(pt, pt, k)
	return key
}

func sweepChart(g grid, k int, param string, values []string, vIdx map[string]int, combo, title string) (Chart, error) {
	xs, numeric := numericValues(values)
	logX := numeric && logWorthy(xs)
	if !numeric {
		xs = make([]float64, len(values))
		for i := range xs {
			xs[i] = float64(i)
		}
	}
	xLabel := param
	if logX {
		xLabel += " (log scale)"
	}
	p := newPlot(title, xLabel, "page load time (ms)")

	// series[s][v] = cell of strategy s at value v (on this combination).
	type pointCell struct {
		x    float64
		cell cell
	}
	series := make([][]pointCell, len(g.strategies))
	var failedMarks failMarks
	var ys []float64
	runs := 0
	for pi, pt := range g.points {
		if otherVals(pt, k) != combo {
			continue
		}
		v := vIdx[pt[k]]
		for s := range g.strategies {
			c := g.cells[pi][s]
			if c.empty() {
				continue
			}
			if c.incomplete() > 0 {
				// An incomplete load has no load time (its last byte only
				// says how far it got): it is marked, and the line goes
				// through the mean of the runs that completed, if any.
				failedMarks = append(failedMarks, failMark{x: xs[v], color: strategyColor(s), row: s})
			}
			if !c.anyComplete() {
				continue
			}
			series[s] = append(series[s], pointCell{xs[v], c})
			lo, hi := c.minMaxMs()
			ys = append(ys, lo, hi)
			runs = max(runs, c.n)
		}
	}
	logY := logWorthy(ys)
	if logY {
		p.Y.Scale = plot.LogScale{}
		p.Y.Tick.Marker = ticks125{}
		p.Y.Label.Text += " (log scale)"
	}
	if runs > 1 {
		sep := "\n"
		if strings.Contains(p.Title.Text, "\n") {
			sep = "; "
		}
		p.Title.Text += fmt.Sprintf("%smean, min–max of %d runs", sep, runs)
	}
	// A line that coincides with a later strategy's is drawn wider, so it
	// shows as an outline around the one drawn over it.
	same := func(a, b []pointCell) bool {
		if len(a) != len(b) || len(a) == 0 {
			return false
		}
		for i := range a {
			ya, yb := a[i].cell.meanMs(), b[i].cell.meanMs()
			if a[i].x != b[i].x || math.Abs(ya-yb) > 0.002*math.Max(math.Abs(ya), math.Abs(yb)) {
				return false
			}
		}
		return true
	}
	widths := make([]vg.Length, len(g.strategies))
	for s := len(g.strategies) - 1; s >= 0; s-- {
		slices.SortStableFunc(series[s], func(a, b pointCell) int { return cmp.Compare(a.x, b.x) })
		widths[s] = vg.Points(1.8)
		for t := s + 1; t < len(g.strategies); t++ {
			if same(series[s], series[t]) {
				widths[s] = max(widths[s], widths[t]+vg.Points(2.5))
			}
		}
	}
	for s, name := range g.strategies {
		pcs := series[s]
		if len(pcs) == 0 {
			continue
		}
		line := make(plotter.XYs, len(pcs))
		var errs minMaxErrs
		for i, pc := range pcs {
			line[i] = plotter.XY{X: pc.x, Y: pc.cell.meanMs()}
			if pc.cell.n-pc.cell.incomplete() > 1 {
				lo, hi := pc.cell.minMaxMs()
				errs.xs, errs.mean = append(errs.xs, pc.x), append(errs.mean, line[i].Y)
				errs.lo, errs.hi = append(errs.lo, lo), append(errs.hi, hi)
			}
		}
		l, sc, err := plotter.NewLinePoints(line)
		if err != nil {
			return Chart{}, fmt.Errorf("plots: sweep chart %s: %v", param, err)
		}
		l.Color, l.Dashes, l.Width = strategyColor(s), strategyDashes(s), widths[s]
		sc.Color, sc.Radius = strategyColor(s), vg.Points(3)
		sc.Shape = strategyGlyphs[s%len(strategyGlyphs)]
		p.Add(l, sc)
		if len(errs.xs) > 0 {
			eb, err := plotter.NewYErrorBars(errs)
			if err != nil {
				return Chart{}, fmt.Errorf("plots: sweep chart %s: %v", param, err)
			}
			eb.Color = strategyColor(s)
			p.Add(eb)
		}
		p.Legend.Add(name, l, sc)
	}

	if len(failedMarks) > 0 {
		p.Add(failedMarks)
		p.Legend.Add("incomplete loads (no load time)", failedMarks)
		p.Title.Text += "\n× marks strategies with incomplete loads there (see summary.md for why)"
	}

	ticks := make([]plot.Tick, len(values))
	for i, v := range values {
		ticks[i] = plot.Tick{Value: xs[i], Label: v}
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	lo, hi := xs[0], xs[0]
	for _, x := range xs {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	switch {
	case logX:
		p.X.Scale = plot.LogScale{}
		p.X.Min, p.X.Max = lo/1.25, hi*1.25
	case !numeric:
		p.X.Min, p.X.Max = -0.4, float64(len(values)-1)+0.4
	default:
		pad := (hi - lo) * 0.05
		p.X.Min, p.X.Max = lo-pad, hi+pad
	}
	// Headroom above the highest line for the legend.
	if len(ys) > 0 {
		lo, hi := slices.Min(ys), slices.Max(ys)
		room := 0.045 * float64(len(g.strategies)+1)
		if logY {
			p.Y.Min, p.Y.Max = lo/1.1, hi*math.Pow(hi/lo, room)
		} else {
			p.Y.Min, p.Y.Max = 0, hi*(1+room)
		}
	}
	if !logY {
		p.Y.Min = 0
	}
	if len(ys) == 0 {
		p.Y.Max = 1 // nothing completed: an empty axis, the marks below it
	}
	// Put the legend on the side where the lines are low at the top:
	// rising lines (load time grows with RTT) leave the top left free.
	p.Legend.Left = risingLeft(series, func(pc pointCell) (float64, float64) { return pc.x, pc.cell.meanMs() })
	return Chart{Plot: p, Width: 7.5 * vg.Inch, Height: 5 * vg.Inch}, nil
}

// risingLeft reports whether the series end higher than they start, on
// average, so the top left corner is the emptier one.
func risingLeft[T any](series [][]T, xy func(T) (float64, float64)) bool {
	var first, last float64
	for _, s := range series {
		if len(s) < 2 {
			continue
		}
		_, y0 := xy(s[0])
		_, y1 := xy(s[len(s)-1])
		first += y0
		last += y1
	}
	return last > first
}

// failMark marks a strategy that lost objects at one sweep value.
type failMark struct {
	x     float64
	color color.Color
	row   int
}

// failMarks draws crosses along the bottom of the plot, one row of them
// per strategy, in the strategy's colour.
type failMarks []failMark

func (fm failMarks) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	for _, m := range fm {
		pt := vg.Point{X: trX(m.x), Y: c.Min.Y + vg.Points(6+7*float64(m.row))}
		if !c.ContainsX(pt.X) {
			continue
		}
		c.DrawGlyph(draw.GlyphStyle{Color: m.color, Radius: vg.Points(3.5), Shape: draw.CrossGlyph{}}, pt)
	}
}

func (fm failMarks) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(draw.GlyphStyle{Color: red, Radius: vg.Points(3.5), Shape: draw.CrossGlyph{}}, c.Center())
}
