package plots

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strings"
	"unicode/utf8"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Comparing two reports (pagesim compare OLD NEW): for every point and
// strategy, the load times of the complete runs of each, the change of
// the median, and whether the two samples differ significantly — the
// Mann–Whitney U test at α = Alpha, as benchstat compares two sets of
// benchmark runs. With one run on either side nothing can be tested: the
// change is given, and said to be untested.

// CompareRow is one point × strategy of two reports.
type CompareRow struct {
	// Point names the point by its values, parallel to the reports'
	// Params; Strategy the strategy.
	Point    []string
	Strategy string
	// Old and New summarize the load times of the complete runs of each
	// report (N 0 when it has none, or does not have the row); OldRuns and
	// NewRuns count all runs.
	Old, New         Summary
	OldRuns, NewRuns int
	// Change is the new median's change from the old one, as a fraction
	// (−0.25: a quarter faster); NaN unless both have a load time.
	Change float64
	// Test compares the two samples (Test.N1 == 0: not tested, for want
	// of two complete runs on each side).
	Test Comparison
}

// Compare matches the rows of old and cur (the new report) by point (the values of their
// swept parameters, which must be the same parameters) and strategy, in
// old's order and then cur's rows that old does not have.
func Compare(old, cur *Report) ([]CompareRow, error) {
	for _, r := range []*Report{old, cur} {
		if err := r.check(); err != nil {
			return nil, err
		}
	}
	perm, err := paramOrder(old.Params, cur.Params)
	if err != nil {
		return nil, err
	}
	type key struct{ point, strategy string }
	newCells := map[key]cell{}
	var newOrder []key
	newPoints := map[string][]string{}
	for p, pt := range cur.points {
		// new's point in old's parameter order.
		vals := make([]string, len(pt))
		for i, j := range perm {
			vals[i] = pt[j]
		}
		pk := pointKey(vals)
		newPoints[pk] = vals
		for s, name := range cur.Strategies {
			if c := cur.cells[p][s]; !c.empty() {
				k := key{pk, name}
				newCells[k] = c
				newOrder = append(newOrder, k)
			}
		}
	}
	var out []CompareRow
	seen := map[key]bool{}
	for p, pt := range old.points {
		for s, name := range old.Strategies {
			oc := old.cells[p][s]
			if oc.empty() {
				continue
			}
			k := key{pointKey(pt), name}
			seen[k] = true
			nc, ok := newCells[k]
			out = append(out, compareRow(pt, name, oc, nc, ok))
		}
	}
	for _, k := range newOrder {
		if !seen[k] {
			out = append(out, compareRow(newPoints[k.point], k.strategy, cell{}, newCells[k], true))
		}
	}
	return out, nil
}

// paramOrder maps the parameters of a to their index in b; they must be
// the same set.
func paramOrder(a, b []string) ([]int, error) {
	perm := make([]int, len(a))
	as, bs := slices.Clone(a), slices.Clone(b)
	slices.Sort(as)
	slices.Sort(bs)
	if !slices.Equal(as, bs) {
		return nil, fmt.Errorf("plots: compare: the reports sweep different parameters (%s against %s)", paramList(a), paramList(b))
	}
	for i, p := range a {
		perm[i] = slices.Index(b, p)
	}
	return perm, nil
}

func paramList(ps []string) string {
	if len(ps) == 0 {
		return "nothing"
	}
	return strings.Join(ps, ", ")
}

func compareRow(point []string, strategy string, oc, nc cell, inNew bool) CompareRow {
	row := CompareRow{Point: point, Strategy: strategy, Old: Summarize(oc.loads), OldRuns: oc.n, Change: math.NaN()}
	if inNew {
		row.New, row.NewRuns = Summarize(nc.loads), nc.n
	} else {
		row.New = Summarize(nil)
	}
	if row.Old.N > 0 && row.New.N > 0 && row.Old.Median > 0 {
		row.Change = (row.New.Median - row.Old.Median) / row.Old.Median
	}
	if len(oc.loads) >= 2 && len(nc.loads) >= 2 {
		row.Test = MannWhitney(oc.loads, nc.loads)
	}
	return row
}

// verdict says what a row's comparison shows: "faster (p = 0.002)",
// "slower (…)", "~ (p = 0.41)" for no significant difference, or why
// nothing was tested.
func (row CompareRow) verdict() string {
	switch {
	case row.OldRuns == 0:
		return "only in new"
	case row.NewRuns == 0:
		return "only in old"
	case row.Old.N == 0 || row.New.N == 0:
		return "no complete run on one side"
	case row.Test.N1 == 0:
		return "not tested (one run)"
	case !row.Test.Significant:
		return "~ (" + fmtP(row.Test.P) + ")"
	case row.New.Median < row.Old.Median:
		return "faster (" + fmtP(row.Test.P) + ")"
	}
	return "slower (" + fmtP(row.Test.P) + ")"
}

// sampleText is a side's load time for the text table: "1234.5" with one
// run, "1234.5 (1200.1–1300.2) ×20" with several (median, 5th–95th
// percentiles, complete runs), and how many runs did not complete.
func sampleText(s Summary, runs int) string {
	switch {
	case runs == 0:
		return "–"
	case s.N == 0:
		return fmt.Sprintf("incomplete ×%d", runs)
	}
	t := fmtMs(s.Median)
	if s.N > 1 {
		t += fmt.Sprintf(" (%s–%s) ×%d", fmtMs(s.P5), fmtMs(s.P95), s.N)
	}
	if s.N < runs {
		t += fmt.Sprintf(", %d incomplete", runs-s.N)
	}
	return t
}

// WriteCompare writes the comparison as a text table: the point's values
// (under params), the strategy, each side's load time in ms (median with
// 5th–95th percentiles and the number of complete runs when there are
// several), the change of the median and the verdict, then a line on how
// to read it.
func WriteCompare(w io.Writer, params []string, rows []CompareRow, oldName, newName string) error {
	head := append(slices.Clone(params), "strategy", "old: "+oldName, "new: "+newName, "change", "")
	table := [][]string{head}
	for _, r := range rows {
		cells := slices.Clone(r.Point)
		ch := ""
		if !math.IsNaN(r.Change) {
			ch = signedPctOf(r.New.Median, r.Old.Median) + "%"
		}
		cells = append(cells, r.Strategy, sampleText(r.Old, r.OldRuns), sampleText(r.New, r.NewRuns), ch, r.verdict())
		table = append(table, cells)
	}
	var lines strings.Builder
	widths := make([]int, len(head))
	for _, row := range table {
		for i, c := range row {
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	var b strings.Builder
	for _, row := range table {
		lines.Reset()
		for i, c := range row {
			if i > 0 {
				lines.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(c))
			if i > len(params) && i <= len(params)+3 { // the numbers' columns, right-aligned
				lines.WriteString(pad + c)
			} else {
				lines.WriteString(c + pad)
			}
		}
		b.WriteString(strings.TrimRight(lines.String(), " ") + "\n")
	}
	fmt.Fprintf(&b, "\nLoad times in ms: the median of the complete runs (5th–95th percentile) ×runs; change of the median; "+
		"faster/slower when the Mann–Whitney U test finds the runs differ at α = %g, ~ when it does not.\n", Alpha)
	_, err := io.WriteString(w, b.String())
	return err
}

// maxCompareBars bounds the comparison chart.
const maxCompareBars = 60

// CompareChart draws the change of each row's median load time as a
// horizontal bar — green when significantly faster, red when
// significantly slower, grey when the runs do not differ significantly or
// were not tested — with the row's point and strategy as its label. At
// most maxCompareBars rows are drawn (the title says so).
func CompareChart(params []string, rows []CompareRow, oldName, newName string) (Chart, error) {
	var drawn []CompareRow
	for _, r := range rows {
		if !math.IsNaN(r.Change) {
			drawn = append(drawn, r)
		}
	}
	title := fmt.Sprintf("load time: %s against %s", newName, oldName)
	if len(drawn) > maxCompareBars {
		title += fmt.Sprintf("\nthe first %d of %d rows", maxCompareBars, len(drawn))
		drawn = drawn[:maxCompareBars]
	}
	p := newPlot(title, "change of the median load time (%)", "")
	var bars rects
	var ticks []plot.Tick
	var notes labels
	xmin, xmax := 0.0, 0.0
	faster, slower, same := rgb(0x1A, 0x98, 0x50), red, rgb(0x99, 0x99, 0x99)
	for i, r := range drawn {
		y := float64(len(drawn) - 1 - i)
		v := 100 * r.Change
		col := color.Color(same)
		switch {
		case r.Test.Significant && v < 0:
			col = faster
		case r.Test.Significant && v > 0:
			col = slower
		}
		bars = append(bars, rect{x0: 0, x1: v, y0: y - 0.35, y1: y + 0.35, fill: col})
		lbl := r.Strategy
		if len(params) > 0 {
			lbl = shortPointLabel(r.Point) + " · " + r.Strategy
		}
		ticks = append(ticks, plot.Tick{Value: y, Label: lbl})
		st := textStyle(p, 8, colorBlack)
		off := vg.Points(4)
		if v < 0 {
			st.XAlign = draw.XRight
			off = -off
		}
		notes = append(notes, label{x: v, y: y, text: signedPctOf(r.New.Median, r.Old.Median) + "% " + r.verdict(), style: st, off: vg.Point{X: off}})
		xmin, xmax = math.Min(xmin, v), math.Max(xmax, v)
	}
	grid := plotter.NewGrid()
	grid.Horizontal.Color = nil
	grid.Vertical = draw.LineStyle{Color: gridColor, Width: vg.Points(0.5)}
	p.Add(grid, bars, notes)
	if len(drawn) > 0 {
		zero, err := plotter.NewLine(plotter.XYs{{X: 0, Y: -0.5}, {X: 0, Y: float64(len(drawn)) - 0.5}})
		if err != nil {
			return Chart{}, fmt.Errorf("plots: compare chart: %v", err)
		}
		zero.LineStyle = draw.LineStyle{Color: colorBlack, Width: vg.Points(0.8)}
		p.Add(zero)
	}
	p.Y.Tick.Marker = plot.ConstantTicks(ticks)
	p.Y.Tick.Length = 0
	p.Y.Min, p.Y.Max = -0.6, math.Max(float64(len(drawn))-0.4, 0.4)
	span := math.Max(xmax-xmin, 1)
	// Room for the notes beside the bars.
	p.X.Min, p.X.Max = xmin-0.6*span-1, xmax+0.6*span+1
	legend := []legendItem{{"significantly faster", swatch{fill: faster}}, {"significantly slower", swatch{fill: slower}},
		{"no significant difference, or one run", swatch{fill: same}}}
	const width = 10 * vg.Inch
	_, band := legendAbove(p, legend, width-3*vg.Inch)
	h := vg.Length(len(drawn))*0.25*vg.Inch + 1.6*vg.Inch + band
	return Chart{Name: "compare", Plot: p, Width: width, Height: wholePixels(max(h, 3*vg.Inch))}, nil
}
