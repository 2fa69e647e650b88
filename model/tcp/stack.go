package tcp

import (
	"pagesim/model/internal/slab"
	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
)

// Stack is the TCP of one simulation: every connection over one network,
// the segments in flight, and the counters and hooks reports read.
type Stack struct {
	S   *sim.Sim
	net *link.Net
	cfg Config
	is  choices     // cfg's string-valued choices that the packet path tests
	mss units.Bytes // the network's
	hdr units.Bytes // the IPv4 + TCP header of each segment (link.Config.Header)

	conns []*Conn
	trace *Trace
	// cwndHook is called on every cwnd change of an endpoint whose
	// connection crosses the access link.
	cwndHook func(e *Endpoint)

	stats Stats

	// The contents of the segments in flight, named by the handle of
	// their link.Packet (no allocation per segment).
	segs slab.Slab[segment]

	// spare holds the endpoints of the previous simulation of a worker
	// (ReuseStack), cleared and handed out again by allocEndpoint with
	// the storage their queues grew to: a study of short pages spent a
	// third of its allocation on endpoints and their rings.
	spare []*Endpoint
}

// allocEndpoint returns a zero endpoint: a spare one, cleared, keeping
// the memory of its record of segments in flight and of its out-of-order
// and SACK lists, or a new one.
func (st *Stack) allocEndpoint() *Endpoint {
	n := len(st.spare)
	if n == 0 {
		return &Endpoint{}
	}
	e := st.spare[n-1]
	st.spare[n-1] = nil
	st.spare = st.spare[:n-1]
	segs, ooo, sacked, fresh := e.segs, e.ooo[:0], e.sb.sacked[:0], e.sb.fresh[:0]
	segs.Drop() // sentSeg holds no pointers
	*e = Endpoint{}
	e.segs, e.ooo, e.sb.sacked, e.sb.fresh = segs, ooo, sacked, fresh
	return e
}

// Stats counts what the endpoints of a stack did.
type Stats struct {
	// Retransmits is the number of segments sent again by any endpoint.
	Retransmits int64
	// RTOs is the number of retransmission-timer expiries at any endpoint.
	RTOs int
	// SpuriousRTOs is the number of timeouts F-RTO declared spurious
	// (RFC 5682).
	SpuriousRTOs int
	// TLPs is the number of tail loss probes sent (RFC 8985 §7), and
	// TLPRecoveries how many of them repaired a loss.
	TLPs, TLPRecoveries int
	// Destroyed is the number of bytes RSTs destroyed in the receive
	// buffers of client endpoints on the access link.
	Destroyed int64
}

// NewStack validates cfg and returns a stack over net; segments carry up
// to the network's MSS.
func NewStack(net *link.Net, cfg Config) (*Stack, error) {
	return ReuseStack(nil, net, cfg)
}

// choices are the configuration's string-valued options that the code of
// every ACK and segment tests, decided once per stack (comparing the
// strings there cost more than the test).
type choices struct {
	pktCwnd     bool // CwndUnit == CwndPackets
	hystart     bool // HyStart == HyStartLinux
	ackSegments bool // AckCounting == AckSegments
	linuxRTO    bool // RTOFormula == RTOFormulaLinux
	rtoResetACK bool // RTOReset == RTOResetACK
}

func choicesOf(c *Config) choices {
	return choices{pktCwnd: c.CwndUnit == CwndPackets, hystart: c.HyStart == HyStartLinux,
		ackSegments: c.AckCounting == AckSegments, linuxRTO: c.RTOFormula == RTOFormulaLinux,
		rtoResetACK: c.RTOReset == RTOResetACK}
}

// ReuseStack is NewStack that takes over the segment slab old grew to and
// its endpoints (to be cleared and used again), for a worker running
// simulation after simulation; old (nil: nothing to reuse) must not be
// used again, nor any connection or endpoint of it.
func ReuseStack(old *Stack, net *link.Net, cfg Config) (*Stack, error) {
	mss := net.Config().MSS
	if err := cfg.Validate(mss); err != nil {
		return nil, err
	}
	st := &Stack{S: net.S, net: net, cfg: cfg, is: choicesOf(&cfg), mss: mss, hdr: net.Config().Header}
	if old != nil {
		st.segs = old.segs
		st.segs.Reset()
		st.spare = old.spare
		for _, c := range old.conns {
			st.spare = append(st.spare, c.A, c.B)
		}
		clear(old.conns)
	}
	return st, nil
}

// Net is the network the stack sends through.
func (st *Stack) Net() *link.Net { return st.net }

// Config is the stack's configuration.
func (st *Stack) Config() Config { return st.cfg }

// Stats returns the counters so far.
func (st *Stack) Stats() Stats { return st.stats }

// SetTrace makes the stack record typed trace records into t.
func (st *Stack) SetTrace(t *Trace) { st.trace = t }

// OnCwnd installs a hook called on every cwnd change of an endpoint whose
// connection crosses the access link.
func (st *Stack) OnCwnd(f func(e *Endpoint)) { st.cwndHook = f }

// Conns lists every connection opened so far.
func (st *Stack) Conns() []*Conn { return st.conns }

// Conn is one TCP connection: two endpoints and the path between them.
type Conn struct {
	ID   int
	Host string
	A, B *Endpoint // A: active opener (client side), B: passive (server side)
	// crossesLink: its packets use the access link (traced cwnd, counters).
	crossesLink bool
}

// CrossesLink reports whether the connection's packets use the access
// link.
func (c *Conn) CrossesLink() bool { return c.crossesLink }

// Dial creates a connection between two new endpoints. The active side
// (a) is the client; b listens. Call c.A.Connect to send the SYN. host
// names the server end for its delay.
func (st *Stack) Dial(host string, place link.Placement, a, b App) *Conn {
	c := &Conn{ID: len(st.conns), Host: host}
	st.conns = append(st.conns, c)
	c.A = newEndpoint(st, c, true, a)
	c.B = newEndpoint(st, c, false, b)
	c.A.peer, c.B.peer = c.B, c.A
	c.A.out, c.B.out = st.net.Routes(host, place)
	c.crossesLink = place.CrossesLink()
	return c
}

// segment is the contents of one TCP segment on the wire (its payload is
// counted, not carried).
type segment struct {
	flags uint8
	seq   Seq         // sequence number of the first byte (or of the SYN/FIN)
	ack   Seq         // next sequence number expected by the sender (valid with flagACK)
	wnd   units.Bytes // the sender's advertised receive window
	len   units.Bytes // payload bytes
	// dataIdx numbers the data-carrying segments one endpoint transmits
	// (1, 2, 3…; retransmissions get new numbers), for deterministic drops.
	dataIdx int
	// SACK blocks (RFC 2018), most recent first; nsack of them are valid.
	sack  [maxSACKBlocks]span
	nsack int8
	// dsack is a D-SACK (RFC 2883): a duplicate the receiver got; empty
	// if none. Only TLP reads it (tlp.go).
	dsack span
}

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

// maxSACKBlocks is how many SACK blocks fit in an ACK next to the
// timestamp option (RFC 2018 §3: three).
const maxSACKBlocks = 3

// newSeg returns a free slot of the segment store to build a segment in;
// the pointer is valid until the next newSeg or Put.
func (st *Stack) newSeg() (uint32, *segment) {
	h := st.segs.Alloc()
	return h, st.segs.At(h)
}

// send puts the segment of handle h from e on the wire.
func (st *Stack) send(e *Endpoint, h uint32) {
	s := st.segs.At(h)
	size := s.len
	if s.flags&flagSYN != 0 {
		size += st.cfg.SynOptions // options are counted on the SYN and SYN-ACK only (Config.SynOptions)
	}
	st.net.Emit((*rx)(e.peer), e.out, size, st.hdr, h, e.conn.ID, s.dataIdx, s.flags&flagSYN != 0, s.flags&flagFIN != 0)
}

// rx is an endpoint as the network's link.Receiver.
type rx Endpoint

// Arrive hands the segment to the endpoint where it lies in the store and
// frees its slot afterwards: the slot is not reused while the endpoint
// works on it, and if the store grows meanwhile the segment's old copy,
// which s still points to, stays intact (nothing writes to an arrived
// segment). A freed slot keeps its contents; newSegment overwrites them.
func (r *rx) Arrive(p *link.Packet) {
	e := (*Endpoint)(r)
	e.receive(e.st.segs.At(p.Handle))
	e.st.segs.Free(p.Handle)
	e.drained()
}

func (r *rx) Dropped(p link.Packet, d link.Dir, cause link.DropCause) {
	e := (*Endpoint)(r)
	s := *e.st.segs.At(p.Handle)
	e.st.segs.Free(p.Handle)
	if t := e.st.trace; t != nil {
		src := e.peer
		t.add(Record{At: e.st.S.Now(), Kind: RecSegDrop, Conn: src.conn.ID, Client: src.client, Seq: s.seq, Len: s.len,
			Flags: flagString(s.flags), Note: d.String() + " " + cause.String()})
	}
}
