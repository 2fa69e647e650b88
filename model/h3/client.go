package h3

import (
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/link"
	"pagesim/model/quic"
	"pagesim/model/units"
	"pagesim/sim"
)

// Env is what the HTTP/3 client needs: what every transport shares, the
// QUIC stack, the HTTP/3 and client settings, and where requests go when
// QUIC fails.
type Env struct {
	*httpcore.Env
	QUIC   *quic.Stack
	H3     Config
	Client httpcore.Client
	Server httpcore.Server
	// Fallback takes the requests of a host whose QUIC connection could
	// not be set up (the handshake timed out, or the server refused it):
	// the browser marks QUIC broken for that host and goes over TCP, as
	// Chrome does.
	Fallback func(r *httpcore.Request)
	// OnConn, when set, is told of every connection dialled (for the
	// result's cwnd records).
	OnConn func(id httpcore.ConnID, c *quic.Conn)
}

// Client is the browser's HTTP/3: one QUIC connection per origin (RFC
// 9114 §3.3), a request per bidirectional stream, as many at once as the
// server's stream limit allows.
type Client struct {
	env    *Env
	conns  map[string]*clientConn
	broken map[string]bool
	stats  Stats
}

// Stats counts what the HTTP/3 connections of a client did.
type Stats struct {
	// Blocked is the number of field sections that waited for QPACK
	// insertions still on their way (RFC 9204 §2.1.2), at either end.
	Blocked int
	// Broken is the number of hosts whose QUIC failed, sent over the
	// fallback.
	Broken int
}

// Stats returns the counters so far.
func (cl *Client) Stats() Stats { return cl.stats }

// NewClient returns the HTTP/3 client of env.
func NewClient(env *Env) *Client {
	return &Client{env: env, conns: map[string]*clientConn{}, broken: map[string]bool{}}
}

// Broken reports whether QUIC failed for host: its requests go to the
// fallback.
func (cl *Client) Broken(host string) bool { return cl.broken[host] }

// Fetch sends r on its origin's connection, opening one if there is none.
func (cl *Client) Fetch(r *httpcore.Request) {
	if cl.broken[r.Host] {
		cl.env.Fallback(r)
		return
	}
	c := cl.conns[r.Host]
	if c == nil {
		c = cl.connect(r.Host)
	}
	c.queue = append(c.queue, r)
	c.dispatch()
}

type connState uint8

const (
	connDNS       connState = iota // waiting for the host's DNS lookup
	connHandshake                  // QUIC handshake under way
	connReady                      // can carry requests
	connClosed                     // gone
)

// clientConn is the client side of one HTTP/3 connection. It is the
// client endpoint's quic.App.
type clientConn struct {
	cl   *Client
	host string
	id   httpcore.ConnID
	qc   *quic.Conn
	ep   *quic.Endpoint
	w    *wire
	ses  session

	state   connState
	zeroRTT bool
	// dnsFrom is when the connection began waiting for its host's DNS
	// lookup; -1: it did not wait.
	dnsFrom  time.Duration
	queue    []*httpcore.Request
	inflight []*reqStream
	written  int

	respTimer sim.Timer
	idleTimer sim.Timer
	// With client.read_rate, the application reads the connection's
	// streams at that pace (as HTTP/1.x reads its socket): the streams
	// with bytes waiting, in the order they became readable.
	readTimer *sim.Timer
	readable  []*reqStream
	readNext  units.Bytes // what the armed read takes: what its wait paid for
}

// reqStream is one request on its stream: the bytes read from QUIC and
// not yet parsed (held while the response's field section cannot be
// decoded), and the HEADERS frame waiting for its insertions.
type reqStream struct {
	r       *httpcore.Request
	s       *quic.Stream
	pending units.Bytes
	blocked *unit
	done    bool
}

type (
	respFire clientConn
	idleFire clientConn
)

func (f *respFire) Handle(now time.Duration) { (*clientConn)(f).onRespTimeout() }
func (f *idleFire) Handle(now time.Duration) { (*clientConn)(f).onIdle() }

func (cl *Client) connect(host string) *clientConn {
	c := &clientConn{cl: cl, host: host, id: httpcore.NoConn, state: connDNS, dnsFrom: -1}
	s := cl.env.S
	s.InitTimer(&c.respTimer, (*respFire)(c))
	s.InitTimer(&c.idleTimer, (*idleFire)(c))
	cl.conns[host] = c
	from := s.Now()
	if cl.env.DNS.Resolve(host, func() {
		if c.state == connDNS {
			c.dnsFrom = from
			c.dial()
		}
	}) {
		c.dial()
	}
	return c
}

// dial creates the QUIC connection and sends its first Initial.
func (c *clientConn) dial() {
	env := c.cl.env
	o := env.Origins[c.host]
	h := env.Hosts(c.host)
	hs := quic.Handshake{ClientHello: httpcore.ClientHelloSize, Cert: o.CertSize, Resume: h.ZeroRTT, ZeroRTT: h.ZeroRTT}
	c.zeroRTT = h.ZeroRTT
	c.w = newWire()
	c.state = connHandshake
	c.qc = env.QUIC.Dial(c.host, link.ClientToServer, hs, c, newServerConn(env, o, c.w, &c.cl.stats))
	c.ep = c.qc.A
	c.id = env.IDs.Next()
	env.Rec.ConnOpened(c.id, c.host, -1)
	if c.dnsFrom >= 0 {
		env.Rec.ConnDNS(c.id, c.dnsFrom)
	}
	if env.OnConn != nil {
		env.OnConn(c.id, c.qc)
	}
	c.ses.unblocked = c.retryBlocked
	c.ep.Connect()
}

func (c *clientConn) Accept(*quic.Endpoint) bool { return true }

// Connected: the ServerHello arrived (the handshake's first round trip).
func (c *clientConn) Connected(e *quic.Endpoint) {
	if !c.zeroRTT {
		c.cl.env.Rec.ConnConnected(c.id)
	}
}

// Ready: requests may go — after the handshake, or at once with 0-RTT
// (then the connection counts as connected and ready when it is dialled).
func (c *clientConn) Ready(e *quic.Endpoint) {
	if c.state != connHandshake {
		return
	}
	rec := c.cl.env.Rec
	if c.zeroRTT {
		rec.ConnConnected(c.id)
	}
	c.state = connReady
	rec.ConnReady(c.id)
	c.ses.open(e, c.w, c.cl.env.H3, c.zeroRTT)
	c.dispatch()
}

func (c *clientConn) StreamsAvailable(*quic.Endpoint) { c.dispatch() }

func (c *clientConn) StreamOpened(*quic.Endpoint, *quic.Stream) {}

// dispatch writes queued requests, each on a new stream, as far as the
// server's stream limit allows.
func (c *clientConn) dispatch() {
	for c.state == connReady && len(c.queue) > 0 {
		s := c.ep.OpenStream(false)
		if s == nil {
			return // MAX_STREAMS will say when
		}
		r := c.queue[0]
		c.queue = c.queue[1:]
		c.send(r, s)
	}
}

// send writes r's HEADERS frame and ends the stream.
func (c *clientConn) send(r *httpcore.Request, s *quic.Stream) {
	env := c.cl.env
	c.idleTimer.Stop()
	r.StartAttempt(env.S.Now(), c.written > 0)
	c.written++
	rs := &reqStream{r: r, s: s}
	s.Data = rs
	u := c.ses.headers(requestFields(r.Method, r.Host, r.Path, env.Client.RequestSize))
	u.req = r
	c.w.write(s, u)
	s.CloseWrite()
	c.inflight = append(c.inflight, rs)
	if t := env.Client.Timeout; t > 0 && !c.respTimer.Armed() {
		c.respTimer.ResetAfter(t)
	}
	env.Rec.RequestWritten(r, c.id)
}

// Readable reads what arrived on a stream: the server's unidirectional
// streams, or a response.
func (c *clientConn) Readable(s *quic.Stream) {
	if c.state == connClosed || c.ses.peerUni(s) {
		return
	}
	rs, _ := s.Data.(*reqStream)
	if rs == nil || rs.done {
		s.Read(0)
		return
	}
	if c.cl.env.Client.ReadRate > 0 {
		c.readLater(rs)
		return
	}
	c.take(rs, s.Read(0))
}

// take parses n more bytes read from rs's stream.
func (c *clientConn) take(rs *reqStream, n units.Bytes) {
	if n > 0 {
		rs.pending += n
		if t := c.cl.env.Client.Timeout; t > 0 {
			c.respTimer.ResetAfter(t) // progress
		}
	}
	c.parse(rs)
}

// readChunk is how much the application takes per read when it reads at
// a limited pace (client.read_rate), as package h1 reads its socket.
const readChunk = 16 * units.KiB

// readLater queues rs for the paced reader.
func (c *clientConn) readLater(rs *reqStream) {
	found := false
	for _, x := range c.readable {
		found = found || x == rs
	}
	if !found {
		c.readable = append(c.readable, rs)
	}
	if c.readTimer == nil {
		c.readTimer = c.cl.env.S.NewTimer(sim.Func(func(time.Duration) { c.onReadTick() }))
	}
	if !c.readTimer.Armed() {
		c.armRead()
	}
}

// armRead schedules the next read of up to a chunk, after the time it
// takes at the read rate.
func (c *clientConn) armRead() {
	c.readNext = min(c.waiting(), readChunk)
	c.readTimer.ResetAfter(c.cl.env.Client.ReadRate.TxTime(c.readNext))
}

// waiting is the bytes the queued streams have to read.
func (c *clientConn) waiting() units.Bytes {
	var n units.Bytes
	for _, rs := range c.readable {
		n += rs.s.Readable()
	}
	return n
}

// onReadTick reads what the wait paid for from the queued streams,
// oldest first.
func (c *clientConn) onReadTick() {
	budget := c.readNext
	for len(c.readable) > 0 && c.state != connClosed {
		rs := c.readable[0]
		if rs.done {
			c.readable = c.readable[1:]
			continue
		}
		n := rs.s.Read(budget)
		budget -= n
		if rs.s.Readable() == 0 {
			c.readable = c.readable[1:]
		}
		c.take(rs, n)
		if budget == 0 {
			break
		}
	}
	if len(c.readable) > 0 && c.state != connClosed {
		c.armRead()
	}
}

// parse consumes the response bytes read so far: HEADERS once their
// field section can be decoded, then the body.
func (c *clientConn) parse(rs *reqStream) {
	env := c.cl.env
	r := rs.r
	fr := c.w.of(rs.s.ID)
	if rs.blocked != nil {
		if !c.ses.decodable(rs.blocked) {
			return
		}
		c.headersDecoded(rs, rs.blocked)
		rs.blocked = nil
	}
	for rs.pending > 0 && !rs.done {
		ev, used := fr.Next(rs.pending)
		if used == 0 {
			break
		}
		rs.pending -= used
		if ev.M.kind == uHeaders {
			if ev.First() && !r.GotByte {
				r.GotByte = true
				r.FirstAt = env.S.Now()
			}
			if ev.Complete() {
				if !c.ses.decodable(ev.M) {
					rs.blocked = ev.M
					c.cl.stats.Blocked++
					return
				}
				c.headersDecoded(rs, ev.M)
			}
			continue
		}
		if ev.Body > 0 {
			r.Body += ev.Body
			env.Rec.Received(r, c.id, ev.Body)
			r.Owner.Progress(r, ev.Body)
		}
	}
	switch {
	case rs.done:
	case rs.s.WasReset():
		// The server abandoned the response (RESET_STREAM): cut short.
		why := httpcore.LossReset
		if r.HdrDone {
			why = httpcore.LossTruncated
		}
		c.finished(rs)
		c.lose(rs.r, why)
	case rs.s.EOF() && rs.pending == 0 && r.HdrDone:
		c.finished(rs)
		env.Rec.ResponseDone(r, c.id, false)
		r.Done = true
		r.Owner.Complete(r, false)
	}
}

func (c *clientConn) headersDecoded(rs *reqStream, u *unit) {
	r := rs.r
	r.HdrDone = true
	r.LengthKnown = true // HTTP/3 framing delimits the body (RFC 9114 §4.1)
	c.ses.decoded(u, rs.s.ID)
	c.cl.env.Rec.FirstByte(r)
	r.Owner.Header(r, u.length, true)
}

// retryBlocked parses the responses whose field sections waited for
// insertions.
func (c *clientConn) retryBlocked() {
	for _, rs := range c.inflight {
		if rs.blocked != nil {
			c.parse(rs)
		}
	}
}

// finished takes rs off the connection; with nothing left in flight the
// response timer stops and the idle timer runs.
func (c *clientConn) finished(rs *reqStream) {
	rs.done = true
	for i, x := range c.inflight {
		if x == rs {
			c.inflight = append(c.inflight[:i], c.inflight[i+1:]...)
			break
		}
	}
	if len(c.inflight) == 0 {
		c.respTimer.Stop()
		if t := c.cl.env.Client.IdleTimeout; t > 0 && len(c.queue) == 0 {
			c.idleTimer.ResetAfter(t)
		}
	}
}

// lose hands r to the retry rule: sent again (on this origin's connection
// or a new one) or failed.
func (c *clientConn) lose(r *httpcore.Request, why httpcore.LossReason) {
	rec := c.cl.env.Rec
	rec.Lost(r, c.id, why)
	rule := httpcore.ShouldRetry(r, why)
	httpcore.ApplyRetry(r, rule)
	if !rule.Retry() {
		r.Failed = true
		r.Owner.Failed(r, rule.Why(r, why))
		return
	}
	rec.Retried(r)
	c.cl.Fetch(r)
}

func (c *clientConn) onRespTimeout() {
	if c.state == connClosed || len(c.inflight) == 0 {
		return
	}
	c.cl.env.Rec.ResponseTimeout(c.id)
	c.shut(httpcore.LossTimeout, httpcore.EndResponseTimeout)
}

func (c *clientConn) onIdle() {
	if c.state == connReady && len(c.inflight) == 0 && len(c.queue) == 0 {
		c.shut(0, httpcore.EndClientIdle)
	}
}

// shut lets the connection go (CONNECTION_CLOSE), for end; the requests
// in flight are lost for why, the queued ones go to a new connection.
func (c *clientConn) shut(why httpcore.LossReason, end httpcore.EndReason) {
	if c.state == connClosed {
		return
	}
	c.gone(end)
	if c.ep != nil {
		c.ep.Close()
	}
	c.loseAll(why, false)
}

// gone takes the connection out of use.
func (c *clientConn) gone(end httpcore.EndReason) {
	c.state = connClosed
	c.respTimer.Stop()
	c.idleTimer.Stop()
	if c.readTimer != nil {
		c.readTimer.Stop()
	}
	c.readable = nil
	if c.cl.conns[c.host] == c {
		delete(c.cl.conns, c.host)
	}
	if c.id != httpcore.NoConn {
		c.cl.env.Rec.ConnEnded(c.id, end)
	}
}

// loseAll hands the requests in flight to the retry rule and sends the
// queued ones again; broken: QUIC failed for the host, and they all go to
// the fallback.
func (c *clientConn) loseAll(why httpcore.LossReason, broken bool) {
	inflight, queue := c.inflight, c.queue
	c.inflight, c.queue = nil, nil
	cl := c.cl
	if broken && !cl.broken[c.host] {
		cl.broken[c.host] = true
		cl.stats.Broken++
	}
	for _, rs := range inflight {
		rs.done = true
		c.lose(rs.r, why)
	}
	for _, r := range queue {
		cl.Fetch(r)
	}
}

// Closed: the QUIC connection is gone. Before its handshake completed
// (a handshake timeout, a refusal) QUIC is broken for the host; after, the
// requests in flight are lost.
func (c *clientConn) Closed(e *quic.Endpoint, err error) {
	if c.state == connClosed {
		return
	}
	why, end := httpcore.LossClosed, httpcore.EndServerClosed
	switch err {
	case quic.ErrIdleTimeout, quic.ErrHandshakeTimeout:
		why, end = httpcore.LossQUIC, httpcore.EndQUICTimeout
	case quic.ErrRefused:
		why, end = httpcore.LossReset, httpcore.EndRefused
	}
	broken := !e.HandshakeComplete()
	c.gone(end)
	c.loseAll(why, broken)
}
