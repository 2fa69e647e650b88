package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"
)

// isTerminal reports whether w is a character device (a terminal), with
// the standard library only.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// progressBar draws "[#####.....] done/total jobs  elapsed" on one line of
// a terminal. It stays silent for the first delay, so quick runs print
// nothing, and redraws at most every interval. Calls must be serialized
// (scenarios.RunJobs serializes its progress calls).
type progressBar struct {
	w        io.Writer
	now      func() time.Time
	start    time.Time
	last     time.Time
	delay    time.Duration
	interval time.Duration
	width    int
	drawn    bool
}

func newProgressBar(w io.Writer, now func() time.Time) *progressBar {
	t := now()
	return &progressBar{w: w, now: now, start: t, delay: time.Second, interval: 100 * time.Millisecond, width: 30}
}

// update is the progress callback.
func (p *progressBar) update(done, total int) {
	t := p.now()
	if t.Sub(p.start) < p.delay || total <= 0 {
		return
	}
	if p.drawn && done < total && t.Sub(p.last) < p.interval {
		return
	}
	p.last, p.drawn = t, true
	fill := p.width * done / total
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d jobs  %.1fs", strings.Repeat("#", fill), strings.Repeat(".", p.width-fill),
		done, total, t.Sub(p.start).Seconds())
}

// finish erases the bar, if one was drawn.
func (p *progressBar) finish() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}
