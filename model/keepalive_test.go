package model

import (
	"fmt"
	"testing"
	"time"
)

// TestKeepAliveMax: a server announcing Keep-Alive max=5 closes the
// connection after its fifth response, and the client does not write a
// sixth request on it: the sixth goes on a new connection (no retry, no
// failure) — pipelined too, since the document's response already said
// max=4 more.
func TestKeepAliveMax(t *testing.T) {
	for _, name := range []string{"keepalive", "persistent", "pipelined"} {
		t.Run(name, func(t *testing.T) {
			cfg := textbookConfig(100*time.Millisecond, 8, strat(name))
			cfg.Server.KeepAliveMax = 5
			res := simulate(t, cfg)
			if res.Failed != 0 || res.Retries != 0 {
				t.Fatalf("failed %d, retries %d; want none", res.Failed, res.Retries)
			}
			first := res.Objects[0].Conn
			for i := 0; i < 5; i++ {
				if c := res.Objects[i].Conn; c != first {
					t.Errorf("request %d (%s) on connection %d, want %d (within max=5)", i+1, res.Objects[i].ID, c, first)
				}
			}
			if c := res.Objects[5].Conn; c == first || c < 0 {
				t.Errorf("6th request on connection %d, want a new one (not %d)", c, first)
			}
			if got := res.Conns[first].Requests; got != 5 {
				t.Errorf("first connection carried %d requests, want 5", got)
			}
			if res.Connections != 2 {
				t.Errorf("connections = %d, want 2 (9 requests, 5 per connection)", res.Connections)
			}
			if res.Objects[5].Reused {
				t.Errorf("6th request marked reused, want a fresh connection")
			}
		})
	}
}

// TestKeepAliveTimeout: the server announces Keep-Alive timeout=1s. A child
// requested 2 s after the HTML arrived must not go on the old connection —
// the client honours the announced timeout and opens a new one (so nothing
// is lost and retried); a child requested after 0.5 s reuses it.
func TestKeepAliveTimeout(t *testing.T) {
	for _, name := range []string{"keepalive", "persistent"} {
		for _, c := range []struct {
			delay time.Duration
			reuse bool
		}{{500 * time.Millisecond, true}, {2 * time.Second, false}} {
			t.Run(fmt.Sprintf("%s/delay=%v", name, c.delay), func(t *testing.T) {
				cfg := textbookConfig(100*time.Millisecond, 1, strat(name))
				cfg.Server.KeepAliveTimeout = time.Second
				cfg.Page.Objects[1].Delay = c.delay
				res := simulate(t, cfg)
				if res.Failed != 0 || res.Retries != 0 {
					t.Fatalf("failed %d, retries %d; want none (the client honours the timeout)", res.Failed, res.Retries)
				}
				same := res.Objects[1].Conn == res.Objects[0].Conn
				if same != c.reuse || res.Objects[1].Reused != c.reuse {
					t.Errorf("child on connection %d (reused %v), document on %d; want reuse = %v",
						res.Objects[1].Conn, res.Objects[1].Reused, res.Objects[0].Conn, c.reuse)
				}
				wantConns := 1
				if !c.reuse {
					wantConns = 2
				}
				if res.Connections != wantConns {
					t.Errorf("connections = %d, want %d", res.Connections, wantConns)
				}
				// Time: document 2r, then delay, then r (reused) or 2r (new).
				r := 100 * time.Millisecond
				want := 2*r + c.delay + r
				if !c.reuse {
					want += r
				}
				if !near(res.LoadTime, want, time.Microsecond) {
					t.Errorf("load time %v, want %v", res.LoadTime, want)
				}
			})
		}
	}
}

// TestHTTPSlowStartRestart: a persistent connection that sits idle longer than
// the RTO has lost its ACK clock, and with restart on (RFC 5681 §4.1) the
// server's cwnd falls back to the initial window before each object; with
// restart off, the window the previous objects opened is used at once. With
// 100 KB objects (7 IW-sized flights' worth at IW 10 on a fresh window)
// requested 1 s apart (≫ RTO), restart costs a few round trips per object.
func TestHTTPSlowStartRestart(t *testing.T) {
	const n = 5
	page := tinyPage(n, 100*KB)
	for i := 2; i <= n; i++ {
		page.Objects[i].Parent = i - 1 // a chain: each object after the previous one
	}
	for i := 1; i <= n; i++ {
		page.Objects[i].Delay = time.Second
	}
	run := func(restart bool) *Result {
		cfg := realConfig(50*time.Millisecond, 100*Mbps, 100*Mbps, page, strat("persistent"))
		cfg.TCP.SlowStartAfterIdle = restart
		cfg.TraceCwnd = true
		res := simulate(t, cfg)
		if res.Failed != 0 || res.Connections != 1 {
			t.Fatalf("restart %v: failed %d, connections %d; want 0, 1", restart, res.Failed, res.Connections)
		}
		return res
	}
	on, off := run(true), run(false)
	t.Logf("load time with restart %v, without %v", on.LoadTime, off.LoadTime)
	if on.LoadTime <= off.LoadTime+time.Duration(n)*50*time.Millisecond {
		t.Errorf("load time with restart %v, without %v: want at least one round trip more per idle gap", on.LoadTime, off.LoadTime)
	}
	iw := Bytes(DefaultTCP().InitCwnd) * DefaultNetwork().MSS
	drops := func(res *Result) (n int, bad []CwndPoint) {
		for i := 1; i < len(res.Cwnd); i++ {
			p, q := res.Cwnd[i-1], res.Cwnd[i]
			if q.Conn == p.Conn && q.Cwnd < p.Cwnd {
				n++
				if q.Cwnd != iw {
					bad = append(bad, q)
				}
			}
		}
		return n, bad
	}
	// n idle gaps: document → img1 → … → imgn.
	if d, bad := drops(on); d != n || len(bad) > 0 {
		t.Errorf("with restart: %d cwnd drops (to other than IW·MSS = %d: %v), want %d, one per idle gap", d, iw, bad, n)
	}
	if d, _ := drops(off); d != 0 {
		t.Errorf("without restart: %d cwnd drops, want none (no loss)", d)
	}
}

// TestKeepAliveTimeoutRace: the server's idle timer starts when it writes
// the response, the client's when it has read it, half a round trip
// later. A request written in the last round trip before the server's
// timeout (here: child delay d with timeout − RTT < d + the document's
// half-RTT skew < timeout) crosses the server's FIN — the race RFC 9112
// §9.5 warns of. The client learns of it when the FIN arrives with no
// response: the request was lost on a reused connection without a byte
// back, so a GET is retried on a new connection (RFC 9112 §9.3.1) and a
// POST is reported failed. Outside the window there is no race.
func TestKeepAliveTimeoutRace(t *testing.T) {
	const r = 100 * time.Millisecond
	cases := []struct {
		method string
		delay  time.Duration
		race   bool
	}{
		{"GET", 850 * time.Millisecond, false}, // arrives 100 ms before the server's timeout
		{"GET", 950 * time.Millisecond, true},
		{"GET", 999 * time.Millisecond, true},
		{"POST", 850 * time.Millisecond, false},
		{"POST", 950 * time.Millisecond, true},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/delay=%v", c.method, c.delay), func(t *testing.T) {
			cfg := textbookConfig(r, 1, strat("persistent"))
			cfg.Server.KeepAliveTimeout = time.Second
			cfg.Page.Objects[1].Delay = c.delay
			cfg.Page.Objects[1].Method = c.method
			res := simulate(t, cfg)
			o := res.Objects[1]
			sent := 2*r + c.delay // the document's last byte, then the delay
			switch {
			case !c.race:
				if o.Failed || o.Retries != 0 || !o.Reused || o.Conn != 0 || len(res.Stalls) != 0 {
					t.Errorf("no race expected: failed %v, retries %d, reused %v, conn %d, stalls %v", o.Failed, o.Retries, o.Reused, o.Conn, res.Stalls)
				}
			case c.method == "GET":
				if o.Failed || o.Retries != 1 || res.Retries != 1 || o.Reused || o.Conn != 1 {
					t.Errorf("GET lost in the race: failed %v, retries %d (page %d), reused %v, conn %d; want retried once on a new connection",
						o.Failed, o.Retries, res.Retries, o.Reused, o.Conn)
				}
				if !near(o.FirstAttempt, sent, time.Microsecond) || o.RequestSent <= o.FirstAttempt {
					t.Errorf("first attempt %v (want %v), final attempt %v: want the final one later", o.FirstAttempt, sent, o.RequestSent)
				}
				// The document leaves the server at 1.5r (handshake, then
				// half a round trip for the request); the server closes
				// 1 s later and its FIN reaches the client r/2 after that;
				// then a new connection (r) and the request (r).
				fin := r + r/2 + time.Second + r/2
				if want := fin + 2*r; !near(res.LoadTime, want, time.Microsecond) {
					t.Errorf("load time %v, want %v (FIN at %v, then handshake and request)", res.LoadTime, want, fin)
				}
			default:
				if !o.Failed || o.Retries != 0 || o.FailReason != "not idempotent (POST)" {
					t.Errorf("POST lost in the race: failed %v (%q), retries %d; want failed, not retried", o.Failed, o.FailReason, o.Retries)
				}
				if res.LoadTime != res.Objects[0].LastByte {
					t.Errorf("load time %v, want the document's last byte %v (failed objects do not count)", res.LoadTime, res.Objects[0].LastByte)
				}
			}
			if c.race {
				if len(res.Stalls) != 1 || res.Stalls[0].Conn != 0 || res.Stalls[0].Reason != LossClosed || !near(res.Stalls[0].From, sent, time.Microsecond) {
					t.Errorf("stalls %+v, want one on connection 0 from %v, closed by the server", res.Stalls, sent)
				}
				if res.Conns[0].End != EndServerClosed || res.Conns[0].Requests != 1 {
					t.Errorf("first connection %+v, want closed by server after 1 response", res.Conns[0])
				}
			}
		})
	}
}

// TestKeepAliveTimeoutNotBeforeFirstRequest: the Keep-Alive timeout is how
// long a server keeps an idle persistent connection between requests
// (Apache's KeepAliveTimeout, nginx's keepalive_timeout); a new
// connection waiting for its first request — through a TLS handshake
// that takes round trips — is not idle in that sense. A timeout shorter
// than the handshake must not close every new connection before its
// first request (which would make the client reconnect forever).
func TestKeepAliveTimeoutNotBeforeFirstRequest(t *testing.T) {
	for _, tls := range []TLSVersion{TLSNone, TLS13, TLS12} {
		t.Run(string(tls), func(t *testing.T) {
			cfg := textbookConfig(100*time.Millisecond, 2, strat("persistent"))
			cfg.Server.KeepAliveTimeout = 50 * time.Millisecond
			cfg.Hosts = map[string]Host{"example.com": {TLS: tls, CertSize: 1 * KB}}
			cfg.Horizon = time.Minute
			res, err := Simulate(cfg)
			if err != nil {
				t.Fatalf("Simulate: %v", err)
			}
			if res.Failed != 0 {
				t.Errorf("%d objects failed; want none", res.Failed)
			}
			// Reusing a connection loses the race with the server's
			// timeout (the request arrives a round trip after the
			// response left, twice the timeout): each child is retried
			// once on a new connection, which then carries it.
			if res.Connections != 3 || res.Retries != 2 {
				t.Errorf("connections = %d, retries %d; want 3 and 2 (each child lost once on the reused connection)", res.Connections, res.Retries)
			}
		})
	}
}
