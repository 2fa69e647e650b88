package plots

import (
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// WriteTable writes the plain-text table pagesim run prints: one line per
// sweep point and strategy with the mean load time of the loads that
// completed ("–" when none did; min and max when there are several runs)
// and the mean connections, retransmits and failed objects; when some load
// did not complete, an incomplete column says how many and why. Columns
// are aligned two spaces apart, text to the left, numbers to the right.
// The mean load time is the mean of the nanoseconds, truncated, printed in
// milliseconds with one decimal.
func WriteTable(w io.Writer, r *Report) error {
	if err := r.check(); err != nil {
		return err
	}
	g := newGrid(r)
	runs := 0
	for _, cs := range g.cells {
		for _, c := range cs {
			runs = max(runs, c.n)
		}
	}
	head := append([]string{}, r.Params...)
	head = append(head, "strategy", "load_ms")
	if runs > 1 {
		head = append(head, "min_ms", "max_ms")
	}
	head = append(head, "connections", "retransmits", "failed")
	anyIncomplete := r.incomplete > 0
	if anyIncomplete {
		head = append(head, "incomplete")
	}
	table := [][]string{head}
	for p, point := range g.points {
		for s, name := range g.strategies {
			c := g.cells[p][s]
			if c.empty() {
				continue
			}
			cells := append([]string{}, point...)
			mean, lo, hi := "–", "–", "–"
			if nc := len(c.loads); nc > 0 {
				mean, lo, hi = msStr(c.loadSum/time.Duration(nc)), msStr(c.loadLo), msStr(c.loadHi)
			}
			cells = append(cells, name, mean)
			if runs > 1 {
				cells = append(cells, lo, hi)
			}
			cells = append(cells, avgStr(c.sums[fConnections], c.n), avgStr(c.sums[fRetransmits], c.n), avgStr(c.sums[fFailed], c.n))
			if anyIncomplete {
				inc := c.reasons()
				if c.n > 1 && c.nIncomplete > 0 {
					inc = fmt.Sprintf("%d/%d %s", c.nIncomplete, c.n, inc)
				}
				cells = append(cells, inc)
			}
			table = append(table, cells)
		}
	}
	_, err := io.WriteString(w, formatTable(table, len(r.Params)+1))
	return err
}

// formatTable aligns a table in columns two spaces apart: the first
// textCols columns to the left, the numbers to the right.
func formatTable(rows [][]string, textCols int) string {
	var widths []int
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(c))
		}
	}
	line := 0
	for i, w := range widths {
		line += w + 2*min(i, 1)
	}
	var b strings.Builder
	b.Grow(len(rows) * (line + 1))
	// pad writes n spaces (a table of thousands of rows makes no strings
	// for them).
	pad := func(n int) {
		for ; n > 0; n-- {
			b.WriteByte(' ')
		}
	}
	for _, r := range rows {
		for i, c := range r {
			n := widths[i] - utf8.RuneCountInString(c)
			if i > 0 {
				b.WriteString("  ")
			}
			if i < textCols {
				b.WriteString(c)
				if i < len(r)-1 {
					pad(n)
				}
			} else {
				pad(n)
				b.WriteString(c)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// msStr prints d in milliseconds with one decimal (as %.1f would).
func msStr(d time.Duration) string { return fmtMs(float64(d) / float64(time.Millisecond)) }

// avgStr prints the mean of an integer counter given its (exact) sum.
func avgStr(sum float64, n int) string {
	s := int64(sum)
	if s%int64(n) == 0 {
		return strconv.FormatInt(s/int64(n), 10)
	}
	return strconv.FormatFloat(sum/float64(n), 'f', 1, 64)
}
