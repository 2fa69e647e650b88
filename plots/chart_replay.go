package plots

import (
	"fmt"
	"io"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"pagesim/model"
)

// Pair is two charts drawn side by side as one figure: a recording's
// waterfall and its replay's (ReplayWaterfalls). Name is a file stem, as
// Chart's.
type Pair struct {
	Name        string
	Left, Right Chart
}

// ReplayWaterfalls draws a recording and its replay side by side: on the
// left the recorded waterfall (a Result built from the recording's
// timings, no connection ids), on the right the simulated one, both on
// the same time axis and with the objects in the same rows, so that a row
// read across shows how far the replay moved each object. name titles
// both ("etat-lu"); strategy names the replay's ("as-recorded").
func ReplayWaterfalls(name, strategy string, recorded, replayed *model.Result) (Pair, error) {
	if recorded == nil || replayed == nil {
		return Pair{}, fmt.Errorf("plots: ReplayWaterfalls: a nil result")
	}
	if len(recorded.Objects) != len(replayed.Objects) {
		return Pair{}, fmt.Errorf("plots: ReplayWaterfalls: %d recorded objects, %d replayed (the same page is needed)",
			len(recorded.Objects), len(replayed.Objects))
	}
	r := &Report{Scenario: name}
	left, err := waterfallChart(r, Row{Strategy: "recorded", Result: recorded})
	if err != nil {
		return Pair{}, err
	}
	right, err := waterfallChart(r, Row{Strategy: strategy + " replay", Result: replayed})
	if err != nil {
		return Pair{}, err
	}
	// The recording has no connection ids: its rows are named by object
	// alone.
	if ticks, ok := left.Plot.Y.Tick.Marker.(plot.ConstantTicks); ok {
		for i := range ticks {
			ticks[i].Label = strings.TrimSuffix(ticks[i].Label, "  –")
		}
	}
	xmax := math.Max(left.Plot.X.Max, right.Plot.X.Max)
	left.Plot.X.Max, right.Plot.X.Max = xmax, xmax
	return Pair{Name: fileStem("replay-" + strategy), Left: left, Right: right}, nil
}

// Render draws both charts, left and right, into one figure in the given
// format ("png", "svg", "pdf", …) to w.
func (p Pair) Render(w io.Writer, format string) error {
	width := p.Left.Width + p.Right.Width
	height := vg.Length(math.Max(float64(p.Left.Height), float64(p.Right.Height)))
	c, err := draw.NewFormattedCanvas(width, height, format)
	if err != nil {
		return fmt.Errorf("plots: figure %s: %v", p.Name, err)
	}
	dc := draw.New(c)
	tiles := draw.Tiles{Rows: 1, Cols: 2, PadX: vg.Points(12)}
	cs := plot.Align([][]*plot.Plot{{p.Left.Plot, p.Right.Plot}}, tiles, dc)
	p.Left.Plot.Draw(cs[0][0])
	p.Right.Plot.Draw(cs[0][1])
	if _, err := c.WriteTo(w); err != nil {
		return fmt.Errorf("plots: figure %s: %v", p.Name, err)
	}
	return nil
}
