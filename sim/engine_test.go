package sim_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"testing"
	"time"

	"pagesim/sim"
)

// recorder is a Handler that appends its label and the time it ran to a log.
type recorder struct {
	log   *[]string
	label string
}

func (r *recorder) Handle(now time.Duration) {
	*r.log = append(*r.log, fmt.Sprintf("%s@%v", r.label, now))
}

// step is one scheduling action of an ordering test.
type step struct {
	kind  string // "at": At(at, label); "timer": Reset timer named label to at; "stop": Stop timer label
	at    time.Duration
	label string
}

func TestOrdering(t *testing.T) {
	tests := []struct {
		name  string
		steps []step
		want  []string
	}{
		{
			name: "empty",
			want: nil,
		},
		{
			name:  "single event at zero",
			steps: []step{{"at", 0, "a"}},
			want:  []string{"a@0s"},
		},
		{
			name: "increasing times",
			steps: []step{
				{"at", 1, "a"}, {"at", 2, "b"}, {"at", 3, "c"},
			},
			want: []string{"a@1ns", "b@2ns", "c@3ns"},
		},
		{
			name: "decreasing times are sorted",
			steps: []step{
				{"at", 3, "c"}, {"at", 2, "b"}, {"at", 1, "a"},
			},
			want: []string{"a@1ns", "b@2ns", "c@3ns"},
		},
		{
			name: "ties are FIFO",
			steps: []step{
				{"at", 5, "a"}, {"at", 5, "b"}, {"at", 5, "c"}, {"at", 5, "d"},
				{"at", 5, "e"}, {"at", 5, "f"}, {"at", 5, "g"}, {"at", 5, "h"},
				{"at", 5, "i"}, {"at", 5, "j"},
			},
			want: []string{"a@5ns", "b@5ns", "c@5ns", "d@5ns", "e@5ns", "f@5ns", "g@5ns", "h@5ns", "i@5ns", "j@5ns"},
		},
		{
			name: "ties at zero are FIFO",
			steps: []step{
				{"at", 0, "a"}, {"at", 0, "b"}, {"at", 0, "c"},
			},
			want: []string{"a@0s", "b@0s", "c@0s"},
		},
		{
			name: "ties interleaved with other times",
			steps: []step{
				{"at", 7, "a"}, {"at", 3, "x"}, {"at", 7, "b"}, {"at", 9, "y"},
				{"at", 7, "c"}, {"at", 3, "z"}, {"at", 7, "d"},
			},
			want: []string{"x@3ns", "z@3ns", "a@7ns", "b@7ns", "c@7ns", "d@7ns", "y@9ns"},
		},
		{
			name: "timers interleave with events in insertion order",
			steps: []step{
				{"at", 5, "a"}, {"timer", 5, "T1"}, {"at", 5, "b"}, {"timer", 5, "T2"}, {"at", 5, "c"},
			},
			want: []string{"a@5ns", "T1@5ns", "b@5ns", "T2@5ns", "c@5ns"},
		},
		{
			name: "re-armed timer takes the sequence of its last Reset",
			steps: []step{
				{"timer", 5, "T"}, {"at", 5, "a"}, {"timer", 5, "T"}, {"at", 5, "b"},
			},
			want: []string{"a@5ns", "T@5ns", "b@5ns"},
		},
		{
			name: "timer moved earlier fires once at its new deadline",
			steps: []step{
				{"timer", 9, "T"}, {"at", 5, "a"}, {"timer", 4, "T"},
			},
			want: []string{"T@4ns", "a@5ns"},
		},
		{
			name: "timer moved later fires once at its new deadline",
			steps: []step{
				{"timer", 2, "T"}, {"at", 5, "a"}, {"timer", 8, "T"},
			},
			want: []string{"a@5ns", "T@8ns"},
		},
		{
			name: "stopped timer never fires",
			steps: []step{
				{"timer", 2, "T"}, {"at", 5, "a"}, {"stop", 0, "T"},
			},
			want: []string{"a@5ns"},
		},
		{
			name: "stopped then re-armed timer fires once",
			steps: []step{
				{"timer", 2, "T"}, {"stop", 0, "T"}, {"timer", 3, "T"}, {"at", 3, "a"},
			},
			want: []string{"T@3ns", "a@3ns"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sim.New()
			var log []string
			timers := map[string]*sim.Timer{}
			for _, st := range tt.steps {
				switch st.kind {
				case "at":
					s.At(st.at, &recorder{&log, st.label})
				case "timer":
					tm := timers[st.label]
					if tm == nil {
						tm = s.NewTimer(&recorder{&log, st.label})
						timers[st.label] = tm
					}
					tm.Reset(st.at)
				case "stop":
					timers[st.label].Stop()
				default:
					t.Fatalf("bad step kind %q", st.kind)
				}
			}
			if err := s.Run(sim.Limits{}); err != nil {
				t.Fatalf("Run: got error %v, want nil", err)
			}
			if got, want := strings.Join(log, " "), strings.Join(tt.want, " "); got != want {
				t.Errorf("order:\ngot  %s\nwant %s", got, want)
			}
			if got := s.Pending(); got != 0 {
				t.Errorf("Pending after Run: got %d, want 0", got)
			}
		})
	}
}

// chain is a handler that, each time it runs, records now and schedules
// follow-ups (including at the current instant) until its budget is spent.
type chain struct {
	s    *sim.Sim
	rng  *rand.Rand
	seen []time.Duration
	left int
}

func (c *chain) Handle(now time.Duration) {
	c.seen = append(c.seen, now)
	if c.s.Now() != now {
		panic(fmt.Sprintf("Now() = %v inside handler called with %v", c.s.Now(), now))
	}
	for k := 0; k < 2 && c.left > 0; k++ {
		c.left--
		// Offsets of 0 are frequent: they exercise same-instant scheduling
		// from inside a handler.
		d := time.Duration(c.rng.IntN(4)) * time.Duration(c.rng.IntN(1000))
		c.s.After(d, c)
	}
}

func TestTimeNeverGoesBackwards(t *testing.T) {
	s := sim.New()
	c := &chain{s: s, rng: rand.New(sim.NewStream(7, 0, "chain")), left: 20000}
	for i := 0; i < 10; i++ {
		s.At(time.Duration(i*100), c)
	}
	tm := s.NewTimer(sim.Func(func(now time.Duration) { c.Handle(now) }))
	tm.Reset(50)
	if err := s.Run(sim.Limits{}); err != nil {
		t.Fatalf("Run: %v", err)
	}
	if got, want := len(c.seen), 10+20000+1; got != want {
		t.Fatalf("events seen: got %d, want %d", got, want)
	}
	for i := 1; i < len(c.seen); i++ {
		if c.seen[i] < c.seen[i-1] {
			t.Fatalf("time went backwards at event %d: %v after %v", i, c.seen[i], c.seen[i-1])
		}
	}
	if got, want := s.Now(), c.seen[len(c.seen)-1]; got != want {
		t.Errorf("Now after Run: got %v, want the last event's time %v", got, want)
	}
	if got, want := s.Events(), uint64(len(c.seen)); got != want {
		t.Errorf("Events: got %d, want %d", got, want)
	}
}

// mustPanic runs f and returns the panic message, failing if f does not panic.
func mustPanic(t *testing.T, f func()) string {
	t.Helper()
	var msg string
	func() {
		defer func() {
			r := recover()
			if r == nil {
				t.Fatalf("did not panic")
			}
			msg = fmt.Sprint(r)
		}()
		f()
	}()
	return msg
}

func TestSchedulingInThePastPanics(t *testing.T) {
	nop := sim.Func(func(time.Duration) {})
	tests := []struct {
		name string
		do   func(s *sim.Sim)
		want string // substring of the panic message
	}{
		{"At before now", func(s *sim.Sim) { s.At(9, nop) }, "invariant violated"},
		{"At negative", func(s *sim.Sim) { s.At(-1, nop) }, "invariant violated"},
		{"After negative", func(s *sim.Sim) { s.After(-1, nop) }, "invariant violated"},
		{"Timer.Reset before now", func(s *sim.Sim) { s.NewTimer(nop).Reset(9) }, "invariant violated"},
		{"Timer.ResetAfter negative", func(s *sim.Sim) { s.NewTimer(nop).ResetAfter(-time.Nanosecond) }, "invariant violated"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sim.New()
			// Move the clock to 10ns (or leave it at 0 for the negative cases;
			// both must panic).
			s.At(10, nop)
			if err := s.Run(sim.Limits{}); err != nil {
				t.Fatal(err)
			}
			msg := mustPanic(t, func() { tt.do(s) })
			if !strings.Contains(msg, tt.want) {
				t.Errorf("panic message %q does not contain %q", msg, tt.want)
			}
			if got := s.Pending(); got != 0 {
				t.Errorf("Pending after refused schedule: got %d, want 0", got)
			}
		})
	}
	t.Run("At now is allowed", func(t *testing.T) {
		s := sim.New()
		ran := 0
		s.At(10, sim.Func(func(now time.Duration) {
			ran++
			s.At(now, sim.Func(func(time.Duration) { ran++ }))
			s.After(0, sim.Func(func(time.Duration) { ran++ }))
		}))
		if err := s.Run(sim.Limits{}); err != nil {
			t.Fatal(err)
		}
		if ran != 3 {
			t.Errorf("handlers run: got %d, want 3", ran)
		}
	})
	t.Run("message names both times", func(t *testing.T) {
		s := sim.New()
		s.At(10, nop)
		_ = s.Run(sim.Limits{})
		msg := mustPanic(t, func() { s.At(3, nop) })
		for _, want := range []string{"3ns", "10ns"} {
			if !strings.Contains(msg, want) {
				t.Errorf("panic message %q does not contain %q", msg, want)
			}
		}
	})
}

func TestRunLimits(t *testing.T) {
	// Events at 1ms, 2ms, ..., 10ms.
	schedule := func(s *sim.Sim, ran *[]time.Duration) {
		for i := 1; i <= 10; i++ {
			s.At(time.Duration(i)*time.Millisecond, sim.Func(func(now time.Duration) { *ran = append(*ran, now) }))
		}
	}
	tests := []struct {
		name        string
		lim         sim.Limits
		wantErr     error // nil: Run must return nil
		wantRan     int
		wantPending int
		wantNow     time.Duration
	}{
		{"no limits", sim.Limits{}, nil, 10, 0, 10 * time.Millisecond},
		{"horizon between events", sim.Limits{Horizon: 4500 * time.Microsecond}, sim.ErrHorizon, 4, 6, 4 * time.Millisecond},
		{"horizon exactly on an event runs it", sim.Limits{Horizon: 4 * time.Millisecond}, sim.ErrHorizon, 4, 6, 4 * time.Millisecond},
		{"horizon before first event", sim.Limits{Horizon: time.Microsecond}, sim.ErrHorizon, 0, 10, 0},
		{"horizon on last event", sim.Limits{Horizon: 10 * time.Millisecond}, nil, 10, 0, 10 * time.Millisecond},
		{"horizon after last event", sim.Limits{Horizon: time.Hour}, nil, 10, 0, 10 * time.Millisecond},
		{"budget 1", sim.Limits{MaxEvents: 1}, sim.ErrBudget, 1, 9, 1 * time.Millisecond},
		{"budget 3", sim.Limits{MaxEvents: 3}, sim.ErrBudget, 3, 7, 3 * time.Millisecond},
		{"budget exactly enough", sim.Limits{MaxEvents: 10}, nil, 10, 0, 10 * time.Millisecond},
		{"budget more than enough", sim.Limits{MaxEvents: 11}, nil, 10, 0, 10 * time.Millisecond},
		{"budget before horizon", sim.Limits{Horizon: 8 * time.Millisecond, MaxEvents: 5}, sim.ErrBudget, 5, 5, 5 * time.Millisecond},
		{"horizon before budget", sim.Limits{Horizon: 2 * time.Millisecond, MaxEvents: 5}, sim.ErrHorizon, 2, 8, 2 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sim.New()
			var ran []time.Duration
			schedule(s, &ran)
			err := s.Run(tt.lim)
			switch {
			case tt.wantErr == nil && err != nil:
				t.Fatalf("Run: got error %v, want nil", err)
			case tt.wantErr != nil && !errors.Is(err, tt.wantErr):
				t.Fatalf("Run: got error %v, want one wrapping %v", err, tt.wantErr)
			}
			if err != nil && !strings.HasPrefix(err.Error(), "did not finish") {
				t.Errorf("error %q does not start with %q", err, "did not finish")
			}
			if got := len(ran); got != tt.wantRan {
				t.Errorf("events run: got %d, want %d", got, tt.wantRan)
			}
			if got := s.Pending(); got != tt.wantPending {
				t.Errorf("Pending: got %d, want %d", got, tt.wantPending)
			}
			if got := s.Now(); got != tt.wantNow {
				t.Errorf("Now: got %v, want %v", got, tt.wantNow)
			}
			if tt.lim.Horizon > 0 && s.Now() > tt.lim.Horizon {
				t.Errorf("Now %v is past the horizon %v", s.Now(), tt.lim.Horizon)
			}
			for _, at := range ran {
				if tt.lim.Horizon > 0 && at > tt.lim.Horizon {
					t.Errorf("event at %v ran past the horizon %v", at, tt.lim.Horizon)
				}
			}
		})
	}
}

func TestHorizonErrorSaysWhere(t *testing.T) {
	s := sim.New()
	s.At(time.Second, sim.Func(func(time.Duration) {}))
	err := s.Run(sim.Limits{Horizon: 500 * time.Millisecond})
	if !errors.Is(err, sim.ErrHorizon) {
		t.Fatalf("got %v, want ErrHorizon", err)
	}
	for _, want := range []string{"500ms", "1 events pending", "next at 1s"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
}

func TestRunResumesAfterHorizon(t *testing.T) {
	s := sim.New()
	var ran []time.Duration
	for i := 1; i <= 6; i++ {
		s.At(time.Duration(i)*time.Second, sim.Func(func(now time.Duration) { ran = append(ran, now) }))
	}
	if err := s.Run(sim.Limits{Horizon: 3 * time.Second}); !errors.Is(err, sim.ErrHorizon) {
		t.Fatalf("first Run: got %v, want ErrHorizon", err)
	}
	if err := s.Run(sim.Limits{}); err != nil {
		t.Fatalf("second Run: got %v, want nil", err)
	}
	if got, want := fmt.Sprint(ran), "[1s 2s 3s 4s 5s 6s]"; got != want {
		t.Errorf("ran: got %s, want %s", got, want)
	}
}

// TestStaleTimerDoesNotCountAsPending: a run whose only remaining queue
// entry is a stopped timer has finished its work; hitting the horizon or
// the budget on that stale entry must not be reported as "did not finish".
func TestStaleTimerDoesNotCountAsPending(t *testing.T) {
	tests := []struct {
		name string
		lim  sim.Limits
	}{
		{"no limits", sim.Limits{}},
		{"horizon before the stale deadline", sim.Limits{Horizon: 2 * time.Second}},
		{"budget spent by real events", sim.Limits{MaxEvents: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sim.New()
			fired := false
			rto := s.NewTimer(sim.Func(func(time.Duration) { fired = true }))
			rto.Reset(10 * time.Second) // armed...
			s.At(time.Second, sim.Func(func(time.Duration) {
				rto.Stop() // ...and cancelled when the work is done
			}))
			if err := s.Run(tt.lim); err != nil {
				t.Errorf("Run: got %v, want nil (only a cancelled timer remains)", err)
			}
			if fired {
				t.Errorf("stopped timer fired")
			}
			if got, want := s.Now(), time.Second; got != want {
				t.Errorf("Now: got %v, want %v (a stale entry must not move the clock)", got, want)
			}
		})
	}
}

func TestStop(t *testing.T) {
	s := sim.New()
	var ran []time.Duration
	rec := sim.Func(func(now time.Duration) { ran = append(ran, now) })
	s.At(1, rec)
	s.At(2, sim.Func(func(now time.Duration) {
		ran = append(ran, now)
		s.Stop()
		// Events scheduled by the stopping handler stay queued.
		s.At(now, rec)
	}))
	s.At(2, rec) // same instant, after the stopping event: must not run
	s.At(3, rec)
	if err := s.Run(sim.Limits{}); err != nil {
		t.Fatalf("Run after Stop: got %v, want nil", err)
	}
	if got, want := fmt.Sprint(ran), "[1ns 2ns]"; got != want {
		t.Errorf("ran: got %s, want %s", got, want)
	}
	if got, want := s.Pending(), 3; got != want {
		t.Errorf("Pending: got %d, want %d", got, want)
	}
	if got, want := s.Now(), time.Duration(2); got != want {
		t.Errorf("Now: got %v, want %v", got, want)
	}
	// A new Run continues where the stopped one left off, in FIFO order.
	if err := s.Run(sim.Limits{}); err != nil {
		t.Fatalf("second Run: got %v, want nil", err)
	}
	if got, want := fmt.Sprint(ran), "[1ns 2ns 2ns 2ns 3ns]"; got != want {
		t.Errorf("ran after resume: got %s, want %s", got, want)
	}
}

func TestStopBeforeRunIsForgotten(t *testing.T) {
	s := sim.New()
	n := 0
	s.At(1, sim.Func(func(time.Duration) { n++ }))
	s.Stop()
	if err := s.Run(sim.Limits{}); err != nil {
		t.Fatal(err)
	}
	if n != 1 {
		t.Errorf("events run: got %d, want 1 (Stop outside Run must not end the next Run)", n)
	}
}

func TestEmptyQueue(t *testing.T) {
	for _, lim := range []sim.Limits{{}, {Horizon: time.Second}, {MaxEvents: 1}} {
		s := sim.New()
		if err := s.Run(lim); err != nil {
			t.Errorf("Run(%+v) on empty queue: got %v, want nil", lim, err)
		}
		if s.Now() != 0 || s.Events() != 0 || s.Pending() != 0 {
			t.Errorf("Run(%+v) on empty queue: Now=%v Events=%d Pending=%d, want all zero", lim, s.Now(), s.Events(), s.Pending())
		}
	}
}

// heapItem is one event of the heap stress test.
type heapItem struct {
	at  time.Duration
	seq int
}

type heapRecorder struct {
	got *[]int
	seq int
}

func (h *heapRecorder) Handle(time.Duration) { *h.got = append(*h.got, h.seq) }

// TestHeapAgainstReference schedules 100k events at pseudo-random times
// (with many ties) and checks that the run order matches a stable sort on
// (time, insertion order).
func TestHeapAgainstReference(t *testing.T) {
	const n = 100_000
	tests := []struct {
		name   string
		spread int // times drawn from [0, spread)
	}{
		{"few distinct times", 16},
		{"many ties", n / 10},
		{"mostly distinct", 1 << 40},
		{"huge times", 1 << 62},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rng := rand.New(sim.NewStream(42, 0, "heap-"+tt.name))
			s := sim.New()
			items := make([]heapItem, n)
			var got []int
			for i := range items {
				items[i] = heapItem{at: time.Duration(rng.Int64N(int64(tt.spread))), seq: i}
				s.At(items[i].at, &heapRecorder{&got, i})
			}
			want := append([]heapItem(nil), items...)
			sort.SliceStable(want, func(i, j int) bool { return want[i].at < want[j].at })
			if err := s.Run(sim.Limits{}); err != nil {
				t.Fatal(err)
			}
			if len(got) != n {
				t.Fatalf("events run: got %d, want %d", len(got), n)
			}
			for i := range want {
				if got[i] != want[i].seq {
					t.Fatalf("event %d: got #%d (at %v), want #%d (at %v)", i, got[i], items[got[i]].at, want[i].seq, want[i].at)
				}
			}
		})
	}
}

// queue is what the interleaved workload needs from an engine: one-shot
// events and re-armable timers, addressed by small integer ids.
type queue interface {
	at(t time.Duration, f func(now time.Duration))
	resetTimer(k int, t time.Duration)
	stopTimer(k int)
	run()
}

// engineQueue drives the real engine.
type engineQueue struct {
	s      *sim.Sim
	timers []*sim.Timer
}

func (q *engineQueue) at(t time.Duration, f func(time.Duration)) { q.s.At(t, sim.Func(f)) }
func (q *engineQueue) resetTimer(k int, t time.Duration)         { q.timers[k].Reset(t) }
func (q *engineQueue) stopTimer(k int)                           { q.timers[k].Stop() }
func (q *engineQueue) run() {
	if err := q.s.Run(sim.Limits{}); err != nil {
		panic(err)
	}
}

// refQueue is a deliberately simple reference: a slice kept sorted by
// (time, seq) with binary-search insertion, and eager removal of a timer's
// entry when it is re-armed or stopped.
type refQueue struct {
	q       []refEntry
	seq     int
	now     time.Duration
	timerFn []func(time.Duration)
}

type refEntry struct {
	at    time.Duration
	seq   int
	f     func(time.Duration)
	timer int // -1 for one-shot events
}

func (q *refQueue) insert(e refEntry) {
	e.seq = q.seq
	q.seq++
	i := sort.Search(len(q.q), func(i int) bool {
		return q.q[i].at > e.at || (q.q[i].at == e.at && q.q[i].seq > e.seq)
	})
	q.q = append(q.q, refEntry{})
	copy(q.q[i+1:], q.q[i:])
	q.q[i] = e
}

func (q *refQueue) at(t time.Duration, f func(time.Duration)) {
	q.insert(refEntry{at: t, f: f, timer: -1})
}

func (q *refQueue) stopTimer(k int) {
	for i := range q.q {
		if q.q[i].timer == k {
			q.q = append(q.q[:i], q.q[i+1:]...)
			return
		}
	}
}

func (q *refQueue) resetTimer(k int, t time.Duration) {
	q.stopTimer(k)
	q.insert(refEntry{at: t, f: q.timerFn[k], timer: k})
}

func (q *refQueue) run() {
	for len(q.q) > 0 {
		e := q.q[0]
		q.q = q.q[1:]
		q.now = e.at
		e.f(e.at)
	}
}

// interleavedWorkload schedules events from inside handlers while the queue
// drains, and re-arms and stops a handful of timers, all driven by a
// fixed-seed stream. It returns the log of what ran, in order.
func interleavedWorkload(q queue, ntimers int, setTimerFn func(k int, f func(time.Duration)), limit int) []string {
	rng := rand.New(sim.NewStream(3, 1, "interleaved"))
	var log []string
	scheduled := 0
	var schedule func(at time.Duration)
	act := func(now time.Duration) {
		for k := rng.IntN(3); k > 0 && scheduled < limit; k-- {
			schedule(now + time.Duration(rng.IntN(50)))
		}
		switch r := rng.IntN(10); {
		case r < 3: // re-arm a timer (RTO-like)
			q.resetTimer(rng.IntN(ntimers), now+time.Duration(rng.IntN(100)))
		case r < 4:
			q.stopTimer(rng.IntN(ntimers))
		}
	}
	schedule = func(at time.Duration) {
		id := scheduled
		scheduled++
		q.at(at, func(now time.Duration) {
			log = append(log, fmt.Sprintf("e%d@%d", id, now))
			act(now)
		})
	}
	for k := 0; k < ntimers; k++ {
		setTimerFn(k, func(now time.Duration) {
			log = append(log, fmt.Sprintf("T%d@%d", k, now))
			act(now)
		})
	}
	for i := 0; i < 1000; i++ {
		schedule(time.Duration(rng.IntN(1000)))
	}
	q.run()
	return log
}

// TestHeapInterleaved runs the same random workload (pushes while popping,
// timers re-armed and stopped) on the engine and on the reference queue; the
// two logs must be identical event for event.
func TestHeapInterleaved(t *testing.T) {
	const ntimers = 8
	const limit = 100_000

	eq := &engineQueue{s: sim.New(), timers: make([]*sim.Timer, ntimers)}
	got := interleavedWorkload(eq, ntimers, func(k int, f func(time.Duration)) {
		eq.timers[k] = eq.s.NewTimer(sim.Func(f))
	}, limit)

	rq := &refQueue{timerFn: make([]func(time.Duration), ntimers)}
	want := interleavedWorkload(rq, ntimers, func(k int, f func(time.Duration)) {
		rq.timerFn[k] = f
	}, limit)

	if len(want) < limit {
		t.Fatalf("reference ran only %d events; the workload should run at least %d", len(want), limit)
	}
	for i := 0; i < len(got) && i < len(want); i++ {
		if got[i] != want[i] {
			t.Fatalf("event %d: got %s, want %s (previous: %v)", i, got[i], want[i], want[max(0, i-3):i])
		}
	}
	if len(got) != len(want) {
		t.Fatalf("events run: got %d, want %d", len(got), len(want))
	}
	timerFires := 0
	for _, l := range want {
		if l[0] == 'T' {
			timerFires++
		}
	}
	if timerFires == 0 {
		t.Errorf("no timer fired; the workload does not exercise timers")
	}
}

// TestScheduleAfterLimit: after Run returns at a limit, the caller may
// schedule events earlier than the next pending one (but not before now);
// the next Run must run everything in (time, sequence) order.
func TestScheduleAfterLimit(t *testing.T) {
	tests := []struct {
		name string
		lim  sim.Limits
	}{
		{"horizon", sim.Limits{Horizon: 3 * time.Second}},
		{"budget", sim.Limits{MaxEvents: 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := sim.New()
			var log []string
			rec := func(label string) sim.Handler { return &recorder{&log, label} }
			for i := 1; i <= 3; i++ {
				s.At(time.Duration(i)*time.Second, rec(fmt.Sprint("e", i)))
			}
			s.At(100*time.Second, rec("late"))
			s.At(1000*time.Second, rec("later"))
			if err := s.Run(tt.lim); err == nil {
				t.Fatalf("first Run: got nil, want a limit error")
			}
			if got, want := s.Now(), 3*time.Second; got != want {
				t.Fatalf("Now after first Run: got %v, want %v", got, want)
			}
			// Between now and the next pending event, and at the same
			// time as pending ones.
			s.At(3*time.Second, rec("same-instant"))
			s.At(50*time.Second, rec("between"))
			s.At(100*time.Second, rec("tie-after-late"))
			s.At(5*time.Second, rec("soon"))
			if err := s.Run(sim.Limits{}); err != nil {
				t.Fatalf("second Run: %v", err)
			}
			want := "e1@1s e2@2s e3@3s same-instant@3s soon@5s between@50s late@1m40s tie-after-late@1m40s later@16m40s"
			if got := strings.Join(log, " "); got != want {
				t.Errorf("order:\ngot  %s\nwant %s", got, want)
			}
		})
	}
}

type seqRecorder struct {
	log *[][2]int64
	seq int64
}

func (r *seqRecorder) Handle(now time.Duration) { *r.log = append(*r.log, [2]int64{int64(now), r.seq}) }

// timerRec is a timer of TestRandomRunsWithLimits with the model's view of
// its arming.
type timerRec struct {
	tm    *sim.Timer
	armed bool
	at    time.Duration
	seq   int64
}

// TestRandomRunsWithLimits alternates short bounded runs with scheduling
// from outside the run (at now, between now and the next pending event, far
// ahead) and re-arming or stopping timers, and checks that what ran did so
// in strictly increasing (time, scheduling order) — a timer's order being
// that of its last Reset — each event once and each timer at its last
// deadline unless stopped.
func TestRandomRunsWithLimits(t *testing.T) {
	rng := rand.New(sim.NewStream(5, 0, "limits"))
	s := sim.New()
	var log [][2]int64
	var seq int64
	schedule := func(at time.Duration) {
		s.At(at, &seqRecorder{&log, seq})
		seq++
	}
	timers := make([]*timerRec, 6)
	want := 0 // events and timer firings that must happen
	for k := range timers {
		tr := &timerRec{}
		tr.tm = s.NewTimer(sim.Func(func(now time.Duration) {
			if !tr.armed || now != tr.at {
				t.Errorf("timer %d fired at %v; armed %v for %v", k, now, tr.armed, tr.at)
			}
			tr.armed = false
			log = append(log, [2]int64{int64(now), tr.seq})
		}))
		timers[k] = tr
	}
	delay := func() time.Duration {
		switch rng.IntN(3) {
		case 0:
			return 0
		case 1:
			return time.Duration(rng.IntN(10))
		}
		return time.Duration(rng.IntN(100_000))
	}
	for round := 0; round < 2000; round++ {
		for k := rng.IntN(8); k > 0; k-- {
			schedule(s.Now() + delay())
			want++
		}
		for k := rng.IntN(3); k > 0; k-- {
			tr := timers[rng.IntN(len(timers))]
			if rng.IntN(4) == 0 {
				if got := tr.tm.Stop(); got != tr.armed {
					t.Fatalf("round %d: Stop() = %v, want %v", round, got, tr.armed)
				}
				if tr.armed {
					want--
				}
				tr.armed = false
				continue
			}
			if !tr.armed {
				want++ // a new firing; re-arming replaces the pending one
			}
			tr.armed, tr.at, tr.seq = true, s.Now()+delay(), seq
			seq++
			tr.tm.Reset(tr.at)
		}
		var lim sim.Limits
		if rng.IntN(2) == 0 {
			lim.Horizon = s.Now() + time.Duration(rng.IntN(1000)) + 1
		} else {
			lim.MaxEvents = s.Events() + uint64(rng.IntN(5)) + 1
		}
		if err := s.Run(lim); err != nil && !errors.Is(err, sim.ErrHorizon) && !errors.Is(err, sim.ErrBudget) {
			t.Fatalf("round %d: unexpected error %v", round, err)
		}
		if lim.Horizon > 0 && s.Now() > lim.Horizon {
			t.Fatalf("round %d: Now %v past the horizon %v", round, s.Now(), lim.Horizon)
		}
	}
	if err := s.Run(sim.Limits{}); err != nil {
		t.Fatal(err)
	}
	if got := len(log); got != want {
		t.Fatalf("events and timer firings: got %d, want %d", got, want)
	}
	if got, want := s.Events(), uint64(len(log)); got != want {
		t.Errorf("Events(): got %d, want %d (handled events only)", got, want)
	}
	for i := 1; i < len(log); i++ {
		a, b := log[i-1], log[i]
		if !(a[0] < b[0] || (a[0] == b[0] && a[1] < b[1])) {
			t.Fatalf("event %d: (at %d, #%d) ran after (at %d, #%d)", i, b[0], b[1], a[0], a[1])
		}
	}
}
