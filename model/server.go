package model

import (
	"math"
	"math/rand/v2"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"pagesim/model/tcp"
	"pagesim/sim"
)

// wire holds what the two directions of one connection carry, as the
// applications at each end parse it.
type wire struct {
	up   stream // client → server: requests (and client TLS flights)
	down stream // server → client: responses (and server TLS flights)
}

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
	resp    *message // set when the response header is known
	avail   Bytes    // response bytes the responder has made available
	written Bytes    // response bytes written to TCP
	// cut: write only this many bytes of the response, then close (a
	// close_mid_body fault); -1: no cut.
	cut     int64
	started bool
	// last: the response ends the connection (it says close, or its body
	// is close-delimited); nothing queued behind it is answered.
	last bool
	// forwarded request (smart proxy)
	up *request
}

// serverConn is the server side of one HTTP connection: it parses
// requests, answers them in order through its responder, applies
// Keep-Alive and closes as the server's configuration says.
type serverConn struct {
	w     *world
	cfg   *Server
	host  string
	tls   TLSVersion
	ep    *tcp.Endpoint
	wire  *wire
	resp  responder
	limit *int // connection count to release on close (per-client cap); nil: none
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
	// refuse: accept, then close at once (server.excess: close).
	closeOnAccept bool
}

func newServerConn(w *world, host string, cfg *Server, tls TLSVersion, r responder) *serverConn {
	sc := &serverConn{w: w, cfg: cfg, host: host, tls: tls, resp: r}
	w.s.InitTimer(&sc.idleTimer, (*scIdleFire)(sc))
	return sc
}

type scIdleFire serverConn

func (f *scIdleFire) Handle(now time.Duration) { (*serverConn)(f).onIdle(now) }

// Accept is decided by the owner (origin caps); by default, yes.
func (sc *serverConn) Accept(e *tcp.Endpoint) bool {
	sc.ep = e
	return true
}

// firstRequestTimeout is how long a server waits for the first request on
// a new connection: Apache's Timeout and nginx's client_header_timeout,
// both 60 s by default; a model assumption.
const firstRequestTimeout = 60 * time.Second

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
		sc.idleTimer.ResetAfter(max(t, firstRequestTimeout))
	}
}

// Readable reads every request that arrived (servers read at once).
func (sc *serverConn) Readable(e *tcp.Endpoint) {
	n := e.Read(0)
	for n > 0 {
		ev, used := sc.wire.up.next(n)
		if used == 0 {
			break
		}
		n -= used
		if !ev.complete {
			continue
		}
		switch ev.m.kind {
		case msgRequest:
			if sc.closing || sc.closed {
				continue // after deciding to close, further requests are ignored
			}
			sc.idleTimer.Stop()
			pr := &pendingResp{sc: sc, req: ev.m, cut: -1}
			sc.queue = append(sc.queue, pr)
			if len(sc.queue) == 1 {
				sc.startHead()
			}
		default:
			sc.tlsInput(ev.m)
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

// respond fixes the response's headers. The decision to keep the
// connection follows RFC 9112 §9.3 (HTTP/1.1: persistent unless close) and
// the HTTP/1.0 Keep-Alive convention (persistent only when the request
// asked with Connection: Keep-Alive — a Proxy-Connection header means
// nothing to an origin server). A server that has served Keep-Alive max
// requests, or sends no Content-Length, closes.
func (sc *serverConn) respond(pr *pendingResp, body Bytes, hasCL bool) *message {
	req := pr.req
	hdr := sc.cfg.HeaderSize
	if hdr == 0 && body == 0 {
		// A response is never nothing on the wire (a status line at
		// least): with server.header_size 0 and an empty body, one byte
		// goes, or the client could not tell that an answer came.
		hdr = 1
	}
	m := &message{kind: msgResponse, version: HTTP11, obj: req.obj, hdr: hdr, body: body, hasCL: hasCL, req: req.req}
	sc.served++
	persist := false
	kaStyle := false
	switch {
	case req.version == HTTP11:
		persist = !req.has(connClose)
	case req.has(connKeepAlive):
		persist, kaStyle = true, true
	case sc.proxyFront && req.has(proxyConnKeepAlive):
		persist, kaStyle = true, true
	}
	if req.version != HTTP11 {
		m.version = HTTP10
	}
	if !hasCL {
		persist = false
	}
	if sc.cfg.KeepAliveMax > 0 && sc.served >= sc.cfg.KeepAliveMax {
		persist = false
	}
	if persist {
		if kaStyle {
			m.conn |= connKeepAlive
		}
		if kaStyle || sc.cfg.KeepAliveMax > 0 || sc.cfg.KeepAliveTimeout > 0 {
			m.conn |= keepAliveParams
			if sc.cfg.KeepAliveMax > 0 {
				m.kaMax = sc.cfg.KeepAliveMax - sc.served
			}
			m.kaTimeout = sc.cfg.KeepAliveTimeout
		}
	} else {
		if req.version == HTTP11 {
			m.conn |= connClose
		}
		sc.closing = true
		pr.last = true
	}
	pr.resp = m
	return m
}

// makeAvailable gives the connection n more bytes of pr's response to
// write, and writes what it may.
func (sc *serverConn) makeAvailable(pr *pendingResp, n Bytes) {
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
			sc.wire.down.push(pr.resp)
		}
		n := pr.avail - pr.written
		total := pr.resp.size()
		if pr.cut >= 0 && int64(pr.written+n) >= pr.cut {
			// close_mid_body: the connection ends here.
			n = Bytes(pr.cut) - pr.written
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
		sc.queue = sc.queue[1:]
		if pr.last {
			// RFC 9112 §9.6: after the response that says close, no
			// further request on the connection is answered; and a
			// close-delimited body (§6.3) ends only with the close.
			// Pipelined requests behind it go unanswered.
			for _, q := range sc.queue {
				if q.up != nil {
					q.up.fwd = nil // a proxy stops relaying to this connection
				}
			}
			sc.queue = nil
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
	if sc.cfg.Close == CloseFull || sc.ep.EOF() {
		sc.ep.Close()
	} else {
		sc.ep.Shutdown()
	}
	sc.release()
}

func (sc *serverConn) release() {
	if sc.limit != nil {
		*sc.limit--
		sc.limit = nil
	}
}

// Closed: the TCP connection is gone.
func (sc *serverConn) Closed(e *tcp.Endpoint, err error) {
	sc.closed = true
	sc.idleTimer.Stop()
	sc.release()
	for _, pr := range sc.queue {
		if pr.up != nil {
			pr.up.fwd = nil // a proxy stops relaying to a dead connection
		}
	}
	sc.queue = nil
}

// origin is the server of one host.
type origin struct {
	w     *world
	host  string
	cfg   Server
	think Dist
	src   rand.Source
	tls   TLSVersion
	conns int // connections from the client open now
}

// accept builds the server side of a new connection, applying the
// per-client connection cap (server.max_conns_per_client, server.excess).
func (o *origin) accept(wr *wire) *originConn {
	sc := newServerConn(o.w, o.host, &o.cfg, o.tls, o)
	sc.wire = wr
	return &originConn{serverConn: sc, o: o}
}

// originConn adds the origin's admission control to a serverConn.
type originConn struct {
	*serverConn
	o *origin
}

func (oc *originConn) Accept(e *tcp.Endpoint) bool {
	o := oc.o
	oc.ep = e
	if max := o.cfg.MaxConnsPerClient; max > 0 && o.conns >= max {
		if o.cfg.Excess == ExcessClose {
			oc.closeOnAccept = true
			return true // accepted, closed once established
		}
		return false // refused: RST to the SYN
	}
	o.conns++
	oc.limit = &o.conns
	return true
}

// serve: think, then the object.
func (o *origin) serve(sc *serverConn, pr *pendingResp) {
	size := o.w.objSize(pr.req)
	fault := o.w.faultFor(pr.req)
	hasCL := o.cfg.ContentLength
	d := o.thinkTime()
	o.w.s.After(d, sim.Func(func(time.Duration) {
		if sc.closed {
			return
		}
		m := sc.respond(pr, size, hasCL)
		if fault >= 0 {
			pr.cut = int64(m.hdr) + int64(float64(size)*fault)
		}
		sc.makeAvailable(pr, m.size())
	}))
}

// thinkTime draws the server's think time.
func (o *origin) thinkTime() time.Duration {
	return drawDuration(o.think, o.src)
}

// MaxDraw bounds every duration drawn from a distribution (a think time):
// a draw above it — the far tail of lognormal{sigma: 20} or of a pareto
// with shape 0.0001, which overflows a time.Duration as seconds — counts as
// MaxDraw, 1000 hours. That is far beyond any horizon (the default is one
// hour), so such a draw makes a load that does not finish, and the result
// says so, instead of an overflow into the past.
const MaxDraw = 1000 * time.Hour

// drawDuration draws seconds from d and converts them to a duration in
// [0, MaxDraw].
func drawDuration(d Dist, src rand.Source) time.Duration {
	v := d.Sample(src)
	if v <= 0 || math.IsNaN(v) {
		return 0
	}
	if v >= MaxDraw.Seconds() {
		return MaxDraw
	}
	return time.Duration(v * float64(time.Second))
}

// Sample draws one value from the distribution using src (values are never
// negative).
func (d Dist) Sample(src rand.Source) float64 {
	var v float64
	switch d.Kind {
	case "", "fixed":
		v = d.Value
	case "lognormal":
		v = distuv.LogNormal{Mu: math.Log(d.Value), Sigma: d.Sigma, Src: src}.Rand()
	case "exponential":
		if d.Value > 0 {
			v = distuv.Exponential{Rate: 1 / d.Value, Src: src}.Rand()
		}
	case "uniform":
		v = distuv.Uniform{Min: d.Value, Max: d.Max, Src: src}.Rand()
	case "pareto":
		v = distuv.Pareto{Xm: d.Value, Alpha: d.Sigma, Src: src}.Rand()
	}
	return math.Max(v, 0)
}
