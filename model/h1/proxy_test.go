package h1

import (
	"testing"
	"time"

	"pagesim/model/httpcore"
	"pagesim/sim"
)

// TestHazardSmartProxyStripsHopByHop (the chapter's hazard 2, on the wire): what the
// client sends a smart proxy and what the proxy forwards. The client's
// requests carry its connection headers (Proxy-Connection: Keep-Alive
// here, and an extension header named in Connection that the test adds);
// every request the proxy forwards is a new HTTP/1.1 message
// without Connection, Keep-Alive, Proxy-Connection or any header those
// named (RFC 9110 §7.6.1), and the proxy answers the client with
// Connection: Keep-Alive because it understood Proxy-Connection.
func TestHazardSmartProxyStripsHopByHop(t *testing.T) {
	const r = 100 * time.Millisecond
	set := textbook(r, 2, httpcore.Strategy{Name: "keepalive", HTTP: httpcore.HTTP10KeepAlive, Conns: 1, MaxConns: 1})
	set.proxy = httpcore.Proxy{Chain: []httpcore.ProxyKind{httpcore.ProxySmart}, Timeout: 7 * time.Second}
	set.server.KeepAliveTimeout = 5 * time.Second
	set.client.Timeout = 9 * time.Second
	set.client.ProxyConnection = true
	h := newHarness(t, set)
	var browser, forwarded []*wire
	h.browser.onConn = func(c *clientConn) { browser = append(browser, c.wire) }
	h.browser.proxies[0].client.onConn = func(c *clientConn) { forwarded = append(forwarded, c.wire) }
	// The client sends no extension header of its own. Mark each request
	// it writes as carrying one named in Connection, long before it
	// reaches the proxy (r/2 later), so that the proxy has one to strip.
	var mark func(time.Duration)
	mark = func(time.Duration) {
		for _, wr := range browser {
			for _, m := range wr.up.Queued() {
				if m.kind == msgRequest {
					m.conn |= hopByHopExtra
				}
			}
		}
		h.s.After(r/20, sim.Func(mark))
	}
	mark(0)
	h.run(t)
	const hop = connKeepAlive | connClose | proxyConnKeepAlive | keepAliveParams | hopByHopExtra
	count := func(ws []*wire, up bool, check func(m *message)) int {
		n := 0
		for _, wr := range ws {
			q := wr.down.Queued()
			if up {
				q = wr.up.Queued()
			}
			for _, m := range q {
				if m.kind == msgRequest || m.kind == msgResponse {
					check(m)
					n++
				}
			}
		}
		return n
	}
	if n := count(browser, true, func(m *message) {
		if !m.has(proxyConnKeepAlive) || !m.has(hopByHopExtra) || m.has(connKeepAlive) || m.version != httpcore.HTTP10 {
			t.Errorf("client request for %s: version %s, tokens %b; want HTTP/1.0 with Proxy-Connection: Keep-Alive and the extension header", m.path, m.version, m.conn)
		}
	}); n != 3 {
		t.Errorf("client sent %d requests, want 3", n)
	}
	if n := count(browser, false, func(m *message) {
		if !m.has(connKeepAlive) {
			t.Errorf("proxy's response for object %d to the client lacks Connection: Keep-Alive (tokens %b)", m.obj, m.conn)
		}
	}); n != 3 {
		t.Errorf("client received %d responses, want 3", n)
	}
	if n := count(forwarded, true, func(m *message) {
		if m.conn&hop != 0 || m.version != httpcore.HTTP11 {
			t.Errorf("forwarded request for %s: version %s, tokens %b; want HTTP/1.1 without hop-by-hop headers", m.path, m.version, m.conn)
		}
	}); n != 3 {
		t.Errorf("proxy forwarded %d requests, want 3", n)
	}
	if len(forwarded) != 1 {
		t.Errorf("proxy opened %d upstream connections, want 1 (its own persistent connection)", len(forwarded))
	}
}
