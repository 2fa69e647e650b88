package h2

import (
	"pagesim/model/httpcore"
	"pagesim/model/units"
)

// Frames (RFC 9113 §4): every frame is a 9-byte header — length, type,
// flags, stream identifier — and a payload of that length, carried as
// bytes on the TCP stream like any data. TCP carries only byte counts; a
// unit says what its bytes are, as the frame header and payload in them
// would, and the receiver learns it only once those bytes have been read
// (httpcore.Framer): the frame's header after 9 bytes, a DATA payload as
// it arrives, the rest when the frame is complete.

// frameHeaderLen is the frame header (RFC 9113 §4.1).
const frameHeaderLen units.Bytes = 9

// Payload sizes of the fixed-size frames (RFC 9113 §6).
const (
	settingLen      units.Bytes = 6  // one SETTINGS parameter: identifier and value (§6.5.1)
	windowUpdateLen units.Bytes = 4  // §6.9
	rstStreamLen    units.Bytes = 4  // §6.4
	goAwayLen       units.Bytes = 8  // last-stream-id and error code, no debug data (§6.8)
	priorityLen     units.Bytes = 5  // a HEADERS frame's dependency and weight (PRIORITY flag, §6.2)
	prefaceLen      units.Bytes = 24 // "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" (§3.4)
)

// frameType is a frame's type (RFC 9113 §6). PUSH_PROMISE is not
// modelled (browsers disable push), nor CONTINUATION (a header block
// always fits one frame here), nor PING.
type frameType uint8

const (
	frameData         frameType = 0x0
	frameHeaders      frameType = 0x1
	frameRSTStream    frameType = 0x3
	frameSettings     frameType = 0x4
	frameGoAway       frameType = 0x7
	frameWindowUpdate frameType = 0x8
)

// Frame flags (RFC 9113 §6).
const (
	flagEndStream uint8 = 0x1  // DATA, HEADERS: the sender's last frame on the stream
	flagAck       uint8 = 0x1  // SETTINGS: acknowledges the peer's
	flagPriority  uint8 = 0x20 // HEADERS: carries a dependency and weight
)

// errCode is an error code of RST_STREAM and GOAWAY (RFC 9113 §7).
type errCode uint8

const (
	codeNoError       errCode = 0x0
	codeRefusedStream errCode = 0x7 // the stream was not processed (§8.7)
)

// unitKind is what a unit on an HTTP/2 connection's byte stream is.
type unitKind uint8

const (
	unitFrame   unitKind = iota
	unitTLS              // a TLS handshake flight (unit.flight says which)
	unitPreface          // the client's connection preface magic
)

// settings are the parameters of a SETTINGS frame this model reads (RFC
// 9113 §6.5.2); a zero field was not sent (its value stays what it was).
type settings struct {
	maxStreams  int         // SETTINGS_MAX_CONCURRENT_STREAMS; 0 not sent, -1 "unlimited" is never sent
	window      units.Bytes // SETTINGS_INITIAL_WINDOW_SIZE
	headerTable units.Bytes // SETTINGS_HEADER_TABLE_SIZE
	// sentNoTable: HEADER_TABLE_SIZE 0 was sent (no dynamic table).
	sentNoTable bool
	// count is the number of parameters the frame carries, for its size.
	count int
}

// priority is what a request's HEADERS frame says of its priority: the
// RFC 7540 §5.3 dependency and weight (the PRIORITY flag's fields), and
// the RFC 9218 parameters of its Priority header field.
type priority struct {
	dep         uint32 // the stream it depends on; 0: the root
	weight      int    // 1–256
	exclusive   bool
	urgency     int // 0–7
	incremental bool
}

// unit is one thing on a connection's byte stream: a frame, a TLS flight
// or the preface. It is a value (the Framer holds them by value: no
// allocation per frame).
type unit struct {
	kind   unitKind
	typ    frameType
	flags  uint8
	stream uint32
	// length is a frame's payload, or the whole size of a flight or the
	// preface.
	length units.Bytes
	flight httpcore.Flight
	// What the payload says, for the frames whose payload matters:
	// a request's HEADERS names its request (host, path, method, object
	// — what its header block would) and priority; a response's HEADERS
	// announces its body's length; WINDOW_UPDATE an increment; GOAWAY a
	// last-stream-id; RST_STREAM and GOAWAY an error code; SETTINGS its
	// parameters.
	req  *httpcore.Request
	prio priority
	body units.Bytes
	inc  units.Bytes
	last uint32
	code errCode
	set  settings
}

// HeaderLen and Len make a unit a unit of httpcore.Framer: a frame's
// header is its 9-byte frame header; a flight or the preface is all
// header.
func (u unit) HeaderLen() units.Bytes {
	if u.kind != unitFrame {
		return u.length
	}
	return frameHeaderLen
}

func (u unit) Len() units.Bytes {
	if u.kind != unitFrame {
		return u.length
	}
	return frameHeaderLen + u.length
}

func (u unit) has(f uint8) bool { return u.flags&f != 0 }

// settingsFrame is a SETTINGS frame carrying s.
func settingsFrame(s settings) unit {
	return unit{typ: frameSettings, length: units.Bytes(s.count) * settingLen, set: s}
}

// settingsAck acknowledges the peer's SETTINGS (§6.5.3).
func settingsAck() unit { return unit{typ: frameSettings, flags: flagAck} }

func windowUpdate(stream uint32, inc units.Bytes) unit {
	return unit{typ: frameWindowUpdate, stream: stream, length: windowUpdateLen, inc: inc}
}

func rstStream(stream uint32, code errCode) unit {
	return unit{typ: frameRSTStream, stream: stream, length: rstStreamLen, code: code}
}

func goAway(last uint32, code errCode) unit {
	return unit{typ: frameGoAway, length: goAwayLen, last: last, code: code}
}

// framer is one direction of an HTTP/2 connection as its reader parses
// it.
type framer = httpcore.Framer[unit]

// wire holds what the two directions of one connection carry.
type wire struct {
	up   framer // client → server: flights, preface, SETTINGS, HEADERS, WINDOW_UPDATE
	down framer // server → client: flights, SETTINGS, HEADERS, DATA, RST_STREAM, GOAWAY
}
