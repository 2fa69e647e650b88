package model

import (
	"fmt"
	"testing"
	"time"

	"pagesim/model/tcp"
)

// Checks of the HTTP layer (issue 3, "Checks"): each test sets up the
// mechanism a chapter of the book describes and asserts the direction and
// loose bounds that follow from it, not numbers read off the output.

// simulate runs cfg and fails the test on an error.
func simulate(t testing.TB, cfg Config) *Result {
	t.Helper()
	res, err := Simulate(cfg)
	if err != nil {
		t.Fatalf("Simulate: %v", err)
	}
	return res
}

// realConfig is a modern setting with the documented defaults (headers,
// delayed ACK, IW 10) on the given link.
func realConfig(rtt time.Duration, down, up BitRate, page Page, st Strategy) Config {
	cfg := Config{Network: DefaultNetwork(), TCP: DefaultTCP(), Client: DefaultClient(), Server: DefaultServer(), Strategy: st, Page: page}
	cfg.Network.RTT = rtt
	cfg.Network.Down, cfg.Network.Up = down, up
	return cfg
}

// parallelN is the parallel preset with n connections per host.
func parallelN(n int) Strategy {
	s := strat("parallel")
	s.Conns = n
	s.Name = fmt.Sprintf("parallel(%d)", n)
	return s
}

// dataSegments counts the data-carrying segments one side sent (first
// transmissions and retransmissions alike).
func dataSegments(tr *Trace, client bool) int {
	n := 0
	for _, r := range tr.Records {
		if r.Kind == RecSegSent && r.Client == client && r.Len > 0 {
			n++
		}
	}
	return n
}

func near(got, want, tol time.Duration) bool {
	d := got - want
	return d >= -tol && d <= tol
}

// TestNaglePipelining: Nagle's algorithm (RFC 896) holds a sub-MSS segment
// while earlier data is unacknowledged. The pipelined client writes its 8
// requests (400 B each, well under the MSS) back to back when the HTML has
// arrived: the first goes at once, the others pile up in the send buffer
// and leave together (coalesced into fewer, fuller segments) only when the
// first one's ACK returns — a round trip later. The server suffers the
// same: each response is sub-MSS too, so after answering the first request
// it holds the next answers until the client acknowledges the first one.
// So pipelining loses its "all requests in one round trip" advantage: the
// page takes longer than 3r and the client sends fewer data segments.
//
// The timeline, with delayed ACK off: the HTML is in at 2r. Request 1 goes
// at once, and so does a full-sized segment of the next requests (Nagle
// holds only runts); the last 1 340 B wait for an ACK, until 3r. The
// server answers request 1 at 2.5r at once, holds the answers to 2–3
// until that answer's ACK (3.5r), and the answers to 5–8 until the ACK of
// that batch (4.5r): they arrive at 5r. Two round trips lost to Nagle.
func TestNaglePipelining(t *testing.T) {
	const r = 100 * time.Millisecond
	run := func(nagle bool) (*Result, *Trace) {
		cfg := textbookConfig(r, 8, strat("pipelined"))
		cfg.TCP.Nagle = nagle
		// Each write goes at once unless Nagle holds it: Linux's
		// autocorking, which coalesces the writes of one instant too,
		// would hide the difference.
		cfg.TCP.Push = tcp.PushImmediate
		cfg.Trace = &Trace{Segments: true}
		return simulate(t, cfg), cfg.Trace
	}
	off, trOff := run(false)
	on, trOn := run(true)
	if !near(off.LoadTime, 3*r, time.Microsecond) {
		t.Fatalf("without Nagle: load time %v, want 3r = %v (the textbook case)", off.LoadTime, 3*r)
	}
	if !near(on.LoadTime, 5*r, time.Microsecond) {
		t.Errorf("with Nagle: load time %v, want 5r = %v (requests and responses each held one round trip); without: %v", on.LoadTime, 5*r, off.LoadTime)
	}
	segOff, segOn := dataSegments(trOff, true), dataSegments(trOn, true)
	if segOff != 9 {
		t.Errorf("without Nagle the client sent %d data segments, want 9 (one per request)", segOff)
	}
	if segOn >= segOff {
		t.Errorf("with Nagle the client sent %d data segments, want fewer than %d (requests coalesce)", segOn, segOff)
	}
	srvOff, srvOn := dataSegments(trOff, false), dataSegments(trOn, false)
	if srvOn >= srvOff {
		t.Errorf("with Nagle the server sent %d data segments, want fewer than %d (responses coalesce)", srvOn, srvOff)
	}
	if on.Failed != 0 || on.Retries != 0 || on.Connections != 1 {
		t.Errorf("with Nagle: failed %d, retries %d, connections %d; want 0, 0, 1", on.Failed, on.Retries, on.Connections)
	}
	t.Logf("Nagle off: %v, client segs %d, server segs %d; on: %v, client segs %d, server segs %d",
		off.LoadTime, segOff, srvOff, on.LoadTime, segOn, srvOn)
}

// TestNarrowVersusWide: parallel connections help when the page is
// latency-bound and not when it is bandwidth-bound (DESIGN §3: every
// connection shares the access link).
//
// On 56 kbps, 210 KB take 30 s to serialize whatever the strategy; the
// round trips a persistent connection spends one by one (≈20 × 100 ms) are
// a few percent of that, so parallel(4) can save at most that little — and
// it pays a handshake per object back. Worse: four initial windows (IW 10)
// queue ≈ 8 s of data at the modem while the RTO, estimated from the
// handshake's tiny segments, is a fraction of a second, so parallel
// connections suffer spurious RTOs and resend data that was only queued
// (F-RTO, RFC 5682, is not modelled): parallel(4) ends up slower.
//
// On 10 Mbps / 200 ms, a 10 KB object serializes in 8 ms, and the round
// trip dominates: persistent spends one round trip per object (20 in
// turn), HTTP/1.0 parallel(4) two per object (handshake + request) but four
// at once, i.e. half a round trip per object. Parallel(4) therefore gains
// close to 2× over persistent (bounded by 2× on the children, less with
// the shared HTML phase) and, against one HTTP/1.0 connection (serial, two
// round trips per object), close to 4×.
func TestNarrowVersusWide(t *testing.T) {
	page := tinyPage(20, 10*KB)
	page.Objects[0].Size = 10 * KB
	load := func(rtt time.Duration, rate BitRate, st Strategy) time.Duration {
		res := simulate(t, realConfig(rtt, rate, rate, page, st))
		if res.Failed != 0 {
			t.Fatalf("%s: %d objects failed", st.Name, res.Failed)
		}
		return res.LoadTime
	}
	// Narrow: bandwidth-bound.
	pers := load(100*time.Millisecond, 56*Kbps, strat("persistent"))
	par := load(100*time.Millisecond, 56*Kbps, parallelN(4))
	ser := load(100*time.Millisecond, 56*Kbps, strat("serial"))
	gain := float64(pers-par) / float64(pers)
	t.Logf("56 kbps: persistent %v, parallel(4) %v, serial %v: gain %.1f%%", pers, par, ser, 100*gain)
	if gain >= 0.10 {
		t.Errorf("56 kbps: parallel(4) gains %.1f%% over persistent, want under 10%% (the link is the bottleneck)", 100*gain)
	}
	if g := float64(ser-par) / float64(ser); g >= 0.10 {
		t.Errorf("56 kbps: parallel(4) gains %.1f%% over serial, want under 10%%", 100*g)
	}
	minTx := (56 * Kbps).TxTime(21 * 10 * KB)
	if par < minTx || pers < minTx {
		t.Errorf("56 kbps: load times %v / %v below the serialization time of the bodies %v", pers, par, minTx)
	}
	// Wide: latency-bound.
	pers = load(200*time.Millisecond, 10*Mbps, strat("persistent"))
	par = load(200*time.Millisecond, 10*Mbps, parallelN(4))
	ser = load(200*time.Millisecond, 10*Mbps, strat("serial"))
	t.Logf("10 Mbps / 200 ms: persistent %v, parallel(4) %v, serial %v: %.2f× and %.2f×", pers, par, ser,
		float64(pers)/float64(par), float64(ser)/float64(par))
	if f := float64(pers) / float64(par); f < 1.5 || f > 2 {
		t.Errorf("10 Mbps: parallel(4) is %.2f× faster than persistent, want between 1.5× and 2× (half a round trip per object against one)", f)
	}
	if f := float64(ser) / float64(par); f <= 2 {
		t.Errorf("10 Mbps: parallel(4) is %.2f× faster than serial, want more than 2× (four connections at once)", f)
	}
}

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

// TestPipeliningHeadOfLine: responses on a pipelined connection come back
// in request order (RFC 9112 §9.3.2), so a 1 MB first response holds every
// small response behind it: none of them can start before the big one
// ends.
func TestPipeliningHeadOfLine(t *testing.T) {
	small := tinyPage(5, 1*KB)
	withBig := Page{Objects: []Object{small.Objects[0], {ID: "big", Host: "example.com", Path: "/big", Size: 1 * MB, Parent: 0}}}
	withBig.Objects = append(withBig.Objects, small.Objects[1:]...)
	alone := simulate(t, realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, small, strat("pipelined")))
	res := simulate(t, realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, withBig, strat("pipelined")))
	if res.Failed != 0 || res.Connections != 1 {
		t.Fatalf("failed %d, connections %d; want 0, 1", res.Failed, res.Connections)
	}
	big := res.Objects[1]
	bigTx := (10 * Mbps).TxTime(1 * MB)
	for i := 2; i < len(res.Objects); i++ {
		o := res.Objects[i]
		a := alone.Objects[i-1]
		if o.RequestSent > big.LastByte {
			t.Errorf("%s requested at %v, after the big response ended (%v): not pipelined", o.ID, o.RequestSent, big.LastByte)
		}
		// ≥, not >: the segment that ends the big body may carry the
		// start of the next response.
		if o.FirstByte < big.LastByte {
			t.Errorf("%s first byte at %v, before the big response ended at %v (responses must stay in order)", o.ID, o.FirstByte, big.LastByte)
		}
		if o.LastByte-a.LastByte < bigTx {
			t.Errorf("%s ends at %v, alone at %v: delayed by less than the big body's serialization %v", o.ID, o.LastByte, a.LastByte, bigTx)
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

// TestDNSOnce: a host's DNS lookup delays the first connection to it and
// nothing after: the whole page shifts by exactly the lookup time, however
// many connections the strategy opens.
func TestDNSOnce(t *testing.T) {
	const r = 100 * time.Millisecond
	const dns = 30 * time.Millisecond
	for _, st := range []Strategy{strat("serial"), parallelN(5), strat("persistent")} {
		t.Run(st.Name, func(t *testing.T) {
			base := simulate(t, textbookConfig(r, 8, st))
			cfg := textbookConfig(r, 8, st)
			cfg.Hosts = map[string]Host{"example.com": {DNS: dns, TLS: TLSNone, CertSize: 4 * KB}}
			res := simulate(t, cfg)
			if !near(res.LoadTime, base.LoadTime+dns, time.Microsecond) {
				t.Errorf("load time %v, want %v + %v", res.LoadTime, base.LoadTime, dns)
			}
			o := res.Objects[0]
			if o.DNSStart != 0 || o.ConnectStart != dns {
				t.Errorf("document: DNS start %v, connect start %v; want 0, %v", o.DNSStart, o.ConnectStart, dns)
			}
			if res.Connections != base.Connections {
				t.Errorf("connections = %d, want %d", res.Connections, base.Connections)
			}
		})
	}
}

// TestTLSRoundTrips: TLS 1.3 costs one round trip per new connection
// (RFC 8446 §2), TLS 1.2 two (RFC 5246 §7.3) — exact with negligible
// transmission and a small certificate. A 40 KB certificate flight does
// not fit in IW 10 (14.6 KB) and needs one more round trip of slow start.
func TestTLSRoundTrips(t *testing.T) {
	const r = 100 * time.Millisecond
	// crit is the number of connection setups one after another on the
	// critical path: serial opens its 9 in turn, parallel(5) in three
	// waves (the document, 5 children, 3 children), a persistent
	// connection once.
	cases := []struct {
		st    Strategy
		tls   TLSVersion
		cert  Bytes
		base  int // round trips without TLS
		extra int // TLS round trips per connection setup
		crit  int
		conns int
	}{
		{strat("persistent"), TLS13, 1 * KB, 10, 1, 1, 1},
		{strat("persistent"), TLS12, 1 * KB, 10, 2, 1, 1},
		{strat("serial"), TLS13, 1 * KB, 18, 1, 9, 9},
		{strat("serial"), TLS12, 1 * KB, 18, 2, 9, 9},
		{parallelN(5), TLS13, 1 * KB, 6, 1, 3, 9},
		{strat("pipelined"), TLS12, 1 * KB, 3, 2, 1, 1},
		// 40 KB + ServerHello = 28 segments: 10, then 20 after one round
		// trip of slow start.
		{strat("persistent"), TLS13, 40 * KB, 10, 2, 1, 1},
		{strat("persistent"), TLS12, 40 * KB, 10, 3, 1, 1},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/%s/cert=%v", c.st.Name, c.tls, c.cert), func(t *testing.T) {
			cfg := textbookConfig(r, 8, c.st)
			cfg.Hosts = map[string]Host{"example.com": {TLS: c.tls, CertSize: c.cert}}
			res := simulate(t, cfg)
			rounds := c.base + c.extra*c.crit
			if !near(res.LoadTime, time.Duration(rounds)*r, 10*time.Microsecond) {
				t.Errorf("load time %v = %.3f r, want %d + %d×%d = %d round trips", res.LoadTime, float64(res.LoadTime)/float64(r),
					c.base, c.extra, c.crit, rounds)
			}
			if res.Connections != c.conns {
				t.Errorf("connections = %d, want %d", res.Connections, c.conns)
			}
			for i, o := range res.Objects {
				if !o.Reused && o.TLSDone-o.TCPDone < time.Duration(c.extra)*r-10*time.Microsecond {
					t.Errorf("object %d: TLS took %v, want ≥ %d round trips", i, o.TLSDone-o.TCPDone, c.extra)
				}
			}
		})
	}
}

// maxOpen returns the most connections (of host, or of every host when
// host is "") whose [Opened, Closed) intervals overlap, counting only
// those keep accepts. Connections still open at the end count to
// infinity.
func maxOpen(conns []ConnResult, host string, keep func(ConnResult) bool) int {
	type ev struct {
		at    time.Duration
		delta int
	}
	var evs []ev
	for _, c := range conns {
		if host != "" && c.Host != host || keep != nil && !keep(c) {
			continue
		}
		evs = append(evs, ev{c.Opened, +1})
		if c.End != "open" {
			evs = append(evs, ev{c.Closed, -1})
		}
	}
	// Closes before opens at the same instant: [Opened, Closed) intervals.
	for i := 1; i < len(evs); i++ {
		for j := i; j > 0 && (evs[j].at < evs[j-1].at || evs[j].at == evs[j-1].at && evs[j].delta < evs[j-1].delta); j-- {
			evs[j], evs[j-1] = evs[j-1], evs[j]
		}
	}
	n, m := 0, 0
	for _, e := range evs {
		n += e.delta
		m = max(m, n)
	}
	return m
}

// TestServerExcess: a client opening 10 connections against a server that
// takes 4 per client. Refused connections (RST to the SYN) or accepted-
// then-closed ones cost the client time and never carry a response; every
// object still completes (a failure would have to say why), no more than
// 4 connections ever serve at once, and the page is no faster than asking
// for 4 in the first place.
func TestServerExcess(t *testing.T) {
	page := tinyPage(20, 10*KB)
	base := simulate(t, realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, page, parallelN(4)))
	for _, ex := range []Excess{ExcessRefuse, ExcessClose} {
		t.Run(string(ex), func(t *testing.T) {
			cfg := realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, page, parallelN(10))
			cfg.Server.MaxConnsPerClient = 4
			cfg.Server.Excess = ex
			res := simulate(t, cfg)
			done := 0
			for i, o := range res.Objects {
				switch {
				case o.Failed && o.FailReason == "":
					t.Errorf("object %d failed without a reason", i)
				case o.Failed:
				case o.LastByte <= 0:
					t.Errorf("object %d neither completed nor failed", i)
				default:
					done++
				}
			}
			t.Logf("%s: %d of %d completed, %d connections, %d retries, load %v (parallel(4) without cap: %v)",
				ex, done, len(res.Objects), res.Connections, res.Retries, res.LoadTime, base.LoadTime)
			served := func(c ConnResult) bool { return c.Requests > 0 }
			if m := maxOpen(res.Conns, "", served); m > 4 {
				t.Errorf("%d serving connections open at once, want ≤ 4", m)
			}
			if m := maxOpen(res.Conns, "", nil); m > 10 {
				t.Errorf("%d connections open at once, want ≤ 10 (the strategy's cap)", m)
			}
			if res.Failed == 0 && res.LoadTime < base.LoadTime {
				t.Errorf("load time %v, faster than parallel(4) without a cap (%v)", res.LoadTime, base.LoadTime)
			}
			switch ex {
			case ExcessRefuse:
				// A refused SYN while other connections work tells the
				// client the cap (client.go connectFailed): it settles on
				// 4 and loses nothing.
				if res.Failed != 0 || res.Retries != 0 {
					t.Errorf("refuse: failed %d, retries %d; want none (a refused connection carried no request)", res.Failed, res.Retries)
				}
				if m := maxOpen(res.Conns, "", func(c ConnResult) bool { return c.End != "refused" }); m > 4 {
					t.Errorf("refuse: %d accepted connections open at once, want ≤ 4", m)
				}
			case ExcessClose:
				// Accepted then closed: the request written on it is lost
				// on a fresh connection with no byte back — the server did
				// not take it, so the client re-sends it and opens no more
				// connections than the ones still up: attempts, not
				// objects, are lost.
				if res.Retries == 0 {
					t.Errorf("close: no retries, want the lost requests sent again")
				}
				if res.Failed != 0 {
					t.Errorf("close: %d objects failed, want none (a request the server never took is re-sent)", res.Failed)
				}
			}
		})
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

// TestZeroHeaderSize: server.header_size 0 is allowed (a textbook
// idealisation: only bodies count). The client must still learn a
// response's headers when its first body byte arrives — Keep-Alive max
// included — and an empty object with an empty header block must still
// complete (a response is never nothing on the wire: at least one byte of
// status line goes).
func TestZeroHeaderSize(t *testing.T) {
	const r = 100 * time.Millisecond
	for _, c := range []struct {
		st     Strategy
		rounds int
	}{{strat("serial"), 18}, {parallelN(5), 6}, {strat("keepalive"), 10}, {strat("persistent"), 10}, {strat("pipelined"), 3}} {
		t.Run(c.st.Name, func(t *testing.T) {
			cfg := textbookConfig(r, 8, c.st)
			cfg.Server.HeaderSize = 0
			cfg.Page.Objects[3].Size = 0
			res := simulate(t, cfg)
			if res.Failed != 0 || res.Retries != 0 || res.Timeouts != 0 {
				t.Fatalf("failed %d, retries %d, timeouts %d; want none", res.Failed, res.Retries, res.Timeouts)
			}
			if want := time.Duration(c.rounds) * r; !near(res.LoadTime, want, time.Microsecond) {
				t.Errorf("load time %v, want %d round trips = %v", res.LoadTime, c.rounds, want)
			}
			for i, o := range res.Objects {
				if o.FirstByte < o.RequestSent || o.FirstByte > o.LastByte {
					t.Errorf("object %d: first byte %v outside [request %v, last byte %v]", i, o.FirstByte, o.RequestSent, o.LastByte)
				}
			}
		})
	}
	t.Run("keepalive max=5", func(t *testing.T) {
		for _, name := range []string{"keepalive", "persistent", "pipelined"} {
			cfg := textbookConfig(r, 8, strat(name))
			cfg.Server.HeaderSize = 0
			cfg.Server.KeepAliveMax = 5
			res := simulate(t, cfg)
			if res.Failed != 0 || res.Retries != 0 || res.Connections != 2 || res.Conns[0].Requests != 5 {
				t.Errorf("%s: failed %d, retries %d, connections %d, first carried %d; want 0, 0, 2, 5 (max=5 read from the headers)",
					name, res.Failed, res.Retries, res.Connections, res.Conns[0].Requests)
			}
		}
	})
}

// TestIdleReuseMostRecent: idle connections are reused most recently used
// first (DESIGN §5, as browsers and Go's net/http do), and the client
// closes a connection idle longer than its own idle timeout.
func TestIdleReuseMostRecent(t *testing.T) {
	page := Page{Objects: []Object{
		{ID: "html", Host: "example.com", Path: "/", Size: 1 * KB, Parent: -1},
		{ID: "a", Host: "example.com", Path: "/a", Size: 1 * KB, Parent: 0},
		{ID: "b", Host: "example.com", Path: "/b", Size: 20 * KB, Parent: 0},
		{ID: "c", Host: "example.com", Path: "/c", Size: 200 * KB, Parent: 0},
		// Requested when all three are idle: c's connection finished last.
		{ID: "d", Host: "example.com", Path: "/d", Size: 1 * KB, Parent: 0, Delay: 2 * time.Second},
	}}
	cfg := realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, page, strat("browser"))
	res := simulate(t, cfg)
	if res.Failed != 0 || res.Connections != 3 {
		t.Fatalf("failed %d, connections %d; want 0, 3 (a reuses the document's)", res.Failed, res.Connections)
	}
	a, b, c, d := res.Objects[1], res.Objects[2], res.Objects[3], res.Objects[4]
	if !(a.LastByte < b.LastByte && b.LastByte < c.LastByte) {
		t.Fatalf("a, b, c end at %v, %v, %v; the test needs them in that order", a.LastByte, b.LastByte, c.LastByte)
	}
	if d.Conn != c.Conn || !d.Reused {
		t.Errorf("d on connection %d (reused %v), want c's connection %d (most recently used)", d.Conn, d.Reused, c.Conn)
	}

	// The client's own idle timeout: 500 ms, shorter than the server's.
	cfg = realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, tinyPage(1, 1*KB), strat("persistent"))
	cfg.Client.IdleTimeout = 500 * time.Millisecond
	cfg.Page.Objects[1].Delay = time.Second
	res = simulate(t, cfg)
	if res.Failed != 0 || res.Retries != 0 || res.Connections != 2 {
		t.Fatalf("failed %d, retries %d, connections %d; want 0, 0, 2", res.Failed, res.Retries, res.Connections)
	}
	c0 := res.Conns[0]
	if c0.End != "idle timeout (client)" || c0.Closed != res.Objects[0].LastByte+500*time.Millisecond {
		t.Errorf("first connection ended %q at %v, want the client's idle timeout at %v", c0.End, c0.Closed, res.Objects[0].LastByte+500*time.Millisecond)
	}
	if res.Objects[1].Reused || res.Objects[1].Conn != 1 {
		t.Errorf("child on connection %d (reused %v), want a new one", res.Objects[1].Conn, res.Objects[1].Reused)
	}
}

// TestCloseEndsPipeline: a server that sends "Connection: close" must not
// answer further requests on that connection (RFC 9112 §9.6), and a
// response without Content-Length ends only when the server closes
// (RFC 9112 §6.3). So when requests were pipelined behind the last
// response — a close-delimited one, or the one that reaches Keep-Alive
// max — the server closes right after it: the next response's bytes must
// neither be sent nor (close-delimited) read as part of that body, and the
// unanswered requests are retried on a new connection.
func TestCloseEndsPipeline(t *testing.T) {
	page := Page{Objects: []Object{
		{ID: "html", Host: "example.com", Path: "/", Size: 1 * KB, Parent: -1},
		{ID: "a", Host: "example.com", Path: "/a", Size: 1, Parent: 0},
		{ID: "b", Host: "example.com", Path: "/b", Size: 1 * MB, Parent: 0},
	}}
	for _, c := range []struct {
		name  string
		setup func(*Server)
	}{
		{"close-delimited", func(s *Server) { s.ContentLength = false }},
		{"keep-alive max", func(s *Server) { s.KeepAliveMax = 1 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := realConfig(50*time.Millisecond, 1*Mbps, 1*Mbps, page, strat("pipelined"))
			c.setup(&cfg.Server)
			// Think time: both requests are in the server's queue before
			// it answers the first.
			cfg.Server.Think = Dist{Kind: "fixed", Value: 0.05}
			res := simulate(t, cfg)
			if res.Failed != 0 {
				t.Fatalf("%d objects failed", res.Failed)
			}
			a, b := res.Objects[1], res.Objects[2]
			if a.LastByte-a.RequestSent > time.Second {
				t.Errorf("a (1 byte) took %v from request to last byte: its body ran into b's response (sent %v, last byte %v)", a.LastByte-a.RequestSent, a.RequestSent, a.LastByte)
			}
			if a.Conn == b.Conn {
				t.Errorf("a and b completed on the same connection %d; a's response ended it", a.Conn)
			}
			if b.Retries != 1 {
				t.Errorf("b retried %d times, want 1 (pipelined behind a, unanswered)", b.Retries)
			}
			// b's megabyte crosses the link once, not twice.
			if res.BytesDown > int64(1*MB)*3/2 {
				t.Errorf("bytes down %d: b's response was sent on the closing connection as well", res.BytesDown)
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

// TestNoPipeliningNonIdempotent: clients SHOULD NOT pipeline requests
// using non-idempotent methods (RFC 9112 §9.3.2), nor pipeline after one
// until its response has come: if the connection dies, a pipelined POST
// cannot be retried safely. A POST waits for an empty pipeline, and the
// GETs behind it wait for its response.
func TestNoPipeliningNonIdempotent(t *testing.T) {
	page := Page{Objects: []Object{
		{ID: "html", Host: "example.com", Path: "/", Size: 1 * KB, Parent: -1},
		{ID: "a", Host: "example.com", Path: "/a", Size: 50 * KB, Parent: 0},
		{ID: "post", Host: "example.com", Path: "/p", Size: 1 * KB, Parent: 0, Method: "POST"},
		{ID: "b", Host: "example.com", Path: "/b", Size: 1 * KB, Parent: 0},
		{ID: "c", Host: "example.com", Path: "/c", Size: 1 * KB, Parent: 0},
	}}
	cfg := realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, page, strat("pipelined"))
	res := simulate(t, cfg)
	if res.Failed != 0 || res.Connections != 1 {
		t.Fatalf("failed %d, connections %d; want 0, 1", res.Failed, res.Connections)
	}
	a, post, b, c := res.Objects[1], res.Objects[2], res.Objects[3], res.Objects[4]
	if post.RequestSent < a.LastByte {
		t.Errorf("POST sent at %v, before a's response ended (%v): pipelined", post.RequestSent, a.LastByte)
	}
	if b.RequestSent < post.LastByte || c.RequestSent < post.LastByte {
		t.Errorf("b, c sent at %v, %v, before the POST's response ended (%v): pipelined behind it", b.RequestSent, c.RequestSent, post.LastByte)
	}
	if b.RequestSent != c.RequestSent {
		t.Errorf("b and c sent at %v and %v; want both pipelined at once after the POST", b.RequestSent, c.RequestSent)
	}
}

// TestValidateDeterministic: with several invalid hosts, Validate names
// the same one every time (the first by name), not whichever a map
// iteration happens to reach first.
func TestValidateDeterministic(t *testing.T) {
	cfg := textbookConfig(100*time.Millisecond, 1, strat("persistent"))
	cfg.Hosts = map[string]Host{}
	for i := 0; i < 8; i++ {
		cfg.Hosts[fmt.Sprintf("h%d.example", i)] = Host{TLS: "1.1"}
	}
	want := `hosts.h0.example.tls: unknown version "1.1" (expected none, 1.2 or 1.3)`
	for i := 0; i < 50; i++ {
		err := cfg.Validate()
		if err == nil || err.Error() != want {
			t.Fatalf("Validate = %v, want %s", err, want)
		}
	}
}
