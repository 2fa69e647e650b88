// Package browser is the browser's HTTP: it sends every request of a page
// over the protocol its strategy chooses for the request's host, through
// one transport per protocol — HTTP/1.x connections (package h1) and
// HTTP/3 over QUIC (package h3) — all sharing the access link, the DNS
// cache and the recorder, so that a page can mix protocols the way real
// pages do.
//
// Under a strategy with http: "3" a host goes over HTTP/3 when the browser
// knows it speaks it (hosts.NAME.h3: known, the default: an Alt-Svc
// remembered from an earlier visit). A host on its first visit
// (discover) or without HTTP/3 (none) goes over the fallback: the
// browser's first connection to an origin is over TCP, its responses'
// Alt-Svc tells the browser about HTTP/3, and the page keeps using the
// connections it has. A host whose QUIC handshake fails (timeout, refusal)
// is marked broken and its requests go over the fallback too, as Chrome
// does. Through a proxy nothing goes over HTTP/3 (browsers do not use
// QUIC through HTTP proxies).
//
// The fallback is HTTP/2 in browsers; until pagesim has HTTP/2 it is
// HTTP/1.1 with the strategy's connections per host (fallback).
package browser

import (
	"pagesim/model/h1"
	"pagesim/model/h3"
	"pagesim/model/httpcore"
	"pagesim/model/link"
	"pagesim/model/quic"
	"pagesim/model/tcp"
)

// Config is what the browser is built from.
type Config struct {
	// Env is what every transport shares.
	Env *httpcore.Env
	// TCP carries HTTP/1.x; QUIC carries HTTP/3 (both over Net).
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
	env   *httpcore.Env
	h1    *h1.Client
	h3    *h3.Client // nil unless the strategy speaks HTTP/3
	proxy bool
}

// New builds the browser of c.
func New(c Config) *Browser {
	env := &h1.Env{Env: c.Env, TCP: c.TCP, Server: c.Server, Proxy: c.Proxy, ProxyRec: c.ProxyRec}
	b := &Browser{env: c.Env, h1: h1.NewBrowser(env, tcpStrategy(c.Strategy), c.Client), proxy: len(c.Proxy.Chain) > 0}
	if c.Strategy.HTTP == httpcore.HTTP3 && !b.proxy {
		b.h3 = h3.NewClient(&h3.Env{Env: c.Env, QUIC: c.QUIC, H3: c.H3, Client: c.Client, Server: c.Server,
			Fallback: b.fallback, OnConn: c.OnQUICConn})
	}
	return b
}

// tcpStrategy is the strategy of the TCP transport: HTTP/1.1 with the
// strategy's connection limits when the strategy speaks HTTP/3.
func tcpStrategy(st httpcore.Strategy) httpcore.Strategy {
	if st.HTTP == httpcore.HTTP3 {
		st.HTTP = httpcore.HTTP11
	}
	return st
}

// Fetch sends r over its host's protocol.
func (b *Browser) Fetch(r *httpcore.Request) {
	if b.h3 != nil && b.speaksH3(r.Host) {
		b.h3.Fetch(r)
		return
	}
	b.fallback(r)
}

// speaksH3 reports whether the browser sends host's requests over HTTP/3:
// it knows the host speaks it, and QUIC has not failed there.
func (b *Browser) speaksH3(host string) bool {
	switch b.env.Hosts(host).H3 {
	case "", httpcore.H3Known:
		return !b.h3.Broken(host)
	}
	return false
}

// fallback is where a request goes that does not go over HTTP/3: HTTP/2
// in a browser; here, until pagesim has HTTP/2, the HTTP/1.x client.
func (b *Browser) fallback(r *httpcore.Request) { b.h1.Fetch(r) }

// H1 is the HTTP/1.x transport (for tests).
func (b *Browser) H1() *h1.Client { return b.h1 }

// H3 is the HTTP/3 transport, nil unless the strategy speaks it (for
// tests).
func (b *Browser) H3() *h3.Client { return b.h3 }
