package h3

import (
	"pagesim/model/httpcore"
	"pagesim/model/quic"
	"pagesim/model/units"
)

// unitKind is what a unit on an HTTP/3 stream is.
type unitKind uint8

const (
	uHeaders    unitKind = iota // a HEADERS frame (RFC 9114 §7.2.2)
	uData                       // a DATA frame (§7.2.1)
	uStreamType                 // a unidirectional stream's type (§6.2)
	uSettings                   // a SETTINGS frame (§7.2.4)
	uInsert                     // a QPACK encoder instruction (RFC 9204 §4.3)
	uAck                        // a QPACK decoder instruction (§4.4)
)

// unit is one frame or instruction on a stream: its bytes, and what its
// reader learns from it once read. A HEADERS frame is all header block; a
// DATA frame's header is its type and length.
type unit struct {
	kind      unitKind
	hdr, body units.Bytes
	// Request HEADERS: the request. Response HEADERS: the body length
	// (content-length). Both: the QPACK section's Required Insert Count
	// and the encoder-stream bytes it needs.
	req     *httpcore.Request
	length  units.Bytes
	ric     int64
	needEnc int64
	// uInsert: the insert count after it; uAck: the count acknowledged.
	count int64
}

func (u *unit) HeaderLen() units.Bytes { return u.hdr }
func (u *unit) Len() units.Bytes       { return u.hdr + u.body }

// framer is one stream as its reader parses it.
type framer = httpcore.Framer[*unit]

// frameHeader is a frame's type (one byte for every type used here) and
// its Length field (RFC 9114 §7.1).
func frameHeader(length units.Bytes) units.Bytes { return 1 + quic.VarintLen(int64(length)) }

// headersFrame wraps a field section in a HEADERS frame.
func headersFrame(sec section) *unit {
	return &unit{kind: uHeaders, hdr: frameHeader(sec.size) + sec.size, ric: sec.ric, needEnc: sec.needEnc}
}

// dataFrame is a DATA frame of n bytes. A response's body is one DATA
// frame (servers write several, 3 bytes each per 16 KB or so; a
// simplification).
func dataFrame(n units.Bytes) *unit { return &unit{kind: uData, hdr: frameHeader(n), body: n} }

// Unidirectional stream types (RFC 9114 §6.2, RFC 9204 §4.2).
const (
	streamControl = 0x00
	streamEncoder = 0x02
	streamDecoder = 0x03
)

// settingsFrame is a SETTINGS frame with the given identifier/value pairs
// (RFC 9114 §7.2.4).
func settingsFrame(pairs ...[2]int64) *unit {
	var n units.Bytes
	for _, p := range pairs {
		n += quic.VarintLen(p[0]) + quic.VarintLen(p[1])
	}
	return &unit{kind: uSettings, hdr: frameHeader(n) + n}
}

// Settings identifiers (RFC 9114 §7.2.4.1, RFC 9204 §5).
const (
	settingQPACKMaxTableCapacity = 0x01
	settingMaxFieldSectionSize   = 0x06
	settingQPACKBlockedStreams   = 0x07
	// settingGrease is a reserved identifier (0x1f·N + 0x21) Chrome sends
	// to keep peers honest (RFC 9114 §7.2.4.1).
	settingGrease = 0x1f*7 + 0x21
)
