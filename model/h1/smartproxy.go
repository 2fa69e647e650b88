package h1

import (
	"pagesim/model/httpcore"
	"pagesim/model/tcp"
	"pagesim/model/units"
)

// A smart proxy (proxy.go has the model): an HTTP/1.1 server toward the
// client (a serverConn whose responder is the proxy) and an HTTP/1.1
// client toward the next hop.

func (p *proxy) initSmart(chainLen int, cfg httpcore.Client) {
	env := p.env
	p.front = httpcore.DefaultServer()
	p.front.HeaderSize = env.Server.HeaderSize
	p.front.KeepAliveMax = 0
	p.front.KeepAliveTimeout = env.Proxy.Timeout
	if p.front.KeepAliveTimeout == 0 {
		p.front.KeepAliveTimeout = httpcore.DefaultServer().KeepAliveTimeout
	}

	if env.Proxy.Timeout > 0 {
		cfg.Timeout = env.Proxy.Timeout
	}
	cfg.ReadRate = 0
	cfg.ProxyConnection = false
	// An HTTP/1.1 proxy keeps a few persistent connections per server.
	st := httpcore.Strategy{Name: "proxy", HTTP: httpcore.HTTP11, Conns: 6}
	p.client = newClient(env.S, env.ProxyRec, &httpcore.ConnIDs{}, st, cfg)
	p.client.viaProxy = p.index+1 < chainLen
	p.client.dial = func(host string, c *clientConn) *tcp.Conn {
		return p.next(host, c, c.wire)
	}
}

// serve forwards a request to the next hop as a new message.
func (p *proxy) serve(sc *serverConn, pr *pendingResp) {
	m := pr.req
	r := &httpcore.Request{Host: m.host, Path: m.path, Method: m.method, Obj: m.obj, Owner: forward{pr},
		FullSize: p.env.Content.Size(m.obj)}
	p.client.Fetch(r)
}

// forward is the requester of a forwarded request: the client's request
// waiting on the proxy's front connection.
type forward struct{ pr *pendingResp }

// gone: the front connection will not answer (it closed, or dropped the
// request); nothing more is relayed.
func (f forward) gone() bool { return f.pr.dropped || f.pr.sc.closed }

// Header: the upstream response's headers are known, so the proxy can
// start its own response to the client (with its own connection headers).
func (f forward) Header(r *httpcore.Request, bodyLen units.Bytes, lengthKnown bool) {
	if f.gone() {
		return
	}
	resp := f.pr.sc.respond(f.pr, bodyLen, lengthKnown)
	f.pr.sc.makeAvailable(f.pr, resp.hdr)
}

func (f forward) Progress(r *httpcore.Request, n units.Bytes) {
	if f.pr.resp != nil && !f.gone() {
		f.pr.sc.makeAvailable(f.pr, n)
	}
}

func (f forward) Complete(r *httpcore.Request, truncated bool) {
	if f.pr.resp == nil || f.gone() {
		return
	}
	if truncated {
		// A close-delimited body ended short: so does the relayed one.
		f.pr.resp.body = r.Body
		f.pr.sc.pump()
	}
}

// Failed: the proxy could not get an answer; it drops the client's
// connection (the client then applies its own retry rule).
func (f forward) Failed(r *httpcore.Request, why string) {
	if f.gone() {
		return
	}
	sc := f.pr.sc
	if f.pr.resp != nil {
		sc.ep.Abort()
		return
	}
	sc.queue = nil
	sc.closing = true
	sc.close()
}
