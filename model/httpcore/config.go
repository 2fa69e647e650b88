package httpcore

import (
	"time"

	"pagesim/model/units"
)

// HTTPVersion is the protocol a client speaks.
type HTTPVersion string

// The HTTP versions a strategy can use (YAML strategies[].http).
const (
	// HTTP10: one request per connection; the server closes after the
	// response.
	HTTP10 HTTPVersion = "1.0"
	// HTTP10KeepAlive: HTTP/1.0 plus "Connection: Keep-Alive"; the
	// connection is reused only if the response carries it too.
	HTTP10KeepAlive HTTPVersion = "1.0+keepalive"
	// HTTP11: persistent unless either side says "Connection: close".
	HTTP11 HTTPVersion = "1.1"
	// HTTP3: HTTP/3 over QUIC (package h3) to the hosts known to speak
	// it (Host.H3); HTTP/1.1 with the strategy's connections to the
	// others (model/browser).
	HTTP3 HTTPVersion = "3"
)

// Strategy is how a client manages connections (DESIGN §5, YAML
// strategies[]). The named presets are in Strategies.
type Strategy struct {
	// Name is shown in results.
	Name string
	// HTTP is the protocol version.
	HTTP HTTPVersion
	// Conns is the number of connections per host the client may have
	// open at once. Must be ≥ 1.
	Conns int
	// MaxConns caps the client's TCP connections over all hosts (HTTP/3's
	// QUIC connections, one per origin, are not counted, as browsers'
	// socket pools do not count QUIC sessions). Zero: no cap.
	MaxConns int
	// Pipeline enables HTTP/1.1 pipelining: requests are written on a
	// persistent connection before earlier responses have arrived.
	Pipeline bool
	// PipelineDepth is the most requests outstanding on one connection
	// when pipelining. Zero: unlimited.
	PipelineDepth int
	// H2 is the client's HTTP/2 settings, used when HTTP is HTTP2.
	H2 H2Client
	// AsRecorded replays each host the way a recording saw it: a host's
	// Protocol and Conns, where set, replace HTTP and Conns for that
	// host (the as-recorded preset). Default false.
	AsRecorded bool
}

// Client configures the browser side (YAML client.*).
type Client struct {
	// RequestSize is the size of a request's header block on the wire.
	// Default 400B, a typical browser GET with a few cookies-free headers
	// (Chrome sends 350–500 B); a model assumption. Must be positive.
	RequestSize units.Bytes
	// Timeout is how long the client waits for a response before it
	// abandons the connection and retries elsewhere. Default 30s. Zero: no
	// timeout.
	Timeout time.Duration
	// IdleTimeout is how long the client keeps an idle persistent
	// connection before closing it. Default 90s (Go's net/http). Zero: no
	// limit.
	IdleTimeout time.Duration
	// ProxyConnection makes the client send "Proxy-Connection: Keep-Alive"
	// instead of "Connection: Keep-Alive" when its next hop is a proxy.
	ProxyConnection bool
	// ReadRate is the pace at which the application reads its receive
	// buffer. Zero: the application reads data as soon as it arrives.
	ReadRate units.BitRate
	// CPUScale multiplies the browser's own time before each request
	// (every object's Delay: parsing, script, layout, scheduling), like
	// Lantern's CPU slowdown: 2 is a CPU half as fast, 0.5 one twice as
	// fast. Only the CPU share of a delay scales (CPUShare). Zero: 1.
	CPUScale float64
	// CPUShare is the fraction of each delay that is CPU work, 0 to 1;
	// the rest (timers, waits on other events) does not scale with
	// CPUScale. A HAR import sets it where the producer recorded the main
	// thread's busy share (WebPageTest's _fullyLoadedCPUpct). Zero: 1,
	// all of it.
	CPUShare float64
}

// MaxCPUScale bounds Client.CPUScale: a CPU a thousand times slower than
// the recording's is far beyond any what-if.
const MaxCPUScale = 1000

// DelayFactor is what every object's Delay is multiplied by: 1 − s + s·k
// for CPUShare s and CPUScale k (zero meaning 1 for either).
func (cl Client) DelayFactor() float64 {
	k, s := cl.CPUScale, cl.CPUShare
	if k == 0 {
		k = 1
	}
	if s == 0 {
		s = 1
	}
	return 1 - s + s*k
}

// CloseStyle is how a server closes a connection.
type CloseStyle string

// Close styles (YAML server.close).
const (
	// CloseHalf: shut down the output side, keep reading (and discarding)
	// what the peer still sends until it closes too — lingering close.
	CloseHalf CloseStyle = "half"
	// CloseFull: close both directions at once; data that arrives
	// afterwards draws a RST.
	CloseFull CloseStyle = "full"
)

// Excess is what a server does with connections beyond its per-client cap.
type Excess string

// Excess policies (YAML server.excess).
const (
	ExcessRefuse Excess = "refuse" // answer the SYN with a RST
	ExcessClose  Excess = "close"  // accept, then close without answering
)

// Dist is a distribution of non-negative values (a think time, an object
// size). The unit of the values is the unit of the field that holds it
// (seconds for times, bytes for sizes).
type Dist struct {
	// Kind: "fixed" (default), "lognormal", "exponential", "uniform",
	// "pareto".
	Kind string
	// Value: fixed → the value; lognormal → the median; exponential → the
	// mean; uniform → the minimum; pareto → the scale x_m.
	Value float64
	// Sigma: lognormal → σ of the log; pareto → the shape α.
	Sigma float64
	// Max: uniform → the maximum.
	Max float64
}

// Server configures every origin server (YAML server.*); hosts may
// override parts of it.
type Server struct {
	// Think is the time between a request's last byte arriving and the
	// response's first byte leaving, in seconds. Default fixed 0.
	Think Dist
	// HeaderSize is the size of a response's header block. Default 250B;
	// a model assumption (a typical static-file response).
	HeaderSize units.Bytes
	// KeepAliveMax is the most requests served on one persistent
	// connection (Keep-Alive: max=N). Default 100 (Apache's
	// MaxKeepAliveRequests). Zero: unlimited.
	KeepAliveMax int
	// KeepAliveTimeout is how long the server keeps an idle persistent
	// connection (Keep-Alive: timeout=S). Default 15s. Zero: no limit.
	KeepAliveTimeout time.Duration
	// MaxConnsPerClient caps the connections one client may hold. Zero: no
	// cap.
	MaxConnsPerClient int
	// Excess is what happens to connections beyond the cap. Default refuse.
	Excess Excess
	// Close is how the server closes. Default half.
	Close CloseStyle
	// ContentLength makes responses carry Content-Length. Default true;
	// false means HTTP/1.0 close-delimited bodies (no persistence possible).
	// HTTP/2 frames every body, so it does not apply there.
	ContentLength bool
	// H2 is the servers' HTTP/2 settings (YAML server.h2.*). The idle
	// timeout of an HTTP/2 connection is KeepAliveTimeout (as nginx's
	// keepalive_timeout); KeepAliveMax does not apply (H2.MaxRequests).
	H2 H2Server
}

// TLSVersion is the TLS handshake a host requires.
type TLSVersion string

// TLS handshakes (YAML hosts.H.tls).
const (
	TLSNone TLSVersion = "none"
	TLS12   TLSVersion = "1.2" // 2 round trips before the request
	TLS13   TLSVersion = "1.3" // 1 round trip before the request
)

// Host holds per-host additions (YAML hosts.NAME.*).
type Host struct {
	// ExtraRTT is added to Network.RTT for this host (a farther server).
	ExtraRTT time.Duration
	// DNS is the lookup time before the first connection to this host.
	// Zero: no lookup (cached).
	DNS time.Duration
	// TLS is the handshake on each new connection. Default none.
	TLS TLSVersion
	// CertSize is the size of the server's certificate flight. Default
	// 4KB (a typical RSA-2048 chain with one intermediate).
	CertSize units.Bytes
	// Think overrides the server's think time for this host (a HAR import
	// estimates one per host); nil: use Config.Server.Think.
	Think *Dist
	// H3 is what the browser knows of the host's HTTP/3 (under a
	// strategy with http: "3"). Default (empty) H3Known.
	H3 H3Mode
	// ZeroRTT: the browser has a session ticket for the host from an
	// earlier visit, so its QUIC handshake resumes the session (no
	// certificate) and the first requests go in 0-RTT packets (RFC 9001
	// §4.6). Default false. HTTP/3 only: TLS resumption over TCP is not
	// modelled.
	ZeroRTT bool
	// NoH2 says the server does not speak HTTP/2 (it offers only
	// http/1.1 in ALPN): an HTTP/2 strategy uses HTTP/1.1 for it. Zero:
	// it speaks HTTP/2. YAML hosts.NAME.h2: false.
	NoH2 bool
	// Address is the server's address as DNS gives it, and Cert the name
	// of the certificate it presents: hosts with the same non-empty
	// Address and Cert may share one HTTP/2 connection (coalescing, RFC
	// 9113 §9.1.1 — the certificate covers both names and both resolve to
	// the connection's address). Empty: an address, or a certificate, of
	// its own.
	Address, Cert string
	// Protocol is the HTTP version the host was recorded speaking: "1.1"
	// for HTTP/1.x, "1.0" for HTTP/1.x without persistent connections (a
	// recording where every request opened its own), "2", "3"; a HAR
	// import sets it. The as-recorded strategy
	// (Strategy.AsRecorded) uses it for this host; other strategies
	// ignore it. Empty: the strategy's.
	Protocol HTTPVersion
	// Conns is how many connections the recording used to this host at
	// once; the as-recorded strategy's per-host limit for it. Zero: the
	// strategy's Conns.
	Conns int
	// TLSTime is the server's own time in each TLS handshake, between the
	// ClientHello's arrival and its first flight (signing, an OCSP fetch,
	// a loaded server); a HAR import estimates it from the recorded ssl
	// times. Zero: none, the handshake costs its round trips only.
	TLSTime time.Duration
}

// H3Mode is what the browser knows of a host's HTTP/3 (YAML hosts.NAME.h3).
type H3Mode string

// The modes.
const (
	// H3Known: the host speaks HTTP/3 and the browser knows it (an
	// Alt-Svc cached from an earlier visit): QUIC from the first request.
	H3Known H3Mode = "known"
	// H3Discover: the host speaks HTTP/3 but the browser has not been
	// there: the first connection is over TCP, its responses' Alt-Svc
	// header tells the browser, and — as browsers do on a first visit —
	// the page keeps using the connections it has.
	H3Discover H3Mode = "discover"
	// H3None: the host does not speak HTTP/3.
	H3None H3Mode = "none"
)

// Object is one resource of a page.
type Object struct {
	// ID names the object; unique within the page.
	ID string
	// Scheme, Host and Path form its URL (Scheme://Host Path). Scheme is
	// "http" or "https"; empty means http. It names the object in
	// results; what a connection to Host does (TLS or not) is the host's
	// (Host.TLS), which an https URL sets by default.
	Scheme     string
	Host, Path string
	// Size is the response body size.
	Size units.Bytes
	// Parent is the index of the object whose arrival triggers this
	// request, or -1 for the base document (Objects[0]).
	Parent int
	// AfterFraction is how much of the parent must have arrived before
	// this request is made, 0 < f ≤ 1; zero means 1 (fully arrived).
	AfterFraction float64
	// Delay is client-side time (parse, script) between the trigger and
	// the request.
	Delay time.Duration
	// Method is the HTTP method; default GET. Only idempotent methods
	// (RFC 9110 §9.2.2) are retried automatically.
	Method string
	// Urgency is the request's priority as RFC 9218 §4.1 writes it, 0
	// (most urgent) to 7; HTTP/2 signals it to the server (the Priority
	// header, and Chrome's dependency tree). The zero value is 0; the
	// scenario loader's default is 3 (RFC 9218's default) for every
	// object but the document, which browsers send at 0.
	Urgency int
	// Incremental is RFC 9218's incremental parameter (§4.2): the
	// response is useful in pieces, so the server may interleave it with
	// others of its urgency. Default false.
	Incremental bool
	// Think is the server's time for this response, between the request's
	// last byte and the response's first (a HAR import sets it from the
	// recorded wait); nil: the host's think (Host.Think, Server.Think).
	Think *time.Duration
}

// URL is the object's absolute URL: "https://cdn.example.com/a.js".
func (o *Object) URL() string {
	scheme := o.Scheme
	if scheme == "" {
		scheme = "http"
	}
	return scheme + "://" + o.Host + o.Path
}

// Page is a set of objects with dependencies. Objects[0] is the base
// document; every object's Parent has a smaller index.
type Page struct {
	Objects []Object
}

// ProxyKind is the behaviour of one proxy hop.
type ProxyKind string

// Proxy kinds (YAML proxy.kind and proxy.chain[]).
const (
	ProxyNone  ProxyKind = "none"
	ProxyDumb  ProxyKind = "dumb"  // HTTP/1.0 blind relay: forwards Connection headers untouched
	ProxySmart ProxyKind = "smart" // HTTP/1.1 proxy: strips hop-by-hop headers, own connections
)

// Proxy is the chain of proxies between the client and every server
// (client side first). Empty: direct.
type Proxy struct {
	Chain []ProxyKind
	// Timeout is how long a proxy waits on an idle relayed connection
	// before closing it. Zero: no timeout.
	Timeout time.Duration
}

// Fault is an injected event (YAML faults[]).
type Fault struct {
	// Kind: "close_mid_body" — the server closes the connection after
	// At × the response body has been sent.
	Kind string
	// Object is the index of the object the fault applies to.
	Object int
	// At is the fraction of the body at which the fault fires, 0..1.
	At float64
}

// DefaultClient returns the documented defaults of Client.
func DefaultClient() Client {
	return Client{RequestSize: 400, Timeout: 30 * time.Second, IdleTimeout: 90 * time.Second}
}

// DefaultServer returns the documented defaults of Server.
func DefaultServer() Server {
	return Server{Think: Dist{Kind: "fixed"}, HeaderSize: 250, KeepAliveMax: 100,
		KeepAliveTimeout: 15 * time.Second, Excess: ExcessRefuse, Close: CloseHalf, ContentLength: true,
		H2: DefaultH2Server()}
}

// DefaultHost returns the documented defaults of Host.
func DefaultHost() Host { return Host{TLS: TLSNone, CertSize: 4 * units.KB} }

func (k ProxyKind) String() string { return string(k) }
