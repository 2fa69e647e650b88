package model

import (
	"time"

	"pagesim/model/h3"
	"pagesim/model/httpcore"
	"pagesim/model/link"
	"pagesim/model/quic"
	"pagesim/model/tcp"
)

// Network describes the client's access link, the shared bottleneck every
// connection of the client competes for (DESIGN §3, package link). YAML:
// network.*.
type Network = link.Config

// TCP configures every TCP endpoint of a simulation (package tcp). YAML:
// tcp.*.
type TCP = tcp.Config

// QUIC configures every QUIC endpoint of a simulation (package quic).
// YAML: quic.*.
type QUIC = quic.Config

// H3 configures HTTP/3 (package h3). YAML: h3.*.
type H3 = h3.Config

// CongestionControl names a congestion-control algorithm (YAML tcp.cc).
type CongestionControl = tcp.CongestionControl

// The algorithms.
const (
	Reno    = tcp.Reno
	NewReno = tcp.NewReno
	Cubic   = tcp.Cubic
)

// SlowStartIncrease is how much cwnd grows per ACK in slow start (YAML
// tcp.slow_start_increase).
type SlowStartIncrease = tcp.SlowStartIncrease

// The slow-start increase rules.
const (
	SSIncreaseRFC5681 = tcp.SSIncreaseRFC5681
	SSIncreaseABC2    = tcp.SSIncreaseABC2
	SSIncreaseLinux   = tcp.SSIncreaseLinux
)

// The HTTP settings (package httpcore), re-exported with their YAML keys.
type (
	// HTTPVersion is the protocol a client speaks (strategies[].http).
	HTTPVersion = httpcore.HTTPVersion
	// Strategy is how a client manages connections (strategies[]).
	Strategy = httpcore.Strategy
	// Client configures the browser side (client.*).
	Client = httpcore.Client
	// Server configures every origin server (server.*).
	Server = httpcore.Server
	// CloseStyle is how a server closes a connection (server.close).
	CloseStyle = httpcore.CloseStyle
	// Excess is what a server does with connections beyond its cap
	// (server.excess).
	Excess = httpcore.Excess
	// Dist is a distribution of non-negative values (server.think).
	Dist = httpcore.Dist
	// TLSVersion is the TLS handshake a host requires (hosts.NAME.tls).
	TLSVersion = httpcore.TLSVersion
	// H3Mode is what the browser knows of a host's HTTP/3 (hosts.NAME.h3).
	H3Mode = httpcore.H3Mode
	// Host holds per-host additions (hosts.NAME.*).
	Host = httpcore.Host
	// Object is one resource of a page (page.objects[]).
	Object = httpcore.Object
	// Page is a set of objects with dependencies (page).
	Page = httpcore.Page
	// ProxyKind is the behaviour of one proxy hop (proxy.kind).
	ProxyKind = httpcore.ProxyKind
	// Proxy is the chain of proxies (proxy.*).
	Proxy = httpcore.Proxy
	// Fault is an injected event (faults[]).
	Fault = httpcore.Fault
	// H2Client is a strategy's HTTP/2 settings (strategies[].h2).
	H2Client = httpcore.H2Client
	// H2Server is the servers' HTTP/2 settings (server.h2).
	H2Server = httpcore.H2Server
	// Scheduler is an HTTP/2 server's frame scheduler
	// (server.h2.scheduler).
	Scheduler = httpcore.Scheduler
)

// The constants of the HTTP settings.
const (
	HTTP10          = httpcore.HTTP10
	HTTP10KeepAlive = httpcore.HTTP10KeepAlive
	HTTP11          = httpcore.HTTP11
	HTTP2           = httpcore.HTTP2
	HTTP3           = httpcore.HTTP3
	H3Known         = httpcore.H3Known
	H3Discover      = httpcore.H3Discover
	H3None          = httpcore.H3None
	SchedFIFO       = httpcore.SchedFIFO
	SchedRoundRobin = httpcore.SchedRoundRobin
	SchedTree       = httpcore.SchedTree
	SchedUrgency    = httpcore.SchedUrgency
	CloseHalf       = httpcore.CloseHalf
	CloseFull       = httpcore.CloseFull
	ExcessRefuse    = httpcore.ExcessRefuse
	ExcessClose     = httpcore.ExcessClose
	TLSNone         = httpcore.TLSNone
	TLS12           = httpcore.TLS12
	TLS13           = httpcore.TLS13
	ProxyNone       = httpcore.ProxyNone
	ProxyDumb       = httpcore.ProxyDumb
	ProxySmart      = httpcore.ProxySmart
)

// MaxCPUScale bounds client.cpu_scale.
const MaxCPUScale = httpcore.MaxCPUScale

// DefaultClient returns the documented defaults of Client.
func DefaultClient() Client { return httpcore.DefaultClient() }

// DefaultServer returns the documented defaults of Server.
func DefaultServer() Server { return httpcore.DefaultServer() }

// DefaultHost returns the documented defaults of Host.
func DefaultHost() Host { return httpcore.DefaultHost() }

// ChromeH2 returns Chrome's HTTP/2 settings (the h2 preset's).
func ChromeH2() H2Client { return httpcore.ChromeH2() }

// Config is everything one simulation needs: one page, one network, one
// strategy, one replication.
type Config struct {
	Network Network
	TCP     TCP
	// QUIC and H3 configure HTTP/3, used by strategies with http: "3". A
	// QUIC left entirely zero means DefaultQUIC(); its CC left empty
	// follows TCP.CC (reno and newreno: RFC 9002's NewReno; cubic:
	// CUBIC), so that both transports are compared with one algorithm.
	QUIC     QUIC
	H3       H3
	Client   Client
	Server   Server
	Hosts    map[string]Host
	Proxy    Proxy
	Page     Page
	Strategy Strategy
	Faults   []Fault
	// Seed and Run select the random streams (loss, think times).
	Seed uint64
	Run  int
	// Horizon bounds the simulated time of the run: objects not arrived by
	// then make the load incomplete (IncompleteHorizon). Zero:
	// DefaultHorizon (1 h); at most MaxHorizon.
	Horizon time.Duration
	// MaxEvents bounds the engine events of the run (IncompleteBudget when
	// spent). Zero: DefaultMaxEvents.
	MaxEvents uint64
	// TraceCwnd records the cwnd changes of the servers' senders in
	// Result.Cwnd (for plots), at most MaxCwndPoints per connection.
	TraceCwnd bool
	// Trace, when set, receives the run's typed TCP records (segments
	// only if Trace.Segments is set).
	Trace *tcp.Trace
}

// DefaultNetwork returns the documented defaults of Network.
func DefaultNetwork() Network { return link.DefaultConfig() }

// DefaultTCP returns the documented defaults of TCP.
func DefaultTCP() TCP { return tcp.DefaultConfig() }

// DefaultQUIC returns the documented defaults of QUIC, with CC empty: it
// follows TCP.CC.
func DefaultQUIC() QUIC {
	q := quic.DefaultConfig()
	q.CC = ""
	return q
}

// DefaultH3 returns the documented defaults of H3.
func DefaultH3() H3 { return h3.DefaultConfig() }

// quicConfig is the QUIC configuration a run uses: the defaults for a
// zero one, the congestion controller of TCP's for an empty CC.
func (cfg *Config) quicConfig() quic.Config {
	q := cfg.QUIC
	if q == (quic.Config{}) {
		q = DefaultQUIC()
	}
	if q.CC == "" {
		q.CC = quic.NewReno
		if cfg.TCP.CC == tcp.Cubic {
			q.CC = quic.Cubic
		}
	}
	return q
}

// Strategies are the named strategies of DESIGN §5, in report order.
//
// "1 connection" strategies mean one connection in all (MaxConns 1), as
// the chapter's serial and persistent clients have: on a page with several
// hosts, the client closes its idle connection to one host to open one to
// the next. parallel and browser are per host, as browsers cap them.
//
// h2 speaks HTTP/2 with Chrome's settings to every host that negotiates
// it (TLS with ALPN; package browser's Route) — one connection per origin,
// every request a stream — and falls back to browser's six HTTP/1.1
// connections per host elsewhere. h3 speaks HTTP/3 over QUIC to the hosts
// the browser knows speak it (hosts.NAME.h3) and h2's choice to the others
// (the way a browser behaves on a first visit).
var Strategies = []Strategy{
	{Name: "serial", HTTP: HTTP10, Conns: 1, MaxConns: 1},
	{Name: "parallel", HTTP: HTTP10, Conns: 4},
	{Name: "keepalive", HTTP: HTTP10KeepAlive, Conns: 1, MaxConns: 1},
	{Name: "persistent", HTTP: HTTP11, Conns: 1, MaxConns: 1},
	{Name: "pipelined", HTTP: HTTP11, Conns: 1, MaxConns: 1, Pipeline: true},
	{Name: "browser", HTTP: HTTP11, Conns: 6},
	{Name: "h2", HTTP: HTTP2, Conns: 6, H2: httpcore.ChromeH2()},
	{Name: "h3", HTTP: HTTP3, Conns: 6, H2: httpcore.ChromeH2()},
}

// ReplayStrategies are presets for replaying a recorded page (a HAR
// import), not among the defaults (a scenario without strategies: runs
// DESIGN §5's six):
//
//   - as-recorded: each host with the protocol the recording used
//     (hosts.NAME.protocol) — HTTP/3, HTTP/2 with Chrome's settings, or
//     HTTP/1.1 with the number of connections it had open
//     (hosts.NAME.conns), without persistence for protocol "1.0" — and
//     HTTP/1.1 with 6 connections per host for a host without a recorded
//     protocol (package browser's Route, httpcore.RecordedRoute).
var ReplayStrategies = []Strategy{
	{Name: "as-recorded", HTTP: HTTP3, Conns: 6, H2: httpcore.ChromeH2(), AsRecorded: true},
}

// StrategyByName returns the named preset.
func StrategyByName(name string) (Strategy, bool) {
	for _, list := range [][]Strategy{Strategies, ReplayStrategies} {
		for _, s := range list {
			if s.Name == name {
				return s, true
			}
		}
	}
	return Strategy{}, false
}
