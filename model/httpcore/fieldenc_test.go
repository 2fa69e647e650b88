package httpcore

import "testing"

// TestFieldEncoding checks the sizes against RFC 7541's own examples:
// C.1 (integers 10, 1337 and 42 with 5- and 8-bit prefixes), and C.4's
// Huffman-coded requests ("www.example.com" in 12 bytes, "no-cache" in 6,
// "custom-value" in 9), and that a string never costs more than raw.
func TestFieldEncoding(t *testing.T) {
	ints := []struct {
		name string
		v    int64
		n    uint
		want int64
	}{
		{"C.1.1: 10, 5-bit prefix", 10, 5, 1},
		{"C.1.2: 1337, 5-bit prefix", 1337, 5, 3},
		{"C.1.3: 42 at an octet boundary", 42, 8, 1},
		{"31 fills a 5-bit prefix", 31, 5, 2},
		{"30 fits", 30, 5, 1},
		{"127 + 127 continues", 254, 7, 2},
		{"127 + 128 needs two more", 255, 7, 3},
	}
	for _, c := range ints {
		if got := PrefixIntLen(c.v, c.n); int64(got) != c.want {
			t.Errorf("%s: PrefixIntLen = %d, want %d", c.name, got, c.want)
		}
	}
	huff := []struct {
		s    string
		want int64
	}{{"www.example.com", 12}, {"no-cache", 6}, {"custom-key", 8}, {"custom-value", 9},
		{"302", 2}, {"private", 5}, {"Mon, 21 Oct 2013 20:13:21 GMT", 22}, {"https://www.example.com", 17}}
	for _, c := range huff {
		if got := HuffmanLen(c.s); int64(got) != c.want {
			t.Errorf("HuffmanLen(%q) = %d, want %d (RFC 7541 C.4/C.6)", c.s, got, c.want)
		}
	}
	// A string of rare bytes is sent raw: Huffman would be longer.
	rare := string([]byte{0, 1, 2, 3})
	if got := StringLen(rare, 7); got != 5 {
		t.Errorf("StringLen of 4 rare bytes = %d, want 5 (raw)", got)
	}
}
