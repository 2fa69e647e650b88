package plots

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"pagesim/model"
)

// maxCwndLegend is the most connections named in a cwnd chart's legend.
const maxCwndLegend = 12

// cwndChart draws the congestion window of each connection of the focus
// run over time, as steps: a window holds until its next change, and the
// last value until the connection closed (or the page finished).
func cwndChart(r *Report, row Row) (Chart, error) {
	res := row.Result
	byConn := map[int][]model.CwndPoint{}
	var order []int
	for _, c := range res.Cwnd {
		if _, ok := byConn[c.Conn]; !ok {
			order = append(order, c.Conn)
		}
		byConn[c.Conn] = append(byConn[c.Conn], c)
	}
	conns := map[int]model.ConnResult{}
	for _, c := range res.Conns {
		conns[c.ID] = c
	}
	title := fmt.Sprintf("%s: %s congestion window, %d %s", r.Scenario, row.Strategy, len(order),
		plural(len(order), "connection", "connections"))
	if !res.Complete {
		title += " (load incomplete: " + orText(string(res.Incomplete), "not complete") + ")"
	}
	if len(r.Params) > 0 {
		title += "\n" + pointLabel(r.Params, row.Point)
	}
	p := newPlot(title, "time since navigation start (ms)", "server's congestion window (KB)")
	xmax := ms(res.LoadTime)
	ymax := 0.0
	for i, id := range order {
		pts := byConn[id]
		xys := make(plotter.XYs, 0, len(pts)+1)
		for _, c := range pts {
			xys = append(xys, plotter.XY{X: ms(c.At), Y: float64(c.Cwnd) / 1000})
		}
		last := pts[len(pts)-1]
		end := res.LoadTime
		if c, ok := conns[id]; ok && c.Closed > 0 && c.End != model.EndOpen {
			end = c.Closed
		}
		if end > last.At {
			xys = append(xys, plotter.XY{X: ms(end), Y: float64(last.Cwnd) / 1000})
		}
		for _, xy := range xys {
			xmax, ymax = math.Max(xmax, xy.X), math.Max(ymax, xy.Y)
		}
		// Dots mark the changes of a connection whose window changed only
		// once or twice, so one that changed at a single instant still
		// shows.
		l, sc, err := plotter.NewLinePoints(xys)
		if err != nil {
			return Chart{}, fmt.Errorf("plots: cwnd chart %s: %v", row.Strategy, err)
		}
		l.StepStyle = plotter.PostStep
		l.Color, l.Width, l.Dashes = strategyColor(i), vg.Points(1.5), strategyDashes(i)
		p.Add(l)
		if len(pts) <= 2 {
			sc.XYs = sc.XYs[:len(pts)] // no dot on the extension to the close
			sc.Color, sc.Radius, sc.Shape = strategyColor(i), vg.Points(2), draw.CircleGlyph{}
			p.Add(sc)
		}
		if len(order) <= maxCwndLegend {
			name := fmt.Sprintf("c%d", id)
			if c, ok := conns[id]; ok && c.Host != "" {
				name += " " + c.Host
			}
			p.Legend.Add(name, l)
		}
	}
	p.X.Min, p.Y.Min = 0, 0
	if xmax > 0 {
		p.X.Max = xmax * 1.02
	}
	if ymax > 0 {
		p.Y.Max = ymax * 1.15 // room for the legend
	}
	p.Legend.Left = false
	return Chart{Name: fileStem("cwnd-" + row.Strategy), Plot: p, Width: 8 * vg.Inch, Height: 5 * vg.Inch}, nil
}
