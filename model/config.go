package model

import (
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/link"
	"pagesim/model/tcp"
)

// Network describes the client's access link, the shared bottleneck every
// connection of the client competes for (DESIGN §3, package link). YAML:
// network.*.
type Network = link.Config

// TCP configures every TCP endpoint of a simulation (package tcp). YAML:
// tcp.*.
type TCP = tcp.Config

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
)

// The constants of the HTTP settings.
const (
	HTTP10          = httpcore.HTTP10
	HTTP10KeepAlive = httpcore.HTTP10KeepAlive
	HTTP11          = httpcore.HTTP11
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

// Config is everything one simulation needs: one page, one network, one
// strategy, one replication.
type Config struct {
	Network  Network
	TCP      TCP
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
	// TraceCwnd records every cwnd change in Result.Cwnd (for plots).
	TraceCwnd bool
	// Trace, when set, receives the run's typed TCP records (segments
	// only if Trace.Segments is set).
	Trace *tcp.Trace
}

// DefaultNetwork returns the documented defaults of Network.
func DefaultNetwork() Network { return link.DefaultConfig() }

// DefaultTCP returns the documented defaults of TCP.
func DefaultTCP() TCP { return tcp.DefaultConfig() }

// Strategies are the named strategies of DESIGN §5, in report order.
//
// "1 connection" strategies mean one connection in all (MaxConns 1), as
// the chapter's serial and persistent clients have: on a page with several
// hosts, the client closes its idle connection to one host to open one to
// the next. parallel and browser are per host, as browsers cap them.
var Strategies = []Strategy{
	{Name: "serial", HTTP: HTTP10, Conns: 1, MaxConns: 1},
	{Name: "parallel", HTTP: HTTP10, Conns: 4},
	{Name: "keepalive", HTTP: HTTP10KeepAlive, Conns: 1, MaxConns: 1},
	{Name: "persistent", HTTP: HTTP11, Conns: 1, MaxConns: 1},
	{Name: "pipelined", HTTP: HTTP11, Conns: 1, MaxConns: 1, Pipeline: true},
	{Name: "browser", HTTP: HTTP11, Conns: 6},
}

// ReplayStrategies are presets for replaying a recorded page (a HAR
// import), not among the defaults (a scenario without strategies: runs
// DESIGN §5's six):
//
//   - as-recorded: each host with the protocol and the number of
//     connections the recording used (hosts.NAME.protocol, conns);
//     HTTP/1.1 with 6 connections per host for a host without them, and,
//     until HTTP/2 and HTTP/3 exist here, for hosts recorded over those
//     (httpcore.RecordedRoute).
var ReplayStrategies = []Strategy{
	{Name: "as-recorded", HTTP: HTTP11, Conns: 6, AsRecorded: true},
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
