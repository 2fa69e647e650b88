package h1

import (
	"pagesim/model/httpcore"
	"pagesim/model/units"
)

// Persistence: what the headers of a request and its response decide about
// the connection's future (HTTP: The Definitive Guide, ch. 4; RFC 9112
// §9.3). The server decides in respond, the client reads the decision in
// applyHeaders.

// respond fixes the response's headers. The decision to keep the
// connection follows RFC 9112 §9.3 (HTTP/1.1: persistent unless close) and
// the HTTP/1.0 Keep-Alive convention (persistent only when the request
// asked with Connection: Keep-Alive — a Proxy-Connection header means
// nothing to an origin server). A server that has served Keep-Alive max
// requests, or sends no Content-Length, closes.
func (sc *serverConn) respond(pr *pendingResp, body units.Bytes, hasCL bool) *message {
	req := pr.req
	hdr := sc.cfg.HeaderSize
	if hdr == 0 && body == 0 {
		// A response is never nothing on the wire (a status line at
		// least): with server.header_size 0 and an empty body, one byte
		// goes, or the client could not tell that an answer came.
		hdr = 1
	}
	m := sc.alloc.msg.New()
	*m = message{kind: msgResponse, version: httpcore.HTTP11, obj: req.obj, hdr: hdr, body: body, hasCL: hasCL}
	sc.served++
	persist := false
	kaStyle := false
	switch {
	case req.version == httpcore.HTTP11:
		persist = !req.has(connClose)
	case req.has(connKeepAlive):
		persist, kaStyle = true, true
	case sc.proxyFront && req.has(proxyConnKeepAlive):
		persist, kaStyle = true, true
	}
	if req.version != httpcore.HTTP11 {
		m.version = httpcore.HTTP10
	}
	if !hasCL {
		persist = false
	}
	if sc.cfg.KeepAliveMax > 0 && sc.served >= sc.cfg.KeepAliveMax {
		persist = false
	}
	if persist {
		if kaStyle {
			m.conn |= connKeepAlive
		}
		if kaStyle || sc.cfg.KeepAliveMax > 0 || sc.cfg.KeepAliveTimeout > 0 {
			m.conn |= keepAliveParams
			if sc.cfg.KeepAliveMax > 0 {
				m.kaMax = sc.cfg.KeepAliveMax - sc.served
			}
			m.kaTimeout = sc.cfg.KeepAliveTimeout
		}
	} else {
		if req.version == httpcore.HTTP11 {
			m.conn |= connClose
		}
		sc.closing = true
		pr.last = true
	}
	pr.resp = m
	return m
}

// applyHeaders reads what a response says about the connection's future.
func (c *clientConn) applyHeaders(m *message) {
	switch c.pool.http {
	case httpcore.HTTP10:
		c.noMore = true
	case httpcore.HTTP10KeepAlive:
		// HTTP/1.0+: persistent only if the response says Keep-Alive too.
		if !m.has(connKeepAlive) {
			c.noMore = true
		}
	case httpcore.HTTP11:
		// HTTP/1.1: persistent unless Connection: close (RFC 9112 §9.3).
		if m.has(connClose) || m.version == httpcore.HTTP10 && !m.has(connKeepAlive) {
			c.noMore = true
		}
	}
	if m.has(keepAliveParams) {
		// Keep-Alive: max=N, timeout=S — N more requests at most, and the
		// connection is not kept idle past S.
		if m.kaMax > 0 {
			c.kaLeft = m.kaMax
			if c.kaLeft < len(c.inflight)-1 {
				c.kaLeft = 0
			} else {
				c.kaLeft -= len(c.inflight) - 1
			}
		}
		if m.kaTimeout > 0 && (c.idleLimit == 0 || m.kaTimeout < c.idleLimit) {
			c.idleLimit = m.kaTimeout
		}
	}
	if !m.hasCL {
		c.noMore = true // a close-delimited body ends the connection
	}
}
