package h2

import (
	"slices"

	"pagesim/model/httpcore"
	"pagesim/model/units"
)

// The server's scheduler (server.h2.scheduler) chooses, each time the
// server may write a frame, the stream it comes from, among the streams
// that can send: a stream whose response is ready can send its HEADERS
// frame, and DATA while its window and the connection's allow. The four
// schedulers differ in the order they give:
//
//   - fifo: the streams in the order their responses became ready, each
//     to its end before the next — a server that ignores priorities;
//   - round-robin: one frame of each ready stream in turn;
//   - tree: RFC 7540 §5.3 — the dependency tree the client's HEADERS
//     build (Chrome's exclusive chain: each stream under the newest stream
//     at least as urgent, so the tree is a list in priority order): a
//     stream is served only when every stream it depends on cannot be
//     (§5.3.1), and siblings share in proportion to their weights (§5.3.2,
//     by the bytes sent through each, as weighted fair queueing does);
//   - rfc9218: RFC 9218 §10 — the lowest urgency first; within it the
//     non-incremental streams one at a time in stream order, then the
//     incremental ones one frame each in turn.
//
// Which stream a frame comes from is decided only when the frame is
// written; what the send buffer already holds (server.h2.send_buffer) is
// past reordering, so a deep buffer serves in the order the responses
// arrived whatever the scheduler (what Pat Meenan measured on CDNs).
type scheduler interface {
	// opened: a stream was opened with its priority (before its response
	// is ready).
	opened(s *sstream)
	// ready: s's response became available.
	ready(s *sstream)
	// next returns the stream the next frame comes from, among those that
	// can send (sstream.canSend), or nil.
	next() *sstream
	// wrote: a frame carrying n DATA bytes of s was written.
	wrote(s *sstream, n units.Bytes)
	// closed: s sent its last frame, or was reset.
	closed(s *sstream)
}

// newScheduler returns the scheduler named k; retain bounds how many
// closed streams the tree keeps in place (RFC 7540 §5.3.4).
func newScheduler(k httpcore.Scheduler, retain int) scheduler {
	switch k {
	case httpcore.SchedFIFO:
		return &fifoSched{}
	case httpcore.SchedRoundRobin:
		return &rrSched{}
	case httpcore.SchedUrgency:
		return &urgencySched{}
	}
	return newTreeSched(retain)
}

// fifoSched serves the ready streams in the order they became ready.
type fifoSched struct{ q []*sstream }

func (f *fifoSched) opened(*sstream)                 {}
func (f *fifoSched) ready(s *sstream)                { f.q = append(f.q, s) }
func (f *fifoSched) wrote(s *sstream, n units.Bytes) {}
func (f *fifoSched) closed(s *sstream)               { f.q = removeStream(f.q, s) }
func (f *fifoSched) next() *sstream {
	for _, s := range f.q {
		if s.canSend() {
			return s
		}
	}
	return nil
}

// rrSched serves one frame of each ready stream in turn.
type rrSched struct {
	q    []*sstream
	last *sstream // the stream served last
}

func (r *rrSched) opened(*sstream)  {}
func (r *rrSched) ready(s *sstream) { r.q = append(r.q, s) }
func (r *rrSched) wrote(s *sstream, n units.Bytes) {
	r.last = s
}
func (r *rrSched) closed(s *sstream) {
	i := slices.Index(r.q, s)
	if i < 0 {
		return
	}
	if r.last == s {
		// the turn passes to the stream after it
		r.last = nil
		if i > 0 {
			r.last = r.q[i-1]
		}
	}
	r.q = slices.Delete(r.q, i, i+1)
}
func (r *rrSched) next() *sstream {
	start := 0
	if r.last != nil {
		start = slices.Index(r.q, r.last) + 1
	}
	for k := range r.q {
		if s := r.q[(start+k)%len(r.q)]; s.canSend() {
			return s
		}
	}
	return nil
}

// urgencySched is RFC 9218's: eight urgency levels, each with its
// non-incremental streams in stream order and its incremental ones in
// turn.
type urgencySched struct {
	levels [8]struct {
		seq  []*sstream // non-incremental, by stream id
		incr rrSched
	}
}

func (u *urgencySched) opened(*sstream) {}
func (u *urgencySched) ready(s *sstream) {
	l := &u.levels[s.prio.urgency]
	if s.prio.incremental {
		l.incr.ready(s)
		return
	}
	i, _ := slices.BinarySearchFunc(l.seq, s.id, func(x *sstream, id uint32) int { return int(x.id) - int(id) })
	l.seq = slices.Insert(l.seq, i, s)
}
func (u *urgencySched) wrote(s *sstream, n units.Bytes) {
	if s.prio.incremental {
		u.levels[s.prio.urgency].incr.wrote(s, n)
	}
}
func (u *urgencySched) closed(s *sstream) {
	l := &u.levels[s.prio.urgency]
	if s.prio.incremental {
		l.incr.closed(s)
		return
	}
	l.seq = removeStream(l.seq, s)
}
func (u *urgencySched) next() *sstream {
	for i := range u.levels {
		l := &u.levels[i]
		for _, s := range l.seq {
			if s.canSend() {
				return s
			}
		}
		if s := l.incr.next(); s != nil {
			return s
		}
	}
	return nil
}

// treeSched is RFC 7540 §5.3's dependency tree.
type treeSched struct {
	root treeNode
	byID map[uint32]*treeNode
	// closed are the closed streams still in the tree, oldest first: a
	// closed stream keeps its place, and its dependants below it, so that
	// a stream opened on it later still lands where the client meant
	// (§5.3.4: "retain ... for a period"; Chrome's client names the newest
	// stream it still has open, which the server may have finished). At
	// most retain of them (closedRetained); beyond, the oldest is removed
	// and its dependants move to its parent (§5.3.4).
	kept   []*treeNode
	retain int
}

// treeNode is a stream in the tree (s nil: the root, or a closed stream
// kept for its place).
type treeNode struct {
	id       uint32
	s        *sstream
	parent   *treeNode
	children []*treeNode
	weight   int
	// vt is the bytes sent through this node over its weight (scaled), by
	// which siblings share (§5.3.2).
	vt uint64
}

func newTreeSched(retain int) *treeSched {
	return &treeSched{byID: map[uint32]*treeNode{}, retain: max(retain, 1)}
}

// closedRetained is how many closed streams the tree keeps: 32, as nginx
// does (ngx_http_v2_get_node_by_id reuses the oldest closed node beyond
// 32).
const closedRetained = 32

// defaultWeight is the weight of a stream without priority information,
// or depending on a stream not in the tree (RFC 7540 §5.3.5, §5.3.1).
const defaultWeight = 16

func (t *treeSched) opened(s *sstream) {
	n := &treeNode{id: s.id, s: s, weight: s.prio.weight}
	s.node = n
	parent, ok := t.byID[s.prio.dep]
	t.byID[s.id] = n
	if s.prio.dep == 0 || !ok {
		parent = &t.root
		if s.prio.dep != 0 {
			n.weight = defaultWeight // §5.3.1: a dependency on a stream not in the tree
		}
	}
	if n.weight < 1 {
		n.weight = defaultWeight
	}
	// A newcomer starts level with its least-served sibling, so it
	// neither starves them nor is starved.
	for i, c := range parent.children {
		if i == 0 || c.vt < n.vt {
			n.vt = c.vt
		}
	}
	n.parent = parent
	if s.prio.exclusive {
		// §5.3.1: an exclusive dependency makes the new stream the sole
		// child of its parent, above the parent's former children.
		n.children = parent.children
		for _, c := range n.children {
			c.parent = n
		}
		parent.children = []*treeNode{n}
		return
	}
	parent.children = append(parent.children, n)
}

func (t *treeSched) ready(*sstream) {}

func (t *treeSched) wrote(s *sstream, n units.Bytes) {
	for x := s.node; x != nil && x != &t.root; x = x.parent {
		x.vt += uint64(n) * 256 / uint64(x.weight)
	}
}

// closed keeps the stream's node in place (it cannot send, so the
// scheduler passes through it to its dependants); beyond retain closed
// nodes, the oldest is removed.
func (t *treeSched) closed(s *sstream) {
	n := s.node
	n.s = nil
	t.kept = append(t.kept, n)
	if len(t.kept) > t.retain {
		old := t.kept[0]
		t.kept[0] = nil
		t.kept = t.kept[1:]
		t.remove(old)
	}
}

// remove takes a closed node out of the tree as §5.3.4 says: its
// dependants take its place under its parent, sharing its weight in
// proportion to their own.
func (t *treeSched) remove(n *treeNode) {
	p := n.parent
	i := slices.Index(p.children, n)
	total := 0
	for _, c := range n.children {
		total += c.weight
	}
	for _, c := range n.children {
		c.parent = p
		c.weight = max(1, n.weight*c.weight/total)
	}
	p.children = slices.Replace(p.children, i, i+1, n.children...)
	delete(t.byID, n.id)
}

func (t *treeSched) next() *sstream { return t.pick(&t.root) }

// pick finds the stream to serve in n's subtree: n itself if it can send
// (§5.3.1), else from the least-served child whose subtree can (ties: the
// order they joined).
func (t *treeSched) pick(n *treeNode) *sstream {
	if n.s != nil && n.s.canSend() {
		return n.s
	}
	var best *sstream
	var bestVT uint64
	for _, c := range n.children {
		if best != nil && c.vt >= bestVT || c.s == nil && len(c.children) == 0 {
			continue
		}
		if s := t.pick(c); s != nil {
			best, bestVT = s, c.vt
		}
	}
	return best
}

func removeStream(q []*sstream, s *sstream) []*sstream {
	if i := slices.Index(q, s); i >= 0 {
		return slices.Delete(q, i, i+1)
	}
	return q
}
