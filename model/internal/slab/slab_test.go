package slab

import "testing"

func TestSlab(t *testing.T) {
	var s Slab[*int]
	one, two := 1, 2
	a, b := s.Put(&one), s.Put(&two)
	if *s.At(a) != &one || *s.At(b) != &two || a == b {
		t.Fatalf("handles %d %d hold %v %v", a, b, *s.At(a), *s.At(b))
	}
	if v := s.Take(a); v != &one || *s.At(a) != nil {
		t.Errorf("Take returned %v and left %v", v, *s.At(a))
	}
	if c := s.Put(&two); c != a {
		t.Errorf("a freed slot is not reused: got %d, want %d", c, a)
	}
	s.Free(b)
	if d := s.Alloc(); d != b || *s.At(d) != &two {
		t.Errorf("Alloc after Free: slot %d holding %v, want %d still holding its value", d, *s.At(d), b)
	}
	s.Reset()
	if h := s.Put(nil); h != 0 {
		t.Errorf("after Reset the first handle is %d, want 0", h)
	}
}

func TestSlabAllocatesNothingInSteadyState(t *testing.T) {
	var s Slab[[64]byte]
	for i := 0; i < 16; i++ {
		s.Put([64]byte{})
	}
	for i := uint32(0); i < 16; i++ {
		s.Take(i)
	}
	if n := testing.AllocsPerRun(100, func() { s.Take(s.Put([64]byte{1})) }); n != 0 {
		t.Errorf("%v allocations per Put/Take, want 0", n)
	}
}
