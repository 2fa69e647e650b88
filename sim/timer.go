package sim

import "time"

// Timer is a cancellable, re-armable one-shot event (RTO, delayed ACK,
// keep-alive idle, client and proxy timeouts). Create it once with NewTimer
// and Reset/Stop it as often as needed; neither allocates.
//
// A timer keeps at most one live entry in the queue. Pushing a deadline
// later (the common case: an RTO restarted by every ACK), or re-arming it
// for the same instant, only records the new deadline and sequence number;
// when the old entry comes due, the engine sees that the key moved and
// re-queues the entry for it. Pulling a deadline earlier queues a new
// entry and leaves the old one stale (its generation no longer matches),
// to be discarded when it surfaces.
type Timer struct {
	s      *Sim
	h      Handler
	slot   uint32        // the timer's permanent slot in the engine
	gen    uint32        // generation of the live queue entry
	seq    uint64        // sequence number of the last Reset (FIFO ties)
	at     time.Duration // deadline, when armed
	queued time.Duration // time of the live queue entry
	inQ    bool          // a live entry is in the queue
	armed  bool
}

// NewTimer returns a stopped timer that will call h when it fires.
func (s *Sim) NewTimer(h Handler) *Timer {
	t := &Timer{}
	s.InitTimer(t, h)
	return t
}

// InitTimer makes *t a stopped timer of s that will call h, for a Timer
// embedded in a larger struct (no allocation of its own). t must not move
// afterwards and must not have been initialised before.
func (s *Sim) InitTimer(t *Timer, h Handler) {
	*t = Timer{s: s, h: h, slot: uint32(len(s.slots))}
	s.slots = append(s.slots, slot{t: t})
}

// Reset arms the timer to fire at absolute time at, replacing any earlier
// deadline.
func (t *Timer) Reset(at time.Duration) {
	if at < t.s.now {
		panic("sim: invariant violated: timer armed in the past")
	}
	t.at = at
	t.armed = true
	// Ties are ordered by the last Reset, as if it had scheduled an event.
	t.s.seq++
	t.seq = t.s.seq
	if t.inQ && t.queued <= at {
		// The live entry comes first in (time, sequence) order — a later
		// deadline, or the same one re-armed (a burst of segments each
		// restarting a probe timer) — and re-queues itself when it
		// surfaces, with the sequence number of this Reset.
		return
	}
	t.enqueue()
}

// enqueue queues a live entry for the current deadline.
func (t *Timer) enqueue() {
	t.gen++
	t.queued = t.at
	t.inQ = true
	t.s.insert(event{at: t.at, seq: t.seq, slot: t.slot, gen: t.gen})
}

// ResetAfter arms the timer to fire d after now (saturated at Never).
func (t *Timer) ResetAfter(d time.Duration) { t.Reset(Add(t.s.now, d)) }

// Stop disarms the timer. It reports whether the timer was armed.
func (t *Timer) Stop() bool {
	was := t.armed
	t.armed = false
	return was
}

// Armed reports whether the timer will fire.
func (t *Timer) Armed() bool { return t.armed }

// When is the deadline of an armed timer.
func (t *Timer) When() time.Duration { return t.at }
