package model

import (
	"errors"
	"fmt"
	"sort"
	"time"

	"pagesim/model/browser"
	"pagesim/model/httpcore"
	"pagesim/model/link"
	"pagesim/model/quic"
	"pagesim/model/tcp"
	"pagesim/sim"
)

// Limits of one simulation (Config.Horizon, Config.MaxEvents).
const (
	// DefaultHorizon bounds a simulation that sets no horizon: one
	// simulated hour is far beyond any page load, so reaching it means
	// something hangs for good, or the page is far too big for the link.
	DefaultHorizon = time.Hour
	// MaxHorizon is the longest horizon a configuration may set: ten
	// simulated days (a gigabyte over a 56 kbps modem takes two). It stays
	// below MaxDraw, so a saturated draw can never complete a load.
	MaxHorizon = 240 * time.Hour
	// DefaultMaxEvents is the event budget of a simulation that sets none:
	// 100 million events, tens of seconds of work, a hundred times what the
	// 1 001-object page needs. Spending it means a configuration that
	// churns (a livelock) rather than a page that loads.
	DefaultMaxEvents = 100_000_000
	// MaxDraw bounds every duration drawn from a distribution
	// (httpcore.MaxDraw).
	MaxDraw = httpcore.MaxDraw
)

// Simulate runs one page load and returns its result. Invalid
// configuration is an error (a *FieldError naming the field) and no
// result. A load that does not complete — an object failed, or the run
// reached its horizon or event budget — is still a result, with Complete
// false and Incomplete saying why (DESIGN §8: a load that did not finish
// has no load time and is never ranked).
func Simulate(cfg Config) (*Result, error) {
	var m Simulator
	return m.Simulate(cfg)
}

// A Simulator runs simulations one after another and reuses the memory
// the previous one grew — the engine's queue and slot table, the
// network's packet slab and link queues, TCP's segment slab — so that a
// worker running thousands of them allocates those once. Its Simulate
// gives exactly what Simulate gives. It checks a page, and works out its
// dependency tree (httpcore.PageChildren), once: jobs of a scenario share
// their page read-only, and a page given to a Simulator must not change
// afterwards. The zero value is ready; a Simulator must
// not be used by two goroutines at once.
type Simulator struct {
	prev     *simulation
	page     []Object          // the last page that passed Page.Validate
	children httpcore.Children // its dependency tree, for every load of it
}

// Simulate runs one page load, as Simulate does.
func (m *Simulator) Simulate(cfg Config) (*Result, error) {
	objs := cfg.Page.Objects
	known := len(objs) > 0 && len(objs) == len(m.page) && &objs[0] == &m.page[0]
	if err := cfg.validate(!known); err != nil {
		return nil, err
	}
	if !known {
		m.page, m.children = objs, httpcore.PageChildren(&cfg.Page)
	}
	run, err := build(&cfg, m.prev, m.children)
	if err != nil {
		return nil, err
	}
	m.prev = run
	run.page.Start()
	lim := sim.Limits{Horizon: cfg.Horizon, MaxEvents: cfg.MaxEvents}
	if lim.Horizon == 0 {
		lim.Horizon = DefaultHorizon
	}
	if lim.MaxEvents == 0 {
		lim.MaxEvents = DefaultMaxEvents
	}
	runErr := run.s.Run(lim)
	r := run.finish(runErr != nil)
	switch {
	case errors.Is(runErr, sim.ErrHorizon):
		r.Incomplete = IncompleteHorizon
		r.IncompleteDetail = fmt.Sprintf("the horizon of %v was reached with %d of %d objects unfinished", lim.Horizon, run.page.Remaining(), len(r.Objects))
	case errors.Is(runErr, sim.ErrBudget):
		r.Incomplete = IncompleteBudget
		r.IncompleteDetail = fmt.Sprintf("the event budget of %d events was spent at %v with %d of %d objects unfinished", lim.MaxEvents, run.s.Now(), run.page.Remaining(), len(r.Objects))
	case runErr != nil:
		return nil, fmt.Errorf("page load: %w", runErr)
	case r.Failed > 0:
		r.Incomplete = IncompleteFailed
		r.IncompleteDetail = fmt.Sprintf("%d of %d objects failed", r.Failed, len(r.Objects))
		for _, o := range r.Objects {
			if o.Failed {
				r.IncompleteDetail += fmt.Sprintf(" (first: %s: %s)", o.ID, o.FailReason)
				break
			}
		}
	}
	r.Complete = r.Incomplete == ""
	return r, nil
}

// simulation is one page load, wired: the engine, the network and TCP,
// the browser and the servers behind it, and the recorder the result is
// built from. Every part gets what it needs explicitly; nothing reaches
// into a shared world.
type simulation struct {
	s    *sim.Sim
	net  *link.Net
	tcp  *tcp.Stack
	quic *quic.Stack
	rec  *recorder
	page *httpcore.PageLoad
}

// build validates cfg and wires everything a run needs — network, TCP,
// origins, proxies, client, page — without starting it.
// cfg must have passed Validate.
func build(cfg *Config, prev *simulation, children httpcore.Children) (*simulation, error) {
	var s *sim.Sim
	var oldNet *link.Net
	var oldTCP *tcp.Stack
	if prev != nil {
		s, oldNet, oldTCP = prev.s, prev.net, prev.tcp
		s.Reset()
	} else {
		s = sim.New()
	}
	n, err := link.Reuse(oldNet, s, cfg.Network, cfg.Seed, cfg.Run)
	if err != nil {
		return nil, err
	}
	st, err := tcp.ReuseStack(oldTCP, n, cfg.TCP)
	if err != nil {
		return nil, err
	}
	qs, err := quic.NewStack(n, cfg.quicConfig())
	if err != nil {
		return nil, err
	}
	hosts := map[string]Host{}
	var order []string
	for _, o := range cfg.Page.Objects {
		if _, ok := hosts[o.Host]; ok {
			continue
		}
		h, ok := cfg.Hosts[o.Host]
		if !ok {
			h = DefaultHost()
		}
		hosts[o.Host] = h
		order = append(order, o.Host)
	}
	sort.Strings(order)
	content := httpcore.NewContent(&cfg.Page, cfg.Faults)
	origins := map[string]*httpcore.Origin{}
	for _, name := range order {
		h := hosts[name]
		n.AddHost(name, h.ExtraRTT)
		think := cfg.Server.Think
		if h.Think != nil {
			think = *h.Think
		}
		tls := h.TLS
		if len(cfg.Proxy.Chain) > 0 {
			tls = TLSNone // TLS is not modelled through proxies (h1/proxy.go)
		}
		origins[name] = httpcore.NewOrigin(name, cfg.Server, think, tls, h.CertSize, content, cfg.Seed, cfg.Run)
		if tls.Handshakes() {
			origins[name].TLSTime = h.TLSTime
		}
	}
	hostCfg := func(host string) Host {
		if h, ok := hosts[host]; ok {
			return h
		}
		return DefaultHost()
	}
	viaProxy := len(cfg.Proxy.Chain) > 0
	// The protocol of a host's TCP connections (QUIC's are "h3"): what the
	// browser routes over TCP, HTTP/2 or HTTP/1.x.
	var prevRec *recorder
	if prev != nil {
		prevRec = prev.rec
	}
	rec := newRecorder(s, &cfg.Page, &cfg.Network, func(host string) string {
		return browser.Route(cfg.Strategy, hostCfg(host), viaProxy, true).String()
	}, prevRec)
	env := &httpcore.Env{S: s, Origins: origins, Content: content, Hosts: hostCfg, Rec: rec, IDs: &httpcore.ConnIDs{},
		DNS: httpcore.NewResolver(s, rec, func(host string) time.Duration { return hostCfg(host).DNS })}
	b := browser.New(browser.Config{Env: env, TCP: st, QUIC: qs, Net: n, H3: cfg.H3, OnQUICConn: rec.quicOpened,
		Server: cfg.Server, Proxy: cfg.Proxy, ProxyRec: proxyRecorder{rec: rec}, Strategy: cfg.Strategy, Client: cfg.Client})
	if cfg.Trace != nil {
		st.SetTrace(cfg.Trace)
	}
	if cfg.TraceCwnd {
		st.OnCwnd(rec.cwnd)
		qs.OnCwnd(rec.quicCwnd)
	}
	page := httpcore.NewPageLoadOf(s, &cfg.Page, children, b, rec)
	page.SetDelayFactor(cfg.Client.DelayFactor())
	return &simulation{s: s, net: n, tcp: st, quic: qs, rec: rec, page: page}, nil
}

// finish assembles the result once the run is over; cut says the run
// ended at a limit rather than with nothing left to do.
func (run *simulation) finish(cut bool) *Result {
	r := run.rec.res
	for i := range r.Objects {
		o := &r.Objects[i]
		if !o.Failed && !run.rec.done[i] {
			o.Failed = true
			o.FailedAt = run.s.Now()
			if cut {
				o.FailReason = "unfinished when the run was cut off"
			} else {
				// Nothing was left to happen and the object never came:
				// a hang no timeout ended (timeouts set to zero).
				o.FailReason = "never answered (no timeout ended the wait)"
			}
		}
		if o.Failed {
			r.Failed++
			continue
		}
		if o.Truncated {
			r.Truncated++
		}
		r.LoadTime = max(r.LoadTime, o.LastByte)
	}
	down, up := run.net.Stats()
	r.PacketsDown, r.PacketsUp = down.Packets, up.Packets
	r.BytesDown, r.BytesUp = down.Bytes, up.Bytes
	ts, qs := run.tcp.Stats(), run.quic.Stats()
	r.Retransmits = ts.Retransmits + qs.PacketsLost
	r.Timeouts = ts.RTOs + qs.PTOs + run.rec.timeouts
	r.Retries = run.rec.retries
	r.DestroyedBytes = ts.Destroyed
	r.Connections = len(r.Conns)
	r.Events = run.s.Events()
	r.Cwnd = run.rec.cwndTrace.points()
	for i := range r.Conns {
		if r.Conns[i].End == "" {
			r.Conns[i].End = EndOpen
		}
	}
	return r
}

// Validate checks a configuration; the error is a *FieldError naming the
// field, the first one found in a fixed order.
func (cfg *Config) Validate() error { return cfg.validate(true) }

// ValidateKnownPage is Validate for a configuration whose Page has passed
// Page.Validate and not changed since: the same answer without checking
// the page again, for a loader that validates a page shared by many
// configurations (sweep points × strategies) once.
func (cfg *Config) ValidateKnownPage() error { return cfg.validate(false) }

// validate is Validate, checking the page only with page.
func (cfg *Config) validate(page bool) error {
	if err := cfg.Network.Validate(); err != nil {
		return err
	}
	if err := cfg.TCP.Validate(cfg.Network.MSS); err != nil {
		return err
	}
	if err := cfg.quicConfig().Validate(); err != nil {
		return err
	}
	if err := cfg.H3.Validate(); err != nil {
		return err
	}
	if err := cfg.Strategy.Validate(); err != nil {
		return err
	}
	if err := cfg.Client.Validate(); err != nil {
		return err
	}
	if err := cfg.Server.Validate(); err != nil {
		return err
	}
	if page {
		if err := cfg.Page.Validate(); err != nil {
			return err
		}
	}
	if err := httpcore.ValidateHosts(cfg.Hosts); err != nil {
		return err
	}
	if err := cfg.Proxy.Validate(); err != nil {
		return err
	}
	if err := httpcore.ValidateFaults(cfg.Faults, cfg.Page); err != nil {
		return err
	}
	if cfg.Horizon < 0 || cfg.Horizon > MaxHorizon {
		return fieldErr("limits.horizon", "must be between 0 (the default, %v) and %v, got %v", DefaultHorizon, MaxHorizon, cfg.Horizon)
	}
	return nil
}
