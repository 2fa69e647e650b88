package quic

import (
	"pagesim/model/internal/slab"
	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
)

// Stack is the QUIC of one simulation: every connection over one network,
// the contents of the packets in flight, and the counters and hooks
// reports read.
type Stack struct {
	S   *sim.Sim
	net *link.Net
	cfg Config

	conns []*Conn
	stats Stats
	// cwndHook is called on every cwnd change of an endpoint whose
	// connection crosses the access link.
	cwndHook func(e *Endpoint)

	// The QUIC packets sent and not yet forgotten, named by pktID: a
	// packet is shared by its sender's record (until acknowledged, lost
	// or discarded) and the datagram carrying it (until it arrives or is
	// dropped), and freed when both are done with it.
	pkts slab.Slab[packet]
	// The datagrams in flight, named by the Handle of their link.Packet.
	dgrams slab.Slab[datagram]

	// Scratch lists reused by ACK processing and loss detection.
	acked, lost []pktID
}

// Stats counts what the endpoints of a stack did.
type Stats struct {
	// PacketsLost is the number of packets declared lost (RFC 9002 §6.1);
	// their frames were queued to be sent again in new packets.
	PacketsLost int64
	// PTOs is the number of probe-timeout expiries (RFC 9002 §6.2).
	PTOs int
	// Undecryptable counts packets that arrived before their keys and
	// were dropped because maxUndecryptable were kept already.
	Undecryptable int64
}

// NewStack validates cfg and returns a stack over net.
func NewStack(net *link.Net, cfg Config) (*Stack, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	return &Stack{S: net.S, net: net, cfg: cfg}, nil
}

// Config is the stack's configuration.
func (st *Stack) Config() Config { return st.cfg }

// Stats returns the counters so far.
func (st *Stack) Stats() Stats { return st.stats }

// OnCwnd installs a hook called on every cwnd change of an endpoint whose
// connection crosses the access link.
func (st *Stack) OnCwnd(f func(e *Endpoint)) { st.cwndHook = f }

// Conns lists every connection dialled so far.
func (st *Stack) Conns() []*Conn { return st.conns }

// Conn is one QUIC connection: a client and a server endpoint and the
// path between them.
type Conn struct {
	// ID numbers the stack's connections from 0 (link.Packet.Conn; TCP
	// numbers its own connections separately).
	ID   int
	Host string
	// A is the client, B the server.
	A, B *Endpoint
	hs   Handshake
	// crossesLink: its packets use the access link (traced cwnd).
	crossesLink bool
}

// CrossesLink reports whether the connection's packets use the access
// link.
func (c *Conn) CrossesLink() bool { return c.crossesLink }

// Handshake describes the TLS 1.3 handshake a connection carries in its
// CRYPTO frames (RFC 9001): the sizes of its messages, and whether it
// resumes an earlier session.
type Handshake struct {
	// ClientHello is the size of the client's TLS ClientHello before
	// QUIC's transport parameters are added (httpcore.ClientHelloSize).
	ClientHello units.Bytes
	// Cert is the size of the server's Certificate message (a host's
	// cert_size). Not sent when resuming.
	Cert units.Bytes
	// Resume: the client has a session ticket from an earlier visit;
	// the handshake uses the pre-shared key, so the server sends no
	// Certificate or CertificateVerify (RFC 8446 §2.2).
	Resume bool
	// ZeroRTT: with Resume, the client sends application data in 0-RTT
	// packets with its first flight (RFC 9001 §4.6); the server accepts
	// it (rejection is not modelled).
	ZeroRTT bool
}

// Dial creates a connection between a new client endpoint (app client)
// and a new server endpoint (app server) to host, its packets placed as
// place says. Call c.A.Connect to send the first Initial.
func (st *Stack) Dial(host string, place link.Placement, hs Handshake, client, server App) *Conn {
	c := &Conn{ID: len(st.conns), Host: host, hs: hs}
	if !hs.Resume {
		c.hs.ZeroRTT = false
	}
	st.conns = append(st.conns, c)
	c.A = newEndpoint(st, c, true, client)
	c.B = newEndpoint(st, c, false, server)
	c.A.peer, c.B.peer = c.B, c.A
	c.A.out, c.B.out = st.net.Routes(host, place)
	c.crossesLink = place.CrossesLink()
	return c
}

// pktID names a packet in the stack's slab.
type pktID uint32

// allocPkt returns a cleared packet with two references (the sender's
// record and the datagram), keeping the storage of its frame list.
func (st *Stack) allocPkt() pktID {
	id := pktID(st.pkts.Alloc())
	p := st.pkt(id)
	// A slot keeps the storage of its frame and ACK range lists, so that
	// reusing it allocates nothing once they have grown.
	frames, ack := p.frames[:0], p.ack[:0]
	*p = packet{frames: frames, ack: ack, refs: 2, ackLargest: -1}
	return id
}

// release drops one reference to packet id.
func (st *Stack) release(id pktID) {
	p := st.pkt(id)
	p.refs--
	if p.refs == 0 {
		for i := range p.frames {
			p.frames[i].st = nil // let streams go
		}
		st.pkts.Free(uint32(id)) // the slot keeps its lists' storage (allocPkt)
	}
}

// pkt is the packet named id.
func (st *Stack) pkt(id pktID) *packet { return st.pkts.At(uint32(id)) }

// datagram is what one link.Packet carries: up to three coalesced QUIC
// packets (RFC 9000 §12.2), at most one per packet number space.
type datagram struct {
	pkts [3]pktID
	n    uint8
}

func (st *Stack) sendDatagram(e *Endpoint, dg datagram, size units.Bytes, dataIdx int, syn, fin bool) {
	h := st.dgrams.Put(dg)
	st.net.Emit((*rx)(e.peer), e.out, size, st.cfg.UDPHeader, h, e.conn.ID, dataIdx, syn, fin)
}

func (st *Stack) takeDatagram(h uint32) datagram {
	return st.dgrams.Take(h)
}

// rx is an endpoint as the network's link.Receiver.
type rx Endpoint

func (r *rx) Arrive(p *link.Packet) {
	e := (*Endpoint)(r)
	dg := e.st.takeDatagram(p.Handle)
	e.receiveDatagram(dg, p.Size)
	for i := uint8(0); i < dg.n; i++ {
		e.st.release(dg.pkts[i])
	}
}

func (r *rx) Dropped(p link.Packet, d link.Dir, cause link.DropCause) {
	e := (*Endpoint)(r)
	dg := e.st.takeDatagram(p.Handle)
	for i := uint8(0); i < dg.n; i++ {
		e.st.release(dg.pkts[i])
	}
}
