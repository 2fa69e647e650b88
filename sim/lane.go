package sim

import (
	"fmt"
	"time"
)

// Lane is a handler with at most one firing pending, which the engine
// keeps beside its queue instead of in it. It is for the few sources that
// fire on almost every event — a link's propagation delay, which hands on
// every packet in turn — and saves them the queue's push, pop and
// bucket refills.
//
// A lane's firing is ordered exactly as an At call made at the moment of
// Arm would be: Arm takes the next sequence number, and Run picks
// whichever comes first in (time, sequence) order, the queue's head or the
// earliest armed lane. Replacing a delay line's At with a lane therefore
// changes no result, only the cost. Run scans the lanes on every event, so
// an engine should have a handful of them, not one per connection.
type Lane struct {
	s     *Sim
	h     Handler
	at    time.Duration
	seq   uint64
	armed bool
}

// NewLane returns a lane that runs h, unarmed. Like a timer, it belongs to
// the engine until Reset.
func (s *Sim) NewLane(h Handler) *Lane {
	if h == nil {
		panic("sim: NewLane with a nil handler")
	}
	l := &Lane{s: s, h: h}
	s.lanes = append(s.lanes, l)
	return l
}

// Arm schedules the lane's handler at at, replacing a pending firing.
// Arming in the past panics, as At does.
func (l *Lane) Arm(at time.Duration) {
	if at < l.s.now {
		panic(armedInPast{at, l.s.now})
	}
	l.s.seq++
	l.at, l.seq, l.armed = at, l.s.seq, true
}

// armedInPast is Arm's panic; a value rather than a formatted string, so
// that Arm is small enough to be inlined into the delay line that arms it
// for every packet.
type armedInPast struct{ at, now time.Duration }

func (e armedInPast) Error() string {
	return fmt.Sprintf("sim: invariant violated: lane armed at %v, before now %v", e.at, e.now)
}

// Armed says whether a firing is pending.
func (l *Lane) Armed() bool { return l.armed }

// nextLane is the armed lane that fires first, or nil.
func (s *Sim) nextLane() *Lane {
	var first *Lane
	for _, l := range s.lanes {
		if l.armed && (first == nil || earlier(l.at, l.seq, first.at, first.seq)) {
			first = l
		}
	}
	return first
}

// before says whether the lane's firing comes before queue entry e.
func (l *Lane) before(e *event) bool {
	return earlier(l.at, l.seq, e.at, e.seq)
}

// armedLanes counts the lanes with a firing pending.
func (s *Sim) armedLanes() int {
	n := 0
	for _, l := range s.lanes {
		if l.armed {
			n++
		}
	}
	return n
}
