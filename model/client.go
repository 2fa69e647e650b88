package model

import (
	"time"

	"pagesim/model/tcp"
	"pagesim/sim"
)

// httpClient is a browser's (or a smart proxy's) connection manager:
// per-host pools of connections, a queue of requests waiting for one, and
// the strategy that decides when to reuse, open or pipeline (DESIGN §5).
type httpClient struct {
	w      *world
	name   string // "client" or "proxy N", for traces
	strat  Strategy
	cfg    Client
	dialer func(host string, cc *clientConn) *tcp.Conn
	// viaProxy: the next hop is a proxy (Proxy-Connection applies).
	viaProxy bool
	// tls: whether connections do the host's TLS handshake.
	tls   bool
	hosts map[string]*hostPool
	open  int // connections open or connecting, all hosts
	// waitTotal are hosts with queued requests blocked by MaxConns, in
	// the order they blocked.
	waitTotal []*hostPool
	// onConn, when set, is told of every connection the client opens.
	onConn func(cc *clientConn)
}

// hostPool is the client's state for one host.
type hostPool struct {
	name       string
	queue      []*request
	conns      []*clientConn // open or connecting
	idle       []*clientConn // idle persistent connections; the last is the most recently used
	limit      int           // connections allowed; starts at Strategy.Conns
	connecting int
	waiting    bool // in httpClient.waitTotal
	dns        dnsState
	dnsStart   time.Duration
	dnsDone    time.Duration
}

type dnsState uint8

const (
	dnsNone dnsState = iota
	dnsPending
	dnsDone
)

func newHTTPClient(w *world, name string, strat Strategy, cfg Client) *httpClient {
	return &httpClient{w: w, name: name, strat: strat, cfg: cfg, hosts: map[string]*hostPool{}}
}

func (cl *httpClient) pool(host string) *hostPool {
	p := cl.hosts[host]
	if p == nil {
		p = &hostPool{name: host, limit: cl.strat.Conns}
		if cl.w.hostCfg(host).DNS == 0 || cl.name != "client" {
			p.dns = dnsDone
		}
		cl.hosts[host] = p
	}
	return p
}

// fetch queues a request and tries to send it.
func (cl *httpClient) fetch(r *request) {
	p := cl.pool(r.host)
	p.queue = append(p.queue, r)
	cl.dispatch(p)
}

// dispatch sends queued requests of one host on connections the strategy
// allows: a pipelined connection with room, an idle persistent one (most
// recently used first), or a new one.
func (cl *httpClient) dispatch(p *hostPool) {
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
			if !cl.idleElsewhere(p) {
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

// idleElsewhere frees a slot under MaxConns by closing the least recently
// used idle connection of another host, as browsers do when the socket
// pool is full. It reports whether it closed one.
func (cl *httpClient) idleElsewhere(p *hostPool) bool {
	var victim *clientConn
	for _, h := range cl.w.hostOrder {
		q := cl.hosts[h]
		if q == nil || q == p || len(q.idle) == 0 {
			continue
		}
		if c := q.idle[0]; victim == nil || c.idleSince < victim.idleSince {
			victim = c
		}
	}
	if victim == nil {
		return false
	}
	victim.shut(0, "closed by client (pool full)")
	return true
}

// pickConn returns a connection that can take the next request now, or nil.
func (cl *httpClient) pickConn(p *hostPool) *clientConn {
	if cl.strat.Pipeline && cl.strat.HTTP == HTTP11 && idempotent(p.queue[0].method) {
		// Pipelining (RFC 9112 §9.3.2): any persistent connection with room
		// in its pipeline; the least loaded one first. Not with a
		// non-idempotent request on either side (§9.3.2: clients SHOULD
		// NOT pipeline them — lost with the connection, they cannot be
		// retried): a POST waits for an idle connection, and nothing is
		// pipelined behind one until its response has come.
		var best *clientConn
	conns:
		for _, c := range p.conns {
			if !c.canPipeline() {
				continue
			}
			for _, r := range c.inflight {
				if !idempotent(r.method) {
					continue conns
				}
			}
			if best == nil || len(c.inflight) < len(best.inflight) {
				best = c
			}
		}
		if best != nil {
			return best
		}
	}
	for n := len(p.idle); n > 0; n = len(p.idle) {
		c := p.idle[n-1] // most recently used first
		p.idle = p.idle[:n-1]
		if c.usable() {
			return c
		}
	}
	return nil
}

// connect opens a new connection to p's host (after a DNS lookup the first
// time, when the host has one).
func (cl *httpClient) connect(p *hostPool) {
	cc := &clientConn{cl: cl, pool: p, kaLeft: -1}
	cl.w.s.InitTimer(&cc.idleTimer, (*ccIdleFire)(cc))
	cl.w.s.InitTimer(&cc.respTimer, (*ccRespFire)(cc))
	p.conns = append(p.conns, cc)
	p.connecting++
	cl.open++
	cc.queuedAt = cl.w.s.Now()
	switch p.dns {
	case dnsDone:
		cc.dial()
	case dnsNone:
		p.dns = dnsPending
		p.dnsStart = cl.w.s.Now()
		cl.w.s.After(cl.w.hostCfg(p.name).DNS, sim.Func(func(now time.Duration) {
			p.dns = dnsDone
			p.dnsDone = now
			for _, c := range p.conns {
				if c.state == ccDNS {
					c.dial()
				}
			}
		}))
		cc.state = ccDNS
	case dnsPending:
		cc.state = ccDNS
	}
}

// connDone is called when a connection is gone; it frees its slot and lets
// waiting requests go.
func (cl *httpClient) connDone(c *clientConn) {
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
func (cl *httpClient) kickWaiting() {
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
func (cl *httpClient) requeue(p *hostPool, rs []*request) {
	if len(rs) == 0 {
		return
	}
	q := make([]*request, 0, len(rs)+len(p.queue))
	q = append(q, rs...)
	p.queue = append(q, p.queue...)
}

// failQueued fails every request waiting for host p (its server cannot be
// reached).
func (cl *httpClient) failQueued(p *hostPool, why string) {
	q := p.queue
	p.queue = nil
	for _, r := range q {
		r.failed = true
		r.owner.failed(r, why)
	}
}
