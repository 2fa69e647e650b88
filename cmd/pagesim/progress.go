package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
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

// progress reports how far a phase of a run is (the simulations, writing
// the report): update is told done of total, finish that the phase is
// over. Calls may come from several goroutines.
type progress interface {
	update(done, total int)
	finish()
}

// newProgress is the progress of a phase that counts what ("simulations",
// "report files") on w: a bar redrawn in place when w is a terminal, else
// a plain line every few seconds (a log file, a batch system's output).
func newProgress(w io.Writer, terminal bool, what string, now func() time.Time) progress {
	if terminal {
		return newProgressBar(w, what, now)
	}
	return newProgressLog(w, what, now)
}

// progressBar draws "[#####.....] done/total WHAT  elapsed" on one line
// of a terminal. It stays silent for the first delay, so quick runs print
// nothing, and redraws at most every interval.
type progressBar struct {
	mu       sync.Mutex
	w        io.Writer
	what     string
	now      func() time.Time
	start    time.Time
	last     time.Time
	delay    time.Duration
	interval time.Duration
	width    int
	drawn    bool
}

func newProgressBar(w io.Writer, what string, now func() time.Time) *progressBar {
	t := now()
	return &progressBar{w: w, what: what, now: now, start: t, delay: time.Second, interval: 100 * time.Millisecond, width: 30}
}

// update is the progress callback.
func (p *progressBar) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	t := p.now()
	if t.Sub(p.start) < p.delay || total <= 0 {
		return
	}
	if p.drawn && done < total && t.Sub(p.last) < p.interval {
		return
	}
	p.last, p.drawn = t, true
	fill := p.width * done / total
	fmt.Fprintf(p.w, "\r[%s%s] %d/%d %s  %.1fs", strings.Repeat("#", fill), strings.Repeat(".", p.width-fill),
		done, total, p.what, t.Sub(p.start).Seconds())
}

// finish erases the bar, if one was drawn.
func (p *progressBar) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
		p.drawn = false
	}
}

// progressLog writes "pagesim: done/total WHAT (P%), R/s, ETA T" as a line
// of its own every interval, the first after delay — so a run shorter
// than that prints nothing — and, when it printed any, a last line when
// the phase is done.
type progressLog struct {
	mu       sync.Mutex
	w        io.Writer
	what     string
	now      func() time.Time
	start    time.Time
	last     time.Time
	interval time.Duration
	printed  bool
	done     int
	total    int
}

// progressLogInterval is how often progressLog writes a line.
const progressLogInterval = 5 * time.Second

func newProgressLog(w io.Writer, what string, now func() time.Time) *progressLog {
	t := now()
	return &progressLog{w: w, what: what, now: now, start: t, last: t, interval: progressLogInterval}
}

func (p *progressLog) update(done, total int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done, p.total = done, total
	t := p.now()
	if total <= 0 || done >= total || t.Sub(p.last) < p.interval {
		return
	}
	p.last, p.printed = t, true
	elapsed := t.Sub(p.start)
	line := fmt.Sprintf("pagesim: %d/%d %s (%d%%)", done, total, p.what, 100*done/total)
	if done > 0 && elapsed > 0 {
		rate := float64(done) / elapsed.Seconds()
		eta := time.Duration(float64(total-done) / rate * float64(time.Second))
		line += fmt.Sprintf(", %s/s, ETA %s", fmtRate(rate), fmtETA(eta))
	}
	fmt.Fprintln(p.w, line)
}

// finish writes the closing line of a phase that printed progress.
func (p *progressLog) finish() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.printed {
		fmt.Fprintf(p.w, "pagesim: %d/%d %s in %s\n", p.done, p.total, p.what, fmtETA(p.now().Sub(p.start)))
		p.printed = false
	}
}

// fmtRate prints a rate with two significant digits at least: "0.25",
// "3.5", "120".
func fmtRate(r float64) string {
	switch {
	case r < 1:
		return fmt.Sprintf("%.2f", r)
	case r < 10:
		return fmt.Sprintf("%.1f", r)
	}
	return fmt.Sprintf("%.0f", r)
}

// fmtETA prints a duration to the second ("14s", "3m20s", "2h5m0s"), or
// to the tenth under ten seconds ("2.4s").
func fmtETA(d time.Duration) string {
	if d < 10*time.Second {
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}
