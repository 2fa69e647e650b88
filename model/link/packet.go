package link

import (
	"time"

	"pagesim/model/units"
)

// Packet is what the network carries: a size, a destination, and the few
// facts a drop rule or a trace may ask about. Its contents belong to the
// transport that sent it (a TCP segment, a QUIC datagram): the transport
// keeps them and names them by Handle, so the network moves small values
// and never allocates per packet.
type Packet struct {
	// Dst receives the packet when it arrives, or hears that it was
	// dropped on the way.
	Dst Receiver
	// Route is the path the packet takes (Net.Routes).
	Route *Route
	// Size is the payload in bytes: what the transport hands to the IP
	// layer above its own header (a TCP segment's data; a UDP datagram's
	// payload, which holds QUIC's own headers).
	Size units.Bytes
	// Header is the per-packet overhead below Size that every link
	// serializes with it, set by the transport: IPv4 + TCP for a TCP
	// segment (Config.Header, 40 B by default), IPv4 + UDP for a QUIC
	// datagram (28 B by default). Each link costs (Size + Header) × 8 /
	// rate.
	Header units.Bytes
	// Handle names the transport's contents of the packet.
	Handle uint32
	// Conn is the transport connection's id, DataIdx the 1-based index of
	// this payload-carrying packet among those its sender transmitted
	// (retransmissions get new numbers; 0 for a packet without payload),
	// and SYN/FIN whether it opens or closes a connection: for drop rules.
	Conn    int
	DataIdx int
	SYN     bool
	FIN     bool

	hop   int           // the stage of Route the packet is at
	sched time.Duration // when ns-3 would have scheduled its arrival (ties.go)
}

// Receiver is the destination of packets: a transport endpoint.
type Receiver interface {
	// Arrive is called when p reaches its destination. p is valid only
	// during the call (the network frees its slot afterwards); it may be
	// read after the receiver has sent packets of its own.
	Arrive(p *Packet)
	// Dropped is called when p was dropped on its way, on direction d of
	// the access link, for cause: the sender never hears of it (it is for
	// the transport's bookkeeping of its contents and for traces).
	Dropped(p Packet, d Dir, cause DropCause)
}

// DropCause is why the access link dropped a packet.
type DropCause uint8

// Drop causes.
const (
	DropQueue DropCause = iota + 1 // the drop-tail queue was full
	DropLoss                       // random loss (Config.Loss)
	DropRule                       // a deterministic drop rule (SetDropRule)
)

func (c DropCause) String() string {
	return [...]string{"", "queue", "loss", "rule"}[c]
}

// Dir is the direction of a packet on the access link.
type Dir int8

// Directions.
const (
	Down Dir = iota // server → client
	Up              // client → server
)

func (d Dir) String() string {
	if d == Down {
		return "down"
	}
	return "up"
}

// PacketInfo describes a packet to a drop rule.
type PacketInfo struct {
	Conn    int  // connection id
	Dir     Dir  // direction on the access link
	DataIdx int  // 1-based index of this data packet among those its sender transmitted; 0 for a packet without payload
	SYN     bool // a SYN or SYN-ACK
	FIN     bool
	Len     units.Bytes
}

// Rule decides, deterministically, whether a packet entering the access
// link is dropped (for tests and fault scenarios). It runs before the
// random loss.
type Rule func(PacketInfo) bool

// DropDataSegment returns a rule that drops the k-th data packet (1-based,
// counting retransmissions) sent on connection conn in direction dir.
func DropDataSegment(conn int, dir Dir, k int) Rule {
	return func(p PacketInfo) bool { return p.Conn == conn && p.Dir == dir && p.DataIdx == k }
}
