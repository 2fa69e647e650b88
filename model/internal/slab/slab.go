// Package slab is a free-listed array of values named by uint32 handles:
// what a transport keeps its packets' contents in while the network moves
// only their handles, so that steady state allocates nothing — a freed
// slot is reused, and Reset keeps the storage for the next simulation.
package slab

// Slab holds values of T in slots named by handles. The zero value is an
// empty slab.
type Slab[T any] struct {
	items []T
	free  []uint32
}

// Put stores v in a free slot and returns its handle.
func (s *Slab[T]) Put(v T) uint32 {
	h := s.Alloc()
	s.items[h] = v
	return h
}

// Alloc returns the handle of a free slot without writing it: a reused
// slot still holds what it held (so a caller can keep the storage of its
// slices), a new one the zero value.
func (s *Slab[T]) Alloc() uint32 {
	if k := len(s.free); k > 0 {
		h := s.free[k-1]
		s.free = s.free[:k-1]
		return h
	}
	var zero T
	s.items = append(s.items, zero)
	return uint32(len(s.items) - 1)
}

// At returns the slot of handle h. The pointer is the live slot until the
// next Put or Alloc, which may move the storage: the old copy it then
// points to stays readable (Go keeps it alive), but writes to it are lost.
func (s *Slab[T]) At(h uint32) *T { return &s.items[h] }

// Take returns the value of slot h and frees it, leaving the zero value
// there (so that the slab holds no pointer to what it no longer keeps).
func (s *Slab[T]) Take(h uint32) T {
	v := s.items[h]
	var zero T
	s.items[h] = zero
	s.free = append(s.free, h)
	return v
}

// Free frees slot h and leaves its contents for Alloc to reuse.
func (s *Slab[T]) Free(h uint32) { s.free = append(s.free, h) }

// Reset frees every slot, zeroing them, and keeps the storage.
func (s *Slab[T]) Reset() {
	clear(s.items)
	s.items, s.free = s.items[:0], s.free[:0]
}
