package link

import (
	"math/rand/v2"
	"time"

	"pagesim/model/internal/slab"
	"pagesim/sim"
)

// Net is the network of one simulation: the client's access link (the
// shared bottleneck) and per-host delay lines to the servers. Transports
// (package tcp, package quic) send their packets through it.
//
// Topology (DESIGN §3):
//
//	client ══ access link (rate, queue, loss, RTT/2 each way) ══ edge ── host delay (ExtraRTT/2 each way) ── server
//
// A proxy sits at the edge: its client-facing connections cross the access
// link, its server-facing ones only the host delay.
type Net struct {
	S     *sim.Sim
	cfg   Config
	down  *link
	up    *link
	hosts map[string]*hostPath
	// routes caches the paths of each (host, placement).
	routes map[routeKey][2]*Route
	// the packet slab (link.go)
	pkts slab.Slab[Packet]
	// cause is, while a packet's arrival is being handled, the time its
	// Receive event would have been scheduled in ns-3; -1 otherwise
	// (ties.go).
	cause time.Duration
}

type hostPath struct {
	down, up *delayLine // nil when the host adds no delay
}

// New validates the configuration and builds the access link. seed and
// run select the loss streams ("loss.down", "loss.up").
func New(s *sim.Sim, cfg Config, seed uint64, run int) (*Net, error) {
	return Reuse(nil, s, cfg, seed, run)
}

// Reuse is New that takes over the memory old grew to — its packet slab
// and the queues of its access link — for a worker running simulation
// after simulation; old (nil: nothing to reuse) must not be used again.
func Reuse(old *Net, s *sim.Sim, cfg Config, seed uint64, run int) (*Net, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	n := &Net{S: s, cfg: cfg, hosts: map[string]*hostPath{}, cause: -1}
	half := cfg.RTT / 2
	n.down = newLink(n, Down, cfg.Down, cfg.Queue, cfg.Loss, rand.New(sim.NewStream(seed, run, "loss.down")), cfg.RTT-half)
	n.up = newLink(n, Up, cfg.Up, cfg.Queue, cfg.Loss, rand.New(sim.NewStream(seed, run, "loss.up")), half)
	n.down.ties, n.up.ties = cfg.Ties, cfg.Ties
	if old != nil {
		n.pkts = old.pkts
		n.pkts.Reset() // their destinations belong to the previous run
		for _, l := range [][2]*link{{n.down, old.down}, {n.up, old.up}} {
			l[0].svc, l[0].prop.q = l[1].svc, l[1].prop.q
			l[0].svc.Reset()
			l[0].prop.q.Reset()
		}
	}
	return n, nil
}

// Config is the configuration the network was built with.
func (n *Net) Config() Config { return n.cfg }

// SetDropRule installs a deterministic drop rule on one direction of the
// access link.
func (n *Net) SetDropRule(d Dir, r Rule) {
	if d == Down {
		n.down.drop = r
	} else {
		n.up.drop = r
	}
}

// Stats returns what each direction of the access link carried.
func (n *Net) Stats() (down, up Stats) { return n.down.current(), n.up.current() }

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

// CrossesLink reports whether connections placed so use the access link.
func (p Placement) CrossesLink() bool { return p == ClientToServer || p == ClientToEdge }

type routeKey struct {
	host  string
	place Placement
}

// Routes returns the paths from the active (client) side to the passive
// side and back for a connection to host placed so. Every connection with
// the same host and placement crosses the same stages, so the routes are
// built once and shared (the stages are FIFO and shared anyway).
func (n *Net) Routes(host string, place Placement) (fwd, rev *Route) {
	if place == ClientToEdge || place == EdgeToEdge {
		host = "" // no host delay on these paths
	}
	k := routeKey{host, place}
	if r, ok := n.routes[k]; ok {
		return r[0], r[1]
	}
	var f, b []stage // f: client → server, b: server → client
	hp := n.host(host)
	switch place {
	case ClientToServer:
		f = append(f, n.up)
		if hp.up != nil {
			f = append(f, hp.up)
		}
		if hp.down != nil {
			b = append(b, hp.down)
		}
		b = append(b, n.down)
	case ClientToEdge:
		f = append(f, n.up)
		b = append(b, n.down)
	case EdgeToServer:
		if hp.up != nil {
			f = append(f, hp.up)
		}
		if hp.down != nil {
			b = append(b, hp.down)
		}
	}
	if len(f) == 0 { // keep delivery asynchronous: a zero delay is still an event
		f = append(f, &delayLine{n: n})
	}
	if len(b) == 0 {
		b = append(b, &delayLine{n: n})
	}
	r := [2]*Route{{stages: f}, {stages: b}}
	if n.routes == nil {
		n.routes = map[routeKey][2]*Route{}
	}
	n.routes[k] = r
	return r[0], r[1]
}
