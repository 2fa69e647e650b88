package sim_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"pagesim/sim"
)

// laneWorld is a small model run twice by TestLaneOrdersAsAt: two FIFO
// delay lines (as link's, one per direction) fed and drained by random
// events and timers, whose pending delivery is scheduled with At in one
// run and kept in a Lane in the other. Every decision comes from the world's own random
// stream, so the two runs stay identical only as long as the engine runs
// their events in the same order.
type laneWorld struct {
	s      *sim.Sim
	rng    *rand.Rand
	log    []string
	lines  [2]*line
	timers []*sim.Timer
	next   int
}

type line struct {
	w     *laneWorld
	name  string
	due   []time.Duration // deliveries due, in order
	armed bool
	lane  *sim.Lane // nil: the line uses At
}

func newLaneWorld(useLane bool) *laneWorld {
	w := &laneWorld{s: sim.New(), rng: rand.New(sim.NewStream(9, 0, "lanes"))}
	for i := range w.lines {
		l := &line{w: w, name: fmt.Sprint("line", i)}
		if useLane {
			l.lane = w.s.NewLane(l)
		}
		w.lines[i] = l
	}
	for k := 0; k < 4; k++ {
		w.timers = append(w.timers, w.s.NewTimer(sim.Func(func(now time.Duration) {
			w.log = append(w.log, fmt.Sprintf("timer%d@%d", k, now))
			w.act(now)
		})))
	}
	return w
}

// put queues a delivery 0–3 ns after the last one queued (FIFO, as a
// delay line's packets all wait the same delay).
func (l *line) put(now time.Duration) {
	at := now + time.Duration(l.w.rng.IntN(4))
	if k := len(l.due); k > 0 {
		at = max(at, l.due[k-1])
	}
	l.due = append(l.due, at)
	if !l.armed {
		l.armed = true
		l.arm(at)
	}
}

func (l *line) arm(at time.Duration) {
	if l.lane != nil {
		l.lane.Arm(at)
		return
	}
	l.w.s.At(at, l)
}

func (l *line) Handle(now time.Duration) {
	for len(l.due) > 0 && l.due[0] <= now {
		l.due = l.due[1:]
		l.w.log = append(l.w.log, fmt.Sprintf("%s@%d", l.name, now))
		l.w.act(now)
	}
	if len(l.due) > 0 {
		l.arm(l.due[0])
	} else {
		l.armed = false
	}
}

// act is what a handler does: schedule one-shot events (now or soon, so
// before what is pending), feed the line, re-arm or stop a timer.
func (w *laneWorld) act(now time.Duration) {
	for k := w.rng.IntN(3); k > 0; k-- {
		id := w.next
		w.next++
		w.s.At(now+time.Duration(w.rng.IntN(6)), sim.Func(func(now time.Duration) {
			w.log = append(w.log, fmt.Sprintf("ev%d@%d", id, now))
			if w.rng.IntN(3) > 0 && w.next < 20000 {
				w.act(now)
			}
		}))
	}
	if w.rng.IntN(2) == 0 && w.next < 20000 {
		w.lines[w.rng.IntN(2)].put(now)
	}
	if w.rng.IntN(3) == 0 {
		t := w.timers[w.rng.IntN(len(w.timers))]
		if w.rng.IntN(4) == 0 {
			t.Stop()
		} else {
			t.Reset(now + time.Duration(w.rng.IntN(40)))
		}
	}
}

// TestLaneOrdersAsAt runs the same world with its delay line on At and on
// a Lane, in bounded runs of random horizons and budgets, and requires the
// same events in the same order, the same event counts, the same pending
// counts and the same limit errors: a lane is a cheaper At, nothing else.
func TestLaneOrdersAsAt(t *testing.T) {
	worlds := [2]*laneWorld{newLaneWorld(false), newLaneWorld(true)}
	limits := rand.New(sim.NewStream(9, 0, "limits"))
	for _, w := range worlds {
		w.act(0)
		w.lines[0].put(0)
		w.lines[1].put(0)
	}
	for round := 0; round < 400; round++ {
		var lim sim.Limits
		switch limits.IntN(3) {
		case 0:
			lim.Horizon = worlds[0].s.Now() + time.Duration(limits.IntN(60))
		case 1:
			lim.MaxEvents = worlds[0].s.Events() + uint64(limits.IntN(40)) + 1
		}
		var errs [2]string
		for i, w := range worlds {
			if err := w.s.Run(lim); err != nil {
				errs[i] = err.Error()
			}
		}
		a, b := worlds[0], worlds[1]
		if errs[0] != errs[1] || a.s.Now() != b.s.Now() || a.s.Events() != b.s.Events() || a.s.Pending() != b.s.Pending() {
			t.Fatalf("round %d: At: %q now %v, %d events, %d pending; Lane: %q now %v, %d events, %d pending",
				round, errs[0], a.s.Now(), a.s.Events(), a.s.Pending(), errs[1], b.s.Now(), b.s.Events(), b.s.Pending())
		}
		// From outside a run: schedule at now, which is before anything
		// pending (the engine must not have moved its floor past now).
		for _, w := range worlds {
			w.act(w.s.Now())
		}
	}
	a, b := worlds[0].log, worlds[1].log
	if len(a) < 10000 {
		t.Fatalf("only %d events ran; the test needs a busier world", len(a))
	}
	for i := range min(len(a), len(b)) {
		if a[i] != b[i] {
			t.Fatalf("event %d: At ran %s, Lane ran %s (before: %s)", i, a[i], b[i], strings.Join(a[max(0, i-5):i], " "))
		}
	}
	if len(a) != len(b) {
		t.Fatalf("At ran %d events, Lane %d", len(a), len(b))
	}
}

func TestLaneArmedInThePastPanics(t *testing.T) {
	s := sim.New()
	l := s.NewLane(sim.Func(func(time.Duration) {}))
	s.At(time.Second, sim.Func(func(time.Duration) {}))
	if err := s.Run(sim.Limits{}); err != nil {
		t.Fatal(err)
	}
	defer func() {
		if recover() == nil {
			t.Error("arming a lane before now did not panic")
		}
	}()
	l.Arm(time.Millisecond)
}

// TestLaneRearmAndReset: re-arming replaces the pending firing, Pending
// counts an armed lane, and Reset forgets the lanes of the previous run.
func TestLaneRearmAndReset(t *testing.T) {
	s := sim.New()
	var fired []time.Duration
	l := s.NewLane(sim.Func(func(now time.Duration) { fired = append(fired, now) }))
	l.Arm(5 * time.Second)
	l.Arm(3 * time.Second)
	if got := s.Pending(); got != 1 || !l.Armed() {
		t.Fatalf("Pending %d, Armed %v after arming twice; want 1, true", got, l.Armed())
	}
	err := s.Run(sim.Limits{Horizon: 2 * time.Second})
	if err == nil || !strings.Contains(err.Error(), "1 events pending (next at 3s)") {
		t.Fatalf("Run to 2s: %v; want the horizon error naming the lane's firing", err)
	}
	if err := s.Run(sim.Limits{}); err != nil {
		t.Fatal(err)
	}
	if len(fired) != 1 || fired[0] != 3*time.Second || s.Events() != 1 || l.Armed() {
		t.Fatalf("fired %v, %d events, armed %v; want [3s], 1, false", fired, s.Events(), l.Armed())
	}
	l.Arm(10 * time.Second)
	s.Reset()
	if err := s.Run(sim.Limits{}); err != nil || len(fired) != 1 || s.Pending() != 0 {
		t.Fatalf("after Reset: err %v, fired %v, pending %d; the old lane must be forgotten", err, fired, s.Pending())
	}
}
