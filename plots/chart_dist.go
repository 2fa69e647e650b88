package plots

import (
	"fmt"
	"image/color"
	"slices"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The distributions of Monte Carlo load times: drawn only when some
// strategy has several complete runs at a point.
//
//   - "load-time-box": one box per strategy and point, laid out as the
//     load-time chart: the box spans the 25th to the 75th percentile, a
//     line marks the median, whiskers reach the 5th and 95th percentiles
//     (those summary.md gives) and dots the runs beyond them.
//   - "load-time-cdf": at each charted point (ChartPoints), the empirical
//     distribution of each strategy's load times — the share of runs that
//     loaded within x ms — as a step line.

// distRuns is the largest number of complete runs of a cell among points.
func distRuns(g grid, points []int) int {
	n := 0
	for _, p := range points {
		for _, c := range g.cells[p] {
			n = max(n, len(c.loads))
		}
	}
	return n
}

// boxChart draws the load-time box plot (see above), or nothing (ok
// false) when no cell has two complete runs.
func boxChart(r *Report, g grid) (Chart, bool, error) {
	nS := len(g.strategies)
	title := r.Scenario + ": distribution of page load time"
	points, detail := barPoints(r, g)
	runs := distRuns(g, points)
	if runs < 2 {
		return Chart{}, false, nil
	}
	detail = append(detail, fmt.Sprintf("%d runs; box 25th–75th percentile, line median, whiskers 5th–95th", runs))
	title += "\n" + strings.Join(detail, "; ")
	p := newPlot(title, barAxisLabel(r, points), "page load time (ms)")
	var boxes rects
	var whiskers, medians []plotter.XYs
	var outliers plotter.XYs
	var ticks []plot.Tick
	ymax := 0.0
	for gi, pi := range points {
		for s := range g.strategies {
			c := g.cells[pi][s]
			x := float64(gi*(nS+1) + s)
			if len(points) == 1 {
				ticks = append(ticks, plot.Tick{Value: x, Label: g.strategies[s]})
			}
			if len(c.loads) == 0 {
				continue
			}
			st := c.stats()
			q1, q3 := Quantile(c.loads, 0.25), Quantile(c.loads, 0.75)
			boxes = append(boxes, rect{x0: x - 0.35, x1: x + 0.35, y0: q1, y1: q3, fill: lighten(strategyColor(s)),
				line: draw.LineStyle{Color: strategyColor(s), Width: vg.Points(1)}})
			medians = append(medians, plotter.XYs{{X: x - 0.35, Y: st.Median}, {X: x + 0.35, Y: st.Median}})
			whiskers = append(whiskers, plotter.XYs{{X: x, Y: st.P5}, {X: x, Y: q1}}, plotter.XYs{{X: x, Y: q3}, {X: x, Y: st.P95}},
				plotter.XYs{{X: x - 0.15, Y: st.P5}, {X: x + 0.15, Y: st.P5}}, plotter.XYs{{X: x - 0.15, Y: st.P95}, {X: x + 0.15, Y: st.P95}})
			for _, v := range c.loads {
				if v < st.P5 || v > st.P95 {
					outliers = append(outliers, plotter.XY{X: x, Y: v})
				}
			}
			ymax = max(ymax, st.Max)
		}
		if len(points) > 1 {
			ticks = append(ticks, plot.Tick{Value: float64(gi*(nS+1)) + float64(nS-1)/2, Label: shortPointLabel(g.points[pi])})
		}
	}
	p.Add(boxes)
	add := func(lines []plotter.XYs, ls draw.LineStyle) error {
		for _, xy := range lines {
			l, err := plotter.NewLine(xy)
			if err != nil {
				return fmt.Errorf("plots: box plot: %v", err)
			}
			l.LineStyle = ls
			p.Add(l)
		}
		return nil
	}
	if err := add(whiskers, draw.LineStyle{Color: colorBlack, Width: vg.Points(0.8)}); err != nil {
		return Chart{}, false, err
	}
	if err := add(medians, draw.LineStyle{Color: colorBlack, Width: vg.Points(2)}); err != nil {
		return Chart{}, false, err
	}
	if len(outliers) > 0 {
		sc, err := plotter.NewScatter(outliers)
		if err != nil {
			return Chart{}, false, fmt.Errorf("plots: box plot: %v", err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: colorBlack, Radius: vg.Points(1.5), Shape: draw.RingGlyph{}}
		p.Add(sc)
	}
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = -0.7, float64(len(points)*(nS+1)-1)-0.3
	p.Y.Min = 0
	p.Y.Max = max(ymax*1.05, 1)
	const width = 8 * vg.Inch
	w := vg.Length(len(points)*(nS+1)) * 0.3 * vg.Inch
	w = min(max(w, width), 20*vg.Inch)
	if len(points) > 1 {
		var legend []legendItem
		for s, name := range g.strategies {
			legend = append(legend, legendItem{name, swatch{fill: lighten(strategyColor(s)), line: draw.LineStyle{Color: strategyColor(s), Width: vg.Points(1)}}})
		}
		_, band := legendAbove(p, legend, w-1.2*vg.Inch)
		return Chart{Name: "load-time-box", Plot: p, Width: w, Height: wholePixels(4.5*vg.Inch + band)}, true, nil
	}
	return Chart{Name: "load-time-box", Plot: p, Width: w, Height: 4.5 * vg.Inch}, true, nil
}

// cdfChart draws the distribution of load times at point pi as one step
// line per strategy with complete runs, or nothing (ok false) when no
// strategy has two complete runs there.
func cdfChart(r *Report, g grid, pi int) (Chart, bool, error) {
	runs := distRuns(g, []int{pi})
	if runs < 2 {
		return Chart{}, false, nil
	}
	title := fmt.Sprintf("%s: distribution of page load time over %d runs", r.Scenario, runs)
	if len(r.Params) > 0 {
		title += "\n" + pointLabel(r.Params, g.points[pi])
	}
	p := newPlot(title, "page load time (ms)", "share of runs loaded within (%)")
	var legend []legendItem
	xmax := 0.0
	for _, cl := range cdfLines(g, pi) {
		l, err := plotter.NewLine(cl.xys)
		if err != nil {
			return Chart{}, false, fmt.Errorf("plots: cdf chart: %v", err)
		}
		l.StepStyle = plotter.PostStep
		l.Color, l.Width, l.Dashes = strategyColor(cl.s), vg.Points(1.5), strategyDashes(cl.s)
		p.Add(l)
		legend = append(legend, legendItem{cl.name, l})
		xmax = max(xmax, cl.xys[len(cl.xys)-1].X)
	}
	p.Y.Min, p.Y.Max = 0, 100
	p.X.Max = xmax * 1.03
	const width = 8 * vg.Inch
	_, band := legendAbove(p, legend, width-1.2*vg.Inch)
	return Chart{Name: "load-time-cdf", Plot: p, Width: width, Height: wholePixels(5*vg.Inch + band)}, true, nil
}

// cdfLine is one strategy's line of a CDF chart.
type cdfLine struct {
	s    int
	xys  plotter.XYs
	name string
}

// cdfLines are the lines of the CDF at point pi: for each strategy with a
// complete run, the empirical distribution — 0 before the fastest run,
// k/n from the k-th fastest on, n counting every run, so runs that did not
// complete never arrive and the line ends below 100 % — named with its
// median and its incomplete runs.
func cdfLines(g grid, pi int) []cdfLine {
	var out []cdfLine
	for s, name := range g.strategies {
		c := g.cells[pi][s]
		if len(c.loads) == 0 {
			continue
		}
		v := slices.Clone(c.loads)
		slices.Sort(v)
		xys := plotter.XYs{{X: v[0], Y: 0}}
		for k, x := range v {
			xys = append(xys, plotter.XY{X: x, Y: 100 * float64(k+1) / float64(c.n)})
		}
		name := fmt.Sprintf("%s (median %s ms)", name, fmtMs(c.medianMs()))
		if inc := c.incomplete(); inc > 0 {
			name += fmt.Sprintf(", %d of %d incomplete", inc, c.n)
		}
		out = append(out, cdfLine{s, xys, name})
	}
	return out
}

// lighten mixes c with white, for a box's fill.
func lighten(c color.Color) color.Color {
	r, g, b, _ := c.RGBA()
	mix := func(v uint32) uint8 { return uint8((v>>8)/3 + 2*255/3) }
	return color.RGBA{mix(r), mix(g), mix(b), 0xFF}
}
