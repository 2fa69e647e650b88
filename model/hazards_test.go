package model

import (
	"strings"
	"testing"
	"time"
)

// The chapter's hazards (issue 5): each test sets up the situation the
// chapter describes and asserts that the hazard comes out of the
// mechanisms — headers, timers, TCP state — with the timing the chapter
// gives, to the millisecond where it gives one, and that the fix removes
// it. docs/hazards.md explains them; scenarios/examples/hazard-*.yaml are
// the same situations as scenario files.

// hzR is the round-trip time of the hazard tests: long enough that a
// round trip and a timeout are never confused.
const hzR = 100 * time.Millisecond

// hzTol is how close a time must be to the one the mechanism gives: the
// textbook setting leaves a few microseconds of serialization.
const hzTol = time.Millisecond

// hzRun runs cfg and fails the test on an error.
func hzRun(t *testing.T, cfg Config) *Result {
	t.Helper()
	res, err := Simulate(cfg)
	if err != nil {
		t.Fatalf("Simulate: %v", err)
	}
	hzCheckAccounted(t, res)
	return res
}

// hzCheckAccounted asserts that nothing is lost silently: every object
// either completed or failed with a reason, the per-object retries add up
// to the page's, and Failed counts the failed objects.
func hzCheckAccounted(t *testing.T, res *Result) {
	t.Helper()
	failed, retries := 0, 0
	for i, o := range res.Objects {
		retries += o.Retries
		switch {
		case o.Failed && o.FailReason == "":
			t.Errorf("object %d (%s) failed without a reason", i, o.ID)
		case o.Failed:
			failed++
		case o.LastByte <= 0:
			t.Errorf("object %d (%s) neither completed nor failed", i, o.ID)
		}
	}
	if failed != res.Failed {
		t.Errorf("Result.Failed = %d, but %d objects are marked failed", res.Failed, failed)
	}
	if retries > res.Retries {
		t.Errorf("objects count %d retries, more than Result.Retries = %d", retries, res.Retries)
	}
	for _, s := range res.Stalls {
		if s.To < s.From {
			t.Errorf("stall of object %d ends (%v) before it starts (%v)", s.Object, s.To, s.From)
		}
	}
}

// hzNear reports whether got is want within hzTol.
func hzNear(got, want time.Duration) bool {
	d := got - want
	return d >= -hzTol && d <= hzTol
}

// hzStalls returns the stalls of the browser's own requests (Conn ≥ 0; a
// smart proxy's lost upstream requests have Conn -1).
func hzStalls(res *Result) []Stall {
	var out []Stall
	for _, s := range res.Stalls {
		if s.Conn >= 0 {
			out = append(out, s)
		}
	}
	return out
}

// hzDumbProxy is the chapter's dumb-proxy setting: an HTML document and two
// tiny images fetched with HTTP/1.0 Keep-Alive through one blind relay.
func hzDumbProxy(serverKA, proxyTimeout, clientTimeout time.Duration) Config {
	cfg := textbookConfig(hzR, 2, strat("keepalive"))
	cfg.Proxy.Chain = []ProxyKind{ProxyDumb}
	cfg.Server.KeepAliveTimeout = serverKA
	cfg.Proxy.Timeout = proxyTimeout
	cfg.Client.Timeout = clientTimeout
	return cfg
}

// TestHazardDumbProxyHang (hazard 1): the client asks for Keep-Alive, the
// blind relay forwards the header, the server agrees and keeps its
// connection; the relay passes the response on and waits for the server
// to close; the client's next request on the same connection is ignored.
// The page hangs until the first of three timeouts fires — the server's
// Keep-Alive timeout (its close is relayed), the proxy's idle timeout, or
// the client's response timeout — and the hang lasts exactly that
// timeout. Then the client retries the request on a new connection, where
// the same happens to the next image: each image costs one hang, one
// retry and one connection.
func TestHazardDumbProxyHang(t *testing.T) {
	const s = time.Second
	cases := []struct {
		name                  string
		server, proxy, client time.Duration
		hang                  time.Duration
		cause                 string
		timeouts              int
	}{
		{"server keep-alive timeout first", 5 * s, 7 * s, 9 * s, 5 * s, "closed by peer", 0},
		{"proxy timeout first", 9 * s, 5 * s, 7 * s, 5 * s, "closed by peer", 0},
		{"client timeout first", 9 * s, 7 * s, 5 * s, 5 * s, "response timeout", 2},
		{"server first, 2.5 s", 2500 * time.Millisecond, 0, 0, 2500 * time.Millisecond, "closed by peer", 0},
		{"proxy first, 3 s", 0, 3 * s, 30 * s, 3 * s, "closed by peer", 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res := hzRun(t, hzDumbProxy(c.server, c.proxy, c.client))
			st := hzStalls(res)
			if len(st) != 2 {
				t.Fatalf("%d stalls %+v, want 2 (one per image)", len(st), st)
			}
			for _, x := range st {
				if got := x.To - x.From; !hzNear(got, c.hang) {
					t.Errorf("object %d hung %v (%v → %v), want %v, the first timeout to fire", x.Object, got, x.From, x.To, c.hang)
				}
				if !strings.Contains(x.Cause, c.cause) {
					t.Errorf("object %d: stall cause %q, want it to say %q", x.Object, x.Cause, c.cause)
				}
			}
			if res.Retries != 2 || res.Objects[1].Retries != 1 || res.Objects[2].Retries != 1 {
				t.Errorf("retries: page %d, images %d and %d; want 2, 1 and 1 (each image retried once on a new connection)",
					res.Retries, res.Objects[1].Retries, res.Objects[2].Retries)
			}
			if res.Failed != 0 {
				t.Errorf("failed = %d, want 0 (GETs are retried)", res.Failed)
			}
			if res.Connections != 3 {
				t.Errorf("connections = %d, want 3 (the first, and one per retry)", res.Connections)
			}
			for _, o := range res.Objects[1:] {
				if o.Reused {
					t.Errorf("%s: final attempt on a reused connection, want a new one", o.ID)
				}
			}
			if res.Timeouts != c.timeouts {
				t.Errorf("timeouts = %d, want %d", res.Timeouts, c.timeouts)
			}
			// The document (2r), then per image a hang and a new
			// connection (handshake + request: 2r).
			if want := 2*hzR + 2*(c.hang+2*hzR); !hzNear(res.LoadTime, want) {
				t.Errorf("load time %v, want 2r + 2 × (hang + 2r) = %v", res.LoadTime, want)
			}
		})
	}
}

// TestHazardDumbProxyNoTimeout: with no timeout anywhere, nothing ends the
// hang; the run ends when no event is left and the images are reported
// failed, never answered — not silently missing.
func TestHazardDumbProxyNoTimeout(t *testing.T) {
	res := hzRun(t, hzDumbProxy(0, 0, 0))
	if res.Failed != 2 {
		t.Fatalf("failed = %d, want 2 (both images)", res.Failed)
	}
	for _, o := range res.Objects[1:] {
		if !o.Failed || !strings.Contains(o.FailReason, "never answered") {
			t.Errorf("%s: failed %v, reason %q; want failed, never answered", o.ID, o.Failed, o.FailReason)
		}
	}
	if want := 2 * hzR; !hzNear(res.LoadTime, want) {
		t.Errorf("load time %v, want the document's %v (failed objects do not count)", res.LoadTime, want)
	}
}

// TestHazardProxyConnection (hazard 2): Proxy-Connection is the
// workaround. A dumb proxy forwards it, the server does not know it and
// closes after each response, so the relay's connection ends and nothing
// hangs. A smart proxy understands it and keeps both of its connections
// persistent: one client connection, no hang. A smart proxy whose next hop
// is dumb speaks HTTP/1.1 upstream, persistent by default, and the hang
// comes back one hop further in; a dumb proxy in front of a smart one hangs
// until the smart proxy's idle timeout.
func TestHazardProxyConnection(t *testing.T) {
	const s = time.Second
	cfg := func(chain []ProxyKind, pc bool) Config {
		c := hzDumbProxy(5*s, 7*s, 9*s)
		c.Proxy.Chain = chain
		c.Client.ProxyConnection = pc
		return c
	}
	dumb := []ProxyKind{ProxyDumb}
	smart := []ProxyKind{ProxySmart}

	t.Run("dumb proxy, Proxy-Connection", func(t *testing.T) {
		res := hzRun(t, cfg(dumb, true))
		if len(res.Stalls) != 0 || res.Retries != 0 {
			t.Errorf("stalls %+v, retries %d; want none", res.Stalls, res.Retries)
		}
		if res.Connections != 3 {
			t.Errorf("connections = %d, want 3 (no persistence through a dumb proxy)", res.Connections)
		}
		if want := 6 * hzR; !hzNear(res.LoadTime, want) {
			t.Errorf("load time %v, want 3 × 2r = %v", res.LoadTime, want)
		}
	})
	for _, pc := range []bool{false, true} {
		name := "smart proxy, Connection: Keep-Alive"
		if pc {
			name = "smart proxy, Proxy-Connection"
		}
		t.Run(name, func(t *testing.T) {
			res := hzRun(t, cfg(smart, pc))
			if len(res.Stalls) != 0 || res.Retries != 0 {
				t.Errorf("stalls %+v, retries %d; want none", res.Stalls, res.Retries)
			}
			if res.Connections != 1 {
				t.Errorf("connections = %d, want 1 (persistent end to end)", res.Connections)
			}
			if want := 4 * hzR; !hzNear(res.LoadTime, want) {
				t.Errorf("load time %v, want 2r + 2 × 1r = %v", res.LoadTime, want)
			}
		})
	}
	t.Run("chain smart, dumb", func(t *testing.T) {
		res := hzRun(t, cfg([]ProxyKind{ProxySmart, ProxyDumb}, true))
		if len(res.Stalls) != 2 {
			t.Fatalf("stalls %+v, want 2 (the smart proxy's upstream requests for both images hang)", res.Stalls)
		}
		for _, x := range res.Stalls {
			if !strings.HasPrefix(x.Cause, "proxy smart:") {
				t.Errorf("stall cause %q, want the smart proxy's upstream request", x.Cause)
			}
		}
		if res.Connections != 1 {
			t.Errorf("client connections = %d, want 1 (the client's side is persistent)", res.Connections)
		}
		for _, o := range res.Objects[1:] {
			// The image waits the server's Keep-Alive timeout, measured
			// from when the proxy relayed the previous response.
			if w := o.LastByte - o.RequestSent; w < 5*s-hzR || w > 5*s+hzR {
				t.Errorf("%s took %v, want the server's Keep-Alive timeout 5s ± r", o.ID, w)
			}
		}
		if res.LoadTime < 10*s {
			t.Errorf("load time %v, want more than two hangs of 5s", res.LoadTime)
		}
	})
	t.Run("chain dumb, smart", func(t *testing.T) {
		res := hzRun(t, cfg([]ProxyKind{ProxyDumb, ProxySmart}, false))
		st := hzStalls(res)
		if len(st) != 2 {
			t.Fatalf("stalls %+v, want 2", st)
		}
		for _, x := range st {
			if got := x.To - x.From; !hzNear(got, 7*s) {
				t.Errorf("object %d hung %v, want 7s (the smart proxy's idle timeout closes first)", x.Object, got)
			}
		}
	})
}

// hzRace is the idle-close race: the server's Keep-Alive timeout is 1 s
// (it says so in Keep-Alive: timeout=1, and the client honours it), and
// the image's request is made delay after the document arrived.
func hzRace(delay time.Duration, method string) Config {
	cfg := textbookConfig(hzR, 1, strat("persistent"))
	cfg.Server.KeepAliveTimeout = time.Second
	cfg.Page.Objects[1].Delay = delay
	cfg.Page.Objects[1].Method = method
	return cfg
}

// TestHazardIdleCloseRace (hazard 3): the server closes an idle persistent
// connection when its Keep-Alive timeout expires — at 0.15 s + 1 s by its
// clock, the response having left at 0.15 s — while the client, whose own
// copy of the timeout started when the response arrived (r/2 later),
// still thinks the connection usable. A request sent in the last r of the
// window crosses the server's FIN: it arrives at a connection the server
// has closed and is never answered. A GET is sent again on a new
// connection (RFC 9112 §9.3.1: idempotent, lost on a reused connection);
// a POST is not, and fails. Outside the window nothing is lost.
func TestHazardIdleCloseRace(t *testing.T) {
	t.Run("GET in the window", func(t *testing.T) {
		res := hzRun(t, hzRace(950*time.Millisecond, "GET"))
		img := res.Objects[1]
		if res.Retries != 1 || img.Retries != 1 || img.Failed || res.Failed != 0 {
			t.Fatalf("retries %d (image %d), failed %d; want the image retried once and not failed", res.Retries, img.Retries, res.Failed)
		}
		if res.Connections != 2 || img.Reused {
			t.Errorf("connections %d, final attempt reused %v; want 2 and a new connection", res.Connections, img.Reused)
		}
		if len(res.Stalls) != 1 {
			t.Fatalf("stalls %+v, want 1", res.Stalls)
		}
		// Sent at 0.2 s + 0.95 s; the server's FIN left at 0.15 s + 1 s
		// and arrives r/2 later.
		x := res.Stalls[0]
		if !hzNear(x.From, 1150*time.Millisecond) || !hzNear(x.To, 1200*time.Millisecond) {
			t.Errorf("stall %v → %v, want 1.15s → 1.2s (request sent; the server's FIN arrives)", x.From, x.To)
		}
		if !hzNear(img.FirstAttempt, 1150*time.Millisecond) {
			t.Errorf("first attempt at %v, want 1.15s", img.FirstAttempt)
		}
		// The retry: a new connection (r) and the request (r).
		if want := 1200*time.Millisecond + 2*hzR; !hzNear(res.LoadTime, want) {
			t.Errorf("load time %v, want %v", res.LoadTime, want)
		}
	})
	t.Run("POST in the window", func(t *testing.T) {
		res := hzRun(t, hzRace(950*time.Millisecond, "POST"))
		img := res.Objects[1]
		if res.Failed != 1 || !img.Failed {
			t.Fatalf("failed %d (image %v), want the POST failed", res.Failed, img.Failed)
		}
		if !strings.Contains(img.FailReason, "not idempotent") {
			t.Errorf("fail reason %q, want it to say the request is not idempotent", img.FailReason)
		}
		if res.Retries != 0 || res.Connections != 1 {
			t.Errorf("retries %d, connections %d; want 0 and 1 (never sent again)", res.Retries, res.Connections)
		}
	})
	for _, c := range []struct {
		name  string
		delay time.Duration
		conns int
	}{
		{"before the window", 850 * time.Millisecond, 1},  // arrives before the close: reused
		{"after the timeout", 1050 * time.Millisecond, 2}, // the client honoured timeout=1: new connection
	} {
		t.Run("POST "+c.name, func(t *testing.T) {
			res := hzRun(t, hzRace(c.delay, "POST"))
			if res.Failed != 0 || res.Retries != 0 || len(res.Stalls) != 0 {
				t.Errorf("failed %d, retries %d, stalls %+v; want a clean load", res.Failed, res.Retries, res.Stalls)
			}
			if res.Connections != c.conns {
				t.Errorf("connections = %d, want %d", res.Connections, c.conns)
			}
		})
	}
}

// hzPipelinedCDN is a document on one host and 8 images on another,
// fetched by a pipelining client: on the image host's fresh connection the
// client pipelines all 8 requests before the first response can tell it
// the server's Keep-Alive max.
func hzPipelinedCDN(max int) Config {
	cfg := textbookConfig(hzR, 8, strat("pipelined"))
	for i := 1; i < len(cfg.Page.Objects); i++ {
		cfg.Page.Objects[i].Host = "img.example.com"
	}
	cfg.Server.KeepAliveMax = max
	return cfg
}

// TestHazardKeepAliveMaxPipelining (hazard 4): the server closes after N
// responses; the requests pipelined after the N-th are never answered and
// are sent again on a new connection, where the same happens, until all
// are served. So retries = (8 − N) + (8 − 2N) + … and each connection
// carries N responses (the last one the rest). A client that learned the
// max from an earlier response on the connection never overruns it.
func TestHazardKeepAliveMaxPipelining(t *testing.T) {
	for _, n := range []int{2, 3, 5, 8} {
		t.Run("max "+string(rune('0'+n)), func(t *testing.T) {
			res := hzRun(t, hzPipelinedCDN(n))
			wantRetries, wantConns := 0, 0
			for left := 8; left > 0; left -= n {
				wantConns++
				wantRetries += max(0, left-n)
			}
			if res.Retries != wantRetries {
				t.Errorf("retries = %d, want %d (the requests beyond max on each connection)", res.Retries, wantRetries)
			}
			if res.Failed != 0 {
				t.Errorf("failed = %d, want 0", res.Failed)
			}
			imgConns := 0
			for _, c := range res.Conns {
				if c.Host != "img.example.com" {
					continue
				}
				imgConns++
				if c.Requests > n {
					t.Errorf("connection %d served %d responses, more than max %d", c.ID, c.Requests, n)
				}
			}
			if imgConns != wantConns {
				t.Errorf("%d connections to the image host, want %d", imgConns, wantConns)
			}
			lost := 0
			for _, x := range res.Stalls {
				if x.Conn == res.Objects[1].Conn && !strings.Contains(x.Cause, "closed") {
					t.Errorf("stall cause %q, want the server's close", x.Cause)
				}
				lost++
			}
			if lost != wantRetries {
				t.Errorf("%d stalls, want one per unanswered request (%d)", lost, wantRetries)
			}
		})
	}
	t.Run("max known before pipelining", func(t *testing.T) {
		// One host: the document's response says max=2, so the client
		// sends exactly 2 more on that connection and loses nothing
		// there; the 6 others go pipelined on a fresh connection, blind
		// again, and 3 of them are lost.
		cfg := textbookConfig(hzR, 8, strat("pipelined"))
		cfg.Server.KeepAliveMax = 3
		res := hzRun(t, cfg)
		if res.Conns[0].Requests != 3 {
			t.Errorf("first connection served %d, want 3 (the document and max=2 more)", res.Conns[0].Requests)
		}
		for _, x := range res.Stalls {
			if x.Conn == 0 {
				t.Errorf("object %d lost on the first connection, whose max the client knew", x.Object)
			}
		}
		if res.Retries != 3 {
			t.Errorf("retries = %d, want 3 (6 pipelined blind on the second connection, max 3)", res.Retries)
		}
	})
}

// hzCloseStyle is hazard 5's setting: 8 small images pipelined on a fresh
// connection over a slow uplink (64 kbps: a 400 B request every 50 ms),
// so requests are still arriving when the server, after Keep-Alive max 3
// responses, closes; the application reads its buffer at 200 kbps, so
// responses that have arrived sit unread for a while.
func hzCloseStyle(style CloseStyle, readRate BitRate) Config {
	cfg := hzPipelinedCDN(3)
	for i := 1; i < len(cfg.Page.Objects); i++ {
		cfg.Page.Objects[i].Size = 2 * KB
	}
	cfg.Network.Up = 64 * Kbps
	cfg.Server.Close = style
	cfg.Client.ReadRate = readRate
	return cfg
}

// TestHazardFullVersusHalfClose (hazard 5): a server that closes fully
// while pipelined requests still arrive answers the next one with a RST
// (RFC 1122 §4.2.2.13); the RST destroys the responses that had reached
// the client but that the application had not read yet, so they must be
// fetched again: destroyed bytes, more retries, a longer load. A
// half-closing server (shut down output, keep reading) lets the client
// read everything it sent; nothing is destroyed.
func TestHazardFullVersusHalfClose(t *testing.T) {
	tr := &Trace{}
	cfgFull := hzCloseStyle(CloseFull, 200*Kbps)
	cfgFull.Trace = tr
	full := hzRun(t, cfgFull)
	half := hzRun(t, hzCloseStyle(CloseHalf, 200*Kbps))
	t.Logf("full: load %v, retries %d, destroyed %d B; half: load %v, retries %d",
		full.LoadTime, full.Retries, full.DestroyedBytes, half.LoadTime, half.Retries)
	if full.DestroyedBytes <= 0 {
		t.Errorf("full close: destroyed bytes = %d, want > 0", full.DestroyedBytes)
	}
	var traced int64
	for _, r := range tr.Records {
		if r.Kind == RecDestroyed && r.Client {
			traced += int64(r.Len)
		}
	}
	if traced != full.DestroyedBytes {
		t.Errorf("trace records %d destroyed bytes, Result says %d", traced, full.DestroyedBytes)
	}
	resets := 0
	for _, c := range full.Conns {
		if c.End == "reset" || c.Reset {
			resets++
		}
	}
	if resets == 0 {
		t.Errorf("full close: no connection ended with a reset")
	}
	if half.DestroyedBytes != 0 {
		t.Errorf("half close: destroyed bytes = %d, want 0", half.DestroyedBytes)
	}
	for _, c := range half.Conns {
		if c.End == "reset" || c.Reset {
			t.Errorf("half close: connection %d was reset", c.ID)
		}
	}
	if full.Retries <= half.Retries {
		t.Errorf("retries: full %d, half %d; want more with full close (destroyed responses are fetched again)", full.Retries, half.Retries)
	}
	if full.LoadTime <= half.LoadTime {
		t.Errorf("load time: full %v, half %v; want full close slower", full.LoadTime, half.LoadTime)
	}
	if full.Failed != 0 || half.Failed != 0 {
		t.Errorf("failed: full %d, half %d; want 0", full.Failed, half.Failed)
	}
	// With an application that reads at once nothing is unread when the
	// RST arrives.
	if r := hzRun(t, hzCloseStyle(CloseFull, 0)); r.DestroyedBytes != 0 {
		t.Errorf("full close, instant reads: destroyed bytes = %d, want 0", r.DestroyedBytes)
	}
}

// TestHazardTruncation (hazard 6): the server closes half-way through the
// image's body. With Content-Length the client knows the body is short,
// and fetches it again; without (a close-delimited HTTP/1.0 body) the
// close looks like the end, and the client keeps half an image.
func TestHazardTruncation(t *testing.T) {
	cfg := func(cl bool) Config {
		c := textbookConfig(hzR, 1, strat("persistent"))
		c.Page.Objects[1].Size = 10 * KB
		c.Server.ContentLength = cl
		c.Faults = []Fault{{Kind: "close_mid_body", Object: 1, At: 0.5}}
		return c
	}
	t.Run("with Content-Length", func(t *testing.T) {
		res := hzRun(t, cfg(true))
		img := res.Objects[1]
		if res.Retries != 1 || img.Retries != 1 {
			t.Errorf("retries %d (image %d), want 1", res.Retries, img.Retries)
		}
		if img.Failed || img.Truncated || res.Truncated != 0 {
			t.Errorf("image failed %v, truncated %v (page %d); want it complete", img.Failed, img.Truncated, res.Truncated)
		}
		if len(res.Stalls) != 1 || !strings.Contains(res.Stalls[0].Cause, "truncated") {
			t.Errorf("stalls %+v, want one for the truncated body", res.Stalls)
		}
		if res.Connections != 2 {
			t.Errorf("connections = %d, want 2", res.Connections)
		}
	})
	t.Run("close-delimited", func(t *testing.T) {
		res := hzRun(t, cfg(false))
		img := res.Objects[1]
		if res.Truncated != 1 || !img.Truncated {
			t.Errorf("truncated: page %d, image %v; want the image accepted truncated", res.Truncated, img.Truncated)
		}
		if res.Retries != 0 || res.Failed != 0 || img.Failed {
			t.Errorf("retries %d, failed %d; want 0 and 0 (the client cannot tell)", res.Retries, res.Failed)
		}
	})
}

// TestHazardExcessConnections (hazard 7): a client that opens 10
// connections to a server that takes 4 per client. Refused connections
// (a RST to the SYN) cost a round trip and teach the client the cap;
// accepted-then-closed ones cost a request each, which is lost and sent
// again (and, if the next fresh connection is closed empty too, fails).
// Either way nothing is gained over asking for 4, and nothing is lost
// without being counted.
func TestHazardExcessConnections(t *testing.T) {
	capped := func(conns int, ex Excess) Config {
		st := strat("parallel")
		st.Conns = conns
		c := textbookConfig(hzR, 20, st)
		c.Server.MaxConnsPerClient = 4
		c.Server.Excess = ex
		return c
	}
	four := hzRun(t, capped(4, ExcessRefuse))
	if four.Retries != 0 || four.Failed != 0 {
		t.Fatalf("parallel(4) against a cap of 4: retries %d, failed %d; want none", four.Retries, four.Failed)
	}
	for _, ex := range []Excess{ExcessRefuse, ExcessClose} {
		t.Run(string(ex), func(t *testing.T) {
			res := hzRun(t, capped(10, ex))
			t.Logf("%s: load %v, %d connections, %d retries, %d failed (parallel(4): %v, %d connections)",
				ex, res.LoadTime, res.Connections, res.Retries, res.Failed, four.LoadTime, four.Connections)
			if res.Connections <= four.Connections {
				t.Errorf("connections = %d, want more than parallel(4)'s %d (the excess ones)", res.Connections, four.Connections)
			}
			if res.Failed == 0 && res.LoadTime < four.LoadTime {
				t.Errorf("load time %v, faster than parallel(4) (%v)", res.LoadTime, four.LoadTime)
			}
			empty := 0
			for _, c := range res.Conns {
				if c.Requests == 0 {
					empty++
				}
			}
			if empty == 0 {
				t.Errorf("no connection went unused; want the excess ones to carry nothing")
			}
			switch ex {
			case ExcessRefuse:
				if res.Failed != 0 || res.Retries != 0 {
					t.Errorf("refuse: failed %d, retries %d; want 0 (no request is written on a refused connection)", res.Failed, res.Retries)
				}
			case ExcessClose:
				if res.Retries == 0 {
					t.Errorf("close: no retries; want the requests written on closed connections sent again")
				}
				if len(res.Stalls) == 0 {
					t.Errorf("close: no stalls; want the lost requests marked")
				}
			}
		})
	}
}
