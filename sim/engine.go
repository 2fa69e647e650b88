package sim

import (
	"errors"
	"fmt"
	"math"
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
	// MaxEvents is the largest number of events the engine may have
	// handled (Events, counted over the engine's life, not per Run) when a
	// Run ends; discarded timer entries do not count. Zero: no budget.
	MaxEvents uint64
}

// event is one entry of the queue. It holds no pointers — the handler or
// timer lives in the engine's slot table — so that moving entries around
// the heap costs no garbage-collector write barriers.
type event struct {
	at   time.Duration
	seq  uint64
	slot uint32 // index into Sim.slots
	gen  uint32 // for timer entries: the timer generation it was queued with
}

// slot holds what an event runs: a one-shot handler (freed when it runs)
// or a timer (permanent).
type slot struct {
	h Handler
	t *Timer
}

// Sim is the engine. The zero value is not usable; call New.
type Sim struct {
	now       time.Duration
	seq       uint64
	q         radixQueue
	slots     []slot
	free      []uint32 // free one-shot slots
	processed uint64
	stopped   bool
	lanes     []*Lane // lane.go
}

// New returns an engine at time zero with an empty queue.
func New() *Sim {
	return &Sim{slots: make([]slot, 0, 256)}
}

// Reset returns the engine to time zero with an empty queue, as New makes
// it, keeping the memory its queue and slot table grew to, so that a
// worker running simulation after simulation allocates them once. Every
// handler and timer of the previous run is forgotten: its timers must not
// be used again.
func (s *Sim) Reset() {
	clear(s.slots) // let the previous run's world be collected
	clear(s.lanes)
	*s = Sim{q: s.q, slots: s.slots[:0], free: s.free[:0], lanes: s.lanes[:0]}
	s.q.reset()
}

// Now is the current simulated time.
func (s *Sim) Now() time.Duration { return s.now }

// Events is the number of events handled so far: one-shot events and timer
// firings, not the discarded entries of stopped or moved timers.
func (s *Sim) Events() uint64 { return s.processed }

// Pending is the number of entries in the queue (stale timer entries
// included) and of armed lanes.
func (s *Sim) Pending() int { return s.q.n + s.armedLanes() }

// At schedules h to run at absolute time at. Scheduling in the past breaks
// the clock's monotonicity and panics.
func (s *Sim) At(at time.Duration, h Handler) {
	if at < s.now {
		panic(fmt.Sprintf("sim: invariant violated: event scheduled at %v, before now %v", at, s.now))
	}
	if h == nil {
		panic("sim: At with a nil handler")
	}
	var i uint32
	if n := len(s.free); n > 0 {
		i = s.free[n-1]
		s.free = s.free[:n-1]
		s.slots[i].h = h
	} else {
		i = uint32(len(s.slots))
		s.slots = append(s.slots, slot{h: h})
	}
	s.push(event{at: at, slot: i})
}

// After schedules h to run d after now. d must not be negative. The sum
// saturates at Never (see Add), so a very long delay means "not within any
// horizon" instead of an overflow into the past.
func (s *Sim) After(d time.Duration, h Handler) { s.At(Add(s.now, d), h) }

// Never is the latest instant the clock can represent. An event or timer
// due at Never is pending forever: it never runs before a horizon, and a
// run with nothing else to do ends at its horizon.
const Never = time.Duration(math.MaxInt64)

// Add returns t + d for a time t ≥ 0 and a non-negative d, saturated at
// Never. Model code computes every deadline with it (After and ResetAfter
// do), which is the rule that keeps user-chosen durations — a timeout of
// 2562047h, a think time drawn from a heavy tail — from overflowing into
// the past.
func Add(t, d time.Duration) time.Duration {
	if d > Never-t {
		return Never
	}
	return t + d
}

// Stop ends the current Run after the event being handled returns.
func (s *Sim) Stop() { s.stopped = true }

// Run processes events in (time, sequence) order until the queue is empty,
// Stop is called, or a limit is reached. Reaching a limit returns an error
// wrapping ErrHorizon or ErrBudget.
func (s *Sim) Run(lim Limits) error {
	s.stopped = false
	horizon, budget := lim.Horizon, lim.MaxEvents
	if horizon <= 0 {
		horizon = Never // nothing is due after Never
	}
	if budget == 0 {
		budget = math.MaxUint64
	}
	for !s.stopped {
		// The next event: the queue's head or the first armed lane,
		// whichever is earlier in (time, sequence) order. The queue is
		// only peeked at until it wins: popping moves its floor (every
		// later push must be at or after it), and a lane's handler may
		// schedule before the queue's head.
		lane := s.nextLane()
		var at time.Duration
		if qat, ok := s.settle(lane); ok {
			lane = nil
			at = qat
		} else if lane != nil {
			at = lane.at
		} else {
			return nil
		}
		if at > horizon {
			return fmt.Errorf("%w at %v with %d events pending (next at %v)", ErrHorizon, lim.Horizon, s.Pending(), at)
		}
		if s.processed >= budget {
			return fmt.Errorf("%w after %d events at %v with %d pending", ErrBudget, s.processed, s.now, s.Pending())
		}
		s.processed++
		s.now = at
		if lane != nil {
			lane.armed = false
			lane.h.Handle(at)
			continue
		}
		e := s.pop()
		sl := &s.slots[e.slot]
		if t := sl.t; t != nil {
			t.inQ = false
			t.armed = false
			t.h.Handle(e.at)
			continue
		}
		h := sl.h
		sl.h = nil
		s.free = append(s.free, e.slot)
		h.Handle(e.at)
	}
	return nil
}

// settle removes dead timer entries from the head of the queue: stale
// ones (a newer entry exists), stopped timers, and timers re-armed later
// in (time, sequence) order (re-queued for it). Neither moves the clock
// nor counts as an event, so a cancelled timer never holds a run open.
// It returns the live head's time and true, unless the queue is empty or
// its head comes after lane (nil: none): entries after lane are left for
// later, and the queue is only peeked at. Without a lane the head runs
// next, so settle may let the queue move its floor to it.
func (s *Sim) settle(lane *Lane) (time.Duration, bool) {
	for s.q.n > 0 {
		var e *event
		if lane == nil {
			e = s.q.head()
		} else if e = s.q.peek(); lane.before(e) {
			return 0, false
		}
		t := s.slots[e.slot].t
		if t == nil || (e.gen == t.gen && t.armed && t.at == e.at && t.seq == e.seq) {
			return e.at, true
		}
		stale := e.gen != t.gen
		s.pop()
		if stale {
			continue
		}
		t.inQ = false
		if t.armed {
			t.enqueue() // re-armed later
		}
	}
	return 0, false
}

func (s *Sim) push(e event) {
	s.seq++
	e.seq = s.seq
	s.insert(e)
}

// insert adds e, whose seq is set, to the queue.
func (s *Sim) insert(e event) { s.q.push(e) }

func (s *Sim) pop() event { return s.q.pop() }
