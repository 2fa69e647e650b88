// Package browser is the browser's HTTP: it sends every request of a page
// over the protocol its strategy chooses for the request's host, through
// one transport per protocol — HTTP/1.x connections (package h1) today —
// all sharing the access link, the DNS cache and the recorder, so that a
// page can mix protocols the way real pages do.
package browser

import (
	"pagesim/model/h1"
	"pagesim/model/httpcore"
	"pagesim/model/link"
	"pagesim/model/tcp"
)

// Config is what the browser is built from.
type Config struct {
	// Env is what every transport shares.
	Env *httpcore.Env
	// TCP carries HTTP/1.x (and HTTP/2); Net is the link QUIC would use.
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
	h1 *h1.Client
}

// New builds the browser of c.
func New(c Config) *Browser {
	env := &h1.Env{Env: c.Env, TCP: c.TCP, Server: c.Server, Proxy: c.Proxy, ProxyRec: c.ProxyRec}
	return &Browser{h1: h1.NewBrowser(env, c.Strategy, c.Client)}
}

// Fetch sends r over its host's protocol.
func (b *Browser) Fetch(r *httpcore.Request) { b.h1.Fetch(r) }

// H1 is the HTTP/1.x transport (for tests).
func (b *Browser) H1() *h1.Client { return b.h1 }
