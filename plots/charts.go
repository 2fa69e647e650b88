package plots

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	gofont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Chart is one figure of the report. Plots never decide file names: Name
// is a file stem the caller may use ("load-time", "sweep-network.rtt",
// "waterfall-browser", "cwnd-persistent"); it holds only letters, digits
// and ._@=+- so it is safe in a path on every system.
type Chart struct {
	Name          string
	Plot          *plot.Plot
	Width, Height vg.Length
}

// Render draws the chart at its size in the given format ("png", "svg",
// "pdf", …; see gonum.org/v1/plot/vg/draw.Formats) to w.
func (c Chart) Render(w io.Writer, format string) error {
	wt, err := c.Plot.WriterTo(c.Width, c.Height, format)
	if err != nil {
		return fmt.Errorf("plots: chart %s: %v", c.Name, err)
	}
	if _, err := wt.WriteTo(w); err != nil {
		return fmt.Errorf("plots: chart %s: %v", c.Name, err)
	}
	return nil
}

// Charts builds every chart of the report, in this order:
//
//  1. "load-time": mean page load time per strategy as bars, one group per
//     sweep point (only the first point when there would be more than 60
//     bars), min–max over runs as error bars when there are several runs.
//     With several runs, "load-time-box" follows: a box per strategy and
//     point (25th–75th percentile, the median, whiskers at the 5th and
//     95th; chart_dist.go).
//  2. "sweep-PARAM" for each swept parameter with at least two values:
//     load time against the parameter, one line per strategy. Numeric
//     values ("100ms", "1.5Mbps", "10KB", "4", "1%") are placed on a
//     numeric axis, logarithmic when they are all positive and span more
//     than a decade; other values (presets, proxy kinds, booleans) are
//     categories in scenario order. The other parameters are held at each
//     of their combinations when there are at most 4 ("sweep-PARAM@P=V"),
//     else at their first values only.
//  3. "waterfall-STRATEGY" for each strategy: every object of the run the
//     charts stand on (first point, run 0; see ChartRuns) against time,
//     one row each, labelled with its number (its index in results.json
//     plus one), host and path, size and connection ("c3+": opened for
//     it); phases coloured (queued, DNS — its own connection's wait for a
//     lookup —, TCP connect, TLS, wait = request sent → first byte,
//     receive, with the spans in which its bytes arrived); lost attempts,
//     stalls, resets, failures (at the time the object was given up on)
//     and truncations marked; vertical lines at the document's arrival,
//     the end of the load and each of Report.Marks; time gridlines with
//     7–16 labels; the legend above the rows, never over them. Past 480
//     objects rows get thinner (the chart stays within 60 inches) and
//     every k-th is labelled, as the title says.
//  4. "cwnd-STRATEGY" for each strategy whose charted run traced its
//     congestion window: one step line per connection, each named in the
//     legend up to 20 connections; beyond, coloured and named by host (the
//     7 hosts with the most connections, the others grey together).
//  5. With several runs, "load-time-cdf" at each charted point: the
//     empirical distribution of each strategy's load times.
//
// Waterfalls, cwnd charts and CDFs are drawn at the points SetChartPoints
// chose (the first by default; another point's names end in @VALUES),
// each standing on the run closest to the median load time there.
//
// The full result of every run ChartRuns names must be in the report
// (kept as it was added, or given to Keep); one that is missing is an
// error.
func Charts(r *Report) ([]Chart, error) {
	if err := r.check(); err != nil {
		return nil, err
	}
	g := newGrid(r)
	var out []Chart
	c, err := loadTimeChart(r, g)
	if err != nil {
		return nil, err
	}
	out = append(out, c)
	if c, ok, err := boxChart(r, g); err != nil {
		return nil, err
	} else if ok {
		out = append(out, c)
	}
	cs, err := sweepCharts(r, g)
	if err != nil {
		return nil, err
	}
	out = append(out, cs...)
	var focus []Row
	for s := range g.strategies {
		rows, err := r.chartRows(s)
		if err != nil {
			return nil, err
		}
		focus = append(focus, rows...)
	}
	// The first point's charts are named by strategy alone; another
	// point's add its values: "waterfall-browser@cable".
	pointName := func(row Row) string {
		if len(r.points) == 0 || slices.Equal(row.Point, r.points[0]) {
			return ""
		}
		return "@" + fileStem(strings.Join(row.Point, "+"))
	}
	for _, row := range focus {
		c, err := waterfallChart(r, row)
		if err != nil {
			return nil, err
		}
		c.Name += pointName(row)
		out = append(out, c)
	}
	for _, row := range focus {
		if len(row.Result.Cwnd) == 0 {
			continue
		}
		c, err := cwndChart(r, row)
		if err != nil {
			return nil, err
		}
		c.Name += pointName(row)
		out = append(out, c)
	}
	for pi := range g.points {
		if !r.charted(pi) {
			continue
		}
		c, ok, err := cdfChart(r, g, pi)
		if err != nil {
			return nil, err
		}
		if ok {
			c.Name += pointName(Row{Point: g.points[pi]})
			out = append(out, c)
		}
	}
	// Names must be unique even when strategy names sanitize alike.
	seen := map[string]int{}
	for i := range out {
		n := out[i].Name
		seen[n]++
		if k := seen[n]; k > 1 {
			out[i].Name = n + "-" + strconv.Itoa(k)
		}
	}
	return out, nil
}

// fileStem keeps letters, digits and ._@=+- and replaces the rest by _.
func fileStem(s string) string {
	var b strings.Builder
	for _, c := range s {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9',
			strings.ContainsRune("._@=+-", c):
			b.WriteRune(c)
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// Styles. Everything is set per plot; gonum/plot's package defaults are
// left alone.
var (
	sans = font.Font{Typeface: "Liberation", Variant: "Sans"}
	bold = font.Font{Typeface: "Liberation", Variant: "Sans", Weight: gofont.WeightBold}

	// strategyColors is the Okabe–Ito colour-blind-safe palette, reordered
	// so that neighbours contrast, and the yellow darkened for white paper.
	strategyColors = []color.Color{
		rgb(0x00, 0x72, 0xB2), rgb(0xE6, 0x9F, 0x00), rgb(0x00, 0x9E, 0x73),
		rgb(0xD5, 0x5E, 0x00), rgb(0xCC, 0x79, 0xA7), rgb(0x56, 0xB4, 0xE9),
		rgb(0xA8, 0x92, 0x00), rgb(0x44, 0x44, 0x44),
	}
	red        = rgb(0xC0, 0x1C, 0x1C)
	colorBlack = rgb(0, 0, 0)
)

func rgb(r, g, b uint8) color.RGBA { return color.RGBA{r, g, b, 0xFF} }

// strategyColor gives strategy i its colour in every chart.
func strategyColor(i int) color.Color { return strategyColors[i%len(strategyColors)] }

// strategyDashes varies the line pattern once the colours run out.
func strategyDashes(i int) []vg.Length {
	switch (i / len(strategyColors)) % 3 {
	case 1:
		return []vg.Length{vg.Points(6), vg.Points(3)}
	case 2:
		return []vg.Length{vg.Points(2), vg.Points(2)}
	}
	return nil
}

// newPlot returns a plot with the report's fonts, title and axis labels.
func newPlot(title, x, y string) *plot.Plot {
	p := plot.New()
	h := p.TextHandler
	style := func(f font.Font, size vg.Length) text.Style {
		return text.Style{Color: color.Black, Font: font.From(f, size), Handler: h}
	}
	p.Title.Text = title
	ts := style(bold, 13)
	ts.XAlign, ts.YAlign = draw.XCenter, draw.YTop
	p.Title.TextStyle = ts
	p.Title.Padding = vg.Points(8)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		ls := style(sans, 11)
		ls.XAlign, ls.YAlign = a.Label.TextStyle.XAlign, a.Label.TextStyle.YAlign
		ls.Rotation = a.Label.TextStyle.Rotation
		a.Label.TextStyle = ls
		tl := style(sans, 9)
		tl.XAlign, tl.YAlign = a.Tick.Label.XAlign, a.Tick.Label.YAlign
		tl.Rotation = a.Tick.Label.Rotation
		a.Tick.Label = tl
	}
	p.X.Label.Text, p.Y.Label.Text = x, y
	p.X.Tick.Marker, p.Y.Tick.Marker = cleanTicks{}, cleanTicks{}
	lt := style(sans, 9)
	lt.XAlign, lt.YAlign = p.Legend.TextStyle.XAlign, p.Legend.TextStyle.YAlign
	p.Legend.TextStyle = lt
	p.Legend.Top = true
	return p
}

// textStyle is a small sans label for annotations.
func textStyle(p *plot.Plot, size vg.Length, c color.Color) text.Style {
	return text.Style{Color: c, Font: font.From(sans, size), Handler: p.TextHandler,
		XAlign: draw.XLeft, YAlign: draw.YCenter}
}

// rect is a rectangle in data coordinates.
type rect struct {
	x0, x1, y0, y1 float64
	fill           color.Color
	line           draw.LineStyle // Width 0: no outline
}

// rects draws rectangles in data coordinates: bars whose width is data,
// not canvas length (gonum's BarChart sizes bars in canvas units, which
// cannot line up with error bars or time spans).
type rects []rect

func (rs rects) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	// Rectangles of one fill go into one path, filled once: a waterfall
	// of thousands of objects has tens of thousands of them. An
	// axis-aligned rectangle is clipped by clamping its corners.
	var fills []color.Color
	paths := map[color.Color]vg.Path{}
	for _, r := range rs {
		x0, x1 := trX(r.x0), trX(r.x1)
		y0, y1 := trY(r.y0), trY(r.y1)
		if r.fill != nil {
			cx0, cx1 := clampLen(min(x0, x1), c.Min.X, c.Max.X), clampLen(max(x0, x1), c.Min.X, c.Max.X)
			cy0, cy1 := clampLen(min(y0, y1), c.Min.Y, c.Max.Y), clampLen(max(y0, y1), c.Min.Y, c.Max.Y)
			if cx1 > cx0 && cy1 > cy0 {
				path, ok := paths[r.fill]
				if !ok {
					fills = append(fills, r.fill)
				}
				path.Move(vg.Point{X: cx0, Y: cy0})
				path.Line(vg.Point{X: cx0, Y: cy1})
				path.Line(vg.Point{X: cx1, Y: cy1})
				path.Line(vg.Point{X: cx1, Y: cy0})
				path.Close()
				paths[r.fill] = path
			}
		}
	}
	for _, f := range fills {
		c.SetColor(f)
		c.Fill(paths[f])
	}
	for _, r := range rs {
		if r.line.Width > 0 {
			x0, x1 := trX(r.x0), trX(r.x1)
			y0, y1 := trY(r.y0), trY(r.y1)
			pts := []vg.Point{{X: x0, Y: y0}, {X: x0, Y: y1}, {X: x1, Y: y1}, {X: x1, Y: y0}, {X: x0, Y: y0}}
			c.StrokeLines(r.line, c.ClipLinesXY(pts)...)
		}
	}
}

func clampLen(v, lo, hi vg.Length) vg.Length { return max(lo, min(v, hi)) }

// wholePixels rounds a chart's length up to whole pixels at the PNG
// resolution (96 dpi: 3 points are 4 pixels), so that the image has the
// size the chart says.
func wholePixels(l vg.Length) vg.Length { return vg.Length(math.Ceil(float64(l/3))) * 3 }

func (rs rects) DataRange() (xmin, xmax, ymin, ymax float64) {
	xmin, ymin = math.Inf(1), math.Inf(1)
	xmax, ymax = math.Inf(-1), math.Inf(-1)
	for _, r := range rs {
		xmin = math.Min(xmin, math.Min(r.x0, r.x1))
		xmax = math.Max(xmax, math.Max(r.x0, r.x1))
		ymin = math.Min(ymin, math.Min(r.y0, r.y1))
		ymax = math.Max(ymax, math.Max(r.y0, r.y1))
	}
	return
}

// label is a text at a point in data coordinates, shifted by off.
type label struct {
	x, y  float64
	text  string
	style text.Style
	off   vg.Point
}

// labels draws texts; they do not widen the axes (callers leave room).
type labels []label

func (ls labels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, l := range ls {
		pt := vg.Point{X: trX(l.x), Y: trY(l.y)}
		if !c.Contains(pt) {
			continue
		}
		c.FillText(l.style, pt.Add(l.off), l.text)
	}
}

// swatch is a legend thumbnail: a filled box, optionally outlined.
type swatch struct {
	fill color.Color
	line draw.LineStyle
}

func (s swatch) Thumbnail(c *draw.Canvas) {
	pts := []vg.Point{
		{X: c.Min.X, Y: c.Min.Y}, {X: c.Min.X, Y: c.Max.Y},
		{X: c.Max.X, Y: c.Max.Y}, {X: c.Max.X, Y: c.Min.Y},
	}
	if s.fill != nil {
		c.FillPolygon(s.fill, pts)
	}
	if s.line.Width > 0 {
		c.StrokeLines(s.line, append(pts, pts[0]))
	}
}

// minMaxErrs are error bars from a mean to a min and a max.
type minMaxErrs struct {
	xs, mean, lo, hi []float64
}

func (e minMaxErrs) Len() int                        { return len(e.xs) }
func (e minMaxErrs) XY(i int) (float64, float64)     { return e.xs[i], e.mean[i] }
func (e minMaxErrs) YError(i int) (float64, float64) { return e.mean[i] - e.lo[i], e.hi[i] - e.mean[i] }

// ticks125 labels a logarithmic axis at 1, 2 and 5 × 10^k, with minor
// ticks at the other integers, so a load-time axis reads 100, 200, 500,
// 1000 … rather than only the powers of ten.
type ticks125 struct{}

func (ticks125) Ticks(lo, hi float64) []plot.Tick {
	if !(lo > 0 && hi >= lo) || !finite(hi) {
		return nil
	}
	var out []plot.Tick
	for e := math.Floor(math.Log10(lo)); math.Pow(10, e) <= hi*10; e++ {
		base := math.Pow(10, e)
		for m := 1; m < 10; m++ {
			v := base * float64(m)
			if v < lo*(1-1e-9) || v > hi*(1+1e-9) {
				continue
			}
			t := plot.Tick{Value: v}
			if m == 1 || m == 2 || m == 5 {
				t.Label = strconv.FormatFloat(v, 'g', -1, 64)
			}
			out = append(out, t)
		}
	}
	return out
}

// cleanTicks are gonum's default ticks with labels printed as short as
// they can be ("25000", "0.5"), not with the fixed precision the default
// chooses for the whole axis ("25000.00").
type cleanTicks struct{}

func (cleanTicks) Ticks(lo, hi float64) []plot.Tick {
	if !finite(lo) || !finite(hi) {
		return nil // gonum's ticks never end on NaN
	}
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			v := ts[i].Value
			if math.Abs(v) < 1e-9*math.Max(math.Abs(lo), math.Abs(hi)) {
				v = 0
			}
			ts[i].Label = strconv.FormatFloat(v, 'g', 10, 64)
		}
	}
	return ts
}

// strategyGlyphs tells strategies apart where their lines coincide.
var strategyGlyphs = []draw.GlyphDrawer{
	draw.CircleGlyph{}, draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{},
	draw.PlusGlyph{}, draw.RingGlyph{}, draw.PyramidGlyph{}, draw.BoxGlyph{},
}

// logWorthy reports whether positive values span more than a decade.
func logWorthy(vs []float64) bool {
	if len(vs) == 0 {
		return false
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, v := range vs {
		if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	return hi/lo > 10
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// legendItem is one entry of a legendStrip.
type legendItem struct {
	name  string
	thumb plot.Thumbnailer
}

// legendStrip is a legend laid out in lines above the data area, in the
// space the title's padding leaves (height tells how much to add), so it
// never covers what the chart draws — gonum's legend sits inside the data
// area. Items flow left to right and wrap at the data area's width.
type legendStrip struct {
	items []legendItem
	style text.Style
}

// The strip's geometry.
var (
	stripThumb = vg.Points(14) // thumbnail width
	stripGap   = vg.Points(4)  // thumbnail to text
	stripSep   = vg.Points(14) // between items
	stripLine  = vg.Points(13) // line height
	stripPad   = vg.Points(4)  // below the strip, above the data area
)

// lines lays the items out in lines no wider than width: the index of the
// first item of each line.
func (s *legendStrip) lines(width vg.Length) []int {
	var starts []int
	x := vg.Length(0)
	for i, it := range s.items {
		w := stripThumb + stripGap + s.style.Width(it.name)
		if i == 0 || x > 0 && x+w > width {
			starts = append(starts, i)
			x = 0
		}
		x += w + stripSep
	}
	return starts
}

// legendAbove adds a legend of items to p above its data area, which is
// at least dataW wide (the lines it needs at that width are reserved in
// the title's padding), and returns it and the height it adds.
func legendAbove(p *plot.Plot, items []legendItem, dataW vg.Length) (*legendStrip, vg.Length) {
	strip := &legendStrip{items: items, style: textStyle(p, 9, colorBlack)}
	band := strip.height(dataW)
	p.Title.Padding += band
	p.Add(strip)
	return strip, band
}

// height is the space the strip needs above a data area width wide.
func (s *legendStrip) height(width vg.Length) vg.Length {
	if len(s.items) == 0 {
		return 0
	}
	return vg.Length(len(s.lines(width)))*stripLine + stripPad
}

// Plot draws the strip above c, the data area.
func (s *legendStrip) Plot(c draw.Canvas, _ *plot.Plot) {
	starts := s.lines(c.Max.X - c.Min.X)
	for li, first := range starts {
		last := len(s.items)
		if li+1 < len(starts) {
			last = starts[li+1]
		}
		mid := c.Max.Y + stripPad + (vg.Length(len(starts)-li)-0.5)*stripLine
		x := c.Min.X
		for _, it := range s.items[first:last] {
			th := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
				Min: vg.Point{X: x, Y: mid - vg.Points(4)}, Max: vg.Point{X: x + stripThumb, Y: mid + vg.Points(4)}}}
			it.thumb.Thumbnail(&th)
			x += stripThumb + stripGap
			c.FillText(s.style, vg.Point{X: x, Y: mid}, it.name)
			x += s.style.Width(it.name) + stripSep
		}
	}
}

// timeTicks labels a time axis in milliseconds at a round step giving
// about ten labels (7 to 16: 1, 2 or 5 × 10^k ms), with a minor tick halfway;
// from 10 s on the labels are in seconds (unit says which).
type timeTicks struct{}

func (timeTicks) unit(hi float64) string {
	if hi >= 10000 {
		return "s"
	}
	return "ms"
}

func (tt timeTicks) Ticks(lo, hi float64) []plot.Tick {
	if !finite(lo) || !finite(hi) || hi <= lo {
		return nil
	}
	step := niceStep((hi - lo) / 10)
	scale := 1.0
	if tt.unit(hi) == "s" {
		scale = 1000
	}
	var out []plot.Tick
	for k := math.Ceil(lo / step * 2); k/2*step <= hi*(1+1e-12); k++ {
		v := k / 2 * step
		t := plot.Tick{Value: v}
		if int64(k)%2 == 0 {
			t.Label = strconv.FormatFloat(v/scale, 'f', -1, 64)
		}
		out = append(out, t)
	}
	return out
}

// niceStep is the step of 1, 2 or 5 × 10^k nearest to x (by ratio).
func niceStep(x float64) float64 {
	if x <= 0 || !finite(x) {
		return 1
	}
	base := math.Pow(10, math.Floor(math.Log10(x)))
	best := base
	for _, m := range []float64{2, 5, 10} {
		if math.Abs(math.Log(m*base/x)) < math.Abs(math.Log(best/x)) {
			best = m * base
		}
	}
	return best
}
