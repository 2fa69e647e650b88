package model

import (
	"fmt"
	"testing"
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/link"
	"pagesim/sim"
)

// Checks of HTTP/2 (issue 16) on the whole model: the closed forms of the
// idealised network, and the mechanisms — flow control, TCP head-of-line
// blocking, GOAWAY's retry rule, refused streams, coalescing, the
// scheduler and the send buffer — each set up so that its effect could
// fail to appear.

// h2Strategy is the h2 preset: HTTP/2 with Chrome's settings.
func h2Strategy() Strategy {
	if s, ok := StrategyByName("h2"); ok {
		return s
	}
	return Strategy{Name: "h2", HTTP: HTTP2, Conns: 6, H2: ChromeH2()}
}

// testStrategies is every preset, h2 included.
func testStrategies() []Strategy {
	out := append([]Strategy(nil), Strategies...)
	if _, ok := StrategyByName("h2"); !ok {
		out = append(out, h2Strategy())
	}
	return out
}

// httpsTextbook is the textbook setting on one https host with TLS 1.3:
// the document and n one-byte children.
func httpsTextbook(rtt time.Duration, n int, st Strategy) Config {
	cfg := textbookConfig(rtt, n, st)
	cfg.Hosts = map[string]Host{"example.com": {TLS: TLS13, CertSize: 4 * KB}}
	return cfg
}

// TestH2OneRoundForAll is the closed form of multiplexing: on the
// idealised network an https page of a document and N tiny objects loads
// in 1 RTT (TCP) + 1 (TLS 1.3) + 1 (the document) + 1 (all N at once) over
// HTTP/2, whatever N up to the server's 100 concurrent streams — one more
// round beyond it. The browser strategy's six HTTP/1.1 connections need,
// after the document, two rounds on the first connection while the five
// others do their TCP and TLS handshakes, then ⌈(N−2)/6⌉ rounds.
func TestH2OneRoundForAll(t *testing.T) {
	const r = 100 * time.Millisecond
	for _, n := range []int{1, 2, 6, 30, 99, 100, 101, 150} {
		t.Run(fmt.Sprintf("N=%d", n), func(t *testing.T) {
			res := simulate(t, httpsTextbook(r, n, h2Strategy()))
			rounds := 4
			if n > 100 {
				rounds = 5 // the streams beyond the server's limit wait for the first ones
			}
			if !near(res.LoadTime, time.Duration(rounds)*r, time.Millisecond) || res.Connections != 1 {
				t.Errorf("h2: load %v over %d connections, want %d RTT = %v over 1", res.LoadTime, res.Connections, rounds, time.Duration(rounds)*r)
			}
			b := simulate(t, httpsTextbook(r, n, strat("browser")))
			want := 4
			if n >= 2 {
				want = 5 + (n-2+5)/6
			}
			if !near(b.LoadTime, time.Duration(want)*r, time.Millisecond) {
				t.Errorf("browser: load %v, want %d RTT = %v", b.LoadTime, want, time.Duration(want)*r)
			}
		})
	}
}

// TestH2StreamWindow: an object of k·W bytes behind a stream window of W
// on a path whose bandwidth-delay product is far larger (10 Gbps, 100 ms:
// 125 MB) takes at least k round trips after its request: the server
// sends W and waits for the client's WINDOW_UPDATE. TCP is kept out of the
// way (a huge initial window and receive window, a queue that holds the
// flight). With Chrome's 6 MiB
// window the same object takes one round trip.
func TestH2StreamWindow(t *testing.T) {
	const r = 100 * time.Millisecond
	const w = 65535
	for _, k := range []int{1, 2, 4, 8} {
		for _, chrome := range []bool{false, true} {
			name := fmt.Sprintf("k=%d/window=%d", k, w)
			st := h2Strategy()
			st.H2.StreamWindow = w
			if chrome {
				st.H2.StreamWindow = 6 * MiB
				name = fmt.Sprintf("k=%d/window=6MiB", k)
			}
			t.Run(name, func(t *testing.T) {
				cfg := httpsTextbook(r, 1, st)
				cfg.Page.Objects[1].Size = Bytes(k) * w
				cfg.TCP.InitCwnd = 100000
				cfg.TCP.RWnd = 1 << 30
				cfg.Network.Queue = 100000 // the whole flight fits: no loss
				res := simulate(t, cfg)
				o := res.Objects[1]
				took := o.LastByte - o.RequestSent
				rounds := float64(took) / float64(r)
				switch {
				case !chrome && rounds < float64(k):
					t.Errorf("%d·W took %.2f RTT, want at least %d (flow control limits it)", k, rounds, k)
				case !chrome && rounds > float64(2*k+1):
					t.Errorf("%d·W took %.2f RTT, want about %d (a WINDOW_UPDATE every half window)", k, rounds, k)
				case chrome && rounds > 1.1:
					t.Errorf("%d·W behind a 6 MiB window took %.2f RTT, want 1", k, rounds)
				}
			})
		}
	}
}

// simulateDropping runs cfg with a deterministic drop rule on one
// direction of the access link.
func simulateDropping(t *testing.T, cfg Config, d link.Dir, rule link.Rule) *Result {
	t.Helper()
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	run, err := build(&cfg, nil, httpcore.PageChildren(&cfg.Page))
	if err != nil {
		t.Fatal(err)
	}
	run.net.SetDropRule(d, rule)
	run.page.Start()
	if err := run.s.Run(sim.Limits{Horizon: DefaultHorizon, MaxEvents: DefaultMaxEvents}); err != nil {
		t.Fatal(err)
	}
	return run.finish(false)
}

// TestH2HeadOfLineBlocking: TCP delivers in order, so one lost segment
// stalls every stream behind it on the connection — head-of-line
// blocking, from the mechanisms. Two objects are multiplexed on one
// connection (round robin, so their frames alternate); a segment of the
// first is dropped. Every byte after the hole, the second object's
// included, is read only when the retransmission arrives, about a round
// trip later: both objects' receive spans show the same gap. TCP's
// initial window and the queue are large enough for the whole page, so that without the
// drop no span of either has such a gap (slow start would make its own).
func TestH2HeadOfLineBlocking(t *testing.T) {
	const r = 100 * time.Millisecond
	st := h2Strategy()
	cfg := realConfig(r, 10*Mbps, 10*Mbps, tinyPage(2, 200*KB), st)
	cfg.Hosts = map[string]Host{"example.com": {TLS: TLS13, CertSize: 4 * KB}}
	cfg.Server.H2.Scheduler = SchedRoundRobin
	cfg.Server.H2.SendBuffer = 16 * KiB // so that the frames are chosen as the wire takes them, alternating
	cfg.Page.Objects[0].Size = 1 * KB
	cfg.TCP.InitCwnd = 1000
	cfg.Network.Queue = 10000
	longestGap := func(res *Result, obj int) time.Duration {
		var g time.Duration
		sp := res.Objects[obj].Receive
		for i := 1; i < len(sp); i++ {
			g = max(g, sp[i].From-sp[i-1].To)
		}
		return g
	}
	clean := simulate(t, cfg)
	// The 40th data segment the server sends is well into the two
	// images, which alternate 16 KB frames by then.
	lossy := simulateDropping(t, cfg, link.Down, func(p link.PacketInfo) bool { return p.DataIdx == 40 && p.Conn == 0 })
	for _, obj := range []int{1, 2} {
		if g := longestGap(clean, obj); g > r/2 {
			t.Errorf("no loss: object %d has a gap of %v between receive spans, want none of a round trip", obj, g)
		}
		if g := longestGap(lossy, obj); g < r*3/4 {
			t.Errorf("a lost segment: object %d's longest gap is %v, want about a round trip (%v): every stream waits for the hole", obj, g, r)
		}
	}
	if lossy.Retransmits == 0 {
		t.Errorf("no retransmission: the drop rule missed")
	}
}

// h2Race is the idle-close race over HTTP/2: the server closes an idle
// connection after 1 s with GOAWAY; the second request is made delay
// after the document arrived.
func h2Race(delay time.Duration, method string, st Strategy) Config {
	cfg := httpsTextbook(100*time.Millisecond, 1, st)
	cfg.Server.KeepAliveTimeout = time.Second
	cfg.Page.Objects[1].Delay = delay
	cfg.Page.Objects[1].Method = method
	return cfg
}

// TestH2GoAwayRace: the server's idle timer starts when the document's
// last frame leaves (250 ms) and fires at 1.25 s: it sends GOAWAY naming
// stream 1, the last it processed, and closes. A request made 950 ms after
// the document arrived (300 ms) reaches the server at 1.3 s, after the
// GOAWAY: it is not processed, and the GOAWAY tells the client so — the
// stream is above the last-stream-id — so the client sends it again on a
// new connection whatever its method (RFC 9113 §8.7), where HTTP/1.1
// could not retry a POST (RFC 9112 §9.3.1). At 850 ms the request beats
// the GOAWAY and nothing happens.
func TestH2GoAwayRace(t *testing.T) {
	cases := []struct {
		delay         time.Duration
		method        string
		st            Strategy
		load          time.Duration
		retries, fail int
	}{
		{850 * time.Millisecond, "GET", h2Strategy(), 1250 * time.Millisecond, 0, 0},
		{850 * time.Millisecond, "POST", h2Strategy(), 1250 * time.Millisecond, 0, 0},
		// GOAWAY at 1.3 s, then TCP + TLS + the request: 1.6 s.
		{950 * time.Millisecond, "GET", h2Strategy(), 1600 * time.Millisecond, 1, 0},
		{950 * time.Millisecond, "POST", h2Strategy(), 1600 * time.Millisecond, 1, 0},
		// HTTP/1.1 loses the POST for good (it fails; the load is the document's).
		{950 * time.Millisecond, "POST", strat("persistent"), 300 * time.Millisecond, 0, 1},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/%v/%s", c.st.Name, c.delay, c.method), func(t *testing.T) {
			res := simulate(t, h2Race(c.delay, c.method, c.st))
			if !near(res.LoadTime, c.load, time.Millisecond) || res.Retries != c.retries || res.Failed != c.fail {
				t.Errorf("load %v, %d retries, %d failed; want %v, %d, %d", res.LoadTime, res.Retries, res.Failed, c.load, c.retries, c.fail)
			}
			if c.st.HTTP != HTTP2 || c.retries == 0 {
				return
			}
			if len(res.Stalls) != 1 || res.Stalls[0].Reason != LossGoAway {
				t.Errorf("stalls %+v, want one, ended by the GOAWAY", res.Stalls)
			}
			if res.Conns[0].End != EndGoAway || res.Connections != 2 {
				t.Errorf("connections %+v, want the first ended by GOAWAY and a second", res.Conns)
			}
		})
	}
}

// TestH2RefusedStreams: before the server's SETTINGS arrive, a client may
// open 100 streams (Chrome's assumption). A host whose server allows 10
// gets the 50 image requests at once — they go with the client's TLS
// Finished, ahead of the server's SETTINGS — and refuses 40 with
// RST_STREAM(REFUSED_STREAM); the client retries them (they were not
// processed, RFC 9113 §8.7), now within the limit, and every image
// arrives.
func TestH2RefusedStreams(t *testing.T) {
	const r = 50 * time.Millisecond
	page := Page{Objects: []Object{{ID: "html", Host: "www.example.com", Path: "/", Size: 10 * KB, Parent: -1}}}
	for i := 0; i < 50; i++ {
		page.Objects = append(page.Objects, Object{ID: fmt.Sprintf("img%d", i), Host: "img.example.com", Path: fmt.Sprintf("/%d.jpg", i), Size: 5 * KB, Parent: 0})
	}
	for _, limit := range []int{10, 100} {
		t.Run(fmt.Sprintf("limit %d", limit), func(t *testing.T) {
			cfg := realConfig(r, 20*Mbps, 5*Mbps, page, h2Strategy())
			cfg.Hosts = map[string]Host{"www.example.com": {TLS: TLS13}, "img.example.com": {TLS: TLS13}}
			cfg.Server.H2.MaxStreams = limit
			// Responses take 20 ms, so that none ends (freeing a stream)
			// while the burst of requests is read.
			cfg.Server.Think = Dist{Kind: "fixed", Value: 0.02}
			res := simulate(t, cfg)
			checkInvariants(t, cfg, res)
			refused := 0
			for _, s := range res.Stalls {
				if s.Reason == LossRefused {
					refused++
				}
			}
			want := max(0, 50-limit)
			if refused != want || res.Retries != want || res.Failed != 0 {
				t.Errorf("%d refused, %d retries, %d failed; want %d, %d, 0", refused, res.Retries, res.Failed, want, want)
			}
		})
	}
}

// TestH2Coalescing: a document on www.example.com and ten images on
// cdn.example.com. When both names resolve to one address and one
// certificate covers both, the images ride the document's connection
// (RFC 9113 §9.1.1) once the CDN's DNS lookup has said so; with another
// certificate, or another address, the CDN gets its own connection.
func TestH2Coalescing(t *testing.T) {
	page := Page{Objects: []Object{{ID: "html", Host: "www.example.com", Path: "/", Size: 10 * KB, Parent: -1}}}
	for i := 0; i < 10; i++ {
		page.Objects = append(page.Objects, Object{ID: fmt.Sprintf("img%d", i), Host: "cdn.example.com", Path: fmt.Sprintf("/%d.jpg", i), Size: 5 * KB, Parent: 0})
	}
	cases := []struct {
		name          string
		addrB, certB  string
		conns         int
		imagesOnConn0 bool
	}{
		{"same address and certificate", "192.0.2.1", "*.example.com", 1, true},
		{"another certificate", "192.0.2.1", "cdn.example.com", 2, false},
		{"another address", "192.0.2.9", "*.example.com", 2, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := realConfig(50*time.Millisecond, 20*Mbps, 5*Mbps, page, h2Strategy())
			cfg.Hosts = map[string]Host{
				"www.example.com": {TLS: TLS13, Address: "192.0.2.1", Cert: "*.example.com"},
				"cdn.example.com": {TLS: TLS13, DNS: 30 * time.Millisecond, Address: c.addrB, Cert: c.certB},
			}
			res := simulate(t, cfg)
			checkInvariants(t, cfg, res)
			if res.Connections != c.conns {
				t.Errorf("%d connections, want %d", res.Connections, c.conns)
			}
			for _, o := range res.Objects[1:] {
				if (o.Conn == 0) != c.imagesOnConn0 {
					t.Errorf("%s on connection %d", o.ID, o.Conn)
				}
				if o.RequestSent < res.Objects[0].LastByte+30*time.Millisecond {
					t.Errorf("%s requested at %v, before the CDN's DNS lookup ended (%v)", o.ID, o.RequestSent, res.Objects[0].LastByte+30*time.Millisecond)
				}
			}
		})
	}
}

// TestH2Priorities is Pat Meenan's priority test: twenty low-priority
// images are requested with the document's arrival, then a late,
// high-priority script is discovered while they flow. A server whose
// scheduler follows priorities and whose send buffer is shallow sends the
// script as soon as it is ready; only bytes already sent — a congestion
// window's worth, in flight and in the bottleneck's queue — arrive before
// it, and the images are larger than that, so at most the image whose
// tail was on the wire finishes before the script. With first-come
// scheduling and a deep send buffer, every image's bytes are already
// committed when the script's response is ready: it finishes last. A
// priority scheduler with a deep buffer is no better (the buffer already
// holds the images).
func TestH2Priorities(t *testing.T) {
	page := Page{Objects: []Object{{ID: "html", Host: "example.com", Path: "/", Size: 20 * KB, Parent: -1}}}
	for i := 0; i < 20; i++ {
		page.Objects = append(page.Objects, Object{ID: fmt.Sprintf("img%d", i), Host: "example.com", Path: fmt.Sprintf("/%d.jpg", i), Size: 300 * KB, Parent: 0, Urgency: 5})
	}
	late := len(page.Objects)
	page.Objects = append(page.Objects, Object{ID: "late.js", Host: "example.com", Path: "/late.js", Size: 30 * KB, Parent: 0, Delay: 300 * time.Millisecond, Urgency: 1})
	cases := []struct {
		sched Scheduler
		buf   Bytes
		first bool // finishes before every image under way; else last
	}{
		{SchedTree, 16 * KiB, true},
		{SchedUrgency, 16 * KiB, true},
		{SchedFIFO, 0, false}, // no bound: everything is written as soon as it is ready
		{SchedTree, 0, false},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/buffer %v", c.sched, c.buf), func(t *testing.T) {
			cfg := realConfig(50*time.Millisecond, 5*Mbps, 1*Mbps, page, h2Strategy())
			cfg.Hosts = map[string]Host{"example.com": {TLS: TLS13}}
			cfg.Server.H2.Scheduler, cfg.Server.H2.SendBuffer = c.sched, c.buf
			cfg.Network.Queue = 32 // 47 KB: with the BDP (31 KB), less than an image
			res := simulate(t, cfg)
			checkInvariants(t, cfg, res)
			js := res.Objects[late]
			before, after := 0, 0
			for _, o := range res.Objects[1:late] {
				switch {
				case o.LastByte < js.RequestSent:
				case o.LastByte < js.LastByte:
					before++
				default:
					after++
				}
			}
			if c.first && before > 1 || !c.first && after > 0 {
				t.Errorf("late.js finished at %v with %d images under way finishing before it and %d after; want it %s", js.LastByte, before, after,
					map[bool]string{true: "first", false: "last"}[c.first])
			}
		})
	}
}
