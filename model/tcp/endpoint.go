package tcp

import (
	"errors"
	"time"

	"pagesim/model/internal/cc"
	"pagesim/model/internal/ring"
	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
)

// TCP states (RFC 9293 §3.3.2). LISTEN is implicit: a passive endpoint
// waits in stateListen until its SYN arrives. TIME-WAIT is entered but not
// timed: nothing in a page load reuses the 4-tuple, so it ends at once.
type tcpState uint8

const (
	stateClosed tcpState = iota
	stateListen
	stateSynSent
	stateSynRcvd
	stateEstablished
	stateFinWait1
	stateFinWait2
	stateCloseWait
	stateClosing
	stateLastAck
	stateTimeWait
)

var stateNames = [...]string{"CLOSED", "LISTEN", "SYN-SENT", "SYN-RECEIVED", "ESTABLISHED", "FIN-WAIT-1",
	"FIN-WAIT-2", "CLOSE-WAIT", "CLOSING", "LAST-ACK", "TIME-WAIT"}

func (s tcpState) String() string { return stateNames[s] }

// Errors an App's Closed callback receives.
var (
	// ErrReset: the peer reset the connection (RST).
	ErrReset = errors.New("connection reset by peer")
	// ErrRefused: the SYN was answered with a RST.
	ErrRefused = errors.New("connection refused")
	// ErrTimeout: too many retransmissions without an answer.
	ErrTimeout = errors.New("connection timed out")
	// ErrAborted: this side aborted (sent a RST).
	ErrAborted = errors.New("connection aborted")
)

// Retry limits, as Linux's defaults: net.ipv4.tcp_syn_retries = 6,
// tcp_synack_retries = 5, tcp_retries2 = 15.
const (
	synRetries    = 6
	synackRetries = 5
	dataRetries   = 15
)

// App is the application on one endpoint. Every callback runs inside an
// engine event; it may call the endpoint's methods (Write, Read, Close…).
type App interface {
	// Accept is called on a passive endpoint when the SYN arrives; false
	// refuses the connection with a RST.
	Accept(e *Endpoint) bool
	// Established is called when the three-way handshake completes.
	Established(e *Endpoint)
	// Readable is called when in-order data arrives or the peer's FIN is
	// reached (then EOF reports true).
	Readable(e *Endpoint)
	// Closed is called once when the endpoint is gone: nil after an
	// orderly close, or ErrReset, ErrRefused, ErrTimeout, ErrAborted.
	Closed(e *Endpoint, err error)
}

// Drainer is an App that wants to hear when the bytes it wrote leave its
// send buffer for the wire, so that it can commit more only as the wire
// takes them (an HTTP/2 server's scheduler bounds what it has written but
// not yet sent, as TCP_NOTSENT_LOWAT lets a Linux server do). The stack
// looks for it once, when the endpoint is made.
type Drainer interface {
	// Drained is called when bytes that waited in the send buffer went on
	// the wire (Unsent fell): after an arriving segment, a push of corked
	// writes, or a timer (RTO, RACK, the tail loss probe).
	Drained(e *Endpoint)
}

// Endpoint is one side of a TCP connection: a sender (snd.go: windows,
// congestion control, retransmission, loss recovery) and a receiver
// (rcv.go: reassembly, ACK policy, receive buffer) of RFC 9293. Data is
// counted, not carried: an application writes n bytes and the peer's
// application reads them back as counts; HTTP keeps track of which bytes
// are which message.
type Endpoint struct {
	st     *Stack
	conn   *Conn
	peer   *Endpoint
	out    *link.Route
	client bool
	app    App
	state  tcpState
	// drainer is app when it is a Drainer (nil otherwise); seenUnsent is
	// Unsent as the application last saw it (after its last Write or
	// Drained), so that Drained says when the wire has taken some since.
	drainer    Drainer
	seenUnsent units.Bytes

	sender
	receiver

	// --- RTT and RTO (rto.go) ---
	srtt, rttvar time.Duration
	rto          time.Duration
	hasRTT       bool
	backoff      int
	retries      int
	rtoTimer     sim.Timer
	// pushTimer hands written data to the sender later (Config.Push).
	pushTimer sim.Timer
	// Tail Loss Probe (tlp.go): the probe timer, the sequence number sent
	// last when the probe went (TLP.end_seq; 0: no probe outstanding),
	// whether it was a retransmission, and where it began.
	tlpTimer   sim.Timer
	tlpEnd     Seq
	tlpRetrans bool
	tlpFrom    Seq

	done     bool // Closed has been delivered
	timeWait bool // ended through TIME-WAIT
	// destroyedBytes is what a RST destroyed in this receiver's buffer.
	destroyedBytes units.Bytes
}

// sender is the send side of an endpoint (snd.go).
type sender struct {
	sndUna    Seq  // oldest unacknowledged sequence number
	sndNxt    Seq  // next sequence number to send
	sndMax    Seq  // highest sequence number sent + 1
	sndEnd    Seq  // sequence number of the last byte the app wrote (data occupies [1, sndEnd])
	finQueued bool // the app asked to close the sending side
	finSent   bool
	finAcked  bool
	peerWnd   units.Bytes // the peer's advertised receive window
	window                // cwnd, ssthresh (cc.go)
	dupAcks   int
	ackBank   units.Bytes // acknowledged bytes not yet counted (Config.AckCounting segments)
	inRecov   bool
	rescueRxt Seq  // RFC 6675 RescueRxt: the recovery point of the last rescue retransmission
	inLoss    bool // recovering from a timeout until sndUna reaches recover
	recover   Seq  // RFC 6582 "recover": sndMax when recovery began
	lastSend  time.Duration
	sentData  bool // any data segment sent yet (for the idle restart)
	dataIdx   int  // data segments transmitted so far
	segs      ring.Ring[sentSeg]
	cc        congestionControl
	ccState   struct { // what cc points to (newCC)
		cubic cubic
		reno  reno
	}
	rec recovery
	// Window validation (snd.go isCwndLimited): the largest flight in the
	// current round trip, the sequence number that ends the round, and
	// whether the sender ran out of window.
	maxFlight    units.Bytes
	maxFlightSeq Seq
	cwndLimited  bool
	// sb is the SACK scoreboard (sack.go).
	sb scoreboard
	// hy is HyStart's state (hystart.go).
	hy cc.HyStart
	// rack is RACK's state (rack.go).
	rack rackState
	// PRR (prr.go) and what the ACK being processed reports: snd.una and
	// the SACKed bytes before it, what it delivered, whether it marked new
	// losses and whether it acknowledged retransmitted data.
	prr                       prrState
	ackUna0                   Seq
	ackSacked0, ackDelivered  units.Bytes
	ackNewlyLost, ackRtxAcked bool
	// F-RTO (frto.go): the state, recover point, end of the segment resent
	// on the timeout, and the window to restore if the timeout was spurious.
	frto                           frtoState
	frtoRecover, frtoRtxEnd        Seq
	frtoUndoCwnd, frtoUndoSsthresh units.Bytes
}

// receiver is the receive side of an endpoint (rcv.go).
type receiver struct {
	rcvNxt     Seq
	readPos    Seq // sequence number after the last byte the app read
	rcvBuf     units.Bytes
	ooo        []span // out-of-order data, sorted, disjoint
	lastOOO    Seq    // start of the most recent out-of-order segment (first SACK block)
	finRcvd    bool
	peerFinSeq Seq
	oooFin     Seq // sequence number of a FIN that arrived out of order; 0: none
	delack     sim.Timer
	unacked    int // full-sized segments received since the last ACK
	ackedTo    Seq // rcvNxt carried by the last segment sent
	quick      int // quick ACKs left (Linux quick-ACK mode)
	readClosed bool
	lastWnd    units.Bytes // window last advertised
	dsackPend  span        // a duplicate segment to report in the next ACK (D-SACK, RFC 2883)
}

// Destroyed is the number of unread bytes a RST destroyed here.
func (e *Endpoint) Destroyed() units.Bytes { return e.destroyedBytes }

// rtoFire and delackFire are the endpoint's timer handlers (typed, so
// that arming a timer allocates nothing).
type (
	rtoFire    Endpoint
	delackFire Endpoint
	pushFire   Endpoint
)

func (f *rtoFire) Handle(now time.Duration) {
	e := (*Endpoint)(f)
	defer e.drained() // go-back-N may reach new data
	e.onRTO(now)
}

func (f *delackFire) Handle(now time.Duration) { (*Endpoint)(f).onDelayedAck(now) }

func (f *pushFire) Handle(now time.Duration) {
	e := (*Endpoint)(f)
	defer e.drained()
	e.output()
}

// drained tells a Drainer application that bytes waiting in the send
// buffer went on the wire since it last looked: after an arriving segment,
// a push of corked writes, or a timer — whatever let them go, including
// bytes written and sent within that same event.
func (e *Endpoint) drained() {
	if e.drainer != nil && !e.done && e.Unsent() < e.seenUnsent {
		e.seenUnsent = e.Unsent()
		e.drainer.Drained(e)
	}
}

// sentSeg records a segment in flight, for RTT samples and RACK.
type sentSeg struct {
	seq     Seq
	len     units.Bytes
	sentAt  time.Duration
	retrans bool
	rtxAt   time.Duration // when it was last retransmitted (retrans)
	sacked  bool          // the peer has SACKed it (RACK's delivered set)
}

func newEndpoint(st *Stack, c *Conn, client bool, app App) *Endpoint {
	e := st.allocEndpoint()
	e.st, e.conn, e.client, e.app = st, c, client, app
	e.drainer, _ = app.(Drainer)
	e.mss = st.mss
	e.rcvBuf = st.cfg.RWnd
	e.rto = st.cfg.InitialRTO // RFC 6298 §2.1: 1 second; ns-3 3 s
	e.cwnd = units.Bytes(st.cfg.InitCwnd) * e.mss
	e.ssthresh = 1 << 62 // RFC 5681 §3.1: initial ssthresh arbitrarily high
	e.peerWnd = e.mss    // until the peer advertises, assume one segment
	e.cc = e.newCC(st.cfg)
	e.rec = newRecovery(st.cfg.recoveryAlgorithm())
	st.S.InitTimer(&e.rtoTimer, (*rtoFire)(e))
	st.S.InitTimer(&e.delack, (*delackFire)(e))
	st.S.InitTimer(&e.pushTimer, (*pushFire)(e))
	st.S.InitTimer(&e.tlpTimer, (*tlpFire)(e))
	st.S.InitTimer(&e.rack.timer, (*rackFire)(e))
	e.rack.xmitTS = -1
	e.sb.useRACK = st.cfg.RACK && st.cfg.SACK
	if st.cfg.QuickAck {
		// Linux starts every connection in quick-ACK mode:
		// tcp_incr_quickack allows rcv_wnd / (2·rcv_mss) quick ACKs,
		// at most TCP_MAX_QUICKACKS = 16.
		e.quick = min(16, int(e.rcvBuf/(2*e.mss)))
	}
	if client {
		e.state = stateClosed
	} else {
		e.state = stateListen
	}
	return e
}

// Conn is the connection this endpoint belongs to.
func (e *Endpoint) Conn() *Conn { return e.conn }

// Peer is the other endpoint.
func (e *Endpoint) Peer() *Endpoint { return e.peer }

// IsClient reports whether this is the active (connecting) side.
func (e *Endpoint) IsClient() bool { return e.client }

// State is the RFC 9293 state name.
func (e *Endpoint) State() string { return e.state.String() }

// Cwnd and Ssthresh are the sender's current windows.
func (e *Endpoint) Cwnd() units.Bytes     { return e.cwnd }
func (e *Endpoint) Ssthresh() units.Bytes { return e.ssthresh }

// SRTT is the smoothed round-trip time (0 before the first sample) and RTO
// the current retransmission timeout.
func (e *Endpoint) SRTT() time.Duration { return e.srtt }
func (e *Endpoint) RTO() time.Duration  { return e.rto }

// Connect sends the SYN (active open).
func (e *Endpoint) Connect() {
	if e.state != stateClosed {
		panic("tcp: invariant violated: Connect on an endpoint that is not CLOSED")
	}
	e.setState(stateSynSent)
	e.sendSyn()
}

// Write queues n bytes for sending.
func (e *Endpoint) Write(n units.Bytes) {
	if n <= 0 || e.finQueued || !e.open() {
		return
	}
	e.sndEnd = e.sndEnd.Add(n)
	e.push()
	e.seenUnsent = e.Unsent()
}

// push hands written data to the sender as Config.Push says: at once,
// corked until the end of the instant while data is in flight (Linux
// autocorking), or one time step later (ns-3).
func (e *Endpoint) push() {
	if e.pushTimer.Armed() {
		return // a push is pending: it will take these bytes too
	}
	switch e.st.cfg.Push {
	case PushAutocork:
		if e.sndUna != e.sndNxt {
			e.pushTimer.ResetAfter(0)
			return
		}
	case PushTimestep:
		e.pushTimer.ResetAfter(time.Nanosecond)
		return
	}
	e.output()
}

// Unsent is the number of bytes the application has written that were
// never transmitted: the part of the send buffer still ahead of the wire
// (Linux's "notsent" bytes, which TCP_NOTSENT_LOWAT bounds). Bytes sent
// and awaiting their ACK, or being retransmitted, are not counted.
func (e *Endpoint) Unsent() units.Bytes {
	return max(0, max(e.sndMax, 1).To(e.sndEnd+1)) // data occupies [1, sndEnd]; seq 0 is the SYN
}

// Readable is the number of in-order bytes waiting in the receive buffer.
func (e *Endpoint) Readable() units.Bytes { return e.readPos.To(e.dataEnd()) }

// Read consumes up to max bytes from the receive buffer and returns how
// many it took (max ≤ 0: everything).
func (e *Endpoint) Read(maxBytes units.Bytes) units.Bytes {
	avail := e.Readable()
	if maxBytes <= 0 || maxBytes > avail {
		maxBytes = avail
	}
	if maxBytes == 0 {
		return 0
	}
	e.readPos = e.readPos.Add(maxBytes)
	e.windowUpdate()
	return maxBytes
}

// EOF reports whether the peer has closed its side and every byte before
// its FIN has been read.
func (e *Endpoint) EOF() bool { return e.finRcvd && e.readPos == e.peerFinSeq }

// Open reports whether the endpoint is in a state where it can still send
// or receive.
func (e *Endpoint) Open() bool { return e.open() }

func (e *Endpoint) open() bool {
	switch e.state {
	case stateClosed, stateListen, stateTimeWait:
		return false
	}
	return true
}

// dataEnd is the sequence number after the last in-order data byte
// received (excluding the FIN).
func (e *Endpoint) dataEnd() Seq {
	if e.finRcvd {
		return e.peerFinSeq
	}
	return e.rcvNxt
}

func (e *Endpoint) setState(s tcpState) {
	e.state = s
	if t := e.st.trace; t != nil {
		t.add(Record{At: e.st.S.Now(), Kind: RecState, Conn: e.conn.ID, Client: e.client, Note: s.String()})
	}
}
