package model

import (
	"math/rand/v2"
	"time"

	"pagesim/sim"
)

// Net is the network of one simulation: the client's access link (the
// shared bottleneck), per-host delay lines to the servers, and the TCP
// connections over them. It is the layer HTTP builds on; tests of TCP use
// it directly.
//
// Topology (DESIGN §3):
//
//	client ══ access link (rate, queue, loss, RTT/2 each way) ══ edge ── host delay (ExtraRTT/2 each way) ── server
//
// A proxy sits at the edge: its client-facing connections cross the access
// link, its server-facing ones only the host delay.
type Net struct {
	S     *sim.Sim
	cfg   Network
	tcp   TCP
	down  *link
	up    *link
	hosts map[string]*hostPath
	conns []*Conn
	trace *Trace
	// destroyed counts bytes destroyed by RSTs at client-side receivers.
	destroyed   int64
	cwndHook    func(e *Endpoint)
	retransmits int64
	// spuriousRTOs counts timeouts F-RTO found spurious.
	spuriousRTOs int
	routeCache   map[routeKey][2]*route
	// the packet slab (link.go)
	pkts     []packet
	freePkts []pktID
	rtoCount int
}

type hostPath struct {
	down, up *delayLine // nil when the host adds no delay
}

// NewNet validates the network and TCP settings and builds the access
// link. seed and run select the loss streams.
func NewNet(s *sim.Sim, nw Network, tcp TCP, seed uint64, run int) (*Net, error) {
	if err := nw.Validate(); err != nil {
		return nil, err
	}
	if err := tcp.Validate(nw); err != nil {
		return nil, err
	}
	n := &Net{S: s, cfg: nw, tcp: tcp, hosts: map[string]*hostPath{}}
	half := nw.RTT / 2
	n.down = newLink(n, Down, nw.Down, nw.Queue, nw.Header, nw.Loss, rand.New(sim.NewStream(seed, run, "loss.down")), nw.RTT-half)
	n.up = newLink(n, Up, nw.Up, nw.Queue, nw.Header, nw.Loss, rand.New(sim.NewStream(seed, run, "loss.up")), half)
	return n, nil
}

// Validate checks a Network; the error names the field.
func (nw Network) Validate() error {
	switch {
	case nw.RTT < 0:
		return fieldErr("network.rtt", "%v is negative", nw.RTT)
	case nw.Down <= 0:
		return fieldErr("network.down", "rate must be positive, got %d bps", int64(nw.Down))
	case nw.Up <= 0:
		return fieldErr("network.up", "rate must be positive, got %d bps", int64(nw.Up))
	case nw.Queue < 1:
		return fieldErr("network.queue", "must be at least 1 packet, got %d", nw.Queue)
	case nw.Loss < 0 || nw.Loss > 1 || nw.Loss != nw.Loss:
		return fieldErr("network.loss", "must be between 0%% and 100%%, got %g%%", nw.Loss*100)
	case nw.MSS <= 0:
		return fieldErr("network.mss", "must be positive, got %d B", int64(nw.MSS))
	case nw.Header < 0:
		return fieldErr("network.header", "must not be negative, got %d B", int64(nw.Header))
	}
	return nil
}

// Validate checks a TCP configuration against its network.
func (t TCP) Validate(nw Network) error {
	switch {
	case t.InitCwnd < 1:
		return fieldErr("tcp.initcwnd", "must be at least 1 segment, got %d", t.InitCwnd)
	case t.RWnd < nw.MSS:
		return fieldErr("tcp.rwnd", "must be at least one MSS (%d B), got %d B", int64(nw.MSS), int64(t.RWnd))
	case t.MinRTO <= 0:
		return fieldErr("tcp.min_rto", "must be positive, got %v", t.MinRTO)
	case t.DelayedACK < 0:
		return fieldErr("tcp.delayed_ack", "must not be negative, got %v", t.DelayedACK)
	}
	switch t.CC {
	case Reno, NewReno, Cubic:
	default:
		return fieldErr("tcp.cc", "unknown algorithm %q (expected reno, newreno or cubic)", t.CC)
	}
	switch t.SlowStartIncrease {
	case SSIncreaseRFC5681, SSIncreaseABC2, SSIncreaseLinux:
	default:
		return fieldErr("tcp.slow_start_increase", "unknown rule %q (expected rfc5681, abc2 or linux)", t.SlowStartIncrease)
	}
	return nil
}

// SetDropRule installs a deterministic drop rule on one direction of the
// access link.
func (n *Net) SetDropRule(d Dir, r DropRule) {
	if d == Down {
		n.down.drop = r
	} else {
		n.up.drop = r
	}
}

// SetTrace makes the network record typed trace records into t.
func (n *Net) SetTrace(t *Trace) { n.trace = t }

// Stats returns what each direction of the access link carried.
func (n *Net) Stats() (down, up LinkStats) { return n.down.current(), n.up.current() }

// Retransmits is the number of segments sent again by any endpoint.
func (n *Net) Retransmits() int64 { return n.retransmits }

// SpuriousRTOs is the number of retransmission timeouts F-RTO declared
// spurious (RFC 5682).
func (n *Net) SpuriousRTOs() int { return n.spuriousRTOs }

// RTOs is the number of retransmission-timer expiries at any endpoint.
func (n *Net) RTOs() int { return n.rtoCount }

// Destroyed is the number of bytes RSTs destroyed in the receive buffers
// of client endpoints on the access link.
func (n *Net) Destroyed() int64 { return n.destroyed }

// OnCwnd installs a hook called on every cwnd change of an endpoint whose
// connection crosses the access link.
func (n *Net) OnCwnd(f func(e *Endpoint)) { n.cwndHook = f }

// Conns lists every connection opened so far.
func (n *Net) Conns() []*Conn { return n.conns }

// AddHost registers the extra round-trip delay of a host: ExtraRTT/2 is
// added on each side of the access link's far end.
func (n *Net) AddHost(name string, extra time.Duration) {
	hp := &hostPath{}
	if extra > 0 {
		half := extra / 2
		hp.down = &delayLine{n: n, delay: half}
		hp.up = &delayLine{n: n, delay: extra - half}
	}
	n.hosts[name] = hp
}

func (n *Net) host(name string) *hostPath {
	hp, ok := n.hosts[name]
	if !ok {
		n.AddHost(name, 0)
		hp = n.hosts[name]
	}
	return hp
}

// Placement says which parts of the path a connection crosses.
type Placement int

// Placements.
const (
	// ClientToServer: access link, then the host's delay.
	ClientToServer Placement = iota
	// ClientToEdge: access link only (client to a proxy at the edge).
	ClientToEdge
	// EdgeToServer: the host's delay only (proxy to server).
	EdgeToServer
	// EdgeToEdge: no delay (proxy to proxy).
	EdgeToEdge
)

// Dial creates a connection between two new endpoints. The active side
// (a) is the client; b listens. Call a.Connect to send the SYN. host names
// the server end for its delay; label is for traces.
func (n *Net) Dial(host string, place Placement, a, b App) *Conn {
	c := &Conn{ID: len(n.conns), Host: host, net: n}
	n.conns = append(n.conns, c)
	c.A = newEndpoint(n, c, true, a)
	c.B = newEndpoint(n, c, false, b)
	c.A.peer, c.B.peer = c.B, c.A
	r := n.routes(host, place)
	c.A.out, c.B.out = r[0], r[1]
	c.crossesLink = place == ClientToServer || place == ClientToEdge
	return c
}

type routeKey struct {
	host  string
	place Placement
}

// routes returns the paths A→B and B→A for a placement. Every connection
// with the same host and placement crosses the same stages, so the routes
// are built once and shared (the stages are FIFO and shared anyway).
func (n *Net) routes(host string, place Placement) [2]*route {
	if place == ClientToEdge || place == EdgeToEdge {
		host = "" // no host delay on these paths
	}
	k := routeKey{host, place}
	if r, ok := n.routeCache[k]; ok {
		return r
	}
	var fwd, rev []stage // fwd: A→B, rev: B→A
	hp := n.host(host)
	switch place {
	case ClientToServer:
		fwd = append(fwd, n.up)
		if hp.up != nil {
			fwd = append(fwd, hp.up)
		}
		if hp.down != nil {
			rev = append(rev, hp.down)
		}
		rev = append(rev, n.down)
	case ClientToEdge:
		fwd = append(fwd, n.up)
		rev = append(rev, n.down)
	case EdgeToServer:
		if hp.up != nil {
			fwd = append(fwd, hp.up)
		}
		if hp.down != nil {
			rev = append(rev, hp.down)
		}
	}
	if len(fwd) == 0 { // keep delivery asynchronous: a zero delay is still an event
		fwd = append(fwd, &delayLine{n: n})
	}
	if len(rev) == 0 {
		rev = append(rev, &delayLine{n: n})
	}
	r := [2]*route{{stages: fwd}, {stages: rev}}
	if n.routeCache == nil {
		n.routeCache = map[routeKey][2]*route{}
	}
	n.routeCache[k] = r
	return r
}

// Conn is one TCP connection: two endpoints and the path between them.
type Conn struct {
	ID   int
	Host string
	A, B *Endpoint // A: active opener (client side), B: passive (server side)
	net  *Net
	// crossesLink: its packets use the access link (traced cwnd, counters).
	crossesLink bool
}
