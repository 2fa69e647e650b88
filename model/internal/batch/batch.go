// Package batch allocates values of one type in blocks: a simulation
// creates a request, a request message and a response for every object of
// a page, all of which live until the simulation ends, and taking them
// from blocks saves most trips through the allocator (and as many objects
// for the collector to track) at the cost of a block kept alive while any
// of its values is.
package batch

// Blocks start at minBlock values and double up to maxBlock, so that an
// owner of a few values (a connection that serves one response) wastes
// little and an owner of many allocates once every maxBlock.
const (
	minBlock = 4
	maxBlock = 64
)

// Alloc hands out pointers to zeroed values of T. The zero value is ready
// to use; it is not safe for concurrent use.
type Alloc[T any] struct {
	free []T
	next int // size of the next block
}

// New returns a pointer to a new zeroed T.
func (a *Alloc[T]) New() *T {
	if len(a.free) == 0 {
		n := max(a.next, minBlock)
		a.free = make([]T, n)
		a.next = min(2*n, maxBlock)
	}
	p := &a.free[0]
	a.free = a.free[1:]
	return p
}
