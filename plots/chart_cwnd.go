package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"pagesim/model"
)

// A cwnd chart names each connection in its legend up to
// maxCwndConnLegend connections; beyond, connections are coloured and
// named by host: the maxCwndHosts hosts with the most connections each
// get a colour, the others share grey as "other hosts".
const (
	maxCwndConnLegend = 20
	maxCwndHosts      = 7
)

var otherHostsColor = rgb(0xA0, 0xA0, 0xA0)

// cwndChart draws the congestion window of each connection of the focus
// run over time, as steps: a window holds until its next change, and the
// last value until the connection closed (or the page finished). The
// legend sits above the data area (legendStrip).
func cwndChart(r *Report, row Row) (Chart, error) {
	c, _, err := cwnd(r, row)
	return c, err
}

// cwnd is cwndChart, and its legend.
func cwnd(r *Report, row Row) (Chart, *legendStrip, error) {
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
	host := func(id int) string {
		if c, ok := conns[id]; ok && c.Host != "" {
			return c.Host
		}
		return "unknown host"
	}
	byHost := len(order) > maxCwndConnLegend
	hostColor, hostNames := cwndHostColors(order, host)
	title := fmt.Sprintf("%s: %s congestion window, %d %s", r.Scenario, row.Strategy, len(order),
		plural(len(order), "connection", "connections"))
	if byHost {
		title += fmt.Sprintf(" on %d %s, coloured by host", len(hostNames), plural(len(hostNames), "host", "hosts"))
	}
	if !res.Complete {
		title += " (load incomplete: " + orText(string(res.Incomplete), "not complete") + ")"
	}
	var detail []string
	if len(r.Params) > 0 {
		detail = append(detail, pointLabel(r.Params, row.Point))
	}
	if d := r.runDetail(row); d != "" {
		detail = append(detail, d)
	}
	if len(detail) > 0 {
		title += "\n" + strings.Join(detail, "; ")
	}
	if byHost {
		// The grey connections first, behind the coloured ones.
		grey := func(id int) bool { return hostColor[host(id)] == otherHostsColor }
		slices.SortStableFunc(order, func(a, b int) int { return b2int(grey(b)) - b2int(grey(a)) })
	}
	p := newPlot(title, "", "server's congestion window (KB)")
	xmax := ms(res.LoadTime)
	ymax := 0.0
	var legend []legendItem
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
			return Chart{}, nil, fmt.Errorf("plots: cwnd chart %s: %v", row.Strategy, err)
		}
		l.StepStyle = plotter.PostStep
		col, dashes, width := strategyColor(i), strategyDashes(i), vg.Points(1.5)
		if byHost {
			col, dashes, width = hostColor[host(id)], nil, vg.Points(1)
		}
		l.Color, l.Width, l.Dashes = col, width, dashes
		p.Add(l)
		if len(pts) <= 2 {
			sc.XYs = sc.XYs[:len(pts)] // no dot on the extension to the close
			sc.Color, sc.Radius, sc.Shape = col, vg.Points(2), draw.CircleGlyph{}
			p.Add(sc)
		}
		if !byHost {
			legend = append(legend, legendItem{fmt.Sprintf("c%d %s", id, host(id)), l})
		}
	}
	if byHost {
		// The hosts in order of their connections, the others last.
		thumb := func(c color.Color) *plotter.Line {
			return &plotter.Line{LineStyle: draw.LineStyle{Color: c, Width: vg.Points(2)}}
		}
		for _, h := range hostNames {
			if c := hostColor[h.host]; c != otherHostsColor {
				legend = append(legend, legendItem{h.label(), thumb(c)})
			}
		}
		if len(hostNames) > maxCwndHosts {
			legend = append(legend, legendItem{otherHostsLabel(hostNames, hostColor), thumb(otherHostsColor)})
		}
	}
	p.X.Min, p.Y.Min = 0, 0
	if xmax > 0 {
		p.X.Max = xmax * 1.02
	}
	tt := timeTicks{}
	p.X.Tick.Marker = tt
	p.X.Label.Text = "time since navigation start (" + tt.unit(p.X.Max) + ")"
	if ymax > 0 {
		p.Y.Max = ymax * 1.05
	}
	const width = 8 * vg.Inch
	strip, band := legendAbove(p, legend, width-1.3*vg.Inch)
	return Chart{Name: fileStem("cwnd-" + row.Strategy), Plot: p, Width: width, Height: wholePixels(5*vg.Inch + band)}, strip, nil
}

// hostCount is a host and how many connections went to it.
type hostCount struct {
	host string
	n    int
}

func (h hostCount) label() string {
	return fmt.Sprintf("%s (%d %s)", h.host, h.n, plural(h.n, "connection", "connections"))
}

// cwndHostColors counts the connections per host, most first (ties by
// name), and gives the first maxCwndHosts a colour each and the rest
// otherHostsColor.
func cwndHostColors(order []int, host func(int) string) (map[string]color.Color, []hostCount) {
	n := map[string]int{}
	for _, id := range order {
		n[host(id)]++
	}
	hosts := make([]hostCount, 0, len(n))
	for h, k := range n {
		hosts = append(hosts, hostCount{h, k})
	}
	slices.SortFunc(hosts, func(a, b hostCount) int {
		if a.n != b.n {
			return b.n - a.n
		}
		if a.host < b.host {
			return -1
		}
		if a.host > b.host {
			return 1
		}
		return 0
	})
	cols := map[string]color.Color{}
	for i, h := range hosts {
		cols[h.host] = otherHostsColor
		if i < maxCwndHosts {
			cols[h.host] = strategyColor(i)
		}
	}
	return cols, hosts
}

// otherHostsLabel names the hosts that share grey: "other 12 hosts (30
// connections)".
func otherHostsLabel(hosts []hostCount, cols map[string]color.Color) string {
	k, conns := 0, 0
	for _, h := range hosts {
		if cols[h.host] == otherHostsColor {
			k++
			conns += h.n
		}
	}
	return fmt.Sprintf("other %d %s (%d %s)", k, plural(k, "host", "hosts"), conns, plural(conns, "connection", "connections"))
}

func b2int(b bool) int {
	if b {
		return 1
	}
	return 0
}
