package plots

import (
	"fmt"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// maxBars bounds the load-time chart; beyond it only the first point is
// drawn (the sweep charts show the rest).
const maxBars = 60

// barPoints are the points a chart of one bar (or box) per strategy and
// point draws: every point, or only the first when there would be more
// than maxBars (then detail says which).
func barPoints(r *Report, g grid) (points []int, detail []string) {
	points = make([]int, len(g.points))
	for i := range points {
		points[i] = i
	}
	if len(points)*len(g.strategies) > maxBars {
		points = points[:1]
		detail = append(detail, "at "+pointLabel(r.Params, g.points[0]))
	}
	return points, detail
}

// barAxisLabel labels the axis of such a chart: the strategies, or the
// sweep points when there are several.
func barAxisLabel(r *Report, points []int) string {
	if len(points) > 1 {
		return "sweep point: " + joinParams(r.Params)
	}
	return "strategy"
}

// loadTimeChart draws mean load time per strategy, grouped by point.
func loadTimeChart(r *Report, g grid) (Chart, error) {
	nS := len(g.strategies)
	title := r.Scenario + ": page load time"
	points, detail := barPoints(r, g)
	runs := 0
	for _, p := range points {
		for _, c := range g.cells[p] {
			runs = max(runs, c.n)
		}
	}
	if runs > 1 {
		detail = append(detail, fmt.Sprintf("mean, min–max of %d runs", runs))
	}
	if len(detail) > 0 {
		title += "\n" + strings.Join(detail, "; ")
	}
	p := newPlot(title, barAxisLabel(r, points), "page load time (ms)")

	var bars rects
	var errs minMaxErrs
	var texts labels
	var ticks []plot.Tick
	valueLabels := len(points)*nS <= 18
	ymax := 0.0
	anyIncomplete := false
	for gi, pi := range points {
		for s := range g.strategies {
			c := g.cells[pi][s]
			x := float64(gi*(nS+1) + s)
			if c.empty() {
				continue
			}
			// Only complete runs have a load time: a strategy none of
			// whose runs completed gets no bar, only the word.
			top := 0.0
			if c.anyComplete() {
				m := c.meanMs()
				bars = append(bars, rect{x0: x - 0.4, x1: x + 0.4, y0: 0, y1: m, fill: strategyColor(s)})
				top = m
				if c.n-c.incomplete() > 1 {
					lo, hi := c.minMaxMs()
					errs.xs, errs.mean = append(errs.xs, x), append(errs.mean, m)
					errs.lo, errs.hi = append(errs.lo, lo), append(errs.hi, hi)
					top = hi
				}
				ymax = max(ymax, top)
				if valueLabels {
					st := textStyle(p, 8, colorBlack)
					st.XAlign, st.YAlign = draw.XCenter, draw.YBottom
					texts = append(texts, label{x: x, y: top, text: fmtMsShort(m), style: st, off: vg.Point{Y: vg.Points(2)}})
				}
			}
			if inc := c.incomplete(); inc > 0 {
				text := "incomplete"
				if c.n > 1 {
					text = fmt.Sprintf("%d/%d incomplete", inc, c.n)
				}
				st := textStyle(p, 8, red)
				st.XAlign, st.YAlign = draw.XCenter, draw.YBottom
				off := vg.Points(12)
				if !c.anyComplete() {
					off = vg.Points(2)
				}
				texts = append(texts, label{x: x, y: top, text: text, style: st, off: vg.Point{Y: off}})
				anyIncomplete = true
			}
			if len(points) == 1 {
				ticks = append(ticks, plot.Tick{Value: x, Label: g.strategies[s]})
			}
		}
		if len(points) > 1 {
			ticks = append(ticks, plot.Tick{Value: float64(gi*(nS+1)) + float64(nS-1)/2, Label: shortPointLabel(g.points[pi])})
		}
	}
	if anyIncomplete {
		p.Title.Text += "\nincomplete loads have no load time: no bar, or the mean of the runs that completed"
	}
	p.Add(bars)
	if len(errs.xs) > 0 {
		eb, err := plotter.NewYErrorBars(errs)
		if err != nil {
			return Chart{}, fmt.Errorf("plots: load-time chart: %v", err)
		}
		eb.LineStyle.Width = vg.Points(1)
		p.Add(eb)
	}
	p.Add(texts)
	p.X.Tick.Marker = plot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = -0.7, float64(len(points)*(nS+1)-1)-0.3
	p.Y.Min = 0
	p.Y.Max = ymax * 1.12 // room for the value labels
	if p.Y.Max <= 0 {
		p.Y.Max = 1
	}
	if len(points) > 1 {
		for s, name := range g.strategies {
			p.Legend.Add(name, swatch{fill: strategyColor(s)})
		}
		p.Legend.Top, p.Legend.Left = true, true
		p.Y.Max = ymax * (1.15 + 0.06*float64(nS)) // room for the legend
	}
	w := vg.Length(len(points)*(nS+1)) * 0.3 * vg.Inch
	w = min(max(w, 7*vg.Inch), 20*vg.Inch)
	return Chart{Name: "load-time", Plot: p, Width: w, Height: 4.5 * vg.Inch}, nil
}

func joinParams(ps []string) string {
	out := ""
	for i, p := range ps {
		if i > 0 {
			out += ", "
		}
		out += p
	}
	return out
}

// fmtMsShort prints a bar's value: whole milliseconds from 100 ms on.
func fmtMsShort(v float64) string {
	if v >= 100 {
		return strconv.FormatFloat(v, 'f', 0, 64)
	}
	return fmtMs(v)
}
