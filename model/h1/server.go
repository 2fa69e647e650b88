package h1

import (
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/internal/batch"
	"pagesim/model/tcp"
	"pagesim/model/units"
	"pagesim/sim"
)

// responder produces responses for a server-side connection: the origin
// server (think, then the object) or a smart proxy (forward upstream).
type responder interface {
	// serve is called for each request, in order, when it reaches the
	// head of the connection's queue.
	serve(sc *serverConn, pr *pendingResp)
}

// pendingResp is a request a server-side connection has read and must
// answer, in order (pipelined requests are answered in order, RFC 9112
// §9.3.2).
type pendingResp struct {
	sc      *serverConn
	req     *message
	resp    *message    // set when the response header is known
	avail   units.Bytes // response bytes the responder has made available
	written units.Bytes // response bytes written to TCP
	// cut: write only this many bytes of the response, then close (a
	// close_mid_body fault); -1: no cut.
	cut     int64
	started bool
	// What serve prepared, for the think-time event (Handle): no closure
	// per response.
	size  units.Bytes
	fault float64
	hasCL bool
	// last: the response ends the connection (it says close, or its body
	// is close-delimited); nothing queued behind it is answered.
	last bool
	// dropped: the connection will never answer it (it closed, or a
	// response before it ended the connection); a proxy stops relaying.
	dropped bool
}

// serverConn is the server side of one HTTP/1.x connection: it parses
// requests, answers them in order through its responder, applies
// Keep-Alive and closes as the server's configuration says.
type serverConn struct {
	s    *sim.Sim
	cfg  *httpcore.Server
	tls  httpcore.TLSVersion
	cert units.Bytes
	// tlsTime is the server's own time in the handshake before its first
	// flight (Origin.TLSTime).
	tlsTime time.Duration
	ep      *tcp.Endpoint
	wire    *wire
	resp    responder
	// slot is the connection's place under the origin's per-client cap,
	// given back when it closes.
	slot  httpcore.Slot
	queue []*pendingResp
	// served counts responses begun; closing: the server decided to close
	// after the responses already queued, and ignores further requests.
	served    int
	closing   bool
	closed    bool
	idleTimer sim.Timer
	// proxyFront: this is a smart proxy's client-facing side (it
	// understands Proxy-Connection).
	proxyFront bool
	// closeOnAccept: accept, then close at once (server.excess: close).
	closeOnAccept bool
	alloc         *allocs // the browser client's (Client.alloc)
}

// allocs allocates HTTP/1.x messages and pending responses in blocks for
// a whole simulation: they live as long as it does, and one allocator
// for all connections wastes at most a block's tail, where one per
// connection would waste one on each of a serial page's hundred.
type allocs struct {
	msg  batch.Alloc[message]
	resp batch.Alloc[pendingResp]
}

func newServerConn(s *sim.Sim, cfg *httpcore.Server, tls httpcore.TLSVersion, cert units.Bytes, wr *wire, r responder, a *allocs) *serverConn {
	sc := &serverConn{s: s, cfg: cfg, tls: tls, cert: cert, wire: wr, resp: r, alloc: a}
	s.InitTimer(&sc.idleTimer, (*scIdleFire)(sc))
	return sc
}

type scIdleFire serverConn

func (f *scIdleFire) Handle(now time.Duration) { (*serverConn)(f).onIdle(now) }

// Accept is decided by the owner (origin caps); by default, yes.
func (sc *serverConn) Accept(e *tcp.Endpoint) bool {
	sc.ep = e
	return true
}

// Established arms the wait for the first request. The Keep-Alive timeout
// bounds the idle time between requests (Apache's KeepAliveTimeout, nginx's
// keepalive_timeout), not the wait for the first one, which may take TLS
// round trips; servers give that its own, longer timeout. Like the
// Keep-Alive timeout, it is off when server.keepalive.timeout is zero.
func (sc *serverConn) Established(e *tcp.Endpoint) {
	if sc.closeOnAccept {
		sc.close()
		return
	}
	if t := sc.cfg.KeepAliveTimeout; t > 0 {
		sc.idleTimer.ResetAfter(max(t, httpcore.FirstRequestTimeout))
	}
}

// Readable reads every request that arrived (servers read at once).
func (sc *serverConn) Readable(e *tcp.Endpoint) {
	n := e.Read(0)
	for n > 0 {
		ev, used := sc.wire.up.Next(n)
		if used == 0 {
			break
		}
		n -= used
		if !ev.Complete() {
			continue
		}
		switch ev.M.kind {
		case msgRequest:
			if sc.closing || sc.closed {
				continue // after deciding to close, further requests are ignored
			}
			sc.idleTimer.Stop()
			pr := sc.alloc.resp.New()
			*pr = pendingResp{sc: sc, req: ev.M, cut: -1}
			sc.queue = append(sc.queue, pr)
			if len(sc.queue) == 1 {
				sc.startHead()
			}
		default:
			sc.tlsInput(ev.M)
		}
	}
	if e.EOF() {
		// The client closed: so do we (after what is queued, if we
		// still mean to answer — a client that half-closed still reads).
		sc.closing = true
		if len(sc.queue) == 0 {
			sc.close()
		}
	}
}

func (sc *serverConn) startHead() {
	if len(sc.queue) == 0 || sc.queue[0].started {
		return
	}
	pr := sc.queue[0]
	pr.started = true
	sc.resp.serve(sc, pr)
}

// makeAvailable gives the connection n more bytes of pr's response to
// write, and writes what it may.
func (sc *serverConn) makeAvailable(pr *pendingResp, n units.Bytes) {
	pr.avail += n
	sc.pump()
}

// pump writes the head response's available bytes; when it is complete,
// the next one starts.
func (sc *serverConn) pump() {
	for len(sc.queue) > 0 && !sc.closed {
		pr := sc.queue[0]
		if pr.resp == nil {
			return
		}
		if pr.written == 0 && pr.avail > 0 {
			sc.wire.down.Push(pr.resp)
		}
		n := pr.avail - pr.written
		total := pr.resp.Len()
		if pr.cut >= 0 && int64(pr.written+n) >= pr.cut {
			// close_mid_body: the connection ends here.
			n = units.Bytes(pr.cut) - pr.written
			sc.ep.Write(n)
			pr.written += n
			sc.closing = true
			sc.queue = nil
			sc.close()
			return
		}
		if n > 0 {
			sc.ep.Write(n)
			pr.written += n
		}
		if pr.written < total {
			return
		}
		sc.queue = popFront(sc.queue)
		if pr.last {
			// RFC 9112 §9.6: after the response that says close, no
			// further request on the connection is answered; and a
			// close-delimited body (§6.3) ends only with the close.
			// Pipelined requests behind it go unanswered.
			sc.dropQueue()
		}
		if sc.closing && len(sc.queue) == 0 {
			sc.close()
			return
		}
		if len(sc.queue) == 0 {
			sc.armIdle()
			return
		}
		sc.startHead()
	}
}

// dropQueue gives up every queued request: none will be answered.
func (sc *serverConn) dropQueue() {
	for _, q := range sc.queue {
		q.dropped = true
	}
	sc.queue = nil
}

func (sc *serverConn) armIdle() {
	if sc.closed || sc.closing || len(sc.queue) > 0 {
		return
	}
	if t := sc.cfg.KeepAliveTimeout; t > 0 {
		sc.idleTimer.ResetAfter(t)
	}
}

// onIdle: the Keep-Alive timeout. The server may close an idle persistent
// connection at any moment (RFC 9112 §9.5) — even as a request is on its
// way.
func (sc *serverConn) onIdle(now time.Duration) {
	if len(sc.queue) == 0 && !sc.closed {
		sc.closing = true
		sc.close()
	}
}

// close ends the connection as server.close says: half — shut down the
// output side and keep reading (and ignoring) what the client still sends
// until it closes (lingering close); full — close both directions, so
// that anything arriving later draws a RST.
func (sc *serverConn) close() {
	if sc.closed {
		return
	}
	sc.closed = true
	sc.idleTimer.Stop()
	httpcore.CloseServer(sc.ep, sc.cfg.Close)
	sc.slot.Release()
}

// Closed: the TCP connection is gone.
func (sc *serverConn) Closed(e *tcp.Endpoint, err error) {
	sc.closed = true
	sc.idleTimer.Stop()
	sc.slot.Release()
	sc.dropQueue()
}

// originConn is the server side of a connection to an origin: a
// serverConn with the origin's admission control, answering with the
// origin's objects.
type originConn struct {
	*serverConn
	o *httpcore.Origin
}

// acceptOrigin builds the server side of a new connection to o.
func acceptOrigin(s *sim.Sim, o *httpcore.Origin, wr *wire, a *allocs) *originConn {
	oc := &originConn{o: o}
	oc.serverConn = newServerConn(s, &o.Cfg, o.TLS, o.CertSize, wr, oc, a)
	oc.serverConn.tlsTime = o.TLSTime
	return oc
}

// Accept applies the per-client connection cap (server.max_conns_per_client,
// server.excess).
func (oc *originConn) Accept(e *tcp.Endpoint) bool {
	oc.ep = e
	switch oc.slot.Take(oc.o) {
	case httpcore.Refuse:
		return false // RST to the SYN
	case httpcore.AdmitClose:
		oc.closeOnAccept = true // accepted, closed once established
	}
	return true
}

// serve: think, then the object.
func (oc *originConn) serve(sc *serverConn, pr *pendingResp) {
	var think time.Duration
	pr.size, pr.fault, think = oc.o.Response(pr.req.obj)
	pr.hasCL = oc.o.Cfg.ContentLength
	sc.s.After(think, pr)
}

// Handle ends the think time of serve: the response is made available.
func (pr *pendingResp) Handle(time.Duration) {
	sc := pr.sc
	if sc.closed {
		return
	}
	m := sc.respond(pr, pr.size, pr.hasCL)
	if pr.fault >= 0 {
		pr.cut = int64(m.hdr) + int64(float64(pr.size)*pr.fault)
	}
	sc.makeAvailable(pr, m.Len())
}
