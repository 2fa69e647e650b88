package h2

import (
	"fmt"
	"testing"

	"pagesim/model/httpcore"
	"pagesim/model/units"
)

// TestIntLen is RFC 7541's integer representation (§5.1) on its own
// examples (Appendix C.1) and the prefix edges.
func TestIntLen(t *testing.T) {
	cases := []struct {
		v, prefix int
		want      units.Bytes
	}{
		{10, 5, 1},   // C.1.1
		{1337, 5, 3}, // C.1.2
		{42, 8, 1},   // C.1.3
		{126, 7, 1},
		{127, 7, 2},
		{127 + 127, 7, 2},
		{127 + 128, 7, 3},
		{62, 6, 1},
		{63, 6, 2},
	}
	for _, c := range cases {
		if got := intLen(c.v, c.prefix); got != c.want {
			t.Errorf("intLen(%d, %d) = %d, want %d", c.v, c.prefix, got, c.want)
		}
	}
}

func req(host, path string) *httpcore.Request {
	return &httpcore.Request{Host: host, Path: path, Method: "GET"}
}

// TestRequestBlocks: the first request of a connection pays every field
// literally; the next pays one byte per repeated field and a literal for
// its new :path; without a dynamic table every request pays in full; a
// table the :path entries churn evicts the repeated fields, which then
// cost their literals again.
func TestRequestBlocks(t *testing.T) {
	p := priority{urgency: defaultUrgency}
	// 400 B less the 50 B request line → 10 fields of 35 B: a literal
	// of a new name costs 1 + 1 (empty name length, the name being
	// modelled inside the string) + 1 + ⌈35·3/4⌉ = 30 B.
	const regular = 10 * (1 + 1 + 1 + 27)
	// :method GET and :scheme: 1 B each; :authority example.com
	// (11 chars → 9 B Huffman): 1 + 1 + 9; :path /1.gif (6 → 5 B):
	// 1 + 1 + 5.
	first := units.Bytes(1 + 1 + 11 + 7 + regular)
	second := units.Bytes(1 + 1 + 1 + 7 + 10)
	e := newEncoder(4096)
	if got := requestBlock(e, req("example.com", "/1.gif"), p, 400); got != first {
		t.Errorf("first request: %d B, want %d", got, first)
	}
	if got := requestBlock(e, req("example.com", "/2.gif"), p, 400); got != second {
		t.Errorf("second request: %d B, want %d", got, second)
	}
	if got := requestBlock(e, req("example.com", "/2.gif"), p, 400); got != second-6 {
		t.Errorf("the same request again: %d B, want %d (the :path indexed too)", got, second-6)
	}
	none := newEncoder(0)
	for i := 0; i < 3; i++ {
		if got := requestBlock(none, req("example.com", fmt.Sprintf("/%d.gif", i)), p, 400); got != first {
			t.Errorf("no table, request %d: %d B, want %d", i, got, first)
		}
	}
	// Paths of 30 characters take 62 B each in the table: a 4 096 B table
	// holding the 713 B of repeated fields overflows after ~55 of them.
	for _, capacity := range []units.Bytes{4096, 64 * units.KiB} {
		e := newEncoder(capacity)
		again := -1
		for i := 0; i < 200; i++ {
			n := requestBlock(e, req("example.com", fmt.Sprintf("/%029d", i)), p, 400)
			if i > 0 && n > 100 && again < 0 {
				again = i
			}
		}
		switch {
		case capacity == 4096 && (again < 40 || again > 70):
			t.Errorf("table of %d B: the repeated fields came back literal at request %d, want after about 55", capacity, again)
		case capacity > 4096 && again >= 0:
			t.Errorf("table of %d B: request %d paid literals again; the fields should stay", capacity, again)
		}
	}
}

// TestPriorityField: a request away from the default urgency carries a
// priority field, literal the first time and indexed after.
func TestPriorityField(t *testing.T) {
	e := newEncoder(4096)
	base := requestBlock(newEncoder(4096), req("a", "/"), priority{urgency: defaultUrgency}, 100)
	first := requestBlock(e, req("a", "/"), priority{urgency: 0, incremental: true}, 100)
	again := requestBlock(e, req("a", "/x"), priority{urgency: 0, incremental: true}, 100)
	if first <= base || again >= first {
		t.Errorf("default %d B, with priority %d B then %d B: want more, then less", base, first, again)
	}
}

// TestResponseBlocks: responses repeat half their fields; the others
// differ on each response.
func TestResponseBlocks(t *testing.T) {
	e := newEncoder(64 * units.KiB)
	first := responseBlock(e, 250, 1)
	second := responseBlock(e, 250, 2)
	// 233 B over 6 fields: 39 39 39 39 39 38 → literals of 33 or 32 B.
	if want := units.Bytes(1 + 3*33 + 2*33 + 32); first != want {
		t.Errorf("first response %d B, want %d", first, want)
	}
	if want := units.Bytes(1 + 3*1 + 2*33 + 32); second != want {
		t.Errorf("second response %d B, want %d", second, want)
	}
}
