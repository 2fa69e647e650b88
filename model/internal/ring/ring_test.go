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

// TestRingAppend: Append hands out the back slot, in order with Push and
// across growth and wrap-around, and what is written there is popped.
func TestRingAppend(t *testing.T) {
	var r Ring[[2]int]
	next, want := 0, 0
	for round := 0; round < 50; round++ {
		for k := 0; k < 7; k++ {
			if k%2 == 0 {
				p := r.Append()
				*p = [2]int{next, -next}
			} else {
				r.Push([2]int{next, -next})
			}
			next++
		}
		for k := 0; k < 5; k++ {
			if got := r.Pop(); got != [2]int{want, -want} {
				t.Fatalf("popped %v, want %v", got, [2]int{want, -want})
			}
			want++
		}
	}
	if r.Len() != next-want {
		t.Fatalf("Len %d, want %d", r.Len(), next-want)
	}
}
