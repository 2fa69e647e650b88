package httpcore

import "pagesim/model/units"

// The primitives HPACK (RFC 7541) and QPACK (RFC 9204, §4.1.1) share to
// encode header fields, as byte counts: prefixed integers and string
// literals, Huffman-coded when that is shorter, as encoders choose.

// PrefixIntLen is the size of integer v encoded with an n-bit prefix (RFC
// 7541 §5.1): one byte below 2ⁿ − 1, then one more per 7 bits of the rest.
func PrefixIntLen(v int64, n uint) units.Bytes {
	limit := int64(1)<<n - 1
	if v < limit {
		return 1
	}
	l := units.Bytes(1)
	for v -= limit; v >= 128; v >>= 7 {
		l++
	}
	return l + 1
}

// StringLen is the size of string literal s whose length has an n-bit
// prefix (7 in HPACK and in QPACK values, fewer in QPACK names; RFC 7541
// §5.2): the length, then the shorter of the raw bytes and the Huffman
// code.
func StringLen(s string, n uint) units.Bytes {
	l := min(units.Bytes(len(s)), HuffmanLen(s))
	return PrefixIntLen(int64(l), n) + l
}

// HuffmanLen is the size of s under the static Huffman code of RFC 7541
// Appendix B: the sum of its symbols' code lengths, padded to whole bytes.
func HuffmanLen(s string) units.Bytes {
	bits := 0
	for i := 0; i < len(s); i++ {
		bits += int(huffmanCodeLen[s[i]])
	}
	return units.Bytes((bits + 7) / 8)
}

// huffmanCodeLen is the length in bits of each byte's code (RFC 7541
// Appendix B).
var huffmanCodeLen = [256]uint8{
	13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28,
	28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
	6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6,
	5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
	13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7,
	7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
	15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5,
	6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
	20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23,
	24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
	22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23,
	21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
	26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25,
	19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
	20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23,
	26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
}
