package h1

import (
	"errors"
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/tcp"
	"pagesim/model/units"
	"pagesim/sim"
)

type connState uint8

const (
	connDNS        connState = iota // waiting for the host's DNS lookup
	connConnecting                  // SYN sent
	connTLS                         // TCP up, TLS handshake under way
	connReady                       // can carry requests
	connClosed                      // gone from the pool
)

// clientConn is one client-side HTTP/1.x connection: the TCP endpoint, the
// requests written on it and awaiting their responses (in order), and
// what the responses said about persistence (DESIGN §5).
type clientConn struct {
	cl   *Client
	pool *hostPool
	id   httpcore.ConnID
	conn *tcp.Conn
	ep   *tcp.Endpoint
	wire *wire

	state    connState
	inflight []*httpcore.Request
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
	rd        *httpcore.Reader
	// dnsFrom is when the connection began waiting for its host's DNS
	// lookup; -1: it did not wait (the host was resolved).
	dnsFrom time.Duration

	tlsVer httpcore.TLSVersion
}

// Timer handlers of a client connection.
type (
	connIdleFire clientConn
	connRespFire clientConn
)

func (f *connIdleFire) Handle(now time.Duration) { (*clientConn)(f).onIdle(now) }
func (f *connRespFire) Handle(now time.Duration) { (*clientConn)(f).onRespTimeout(now) }

// dial opens the TCP connection.
func (c *clientConn) dial() {
	cl := c.cl
	c.state = connConnecting
	c.wire = &wire{}
	c.idleLimit = cl.cfg.IdleTimeout
	c.conn = cl.dial(c.pool.name, c)
	c.ep = c.conn.A
	c.rd = httpcore.NewReader(cl.s, cl.cfg.ReadRate, c.ep, c)
	c.id = cl.ids.Next()
	cl.rec.ConnOpened(c.id, c.pool.name, c.conn.ID)
	if c.dnsFrom >= 0 {
		cl.rec.ConnDNS(c.id, c.dnsFrom)
	}
	if cl.onConn != nil {
		cl.onConn(c)
	}
	c.ep.Connect()
}

// Accept is never called on the active side.
func (c *clientConn) Accept(*tcp.Endpoint) bool { return true }

// Established starts TLS or makes the connection ready.
func (c *clientConn) Established(e *tcp.Endpoint) {
	c.cl.rec.ConnConnected(c.id)
	if c.cl.tlsFor != nil {
		if v, ok := c.cl.tlsFor(c.pool.name); ok && v.Handshakes() {
			c.startTLS(v)
			return
		}
	}
	c.ready()
}

func (c *clientConn) ready() {
	c.state = connReady
	c.pool.connecting--
	c.cl.rec.ConnReady(c.id)
	c.makeIdle()
	c.cl.dispatch(c.pool)
}

// usable: an idle connection that may carry a new request.
func (c *clientConn) usable() bool {
	return c.state == connReady && len(c.inflight) == 0 && !c.noMore && c.kaLeft != 0 && c.ep.Open()
}

func (c *clientConn) makeIdle() {
	if !c.usable() {
		return
	}
	c.idleSince = c.cl.now()
	c.pool.idle = append(c.pool.idle, c)
	if c.cl.strat.MaxConns > 0 {
		c.cl.idle = append(c.cl.idle, c)
	}
	if c.idleLimit > 0 {
		c.idleTimer.ResetAfter(c.idleLimit)
	}
}

// leaveIdle takes the connection off the idle lists (a pipelined send may
// pick a connection that was idle).
func (c *clientConn) leaveIdle() {
	c.pool.idle = remove(c.pool.idle, c)
	if c.cl.strat.MaxConns > 0 {
		c.cl.idle = remove(c.cl.idle, c)
	}
}

// remove deletes c from l, keeping the order.
func remove(l []*clientConn, c *clientConn) []*clientConn {
	for i, x := range l {
		if x == c {
			return append(l[:i], l[i+1:]...)
		}
	}
	return l
}

// send writes r on this connection.
func (c *clientConn) send(r *httpcore.Request) {
	cl := c.cl
	c.idleTimer.Stop()
	c.leaveIdle()
	m := cl.alloc.msg.New()
	*m = message{kind: msgRequest, version: c.pool.http, method: r.Method, host: r.Host, path: r.Path,
		obj: r.Obj, hdr: cl.cfg.RequestSize, req: r}
	switch c.pool.http {
	case httpcore.HTTP10:
		m.version = httpcore.HTTP10
		c.noMore = true // one request per connection
	case httpcore.HTTP10KeepAlive:
		m.version = httpcore.HTTP10
		if cl.viaProxy && cl.cfg.ProxyConnection {
			m.conn |= proxyConnKeepAlive
		} else {
			m.conn |= connKeepAlive
		}
		if c.written > 0 && c.served < c.written {
			panic("h1: invariant violated: HTTP/1.0 keep-alive request written before the previous response")
		}
	}
	r.StartAttempt(cl.now(), c.written > 0)
	c.written++
	if c.kaLeft > 0 {
		c.kaLeft--
	}
	c.inflight = append(c.inflight, r)
	c.wire.up.Push(m)
	c.ep.Write(m.Len())
	if !c.respTimer.Armed() && cl.cfg.Timeout > 0 {
		c.respTimer.ResetAfter(cl.cfg.Timeout)
	}
	cl.rec.RequestWritten(r, c.id)
}

// Readable reads what arrived — at once, or at the application's pace
// (httpcore.Reader).
func (c *clientConn) Readable(e *tcp.Endpoint) { c.rd.Readable() }

// CaughtUp: everything that arrived has been read; the server may have
// closed.
func (c *clientConn) CaughtUp() { c.checkEOF() }

// Consume parses n bytes of what the server sent.
func (c *clientConn) Consume(n units.Bytes) {
	if n > 0 && c.respTimer.Armed() {
		c.respTimer.ResetAfter(c.cl.cfg.Timeout) // progress
	}
	for n > 0 && c.state != connClosed {
		ev, used := c.wire.down.Next(n)
		if used == 0 {
			return // bytes beyond any message: ignore
		}
		n -= used
		if ev.M.kind != msgResponse {
			if ev.Complete() {
				c.tlsInput(ev.M)
			}
			continue
		}
		if len(c.inflight) == 0 {
			continue // a response to nothing we wait for (after a timeout)
		}
		r := c.inflight[0]
		if ev.First() {
			r.GotByte = true
			r.FirstAt = c.cl.now()
		}
		if ev.HdrDone() {
			r.HdrDone = true
			r.LengthKnown = ev.M.hasCL
			c.applyHeaders(ev.M)
			c.cl.rec.FirstByte(r)
			r.Owner.Header(r, ev.M.body, ev.M.hasCL)
		}
		if ev.Body > 0 {
			r.Body += ev.Body
			c.cl.rec.Received(r, c.id, ev.Body)
			r.Owner.Progress(r, ev.Body)
		}
		if ev.Complete() && ev.M.hasCL {
			c.finish(false)
		}
	}
}

// finish completes the response at the head of the pipeline.
func (c *clientConn) finish(truncated bool) {
	r := c.inflight[0]
	c.inflight = popFront(c.inflight)
	c.served++
	c.cl.rec.ResponseDone(r, c.id, truncated)
	r.Done = true
	r.Owner.Complete(r, truncated)
	if c.state == connClosed {
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
		c.shut(0, httpcore.EndClientClosed)
		return
	}
	c.makeIdle()
	c.cl.dispatch(c.pool)
	if c.state == connReady && len(c.inflight) == 0 {
		c.cl.kickWaiting() // idle now: hosts waiting for a slot may take it
	}
}

// checkEOF handles the server's FIN once everything before it was read.
func (c *clientConn) checkEOF() {
	if c.state == connClosed || !c.ep.EOF() {
		return
	}
	if len(c.inflight) > 0 {
		r := c.inflight[0]
		if r.HdrDone && !r.LengthKnown {
			// A close-delimited body ends at the close: the client
			// cannot tell a cut body from a whole one.
			c.finish(r.Body < r.FullSize)
		}
	}
	reason := httpcore.LossClosed
	if len(c.inflight) > 0 && c.inflight[0].HdrDone && c.inflight[0].LengthKnown {
		reason = httpcore.LossTruncated
	}
	c.shut(reason, httpcore.EndServerClosed)
}

func (c *clientConn) onIdle(now time.Duration) {
	if c.state == connReady && len(c.inflight) == 0 {
		c.shut(0, httpcore.EndClientIdle)
	}
}

func (c *clientConn) onRespTimeout(now time.Duration) {
	if c.state == connClosed || len(c.inflight) == 0 {
		return
	}
	c.cl.rec.ResponseTimeout(c.id)
	c.shut(httpcore.LossTimeout, httpcore.EndResponseTimeout)
}

// shut lets the connection go: it leaves the pool at once (the kernel
// finishes the close), and the requests it still carries are lost.
func (c *clientConn) shut(reason httpcore.LossReason, end httpcore.EndReason) {
	if c.state == connClosed {
		return
	}
	if c.state == connConnecting || c.state == connTLS || c.state == connDNS {
		c.pool.connecting--
	}
	c.state = connClosed
	c.idleTimer.Stop()
	c.respTimer.Stop()
	if c.rd != nil {
		c.rd.Close()
	}
	if c.id != httpcore.NoConn {
		c.cl.rec.ConnEnded(c.id, end)
	}
	if c.ep != nil && c.ep.Open() {
		c.ep.Close()
	}
	c.lose(reason)
	c.cl.connDone(c)
}

// lose hands every request still in flight to the retry rule.
func (c *clientConn) lose(reason httpcore.LossReason) {
	rs := c.inflight
	c.inflight = nil
	if c.served == 0 && len(rs) > 0 && !rs[0].GotByte && (reason == httpcore.LossClosed || reason == httpcore.LossReset) {
		// A fresh connection closed without a byte: the server caps
		// connections. Open no more than the others still up.
		p := c.pool
		p.limit = max(1, min(p.limit, len(p.conns)-1))
	}
	var again []*httpcore.Request
	for _, r := range rs {
		if httpcore.Lose(c.cl.rec, r, c.id, reason) {
			again = append(again, r)
		}
	}
	c.cl.requeue(c.pool, again)
}

// Closed: TCP is gone. A connection that never became ready failed to
// connect; one that was in use was reset or timed out.
func (c *clientConn) Closed(e *tcp.Endpoint, err error) {
	if c.state == connClosed {
		if errors.Is(err, tcp.ErrReset) {
			c.cl.rec.ConnReset(c.id)
		}
		return
	}
	connecting := c.state == connConnecting
	reason, end := httpcore.TCPLoss(err)
	if connecting {
		c.connectFailed(err) // before shut lets queued requests go
	}
	c.shut(reason, end)
	if errors.Is(err, tcp.ErrReset) {
		c.cl.rec.ConnReset(c.id)
	}
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
		if x.state == connReady || x.state == connTLS {
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
		c.cl.failQueued(p, c, why)
	}
}

// popFront removes the first element of a FIFO kept in a slice, in place,
// so that its array serves again (a request or response at a time per
// connection: reslicing from the front made append allocate for each).
func popFront[T any](s []T) []T {
	copy(s, s[1:])
	var zero T
	s[len(s)-1] = zero
	return s[:len(s)-1]
}
