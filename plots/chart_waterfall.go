package plots

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"pagesim/model"
)

// A waterfall draws every object of the page, one row each. Rows are
// waterfallRowHeight tall up to waterfallMaxHeight of rows; a larger page
// gets thinner rows (every object is still drawn) and labels on every
// k-th row only, k chosen so that labels are at least
// waterfallMinLabelGap apart.
const (
	waterfallRowHeight   = 0.18 * vg.Inch
	waterfallMaxHeight   = 60 * vg.Inch
	waterfallMinLabelGap = 9 // points
	waterfallWidth       = 12 * vg.Inch
)

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

var (
	stallFill = color.NRGBA{0xD6, 0x27, 0x28, 0x50}
	rowShade  = rgb(0xF2, 0xF2, 0xF2)
	gridColor = rgb(0xD0, 0xD0, 0xD0)
)

// spans splits an object's timeline into the phases: [from, to) per phase
// index. Timestamps are clamped to be non-decreasing, so a phase that did
// not happen is empty. The gap between the connection being ready and the
// request being sent (waiting for a busy connection) counts as queued. A
// failed object's timeline ends when it was given up on: it waited
// (queued, or for an answer) until then.
func spans(o model.ObjectResult) [][3]time.Duration {
	t := []time.Duration{o.Ready, o.DNSStart, o.ConnectStart, o.TCPDone, o.TLSDone, o.RequestSent, o.FirstByte, o.LastByte}
	if o.Failed {
		switch {
		case !o.Has.Includes(model.HasReady):
			return nil // its parent failed first: it never became ready
		case !o.Has.Includes(model.HasRequest):
			// Never sent: queued until it failed.
			return [][3]time.Duration{{0, o.Ready, max(o.FailedAt, o.Ready)}}
		case !o.Has.Includes(model.HasFirstByte):
			t[6], t[7] = o.FailedAt, o.FailedAt // waited for an answer
		default:
			t[7] = o.FailedAt
		}
	}
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

// waterfallChart draws the waterfall of one run: every object against
// time, phases coloured, vertical marks at the document's arrival, the end
// of the load and the report's recorded marks (Report.Marks), time
// gridlines, and a legend above the rows.
func waterfallChart(r *Report, row Row) (Chart, error) {
	c, _, err := waterfall(r, row)
	return c, err
}

// waterfall is waterfallChart, and the legend it reserved room for.
func waterfall(r *Report, row Row) (Chart, *legendStrip, error) {
	res := row.Result
	objs := res.Objects
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
	if d := r.runDetail(row); d != "" {
		detail = append(detail, d)
	}
	rowH := waterfallRowHeight
	if vg.Length(n)*rowH > waterfallMaxHeight {
		rowH = waterfallMaxHeight / vg.Length(n)
	}
	every := max(1, int(math.Ceil(float64(vg.Points(waterfallMinLabelGap)/rowH))))
	if every > 1 {
		detail = append(detail, fmt.Sprintf("%d objects, every one drawn; labels on every %s row", n, ordinal(every)))
	}
	if len(detail) > 0 {
		title += "\n" + strings.Join(detail, "; ")
	}
	p := newPlot(title, "", "objects (cN+: connection N opened for it)")
	y := func(i int) float64 { return float64(n - 1 - i) }
	roomy := rowH >= vg.Points(6) // room for a note on a row

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

	// Every other row shaded, so a long row reads across.
	shade := rowBands{fill: rowShade}
	for i := 1; i < n; i += 2 {
		shade.y = append(shade.y, y(i))
	}
	p.Add(shade)
	grid := plotter.NewGrid()
	grid.Horizontal.Color = nil
	grid.Vertical = draw.LineStyle{Color: gridColor, Width: vg.Points(0.5)}
	p.Add(grid)

	var failedAt plotter.XYs
	for i, o := range objs {
		bars = objectBars(bars, o, y(i)-half, y(i)+half, present)
		end := ms(max(o.LastByte, o.RequestSent, o.Ready))
		if o.Retries > 0 {
			annot[i] = append(annot[i], fmt.Sprintf("retried ×%d", o.Retries))
		}
		if o.Failed {
			end = math.Max(end, ms(o.FailedAt))
			failedAt = append(failedAt, plotter.XY{X: ms(o.FailedAt), Y: y(i)})
			annot[i] = append(annot[i], "FAILED"+orText(": "+o.FailReason, ""))
		}
		barEnd[i] = end
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
				return Chart{}, nil, fmt.Errorf("plots: waterfall %s: %v", row.Strategy, err)
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
	var legend []legendItem
	for ph, ok := range present {
		if ok {
			legend = append(legend, legendItem{phases[ph].name, swatch{fill: phases[ph].color}})
		}
	}
	addMarks := func(pts plotter.XYs, shape draw.GlyphDrawer, name string) error {
		if len(pts) == 0 {
			return nil
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return fmt.Errorf("plots: waterfall %s: %v", row.Strategy, err)
		}
		sc.GlyphStyle = draw.GlyphStyle{Color: red, Radius: vg.Points(min(4, max(1.5, float64(rowH/vg.Points(1))/3))), Shape: shape}
		p.Add(sc)
		legend = append(legend, legendItem{name, sc})
		return nil
	}
	if err := addMarks(rstPts, draw.CrossGlyph{}, "reset"); err != nil {
		return Chart{}, nil, err
	}
	if err := addMarks(failedAt, draw.BoxGlyph{}, "failed (given up)"); err != nil {
		return Chart{}, nil, err
	}
	if anyLost {
		legend = append(legend, legendItem{"lost attempt", &plotter.Line{LineStyle: lostStyle}})
	}
	if len(stalls) > 0 {
		legend = append(legend, legendItem{"stall", swatch{fill: stallFill, line: draw.LineStyle{Color: red, Width: vg.Points(0.8)}}})
	}
	if len(failedConns) > 0 {
		legend = append(legend, legendItem{"connection never ready", swatch{fill: phases[2].color, line: draw.LineStyle{Color: red, Width: vg.Points(1)}}})
	}

	for i := range objs {
		xmax = math.Max(xmax, barEnd[i])
		if len(annot[i]) > 0 && (roomy || i%every == 0) {
			notes = append(notes, label{x: barEnd[i], y: y(i), text: strings.Join(annot[i], ", "), style: note,
				off: vg.Point{X: vg.Points(6)}})
		}
	}

	// The marks across every row: the document's arrival, the end of the
	// load (an incomplete load has none), and what a recording says.
	for _, m := range waterfallMarks(r, res) {
		if n == 0 {
			break
		}
		l, err := plotter.NewLine(plotter.XYs{{X: ms(m.At), Y: -0.5}, {X: ms(m.At), Y: float64(n) - 0.5}})
		if err != nil {
			return Chart{}, nil, fmt.Errorf("plots: waterfall %s: %v", row.Strategy, err)
		}
		l.LineStyle = m.style
		p.Add(l)
		legend = append(legend, legendItem{fmt.Sprintf("%s (%s ms)", m.Name, fmtMs(ms(m.At))), l})
		xmax = math.Max(xmax, ms(m.At))
	}
	p.Add(notes)

	ticks := make([]plot.Tick, 0, n/every+1)
	var labelW vg.Length
	for i, o := range objs {
		if i%every != 0 {
			continue
		}
		t := plot.Tick{Value: y(i), Label: rowLabel(i, o, res.Conns)}
		ticks = append(ticks, t)
		labelW = max(labelW, p.Y.Tick.Label.Width(t.Label))
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
	// Leave room right of each annotated bar for its annotation. The
	// data area is the chart's width less the row labels and the axis
	// (an estimate on the narrow side, so the legend's lines are never
	// fewer than it needs).
	dataW := waterfallWidth - labelW - 1.2*vg.Inch
	p.X.Max = xmax * 1.04
	for _, l := range notes {
		frac := float64((l.style.Width(l.text) + vg.Points(10)) / dataW)
		frac = min(frac, 0.6)
		p.X.Max = math.Max(p.X.Max, l.x/(1-frac))
	}
	tt := timeTicks{}
	p.X.Tick.Marker = tt
	p.X.Label.Text = "time since navigation start (" + tt.unit(p.X.Max) + ")"

	strip, band := legendAbove(p, legend, dataW)
	// Tall enough for the rows, and for the axis label along them (gonum
	// shrinks the rows to fit a longer one).
	top := 1.4*vg.Inch + band + vg.Length(strings.Count(title, "\n"))*vg.Points(15)
	h := max(vg.Length(n)*rowH, p.Y.Label.TextStyle.Width(p.Y.Label.Text)+vg.Points(20)) + top
	h = max(h, 3.5*vg.Inch)
	h = wholePixels(h)
	return Chart{Name: fileStem("waterfall-" + row.Strategy), Plot: p, Width: waterfallWidth, Height: h}, strip, nil
}

// waterfallMark is a vertical line across a waterfall.
type waterfallMark struct {
	Mark
	style draw.LineStyle
}

// waterfallMarks are the instants drawn across every row: the document's
// arrival (its last byte), the end of a complete load, and the report's
// marks (what a recording says: DOMContentLoaded, onLoad).
func waterfallMarks(r *Report, res *model.Result) []waterfallMark {
	var out []waterfallMark
	if len(res.Objects) > 0 && res.Objects[0].Has.Includes(model.HasLastByte) {
		out = append(out, waterfallMark{Mark{"document arrived", res.Objects[0].LastByte},
			draw.LineStyle{Color: rgb(0x1F, 0x4E, 0x9E), Width: vg.Points(1)}})
	}
	if res.Complete && res.LoadTime > 0 {
		out = append(out, waterfallMark{Mark{"load end", res.LoadTime},
			draw.LineStyle{Color: colorBlack, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}})
	}
	markColors := []color.Color{rgb(0xC2, 0x18, 0x5B), rgb(0x00, 0x83, 0x8F), rgb(0x6A, 0x3D, 0x9A)}
	for i, m := range r.Marks {
		out = append(out, waterfallMark{m, draw.LineStyle{Color: markColors[i%len(markColors)], Width: vg.Points(1.2),
			Dashes: []vg.Length{vg.Points(1.5), vg.Points(2)}}})
	}
	return out
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

// rowLabel is an object's tick label: its row number (from 1, its index
// in results.json's objects plus one), host and path (shortened in the
// middle), size, and the connection that carried it — "+" marking one
// opened for it, "✗" one that never became ready — with the connection's
// protocol when it is not HTTP/1.x ("c2+ h2").
func rowLabel(i int, o model.ObjectResult, conns []model.ConnResult) string {
	where := o.Host
	if rest, ok := strings.CutPrefix(o.URL, "http://"); ok {
		where = rest
	} else if rest, ok := strings.CutPrefix(o.URL, "https://"); ok {
		where = rest
	} else if o.URL != "" {
		where = o.URL
	}
	host, path, _ := strings.Cut(where, "/")
	s := fmt.Sprintf("%d. %s/%s  %s", i+1, shorten(host, 24), shorten(path, 32), sizeLabel(o.Size))
	proto := ""
	if o.Conn >= 0 && o.Conn < len(conns) && conns[o.Conn].Protocol != "" && conns[o.Conn].Protocol != "h1" {
		proto = " " + conns[o.Conn].Protocol
	}
	switch {
	case o.Conn < 0:
		return s + "  –"
	case !o.Has.Includes(model.HasRequest) && o.Failed:
		return fmt.Sprintf("%s  c%d✗%s", s, o.Conn, proto)
	case o.Reused || !o.Has.Includes(model.HasConnect):
		return fmt.Sprintf("%s  c%d%s", s, o.Conn, proto)
	}
	return fmt.Sprintf("%s  c%d+%s", s, o.Conn, proto)
}

// shorten keeps s within n runes by cutting its middle: "/img/…/a.jpg".
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	head := (n - 1) / 2
	return string(r[:head]) + "…" + string(r[len(r)-(n-1-head):])
}

// sizeLabel prints a size in SI units with three significant digits:
// "420 B", "3.2 KB", "12.3 KB", "1.05 MB".
func sizeLabel(b model.Bytes) string {
	v := float64(b)
	for _, u := range []string{"B", "KB", "MB", "GB"} {
		if v < 999.5 || u == "GB" {
			if u == "B" {
				return strconv.FormatInt(int64(b), 10) + " B"
			}
			return strconv.FormatFloat(v, 'g', 3, 64) + " " + u
		}
		v /= 1000
	}
	return ""
}

// ordinal is "2nd", "3rd", "20th".
func ordinal(k int) string {
	suffix := "th"
	if k%100 < 11 || k%100 > 13 {
		switch k % 10 {
		case 1:
			suffix = "st"
		case 2:
			suffix = "nd"
		case 3:
			suffix = "rd"
		}
	}
	return strconv.Itoa(k) + suffix
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
// became ready: the first object that waited for it (model.ObjectResult:
// a failed object names the connection dialled for it), else the first
// object of its host that was never sent and was waiting when it was
// dialled; -1 if none.
func attemptRow(objs []model.ObjectResult, c model.ConnResult) int {
	for i, o := range objs {
		if o.Conn == c.ID {
			return i
		}
	}
	for i, o := range objs {
		if o.Host == c.Host && !o.Has.Includes(model.HasRequest) && o.Has.Includes(model.HasReady) && o.Ready <= c.Opened {
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

// rowBands fills the full width of the data area around each row y (one
// row tall), behind the bars.
type rowBands struct {
	y    []float64
	fill color.Color
}

func (b rowBands) Plot(c draw.Canvas, p *plot.Plot) {
	_, trY := p.Transforms(&c)
	var path vg.Path
	for _, y := range b.y {
		lo, hi := clampLen(trY(y-0.5), c.Min.Y, c.Max.Y), clampLen(trY(y+0.5), c.Min.Y, c.Max.Y)
		if hi > lo {
			path.Move(vg.Point{X: c.Min.X, Y: lo})
			path.Line(vg.Point{X: c.Min.X, Y: hi})
			path.Line(vg.Point{X: c.Max.X, Y: hi})
			path.Line(vg.Point{X: c.Max.X, Y: lo})
			path.Close()
		}
	}
	if len(path) > 0 {
		c.SetColor(b.fill)
		c.Fill(path)
	}
}
