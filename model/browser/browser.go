// Package browser is the browser's HTTP: it sends every request of a page
// over the protocol its strategy chooses for the request's host — HTTP/1.x
// connections (package h1) or HTTP/2 (package h2) — through one transport
// per protocol, all sharing the access link, the DNS cache, the recorder
// and the numbering of connections, so that a page can mix protocols the
// way real pages do.
//
// Route is the choice, a pure function of the strategy and the host's
// settings: HTTP/2 for a host when the strategy speaks it and the host
// negotiates it — over TLS with ALPN (RFC 9113 §3.2), or on cleartext
// with prior knowledge (§3.3) — and HTTP/1.x otherwise, as a browser
// falls back to HTTP/1.1 for a server that does not select h2. Through a
// proxy every request is HTTP/1.x (proxies are HTTP/1.x intermediaries
// here). An HTTP/2 strategy's fallback connections follow its
// connection counts (conns, max_conns), which do not apply to HTTP/2.
package browser

import (
	"pagesim/model/h1"
	"pagesim/model/h2"
	"pagesim/model/httpcore"
	"pagesim/model/link"
	"pagesim/model/tcp"
)

// Protocol is the transport a host's requests go over.
type Protocol uint8

// The protocols.
const (
	ProtoH1 Protocol = iota // HTTP/1.0 and 1.1 (package h1)
	ProtoH2                 // HTTP/2 (package h2)
)

func (p Protocol) String() string {
	switch p {
	case ProtoH2:
		return "h2"
	}
	return "h1"
}

// Route chooses the protocol of a host's requests: HTTP/2 when the
// strategy speaks it and the host's server does (hosts.NAME.h2), over TLS
// (ALPN) or, with the strategy's prior knowledge, in cleartext (h2c);
// HTTP/1.x otherwise. viaProxy: the page goes through a proxy chain.
func Route(st httpcore.Strategy, h httpcore.Host, viaProxy bool) Protocol {
	switch {
	case viaProxy, st.HTTP != httpcore.HTTP2, h.NoH2:
		return ProtoH1
	case h.TLS.Handshakes(), st.H2.PriorKnowledge:
		return ProtoH2
	}
	return ProtoH1
}

// Config is what the browser is built from.
type Config struct {
	// Env is what every transport shares.
	Env *httpcore.Env
	// TCP carries HTTP/1.x and HTTP/2; Net is the link QUIC would use.
	TCP *tcp.Stack
	Net *link.Net
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
	h2       *h2.Client
}

// New builds the browser of c.
func New(c Config) *Browser {
	b := &Browser{strat: c.Strategy, hosts: c.Env.Hosts, viaProxy: len(c.Proxy.Chain) > 0}
	h1strat := c.Strategy
	if h1strat.HTTP == httpcore.HTTP2 {
		h1strat.HTTP = httpcore.HTTP11 // the fallback of an HTTP/2 browser
	}
	env := &h1.Env{Env: c.Env, TCP: c.TCP, Server: c.Server, Proxy: c.Proxy, ProxyRec: c.ProxyRec}
	b.h1 = h1.NewBrowser(env, h1strat, c.Client)
	if c.Strategy.HTTP == httpcore.HTTP2 {
		b.h2 = h2.NewClient(&h2.Env{Env: c.Env, TCP: c.TCP, Server: c.Server}, c.Strategy, c.Client)
	}
	return b
}

// Fetch sends r over its host's protocol.
func (b *Browser) Fetch(r *httpcore.Request) {
	b.Transport(Route(b.strat, b.hosts(r.Host), b.viaProxy)).Fetch(r)
}

// Transport is the browser's transport for protocol p (the HTTP/1.x one
// when the strategy has no transport for p).
func (b *Browser) Transport(p Protocol) httpcore.Fetcher {
	if p == ProtoH2 && b.h2 != nil {
		return b.h2
	}
	return b.h1
}

// H1 is the HTTP/1.x transport (for tests).
func (b *Browser) H1() *h1.Client { return b.h1 }

// H2 is the HTTP/2 transport, nil when the strategy does not speak it.
func (b *Browser) H2() *h2.Client { return b.h2 }
