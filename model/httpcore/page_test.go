package httpcore

import (
	"slices"
	"testing"
)

// TestPageChildren: each object's children come by increasing threshold
// (the bytes of the parent they wait for; a whole parent last), ties in
// page order, and objects of other parents stay out.
func TestPageChildren(t *testing.T) {
	p := Page{Objects: []Object{
		{ID: "doc", Size: 1000, Parent: -1},
		{ID: "a", Parent: 0},                     // the whole document
		{ID: "b", Parent: 0, AfterFraction: 0.5}, // 500 bytes
		{ID: "c", Parent: 0, AfterFraction: 0.1}, // 100 bytes
		{ID: "d", Parent: 0},                     // the whole document, after a
		{ID: "e", Size: 10, Parent: 2},
		{ID: "f", Parent: 0, AfterFraction: 0.5}, // 500 bytes, after b
	}}
	ch := PageChildren(&p)
	want := Children{{3, 2, 6, 1, 4}, nil, {5}, nil, nil, nil, nil}
	if len(ch) != len(want) {
		t.Fatalf("PageChildren: %d lists, want %d", len(ch), len(want))
	}
	for i := range want {
		if !slices.Equal(ch[i], want[i]) {
			t.Errorf("children of %s: %v, want %v", p.Objects[i].ID, ch[i], want[i])
		}
	}
}
