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
	// alloc allocates the messages and pending responses of the client
	// and of every server and proxy it reaches (allocs).
	alloc allocs
	open  int // connections open or connecting, all hosts
	// idle lists every idle persistent connection of every host, oldest
	// first, when the strategy caps connections in all (MaxConns): the
	// victims when the cap is reached (closeIdleElsewhere). It holds at
	// most MaxConns entries, so the search is short however many hosts the
	// page has.
	idle []*clientConn
	// waitTotal are hosts with queued requests blocked by MaxConns, in
	// the order they blocked; waitSpare is the array of an earlier list,
	// kept for the next (kickWaiting rebuilds the list).
	waitTotal []*hostPool
	waitSpare []*hostPool
	// waitOdd counts the hosts of waitTotal that are not plainly blocked
	// (blockedHost), oddNew those of them added by the running kick
	// (kickWaiting). gen numbers the kicks; kicking is how many are
	// running (one can start inside another); moved counts the hosts
	// wait took out of a running kick's old list.
	waitOdd, oddNew int
	gen             uint64
	kicking         int
	moved           int
	rests           int // kicks that kept a rest of the list (for tests)
	nested          int // kicks started inside another (for tests)
	ids             *httpcore.ConnIDs
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
	waiting    bool   // in Client.waitTotal
	odd        bool   // waiting and not blockedHost: counted in Client.waitOdd
	addedGen   uint64 // the Client.gen at which it was put in waitTotal
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
	cl.classify(p)
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
			cl.classify(p)
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
				cl.wait(p)
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
	cl.classify(p)
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
			cl.classify(p)
			break
		}
	}
	c.leaveIdle()
	cl.open--
	cl.dispatch(p)
	cl.kickWaiting()
}

// kickWaiting retries the hosts blocked by MaxConns: a slot is free, or an
// idle connection elsewhere can be closed for them. Its result is that of
// taking the list and dispatching each host in turn — those still blocked
// go back in the same order — which is what referenceKick does.
//
// A page of thousands of hosts under one connection keeps nearly all of
// them in the list, and each freed slot calls this: dispatching all of
// them made such a page quadratic in its hosts. So it stops as soon as
// the rest of the list is plainly blocked (noSlot, and none of them odd:
// dispatch would only put each back, in order) and keeps that rest as it
// is, behind the hosts it put back; a host is reset (not waiting) only
// when the walk reaches it. What the walk must still do as dispatching
// everything did is handled by wait: a host another host's dispatch puts
// in the list, while it is still in the unwalked rest, joins the new list
// at once (and the rest is then walked in full). TestKickWaitingShortcuts
// checks the two against each other. (Such a move, and a kick started
// inside another with work to do, did not occur on its 300 random pages:
// closing an idle victim does start a kick, but before anyone is put
// back. The rules are there so that the equivalence does not rest on it.)
func (cl *Client) kickWaiting() {
	if useReferenceKick {
		cl.referenceKick()
		return
	}
	if len(cl.waitTotal) == 0 || cl.waitOdd == 0 && cl.noSlot() {
		return // all blocked: the list rebuilt would be this one
	}
	cl.gen++
	cl.oddNew = 0
	cl.kicking++
	if cl.kicking > 1 {
		cl.nested++
	}
	w := cl.waitTotal
	cl.waitTotal, cl.waitSpare = cl.waitSpare[:0], nil
	moved := cl.moved
	rest := len(w)
	for i, q := range w {
		// Only the outermost kick keeps a rest: hosts left in it keep
		// the gen they had, which an enclosing kick would misread.
		if cl.kicking == 1 && cl.moved == moved && cl.waitOdd == cl.oddNew && cl.noSlot() {
			rest = i
			break
		}
		if q.waiting && q.addedGen < cl.gen {
			q.waiting = false
			cl.classify(q)
		}
		if cl.noSlot() && blockedHost(q) {
			cl.wait(q) // what dispatch would do
			continue
		}
		cl.dispatch(q)
	}
	cl.kicking--
	put := cl.waitTotal
	switch {
	case rest == len(w):
		clear(w)
		cl.keepSpare(w)
	case len(put) <= rest:
		cl.rests++
		// w[rest:] stays where it is; the hosts put back go in front.
		start := rest - len(put)
		copy(w[start:rest], put)
		clear(w[:start])
		cl.waitTotal = w[start:]
		clear(put)
		cl.keepSpare(put)
	default:
		cl.rests++
		cl.waitTotal = append(put, w[rest:]...)
		clear(w)
		cl.keepSpare(w)
	}
}

// keepSpare keeps a, an array no list uses, for the next kick.
func (cl *Client) keepSpare(a []*hostPool) {
	if cl.waitSpare == nil && cap(a) > 0 {
		cl.waitSpare = a[:0]
	}
}

// referenceKick is kickWaiting as its definition says: every host of the
// list dispatched in turn. Tests switch to it (TestKickWaitingShortcuts).
func (cl *Client) referenceKick() {
	w := cl.waitTotal
	cl.waitTotal = nil
	for _, q := range w {
		q.waiting = false
		cl.classify(q)
	}
	for _, q := range w {
		cl.dispatch(q)
	}
}

// useReferenceKick, in tests, makes kickWaiting dispatch every waiting
// host.
var useReferenceKick bool

// wait puts p at the end of the hosts waiting for a slot, unless it is
// there already. A host still in the unwalked rest of a running kick's
// list is not in the list that kick is building — dispatching every host
// in turn would have taken it out — so it joins that list now.
func (cl *Client) wait(p *hostPool) {
	if p.waiting {
		if cl.kicking == 0 || p.addedGen == cl.gen {
			return
		}
		p.waiting = false
		cl.classify(p)
		cl.moved++
	}
	p.waiting = true
	p.addedGen = cl.gen
	cl.waitTotal = append(cl.waitTotal, p)
	cl.classify(p)
}

// noSlot: every connection MaxConns allows is taken and none is idle to be
// closed for another host.
func (cl *Client) noSlot() bool {
	return cl.strat.MaxConns > 0 && cl.open >= cl.strat.MaxConns && len(cl.idle) == 0
}

// blockedHost: with noSlot, dispatch(p) would do nothing but put p back
// in the waiting list — p has requests and no connection of its own (none
// to reuse or pipeline on, none being set up).
func blockedHost(p *hostPool) bool {
	return len(p.queue) > 0 && len(p.conns) == 0 && p.limit > 0
}

// classify keeps p.odd, Client.waitOdd and Client.oddNew up to date; it is
// called wherever p's queue, connections or place in the waiting list
// change.
func (cl *Client) classify(p *hostPool) {
	odd := p.waiting && !blockedHost(p)
	if odd == p.odd {
		return
	}
	p.odd = odd
	d := 1
	if !odd {
		d = -1
	}
	cl.waitOdd += d
	if p.addedGen == cl.gen {
		cl.oddNew += d
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
	cl.classify(p)
}

// failQueued fails every request waiting for host p: its server cannot be
// reached, as connection c, dialled for them, found.
func (cl *Client) failQueued(p *hostPool, c *clientConn, why string) {
	q := p.queue
	p.queue = nil
	cl.classify(p)
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
