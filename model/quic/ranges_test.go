package quic

import (
	"math/rand/v2"
	"testing"
)

// TestRangeSet checks the set against a bitmap under random adds and
// removes, and its invariant (sorted, disjoint, non-adjacent spans).
func TestRangeSet(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		var r rangeSet
		var ref [64]bool
		for op := 0; op < 40; op++ {
			lo := rng.Int64N(64)
			hi := lo + rng.Int64N(64-lo+1)
			if rng.IntN(3) == 0 {
				r.remove(lo, hi)
				for v := lo; v < hi; v++ {
					ref[v] = false
				}
			} else {
				r.add(lo, hi)
				for v := lo; v < hi; v++ {
					ref[v] = true
				}
			}
			for k, x := range r.s {
				if x.lo >= x.hi || k > 0 && r.s[k-1].hi >= x.lo {
					t.Fatalf("trial %d op %d: spans %v not sorted, disjoint and apart", trial, op, r.s)
				}
			}
			for v := int64(0); v < 64; v++ {
				if r.contains(v) != ref[v] {
					t.Fatalf("trial %d op %d: contains(%d) = %v, want %v (spans %v)", trial, op, v, !ref[v], ref[v], r.s)
				}
			}
			want := int64(0)
			for want < 64 && ref[want] {
				want++
			}
			if got := r.prefix(); got != want && !(want == 64 && got >= 64) {
				t.Fatalf("prefix = %d, want %d (spans %v)", got, want, r.s)
			}
		}
	}
}

func TestRangeSetCoversAndTrim(t *testing.T) {
	var r rangeSet
	r.add(0, 10)
	r.add(20, 30)
	cases := []struct {
		name   string
		lo, hi int64
		want   bool
	}{
		{"inside the first", 2, 8, true},
		{"the whole first", 0, 10, true},
		{"across the gap", 5, 25, false},
		{"in the gap", 12, 15, false},
		{"empty", 15, 15, true},
		{"past the end", 25, 31, false},
	}
	for _, c := range cases {
		if got := r.covers(c.lo, c.hi); got != c.want {
			t.Errorf("%s: covers(%d, %d) = %v, want %v", c.name, c.lo, c.hi, got, c.want)
		}
	}
	r.trimBelow(5)
	if got := r.s; len(got) != 2 || got[0] != (span{5, 10}) {
		t.Errorf("trimBelow(5): %v", got)
	}
	r.trimBelow(25)
	if got := r.s; len(got) != 1 || got[0] != (span{25, 30}) {
		t.Errorf("trimBelow(25): %v", got)
	}
}
