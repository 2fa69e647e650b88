// Package ring is a growable FIFO of values. Links, delay lines and a TCP
// sender's record of segments in flight use it so that the steady state
// allocates nothing: the backing array grows by doubling and is then
// reused.
package ring

// Ring is a FIFO of T. The zero value is an empty ring.
type Ring[T any] struct {
	buf  []T
	head int
	n    int
}

// Len is the number of elements.
func (r *Ring[T]) Len() int { return r.n }

// Push appends v.
func (r *Ring[T]) Push(v T) {
	if r.n == len(r.buf) {
		r.grow()
	}
	r.buf[(r.head+r.n)&(len(r.buf)-1)] = v
	r.n++
}

// Front returns a pointer to the oldest element; the ring must not be
// empty.
// Append adds a slot at the back and returns it for the caller to fill in
// place. The slot holds what it last held (the zero value after Pop or
// Reset, an old element after Drop), so the caller sets every field.
// Where Push copies its argument in, and for a struct with small fields
// that copy can stall on store forwarding, Append writes nothing twice.
func (r *Ring[T]) Append() *T {
	if r.n == len(r.buf) {
		r.grow()
	}
	p := &r.buf[(r.head+r.n)&(len(r.buf)-1)]
	r.n++
	return p
}

func (r *Ring[T]) Front() *T { return &r.buf[r.head] }

// At returns a pointer to the i-th oldest element.
func (r *Ring[T]) At(i int) *T { return &r.buf[(r.head+i)&(len(r.buf)-1)] }

// Pop removes and returns the oldest element; the ring must not be empty.
func (r *Ring[T]) Pop() T {
	var zero T
	v := r.buf[r.head]
	r.buf[r.head] = zero
	r.head = (r.head + 1) & (len(r.buf) - 1)
	r.n--
	return v
}

// Reset removes every element, zeroing them, and keeps the memory.
func (r *Ring[T]) Reset() {
	clear(r.buf)
	r.head, r.n = 0, 0
}

// Drop removes every element without zeroing them, keeping the memory:
// for a T that holds no pointers, whose stale values nothing reads.
func (r *Ring[T]) Drop() { r.head, r.n = 0, 0 }

// Clear removes every element.
func (r *Ring[T]) Clear() {
	for r.n > 0 {
		r.Pop()
	}
	r.head = 0
}

func (r *Ring[T]) grow() {
	size := 2 * len(r.buf)
	if size == 0 {
		size = 4
	}
	nb := make([]T, size)
	for i := 0; i < r.n; i++ {
		nb[i] = r.buf[(r.head+i)&(len(r.buf)-1)]
	}
	r.buf = nb
	r.head = 0
}
