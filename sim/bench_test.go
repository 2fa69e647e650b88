package sim_test

import (
	"fmt"
	"testing"
	"time"

	"pagesim/sim"
)

// xorshift is a tiny inline generator for benchmarks: the engine, not the
// random source, is what is being measured.
type xorshift uint64

func (x *xorshift) next() uint64 {
	v := uint64(*x)
	v ^= v << 13
	v ^= v >> 7
	v ^= v << 17
	*x = xorshift(v)
	return v
}

// counter is a pointer Handler that counts its calls.
type counter struct{ n int }

func (c *counter) Handle(time.Duration) { c.n++ }

// rearm is a pointer Handler that re-arms a timer each time it runs.
type rearm struct {
	s  *sim.Sim
	tm *sim.Timer
}

func (r *rearm) Handle(now time.Duration) { r.tm.ResetAfter(time.Millisecond) }

// TestZeroAllocs: once the queue's backing slice has grown, scheduling a
// pointer handler, re-arming a timer and running allocate nothing.
func TestZeroAllocs(t *testing.T) {
	tests := []struct {
		name  string
		setup func(s *sim.Sim) func()
	}{
		{"At pointer handler and Run", func(s *sim.Sim) func() {
			c := &counter{}
			return func() {
				for i := 0; i < 100; i++ {
					s.After(time.Duration(i%7), c)
				}
				_ = s.Run(sim.Limits{})
			}
		}},
		{"At Func created once", func(s *sim.Sim) func() {
			n := 0
			f := sim.Func(func(time.Duration) { n++ })
			return func() {
				for i := 0; i < 100; i++ {
					s.After(time.Duration(i%7), f)
				}
				_ = s.Run(sim.Limits{})
			}
		}},
		{"Timer Reset and Run", func(s *sim.Sim) func() {
			c := &counter{}
			tm := s.NewTimer(c)
			return func() {
				for i := 0; i < 100; i++ {
					tm.ResetAfter(time.Duration(100 - i))
				}
				tm.Stop()
				tm.ResetAfter(time.Microsecond)
				_ = s.Run(sim.Limits{})
			}
		}},
		{"handler re-arms a timer from inside Run", func(s *sim.Sim) func() {
			r := &rearm{s: s}
			r.tm = s.NewTimer(&counter{})
			return func() {
				for i := 0; i < 100; i++ {
					s.After(time.Duration(i), r)
				}
				_ = s.Run(sim.Limits{})
			}
		}},
		{"Run with limits", func(s *sim.Sim) func() {
			c := &counter{}
			return func() {
				for i := 0; i < 100; i++ {
					s.After(time.Duration(i), c)
				}
				_ = s.Run(sim.Limits{Horizon: s.Now() + 1000, MaxEvents: s.Events() + 1000})
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sim.New()
			f := tt.setup(s)
			f() // grow the queue's slice
			before := s.Events()
			if got := testing.AllocsPerRun(100, f); got != 0 {
				t.Errorf("allocs per run: got %v, want 0", got)
			}
			if s.Events() == before {
				t.Errorf("no events ran; the test measures nothing")
			}
		})
	}
}

// holder is the hold model's handler: each event schedules one more at a
// pseudo-random future offset, keeping the queue size constant.
type holder struct {
	s   *sim.Sim
	rng xorshift
}

func (h *holder) Handle(time.Duration) {
	h.s.After(time.Duration(h.rng.next()&0xffff), h)
}

func reportEventsPerSec(b *testing.B, events uint64) {
	if s := b.Elapsed().Seconds(); s > 0 {
		b.ReportMetric(float64(events)/s, "events/s")
	}
	b.ReportMetric(float64(events)/float64(b.N), "events/op")
}

// BenchmarkHold is the classic hold model: a queue of `pending` events in
// which each event, when handled, schedules one new event at a random
// future offset. One op is one event.
func BenchmarkHold(b *testing.B) {
	for _, pending := range []int{1000, 100_000} {
		b.Run(fmt.Sprint("pending=", pending), func(b *testing.B) {
			s := sim.New()
			h := &holder{s: s, rng: 88172645463325252}
			for i := 0; i < pending; i++ {
				s.After(time.Duration(h.rng.next()&0xffff), h)
			}
			b.ReportAllocs()
			b.ResetTimer()
			// The budget ends the run with the queue still full: ErrBudget
			// is expected.
			_ = s.Run(sim.Limits{MaxEvents: uint64(b.N)})
			b.StopTimer()
			reportEventsPerSec(b, s.Events())
		})
	}
}

// flow is one connection of the timer-churn benchmark: every ACK re-arms
// its retransmission timer (RFC 6298 §5.3) and schedules the next ACK.
type flow struct {
	s    *sim.Sim
	rto  *sim.Timer
	rng  *xorshift
	acks *int
	gap  time.Duration // mean time between ACKs
	wait time.Duration // the RTO
}

func (f *flow) Handle(now time.Duration) {
	*f.acks++
	f.rto.ResetAfter(f.wait)
	// ACKs arrive at gap ± 50%.
	f.s.After(f.gap/2+time.Duration(f.rng.next()%uint64(f.gap)), f)
}

// BenchmarkTimerChurn: 16 flows whose RTO is re-armed on every ACK and
// rarely fires. One op is one ACK (one event and one timer re-arm).
// events/s counts ACKs and timer firings, not the stale queue entries the
// engine discards.
func BenchmarkTimerChurn(b *testing.B) {
	for _, c := range []struct {
		name      string
		gap, wait time.Duration
	}{
		{"rto=10xgap", 10 * time.Microsecond, 100 * time.Microsecond},
		{"rto=1000xgap", 10 * time.Microsecond, 10 * time.Millisecond},
	} {
		b.Run(c.name, func(b *testing.B) {
			const nflows = 16
			s := sim.New()
			rng := xorshift(88172645463325252)
			acks, fires := 0, 0
			fire := &counter{}
			for i := 0; i < nflows; i++ {
				f := &flow{s: s, rng: &rng, acks: &acks, gap: c.gap, wait: c.wait}
				f.rto = s.NewTimer(fire)
				s.After(time.Duration(rng.next()%uint64(c.gap)), f)
			}
			// Warm up to steady state so the queue has grown.
			warm := 4 * int(c.wait/c.gap) * nflows
			for acks < warm {
				if err := s.Run(sim.Limits{MaxEvents: s.Events() + 1000}); err == nil {
					b.Fatal("run ended")
				}
			}
			acks, fire.n = 0, 0
			b.ReportAllocs()
			b.ResetTimer()
			for acks < b.N {
				_ = s.Run(sim.Limits{MaxEvents: s.Events() + uint64(b.N-acks)})
			}
			b.StopTimer()
			fires = fire.n
			reportEventsPerSec(b, uint64(acks+fires))
			b.ReportMetric(float64(s.Pending()), "queue-len")
		})
	}
}

// burst schedules `size` events at the current instant, then itself again
// 1 µs later.
type burst struct {
	s    *sim.Sim
	size int
	c    *counter
	left int
}

func (bu *burst) Handle(time.Duration) {
	for i := 0; i < bu.size; i++ {
		bu.s.After(0, bu.c)
	}
	if bu.left -= bu.size + 1; bu.left > 0 {
		bu.s.After(time.Microsecond, bu)
	}
}

// BenchmarkBurst: FIFO same-time bursts (a window's worth of segments
// released at one instant). One op is one event.
func BenchmarkBurst(b *testing.B) {
	for _, size := range []int{10, 1000} {
		b.Run(fmt.Sprint("size=", size), func(b *testing.B) {
			s := sim.New()
			c := &counter{}
			warm := &burst{s: s, size: size, c: c, left: 3 * size}
			s.At(0, warm)
			_ = s.Run(sim.Limits{})
			start := s.Events()
			s.After(0, &burst{s: s, size: size, c: c, left: b.N})
			b.ReportAllocs()
			b.ResetTimer()
			_ = s.Run(sim.Limits{})
			b.StopTimer()
			reportEventsPerSec(b, s.Events()-start)
		})
	}
}
