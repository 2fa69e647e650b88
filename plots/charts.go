package plots

import (
	"fmt"
	"image/color"
	"io"
	"math"
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
//  2. "sweep-PARAM" for each swept parameter with at least two values:
//     load time against the parameter, one line per strategy. Numeric
//     values ("100ms", "1.5Mbps", "10KB", "4", "1%") are placed on a
//     numeric axis, logarithmic when they are all positive and span more
//     than a decade; other values (presets, proxy kinds, booleans) are
//     categories in scenario order. The other parameters are held at each
//     of their combinations when there are at most 4 ("sweep-PARAM@P=V"),
//     else at their first values only.
//  3. "waterfall-STRATEGY" for each strategy: the objects of the run the
//     charts stand on (first point, run 0; see ChartRuns) against time, phases coloured
//     (queued, DNS, TCP connect, TLS, wait = request sent → first byte,
//     receive), the connection id on every row, lost attempts, stalls,
//     resets, failures and truncations marked. At most 150 objects are
//     drawn.
//  4. "cwnd-STRATEGY" for each strategy whose charted run traced its
//     congestion window: one step line per connection.
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
	cs, err := sweepCharts(r, g)
	if err != nil {
		return nil, err
	}
	out = append(out, cs...)
	focus := make([]Row, len(g.strategies))
	for s := range g.strategies {
		row, ok, err := r.chartRow(s)
		if err != nil {
			return nil, err
		}
		if !ok {
			continue
		}
		focus[s] = row
		c, err := waterfallChart(r, row)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	for _, row := range focus {
		if row.Result == nil || len(row.Result.Cwnd) == 0 {
			continue
		}
		c, err := cwndChart(r, row)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
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
	for _, r := range rs {
		pts := []vg.Point{
			{X: trX(r.x0), Y: trY(r.y0)}, {X: trX(r.x0), Y: trY(r.y1)},
			{X: trX(r.x1), Y: trY(r.y1)}, {X: trX(r.x1), Y: trY(r.y0)},
		}
		if r.fill != nil {
			c.FillPolygon(r.fill, c.ClipPolygonXY(pts))
		}
		if r.line.Width > 0 {
			c.StrokeLines(r.line, c.ClipLinesXY(append(pts, pts[0]))...)
		}
	}
}

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
