package sim

import "time"

// Timer is a cancellable, re-armable one-shot event (RTO, delayed ACK,
// keep-alive idle, client and proxy timeouts). Create it once with NewTimer
// and Reset/Stop it as often as needed; neither allocates.
type Timer struct {
	s     *Sim
	h     Handler
	gen   uint64
	at    time.Duration
	armed bool
}

// NewTimer returns a stopped timer that will call h when it fires.
func (s *Sim) NewTimer(h Handler) *Timer { return &Timer{s: s, h: h} }

// Reset arms the timer to fire at absolute time at, replacing any earlier
// deadline.
func (t *Timer) Reset(at time.Duration) {
	if at < t.s.now {
		panic("sim: invariant violated: timer armed in the past")
	}
	t.gen++
	t.at = at
	t.armed = true
	t.s.push(event{at: at, t: t, gen: t.gen})
}

// ResetAfter arms the timer to fire d after now.
func (t *Timer) ResetAfter(d time.Duration) { t.Reset(t.s.now + d) }

// Stop disarms the timer. It reports whether the timer was armed.
func (t *Timer) Stop() bool {
	was := t.armed
	t.gen++
	t.armed = false
	return was
}

// Armed reports whether the timer will fire.
func (t *Timer) Armed() bool { return t.armed }

// When is the deadline of an armed timer.
func (t *Timer) When() time.Duration { return t.at }
