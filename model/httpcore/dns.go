package httpcore

import (
	"time"

	"pagesim/sim"
)

// Resolver is a client's DNS cache: each host is looked up once, before
// its first connection, taking hosts.NAME.dns; connections that need the
// host while the lookup runs wait for it. A host with no lookup time
// resolves at once (cached).
type Resolver struct {
	s      *sim.Sim
	rec    Recorder
	lookup func(host string) time.Duration
	hosts  map[string]*dnsEntry
}

type dnsEntry struct {
	done    bool
	start   time.Duration
	waiters []func()
}

// NewResolver returns a resolver whose lookups of a host take
// lookup(host); rec hears of each finished lookup.
func NewResolver(s *sim.Sim, rec Recorder, lookup func(host string) time.Duration) *Resolver {
	return &Resolver{s: s, rec: rec, lookup: lookup, hosts: map[string]*dnsEntry{}}
}

// Resolve reports whether host is resolved; if not, then is called when
// its lookup ends (the lookup starts now if it has not yet).
func (r *Resolver) Resolve(host string, then func()) bool {
	if r == nil {
		return true
	}
	e := r.hosts[host]
	if e == nil {
		d := r.lookup(host)
		e = &dnsEntry{done: d == 0, start: r.s.Now()}
		r.hosts[host] = e
		if !e.done {
			r.s.After(d, sim.Func(func(time.Duration) {
				e.done = true
				r.rec.DNSDone(host, e.start)
				w := e.waiters
				e.waiters = nil
				for _, f := range w {
					f()
				}
			}))
		}
	}
	if e.done {
		return true
	}
	e.waiters = append(e.waiters, then)
	return false
}
