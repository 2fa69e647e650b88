package h2

import (
	"fmt"
	"slices"
	"testing"

	"pagesim/model/httpcore"
	"pagesim/model/units"
)

// schedHarness is a connection whose streams all have their responses
// ready, and unbounded windows.
type schedHarness struct {
	sc    *serverConn
	sched scheduler
	c     chain
}

func newSchedHarness(k httpcore.Scheduler) *schedHarness {
	sc := &serverConn{conn: sendWindow{1 << 40}}
	return &schedHarness{sc: sc, sched: newScheduler(k, 100)}
}

// open opens a stream of body bytes at urgency u with the dependency
// Chrome's chain gives it, and makes its response ready.
func (h *schedHarness) open(id uint32, u int, incremental bool, body units.Bytes) *sstream {
	st := &sstream{sc: h.sc, id: id, prio: h.c.open(id, u, incremental), body: body, window: sendWindow{1 << 40}, ready: true, hdrSent: true}
	h.sched.opened(st)
	h.sched.ready(st)
	return st
}

// run serves frames of up to frame bytes until every stream is done, and
// returns the stream ids in the order of their frames.
func (h *schedHarness) run(frame units.Bytes) []uint32 {
	var order []uint32
	for st := h.sched.next(); st != nil; st = h.sched.next() {
		n := min(frame, st.body-st.sent)
		st.sent += n
		h.sched.wrote(st, n)
		order = append(order, st.id)
		if st.sent == st.body {
			h.sched.closed(st)
			h.c.close(st.id, st.prio.urgency)
		}
	}
	return order
}

func TestSchedulers(t *testing.T) {
	type open struct {
		id   uint32
		u    int
		incr bool
		body units.Bytes
	}
	three := []open{{1, 3, false, 2}, {3, 0, false, 2}, {5, 3, false, 2}}
	cases := []struct {
		sched httpcore.Scheduler
		opens []open
		want  []uint32
	}{
		// In the order the responses became ready, each whole.
		{httpcore.SchedFIFO, three, []uint32{1, 1, 3, 3, 5, 5}},
		// One frame each in turn.
		{httpcore.SchedRoundRobin, three, []uint32{1, 3, 5, 1, 3, 5}},
		// The most urgent first; within an urgency, one at a time by id.
		{httpcore.SchedUrgency, three, []uint32{3, 3, 1, 1, 5, 5}},
		// Chrome's chain: 3 (urgency 0) goes above 1; 5 goes after 1.
		{httpcore.SchedTree, three, []uint32{3, 3, 1, 1, 5, 5}},
		// Incremental streams of one urgency share frame by frame, after
		// the non-incremental ones.
		{httpcore.SchedUrgency, []open{{1, 2, true, 2}, {3, 2, true, 2}, {5, 2, false, 1}},
			[]uint32{5, 1, 3, 1, 3}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/%v", c.sched, c.opens), func(t *testing.T) {
			h := newSchedHarness(c.sched)
			for _, o := range c.opens {
				h.open(o.id, o.u, o.incr, o.body)
			}
			if got := h.run(1); !slices.Equal(got, c.want) {
				t.Errorf("frames %v, want %v", got, c.want)
			}
		})
	}
}

// TestTreeWeights: siblings of the tree share in proportion to their
// weights (RFC 7540 §5.3.2), here 256 against 64: four frames to one.
func TestTreeWeights(t *testing.T) {
	h := newSchedHarness(httpcore.SchedTree)
	for _, s := range []struct {
		id uint32
		w  int
	}{{1, 256}, {3, 64}} {
		st := &sstream{sc: h.sc, id: s.id, prio: priority{weight: s.w}, body: 1000, window: sendWindow{1 << 40}, ready: true, hdrSent: true}
		h.sched.opened(st)
		h.sched.ready(st)
	}
	order := h.run(1)
	n1 := 0
	for _, id := range order[:500] {
		if id == 1 {
			n1++
		}
	}
	if n1 < 390 || n1 > 410 {
		t.Errorf("of the first 500 frames, %d are stream 1's; want 400 (weights 256:64)", n1)
	}
}

// TestTreeSkipsBlocked: a stream that cannot send (its window is
// closed) lets the streams that depend on it go (RFC 7540 §5.3.1), and
// takes over again when it can.
func TestTreeSkipsBlocked(t *testing.T) {
	h := newSchedHarness(httpcore.SchedTree)
	a := h.open(1, 0, false, 10)
	b := h.open(3, 3, false, 10)
	a.window = sendWindow{0}
	if got := h.sched.next(); got != b {
		t.Fatalf("with stream 1 blocked, next is %v, want stream 3", got)
	}
	a.window.give(5)
	if got := h.sched.next(); got != a {
		t.Errorf("with stream 1 unblocked, next is %v, want stream 1", got)
	}
}

// TestTreeClosedParents: a closed stream keeps its place in the tree, so
// a stream opened on it later lands under it, and the scheduler passes
// through it to its dependants; beyond the retained closed streams the
// oldest is removed and its dependants move up to its parent with its
// weight (RFC 7540 §5.3.4); a stream that names a forgotten one gets the
// default priority under the root (§5.3.1).
func TestTreeClosedParents(t *testing.T) {
	ts := newTreeSched(1)
	sc := &serverConn{conn: sendWindow{1 << 40}}
	mk := func(id, dep uint32, w int) *sstream {
		st := &sstream{sc: sc, id: id, prio: priority{dep: dep, weight: w}, body: 1, window: sendWindow{1 << 40}, ready: true, hdrSent: true}
		ts.opened(st)
		return st
	}
	s1 := mk(1, 0, 200)
	s3 := mk(3, 1, 50)
	s5 := mk(5, 3, 50)
	ts.closed(s3)
	if s5.node.parent != s3.node || ts.next() != s1 {
		t.Errorf("after 3 closed: 5 under %d, next %v; want 5 still under 3, and 1 served first", s5.node.parent.id, ts.next())
	}
	ts.closed(s1) // retain = 1: 3, the oldest closed, is removed; 5 moves up to 1 with 3's weight
	if s5.node.parent != s1.node || s5.node.weight != 50 || ts.byID[3] != nil {
		t.Errorf("after 1 closed: 5 under %d with weight %d; want under 1 with 50, and 3 gone", s5.node.parent.id, s5.node.weight)
	}
	if got := ts.next(); got != s5 {
		t.Errorf("next is %v, want 5 (the scheduler passes through closed 1)", got)
	}
	s7 := mk(7, 1, 10)
	if s7.node.parent != s1.node {
		t.Errorf("7 on closed 1 is under %d, want 1", s7.node.parent.id)
	}
	ts.closed(s5) // 1 is removed: 7 and 5 move to the root
	s9 := mk(9, 1, 100)
	if s9.node.parent != &ts.root || s9.node.weight != defaultWeight {
		t.Errorf("9 on forgotten 1: under %d with weight %d, want the root and %d", s9.node.parent.id, s9.node.weight, defaultWeight)
	}
}

// TestChromeChain: Chrome's dependencies — each stream exclusively under
// the newest open stream at least as urgent — and its weights.
func TestChromeChain(t *testing.T) {
	var c chain
	steps := []struct {
		id   uint32
		u    int
		dep  uint32
		want int
	}{{1, 0, 0, 256}, {3, 3, 1, 147}, {5, 3, 3, 147}, {7, 0, 1, 256}, {9, 7, 5, 1}}
	for _, s := range steps {
		p := c.open(s.id, s.u, false)
		if p.dep != s.dep || !p.exclusive || p.weight != s.want {
			t.Errorf("stream %d (urgency %d): depends on %d exclusive %v weight %d; want %d, true, %d", s.id, s.u, p.dep, p.exclusive, p.weight, s.dep, s.want)
		}
	}
	c.close(5, 3)
	if p := c.open(11, 4, false); p.dep != 3 {
		t.Errorf("after stream 5 closed, stream 11 depends on %d, want 3", p.dep)
	}
}
