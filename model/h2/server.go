package h2

import (
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/tcp"
	"pagesim/model/units"
	"pagesim/sim"
)

// serverConn is the server side of one HTTP/2 connection: it reads the
// client's frames, answers each stream after its origin's think time,
// chooses frames through its scheduler, honours the client's flow-control
// windows, bounds what it commits to TCP ahead of the wire, and closes
// with GOAWAY when idle or when it has served its max_requests.
type serverConn struct {
	s   *sim.Sim
	cfg *httpcore.Server
	h2  *httpcore.H2Server
	// origin is the dialled host's server (admission, TLS); origins serve
	// the hosts coalesced onto the connection.
	origin  *httpcore.Origin
	origins map[string]*httpcore.Origin
	ep      *tcp.Endpoint
	wire    *wire
	out     output
	slot    httpcore.Slot // under the origin's per-client cap

	enc   *encoder // response headers; the client's table size
	sched scheduler
	// streams are the open streams by index (id-1)/2 (client streams are
	// odd, RFC 9113 §5.1.1); nil once closed.
	streams []*sstream
	open    int
	ready   int    // open streams whose response is ready (the scheduler's candidates)
	served  int    // streams accepted
	lastID  uint32 // the highest stream processed (GOAWAY's last-stream-id)
	// conn is the connection's send window; streamWindow the client's
	// SETTINGS_INITIAL_WINDOW_SIZE.
	conn         sendWindow
	streamWindow units.Bytes
	responses    int // responses written, for the fields unique to each

	prefaced      bool // the server's SETTINGS went
	goAway        bool // GOAWAY went: no stream above lastID is processed
	draining      bool // close once the open streams are done
	closed        bool
	closeOnAccept bool
	idleTimer     sim.Timer
}

// sstream is a stream as the server serves it.
type sstream struct {
	sc   *serverConn
	id   uint32
	req  *httpcore.Request
	prio priority
	// ready: the response is available (think time over); hdrSent: its
	// HEADERS frame is written.
	ready, hdrSent bool
	body, sent     units.Bytes // the body, and how much of it is written
	// cut: close the connection after this many body bytes (a
	// close_mid_body fault); -1: none.
	cut    int64
	window sendWindow
	node   *treeNode // the tree scheduler's
}

// canSend: the stream has a frame the windows allow: its HEADERS, or DATA
// while its window and the connection's are open.
func (st *sstream) canSend() bool {
	if !st.ready {
		return false
	}
	if !st.hdrSent {
		return true
	}
	return st.sent < st.body && st.window.credit > 0 && st.sc.conn.credit > 0
}

type scIdleFire serverConn

func (f *scIdleFire) Handle(now time.Duration) { (*serverConn)(f).onIdle() }

// acceptOrigin builds the server side of a new connection to o; origins
// serve the requests of hosts coalesced onto it.
func acceptOrigin(s *sim.Sim, cfg *httpcore.Server, o *httpcore.Origin, origins map[string]*httpcore.Origin, wr *wire) *serverConn {
	sc := &serverConn{s: s, cfg: cfg, h2: &cfg.H2, origin: o, origins: origins, wire: wr,
		enc: newEncoder(httpcore.H2DefaultHeaderTable), conn: sendWindow{httpcore.H2DefaultWindow},
		streamWindow: httpcore.H2DefaultWindow}
	sc.sched = newScheduler(cfg.H2.Scheduler, closedRetained)
	s.InitTimer(&sc.idleTimer, (*scIdleFire)(sc))
	sc.out.init(s, &wr.down)
	sc.out.written = sc.pump
	return sc
}

// Accept applies the per-client connection cap (server.max_conns_per_client,
// server.excess).
func (sc *serverConn) Accept(e *tcp.Endpoint) bool {
	sc.ep = e
	sc.out.ep = e
	switch sc.slot.Take(sc.origin) {
	case httpcore.Refuse:
		return false
	case httpcore.AdmitClose:
		sc.closeOnAccept = true
	}
	return true
}

// Established waits for the first request (httpcore.FirstRequestTimeout)
// and, without TLS (h2c with prior knowledge), sends the server's preface.
func (sc *serverConn) Established(e *tcp.Endpoint) {
	if sc.closeOnAccept {
		sc.close()
		return
	}
	if t := sc.cfg.KeepAliveTimeout; t > 0 {
		sc.idleTimer.ResetAfter(max(t, httpcore.FirstRequestTimeout))
	}
	if !sc.origin.TLS.Handshakes() {
		sc.preface()
	}
}

// preface sends the server's connection preface, its SETTINGS (RFC 9113
// §3.4): MAX_CONCURRENT_STREAMS (when limited), INITIAL_WINDOW_SIZE and
// MAX_FRAME_SIZE as nginx sends them, and HEADER_TABLE_SIZE when not the
// default.
func (sc *serverConn) preface() {
	if sc.prefaced {
		return
	}
	sc.prefaced = true
	set := settings{maxStreams: sc.h2.MaxStreams, headerTable: sc.h2.HeaderTable, count: 2}
	if set.maxStreams > 0 {
		set.count++
	}
	if sc.h2.HeaderTable != httpcore.H2DefaultHeaderTable {
		set.count++
		set.sentNoTable = sc.h2.HeaderTable == 0
	}
	sc.write(settingsFrame(set))
}

func (sc *serverConn) write(u unit) { sc.out.write(u) }

// Readable reads every frame that arrived (servers read at once).
func (sc *serverConn) Readable(e *tcp.Endpoint) {
	n := e.Read(0)
	for n > 0 {
		ev, used := sc.wire.up.Next(n)
		if used == 0 {
			break
		}
		n -= used
		if !ev.Complete() || sc.closed {
			continue // after closing, what the client still sends is read and ignored
		}
		u := ev.M
		switch {
		case u.kind == unitTLS:
			sc.tlsInput(u)
		case u.kind == unitPreface:
		case u.typ == frameSettings && !u.has(flagAck):
			sc.settingsInput(u.set)
		case u.typ == frameWindowUpdate:
			sc.windowUpdate(u)
		case u.typ == frameHeaders:
			sc.request(u)
		}
	}
	sc.wire.up.Compact()
	if e.EOF() && !sc.closed {
		// The client closed: so do we.
		sc.close()
		return
	}
	sc.pump()
}

// tlsInput answers a client flight; the handshake is done on this side
// when the client's Finished arrives, and the preface follows.
func (sc *serverConn) tlsInput(u unit) {
	if send, n := sc.origin.TLS.ServerAfter(u.flight, sc.origin.CertSize); send != httpcore.NoFlight {
		sc.write(unit{kind: unitTLS, flight: send, length: n})
	}
	if u.flight == httpcore.ClientFinished {
		sc.preface()
	}
}

// settingsInput applies the client's SETTINGS and acknowledges them (RFC
// 9113 §6.5.3). A new INITIAL_WINDOW_SIZE changes every open stream's
// window by the difference (§6.9.2).
func (sc *serverConn) settingsInput(set settings) {
	if set.window > 0 {
		d := set.window - sc.streamWindow
		sc.streamWindow = set.window
		for _, st := range sc.streams {
			if st != nil {
				st.window.give(d)
			}
		}
	}
	if set.headerTable > 0 {
		sc.enc.setCapacity(set.headerTable)
	}
	sc.write(settingsAck())
}

func (sc *serverConn) windowUpdate(u unit) {
	if u.stream == 0 {
		sc.conn.give(u.inc)
		return
	}
	if st := sc.stream(u.stream); st != nil {
		st.window.give(u.inc)
	}
}

func (sc *serverConn) stream(id uint32) *sstream {
	if i := int(id-1) / 2; i < len(sc.streams) {
		return sc.streams[i]
	}
	return nil
}

// request opens the stream of a request's HEADERS frame: refused beyond
// SETTINGS_MAX_CONCURRENT_STREAMS (RFC 9113 §5.1.2, §8.7), ignored above
// the last stream of a GOAWAY already sent (§6.8); otherwise answered
// after the origin's think time.
func (sc *serverConn) request(u unit) {
	if sc.goAway && u.stream > sc.lastID {
		return
	}
	if m := sc.h2.MaxStreams; m > 0 && sc.open >= m {
		sc.write(rstStream(u.stream, codeRefusedStream))
		return
	}
	sc.idleTimer.Stop()
	st := &sstream{sc: sc, id: u.stream, req: u.req, prio: u.prio, cut: -1,
		window: sendWindow{sc.streamWindow}}
	i := int(u.stream-1) / 2
	for len(sc.streams) <= i {
		sc.streams = append(sc.streams, nil)
	}
	sc.streams[i] = st
	sc.open++
	sc.served++
	sc.lastID = max(sc.lastID, u.stream)
	sc.sched.opened(st)
	o := sc.origins[u.req.Host]
	if o == nil {
		o = sc.origin
	}
	size, fault, think := o.Response(u.req.Obj)
	st.body = size
	if fault >= 0 {
		st.cut = int64(float64(size) * fault)
	}
	if m := sc.h2.MaxRequests; m > 0 && sc.served >= m {
		sc.sendGoAway() // nginx's keepalive_requests: the last one is served, then the connection closes
		sc.draining = true
	}
	sc.s.After(think, sim.Func(func(time.Duration) {
		if sc.closed || sc.stream(st.id) != st {
			return
		}
		st.ready = true
		sc.ready++
		sc.sched.ready(st)
		sc.pump()
	}))
}

// sendGoAway tells the client no stream above lastID will be processed
// (RFC 9113 §6.8).
func (sc *serverConn) sendGoAway() {
	if sc.goAway {
		return
	}
	sc.goAway = true
	sc.write(goAway(sc.lastID, codeNoError))
}

// pump writes frames while the scheduler has one and the send buffer
// holds less than server.h2.send_buffer not yet sent.
func (sc *serverConn) pump() {
	for !sc.closed && sc.prefaced && sc.ready > 0 {
		if b := sc.h2.SendBuffer; b > 0 && sc.out.unsent() >= b {
			return // Drained calls again when the wire has taken some
		}
		st := sc.sched.next()
		if st == nil {
			return
		}
		if !st.hdrSent {
			st.hdrSent = true
			sc.responses++
			u := unit{typ: frameHeaders, stream: st.id, body: st.body,
				length: responseBlock(sc.enc, sc.cfg.HeaderSize, sc.responses)}
			if st.body == 0 {
				u.flags |= flagEndStream
			}
			sc.write(u)
			sc.sched.wrote(st, 0)
		} else {
			n := min(st.body-st.sent, sc.h2.FrameSizeOrDefault(), st.window.credit, sc.conn.credit)
			if st.cut >= 0 {
				n = min(n, units.Bytes(st.cut)-st.sent)
			}
			u := unit{typ: frameData, stream: st.id, length: n}
			if st.sent+n == st.body {
				u.flags |= flagEndStream
			}
			st.window.take(n)
			sc.conn.take(n)
			st.sent += n
			sc.write(u)
			sc.sched.wrote(st, n)
		}
		if st.cut >= 0 && int64(st.sent) >= st.cut {
			sc.close() // close_mid_body: the connection ends here, without GOAWAY
			return
		}
		if st.sent == st.body {
			sc.endStream(st)
		}
	}
}

// endStream: the stream's last frame is written.
func (sc *serverConn) endStream(st *sstream) {
	sc.sched.closed(st)
	sc.streams[int(st.id-1)/2] = nil
	sc.open--
	sc.ready--
	if sc.open > 0 {
		return
	}
	if sc.draining {
		sc.close()
		return
	}
	if t := sc.cfg.KeepAliveTimeout; t > 0 {
		sc.idleTimer.ResetAfter(t)
	}
}

// Drained: the wire took some of the send buffer; more frames may go.
func (sc *serverConn) Drained(e *tcp.Endpoint) { sc.pump() }

// onIdle: the connection had no stream for the keep-alive timeout. The
// server sends GOAWAY naming the last stream it processed and closes (as
// nginx does at keepalive_timeout) — a request the client sends meanwhile
// crosses the GOAWAY and is not processed: the HTTP/2 form of the
// chapter's idle-close race.
func (sc *serverConn) onIdle() {
	if sc.open == 0 && !sc.closed {
		sc.sendGoAway()
		sc.close()
	}
}

// close ends the connection as server.close says (half: shut down the
// output side and read what still comes; full: close, so that late data
// draws a RST).
func (sc *serverConn) close() {
	if sc.closed {
		return
	}
	sc.closed = true
	sc.idleTimer.Stop()
	sc.out.flush() // what was written goes before the close
	httpcore.CloseServer(sc.ep, sc.cfg.Close)
	sc.slot.Release()
}

// Closed: the TCP connection is gone.
func (sc *serverConn) Closed(e *tcp.Endpoint, err error) {
	sc.closed = true
	sc.idleTimer.Stop()
	sc.slot.Release()
}
