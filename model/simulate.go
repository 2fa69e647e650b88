package model

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"time"

	"pagesim/model/link"
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
)

// world is everything one simulation holds.
type world struct {
	s         *sim.Sim
	net       *link.Net
	tcp       *tcp.Stack
	cfg       *Config
	hosts     map[string]Host
	hostOrder []string
	origins   map[string]*origin
	client    *httpClient
	page      *pageRun
	proxies   []*proxy
	res       *Result
	timeouts  int
	retries   int
	faults    map[int]float64
	faulted   map[int]bool
}

// Simulate runs one page load and returns its result. Invalid
// configuration is an error (a *FieldError naming the field) and no
// result. A load that does not complete — an object failed, or the run
// reached its horizon or event budget — is still a result, with Complete
// false and Incomplete saying why (DESIGN §8: a load that did not finish
// has no load time and is never ranked).
func Simulate(cfg Config) (*Result, error) {
	w, err := newWorld(cfg)
	if err != nil {
		return nil, err
	}
	w.page.start()
	lim := sim.Limits{Horizon: cfg.Horizon, MaxEvents: cfg.MaxEvents}
	if lim.Horizon == 0 {
		lim.Horizon = DefaultHorizon
	}
	if lim.MaxEvents == 0 {
		lim.MaxEvents = DefaultMaxEvents
	}
	runErr := w.s.Run(lim)
	r := w.finish(runErr != nil)
	switch {
	case errors.Is(runErr, sim.ErrHorizon):
		r.Incomplete = IncompleteHorizon
		r.IncompleteDetail = fmt.Sprintf("the horizon of %v was reached with %d of %d objects unfinished", lim.Horizon, w.page.remaining, len(r.Objects))
	case errors.Is(runErr, sim.ErrBudget):
		r.Incomplete = IncompleteBudget
		r.IncompleteDetail = fmt.Sprintf("the event budget of %d events was spent at %v with %d of %d objects unfinished", lim.MaxEvents, w.s.Now(), w.page.remaining, len(r.Objects))
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

// newWorld validates cfg and builds everything a run needs — network,
// servers, proxies, client, page — without starting it.
func newWorld(cfg Config) (*world, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	s := sim.New()
	n, err := link.New(s, cfg.Network, cfg.Seed, cfg.Run)
	if err != nil {
		return nil, err
	}
	st, err := tcp.NewStack(n, cfg.TCP)
	if err != nil {
		return nil, err
	}
	w := &world{s: s, net: n, tcp: st, cfg: &cfg, hosts: map[string]Host{}, origins: map[string]*origin{},
		res: &Result{}, faults: map[int]float64{}, faulted: map[int]bool{}}
	for _, o := range cfg.Page.Objects {
		if _, ok := w.hosts[o.Host]; ok {
			continue
		}
		h, ok := cfg.Hosts[o.Host]
		if !ok {
			h = DefaultHost()
		}
		w.hosts[o.Host] = h
		w.hostOrder = append(w.hostOrder, o.Host)
	}
	sort.Strings(w.hostOrder)
	for _, name := range w.hostOrder {
		h := w.hosts[name]
		n.AddHost(name, h.ExtraRTT)
		think := cfg.Server.Think
		if h.Think != nil {
			think = *h.Think
		}
		tls := h.TLS
		if len(cfg.Proxy.Chain) > 0 {
			tls = TLSNone // see proxy.go: TLS is not modelled through proxies
		}
		w.origins[name] = &origin{w: w, host: name, cfg: cfg.Server, think: think,
			src: sim.NewStream(cfg.Seed, cfg.Run, "think/"+name), tls: tls}
	}
	for _, f := range cfg.Faults {
		w.faults[f.Object] = f.At
	}
	w.client = newHTTPClient(w, "client", cfg.Strategy, cfg.Client)
	if err := w.buildProxies(); err != nil {
		return nil, err
	}
	if cfg.Trace != nil {
		st.SetTrace(cfg.Trace)
	}
	if cfg.TraceCwnd {
		st.OnCwnd(func(e *tcp.Endpoint) {
			if e.IsClient() {
				return // the page flows from the server side
			}
			w.res.Cwnd = append(w.res.Cwnd, CwndPoint{Conn: w.connIndex(e.Conn()), At: s.Now(), Cwnd: e.Cwnd(), Ssthresh: e.Ssthresh()})
		})
	}
	w.page = newPageRun(w, &w.cfg.Page)
	return w, nil
}

// connIndex maps a TCP connection to the index of the client connection
// record it belongs to (-1 when none).
func (w *world) connIndex(c *tcp.Conn) int {
	for i := len(w.res.Conns) - 1; i >= 0; i-- {
		if w.res.Conns[i].tcp == c.ID {
			return i
		}
	}
	return -1
}

// finish assembles the result once the run is over; cut says the run
// ended at a limit rather than with nothing left to do.
func (w *world) finish(cut bool) *Result {
	r := w.res
	r.Objects = w.page.res
	for i := range r.Objects {
		o := &r.Objects[i]
		if o.LastByte == 0 && !o.Failed && len(r.Objects) > 0 && !(i == 0 && o.LastByte > 0) {
			if w.page.reqs[i] == nil || !w.page.reqs[i].done {
				o.Failed = true
				if cut {
					o.FailReason = "unfinished when the run was cut off"
				} else {
					// Nothing was left to happen and the object never
					// came: a hang no timeout ended (timeouts set to zero).
					o.FailReason = "never answered (no timeout ended the wait)"
				}
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
	down, up := w.net.Stats()
	r.PacketsDown, r.PacketsUp = down.Packets, up.Packets
	r.BytesDown, r.BytesUp = down.Bytes, up.Bytes
	ts := w.tcp.Stats()
	r.Retransmits = ts.Retransmits
	r.Timeouts = ts.RTOs + w.timeouts
	r.Retries = w.retries
	r.DestroyedBytes = ts.Destroyed
	r.Connections = len(r.Conns)
	r.Events = w.s.Events()
	for i := range r.Conns {
		if r.Conns[i].End == "" {
			r.Conns[i].End = "open"
		}
	}
	return r
}

func (w *world) hostCfg(h string) Host {
	if c, ok := w.hosts[h]; ok {
		return c
	}
	return DefaultHost()
}

// objSize is the size of the object a request asks for.
func (w *world) objSize(m *message) Bytes {
	if m.obj >= 0 && m.obj < len(w.cfg.Page.Objects) {
		return w.cfg.Page.Objects[m.obj].Size
	}
	return 0
}

// faultFor returns the fraction of the body after which the response to m
// is cut, or -1. A fault fires once.
func (w *world) faultFor(m *message) float64 {
	f, ok := w.faults[m.obj]
	if !ok || w.faulted[m.obj] {
		return -1
	}
	w.faulted[m.obj] = true
	return f
}

// recordConn adds a connection record for the browser's connections.
func (w *world) recordConn(c *clientConn) int {
	if c.cl != w.client {
		return -1
	}
	w.res.Conns = append(w.res.Conns, ConnResult{ID: len(w.res.Conns), Host: c.pool.name, Opened: c.openedAt, tcp: c.conn.ID})
	return len(w.res.Conns) - 1
}

func (w *world) connReady(c *clientConn) {
	if c.res >= 0 {
		w.res.Conns[c.res].Ready = w.s.Now()
	}
}

func (w *world) connServed(c *clientConn) {
	if c.res >= 0 {
		w.res.Conns[c.res].Requests++
	}
}

func (w *world) connEnd(c *clientConn, end string) {
	if c.res >= 0 && w.res.Conns[c.res].End == "" {
		w.res.Conns[c.res].End = end
		w.res.Conns[c.res].Closed = w.s.Now()
	}
}

func (w *world) connClosedTCP(c *clientConn, err error) {
	if c.res >= 0 && errors.Is(err, tcp.ErrReset) && w.res.Conns[c.res].End != "reset" {
		w.res.Conns[c.res].Reset = true
	}
}

// Validate checks a configuration; the error names the field.
func (cfg *Config) Validate() error {
	if err := cfg.Network.Validate(); err != nil {
		return err
	}
	if err := cfg.TCP.Validate(cfg.Network.MSS); err != nil {
		return err
	}
	st := cfg.Strategy
	switch st.HTTP {
	case HTTP10, HTTP10KeepAlive, HTTP11:
	default:
		return stratErr(st, "http", "unknown version %q (expected 1.0, 1.0+keepalive or 1.1)", st.HTTP)
	}
	if st.Conns < 1 {
		return stratErr(st, "conns", "must be at least 1, got %d", st.Conns)
	}
	if err := firstNegative("strategy.", namedValue{"max_conns", int64(st.MaxConns)}, namedValue{"pipeline_depth", int64(st.PipelineDepth)}); err != nil {
		err.(*FieldError).Strategy = st.Name
		return err
	}
	if st.Pipeline && st.HTTP != HTTP11 {
		return stratErr(st, "pipeline", "pipelining needs http 1.1, got %s", st.HTTP)
	}
	if cfg.Client.RequestSize <= 0 {
		return fieldErr("client.request_size", "must be positive, got %d B", int64(cfg.Client.RequestSize))
	}
	cl := cfg.Client
	if err := firstNegative("client.", namedValue{"timeout", int64(cl.Timeout)}, namedValue{"idle_timeout", int64(cl.IdleTimeout)}, namedValue{"read_rate", int64(cl.ReadRate)}); err != nil {
		return err
	}
	sv := cfg.Server
	if err := firstNegative("server.", namedValue{"header_size", int64(sv.HeaderSize)}, namedValue{"keepalive.max", int64(sv.KeepAliveMax)},
		namedValue{"keepalive.timeout", int64(sv.KeepAliveTimeout)}, namedValue{"max_conns_per_client", int64(sv.MaxConnsPerClient)}); err != nil {
		return err
	}
	switch sv.Close {
	case CloseHalf, CloseFull:
	default:
		return fieldErr("server.close", "unknown style %q (expected half or full)", sv.Close)
	}
	switch sv.Excess {
	case ExcessRefuse, ExcessClose:
	default:
		return fieldErr("server.excess", "unknown policy %q (expected refuse or close)", sv.Excess)
	}
	if err := sv.Think.validate("server.think"); err != nil {
		return err
	}
	objs := cfg.Page.Objects
	if len(objs) == 0 {
		return fieldErr("page", "no objects")
	}
	ids := map[string]int{}
	for i, o := range objs {
		where := func(f string) string { return fmt.Sprintf("page.objects[%d].%s", i, f) } // built only for an error
		if o.ID != "" {
			if j, dup := ids[o.ID]; dup {
				return fieldErr(where("id"), "%q already used by page.objects[%d]", o.ID, j)
			}
			ids[o.ID] = i
		}
		if o.Host == "" {
			return fieldErr(where("url"), "no host")
		}
		if o.Size < 0 {
			return fieldErr(where("size"), "negative")
		}
		if i == 0 && o.Parent != -1 {
			return fieldErr(where("after"), "the first object is the document and has no parent")
		}
		if i > 0 && (o.Parent < 0 || o.Parent >= i) {
			return fieldErr(where("after"), "parent index %d must name an earlier object", o.Parent)
		}
		if o.AfterFraction < 0 || o.AfterFraction > 1 || math.IsNaN(o.AfterFraction) {
			return fieldErr(where("after_fraction"), "must be between 0 and 1, got %g", o.AfterFraction)
		}
		if o.Delay < 0 {
			return fieldErr(where("delay"), "negative")
		}
	}
	names := make([]string, 0, len(cfg.Hosts))
	for name := range cfg.Hosts {
		names = append(names, name)
	}
	sort.Strings(names) // the same error every time when several hosts are wrong
	for _, name := range names {
		h := cfg.Hosts[name]
		switch h.TLS {
		case "", TLSNone, TLS12, TLS13:
		default:
			return fieldErr("hosts."+name+".tls", "unknown version %q (expected none, 1.2 or 1.3)", h.TLS)
		}
		if err := firstNegative("hosts."+name+".", namedValue{"extra_rtt", int64(h.ExtraRTT)}, namedValue{"dns", int64(h.DNS)}, namedValue{"cert_size", int64(h.CertSize)}); err != nil {
			return err
		}
		if h.Think != nil {
			if err := h.Think.validate("hosts." + name + ".think"); err != nil {
				return err
			}
		}
	}
	for i, k := range cfg.Proxy.Chain {
		switch k {
		case ProxyDumb, ProxySmart:
		default:
			return fieldErr(fmt.Sprintf("proxy.chain[%d]", i), "unknown kind %q (expected dumb or smart)", k)
		}
	}
	faulted := map[int]int{}
	for i, f := range cfg.Faults {
		at := func(f string) string { return fmt.Sprintf("faults[%d].%s", i, f) }
		if f.Kind != "close_mid_body" {
			return fieldErr(at("kind"), "unknown fault %q (expected close_mid_body)", f.Kind)
		}
		if f.Object < 0 || f.Object >= len(objs) {
			return fieldErr(at("object"), "no such object")
		}
		if j, dup := faulted[f.Object]; dup {
			// One fault per object: the response is cut once, so a second
			// fault on it could never fire (before, the later one silently
			// replaced the first).
			return fieldErr(at("object"), "%s already has a fault (faults[%d]); expected one fault per object", objs[f.Object].ID, j)
		}
		faulted[f.Object] = i
		if f.At < 0 || f.At > 1 || math.IsNaN(f.At) {
			return fieldErr(at("at"), "must be between 0%% and 100%%")
		}
	}
	switch {
	case cfg.Horizon < 0 || cfg.Horizon > MaxHorizon:
		return fieldErr("limits.horizon", "must be between 0 (the default, %v) and %v, got %v", DefaultHorizon, MaxHorizon, cfg.Horizon)
	}
	return nil
}

// namedValue is a named numeric setting, for firstNegative.
type namedValue struct {
	name string
	v    int64
}

// firstNegative returns an error naming the first field whose value is
// negative.
func firstNegative(prefix string, fs ...namedValue) error {
	for _, f := range fs {
		if f.v < 0 {
			return fieldErr(prefix+f.name, "must not be negative, got %d", f.v)
		}
	}
	return nil
}

func (d Dist) validate(field string) error {
	bad := func(msg string) error { return fieldErr(field, "%s", msg) }
	switch d.Kind {
	case "", "fixed", "exponential":
		if d.Value < 0 {
			return bad("must not be negative")
		}
	case "lognormal":
		if d.Value <= 0 || d.Sigma < 0 {
			return bad("lognormal needs a positive median and sigma ≥ 0")
		}
	case "uniform":
		if d.Value < 0 || d.Max < d.Value {
			return bad("uniform needs 0 ≤ min ≤ max")
		}
	case "pareto":
		if d.Value <= 0 || d.Sigma <= 0 {
			return bad("pareto needs a positive scale and shape")
		}
	default:
		return bad(fmt.Sprintf("unknown distribution %q (expected fixed, lognormal, exponential, uniform or pareto)", d.Kind))
	}
	return nil
}
