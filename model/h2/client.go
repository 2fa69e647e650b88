package h2

import (
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/link"
	"pagesim/model/tcp"
	"pagesim/sim"
)

// Env is what the HTTP/2 layer needs of a simulation beyond what every
// transport shares: the TCP stack, and the origins' settings.
type Env struct {
	*httpcore.Env
	TCP    *tcp.Stack
	Server httpcore.Server
}

// Client is a browser's HTTP/2 transport: one connection per origin
// (coalesced across hosts that share an address and a certificate, RFC
// 9113 §9.1.1), every request of the origin a stream on it as soon as it
// is made, up to the server's SETTINGS_MAX_CONCURRENT_STREAMS; requests
// beyond wait for a stream to close, the most urgent first (as Chrome
// queues them).
type Client struct {
	s   *sim.Sim
	env *Env
	rec httpcore.Recorder
	cfg httpcore.Client
	h2  httpcore.H2Client
	// pools by host, and in the order they were made (iteration order is
	// fixed: runs are deterministic).
	pools map[string]*pool
	order []*pool
	// conns are the connections not yet let go, in the order they were
	// dialled.
	conns []*conn
	// onConn, when set, is told of every connection the client opens (for
	// tests).
	onConn func(c *conn)
}

// pool is the client's state for one host: the requests waiting for a
// connection, and the connection it opened for them.
type pool struct {
	host      string
	cfg       httpcore.Host
	queue     []*httpcore.Request
	conn      *conn // the host's own connection, while it takes new streams
	resolving bool
	resolved  bool
	// dnsFrom is when the host's requests began waiting for its DNS
	// lookup, until the connection dialled after it says so (ConnDNS);
	// -1: none waited.
	dnsFrom time.Duration
	// waitDrain: a connection failed before it was ready while another
	// to the host was draining; the requests wait for that one to end.
	waitDrain bool
}

// NewClient builds the HTTP/2 transport of strategy st's client cfg.
func NewClient(env *Env, st httpcore.Strategy, cfg httpcore.Client) *Client {
	return &Client{s: env.S, env: env, rec: env.Rec, cfg: cfg, h2: st.H2, pools: map[string]*pool{}}
}

func (cl *Client) pool(host string) *pool {
	p := cl.pools[host]
	if p == nil {
		p = &pool{host: host, cfg: cl.env.Hosts(host), dnsFrom: -1}
		cl.pools[host] = p
		cl.order = append(cl.order, p)
	}
	return p
}

// Fetch queues r and sends it as soon as a connection can carry it.
func (cl *Client) Fetch(r *httpcore.Request) {
	p := cl.pool(r.Host)
	p.queue = append(p.queue, r)
	cl.dispatch(p)
}

// dispatch hands p's queued requests to a connection: the host's own, or
// one it may coalesce onto; else it opens one. The host is looked up in
// DNS first (browsers coalesce only once the new host's address is known
// to match, RFC 9113 §9.1.1).
func (cl *Client) dispatch(p *pool) {
	if len(p.queue) == 0 {
		return
	}
	if !p.resolved {
		if p.resolving {
			return
		}
		p.resolving = true
		from := cl.s.Now()
		if !cl.env.DNS.Resolve(p.host, func() {
			p.resolved = true
			p.dnsFrom = from
			cl.dispatch(p)
		}) {
			return
		}
		p.resolved = true
	}
	if p.waitDrain {
		if cl.hostConns(p) > 0 {
			return
		}
		p.waitDrain = false
	}
	c := p.conn
	if c == nil {
		c = cl.coalesced(p)
	}
	if c == nil {
		c = cl.dial(p)
	}
	if c.state != connReady {
		return // it takes them when ready
	}
	q := p.queue
	p.queue = nil
	for _, r := range q {
		c.submit(r)
	}
	c.openStreams()
}

// dispatchAll dispatches every host with queued requests.
func (cl *Client) dispatchAll() {
	for _, p := range cl.order {
		cl.dispatch(p)
	}
}

// coalesced returns a ready connection to another host that p's requests
// may use (coalesce), or nil.
func (cl *Client) coalesced(p *pool) *conn {
	for _, c := range cl.conns {
		if c.state == connReady && c.usable() && coalesce(c.pool.cfg, p.cfg) {
			return c
		}
	}
	return nil
}

// coalesce is RFC 9113 §9.1.1's condition for using a connection to host
// a for host b: the server is authoritative for b — its certificate
// covers b (the same certificate, hosts.NAME.cert) — and b resolves to the
// connection's address (hosts.NAME.address). Only TLS connections carry a
// certificate; h2c is never coalesced.
func coalesce(a, b httpcore.Host) bool {
	return a.Address != "" && a.Address == b.Address && a.Cert != "" && a.Cert == b.Cert &&
		a.TLS.Handshakes() && b.TLS.Handshakes() && !a.NoH2 && !b.NoH2
}

// dial opens the host's connection.
func (cl *Client) dial(p *pool) *conn {
	c := newConn(cl, p)
	p.conn = c
	cl.conns = append(cl.conns, c)
	env := cl.env
	c.tc = env.TCP.Dial(p.host, link.ClientToServer, c, acceptOrigin(env.S, &env.Server, env.Origins[p.host], env.Origins, c.wire))
	c.ep = c.tc.A
	c.out.ep = c.ep
	c.rd = httpcore.NewReader(cl.s, cl.cfg.ReadRate, c.ep, c)
	c.id = env.IDs.Next()
	cl.rec.ConnOpened(c.id, p.host, c.tc.ID)
	if p.dnsFrom >= 0 {
		cl.rec.ConnDNS(c.id, p.dnsFrom)
		p.dnsFrom = -1 // the next connection to the host finds it resolved
	}
	if cl.onConn != nil {
		cl.onConn(c)
	}
	c.ep.Connect()
	return c
}

// hostConns is the number of p's connections not yet let go.
func (cl *Client) hostConns(p *pool) int {
	n := 0
	for _, c := range cl.conns {
		if c.pool == p {
			n++
		}
	}
	return n
}

// gone takes a connection that was let go off the client's lists.
func (cl *Client) gone(c *conn) {
	cl.conns = removeConn(cl.conns, c)
	if c.pool.conn == c {
		c.pool.conn = nil
	}
}

// requeue puts requests back at the front of their hosts' queues, in
// order.
func (cl *Client) requeue(rs []*httpcore.Request) {
	for i := len(rs) - 1; i >= 0; i-- {
		p := cl.pool(rs[i].Host)
		p.queue = append([]*httpcore.Request{rs[i]}, p.queue...)
	}
}

// failQueued fails every request waiting for host p, which connection c,
// dialled for them, could not reach.
func (cl *Client) failQueued(p *pool, c *conn, why string) {
	q := p.queue
	p.queue = nil
	for _, r := range q {
		if c.id != httpcore.NoConn {
			cl.rec.DialFailed(r, c.id)
		}
		r.Failed = true
		r.Owner.Failed(r, why)
	}
}

func removeConn(l []*conn, c *conn) []*conn {
	for i, x := range l {
		if x == c {
			return append(l[:i], l[i+1:]...)
		}
	}
	return l
}

// priorityOf is the urgency and incremental flag of r's object.
func (cl *Client) priorityOf(r *httpcore.Request) (int, bool) {
	if o := cl.env.Content.Object(r.Obj); o != nil {
		return o.Urgency, o.Incremental
	}
	return defaultUrgency, false
}

func (cl *Client) urgency(r *httpcore.Request) int {
	u, _ := cl.priorityOf(r)
	return u
}
