package quic

import (
	"time"

	"pagesim/model/units"
)

// space is a packet number space (RFC 9000 §12.3): each has its own
// packet numbers, acknowledgements and loss recovery. 0-RTT and 1-RTT
// packets share the application data space.
type space uint8

const (
	initialSpace space = iota
	handshakeSpace
	appSpace
	numSpaces
)

func (s space) String() string { return [...]string{"Initial", "Handshake", "1-RTT"}[s] }

// packet is one QUIC packet as its sender built it: its number and space,
// its size on the wire, when it was sent, and its frames. The receiver
// reads the same record when the datagram carrying it arrives.
type packet struct {
	sp      space
	zeroRTT bool // a 0-RTT packet (long header, application space)
	num     int64
	// size counts the packet's header, frames and AEAD tag — what
	// bytes_in_flight counts (RFC 9002 §2: not the UDP or IP headers).
	size   units.Bytes
	sentAt time.Duration
	// ackEliciting: it holds a frame other than ACK, PADDING and
	// CONNECTION_CLOSE (RFC 9002 §2); inFlight: ack-eliciting or padded,
	// so it counts in bytes_in_flight.
	ackEliciting, inFlight bool
	// The sender's view: acknowledged, or declared lost.
	acked, lost bool
	frames      []frame
	// The ACK frame it carries, if any (hasAck): its ranges, highest
	// first, and its ACK Delay. ackLargest is its Largest Acknowledged
	// (-1: no ACK frame), for pruning once this packet is acknowledged
	// (RFC 9000 §13.2.4).
	hasAck     bool
	ack        []span
	ackDelay   time.Duration
	ackLargest int64
	refs       uint8
}

// frameKind is a frame type of RFC 9000 §19 (ACK lives in the packet
// record; PADDING only in its size).
type frameKind uint8

const (
	frCrypto frameKind = iota
	frStream
	frMaxData
	frMaxStreamData
	frMaxStreamsBidi
	frMaxStreamsUni
	frResetStream
	frHandshakeDone
	frPing
	frConnectionClose
)

// frame is one frame of a packet. For STREAM and CRYPTO frames off and n
// are the byte range and fin whether it ends the stream; val is the value
// of MAX_DATA, MAX_STREAM_DATA and MAX_STREAMS, and the final size of
// RESET_STREAM. id names the stream for the receiver; st is the sender's
// own stream, to mark what is acknowledged or lost.
type frame struct {
	kind frameKind
	fin  bool
	id   int64
	off  int64
	n    int64
	val  int64
	st   *Stream
}
