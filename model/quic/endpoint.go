package quic

import (
	"errors"
	"time"

	"pagesim/model/internal/cc"
	"pagesim/model/internal/ring"
	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
)

// Errors an App's Closed callback receives.
var (
	// ErrPeerClosed: the peer sent CONNECTION_CLOSE.
	ErrPeerClosed = errors.New("closed by peer")
	// ErrIdleTimeout: no packet arrived for the idle timeout (RFC 9000
	// §10.1); the connection was discarded silently.
	ErrIdleTimeout = errors.New("idle timeout")
	// ErrHandshakeTimeout: the client's handshake did not complete in
	// Config.HandshakeTimeout.
	ErrHandshakeTimeout = errors.New("handshake timeout")
	// ErrRefused: the server refused the connection
	// (CONNECTION_CLOSE with CONNECTION_REFUSED, RFC 9000 §20.1).
	ErrRefused = errors.New("connection refused")
)

// App is the application on one endpoint. Every callback runs inside an
// engine event; it may call the endpoint's and its streams' methods.
type App interface {
	// Accept is called on a server when the client's first Initial
	// arrives; false refuses the connection.
	Accept(e *Endpoint) bool
	// Connected is called on a client when the server's first flight
	// begins to arrive (its ServerHello: handshake keys).
	Connected(e *Endpoint)
	// Ready is called when the endpoint may send application data: on a
	// client when its handshake is complete (at once with 0-RTT), on a
	// server when the client's Finished has arrived.
	Ready(e *Endpoint)
	// StreamOpened is called when the peer's first frame of a new stream
	// arrives.
	StreamOpened(e *Endpoint, s *Stream)
	// Readable is called when s has new in-order bytes, reached its end,
	// or was reset by the peer.
	Readable(s *Stream)
	// StreamsAvailable is called when the peer raised the number of
	// streams this endpoint may open.
	StreamsAvailable(e *Endpoint)
	// Closed is called once when the connection is gone: nil when this
	// side closed it, else ErrPeerClosed, ErrIdleTimeout,
	// ErrHandshakeTimeout or ErrRefused.
	Closed(e *Endpoint, err error)
}

// Endpoint is one side of a QUIC connection: the packet number spaces
// with their loss recovery (recovery.go) and acknowledgements (ack.go),
// the TLS handshake in CRYPTO frames (handshake.go), congestion control
// (cc.go), streams with flow control (stream.go, flowcontrol.go), and the
// assembly of datagrams (send.go).
type Endpoint struct {
	st     *Stack
	cfg    *Config
	conn   *Conn
	peer   *Endpoint
	out    *link.Route
	client bool
	app    App

	snd [numSpaces]sendSpace
	rcv [numSpaces]recvSpace
	// keys[s]: packets of space s can be sent and read. 0-RTT keys are
	// zeroRTT (a client's, for its application data before the
	// handshake completes; a server's, to read them).
	keys      [numSpaces]bool
	zeroRTT   bool
	discarded [numSpaces]bool

	hs handshake

	// Loss recovery and congestion control (recovery.go, cc.go).
	rtt           rttState
	window        window
	cc            congestionControl
	bytesInFlight units.Bytes
	inRecovery    bool
	recoveryStart time.Duration
	ptoCount      int
	probes        [numSpaces]int
	lossTimer     sim.Timer
	ackTimer      sim.Timer
	// hy is HyStart's state (hystart.go), hyLastSent the largest
	// ack-eliciting packet of the application space sent (-1: none).
	hy         cc.HyStart
	hyLastSent int64
	pace       pacer
	paceTimer  sim.Timer
	// flushTimer runs flush at the end of the current event, so that
	// what the application writes in one event shares datagrams.
	flushTimer sim.Timer
	// datagrams carrying ack-eliciting packets sent (link.Packet.DataIdx)
	dataIdx int

	// Streams (stream.go) and flow control (flowcontrol.go).
	streams map[int64]*Stream
	// sendQ are the streams with new data to send, retxQ those with data
	// to send again.
	sendQ  []*Stream
	retxQ  []*Stream
	rrBack []*Stream // scratch for the round-robin rotation
	// ctrlQ are streams with a MAX_STREAM_DATA or RESET_STREAM to send.
	ctrlQ []*Stream
	// opened[uni]: streams this endpoint opened; peerMax[uni]: how many
	// the peer allows (MAX_STREAMS).
	opened, peerMax [2]int64
	// Streams the peer opened: how many (peerOpened), how many are done
	// (peerDone), the limit last advertised (advMax) and whether a new
	// one must be sent.
	peerOpened, peerDone, advMax [2]int64
	maxStreamsPending            [2]bool
	fc                           connFlow

	// Idle timeout (idle.go).
	idleTimer          sim.Timer
	hsTimer            sim.Timer
	elicitingSinceRecv bool

	closed     bool
	closeQueue bool  // a CONNECTION_CLOSE is to be sent, then the endpoint closes
	closeErr   error // what the application hears once it is sent
	refusing   bool  // the CONNECTION_CLOSE says CONNECTION_REFUSED

	// undecryptable are packets that arrived before their keys, kept
	// (with a reference) to be read when the keys come (newKeys).
	undecryptable []pktID
	newKeys       bool

	// frames is scratch space for the frames of the packet being built.
	frames []frame
}

// sendSpace is the send side of one packet number space.
type sendSpace struct {
	next int64 // the next packet number (never reused, RFC 9000 §12.3)
	// sent holds every packet sent and not yet forgotten, by number:
	// sent.At(i) is packet base+i.
	sent         ring.Ring[pktID]
	base         int64
	largestAcked int64 // -1: none
	// lossTime is when the earliest packet not yet lost by the time
	// threshold will be (RFC 9002 §6.1.2); 0: none.
	lossTime time.Duration
	// lastEliciting is when the last ack-eliciting packet was sent, and
	// eliciting how many are in flight.
	lastEliciting time.Duration
	eliciting     int
	crypto        sendBuf
}

// recvSpace is the receive side of one packet number space.
type recvSpace struct {
	got rangeSet // packet numbers received, at or above floor
	// floor: packets below it are no longer acknowledged (RFC 9000
	// §13.2.4) and count as duplicates if they come again.
	floor     int64
	largest   int64 // -1: none
	largestAt time.Duration
	// pending: packets received since the last ACK frame sent (an ACK
	// may ride on the next packet); eliciting: how many were
	// ack-eliciting; now: an ACK must be sent at once.
	pending   bool
	eliciting int
	now       bool
	crypto    recvBuf
}

// ackFire, lossFire, idleFire, hsFire and paceFire (pacing and the
// end-of-event flush) are the endpoint's timer handlers (typed, so that arming a timer allocates nothing).
type (
	ackFire  Endpoint
	lossFire Endpoint
	idleFire Endpoint
	hsFire   Endpoint
	paceFire Endpoint
)

func (f *ackFire) Handle(now time.Duration)  { (*Endpoint)(f).onAckTimer(now) }
func (f *lossFire) Handle(now time.Duration) { (*Endpoint)(f).onLossTimer(now) }
func (f *idleFire) Handle(now time.Duration) { (*Endpoint)(f).onIdle(now) }
func (f *hsFire) Handle(now time.Duration)   { (*Endpoint)(f).onHandshakeTimeout(now) }
func (f *paceFire) Handle(now time.Duration) { (*Endpoint)(f).flush() }

func newEndpoint(st *Stack, c *Conn, client bool, app App) *Endpoint {
	e := &Endpoint{st: st, cfg: &st.cfg, conn: c, client: client, app: app, streams: map[int64]*Stream{}}
	for s := range e.snd {
		e.snd[s].largestAcked = -1
		e.rcv[s].largest = -1
	}
	e.keys[initialSpace] = true
	e.rtt = newRTT()
	e.window = window{cwnd: units.Bytes(st.cfg.InitCwnd) * st.cfg.MaxDatagram, ssthresh: 1 << 62, mds: st.cfg.MaxDatagram}
	e.cc = newCC(st.cfg.CC)
	e.initHyStart()
	e.pace.init(e)
	for k := range e.peerMax {
		e.peerMax[k] = int64(st.cfg.MaxStreams)
		e.advMax[k] = int64(st.cfg.MaxStreams)
	}
	e.fc.init(st.cfg)
	s := st.S
	s.InitTimer(&e.ackTimer, (*ackFire)(e))
	s.InitTimer(&e.lossTimer, (*lossFire)(e))
	s.InitTimer(&e.idleTimer, (*idleFire)(e))
	s.InitTimer(&e.hsTimer, (*hsFire)(e))
	s.InitTimer(&e.paceTimer, (*paceFire)(e))
	s.InitTimer(&e.flushTimer, (*paceFire)(e))
	return e
}

// Conn is the connection this endpoint belongs to.
func (e *Endpoint) Conn() *Conn { return e.conn }

// Peer is the other endpoint.
func (e *Endpoint) Peer() *Endpoint { return e.peer }

// IsClient reports whether this is the client.
func (e *Endpoint) IsClient() bool { return e.client }

// Cwnd and Ssthresh are the sender's current windows.
func (e *Endpoint) Cwnd() units.Bytes     { return e.window.cwnd }
func (e *Endpoint) Ssthresh() units.Bytes { return e.window.ssthresh }

// BytesInFlight is what the congestion controller counts as in flight.
func (e *Endpoint) BytesInFlight() units.Bytes { return e.bytesInFlight }

// SRTT is the smoothed RTT (RFC 9002 §5.3; 333 ms before a sample).
func (e *Endpoint) SRTT() time.Duration { return e.rtt.smoothed }

// Closed reports whether the connection is gone at this endpoint.
func (e *Endpoint) Closed() bool { return e.closed }

// HandshakeComplete reports whether the TLS handshake is complete here
// (RFC 9001 §4.1.1).
func (e *Endpoint) HandshakeComplete() bool { return e.hs.complete }

// Close closes the connection: a CONNECTION_CLOSE goes to the peer (not
// retransmitted; RFC 9000 §10.2) and the endpoint is gone.
func (e *Endpoint) Close() {
	if e.closed || e.closeQueue {
		return
	}
	e.closeQueue = true
	e.flush()
	if !e.closed {
		e.terminate(nil)
	}
}

// terminate ends the connection here: timers stop, packets in flight are
// forgotten, and the application hears err.
func (e *Endpoint) terminate(err error) {
	if e.closed {
		return
	}
	e.closed = true
	e.ackTimer.Stop()
	e.lossTimer.Stop()
	e.idleTimer.Stop()
	e.hsTimer.Stop()
	e.paceTimer.Stop()
	e.flushTimer.Stop()
	for s := range e.snd {
		e.forgetSpace(space(s))
	}
	for _, id := range e.undecryptable {
		e.st.release(id)
	}
	e.undecryptable = e.undecryptable[:0]
	e.app.Closed(e, err)
}

// notifyCwnd tells the stack's hook of a cwnd change.
func (e *Endpoint) notifyCwnd() {
	if h := e.st.cwndHook; h != nil && e.conn.crossesLink {
		h(e)
	}
}
