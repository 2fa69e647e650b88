package sim_test

import (
	"errors"
	"fmt"
	"time"

	"pagesim/sim"
)

// A handful of events, a retransmission-style timer that is re-armed and
// finally fires, and a run that ends when the queue is empty.
func Example() {
	s := sim.New()
	say := func(what string) sim.Func {
		return func(now time.Duration) { fmt.Printf("%6v  %s\n", now, what) }
	}

	rto := s.NewTimer(say("timer fires (last deadline wins)"))
	rto.Reset(200 * time.Millisecond)

	s.At(30*time.Millisecond, say("segment arrives"))
	s.At(50*time.Millisecond, sim.Func(func(now time.Duration) {
		fmt.Printf("%6v  ACK: timer re-armed for now+200ms\n", now)
		rto.ResetAfter(200 * time.Millisecond)
	}))
	// Two events at the same instant run in the order they were scheduled.
	s.At(100*time.Millisecond, say("first at 100ms"))
	s.At(100*time.Millisecond, say("second at 100ms"))

	if err := s.Run(sim.Limits{}); err != nil {
		fmt.Println(err)
	}
	fmt.Println("done at", s.Now())
	// Output:
	//   30ms  segment arrives
	//   50ms  ACK: timer re-armed for now+200ms
	//  100ms  first at 100ms
	//  100ms  second at 100ms
	//  250ms  timer fires (last deadline wins)
	// done at 250ms
}

// A horizon bounds a run that would otherwise go on: the error says the run
// did not finish, and the events after the horizon stay queued.
func ExampleSim_Run_horizon() {
	s := sim.New()
	var tick sim.Func
	tick = func(now time.Duration) { s.After(time.Second, tick) } // never ends
	s.At(0, tick)

	err := s.Run(sim.Limits{Horizon: 10 * time.Second})
	fmt.Println(errors.Is(err, sim.ErrHorizon))
	fmt.Println(err)
	fmt.Println("clock:", s.Now(), "pending:", s.Pending())
	// Output:
	// true
	// did not finish: horizon reached at 10s with 1 events pending (next at 11s)
	// clock: 10s pending: 1
}

// Named streams: the same (seed, run, name) always gives the same numbers;
// another run number gives an independent replication.
func ExampleNewStream() {
	loss := sim.NewStream(1, 0, "loss.down")
	again := sim.NewStream(1, 0, "loss.down")
	other := sim.NewStream(1, 1, "loss.down")
	a, b, c := loss.Uint64(), again.Uint64(), other.Uint64()
	fmt.Println(a == b, a == c)
	// Output: true false
}
