package sim_test

import (
	"fmt"
	"testing"
	"time"

	"pagesim/sim"
)

// timerOp is one action of a timer test, performed at simulated time at
// (scheduled as an ordinary event so the clock is at `at` when it runs).
type timerOp struct {
	at   time.Duration
	op   string        // "reset", "resetAfter", "stop"
	arg  time.Duration // deadline for reset, delay for resetAfter
	want bool          // for "stop": the expected return value
}

func TestTimer(t *testing.T) {
	tests := []struct {
		name      string
		ops       []timerOp
		wantFires string // times the handler ran, fmt.Sprint of the slice
	}{
		{"never armed", nil, "[]"},
		{"armed once", []timerOp{{0, "reset", 5, false}}, "[5ns]"},
		{"armed at now fires at now", []timerOp{{3, "reset", 3, false}}, "[3ns]"},
		{"resetAfter zero fires at now", []timerOp{{3, "resetAfter", 0, false}}, "[3ns]"},
		{"resetAfter is relative to now", []timerOp{{3, "resetAfter", 4, false}}, "[7ns]"},
		{"stop before firing", []timerOp{{0, "reset", 5, false}, {1, "stop", 0, true}}, "[]"},
		// The stop event was scheduled before Run, so before the Reset: at
		// the shared instant it runs first and cancels the timer.
		{"stop at the deadline instant, scheduled before the Reset", []timerOp{{0, "reset", 5, false}, {5, "stop", 0, true}}, "[]"},
		{"stop of an unarmed timer reports false", []timerOp{{1, "stop", 0, false}}, "[]"},
		{"stop twice: second reports false", []timerOp{{0, "reset", 5, false}, {1, "stop", 0, true}, {2, "stop", 0, false}}, "[]"},
		{"stop after firing reports false", []timerOp{{0, "reset", 5, false}, {6, "stop", 0, false}}, "[5ns]"},
		{"re-armed later fires once at last deadline", []timerOp{{0, "reset", 5, false}, {1, "reset", 8, false}, {2, "reset", 9, false}}, "[9ns]"},
		{"re-armed earlier fires once at last deadline", []timerOp{{0, "reset", 9, false}, {1, "reset", 8, false}, {2, "reset", 4, false}}, "[4ns]"},
		{"re-armed to the same deadline fires once", []timerOp{{0, "reset", 5, false}, {1, "reset", 5, false}, {2, "reset", 5, false}}, "[5ns]"},
		{"stopped then re-armed fires once", []timerOp{{0, "reset", 5, false}, {1, "stop", 0, true}, {2, "reset", 7, false}}, "[7ns]"},
		{"re-armed after firing fires again", []timerOp{{0, "reset", 2, false}, {3, "reset", 6, false}}, "[2ns 6ns]"},
		{"RTO churn: re-armed on every ACK, then idle", []timerOp{
			{0, "resetAfter", 10, false}, {2, "resetAfter", 10, false}, {4, "resetAfter", 10, false},
			{6, "resetAfter", 10, false}, {8, "resetAfter", 10, false},
		}, "[18ns]"},
		{"RTO churn then stop", []timerOp{
			{0, "resetAfter", 10, false}, {2, "resetAfter", 10, false}, {4, "stop", 0, true},
		}, "[]"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sim.New()
			var fires []time.Duration
			tm := s.NewTimer(sim.Func(func(now time.Duration) {
				fires = append(fires, now)
			}))
			if tm.Armed() {
				t.Fatalf("new timer: Armed() = true, want false")
			}
			for i, op := range tt.ops {
				s.At(op.at, sim.Func(func(now time.Duration) {
					switch op.op {
					case "reset":
						tm.Reset(op.arg)
						checkArmed(t, i, tm, op.arg)
					case "resetAfter":
						tm.ResetAfter(op.arg)
						checkArmed(t, i, tm, now+op.arg)
					case "stop":
						if got := tm.Stop(); got != op.want {
							t.Errorf("op %d (stop at %v): Stop() = %v, want %v", i, now, got, op.want)
						}
						if tm.Armed() {
							t.Errorf("op %d: Armed() after Stop = true, want false", i)
						}
					default:
						t.Fatalf("bad op %q", op.op)
					}
				}))
			}
			if err := s.Run(sim.Limits{}); err != nil {
				t.Fatalf("Run: %v", err)
			}
			if got := fmt.Sprint(fires); got != tt.wantFires {
				t.Errorf("fires: got %s, want %s", got, tt.wantFires)
			}
			if tm.Armed() {
				t.Errorf("Armed() after the run = true, want false")
			}
		})
	}
}

func checkArmed(t *testing.T, i int, tm *sim.Timer, when time.Duration) {
	t.Helper()
	if !tm.Armed() {
		t.Errorf("op %d: Armed() = false after arming, want true", i)
	}
	if got := tm.When(); got != when {
		t.Errorf("op %d: When() = %v, want %v", i, got, when)
	}
}

// TestTimerStateInsideHandler: while its handler runs, a timer is no longer
// armed, and the handler may re-arm it (a periodic timer).
func TestTimerStateInsideHandler(t *testing.T) {
	s := sim.New()
	var tm *sim.Timer
	var fires []time.Duration
	tm = s.NewTimer(sim.Func(func(now time.Duration) {
		if tm.Armed() {
			t.Errorf("at %v: Armed() inside handler = true, want false", now)
		}
		if got := tm.When(); got != now {
			t.Errorf("at %v: When() inside handler = %v, want %v", now, got, now)
		}
		fires = append(fires, now)
		if len(fires) < 4 {
			tm.ResetAfter(10)
		}
	}))
	tm.Reset(1)
	if err := s.Run(sim.Limits{}); err != nil {
		t.Fatal(err)
	}
	if got, want := fmt.Sprint(fires), "[1ns 11ns 21ns 31ns]"; got != want {
		t.Errorf("fires: got %s, want %s", got, want)
	}
}

// TestTimerStopFromAnotherHandlerAtSameInstant: an event scheduled before a
// timer's Reset at the same instant runs first and can still cancel it.
func TestTimerStopFromAnotherHandlerAtSameInstant(t *testing.T) {
	s := sim.New()
	fired := false
	tm := s.NewTimer(sim.Func(func(time.Duration) { fired = true }))
	stopped := false
	s.At(5, sim.Func(func(time.Duration) { stopped = tm.Stop() }))
	tm.Reset(5)
	if err := s.Run(sim.Limits{}); err != nil {
		t.Fatal(err)
	}
	if !stopped {
		t.Errorf("Stop() = false, want true (timer was armed)")
	}
	if fired {
		t.Errorf("timer fired after being stopped at the same instant by an earlier event")
	}
}

// TestManyTimers arms many independent timers at pseudo-random deadlines,
// re-arms half and stops a quarter, and checks each fires exactly as
// expected.
func TestManyTimers(t *testing.T) {
	const n = 5000
	s := sim.New()
	rng := sim.NewStream(9, 0, "timers")
	fires := make([][]time.Duration, n)
	want := make([]time.Duration, n) // -1: must not fire
	timers := make([]*sim.Timer, n)
	for i := range timers {
		timers[i] = s.NewTimer(sim.Func(func(now time.Duration) { fires[i] = append(fires[i], now) }))
		d := time.Duration(rng.Uint64()%1000 + 10)
		timers[i].Reset(d)
		want[i] = d
	}
	s.At(5, sim.Func(func(now time.Duration) {
		for i, tm := range timers {
			switch i % 4 {
			case 0, 1:
				d := time.Duration(rng.Uint64() % 2000)
				tm.ResetAfter(d)
				want[i] = now + d
			case 2:
				tm.Stop()
				want[i] = -1
			}
		}
	}))
	if err := s.Run(sim.Limits{}); err != nil {
		t.Fatal(err)
	}
	for i := range timers {
		switch {
		case want[i] < 0 && len(fires[i]) != 0:
			t.Errorf("timer %d: fired at %v, want never", i, fires[i])
		case want[i] >= 0 && (len(fires[i]) != 1 || fires[i][0] != want[i]):
			t.Errorf("timer %d: fired at %v, want once at %v", i, fires[i], want[i])
		}
	}
}

// TestTimerReArmedToSameInstantOrdersAsLastReset: ties at one instant run
// in the order they were scheduled, and a timer re-armed for the instant
// it was already armed for counts as scheduled at the re-arm. The engine
// keeps the timer's old queue entry (no new one) and must still order it
// after an event scheduled between the two Resets.
func TestTimerReArmedToSameInstantOrdersAsLastReset(t *testing.T) {
	for _, rearm := range []bool{false, true} {
		s := sim.New()
		var order []string
		tm := s.NewTimer(sim.Func(func(time.Duration) { order = append(order, "timer") }))
		s.At(0, sim.Func(func(time.Duration) { tm.Reset(10) }))
		s.At(1, sim.Func(func(time.Duration) {
			s.At(10, sim.Func(func(time.Duration) { order = append(order, "event") }))
		}))
		if rearm {
			s.At(2, sim.Func(func(time.Duration) { tm.Reset(10) }))
		}
		if err := s.Run(sim.Limits{}); err != nil {
			t.Fatal(err)
		}
		want := "[timer event]"
		if rearm {
			want = "[event timer]"
		}
		if got := fmt.Sprint(order); got != want {
			t.Errorf("re-armed=%v: order %s, want %s", rearm, got, want)
		}
	}
}
