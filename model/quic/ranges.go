package quic

// span is the half-open interval [lo, hi) of packet numbers or stream
// offsets.
type span struct{ lo, hi int64 }

// rangeSet is a set of int64 as sorted, disjoint, non-adjacent spans: the
// packet numbers a receiver has (for its ACK frames), the bytes of a
// stream that arrived or were acknowledged, or that must be sent again. Its
// slice is reused, so a set that has reached its size allocates no more.
type rangeSet struct{ s []span }

// add inserts [lo, hi).
func (r *rangeSet) add(lo, hi int64) {
	if lo >= hi {
		return
	}
	s := r.s
	// Fast path: appending at or after the end (in-order arrival).
	if n := len(s); n == 0 || s[n-1].hi < lo {
		r.s = append(s, span{lo, hi})
		return
	} else if s[n-1].lo <= lo {
		s[n-1].hi = max(s[n-1].hi, hi)
		return
	}
	// i: the first span that ends at or after lo (it may merge).
	i := 0
	for i < len(s) && s[i].hi < lo {
		i++
	}
	j := i // j: one past the last span that starts at or before hi
	for j < len(s) && s[j].lo <= hi {
		j++
	}
	if i == j {
		s = append(s, span{})
		copy(s[i+1:], s[i:])
		s[i] = span{lo, hi}
		r.s = s
		return
	}
	s[i] = span{min(lo, s[i].lo), max(hi, s[j-1].hi)}
	r.s = append(s[:i+1], s[j:]...)
}

// remove deletes [lo, hi).
func (r *rangeSet) remove(lo, hi int64) {
	if lo >= hi {
		return
	}
	s := r.s
	i := 0 // the first span that ends after lo
	for i < len(s) && s[i].hi <= lo {
		i++
	}
	j := i // one past the last span that starts before hi
	for j < len(s) && s[j].lo < hi {
		j++
	}
	if i == j {
		return
	}
	var keep [2]span
	k := 0
	if s[i].lo < lo {
		keep[k] = span{s[i].lo, lo}
		k++
	}
	if s[j-1].hi > hi {
		keep[k] = span{hi, s[j-1].hi}
		k++
	}
	if k > j-i { // one span split in two
		s = append(s, span{})
		copy(s[j+1:], s[j:])
		j++
	}
	n := copy(s[i:], keep[:k])
	r.s = append(s[:i+n], s[j:]...)
}

// contains reports whether v is in the set.
func (r *rangeSet) contains(v int64) bool {
	s := r.s
	for i := len(s) - 1; i >= 0; i-- {
		if s[i].lo <= v {
			return v < s[i].hi
		}
	}
	return false
}

// covers reports whether all of [lo, hi) is in the set.
func (r *rangeSet) covers(lo, hi int64) bool {
	if lo >= hi {
		return true
	}
	for _, x := range r.s {
		if x.lo <= lo && hi <= x.hi {
			return true
		}
		if x.lo > lo {
			return false
		}
	}
	return false
}

// prefix is where the run starting at 0 ends (0 when 0 is missing): the
// bytes of a stream that can be delivered in order.
func (r *rangeSet) prefix() int64 {
	if len(r.s) > 0 && r.s[0].lo == 0 {
		return r.s[0].hi
	}
	return 0
}

// last is one past the highest value (0 when empty).
func (r *rangeSet) last() int64 {
	if n := len(r.s); n > 0 {
		return r.s[n-1].hi
	}
	return 0
}

// first returns the lowest span, if any.
func (r *rangeSet) first() (span, bool) {
	if len(r.s) == 0 {
		return span{}, false
	}
	return r.s[0], true
}

// empty reports whether the set is empty.
func (r *rangeSet) empty() bool { return len(r.s) == 0 }

// trimBelow removes every value below v.
func (r *rangeSet) trimBelow(v int64) {
	i := 0
	for i < len(r.s) && r.s[i].hi <= v {
		i++
	}
	if i > 0 {
		r.s = append(r.s[:0], r.s[i:]...)
	}
	if len(r.s) > 0 && r.s[0].lo < v {
		r.s[0].lo = v
	}
}

// clear empties the set, keeping its storage.
func (r *rangeSet) clear() { r.s = r.s[:0] }
