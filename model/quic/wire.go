package quic

import "pagesim/model/units"

// The byte sizes of what QUIC puts on the wire. Nothing is encoded — data
// is counted, not carried — but every header, frame and length field is
// sized as RFC 9000 encodes it, so that the bytes on the link are the
// protocol's.

// VarintLen is the length of a variable-length integer (RFC 9000 §16):
// 1, 2, 4 or 8 bytes for values below 2⁶, 2¹⁴, 2³⁰, 2⁶².
func VarintLen(v int64) units.Bytes {
	switch {
	case v < 1<<6:
		return 1
	case v < 1<<14:
		return 2
	case v < 1<<30:
		return 4
	}
	return 8
}

// aeadTag is the authentication tag every packet carries: 16 bytes for
// AEAD_AES_128_GCM, the cipher of Initial packets and the one browsers
// negotiate first (RFC 9001 §5.3).
const aeadTag units.Bytes = 16

// pnLen is the length of the truncated packet number of packet n when
// the largest acknowledged in its space is largestAcked (-1: none): at
// least log₂(unacknowledged) + 1 bits, counting n itself (RFC 9000 §17.1
// and Appendix A.2) — the smallest b with unacked ≤ 2^(8b−1) — 1 to 4
// bytes.
func pnLen(n, largestAcked int64) units.Bytes {
	unacked := n - largestAcked
	if largestAcked < 0 {
		unacked = n + 1
	}
	for b := units.Bytes(1); b < 4; b++ {
		if unacked <= 1<<(8*b-1) {
			return b
		}
	}
	return 4
}

// headerLen is the size of a packet's header before its payload (RFC 9000
// §17.2, §17.3): a long header for Initial, 0-RTT and Handshake packets —
// first byte, version, both connection IDs with their lengths, for an
// Initial a zero-length token, the Length field, the packet number — or a
// short header for 1-RTT packets — first byte, destination connection ID,
// packet number. The Length field is always two bytes, as quiche and
// quic-go write it (so that it can be filled in after the payload, up to
// 16 383 bytes).
func headerLen(long, initial bool, cid, pn units.Bytes) units.Bytes {
	if !long {
		return 1 + cid + pn
	}
	h := 1 + 4 + 1 + cid + 1 + cid + 2 + pn
	if initial {
		h += VarintLen(0) // Token Length: no token (no Retry, no NEW_TOKEN)
	}
	return h
}

// Frame sizes (RFC 9000 §19).

// streamFrameLen is a STREAM frame carrying n bytes at offset off of
// stream id, with its Length field (§19.8; the offset is omitted at 0).
func streamFrameLen(id, off, n int64) units.Bytes {
	l := 1 + VarintLen(id) + VarintLen(n) + units.Bytes(n)
	if off > 0 {
		l += VarintLen(off)
	}
	return l
}

// cryptoFrameLen is a CRYPTO frame of n bytes at offset off (§19.6).
func cryptoFrameLen(off, n int64) units.Bytes {
	return 1 + VarintLen(off) + VarintLen(n) + units.Bytes(n)
}

// maxDataFrameLen is MAX_DATA or MAX_STREAMS (§19.9, §19.11), and
// maxStreamDataFrameLen MAX_STREAM_DATA (§19.10).
func maxDataFrameLen(v int64) units.Bytes           { return 1 + VarintLen(v) }
func maxStreamDataFrameLen(id, v int64) units.Bytes { return 1 + VarintLen(id) + VarintLen(v) }

// resetStreamFrameLen is RESET_STREAM with an application error code that
// fits in two bytes (§19.4; H3_REQUEST_CANCELLED is 0x010c).
func resetStreamFrameLen(id, final int64) units.Bytes {
	return 1 + VarintLen(id) + 2 + VarintLen(final)
}

// connectionCloseLen is CONNECTION_CLOSE without a reason phrase (§19.19):
// type, error code, for the transport variant the frame type, and a
// zero reason length.
const connectionCloseLen units.Bytes = 1 + 1 + 1 + 1

// pingLen and handshakeDoneLen are one-byte frames (§19.2, §19.20).
const (
	pingLen          units.Bytes = 1
	handshakeDoneLen units.Bytes = 1
)
