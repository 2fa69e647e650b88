package plots

import (
	"fmt"
	"image/color"
	"math"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"pagesim/model"
)

// maxWaterfallRows bounds a waterfall's height.
const maxWaterfallRows = 150

// A phase of an object's timeline, in the order they happen.
type phase struct {
	name  string
	color color.Color
}

// The phases, coloured as WebPageTest colours them so the chart reads
// familiar: queued grey, DNS teal, connect orange, TLS purple, wait
// (request sent → first byte) green, receive blue. An object whose receive
// spans are known (model.ObjectResult.Receive) has its receive phase in
// light blue, with the spans in which its bytes arrived in blue on top:
// objects multiplexed on one HTTP/2 connection show their interleaved
// arrival, and a stall behind a lost segment shows as a gap in every
// stream of the connection.
var phases = []phase{
	{"queued", rgb(0xC8, 0xC8, 0xC8)},
	{"DNS", rgb(0x1B, 0x9E, 0x9E)},
	{"TCP connect", rgb(0xF2, 0x8E, 0x2B)},
	{"TLS", rgb(0x94, 0x67, 0xBD)},
	{"wait (request → first byte)", rgb(0x8C, 0xD1, 0x7D)},
	{"receive", rgb(0x2F, 0x6D, 0xB5)},
	{"receive (no bytes arriving)", rgb(0xB9, 0xD0, 0xEC)},
}

// phaseReceive and phaseReceiveGap index phases.
const (
	phaseReceive    = 5
	phaseReceiveGap = 6
)

var stallFill = color.NRGBA{0xD6, 0x27, 0x28, 0x50}

// spans splits an object's timeline into the phases: [from, to) per phase
// index. Timestamps are clamped to be non-decreasing, so a phase that did
// not happen is empty. The gap between the connection being ready and the
// request being sent (waiting for a busy connection) counts as queued.
func spans(o model.ObjectResult) [][3]time.Duration {
	t := []time.Duration{o.Ready, o.DNSStart, o.ConnectStart, o.TCPDone, o.TLSDone, o.RequestSent, o.FirstByte, o.LastByte}
	for i := 1; i < len(t); i++ {
		t[i] = max(t[i], t[i-1])
	}
	var out [][3]time.Duration
	add := func(ph int, a, b time.Duration) {
		if b > a {
			out = append(out, [3]time.Duration{time.Duration(ph), a, b})
		}
	}
	add(0, t[0], t[1]) // queued
	add(1, t[1], t[2]) // DNS
	add(2, t[2], t[3]) // TCP
	add(3, t[3], t[4]) // TLS
	add(0, t[4], t[5]) // blocked on a busy connection
	add(4, t[5], t[6]) // wait
	add(5, t[6], t[7]) // receive
	return out
}

func waterfallChart(r *Report, row Row) (Chart, error) {
	res := row.Result
	objs := res.Objects
	truncatedRows := 0
	if len(objs) > maxWaterfallRows {
		truncatedRows = len(objs) - maxWaterfallRows
		objs = objs[:maxWaterfallRows]
	}
	n := len(objs)
	title := fmt.Sprintf("%s: %s waterfall, load %s ms", r.Scenario, row.Strategy, fmtMs(ms(res.LoadTime)))
	var detail []string
	if !res.Complete {
		// An incomplete load has no load time; say why instead.
		title = fmt.Sprintf("%s: %s waterfall, INCOMPLETE (%s)", r.Scenario, row.Strategy, orText(string(res.Incomplete), "not complete"))
		if res.IncompleteDetail != "" {
			detail = append(detail, res.IncompleteDetail)
		}
	}
	if len(r.Params) > 0 {
		detail = append(detail, pointLabel(r.Params, row.Point))
	}
	if truncatedRows > 0 {
		detail = append(detail, fmt.Sprintf("first %d of %d objects", n, len(res.Objects)))
	}
	if len(detail) > 0 {
		title += "\n" + strings.Join(detail, "; ")
	}
	p := newPlot(title, "time since navigation start (ms)", "object (connection id; + opened for it)")
	y := func(i int) float64 { return float64(n - 1 - i) }

	const half = 0.34
	var bars rects
	var notes labels
	present := make([]bool, len(phases))
	// The axis covers everything that happened, not only the load time:
	// a SYN retried for two minutes, a connection closed late.
	xmax := ms(res.LoadTime)
	for _, c := range res.Conns {
		xmax = math.Max(xmax, ms(max(c.Opened, c.Closed)))
	}
	note := textStyle(p, 8, red)
	annot := make([][]string, n)
	barEnd := make([]float64, n)

	for i, o := range objs {
		bars = objectBars(bars, o, y(i)-half, y(i)+half, present)
		end := ms(max(o.LastByte, o.RequestSent, o.Ready))
		barEnd[i] = end
		if o.Retries > 0 {
			annot[i] = append(annot[i], fmt.Sprintf("retried ×%d", o.Retries))
		}
		if o.Failed {
			annot[i] = append(annot[i], "FAILED"+orText(": "+o.FailReason, ""))
		}
		if o.Truncated {
			annot[i] = append(annot[i], "truncated")
		}
	}
	p.Add(bars)

	// Connections that never became ready (a SYN lost until the client
	// gave up, a refused connection): a TCP-connect band outlined in red
	// over the attempt, on the row of the object that waited for it.
	var failedConns rects
	for _, c := range res.Conns {
		if c.Ready > 0 || c.Closed <= c.Opened {
			continue
		}
		i := attemptRow(objs, c)
		if i < 0 {
			continue
		}
		failedConns = append(failedConns, rect{x0: ms(c.Opened), x1: ms(c.Closed), y0: y(i) - half, y1: y(i) + half,
			fill: phases[2].color, line: draw.LineStyle{Color: red, Width: vg.Points(1)}})
		present[2] = true
		annot[i] = appendOnce(annot[i], fmt.Sprintf("c%d never connected%s", c.ID, orText(" ("+string(c.End)+")", "")))
		barEnd[i] = math.Max(barEnd[i], ms(c.Closed))
	}
	if len(failedConns) > 0 {
		p.Add(failedConns)
	}

	// Lost attempts: a dashed red line from the first attempt to the
	// attempt that counted.
	lostStyle := draw.LineStyle{Color: red, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(3), vg.Points(2)}}
	anyLost := false
	for i, o := range objs {
		if o.Retries > 0 && o.RequestSent > o.FirstAttempt {
			l, err := plotter.NewLine(plotter.XYs{{X: ms(o.FirstAttempt), Y: y(i)}, {X: ms(o.RequestSent), Y: y(i)}})
			if err != nil {
				return Chart{}, fmt.Errorf("plots: waterfall %s: %v", row.Strategy, err)
			}
			l.LineStyle = lostStyle
			p.Add(l)
			anyLost = true
		}
	}

	// Stalls: a translucent red band over the waiting time.
	var stalls rects
	for _, s := range res.Stalls {
		if s.Object < 0 || s.Object >= n || s.To <= s.From {
			continue
		}
		stalls = append(stalls, rect{x0: ms(s.From), x1: ms(s.To), y0: y(s.Object) - 0.48, y1: y(s.Object) + 0.48,
			fill: stallFill, line: draw.LineStyle{Color: red, Width: vg.Points(0.8)}})
		cause := "stall"
		if s.Cause != "" {
			cause = "stall: " + s.Cause
		}
		annot[s.Object] = appendOnce(annot[s.Object], cause)
		barEnd[s.Object] = math.Max(barEnd[s.Object], ms(s.To))
		xmax = math.Max(xmax, ms(s.To))
	}
	if len(stalls) > 0 {
		p.Add(stalls)
	}

	// Resets: a red cross where a connection was reset, on the row of an
	// object it carried (or whose lost attempt it carried).
	var rstPts plotter.XYs
	for _, c := range res.Conns {
		if c.End != model.EndReset {
			continue
		}
		i := resetRow(objs, res.Stalls, c)
		if i < 0 {
			continue
		}
		rstPts = append(rstPts, plotter.XY{X: ms(c.Closed), Y: y(i)})
		annot[i] = appendOnce(annot[i], fmt.Sprintf("reset c%d", c.ID))
		barEnd[i] = math.Max(barEnd[i], ms(c.Closed)) // the text starts after the mark
		xmax = math.Max(xmax, ms(c.Closed))
	}
	var rstMark *plotter.Scatter
	if len(rstPts) > 0 {
		sc, err := plotter.NewScatter(rstPts)
		if err != nil {
			return Chart{}, fmt.Errorf("plots: waterfall %s: %v", row.Strategy, err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: red, Radius: vg.Points(4), Shape: draw.CrossGlyph{}}
		p.Add(sc)
		rstMark = sc
	}

	for i := range objs {
		xmax = math.Max(xmax, barEnd[i])
		if len(annot[i]) > 0 {
			notes = append(notes, label{x: barEnd[i], y: y(i), text: strings.Join(annot[i], ", "), style: note,
				off: vg.Point{X: vg.Points(6)}})
		}
	}

	// The load time, as a dashed vertical line (an incomplete load has
	// none).
	if res.Complete && res.LoadTime > 0 && n > 0 {
		lt, err := plotter.NewLine(plotter.XYs{{X: ms(res.LoadTime), Y: -0.5}, {X: ms(res.LoadTime), Y: float64(n) - 0.5}})
		if err != nil {
			return Chart{}, fmt.Errorf("plots: waterfall %s: %v", row.Strategy, err)
		}
		lt.LineStyle = draw.LineStyle{Color: colorBlack, Width: vg.Points(0.8), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
		p.Add(lt) // its value is in the title
	}
	p.Add(notes)

	// Legend: the phases that occur, then the marks that occur.
	for ph, ok := range present {
		if ok {
			p.Legend.Add(phases[ph].name, swatch{fill: phases[ph].color})
		}
	}
	if anyLost {
		p.Legend.Add("lost attempt", &plotter.Line{LineStyle: lostStyle})
	}
	if len(stalls) > 0 {
		p.Legend.Add("stall", swatch{fill: stallFill, line: draw.LineStyle{Color: red, Width: vg.Points(0.8)}})
	}
	if rstMark != nil {
		p.Legend.Add("reset", rstMark)
	}
	if len(failedConns) > 0 {
		p.Legend.Add("connection never ready", swatch{fill: phases[2].color, line: draw.LineStyle{Color: red, Width: vg.Points(1)}})
	}

	ticks := make([]plot.Tick, n)
	for i, o := range objs {
		ticks[i] = plot.Tick{Value: y(i), Label: rowLabel(o, res.Conns)}
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Tick.Length = 0
	p.Y.Min, p.Y.Max = -0.6, float64(n)-0.4
	if n == 0 {
		p.Y.Min, p.Y.Max = -0.5, 0.5
	}
	p.X.Min = 0
	if xmax <= 0 {
		xmax = 1
	}
	// Leave room right of each annotated bar for its annotation: the
	// data area is about the chart's width less the object labels.
	const width = 10 * vg.Inch
	dataW := width - 2.4*vg.Inch
	p.X.Max = xmax * 1.04
	for _, l := range notes {
		frac := float64((l.style.Width(l.text) + vg.Points(10)) / dataW)
		frac = min(frac, 0.6)
		p.X.Max = math.Max(p.X.Max, l.x/(1-frac))
	}
	h := vg.Length(n)*0.2*vg.Inch + 1.6*vg.Inch
	h = max(h, 3.5*vg.Inch)
	return Chart{Name: fileStem("waterfall-" + row.Strategy), Plot: p, Width: width, Height: h}, nil
}

// objectBars appends the bars of o's phases between heights y0 and y1,
// marking the phases drawn in present: the timeline's phases, and, when
// its receive spans are known, the receive phase in light blue under
// them.
func objectBars(bars rects, o model.ObjectResult, y0, y1 float64, present []bool) rects {
	for _, sp := range spans(o) {
		ph := int(sp[0])
		if ph == phaseReceive && len(o.Receive) > 0 {
			ph = phaseReceiveGap // the spans go on top
		}
		present[ph] = true
		bars = append(bars, rect{x0: ms(sp[1]), x1: ms(sp[2]), y0: y0, y1: y1, fill: phases[ph].color})
	}
	for _, sp := range o.Receive {
		present[phaseReceive] = true
		bars = append(bars, rect{x0: ms(sp.From), x1: ms(sp.To), y0: y0, y1: y1, fill: phases[phaseReceive].color})
	}
	return bars
}

// rowLabel is an object's tick label: its id (shortened) and the
// connection that carried it, "+" marking a new one, and the connection's
// protocol when it is not HTTP/1.x.
func rowLabel(o model.ObjectResult, conns []model.ConnResult) string {
	id := shortID(o)
	proto := ""
	if o.Conn >= 0 && o.Conn < len(conns) && conns[o.Conn].Protocol != "" && conns[o.Conn].Protocol != "h1" {
		proto = " " + conns[o.Conn].Protocol
	}
	switch {
	case o.Conn < 0:
		return id + " (none)"
	case o.Reused:
		return fmt.Sprintf("%s (c%d%s)", id, o.Conn, proto)
	}
	return fmt.Sprintf("%s (c%d+%s)", id, o.Conn, proto)
}

// resetRow chooses the row on which to mark a reset connection: the last
// object it carried, else an object that stalled on it, else an object
// whose lost attempt spans the reset; -1 if none.
func resetRow(objs []model.ObjectResult, stalls []model.Stall, c model.ConnResult) int {
	for i := len(objs) - 1; i >= 0; i-- {
		if objs[i].Conn == c.ID {
			return i
		}
	}
	for _, s := range stalls {
		if s.Conn == c.ID && s.Object >= 0 && s.Object < len(objs) {
			return s.Object
		}
	}
	for i, o := range objs {
		if o.Retries > 0 && o.FirstAttempt <= c.Closed && c.Closed <= o.RequestSent {
			return i
		}
	}
	return -1
}

// attemptRow chooses the row on which to draw a connection that never
// became ready: the last object it carried, else the first object of its
// host that got no connection at all; -1 if none.
func attemptRow(objs []model.ObjectResult, c model.ConnResult) int {
	for i := len(objs) - 1; i >= 0; i-- {
		if objs[i].Conn == c.ID {
			return i
		}
	}
	for i, o := range objs {
		if o.Conn < 0 && o.Host == c.Host && o.Ready <= c.Opened {
			return i
		}
	}
	return -1
}

// orText is s, or alt when s holds nothing but punctuation and spaces
// around an empty value (": ", " ()").
func orText(s, alt string) string {
	if strings.Trim(s, " :()") == "" {
		return alt
	}
	return s
}

func appendOnce(ss []string, s string) []string {
	for _, x := range ss {
		if x == s {
			return ss
		}
	}
	return append(ss, s)
}
