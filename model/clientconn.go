package model

import (
	"time"

	"pagesim/model/tcp"
	"pagesim/sim"
)

type ccState uint8

const (
	ccDNS        ccState = iota // waiting for the host's DNS lookup
	ccConnecting                // SYN sent
	ccTLS                       // TCP up, TLS handshake under way
	ccReady                     // can carry requests
	ccClosed                    // gone from the pool
)

// readChunk is how much the application takes per read when it reads at a
// limited pace (Client.ReadRate).
const readChunk = 16 * KiB

// clientConn is one client-side HTTP connection: the TCP endpoint, the
// requests written on it and awaiting their responses (in order), and
// what the responses said about persistence (DESIGN §5).
type clientConn struct {
	cl   *httpClient
	pool *hostPool
	conn *tcp.Conn
	ep   *tcp.Endpoint
	wire *wire
	res  int // index in Result.Conns, -1 when not recorded

	state    ccState
	inflight []*request
	written  int // requests written on it
	served   int // responses completed on it
	// noMore: no new request may be written (HTTP/1.0, Connection: close,
	// Keep-Alive max reached, close-delimited body).
	noMore bool
	// kaLeft is what remains of the server's Keep-Alive max; -1: unknown.
	kaLeft    int
	idleLimit time.Duration
	idleSince time.Duration
	idleTimer sim.Timer
	respTimer sim.Timer
	readTimer *sim.Timer // only when the application reads at a pace

	queuedAt, openedAt, tcpDone, tlsDone time.Duration
	tlsVer                               TLSVersion
}

// Timer handlers of a client connection.
type (
	ccIdleFire clientConn
	ccRespFire clientConn
)

func (f *ccIdleFire) Handle(now time.Duration) { (*clientConn)(f).onIdle(now) }
func (f *ccRespFire) Handle(now time.Duration) { (*clientConn)(f).onRespTimeout(now) }

// dial opens the TCP connection.
func (c *clientConn) dial() {
	c.state = ccConnecting
	c.openedAt = c.cl.w.s.Now()
	c.wire = &wire{}
	c.idleLimit = c.cl.cfg.IdleTimeout
	c.conn = c.cl.dialer(c.pool.name, c)
	c.ep = c.conn.A
	c.res = c.cl.w.recordConn(c)
	if c.cl.onConn != nil {
		c.cl.onConn(c)
	}
	c.ep.Connect()
}

// Accept is never called on the active side.
func (c *clientConn) Accept(*tcp.Endpoint) bool { return true }

// Established starts TLS or makes the connection ready.
func (c *clientConn) Established(e *tcp.Endpoint) {
	c.tcpDone = c.cl.w.s.Now()
	c.tlsDone = c.tcpDone
	if c.cl.tls {
		if v := c.cl.w.hostCfg(c.pool.name).TLS; v == TLS12 || v == TLS13 {
			c.startTLS(v)
			return
		}
	}
	c.ready()
}

func (c *clientConn) ready() {
	c.state = ccReady
	c.tlsDone = c.cl.w.s.Now()
	c.pool.connecting--
	c.cl.w.connReady(c)
	c.makeIdle()
	c.cl.dispatch(c.pool)
}

// usable: an idle connection that may carry a new request.
func (c *clientConn) usable() bool {
	return c.state == ccReady && len(c.inflight) == 0 && !c.noMore && c.kaLeft != 0 && c.ep.Open()
}

// canPipeline: a persistent connection with room for one more request in
// its pipeline.
func (c *clientConn) canPipeline() bool {
	if c.state != ccReady || c.noMore || c.kaLeft == 0 || !c.ep.Open() {
		return false
	}
	if d := c.cl.strat.PipelineDepth; d > 0 && len(c.inflight) >= d {
		return false
	}
	// Keep-Alive max: no more requests than the server said it would take.
	return c.kaLeft < 0 || len(c.inflight) < c.kaLeft
}

func (c *clientConn) makeIdle() {
	if !c.usable() {
		return
	}
	c.idleSince = c.cl.w.s.Now()
	c.pool.idle = append(c.pool.idle, c)
	if c.idleLimit > 0 {
		c.idleTimer.ResetAfter(c.idleLimit)
	}
}

// leaveIdle takes the connection off its pool's idle list (a pipelined
// send may pick a connection that was idle).
func (c *clientConn) leaveIdle() {
	p := c.pool
	for i, x := range p.idle {
		if x == c {
			p.idle = append(p.idle[:i], p.idle[i+1:]...)
			return
		}
	}
}

// send writes r on this connection.
func (c *clientConn) send(r *request) {
	now := c.cl.w.s.Now()
	c.idleTimer.Stop()
	c.leaveIdle()
	m := &message{kind: msgRequest, version: c.cl.strat.HTTP, method: r.method, host: r.host, path: r.path,
		obj: r.obj, hdr: c.cl.cfg.RequestSize, req: r}
	switch c.cl.strat.HTTP {
	case HTTP10:
		m.version = HTTP10
		c.noMore = true // one request per connection
	case HTTP10KeepAlive:
		m.version = HTTP10
		if c.cl.viaProxy && c.cl.cfg.ProxyConnection {
			m.conn |= proxyConnKeepAlive
		} else {
			m.conn |= connKeepAlive
		}
		if c.written > 0 && c.served < c.written {
			panic("model: invariant violated: HTTP/1.0 keep-alive request written before the previous response")
		}
	}
	r.attempts++
	r.conn = c
	r.onReused = c.written > 0
	r.sentAt = now
	r.gotByte, r.hdrDone, r.resp, r.body = false, false, nil, 0
	c.written++
	if c.kaLeft > 0 {
		c.kaLeft--
	}
	c.inflight = append(c.inflight, r)
	c.wire.up.push(m)
	c.ep.Write(m.size())
	if !c.respTimer.Armed() && c.cl.cfg.Timeout > 0 {
		c.respTimer.ResetAfter(c.cl.cfg.Timeout)
	}
	r.owner.sent(r, c)
}

// Readable reads what arrived — at once, or at the application's pace.
func (c *clientConn) Readable(e *tcp.Endpoint) {
	if c.state == ccClosed {
		e.Read(0) // a connection the client has let go: drain
		return
	}
	rate := c.cl.cfg.ReadRate
	if rate == 0 {
		c.consume(e.Read(0))
		c.checkEOF()
		return
	}
	if c.readTimer == nil {
		c.readTimer = c.cl.w.s.NewTimer(sim.Func(c.onReadTick))
	}
	if !c.readTimer.Armed() {
		if n := min(e.Readable(), readChunk); n > 0 {
			c.readTimer.ResetAfter(rate.TxTime(n))
		} else {
			c.checkEOF()
		}
	}
}

func (c *clientConn) onReadTick(now time.Duration) {
	if c.state == ccClosed || !c.ep.Open() {
		return
	}
	c.consume(c.ep.Read(readChunk))
	if c.state == ccClosed {
		return
	}
	if n := min(c.ep.Readable(), readChunk); n > 0 {
		c.readTimer.ResetAfter(c.cl.cfg.ReadRate.TxTime(n))
		return
	}
	c.checkEOF()
}

// consume parses n bytes of what the server sent.
func (c *clientConn) consume(n Bytes) {
	if n > 0 && c.respTimer.Armed() {
		c.respTimer.ResetAfter(c.cl.cfg.Timeout) // progress
	}
	for n > 0 && c.state != ccClosed {
		ev, used := c.wire.down.next(n)
		if used == 0 {
			return // bytes beyond any message: ignore
		}
		n -= used
		if ev.m.kind != msgResponse {
			if ev.complete {
				c.tlsInput(ev.m)
			}
			continue
		}
		if len(c.inflight) == 0 {
			continue // a response to nothing we wait for (after a timeout)
		}
		r := c.inflight[0]
		if ev.first {
			r.gotByte = true
			r.firstAt = c.cl.w.s.Now()
		}
		if ev.hdrDone {
			r.hdrDone = true
			r.resp = ev.m
			c.applyHeaders(ev.m)
			r.owner.header(r, ev.m)
		}
		if ev.body > 0 {
			r.body += ev.body
			r.owner.progress(r, ev.body)
		}
		if ev.complete && ev.m.hasCL {
			c.finish(false)
		}
	}
}

// applyHeaders reads what a response says about the connection's future.
func (c *clientConn) applyHeaders(m *message) {
	switch c.cl.strat.HTTP {
	case HTTP10:
		c.noMore = true
	case HTTP10KeepAlive:
		// HTTP/1.0+: persistent only if the response says Keep-Alive too.
		if !m.has(connKeepAlive) {
			c.noMore = true
		}
	case HTTP11:
		// HTTP/1.1: persistent unless Connection: close (RFC 9112 §9.3).
		if m.has(connClose) || m.version == HTTP10 && !m.has(connKeepAlive) {
			c.noMore = true
		}
	}
	if m.has(keepAliveParams) {
		// Keep-Alive: max=N, timeout=S — N more requests at most, and the
		// connection is not kept idle past S.
		if m.kaMax > 0 {
			c.kaLeft = m.kaMax
			if c.kaLeft < len(c.inflight)-1 {
				c.kaLeft = 0
			} else {
				c.kaLeft -= len(c.inflight) - 1
			}
		}
		if m.kaTimeout > 0 && (c.idleLimit == 0 || m.kaTimeout < c.idleLimit) {
			c.idleLimit = m.kaTimeout
		}
	}
	if !m.hasCL {
		c.noMore = true // a close-delimited body ends the connection
	}
}

// finish completes the response at the head of the pipeline.
func (c *clientConn) finish(truncated bool) {
	r := c.inflight[0]
	c.inflight = c.inflight[1:]
	c.served++
	c.cl.w.connServed(c)
	r.done = true
	r.owner.complete(r, truncated)
	if c.state == ccClosed {
		return
	}
	if len(c.inflight) > 0 {
		if c.cl.cfg.Timeout > 0 {
			c.respTimer.ResetAfter(c.cl.cfg.Timeout)
		}
		return
	}
	c.respTimer.Stop()
	if c.noMore || c.kaLeft == 0 {
		c.shut(0, "closed by client")
		return
	}
	c.makeIdle()
	c.cl.dispatch(c.pool)
	if c.state == ccReady && len(c.inflight) == 0 {
		c.cl.kickWaiting() // idle now: hosts waiting for a slot may take it
	}
}

// checkEOF handles the server's FIN once everything before it was read.
func (c *clientConn) checkEOF() {
	if c.state == ccClosed || !c.ep.EOF() {
		return
	}
	if len(c.inflight) > 0 {
		r := c.inflight[0]
		if r.hdrDone && !r.resp.hasCL {
			// A close-delimited body ends at the close: the client
			// cannot tell a cut body from a whole one.
			c.finish(r.body < r.fullSize)
		}
	}
	reason := lossClosed
	if len(c.inflight) > 0 && c.inflight[0].hdrDone && c.inflight[0].resp.hasCL {
		reason = lossTruncated
	}
	c.shut(reason, "closed by server")
}

func (c *clientConn) onIdle(now time.Duration) {
	if c.state == ccReady && len(c.inflight) == 0 {
		c.shut(0, "idle timeout (client)")
	}
}

func (c *clientConn) onRespTimeout(now time.Duration) {
	if c.state == ccClosed || len(c.inflight) == 0 {
		return
	}
	c.cl.w.timeouts++
	c.shut(lossTimeout, "response timeout")
}

// shut lets the connection go: it leaves the pool at once (the kernel
// finishes the close), and the requests it still carries are lost.
func (c *clientConn) shut(reason lossReason, end string) {
	if c.state == ccClosed {
		return
	}
	if c.state == ccConnecting || c.state == ccTLS || c.state == ccDNS {
		c.pool.connecting--
	}
	c.state = ccClosed
	c.idleTimer.Stop()
	c.respTimer.Stop()
	if c.readTimer != nil {
		c.readTimer.Stop()
	}
	c.cl.w.connEnd(c, end)
	if c.ep != nil && c.ep.Open() {
		c.ep.Close()
	}
	c.lose(reason)
	c.cl.connDone(c)
}

// lose hands every request still in flight to the retry rule.
func (c *clientConn) lose(reason lossReason) {
	rs := c.inflight
	c.inflight = nil
	if c.served == 0 && len(rs) > 0 && !rs[0].gotByte && (reason == lossClosed || reason == lossReset) {
		// A fresh connection closed without a byte: the server caps
		// connections. Open no more than the others still up.
		p := c.pool
		p.limit = max(1, min(p.limit, len(p.conns)-1))
	}
	var again []*request
	for _, r := range rs {
		r.owner.lost(r, c, reason.String())
		if ok, why := shouldRetry(r, reason); ok {
			r.retries++
			c.cl.w.retries++
			again = append(again, r)
		} else {
			r.failed = true
			r.owner.failed(r, why)
		}
	}
	c.cl.requeue(c.pool, again)
}

// Closed: TCP is gone. A connection that never became ready failed to
// connect; one that was in use was reset or timed out.
func (c *clientConn) Closed(e *tcp.Endpoint, err error) {
	if c.state == ccClosed {
		c.cl.w.connClosedTCP(c, err)
		return
	}
	connecting := c.state == ccConnecting
	reason := lossClosed
	end := "closed by server"
	switch err {
	case tcp.ErrReset, tcp.ErrAborted:
		reason, end = lossReset, "reset"
	case tcp.ErrTimeout:
		reason, end = lossTCP, "TCP timeout"
	case tcp.ErrRefused:
		reason, end = lossReset, "refused"
	}
	if connecting {
		c.connectFailed(err) // before shut lets queued requests go
	}
	c.shut(reason, end)
	c.cl.w.connClosedTCP(c, err)
}

// connectFailed reacts to a connection that never came up. Refused while
// other connections to the host work: the server caps connections, so the
// client stops opening more (a model assumption: browsers give the
// request to an existing connection). Refused with none, or timed out: the
// host cannot be reached and what waits for it fails.
func (c *clientConn) connectFailed(err error) {
	p := c.pool
	established, others := 0, 0
	for _, x := range p.conns {
		if x == c {
			continue
		}
		others++
		if x.state == ccReady || x.state == ccTLS {
			established++
		}
	}
	if err == tcp.ErrRefused && established > 0 {
		p.limit = max(1, established)
		return
	}
	if others == 0 {
		why := "connection refused"
		if err == tcp.ErrTimeout {
			why = "connect timed out"
		}
		c.cl.failQueued(p, why)
	}
}
