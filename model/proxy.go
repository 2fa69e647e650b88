package model

import (
	"time"

	"pagesim/model/link"
	"pagesim/model/tcp"
	"pagesim/sim"
)

// Proxies sit at the far end of the access link (an ISP or corporate
// proxy): the client's connections to the first proxy cross the access
// link, connections between proxies cost nothing, and the last proxy's
// connections to a server cross that server's extra delay. HTTP: The
// Definitive Guide, ch. 4, "Keep-Alive and dumb proxies", is the model:
//
//   - A dumb proxy is an HTTP/1.0 blind relay. It reads the first request
//     to learn where to connect, forwards it with every header untouched
//     (Connection: Keep-Alive included, which it does not understand),
//     relays the response, and then waits for the server to close. A
//     second request on the same client connection is ignored. When the
//     server, told Keep-Alive, keeps the connection open, the client's
//     next request hangs until a timeout fires: the server's Keep-Alive
//     timeout (it closes, the proxy relays the close), the proxy's own
//     timeout, or the client's response timeout.
//   - A smart proxy speaks HTTP/1.1: it parses requests, answers the
//     client itself (honouring Connection: Keep-Alive and, because it
//     knows it is a proxy, Proxy-Connection: Keep-Alive), and fetches from
//     the next hop through its own persistent connections. Hop-by-hop
//     headers (Connection, Keep-Alive, Proxy-Connection and those named in
//     Connection) are not forwarded (RFC 9110 §7.6.1): every forwarded
//     request is a new message.
//
// Simplifications: TLS is not modelled through proxies (a proxied page is
// plain HTTP, as in the chapter); a smart proxy forwards the requests of
// one client connection one at a time, in order.
type proxy struct {
	w     *world
	kind  ProxyKind
	index int
	// next dials the next hop (a proxy's front or the origin).
	next func(host string, a tcp.App, wr *wire) *tcp.Conn
	// smart proxies: their upstream client and their front settings.
	client *httpClient
	front  Server
}

// buildProxies wires the chain and the browser's dialer.
func (w *world) buildProxies() error {
	chain := w.cfg.Proxy.Chain
	w.proxies = make([]*proxy, len(chain))
	for i, k := range chain {
		w.proxies[i] = &proxy{w: w, kind: k, index: i}
	}
	// next hop of each proxy, from the server side back
	for i := len(chain) - 1; i >= 0; i-- {
		p := w.proxies[i]
		if i == len(chain)-1 {
			p.next = func(host string, a tcp.App, wr *wire) *tcp.Conn {
				return w.tcp.Dial(host, link.EdgeToServer, a, w.origins[host].accept(wr))
			}
		} else {
			nx := w.proxies[i+1]
			p.next = func(host string, a tcp.App, wr *wire) *tcp.Conn {
				return w.tcp.Dial(host, link.EdgeToEdge, a, nx.accept(wr))
			}
		}
		if p.kind == ProxySmart {
			p.initSmart()
		}
	}
	cl := w.client
	if len(chain) == 0 {
		cl.tls = true
		cl.dialer = func(host string, cc *clientConn) *tcp.Conn {
			return w.tcp.Dial(host, link.ClientToServer, cc, w.origins[host].accept(cc.wire))
		}
		return nil
	}
	cl.viaProxy = true
	first := w.proxies[0]
	cl.dialer = func(host string, cc *clientConn) *tcp.Conn {
		return w.tcp.Dial(host, link.ClientToEdge, cc, first.accept(cc.wire))
	}
	return nil
}

// accept builds the proxy's side of a new client-facing connection.
func (p *proxy) accept(wr *wire) tcp.App {
	if p.kind == ProxyDumb {
		r := &relay{p: p, dw: wr}
		r.idle = p.w.s.NewTimer(sim.Func(r.onIdle))
		return r
	}
	sc := newServerConn(p.w, "", &p.front, TLSNone, p)
	sc.wire = wr
	sc.proxyFront = true
	return sc
}

// ---- dumb proxy: a blind relay ----

// relay is one client connection through a dumb proxy and the upstream
// connection it opened for it.
type relay struct {
	p    *proxy
	down *tcp.Endpoint // client-facing endpoint (passive side)
	dw   *wire         // what the client connection carries
	up   *tcp.Endpoint // upstream endpoint (active side), nil until the first request
	uw   *wire
	// first is the request the relay forwards; requests after it are
	// ignored (the proxy waits for the server to close).
	first     *message
	connected bool
	closed    bool
	idle      *sim.Timer
}

func (r *relay) Accept(e *tcp.Endpoint) bool {
	r.down = e
	return true
}

func (r *relay) Established(e *tcp.Endpoint) {
	if e == r.up {
		r.connected = true
		if r.first != nil {
			r.uw.up.push(r.first) // forwarded as is: every header untouched
			r.up.Write(r.first.size())
		}
	}
	r.touch()
}

func (r *relay) Readable(e *tcp.Endpoint) {
	if e == r.down {
		r.fromClient()
	} else {
		r.fromServer()
	}
}

// fromClient reads the client's bytes: the first request opens the
// upstream connection; later requests are read and ignored.
func (r *relay) fromClient() {
	n := r.down.Read(0)
	for n > 0 {
		ev, used := r.dw.up.next(n)
		if used == 0 {
			break
		}
		n -= used
		if ev.complete && ev.m.kind == msgRequest && r.first == nil {
			r.first = ev.m
			r.uw = &wire{}
			c := r.p.next(ev.m.host, r, r.uw)
			r.up = c.A
			r.up.Connect()
			r.touch()
		}
	}
	// Requests after the first are not relayed, so they are no activity
	// for the proxy's idle timer: it keeps counting from the last byte it
	// relayed, and the hang it ends lasts exactly proxy.timeout.
	if r.down.EOF() {
		r.shutdown(false)
	}
}

// fromServer relays the server's bytes to the client unchanged.
func (r *relay) fromServer() {
	n := r.up.Read(0)
	if n > 0 && !r.closed {
		rest := n
		for rest > 0 {
			ev, used := r.uw.down.next(rest)
			if used == 0 {
				break
			}
			rest -= used
			if ev.first {
				r.dw.down.push(ev.m)
			}
		}
		r.down.Write(n)
		r.touch()
	}
	if r.up.EOF() {
		// The server closed: so does the proxy, toward the client.
		r.shutdown(false)
	}
}

func (r *relay) touch() {
	if t := r.p.w.cfg.Proxy.Timeout; t > 0 && !r.closed {
		r.idle.ResetAfter(t)
	}
}

// onIdle: the proxy's own timeout ends a relay that saw no traffic.
func (r *relay) onIdle(now time.Duration) { r.shutdown(false) }

// shutdown closes both sides (abort: with a RST).
func (r *relay) shutdown(abort bool) {
	if r.closed {
		return
	}
	r.closed = true
	r.idle.Stop()
	for _, e := range []*tcp.Endpoint{r.down, r.up} {
		if e == nil || !e.Open() {
			continue
		}
		if abort {
			e.Abort()
		} else {
			e.Close()
		}
	}
}

func (r *relay) Closed(e *tcp.Endpoint, err error) {
	r.shutdown(err != nil)
}

// ---- smart proxy ----

func (p *proxy) initSmart() {
	w := p.w
	p.front = DefaultServer()
	p.front.HeaderSize = w.cfg.Server.HeaderSize
	p.front.KeepAliveMax = 0
	p.front.KeepAliveTimeout = w.cfg.Proxy.Timeout
	if p.front.KeepAliveTimeout == 0 {
		p.front.KeepAliveTimeout = DefaultServer().KeepAliveTimeout
	}
	cfg := w.cfg.Client
	if w.cfg.Proxy.Timeout > 0 {
		cfg.Timeout = w.cfg.Proxy.Timeout
	}
	cfg.ReadRate = 0
	cfg.ProxyConnection = false
	// An HTTP/1.1 proxy keeps a few persistent connections per server.
	st := Strategy{Name: "proxy", HTTP: HTTP11, Conns: 6}
	p.client = newHTTPClient(w, "proxy", st, cfg)
	p.client.viaProxy = p.index+1 < len(w.proxies)
	p.client.dialer = func(host string, cc *clientConn) *tcp.Conn {
		return p.next(host, cc, cc.wire)
	}
}

// serve forwards a request to the next hop as a new message.
func (p *proxy) serve(sc *serverConn, pr *pendingResp) {
	m := pr.req
	r := &request{host: m.host, path: m.path, method: m.method, obj: m.obj, owner: p, fwd: pr,
		fullSize: p.w.objSize(m)}
	pr.up = r
	p.client.fetch(r)
}

func (p *proxy) sent(r *request, c *clientConn) {}

// header: the upstream response's headers are known, so the proxy can
// start its own response to the client (with its own connection headers).
func (p *proxy) header(r *request, m *message) {
	pr := r.fwd
	if pr == nil || pr.sc.closed {
		return
	}
	resp := pr.sc.respond(pr, m.body, m.hasCL)
	pr.sc.makeAvailable(pr, resp.hdr)
}

func (p *proxy) progress(r *request, n Bytes) {
	if pr := r.fwd; pr != nil && pr.resp != nil && !pr.sc.closed {
		pr.sc.makeAvailable(pr, n)
	}
}

func (p *proxy) complete(r *request, truncated bool) {
	pr := r.fwd
	if pr == nil || pr.resp == nil || pr.sc.closed {
		return
	}
	if truncated {
		// A close-delimited body ended short: so does the relayed one.
		pr.resp.body = r.body
		pr.sc.pump()
	}
}

// failed: the proxy could not get an answer; it drops the client's
// connection (the client then applies its own retry rule).
func (p *proxy) failed(r *request, why string) {
	pr := r.fwd
	if pr == nil || pr.sc.closed {
		return
	}
	if pr.resp != nil {
		pr.sc.ep.Abort()
		return
	}
	pr.sc.queue = nil
	pr.sc.closing = true
	pr.sc.close()
}

func (p *proxy) lost(r *request, c *clientConn, why string) {
	p.w.res.Stalls = append(p.w.res.Stalls, Stall{Object: r.obj, Conn: -1, From: r.sentAt, To: p.w.s.Now(),
		Cause: "proxy " + p.kind.String() + ": " + why})
}
