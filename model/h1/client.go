package h1

import (
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/tcp"
	"pagesim/sim"
)

// Client is an HTTP/1.x connection manager — a browser's, or a smart
// proxy's toward the next hop: per-host pools of connections, a queue of
// requests waiting for one, and the strategy that decides when to reuse,
// open or pipeline (DESIGN §5).
type Client struct {
	s     *sim.Sim
	rec   httpcore.Recorder
	strat httpcore.Strategy
	cfg   httpcore.Client
	// dial opens the TCP connection of c to host (to the origin, or to
	// the next proxy).
	dial func(host string, c *clientConn) *tcp.Conn
	// viaProxy: the next hop is a proxy (Proxy-Connection applies).
	viaProxy bool
	// tlsFor is the handshake connections to host do; nil: none.
	tlsFor func(host string) (httpcore.TLSVersion, bool)
	dns    *httpcore.Resolver // nil: no lookups
	hosts  map[string]*hostPool
	open   int // connections open or connecting, all hosts
	// idle lists every idle persistent connection of every host, oldest
	// first, when the strategy caps connections in all (MaxConns): the
	// victims when the cap is reached (closeIdleElsewhere). It holds at
	// most MaxConns entries, so the search is short however many hosts the
	// page has.
	idle []*clientConn
	// waitTotal are hosts with queued requests blocked by MaxConns, in
	// the order they blocked.
	waitTotal []*hostPool
	ids       *httpcore.ConnIDs
	// onConn, when set, is told of every connection the client opens (for
	// tests).
	onConn func(c *clientConn)
	// proxies is the chain in front of a browser, client side first.
	proxies []*proxy
	// hostRoute, when set, is the version and connection limit of one
	// host (the as-recorded strategy's, httpcore.RecordedRoute); nil:
	// Strategy.HTTP and Strategy.Conns.
	hostRoute func(host string) (httpcore.HTTPVersion, int)
}

// hostPool is the client's state for one host.
type hostPool struct {
	name       string
	queue      []*httpcore.Request
	conns      []*clientConn        // open or connecting
	idle       []*clientConn        // idle persistent connections; the last is the most recently used
	limit      int                  // connections allowed; starts at Strategy.Conns
	http       httpcore.HTTPVersion // the version spoken to this host: Strategy.HTTP, or the recorded one (as-recorded)
	connecting int
	waiting    bool // in Client.waitTotal
}

func (cl *Client) pool(host string) *hostPool {
	p := cl.hosts[host]
	if p == nil {
		version, limit := cl.strat.HTTP, cl.strat.Conns
		if cl.hostRoute != nil {
			version, limit = cl.hostRoute(host)
		}
		p = &hostPool{name: host, limit: limit, http: version}
		cl.hosts[host] = p
	}
	return p
}

// Fetch queues a request and tries to send it.
func (cl *Client) Fetch(r *httpcore.Request) {
	p := cl.pool(r.Host)
	p.queue = append(p.queue, r)
	cl.dispatch(p)
}

// dispatch sends queued requests of one host on connections the strategy
// allows: a pipelined connection with room, an idle persistent one (most
// recently used first), or a new one.
func (cl *Client) dispatch(p *hostPool) {
	for len(p.queue) > 0 {
		if c := cl.pickConn(p); c != nil {
			r := p.queue[0]
			p.queue = p.queue[1:]
			c.send(r)
			continue
		}
		// Each connection being set up will take one queued request.
		if len(p.queue) <= p.connecting {
			return
		}
		if len(p.conns) >= p.limit {
			return
		}
		if cl.strat.MaxConns > 0 && cl.open >= cl.strat.MaxConns {
			if !cl.closeIdleElsewhere(p) {
				if !p.waiting {
					p.waiting = true
					cl.waitTotal = append(cl.waitTotal, p)
				}
				return
			}
			continue
		}
		cl.connect(p)
	}
}

// closeIdleElsewhere frees a slot under MaxConns by closing the least
// recently used idle connection of another host, as browsers do when the
// socket pool is full; ties go to the host whose name sorts first. It
// reports whether it closed one.
func (cl *Client) closeIdleElsewhere(p *hostPool) bool {
	var victim *clientConn
	for _, c := range cl.idle {
		if c.pool == p {
			continue
		}
		if victim == nil || c.idleSince < victim.idleSince || c.idleSince == victim.idleSince && c.pool.name < victim.pool.name {
			victim = c
		}
	}
	if victim == nil {
		return false
	}
	victim.shut(0, httpcore.EndPoolFull)
	return true
}

// pickConn returns a connection that can take the next request now, or nil.
func (cl *Client) pickConn(p *hostPool) *clientConn {
	if c := cl.pipelineConn(p); c != nil {
		return c
	}
	for n := len(p.idle); n > 0; n = len(p.idle) {
		c := p.idle[n-1] // most recently used first
		c.leaveIdle()
		if c.usable() {
			return c
		}
	}
	return nil
}

// connect opens a new connection to p's host (after a DNS lookup the first
// time, when the host has one).
func (cl *Client) connect(p *hostPool) {
	c := &clientConn{cl: cl, pool: p, kaLeft: -1, id: httpcore.NoConn, dnsFrom: -1}
	cl.s.InitTimer(&c.idleTimer, (*connIdleFire)(c))
	cl.s.InitTimer(&c.respTimer, (*connRespFire)(c))
	p.conns = append(p.conns, c)
	p.connecting++
	cl.open++
	c.state = connDNS
	from := cl.now()
	if cl.dns.Resolve(p.name, func() {
		if c.state == connDNS {
			c.dnsFrom = from
			c.dial()
		}
	}) {
		c.dial()
	}
}

// connDone is called when a connection is gone; it frees its slot and lets
// waiting requests go.
func (cl *Client) connDone(c *clientConn) {
	p := c.pool
	for i, x := range p.conns {
		if x == c {
			p.conns = append(p.conns[:i], p.conns[i+1:]...)
			break
		}
	}
	c.leaveIdle()
	cl.open--
	cl.dispatch(p)
	cl.kickWaiting()
}

// kickWaiting retries the hosts blocked by MaxConns: a slot is free, or an
// idle connection elsewhere can be closed for them.
func (cl *Client) kickWaiting() {
	if len(cl.waitTotal) == 0 {
		return
	}
	w := cl.waitTotal
	cl.waitTotal = nil
	for _, q := range w {
		q.waiting = false
	}
	for _, q := range w {
		cl.dispatch(q)
	}
}

// requeue puts lost requests back at the front of their host's queue, in
// their original order.
func (cl *Client) requeue(p *hostPool, rs []*httpcore.Request) {
	if len(rs) == 0 {
		return
	}
	q := make([]*httpcore.Request, 0, len(rs)+len(p.queue))
	q = append(q, rs...)
	p.queue = append(q, p.queue...)
}

// failQueued fails every request waiting for host p: its server cannot be
// reached, as connection c, dialled for them, found.
func (cl *Client) failQueued(p *hostPool, c *clientConn, why string) {
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

// now is the engine's clock.
func (cl *Client) now() time.Duration { return cl.s.Now() }
