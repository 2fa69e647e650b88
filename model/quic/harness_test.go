package quic

import (
	"testing"
	"time"

	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
)

// A test world: one client fetching objects from one server over a QUIC
// connection on its own network. The client opens a stream per object
// once it may (at Ready), writes a request and a FIN; the server answers
// each request, once its FIN arrives, with the object and a FIN.

type world struct {
	s   *sim.Sim
	net *link.Net
	st  *Stack
	c   *Conn
	cl  *client
	sv  *server
}

type client struct {
	t        testing.TB
	req      units.Bytes
	sizes    []units.Bytes
	next     int
	done     []time.Duration // when each object's last byte was read; 0: not yet
	got      []units.Bytes
	ready    time.Duration
	readyAt  bool
	conn     time.Duration
	closed   error
	isClosed bool
	s        *sim.Sim
	order    []int // objects in the order they completed
	onRead   func(obj int)
	// wave, when set, holds back the objects from wave on until the
	// first wave has completed (a page's second round of requests).
	wave   int
	opened []time.Duration // when each object's stream was opened
}

func (c *client) Accept(*Endpoint) bool { return true }
func (c *client) Connected(e *Endpoint) { c.conn = c.s.Now() }
func (c *client) Ready(e *Endpoint) {
	c.ready, c.readyAt = c.s.Now(), true
	c.open(e)
}
func (c *client) StreamsAvailable(e *Endpoint) { c.open(e) }
func (c *client) open(e *Endpoint) {
	for c.next < len(c.sizes) {
		if c.wave > 0 && c.next == c.wave && len(c.order) < c.wave {
			return // the second wave waits for the first
		}
		s := e.OpenStream(false)
		if s == nil {
			return
		}
		s.Data = c.next
		if c.opened != nil {
			c.opened[c.next] = c.s.Now()
		}
		c.next++
		s.Write(c.req)
		s.CloseWrite()
	}
}
func (c *client) StreamOpened(*Endpoint, *Stream) {}
func (c *client) Readable(s *Stream) {
	i := s.Data.(int)
	n := s.Read(0)
	c.got[i] += n
	if n > 0 && c.onRead != nil {
		c.onRead(i)
	}
	if s.EOF() && c.done[i] == 0 {
		c.done[i] = c.s.Now()
		c.order = append(c.order, i)
		if c.got[i] != c.sizes[i] {
			c.t.Errorf("object %d: read %d bytes, want %d", i, c.got[i], c.sizes[i])
		}
		if c.wave > 0 && len(c.order) == c.wave {
			c.open(s.e)
		}
	}
}
func (c *client) Closed(e *Endpoint, err error) { c.closed, c.isClosed = err, true }

type server struct {
	sizes  []units.Bytes
	think  time.Duration
	s      *sim.Sim
	reqs   int
	ready  bool
	closed error
}

func (v *server) Accept(*Endpoint) bool               { return true }
func (v *server) Connected(*Endpoint)                 {}
func (v *server) Ready(*Endpoint)                     { v.ready = true }
func (v *server) StreamsAvailable(*Endpoint)          {}
func (v *server) StreamOpened(e *Endpoint, s *Stream) {}
func (v *server) Readable(s *Stream) {
	s.Read(0)
	if !s.EOF() || s.Data != nil {
		return
	}
	i := int(s.ID / 4)
	s.Data = i
	v.reqs++
	respond := func() {
		s.Write(v.sizes[i])
		s.CloseWrite()
	}
	if v.think > 0 {
		v.s.After(v.think, sim.Func(func(time.Duration) { respond() }))
	} else {
		respond()
	}
}
func (v *server) Closed(e *Endpoint, err error) { v.closed = err }

// newWorld builds a world on a network nw fetching objects of sizes.
func newWorld(t testing.TB, nw link.Config, qc Config, hs Handshake, sizes ...units.Bytes) *world {
	t.Helper()
	s := sim.New()
	n, err := link.New(s, nw, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, err := NewStack(n, qc)
	if err != nil {
		t.Fatal(err)
	}
	w := &world{s: s, net: n, st: st}
	w.cl = &client{t: t, req: 100, sizes: sizes, done: make([]time.Duration, len(sizes)), got: make([]units.Bytes, len(sizes)), s: s}
	w.sv = &server{sizes: sizes, s: s}
	w.c = st.Dial("example.com", link.ClientToServer, hs, w.cl, w.sv)
	return w
}

// run connects and runs until every object arrived (or the engine has
// nothing left), then returns when the last did.
func (w *world) run(t testing.TB) time.Duration {
	t.Helper()
	w.c.A.Connect()
	if err := w.s.Run(sim.Limits{Horizon: 10 * time.Minute, MaxEvents: 10_000_000}); err != nil {
		t.Fatalf("run: %v", err)
	}
	var last time.Duration
	for i, d := range w.cl.done {
		if d == 0 {
			t.Fatalf("object %d never arrived (%d of %d bytes)", i, w.cl.got[i], w.cl.sizes[i])
		}
		last = max(last, d)
	}
	return last
}

// ideal is a network with every cost but the round trip removed.
func ideal(rtt time.Duration) link.Config {
	nw := link.DefaultConfig()
	nw.RTT = rtt
	nw.Down, nw.Up = 100*units.Gbps, 100*units.Gbps
	nw.Header = 0
	return nw
}

// textbook is the QUIC configuration of the closed forms: no IP/UDP
// header, no ACK delay.
func textbook() Config {
	c := DefaultConfig()
	c.UDPHeader = 0
	return c
}

// within reports whether got is want up to tol.
func within(got, want, tol time.Duration) bool { return got >= want-tol && got <= want+tol }

func simLimits(h time.Duration) sim.Limits { return sim.Limits{Horizon: h} }
