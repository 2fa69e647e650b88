package model

// Segment flags.
const (
	flagSYN uint8 = 1 << iota
	flagACK
	flagFIN
	flagRST
	// flagProbe marks a zero-window probe: the receiver must answer it
	// with an ACK carrying its current window (RFC 9293 §3.8.6.1).
	flagProbe
)

// packet is one TCP segment on the wire. Sequence numbers are 64-bit byte
// offsets that start at 0 for the SYN on each side; they never wrap (a
// simplification: no page moves 2^63 bytes), so comparisons are plain.
type packet struct {
	dst   *Endpoint
	route *route
	hop   int
	flags uint8
	seq   int64 // sequence number of the first byte (or of the SYN/FIN)
	ack   int64 // next sequence number expected by the sender (valid with flagACK)
	wnd   Bytes // the sender's advertised receive window
	len   Bytes // payload bytes
	// dataIdx numbers the data-carrying segments one endpoint transmits
	// (1, 2, 3…; retransmissions get new numbers), for deterministic drops.
	dataIdx int
	// SACK blocks (RFC 2018), most recent first; nsack of them are valid.
	sack  [maxSACKBlocks]span
	nsack int8
}

// maxSACKBlocks is how many SACK blocks fit in an ACK next to the
// timestamp option (RFC 2018 §3: three).
const maxSACKBlocks = 3

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
	DataIdx int  // 1-based index of this data segment among those its sender transmitted; 0 for a segment without payload
	SYN     bool // a SYN or SYN-ACK
	FIN     bool
	Len     Bytes
}

// DropRule decides, deterministically, whether a packet entering the
// access link is dropped (for tests and fault scenarios). It runs before
// the random loss.
type DropRule func(PacketInfo) bool

// DropDataSegment returns a rule that drops the k-th data segment (1-based,
// counting retransmissions) sent on connection conn in direction dir.
func DropDataSegment(conn int, dir Dir, k int) DropRule {
	return func(p PacketInfo) bool { return p.Conn == conn && p.Dir == dir && p.DataIdx == k }
}
