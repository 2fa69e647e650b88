// Package browser is the browser's HTTP: it sends every request of a page
// over the protocol its strategy chooses for the request's host —
// HTTP/1.x connections (package h1), HTTP/2 (package h2) or HTTP/3 over
// QUIC (package h3) — through one transport per protocol, all sharing the
// access link, the DNS cache, the recorder and the numbering of
// connections, so that a page can mix protocols the way real pages do.
//
// Route is the choice, a pure function of the strategy, the host's
// settings and whether QUIC has failed there:
//
//   - Through a proxy every request is HTTP/1.x (proxies are HTTP/1.x
//     intermediaries here, and browsers do not use QUIC through HTTP
//     proxies).
//   - Under a strategy with http: "3", a host goes over HTTP/3 when it is
//     served over TLS and the browser knows it speaks HTTP/3
//     (hosts.NAME.h3: known, the default — an Alt-Svc remembered from an
//     earlier visit) and QUIC has not failed there (a failed handshake
//     marks the host broken, as Chrome does). A host on its first visit
//     (discover) or without HTTP/3 (none) goes over what an HTTP/2
//     browser would use: its first connection to an origin is over TCP,
//     the responses' Alt-Svc tells the browser about HTTP/3, and the page
//     keeps using the connections it has.
//   - Under http: "2" (or as the fallback of "3"), a host goes over HTTP/2
//     when its server negotiates it — over TLS with ALPN (RFC 9113 §3.2),
//     or on cleartext with prior knowledge (§3.3) — and over HTTP/1.1
//     otherwise, as a browser falls back for a server that does not select
//     h2 (hosts.NAME.h2: false). The HTTP/1.1 fallback follows the
//     strategy's connection counts (conns, max_conns), which do not apply
//     to HTTP/2 or HTTP/3.
//   - Under the as-recorded strategy, a host goes over the protocol the
//     recording shows it used (hosts.NAME.protocol): HTTP/3 or HTTP/2 when
//     the transport can carry it (TLS, or h2c prior knowledge for HTTP/2;
//     an HTTP/3 host whose QUIC failed falls back to HTTP/2), else, and
//     for hosts recorded over HTTP/1.x or without a recorded protocol,
//     HTTP/1.x with the host's recorded connection count
//     (httpcore.RecordedRoute).
package browser

import (
	"pagesim/model/h1"
	"pagesim/model/h2"
	"pagesim/model/h3"
	"pagesim/model/httpcore"
	"pagesim/model/link"
	"pagesim/model/quic"
	"pagesim/model/tcp"
)

// Protocol is the transport a host's requests go over.
type Protocol uint8

// The protocols.
const (
	ProtoH1 Protocol = iota // HTTP/1.0 and 1.1 (package h1)
	ProtoH2                 // HTTP/2 (package h2)
	ProtoH3                 // HTTP/3 over QUIC (package h3)
)

func (p Protocol) String() string {
	switch p {
	case ProtoH2:
		return "h2"
	case ProtoH3:
		return "h3"
	}
	return "h1"
}

// Route chooses the protocol of a host's requests (see the package doc).
// viaProxy: the page goes through a proxy chain; quicBroken: a QUIC
// handshake with the host has failed.
func Route(st httpcore.Strategy, h httpcore.Host, viaProxy, quicBroken bool) Protocol {
	if viaProxy {
		return ProtoH1
	}
	if st.AsRecorded {
		return recordedRoute(st, h, quicBroken)
	}
	if st.HTTP == httpcore.HTTP3 && !quicBroken && h.TLS.Handshakes() && (h.H3 == "" || h.H3 == httpcore.H3Known) {
		return ProtoH3
	}
	if (st.HTTP == httpcore.HTTP2 || st.HTTP == httpcore.HTTP3) && !h.NoH2 && (h.TLS.Handshakes() || st.H2.PriorKnowledge) {
		return ProtoH2
	}
	return ProtoH1
}

// Config is what the browser is built from.
type Config struct {
	// Env is what every transport shares.
	Env *httpcore.Env
	// TCP carries HTTP/1.x and HTTP/2; QUIC carries HTTP/3 (both over Net).
	TCP  *tcp.Stack
	QUIC *quic.Stack
	Net  *link.Net
	// H3 is the HTTP/3 settings; OnQUICConn, when set, hears of each
	// QUIC connection dialled.
	H3         h3.Config
	OnQUICConn func(id httpcore.ConnID, c *quic.Conn)
	// Server is the origins' settings, Proxy the proxy chain in front of
	// them, ProxyRec the recorder of smart proxies' upstream clients.
	Server   httpcore.Server
	Proxy    httpcore.Proxy
	ProxyRec httpcore.Recorder
	// Strategy and Client are the browser's.
	Strategy httpcore.Strategy
	Client   httpcore.Client
}

// Browser routes requests to transports. It implements httpcore.Fetcher.
type Browser struct {
	strat    httpcore.Strategy
	hosts    func(string) httpcore.Host
	viaProxy bool
	h1       *h1.Client
	h2       *h2.Client // nil unless the strategy speaks HTTP/2 or HTTP/3
	h3       *h3.Client // nil unless the strategy speaks HTTP/3 and no proxy is in the way
}

// New builds the browser of c.
func New(c Config) *Browser {
	b := &Browser{strat: c.Strategy, hosts: c.Env.Hosts, viaProxy: len(c.Proxy.Chain) > 0}
	multiplexed := c.Strategy.HTTP == httpcore.HTTP2 || c.Strategy.HTTP == httpcore.HTTP3
	h1strat := c.Strategy
	if multiplexed {
		h1strat.HTTP = httpcore.HTTP11 // the fallback of an HTTP/2 or HTTP/3 browser
	}
	b.h1 = h1.NewBrowser(&h1.Env{Env: c.Env, TCP: c.TCP, Server: c.Server, Proxy: c.Proxy, ProxyRec: c.ProxyRec}, h1strat, c.Client)
	if multiplexed {
		b.h2 = h2.NewClient(&h2.Env{Env: c.Env, TCP: c.TCP, Server: c.Server}, c.Strategy, c.Client)
	}
	if c.Strategy.HTTP == httpcore.HTTP3 && !b.viaProxy {
		b.h3 = h3.NewClient(&h3.Env{Env: c.Env, QUIC: c.QUIC, H3: c.H3, Client: c.Client, Server: c.Server,
			Fallback: b.fallback, OnConn: c.OnQUICConn})
	}
	return b
}

// Fetch sends r over its host's protocol.
func (b *Browser) Fetch(r *httpcore.Request) {
	broken := b.h3 != nil && b.h3.Broken(r.Host)
	b.Transport(Route(b.strat, b.hosts(r.Host), b.viaProxy, broken)).Fetch(r)
}

// fallback is where the HTTP/3 client sends a request it cannot carry (its
// host's QUIC failed): HTTP/2 or HTTP/1.1 by Route.
func (b *Browser) fallback(r *httpcore.Request) {
	b.Transport(Route(b.strat, b.hosts(r.Host), b.viaProxy, true)).Fetch(r)
}

// Transport is the browser's transport for protocol p (the HTTP/1.x one
// when the strategy has no transport for p).
func (b *Browser) Transport(p Protocol) httpcore.Fetcher {
	switch {
	case p == ProtoH3 && b.h3 != nil:
		return b.h3
	case p == ProtoH2 && b.h2 != nil:
		return b.h2
	}
	return b.h1
}

// H1 is the HTTP/1.x transport (for tests).
func (b *Browser) H1() *h1.Client { return b.h1 }

// H2 is the HTTP/2 transport, nil when the strategy does not speak it.
func (b *Browser) H2() *h2.Client { return b.h2 }

// H3 is the HTTP/3 transport, nil unless the strategy speaks it (for
// tests).
func (b *Browser) H3() *h3.Client { return b.h3 }
