package httpcore

import (
	"math/rand/v2"
	"time"

	"pagesim/model/units"
	"pagesim/sim"
)

// Content is what the servers serve: the page's objects (their sizes) and
// the faults injected into their responses. Origins and proxies share one.
type Content struct {
	objs   []Object
	faults map[int]float64 // object → fraction of the body at which it is cut
	fired  map[int]bool
}

// NewContent holds the objects of p and the faults to inject.
func NewContent(p *Page, faults []Fault) *Content {
	c := &Content{objs: p.Objects, faults: map[int]float64{}, fired: map[int]bool{}}
	for _, f := range faults {
		c.faults[f.Object] = f.At
	}
	return c
}

// Size is the body size of object obj (0 for an unknown object).
func (c *Content) Size(obj int) units.Bytes {
	if obj >= 0 && obj < len(c.objs) {
		return c.objs[obj].Size
	}
	return 0
}

// Object is object obj of the page (nil for an unknown object).
func (c *Content) Object(obj int) *Object {
	if obj >= 0 && obj < len(c.objs) {
		return &c.objs[obj]
	}
	return nil
}

// TakeFault returns the fraction of the body after which the response to
// obj is cut, or -1. A fault fires once.
func (c *Content) TakeFault(obj int) float64 {
	f, ok := c.faults[obj]
	if !ok || c.fired[obj] {
		return -1
	}
	c.fired[obj] = true
	return f
}

// Origin is the server of one host: what it serves, how long it thinks,
// its TLS, and its cap on one client's connections (server.* and
// hosts.NAME.*). The protocol that carries its responses (h1, h2) asks it.
type Origin struct {
	Host     string
	Cfg      Server
	TLS      TLSVersion // the handshake its connections do (none through proxies)
	CertSize units.Bytes
	// TLSTime is the server's own time in each handshake before its first
	// flight (Host.TLSTime).
	TLSTime time.Duration
	Content *Content

	think Dist
	src   rand.Source
	conns int // connections from the client open now
}

// NewOrigin builds the origin of host: think is its think-time
// distribution, drawn from the stream "think/HOST" of (seed, run).
func NewOrigin(host string, cfg Server, think Dist, tls TLSVersion, certSize units.Bytes, content *Content, seed uint64, run int) *Origin {
	return &Origin{Host: host, Cfg: cfg, TLS: tls, CertSize: certSize, Content: content, think: think,
		src: sim.NewStream(seed, run, "think/"+host)}
}

// FirstRequestTimeout is how long a server waits for the first request on
// a new connection: Apache's Timeout and nginx's client_header_timeout,
// both 60 s by default; a model assumption. The Keep-Alive timeout bounds
// the idle time between requests, not this wait, which may take TLS round
// trips; a server waits max(this, its Keep-Alive timeout), and not at all
// when its Keep-Alive timeout is off.
const FirstRequestTimeout = 60 * time.Second

// Admission is an origin's answer to a new connection.
type Admission uint8

// Admissions.
const (
	Admit      Admission = iota // accept and serve
	Refuse                      // answer the SYN with a RST (server.excess: refuse)
	AdmitClose                  // accept, then close without answering (server.excess: close)
)

// Admit applies the per-client connection cap (server.max_conns_per_client,
// server.excess) to a new connection. An admitted connection holds a slot
// until Release.
func (o *Origin) Admit() Admission {
	if max := o.Cfg.MaxConnsPerClient; max > 0 && o.conns >= max {
		if o.Cfg.Excess == ExcessClose {
			return AdmitClose
		}
		return Refuse
	}
	o.conns++
	return Admit
}

// Release gives back the slot of an admitted connection.
func (o *Origin) Release() { o.conns-- }

// Response is what the origin will send for a request of object obj: the
// body size, the fault fraction (-1: none, else the body is cut after that
// fraction), and the think time before the first byte, drawn now.
//
// An object with its own think time (Object.Think, a recorded server
// time) takes it; the others draw from the host's distribution.
func (o *Origin) Response(obj int) (size units.Bytes, fault float64, think time.Duration) {
	size = o.Content.Size(obj)
	fault = o.Content.TakeFault(obj)
	if ob := o.Content.Object(obj); ob != nil && ob.Think != nil {
		return size, fault, *ob.Think
	}
	return size, fault, o.think.Duration(o.src)
}

// Slot is a server connection's place under its origin's per-client cap
// (server.max_conns_per_client): taken when the connection is admitted,
// given back once when it closes.
type Slot struct{ release func() }

// Take asks o to admit a new connection; an admitted one holds the slot.
func (s *Slot) Take(o *Origin) Admission {
	a := o.Admit()
	if a == Admit {
		s.release = o.Release
	}
	return a
}

// Release gives the slot back (once; a slot never taken has nothing to
// give).
func (s *Slot) Release() {
	if s.release != nil {
		s.release()
		s.release = nil
	}
}
