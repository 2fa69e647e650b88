package sim

import (
	"math/bits"
	"slices"
	"time"
)

// radixQueue is a monotone priority queue (a radix heap) on (at, seq).
//
// A discrete-event simulation never schedules before the current time, so
// the queue only needs to hand out keys in non-decreasing order. Entries are
// kept in buckets by the highest bit in which their time differs from last,
// the time of the most recent head: bucket 0 holds the entries due exactly
// at last, bucket i those that agree with last above bit i-1. Pushing is an
// append. When bucket 0 runs dry, the lowest non-empty bucket is scanned
// for its minimum time, which becomes last, and its entries are spread over
// the lower buckets; an entry moves at most 64 times in its life and
// usually once or twice. Bucket 0 is kept in sequence order, which gives
// FIFO ties.
type radixQueue struct {
	last    uint64 // every queued time is ≥ last
	b0head  int    // b[0].ev[b0head:b[0].n] are the entries due at last, in seq order
	b       [65]bucket
	full    uint64 // bit i-1 set: bucket i (1..64) holds entries
	n       int
	scratch []event // used by rebuild
	// first is the first entry when firstOK: peek's answer, kept up to
	// date by push and forgotten by pop.
	first   event
	firstOK bool
}

// bucket is a growable array of entries with its length kept apart from
// the slice: filling and emptying a bucket then writes only integers, and
// the slice (a pointer the collector must be told about through a write
// barrier whenever it is stored) is written only when the bucket grows.
type bucket struct {
	ev []event // ev[:n] are the entries; len(ev) is the capacity
	n  int
}

func (b *bucket) add(e event) {
	if b.n == len(b.ev) {
		b.ev = append(b.ev, make([]event, max(8, len(b.ev)))...)
	}
	b.ev[b.n] = e
	b.n++
}

func (q *radixQueue) push(e event) {
	if q.firstOK && earlier(e.at, e.seq, q.first.at, q.first.seq) {
		q.first = e
	}
	k := uint64(e.at)
	if k < q.last {
		q.rebuild(k)
	}
	q.n++
	i := bits.Len64(k ^ q.last)
	if i != 0 {
		q.b[i].add(e)
		q.full |= 1 << (i - 1)
		return
	}
	b0 := &q.b[0]
	if b0.n == q.b0head || b0.ev[b0.n-1].seq < e.seq {
		b0.add(e)
		return
	}
	// A timer moved on with the sequence of its last Reset can be older
	// than entries already due at last: insert it in order.
	pos := q.b0head
	for pos < b0.n && b0.ev[pos].seq < e.seq {
		pos++
	}
	b0.add(event{})
	copy(b0.ev[pos+1:b0.n], b0.ev[pos:b0.n-1])
	b0.ev[pos] = e
}

// head returns the first entry; the queue must not be empty.
func (q *radixQueue) head() *event {
	if q.b0head == q.b[0].n {
		q.refill()
	}
	return &q.b[0].ev[q.b0head]
}

// peek returns the first entry without moving the queue's floor (last),
// which popping does; the queue must not be empty.
func (q *radixQueue) peek() *event {
	if !q.firstOK {
		q.findFirst()
	}
	return &q.first
}

// findFirst sets first to the first entry: bucket 0's head, or the least
// entry of the lowest non-empty bucket.
func (q *radixQueue) findFirst() {
	if q.b0head < q.b[0].n {
		q.first = q.b[0].ev[q.b0head]
	} else {
		b := &q.b[bits.TrailingZeros64(q.full)+1]
		ev := b.ev[:b.n]
		q.first = ev[0]
		for _, e := range ev[1:] {
			if earlier(e.at, e.seq, q.first.at, q.first.seq) {
				q.first = e
			}
		}
	}
	q.firstOK = true
}

func (q *radixQueue) pop() event {
	h := q.head()
	q.firstOK = false
	e := *h
	q.b0head++
	q.n--
	return e
}

// refill moves the entries with the smallest time into bucket 0. The
// lowest non-empty bucket is found from the bitmap of non-empty ones; an
// entry alone in it goes straight to bucket 0. Entries hold no pointers,
// so the emptied bucket need not be cleared for the collector.
func (q *radixQueue) refill() {
	i := bits.TrailingZeros64(q.full) + 1
	src := &q.b[i]
	q.full &^= 1 << (i - 1)
	q.b0head = 0
	b0 := &q.b[0]
	b0.n = 0
	if src.n == 1 {
		q.last = uint64(src.ev[0].at)
		b0.add(src.ev[0])
		src.n = 0
		return
	}
	ev := src.ev[:src.n]
	var m time.Duration
	if q.firstOK {
		m = q.first.at // peek found it in this bucket, the lowest
	} else {
		m = ev[0].at
		for j := 1; j < len(ev); j++ {
			if ev[j].at < m {
				m = ev[j].at
			}
		}
	}
	q.last = uint64(m)
	// Every entry lands in a bucket below i, so ev is not written to.
	for j := range ev {
		k := bits.Len64(uint64(ev[j].at) ^ q.last)
		q.b[k].add(ev[j])
		if k != 0 {
			q.full |= 1 << (k - 1)
		}
	}
	src.n = 0
	due := b0.ev[:b0.n]
	for j := 1; j < len(due); j++ {
		if due[j].seq < due[j-1].seq {
			slices.SortFunc(due, cmpSeq)
			break
		}
	}
}

// earlier says whether (at, seq) comes before (at2, seq2): the engine's
// order of events, lanes' and the queue's alike.
func earlier(at time.Duration, seq uint64, at2 time.Duration, seq2 uint64) bool {
	return at < at2 || (at == at2 && seq < seq2)
}

func cmpSeq(a, b event) int {
	switch {
	case a.seq < b.seq:
		return -1
	case a.seq > b.seq:
		return 1
	}
	return 0
}

// reset empties the queue, keeping its buckets' memory.
func (q *radixQueue) reset() {
	for i := range q.b {
		q.b[i].n = 0
	}
	*q = radixQueue{b: q.b, scratch: q.scratch[:0]}
}

// rebuild re-buckets every entry relative to a new, smaller last. It runs
// only when something is scheduled before the time head last looked at,
// which happens after Run returned at a limit having peeked at the next
// entry.
func (q *radixQueue) rebuild(last uint64) {
	all := append(q.scratch[:0], q.b[0].ev[q.b0head:q.b[0].n]...)
	for i := 1; i < len(q.b); i++ {
		all = append(all, q.b[i].ev[:q.b[i].n]...)
	}
	for i := range q.b {
		q.b[i].n = 0
	}
	q.full = 0
	q.b0head = 0
	q.n = 0
	q.last = last
	for _, e := range all {
		q.push(e)
	}
	clear(all)
	q.scratch = all[:0]
}
