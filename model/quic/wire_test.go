package quic

import (
	"testing"

	"pagesim/model/units"
)

// TestVarintLen is RFC 9000 §16's table of lengths and its examples
// (Appendix A.1: 37 in one byte, 15 293 in two, 494 878 333 in four,
// 151 288 809 941 952 652 in eight).
func TestVarintLen(t *testing.T) {
	cases := []struct {
		v    int64
		want int64
	}{{0, 1}, {37, 1}, {63, 1}, {64, 2}, {15293, 2}, {16383, 2}, {16384, 4}, {494878333, 4}, {1<<30 - 1, 4}, {1 << 30, 8}, {151288809941952652, 8}}
	for _, c := range cases {
		if got := VarintLen(c.v); int64(got) != c.want {
			t.Errorf("VarintLen(%d) = %d, want %d", c.v, got, c.want)
		}
	}
}

// TestPacketNumberLength follows RFC 9000 Appendix A.2's example: with
// 0xabe8b3 acknowledged, sending 0xac5c02 needs 16 bits (2 bytes) and
// 0xace8fe needs 24 bits (3 bytes).
func TestPacketNumberLength(t *testing.T) {
	cases := []struct {
		name       string
		n, largest int64
		want       int64
	}{
		{"RFC example, 2 bytes", 0xac5c02, 0xabe8b3, 2},
		{"RFC example, 3 bytes", 0xace8fe, 0xabe8b3, 3},
		{"first packet", 0, -1, 1},
		{"128 unacknowledged in 1 byte", 127, -1, 1},
		{"129 unacknowledged in 2 bytes", 128, -1, 2},
		{"next after acked", 10, 9, 1},
		{"huge gap", 1 << 40, 0, 4},
	}
	for _, c := range cases {
		if got := pnLen(c.n, c.largest); int64(got) != c.want {
			t.Errorf("%s: pnLen(%#x, %#x) = %d, want %d", c.name, c.n, c.largest, got, c.want)
		}
	}
}

// TestHeaderLen: an Initial with 8-byte connection IDs and a 1-byte packet
// number is 1 + 4 + 1 + 8 + 1 + 8 + 1 (token length) + 2 (Length) + 1 =
// 27 bytes, a Handshake packet 26, a short header 1 + 8 + 1 = 10.
func TestHeaderLen(t *testing.T) {
	cases := []struct {
		name          string
		long, initial bool
		cid, pn, want int64
	}{
		{"Initial", true, true, 8, 1, 27},
		{"Handshake", true, false, 8, 1, 26},
		{"Initial, empty IDs, 4-byte number", true, true, 0, 4, 14},
		{"short", false, false, 8, 1, 10},
		{"short, no ID, 2-byte number", false, false, 0, 2, 3},
	}
	for _, c := range cases {
		if got := headerLen(c.long, c.initial, units.Bytes(c.cid), units.Bytes(c.pn)); int64(got) != c.want {
			t.Errorf("%s: headerLen = %d, want %d", c.name, got, c.want)
		}
	}
}
