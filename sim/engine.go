package sim

import (
	"errors"
	"fmt"
	"time"
)

// Handler is something that can be scheduled. Handle is called with the
// simulated time at which the event fires.
//
// Scheduling a pointer that implements Handler does not allocate; model code
// keeps long-lived handlers (connections, links) and schedules them directly.
type Handler interface {
	Handle(now time.Duration)
}

// Func adapts a function to Handler. Creating the closure may allocate, so
// hot paths create theirs once and reuse them.
type Func func(now time.Duration)

// Handle calls f(now).
func (f Func) Handle(now time.Duration) { f(now) }

// ErrHorizon is wrapped by the error Run returns when the simulated horizon
// is reached with events still pending.
var ErrHorizon = errors.New("did not finish: horizon reached")

// ErrBudget is wrapped by the error Run returns when the event budget is
// spent with events still pending.
var ErrBudget = errors.New("did not finish: event budget spent")

// Limits bound a run. The zero value means no limit.
type Limits struct {
	// Horizon is the last simulated instant at which events may run;
	// events due strictly after it are left pending. Zero: no horizon.
	Horizon time.Duration
	// MaxEvents is the largest number of events (including stale timer
	// entries) the run may process. Zero: no budget.
	MaxEvents uint64
}

// event is one entry of the queue. Exactly one of h and t is set: a one-shot
// event carries its handler, a timer entry carries the timer and the
// generation it was armed with.
type event struct {
	at  time.Duration
	seq uint64
	h   Handler
	t   *Timer
	gen uint64
}

func (a *event) before(b *event) bool {
	if a.at != b.at {
		return a.at < b.at
	}
	return a.seq < b.seq
}

// Sim is the engine. The zero value is not usable; call New.
type Sim struct {
	now       time.Duration
	seq       uint64
	q         []event // 4-ary min-heap on (at, seq)
	processed uint64
	stopped   bool
}

// New returns an engine at time zero with an empty queue.
func New() *Sim {
	return &Sim{q: make([]event, 0, 256)}
}

// Now is the current simulated time.
func (s *Sim) Now() time.Duration { return s.now }

// Events is the number of events processed so far (stale timer entries
// included).
func (s *Sim) Events() uint64 { return s.processed }

// Pending is the number of entries in the queue (stale timer entries
// included).
func (s *Sim) Pending() int { return len(s.q) }

// At schedules h to run at absolute time at. Scheduling in the past breaks
// the clock's monotonicity and panics.
func (s *Sim) At(at time.Duration, h Handler) {
	if at < s.now {
		panic(fmt.Sprintf("sim: invariant violated: event scheduled at %v, before now %v", at, s.now))
	}
	s.push(event{at: at, h: h})
}

// After schedules h to run d after now. d must not be negative.
func (s *Sim) After(d time.Duration, h Handler) { s.At(s.now+d, h) }

// Stop ends the current Run after the event being handled returns.
func (s *Sim) Stop() { s.stopped = true }

// Run processes events in (time, sequence) order until the queue is empty,
// Stop is called, or a limit is reached. Reaching a limit returns an error
// wrapping ErrHorizon or ErrBudget.
func (s *Sim) Run(lim Limits) error {
	s.stopped = false
	for len(s.q) > 0 && !s.stopped {
		head := &s.q[0]
		if lim.Horizon > 0 && head.at > lim.Horizon {
			return fmt.Errorf("%w at %v with %d events pending (next at %v)", ErrHorizon, lim.Horizon, len(s.q), head.at)
		}
		if lim.MaxEvents > 0 && s.processed >= lim.MaxEvents {
			return fmt.Errorf("%w after %d events at %v with %d pending", ErrBudget, s.processed, s.now, len(s.q))
		}
		e := s.pop()
		s.processed++
		if e.t != nil {
			if e.gen != e.t.gen {
				continue // cancelled or re-armed: stale entry
			}
			e.t.armed = false
			s.now = e.at
			e.t.h.Handle(e.at)
			continue
		}
		s.now = e.at
		e.h.Handle(e.at)
	}
	return nil
}

func (s *Sim) push(e event) {
	s.seq++
	e.seq = s.seq
	s.q = append(s.q, e)
	// sift up
	i := len(s.q) - 1
	for i > 0 {
		p := (i - 1) / 4
		if !s.q[i].before(&s.q[p]) {
			break
		}
		s.q[i], s.q[p] = s.q[p], s.q[i]
		i = p
	}
}

func (s *Sim) pop() event {
	top := s.q[0]
	n := len(s.q) - 1
	s.q[0] = s.q[n]
	s.q[n] = event{} // drop references for the GC
	s.q = s.q[:n]
	// sift down
	i := 0
	for {
		c := 4*i + 1
		if c >= n {
			break
		}
		m := c
		end := c + 4
		if end > n {
			end = n
		}
		for j := c + 1; j < end; j++ {
			if s.q[j].before(&s.q[m]) {
				m = j
			}
		}
		if !s.q[m].before(&s.q[i]) {
			break
		}
		s.q[i], s.q[m] = s.q[m], s.q[i]
		i = m
	}
	return top
}
