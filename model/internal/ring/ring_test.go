package ring

import "testing"

func TestRingFIFO(t *testing.T) {
	var r Ring[int]
	next, want := 0, 0
	// Interleave pushes and pops so that the ring wraps and grows.
	for round := 1; round <= 50; round++ {
		for i := 0; i < round; i++ {
			r.Push(next)
			next++
		}
		for i := 0; i < round/2; i++ {
			if got := r.Pop(); got != want {
				t.Fatalf("pop %d, want %d", got, want)
			}
			want++
		}
		if r.Len() != next-want {
			t.Fatalf("len %d, want %d", r.Len(), next-want)
		}
		if r.Len() > 0 && (*r.Front() != want || *r.At(r.Len() - 1) != next-1) {
			t.Fatalf("front %d at(last) %d, want %d %d", *r.Front(), *r.At(r.Len() - 1), want, next-1)
		}
	}
	r.Clear()
	if r.Len() != 0 {
		t.Fatalf("len %d after Clear", r.Len())
	}
}
