package h2

import (
	"errors"
	"slices"
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/tcp"
	"pagesim/model/units"
	"pagesim/sim"
)

type connState uint8

const (
	connConnecting connState = iota // SYN sent
	connTLS                         // TCP up, TLS handshake under way
	connReady                       // preface sent: streams may open
	connClosed                      // let go
)

// Chrome's assumptions about the server's stream limit: before the
// server's SETTINGS arrive it may open kInitialMaxConcurrentStreams = 100
// streams, and it never opens more than kMaxConcurrentStreamLimit = 256
// whatever the server allows.
const (
	initialMaxStreams = 100
	maxStreamsLimit   = 256
)

// conn is one client-side HTTP/2 connection.
type conn struct {
	cl   *Client
	pool *pool // the host it was dialled to
	id   httpcore.ConnID
	tc   *tcp.Conn
	ep   *tcp.Endpoint
	wire *wire
	out  output
	rd   *httpcore.Reader

	state  connState
	tlsVer httpcore.TLSVersion
	enc    *encoder // requests; the server's table size
	// streams are the open streams by index (id-1)/2; nil once closed.
	streams []*cstream
	nextID  uint32
	open    int
	// maxStreams is the server's limit as the client knows it.
	maxStreams int
	// pending are requests given to this connection waiting for a stream,
	// the most urgent first, first come within an urgency.
	pending []*httpcore.Request
	written int // streams opened
	chain   chain
	connWin recvWindow
	// goingAway: the server sent GOAWAY; no new stream opens.
	goingAway bool
	lastID    uint32 // GOAWAY's last-stream-id

	respTimer sim.Timer
	idleTimer sim.Timer
}

// cstream is a stream as the client sees it.
type cstream struct {
	id  uint32
	r   *httpcore.Request
	win recvWindow
	urg int
}

type (
	connRespFire conn
	connIdleFire conn
)

func (f *connRespFire) Handle(time.Duration) { (*conn)(f).onRespTimeout() }
func (f *connIdleFire) Handle(time.Duration) { (*conn)(f).onIdle() }

func newConn(cl *Client, p *pool) *conn {
	c := &conn{cl: cl, pool: p, id: httpcore.NoConn, wire: &wire{}, nextID: 1, maxStreams: initialMaxStreams,
		enc: newEncoder(httpcore.H2DefaultHeaderTable), connWin: recvWindow{size: cl.h2.ConnWindowOrDefault()}}
	cl.s.InitTimer(&c.respTimer, (*connRespFire)(c))
	cl.s.InitTimer(&c.idleTimer, (*connIdleFire)(c))
	c.out.init(cl.s, &c.wire.up)
	return c
}

// usable: the connection takes new streams.
func (c *conn) usable() bool {
	return c.state != connClosed && !c.goingAway && (c.ep == nil || c.ep.Open())
}

// Accept is never called on the active side.
func (c *conn) Accept(*tcp.Endpoint) bool { return true }

// Established starts TLS (ALPN selects h2 in its hellos, tls.go) or, with
// prior knowledge, sends the preface at once.
func (c *conn) Established(e *tcp.Endpoint) {
	c.cl.rec.ConnConnected(c.id)
	if v := c.pool.cfg.TLS; v.Handshakes() {
		c.startTLS(v)
		return
	}
	c.ready()
}

// ready sends the client's connection preface (RFC 9113 §3.4): the magic,
// SETTINGS (HEADER_TABLE_SIZE and INITIAL_WINDOW_SIZE when not the
// defaults, ENABLE_PUSH 0 and MAX_HEADER_LIST_SIZE as Chrome sends them)
// and, when the connection window is larger than the default, the
// WINDOW_UPDATE on stream 0 that opens it (§6.9.2). Requests go right
// behind it, before the server's SETTINGS arrive (§3.4 allows it).
func (c *conn) ready() {
	c.state = connReady
	h := c.cl.h2
	c.write(unit{kind: unitPreface, length: prefaceLen})
	set := settings{count: 2}
	if h.HeaderTable != 0 && h.HeaderTable != httpcore.H2DefaultHeaderTable {
		set.headerTable = h.HeaderTable
		set.count++
	}
	if w := h.StreamWindowOrDefault(); w != httpcore.H2DefaultWindow {
		set.window = w
		set.count++
	}
	c.write(settingsFrame(set))
	if w := h.ConnWindowOrDefault(); w > httpcore.H2DefaultWindow {
		c.write(windowUpdate(0, w-httpcore.H2DefaultWindow))
	}
	c.cl.rec.ConnReady(c.id)
	c.armIdle()
	c.cl.dispatchAll()
}

func (c *conn) write(u unit) { c.out.write(u) }

// submit gives r to this connection: it waits among the pending, in
// urgency order, until a stream may open.
func (c *conn) submit(r *httpcore.Request) {
	u, _ := c.cl.priorityOf(r)
	i := len(c.pending)
	for i > 0 && c.cl.urgency(c.pending[i-1]) > u {
		i--
	}
	c.pending = slices.Insert(c.pending, i, r)
}

// openStreams opens a stream for each pending request while the server's
// limit allows.
func (c *conn) openStreams() {
	for len(c.pending) > 0 && c.state == connReady && c.usable() && (c.maxStreams == 0 || c.open < c.maxStreams) {
		r := c.pending[0]
		c.pending = c.pending[1:]
		c.openStream(r)
	}
}

// openStream writes r's HEADERS (with END_STREAM: no request body is
// modelled).
func (c *conn) openStream(r *httpcore.Request) {
	cl := c.cl
	c.idleTimer.Stop()
	id := c.nextID
	c.nextID += 2
	urg, incr := cl.priorityOf(r)
	st := &cstream{id: id, r: r, urg: urg, win: recvWindow{size: cl.h2.StreamWindowOrDefault()}}
	i := int(id-1) / 2
	for len(c.streams) <= i {
		c.streams = append(c.streams, nil)
	}
	c.streams[i] = st
	c.open++
	p := c.chain.open(id, urg, incr)
	r.StartAttempt(cl.s.Now(), c.written > 0)
	c.written++
	c.write(unit{typ: frameHeaders, stream: id, flags: flagEndStream | flagPriority, req: r, prio: p,
		length: priorityLen + requestBlock(c.enc, r, p, cl.cfg.RequestSize)})
	if !c.respTimer.Armed() && cl.cfg.Timeout > 0 {
		c.respTimer.ResetAfter(cl.cfg.Timeout)
	}
	cl.rec.RequestWritten(r, c.id)
}

func (c *conn) stream(id uint32) *cstream {
	if i := int(id-1) / 2; id > 0 && i < len(c.streams) {
		return c.streams[i]
	}
	return nil
}

// closeStream takes st off the connection.
func (c *conn) closeStream(st *cstream) {
	c.streams[int(st.id-1)/2] = nil
	c.open--
	c.chain.close(st.id, st.urg)
}

// Readable reads what arrived, at once or at the application's pace.
func (c *conn) Readable(e *tcp.Endpoint) { c.rd.Readable() }

// Consume parses n bytes of what the server sent.
func (c *conn) Consume(n units.Bytes) {
	cl := c.cl
	if n > 0 && c.respTimer.Armed() {
		c.respTimer.ResetAfter(cl.cfg.Timeout) // progress
	}
	for n > 0 && c.state != connClosed {
		ev, used := c.wire.down.Next(n)
		if used == 0 {
			break
		}
		n -= used
		u := ev.M
		if u.kind == unitTLS {
			if ev.Complete() {
				c.tlsInput(u)
			}
			continue
		}
		switch u.typ {
		case frameHeaders:
			st := c.stream(u.stream)
			if st == nil {
				continue
			}
			r := st.r
			if ev.First() {
				r.GotByte = true
				r.FirstAt = cl.s.Now()
			}
			if ev.Complete() {
				r.HdrDone = true
				r.LengthKnown = true // END_STREAM frames every body (RFC 9113 §8.1)
				cl.rec.FirstByte(r)
				r.Owner.Header(r, u.body, true)
				if u.has(flagEndStream) {
					c.finish(st)
				}
			}
		case frameData:
			c.data(u, ev.Body, ev.Complete())
		case frameSettings:
			if ev.Complete() && !u.has(flagAck) {
				c.settingsInput(u.set)
			}
		case frameRSTStream:
			if st := c.stream(u.stream); st != nil && ev.Complete() {
				why := httpcore.LossReset
				if u.code == codeRefusedStream {
					why = httpcore.LossRefused
				}
				c.loseStream(st, why)
				cl.dispatchAll()
			}
		case frameGoAway:
			if ev.Complete() {
				c.goAwayInput(u.last)
			}
		}
	}
	c.wire.down.Compact()
}

// data handles n payload bytes of a DATA frame (complete: its last ones),
// and gives credit back (flow.go).
func (c *conn) data(u unit, n units.Bytes, complete bool) {
	if n > 0 {
		if inc := c.connWin.consumed(n); inc > 0 {
			c.write(windowUpdate(0, inc))
		}
	}
	st := c.stream(u.stream)
	if st == nil {
		return
	}
	r := st.r
	if n > 0 {
		r.Body += n
		c.cl.rec.Received(r, c.id, n)
		r.Owner.Progress(r, n)
		if c.state == connClosed || c.stream(u.stream) != st {
			return
		}
		if !u.has(flagEndStream) {
			if inc := st.win.consumed(n); inc > 0 {
				c.write(windowUpdate(st.id, inc))
			}
		}
	}
	if complete && u.has(flagEndStream) {
		c.finish(st)
	}
}

// settingsInput applies the server's SETTINGS and acknowledges them.
func (c *conn) settingsInput(set settings) {
	c.maxStreams = set.maxStreams
	if c.maxStreams == 0 || c.maxStreams > maxStreamsLimit {
		c.maxStreams = maxStreamsLimit
	}
	switch {
	case set.sentNoTable:
		c.enc.setCapacity(0)
	case set.headerTable > 0:
		c.enc.setCapacity(set.headerTable)
	}
	c.write(settingsAck())
	c.openStreams()
}

// finish completes the response of st.
func (c *conn) finish(st *cstream) {
	cl := c.cl
	r := st.r
	c.closeStream(st)
	cl.rec.ResponseDone(r, c.id, false)
	r.Done = true
	r.Owner.Complete(r, false)
	if c.state == connClosed {
		return
	}
	c.afterStream()
}

// afterStream: a stream closed; the next pending may open, and an empty
// connection waits idle — or, after GOAWAY, is let go.
func (c *conn) afterStream() {
	c.openStreams()
	if c.open > 0 {
		return
	}
	c.respTimer.Stop()
	if c.goingAway {
		c.shut(0, httpcore.EndGoAway)
		return
	}
	c.armIdle()
}

func (c *conn) armIdle() {
	if t := c.cl.cfg.IdleTimeout; t > 0 && c.open == 0 && len(c.pending) == 0 {
		c.idleTimer.ResetAfter(t)
	}
}

// goAwayInput: the server will process no stream above last (RFC 9113
// §6.8). Those streams were never processed: they are lost and retried
// on a new connection (httpcore.ShouldRetry's RetryUnprocessed), with the
// requests still pending here; the streams up to last go on, and the
// connection is let go when they are done.
func (c *conn) goAwayInput(last uint32) {
	cl := c.cl
	c.goingAway = true
	c.lastID = last
	if c.pool.conn == c {
		c.pool.conn = nil
	}
	var again []*httpcore.Request
	for _, st := range c.streams {
		if st != nil && st.id > last {
			c.closeStream(st)
			if httpcore.Lose(cl.rec, st.r, c.id, httpcore.LossGoAway) {
				again = append(again, st.r)
			}
		}
	}
	again = append(again, c.pending...)
	c.pending = nil
	cl.requeue(again)
	if c.open == 0 {
		c.shut(0, httpcore.EndGoAway)
		return
	}
	cl.dispatchAll()
}

// loseStream hands st's request to the retry rule.
func (c *conn) loseStream(st *cstream, why httpcore.LossReason) {
	c.closeStream(st)
	if httpcore.Lose(c.cl.rec, st.r, c.id, why) {
		c.cl.requeue([]*httpcore.Request{st.r})
	}
	if c.state != connClosed {
		c.afterStream()
	}
}

// CaughtUp: everything that arrived has been read; the server may have
// closed.
func (c *conn) CaughtUp() {
	if c.state == connClosed || !c.ep.EOF() {
		return
	}
	end := httpcore.EndServerClosed
	if c.goingAway {
		end = httpcore.EndGoAway
	}
	c.shut(httpcore.LossClosed, end)
}

func (c *conn) onIdle() {
	if c.state == connReady && c.open == 0 && len(c.pending) == 0 {
		c.shut(0, httpcore.EndClientIdle)
	}
}

func (c *conn) onRespTimeout() {
	if c.state == connClosed || c.open == 0 {
		return
	}
	c.cl.rec.ResponseTimeout(c.id)
	c.shut(httpcore.LossTimeout, httpcore.EndResponseTimeout)
}

// shut lets the connection go: its open streams are lost for reason (a
// stream whose response had begun, for a close, as a truncation: HTTP/2
// frames every body, so a cut one is always detected), its pending
// requests go back to their hosts' queues.
func (c *conn) shut(reason httpcore.LossReason, end httpcore.EndReason) {
	if c.state == connClosed {
		return
	}
	cl := c.cl
	wasReady := c.state == connReady
	c.state = connClosed
	c.respTimer.Stop()
	c.idleTimer.Stop()
	c.out.timer.Stop() // what was not yet written is dropped with the connection
	if c.rd != nil {
		c.rd.Close()
	}
	if c.goingAway {
		end = httpcore.EndGoAway // its use ended with the GOAWAY, however it then went
	}
	if c.id != httpcore.NoConn {
		cl.rec.ConnEnded(c.id, end)
	}
	if c.ep != nil && c.ep.Open() {
		c.ep.Close()
	}
	cl.gone(c)
	var again []*httpcore.Request
	for _, st := range c.streams {
		if st == nil {
			continue
		}
		c.closeStream(st)
		why := reason
		if why == httpcore.LossClosed && st.r.HdrDone {
			why = httpcore.LossTruncated
		}
		if httpcore.Lose(cl.rec, st.r, c.id, why) {
			again = append(again, st.r)
		}
	}
	again = append(again, c.pending...)
	c.pending = nil
	cl.requeue(again)
	if !wasReady {
		c.neverReady(end)
	}
	cl.dispatchAll()
}

// Closed: TCP is gone.
func (c *conn) Closed(e *tcp.Endpoint, err error) {
	if c.state == connClosed {
		if errors.Is(err, tcp.ErrReset) {
			c.cl.rec.ConnReset(c.id)
		}
		return
	}
	reason, end := httpcore.TCPLoss(err)
	c.shut(reason, end)
	if errors.Is(err, tcp.ErrReset) {
		c.cl.rec.ConnReset(c.id)
	}
}

// neverReady handles a connection that ended before it could carry a
// stream: refused, timed out, or closed by a server at its connection cap
// (server.excess: close). While another connection to the host is still
// up (draining after GOAWAY), the host's requests wait for it to end
// rather than dial again at once; with none, the host cannot be reached
// and what waits for it fails (as HTTP/1.x's connectFailed).
func (c *conn) neverReady(end httpcore.EndReason) {
	cl := c.cl
	p := c.pool
	if cl.hostConns(p) > 0 {
		p.waitDrain = true
		return
	}
	why := "connection refused"
	switch end {
	case httpcore.EndTCPTimeout:
		why = "connect timed out"
	case httpcore.EndServerClosed, httpcore.EndReset:
		why = "connection closed before it was ready"
	}
	cl.failQueued(p, c, why)
}
