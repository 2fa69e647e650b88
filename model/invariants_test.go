package model

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"pagesim/model/quic"
)

// The invariants of DESIGN §6, checked on a table of varied scenarios:
// every strategy × a narrow and a wide link × no loss and 2 % loss, on a
// page spread over three hosts (DNS, TLS 1.2 and 1.3, extra RTT, think
// time) with dependencies, partial-parent triggers and client delays.

// invariantPage is a small news page: a document on example.com, a
// stylesheet and a script requested once part of the document has arrived
// (a preload scanner), fonts after the stylesheet, images on a CDN, and
// third-party objects the script asks for after running.
func invariantPage() Page {
	objs := []Object{
		{ID: "html", Host: "example.com", Path: "/", Size: 40 * KB, Parent: -1},
		{ID: "css", Host: "example.com", Path: "/s.css", Size: 20 * KB, Parent: 0, AfterFraction: 0.25},
		{ID: "js", Host: "example.com", Path: "/app.js", Size: 60 * KB, Parent: 0, AfterFraction: 0.5},
		{ID: "font1", Host: "cdn.example.com", Path: "/f1.woff2", Size: 25 * KB, Parent: 1},
		{ID: "font2", Host: "cdn.example.com", Path: "/f2.woff2", Size: 30 * KB, Parent: 1},
	}
	sizes := []Bytes{3 * KB, 12 * KB, 45 * KB, 1 * KB, 8 * KB, 100 * KB, 5 * KB, 20 * KB, 2 * KB, 15 * KB, 0, 70 * KB}
	for i, s := range sizes {
		objs = append(objs, Object{ID: fmt.Sprintf("img%d", i), Host: "cdn.example.com", Path: fmt.Sprintf("/i%d.jpg", i), Size: s, Parent: 0})
	}
	js := 2
	for i := 0; i < 5; i++ {
		objs = append(objs, Object{ID: fmt.Sprintf("ad%d", i), Host: "ads.example.net", Path: fmt.Sprintf("/ad%d", i),
			Size: Bytes(1+3*i) * KB, Parent: js, Delay: time.Duration(20+10*i) * time.Millisecond})
	}
	ad := len(objs) - 1
	objs = append(objs,
		Object{ID: "beacon", Host: "ads.example.net", Path: "/b", Size: 43, Parent: ad, Delay: 5 * time.Millisecond},
		Object{ID: "post", Host: "example.com", Path: "/log", Size: 100, Parent: js, Method: "POST", Delay: 100 * time.Millisecond},
		Object{ID: "lazy", Host: "cdn.example.com", Path: "/lazy.jpg", Size: 30 * KB, Parent: 0, Delay: 500 * time.Millisecond},
	)
	return Page{Objects: objs}
}

type invScenario struct {
	name string
	cfg  Config
}

func invariantScenarios() []invScenario {
	browserCapped := strat("browser")
	browserCapped.Name, browserCapped.MaxConns = "browser(max 4)", 4
	pipeDepth := strat("pipelined")
	pipeDepth.Name, pipeDepth.PipelineDepth = "pipelined(depth 3)", 3
	strategies := append(append([]Strategy{}, Strategies...), browserCapped, pipeDepth)
	links := []struct {
		name     string
		rtt      time.Duration
		down, up BitRate
	}{
		{"narrow", 100 * time.Millisecond, 1500 * Kbps, 384 * Kbps},
		{"wide", 30 * time.Millisecond, 50 * Mbps, 10 * Mbps},
	}
	var out []invScenario
	for _, st := range strategies {
		for _, l := range links {
			for _, loss := range []float64{0, 0.02} {
				cfg := realConfig(l.rtt, l.down, l.up, invariantPage(), st)
				cfg.Network.Loss = loss
				cfg.Seed = 7
				cfg.Hosts = map[string]Host{
					"example.com":     {DNS: 20 * time.Millisecond, TLS: TLS13, CertSize: 4 * KB},
					"cdn.example.com": {DNS: 35 * time.Millisecond, TLS: TLS12, CertSize: 6 * KB, ExtraRTT: 20 * time.Millisecond},
					"ads.example.net": {DNS: 50 * time.Millisecond, TLS: TLSNone, ExtraRTT: 60 * time.Millisecond,
						Think: &Dist{Kind: "lognormal", Value: 0.03, Sigma: 0.5}},
				}
				out = append(out, invScenario{fmt.Sprintf("%s/%s/loss=%g%%", st.Name, l.name, loss*100), cfg})
				if st.HTTP == HTTP3 {
					// A repeat visit to the document's host (0-RTT), a
					// first visit to the CDN (over TCP), a dynamic QPACK
					// table and round-robin streams.
					v := cfg
					v.Hosts = map[string]Host{}
					for h, x := range cfg.Hosts {
						v.Hosts[h] = x
					}
					d := v.Hosts["example.com"]
					d.ZeroRTT = true
					v.Hosts["example.com"] = d
					c := v.Hosts["cdn.example.com"]
					c.H3 = H3Discover
					v.Hosts["cdn.example.com"] = c
					v.H3.QPACKTable = 4096
					v.H3.QPACKBlockedStreams = 100
					v.QUIC = DefaultQUIC()
					v.QUIC.Scheduler = "round_robin"
					out = append(out, invScenario{fmt.Sprintf("h3(0-RTT, discover, QPACK table)/%s/loss=%g%%", l.name, loss*100), v})
				}
			}
		}
	}
	return out
}

// reporter is the part of testing.T that checkInvariants uses, so that a
// test can check the checker.
type reporter interface {
	Helper()
	Errorf(format string, args ...any)
}

// checkInvariants asserts what must hold of every result whatever the
// scenario.
func checkInvariants(t reporter, cfg Config, res *Result) {
	t.Helper()
	objs := cfg.Page.Objects
	if len(res.Objects) != len(objs) {
		t.Errorf("%d object results for %d objects", len(res.Objects), len(objs))
		return
	}
	completed, failed, retries := 0, 0, 0
	var loadTime time.Duration
	var bodies int64
	for i, o := range res.Objects {
		retries += o.Retries
		if o.Failed {
			failed++
			if o.FailReason == "" {
				t.Errorf("object %d (%s) failed without a reason", i, o.ID)
			}
			// A failed object has a time of failure after everything it
			// had, and no last byte.
			if o.Has.Includes(HasLastByte) || o.FailedAt < o.Ready || o.Has.Includes(HasRequest) && o.FailedAt < o.RequestSent {
				t.Errorf("object %d (%s) failed at %v with timing %b (ready %v, request %v)", i, o.ID, o.FailedAt, o.Has, o.Ready, o.RequestSent)
			}
			if !o.Has.Includes(HasReady) && (o.Parent < 0 || !res.Objects[o.Parent].Failed) {
				t.Errorf("object %d (%s) failed without becoming ready, but its parent did not fail", i, o.ID)
			}
			continue
		}
		if o.FailedAt != 0 {
			t.Errorf("object %d (%s) completed but has a time of failure %v", i, o.ID, o.FailedAt)
		}
		if all := HasReady | HasRequest | HasFirstByte | HasLastByte; !o.Has.Includes(all) {
			t.Errorf("object %d (%s) completed with timing %b, want at least %b", i, o.ID, o.Has, all)
		}
		// A phase the object had takes time; one it did not have takes
		// none.
		for _, ph := range []struct {
			name     string
			bit      Timing
			from, to time.Duration
		}{{"DNS", HasDNS, o.DNSStart, o.ConnectStart}, {"TCP", HasConnect, o.ConnectStart, o.TCPDone}, {"TLS", HasTLS, o.TCPDone, o.TLSDone}} {
			if had := o.Has.Includes(ph.bit); had != (ph.to > ph.from) && !(ph.bit == HasConnect && had) {
				t.Errorf("object %d (%s): %s phase %v → %v, but had it: %v", i, o.ID, ph.name, ph.from, ph.to, had)
			}
		}
		if o.Has&(HasDNS|HasTLS) != 0 && !o.Has.Includes(HasConnect) || o.Has.Includes(HasConnect) && o.Reused {
			t.Errorf("object %d (%s): timing %b, reused %v: DNS and TLS phases only on a connection opened for it", i, o.ID, o.Has, o.Reused)
		}
		if o.FailReason != "" {
			t.Errorf("object %d (%s) completed but has a fail reason %q", i, o.ID, o.FailReason)
		}
		completed++
		if !o.Truncated {
			bodies += int64(o.Size)
		}
		loadTime = max(loadTime, o.LastByte)
		// Time never goes backwards along an object's timeline.
		steps := []struct {
			name string
			at   time.Duration
		}{{"ready", o.Ready}, {"dns start", o.DNSStart}, {"connect start", o.ConnectStart}, {"tcp done", o.TCPDone},
			{"tls done", o.TLSDone}, {"request sent", o.RequestSent}, {"first byte", o.FirstByte}, {"last byte", o.LastByte}}
		for k := 1; k < len(steps); k++ {
			if steps[k].at < steps[k-1].at {
				t.Errorf("object %d (%s): %s %v before %s %v", i, o.ID, steps[k].name, steps[k].at, steps[k-1].name, steps[k-1].at)
			}
		}
		if o.LastByte <= 0 {
			t.Errorf("object %d (%s) neither failed nor completed (last byte %v)", i, o.ID, o.LastByte)
		}
		// Every body byte of the final attempt was read once: the receive
		// spans add up to the body, in order, inside the attempt.
		var got Bytes
		for k, sp := range o.Receive {
			got += sp.Bytes
			if sp.From > sp.To || sp.From < o.RequestSent || sp.To > o.LastByte || k > 0 && sp.From < o.Receive[k-1].To {
				t.Errorf("object %d (%s): receive span %d [%v, %v] out of order or outside [request %v, last byte %v]", i, o.ID, k, sp.From, sp.To, o.RequestSent, o.LastByte)
			}
		}
		if !o.Truncated && got != o.Size || len(o.Receive) > MaxReceiveSpans {
			t.Errorf("object %d (%s): %d receive spans carry %d B, want at most %d spans carrying the body's %d B", i, o.ID, len(o.Receive), got, MaxReceiveSpans, o.Size)
		}
		if o.FirstAttempt > o.RequestSent || o.FirstAttempt < o.Ready {
			t.Errorf("object %d (%s): first attempt %v outside [ready %v, request sent %v]", i, o.ID, o.FirstAttempt, o.Ready, o.RequestSent)
		}
		if o.Retries == 0 && o.FirstAttempt != o.RequestSent {
			t.Errorf("object %d (%s): no retry but first attempt %v ≠ request sent %v", i, o.ID, o.FirstAttempt, o.RequestSent)
		}
		if o.Conn < 0 || o.Conn >= len(res.Conns) {
			t.Errorf("object %d (%s): connection %d out of range", i, o.ID, o.Conn)
		} else if c := res.Conns[o.Conn]; c.Host != o.Host && !(c.Protocol == "h2" && coalesces(cfg.Hosts, c.Host, o.Host)) {
			t.Errorf("object %d (%s) for %s carried on connection %d to %s", i, o.ID, o.Host, o.Conn, c.Host)
		} else if o.RequestSent < c.Opened || c.End != "open" && o.LastByte > c.Closed {
			t.Errorf("object %d (%s): [%v, %v] outside its connection %d's life [%v, %v]", i, o.ID, o.RequestSent, o.LastByte, o.Conn, c.Opened, c.Closed)
		}
		// Dependencies: a child is ready only after its trigger — all of
		// the parent, or (after_fraction) part of it, which may have come
		// in an earlier attempt of a retried parent, or in one that then
		// failed.
		if p := o.Parent; p >= 0 {
			par := res.Objects[p]
			partial := objs[i].AfterFraction > 0 && objs[i].AfterFraction < 1
			var earliest time.Duration
			switch {
			case !partial && par.Failed:
				t.Errorf("object %d (%s) completed but its parent %s, which it waits for whole, failed", i, o.ID, par.ID)
			case par.Retries > 0 || par.Failed:
				earliest = par.FirstAttempt
			case partial:
				earliest = par.FirstByte
			default:
				earliest = par.LastByte
			}
			if o.Ready < earliest+objs[i].Delay {
				t.Errorf("object %d (%s) ready at %v, before its parent's trigger %v + delay %v", i, o.ID, o.Ready, earliest, objs[i].Delay)
			}
			if !par.Failed && o.Ready > par.LastByte+objs[i].Delay {
				// A fraction of the parent is never more than all of it.
				t.Errorf("object %d (%s) ready at %v, after its parent's last byte %v + delay %v", i, o.ID, o.Ready, par.LastByte, objs[i].Delay)
			}
		}
	}
	if res.Failed != failed {
		t.Errorf("Failed = %d, but %d objects say failed", res.Failed, failed)
	}
	// Result.Retries also counts what smart proxies re-send upstream;
	// the objects count only the browser's retries.
	if len(cfg.Proxy.Chain) == 0 && res.Retries != retries || res.Retries < retries {
		t.Errorf("Retries = %d, but the objects' retries add up to %d", res.Retries, retries)
	}
	if res.LoadTime != loadTime {
		t.Errorf("LoadTime = %v, want the last completed object's last byte %v", res.LoadTime, loadTime)
	}
	if res.BytesDown < bodies {
		t.Errorf("BytesDown = %d, less than the completed bodies' %d", res.BytesDown, bodies)
	}
	// Every completed response was counted once, on one connection.
	served := 0
	for _, c := range res.Conns {
		served += c.Requests
		if c.Ready != 0 && c.Ready < c.Opened {
			t.Errorf("connection %d ready at %v before it opened at %v", c.ID, c.Ready, c.Opened)
		}
		if c.End == "" {
			t.Errorf("connection %d has no end", c.ID)
		}
		if c.End != "open" && (c.Closed < c.Opened || c.Ready != 0 && c.Closed < c.Ready) {
			t.Errorf("connection %d closed at %v, before it opened (%v) or was ready (%v)", c.ID, c.Closed, c.Opened, c.Ready)
		}
	}
	if served != completed {
		t.Errorf("connections served %d responses, %d objects completed (each must complete exactly once)", served, completed)
	}
	if res.Connections != len(res.Conns) {
		t.Errorf("Connections = %d, %d records", res.Connections, len(res.Conns))
	}
	for i, st := range res.Stalls {
		if st.Object < 0 || st.Object >= len(objs) || st.Conn < -1 || st.Conn >= len(res.Conns) || st.From > st.To || st.Cause == "" {
			t.Errorf("stall %d: %+v (object, connection out of range, time backwards or no cause)", i, st)
		}
	}
	for i := 1; i < len(res.Cwnd); i++ {
		if res.Cwnd[i].At < res.Cwnd[i-1].At {
			t.Errorf("cwnd point %d at %v, before point %d at %v", i, res.Cwnd[i].At, i-1, res.Cwnd[i-1].At)
			break
		}
	}
	// Caps. A strategy's connection counts bound its HTTP/1.x
	// connections; HTTP/2 has one connection per origin — another opens
	// only beside one the server sent GOAWAY on — and holds no more streams
	// at once than the server's SETTINGS_MAX_CONCURRENT_STREAMS.
	hosts := map[string]bool{}
	for _, o := range objs {
		hosts[o.Host] = true
	}
	h1 := func(c ConnResult) bool { return c.Protocol == "h1" }
	h2Live := func(c ConnResult) bool { return c.Protocol == "h2" && c.End != EndGoAway }
	for h := range hosts {
		if m := maxOpen(res.Conns, h, h1); m > cfg.Strategy.Conns {
			t.Errorf("%d connections to %s open at once, strategy allows %d", m, h, cfg.Strategy.Conns)
		}
		if m := maxOpen(res.Conns, h, h2Live); m > 1 {
			t.Errorf("%d HTTP/2 connections to %s open at once (not draining after GOAWAY), want one per origin", m, h)
		}
	}
	if mc := cfg.Strategy.MaxConns; mc > 0 {
		// The cap is HTTP/1.x's (HTTP/2's and HTTP/3's connections, one
		// per origin, are outside it, as in browsers' socket pools).
		if m := maxOpen(res.Conns, "", h1); m > mc {
			t.Errorf("%d connections open at once, strategy allows %d in all", m, mc)
		}
	}
	streamCap := cfg.Server.H2.MaxStreams
	if streamCap == 0 || streamCap > 256 {
		streamCap = 256 // the client's own limit (h2.maxStreamsLimit)
	}
	for _, c := range res.Conns {
		if c.Protocol != "h2" {
			continue
		}
		var streams []ConnResult // an object's final attempt as an interval
		for _, o := range res.Objects {
			if o.Conn == c.ID && !o.Failed {
				streams = append(streams, ConnResult{Opened: o.RequestSent, Closed: o.LastByte, End: EndClientClosed})
			}
		}
		if m := maxOpen(streams, "", nil); m > streamCap {
			t.Errorf("connection %d had %d streams open at once, the server allows %d", c.ID, m, streamCap)
		}
	}
}

// coalesces reports whether hosts a and b may share an HTTP/2
// connection (the same address and certificate).
func coalesces(hosts map[string]Host, a, b string) bool {
	ha, hb := hosts[a], hosts[b]
	return ha.Address != "" && ha.Address == hb.Address && ha.Cert != "" && ha.Cert == hb.Cert
}

// TestInvariants checks the invariants on every scenario of the table, that
// the same configuration gives the same result (reflect.DeepEqual), and
// that with loss another run number gives another result.
func TestInvariants(t *testing.T) {
	for _, sc := range invariantScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			res := simulate(t, sc.cfg)
			checkInvariants(t, sc.cfg, res)
			// Determinism: the same configuration gives the same result.
			again := simulate(t, sc.cfg)
			if !reflect.DeepEqual(res, again) {
				t.Errorf("two runs of the same configuration differ: load %v / %v, events %d / %d", res.LoadTime, again.LoadTime, res.Events, again.Events)
			}
			if sc.cfg.Network.Loss > 0 {
				other := sc.cfg
				other.Run = 1
				res1 := simulate(t, other)
				checkInvariants(t, other, res1)
				if reflect.DeepEqual(res, res1) {
					t.Errorf("runs 0 and 1 with loss gave identical results (the loss streams must differ)")
				}
			}
		})
	}
}

// TestInvariantsEdgeCases runs the invariants on named edge cases for every
// strategy: zero RTT, an empty object with tight Keep-Alive limits, a
// server connection cap with both excess policies, and 10 % loss with
// random think times and full closes.
func TestInvariantsEdgeCases(t *testing.T) {
	type tc struct {
		name string
		cfg  Config
	}
	var cases []tc
	for _, st := range Strategies {
		cfg := textbookConfig(0, 8, st)
		cases = append(cases, tc{"zero rtt/" + st.Name, cfg})
		cfg = textbookConfig(100*time.Millisecond, 8, st)
		cfg.Page.Objects[3].Size = 0
		cfg.Server.KeepAliveMax = 3
		cfg.Server.KeepAliveTimeout = 150 * time.Millisecond
		cfg.Page.Objects[5].Delay = 200 * time.Millisecond
		cases = append(cases, tc{"keep-alive limits/" + st.Name, cfg})
		for _, ex := range []Excess{ExcessRefuse, ExcessClose} {
			cfg := realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, tinyPage(12, 5*KB), st)
			cfg.Strategy.Conns = 6
			cfg.Server.MaxConnsPerClient = 2
			cfg.Server.Excess = ex
			cases = append(cases, tc{"excess " + string(ex) + "/" + st.Name, cfg})
		}
		cfg = realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, tinyPage(6, 30*KB), st)
		cfg.Server.Think = Dist{Kind: "exponential", Value: 0.05}
		cfg.Server.Close = CloseFull
		cfg.Network.Loss = 0.1
		cases = append(cases, tc{"10% loss, full close/" + st.Name, cfg})
		cfg = realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, tinyPage(6, 200*KB), st)
		cfg.Client.ReadRate = 2 * Mbps
		cfg.TCP.RWnd = 64 * KiB
		cases = append(cases, tc{"slow reader/" + st.Name, cfg})
		cfg = realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, tinyPage(6, 50*KB), st)
		cfg.Server.ContentLength = false
		cfg.Faults = []Fault{{Kind: "close_mid_body", Object: 2, At: 0.5}}
		cases = append(cases, tc{"close-delimited, cut body/" + st.Name, cfg})
		cfg = realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, tinyPage(6, 50*KB), st)
		cfg.Faults = []Fault{{Kind: "close_mid_body", Object: 2, At: 0.5}, {Kind: "close_mid_body", Object: 0, At: 0.1}}
		cases = append(cases, tc{"content-length, cut bodies/" + st.Name, cfg})
		cfg = realConfig(100*time.Millisecond, 256*Kbps, 256*Kbps, tinyPage(6, 40*KB), st)
		cfg.Client.Timeout = 400 * time.Millisecond
		cfg.Client.IdleTimeout = 50 * time.Millisecond
		cfg.Server.Think = Dist{Kind: "uniform", Value: 0, Max: 0.6}
		cases = append(cases, tc{"short client timeouts/" + st.Name, cfg})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			checkInvariants(t, c.cfg, simulate(t, c.cfg))
		})
	}
}

// errRecorder collects what checkInvariants reports.
type errRecorder struct{ msgs []string }

func (r *errRecorder) Helper() {}
func (r *errRecorder) Errorf(format string, args ...any) {
	r.msgs = append(r.msgs, fmt.Sprintf(format, args...))
}

// TestCheckInvariantsCatches corrupts a good result in the ways the
// invariants forbid and checks that each is caught.
func TestCheckInvariantsCatches(t *testing.T) {
	cfg := invariantScenarios()[0].cfg
	for _, sc := range invariantScenarios() {
		if sc.cfg.Strategy.Name == "browser" && sc.cfg.Network.Loss == 0 {
			cfg = sc.cfg
			break
		}
	}
	good := simulate(t, cfg)
	var rec errRecorder
	checkInvariants(&rec, cfg, good)
	if len(rec.msgs) > 0 {
		t.Fatalf("the good result fails: %v", rec.msgs)
	}
	corruptions := []struct {
		name string
		f    func(r *Result)
	}{
		{"first byte before request", func(r *Result) { r.Objects[2].FirstByte = r.Objects[2].RequestSent - 1 }},
		{"TLS done before TCP done", func(r *Result) { r.Objects[0].TLSDone = r.Objects[0].TCPDone - 1 }},
		{"failed without reason", func(r *Result) { r.Objects[4].Failed = true; r.Failed++ }},
		{"completed twice", func(r *Result) { r.Conns[0].Requests++ }},
		{"load time not the last byte", func(r *Result) { r.LoadTime++ }},
		{"bytes short", func(r *Result) { r.BytesDown = 1000 }},
		{"child before parent", func(r *Result) { r.Objects[3].Ready = r.Objects[1].LastByte - 1 }},
		{"per-host cap", func(r *Result) {
			c := r.Conns[len(r.Conns)-1]
			for i := 0; i < 6; i++ {
				c.ID = len(r.Conns)
				c.End = "open"
				r.Conns = append(r.Conns, c)
			}
			r.Connections = len(r.Conns)
		}},
		{"retries miscounted", func(r *Result) { r.Retries++ }},
		{"wrong host", func(r *Result) { r.Objects[5].Host = "elsewhere" }},
	}
	for _, c := range corruptions {
		bad := *good
		bad.Objects = append([]ObjectResult(nil), good.Objects...)
		bad.Conns = append([]ConnResult(nil), good.Conns...)
		c.f(&bad)
		var rec errRecorder
		checkInvariants(&rec, cfg, &bad)
		if len(rec.msgs) == 0 {
			t.Errorf("%s: not caught", c.name)
		}
	}
}

// randomConfigs draws n valid configurations, the same ones every time.
func randomConfigs(n int) []Config {
	var out []Config
	rng := rand.New(rand.NewPCG(42, 3))
	pick := func(xs ...int) int { return xs[rng.IntN(len(xs))] }
	hosts := []string{"a.example", "b.example", "c.example"}
	presets := append([]Strategy{}, Strategies...)
	for k := 0; k < n; k++ {
		st := presets[rng.IntN(len(presets))]
		if st.Conns > 1 {
			st.Conns = pick(1, 2, 4, 6, 10)
		}
		if rng.IntN(4) == 0 {
			st.MaxConns = pick(1, 2, 3, 8)
		}
		if st.Pipeline {
			st.PipelineDepth = pick(0, 1, 2, 5)
		}
		rate := BitRate(pick(56, 256, 1500, 10000, 100000)) * Kbps
		cfg := realConfig(time.Duration(pick(0, 1, 20, 100, 300))*time.Millisecond, rate, rate/BitRate(pick(1, 4)), Page{}, st)
		cfg.Network.Queue = pick(1, 5, 30, 100)
		cfg.Network.Loss = []float64{0, 0, 0.01, 0.05, 0.2}[rng.IntN(5)]
		cfg.Network.Header = Bytes(pick(0, 40))
		cfg.TCP.InitCwnd = pick(1, 2, 4, 10)
		cfg.TCP.DelayedACK = time.Duration(pick(0, 40, 200)) * time.Millisecond
		cfg.TCP.Nagle = rng.IntN(3) == 0
		cfg.TCP.SlowStartAfterIdle = rng.IntN(2) == 0
		cfg.TCP.CC = []CongestionControl{Reno, NewReno, Cubic}[rng.IntN(3)]
		cfg.Client.Timeout = time.Duration(pick(0, 2, 30)) * time.Second
		cfg.Client.IdleTimeout = time.Duration(pick(0, 100, 90000)) * time.Millisecond
		if rng.IntN(5) == 0 {
			cfg.Client.ReadRate = BitRate(pick(100, 2000)) * Kbps
		}
		cfg.Server.HeaderSize = Bytes(pick(0, 1, 250))
		cfg.Server.KeepAliveMax = pick(0, 1, 3, 100)
		cfg.Server.KeepAliveTimeout = time.Duration(pick(0, 50, 1000, 15000)) * time.Millisecond
		cfg.Server.MaxConnsPerClient = pick(0, 0, 1, 3)
		cfg.Server.Excess = []Excess{ExcessRefuse, ExcessClose}[rng.IntN(2)]
		cfg.Server.Close = []CloseStyle{CloseHalf, CloseFull}[rng.IntN(2)]
		cfg.Server.ContentLength = rng.IntN(6) != 0
		cfg.Server.Think = Dist{Kind: "exponential", Value: float64(pick(0, 10, 100)) / 1000}
		cfg.Hosts = map[string]Host{}
		for _, h := range hosts {
			cfg.Hosts[h] = Host{ExtraRTT: time.Duration(pick(0, 30)) * time.Millisecond, DNS: time.Duration(pick(0, 40)) * time.Millisecond,
				TLS: []TLSVersion{TLSNone, TLS12, TLS13}[rng.IntN(3)], CertSize: Bytes(pick(1, 4, 40)) * KB,
				H3: []H3Mode{"", H3Known, H3Discover, H3None}[rng.IntN(4)], ZeroRTT: rng.IntN(3) == 0}
		}
		if st.HTTP == HTTP3 {
			cfg.QUIC = DefaultQUIC()
			cfg.QUIC.CC = []quic.CongestionControl{"", quic.NewReno, quic.Cubic}[rng.IntN(3)]
			cfg.QUIC.Pacing = rng.IntN(2) == 0
			cfg.QUIC.Scheduler = []quic.Scheduler{quic.Sequential, quic.RoundRobin}[rng.IntN(2)]
			cfg.QUIC.MaxStreams = pick(4, 10, 100)
			cfg.QUIC.MaxStreamData = Bytes(pick(16, 6000)) * KB
			cfg.QUIC.AckThreshold = pick(1, 2, 10)
			cfg.QUIC.UDPHeader = Bytes(pick(0, 28))
			cfg.H3.QPACKTable = int64(pick(0, 0, 4096))
			cfg.H3.QPACKBlockedStreams = pick(0, 100)
		}
		nobj := 1 + rng.IntN(25)
		for i := 0; i < nobj; i++ {
			o := Object{ID: fmt.Sprintf("o%d", i), Host: hosts[rng.IntN(len(hosts))], Path: fmt.Sprintf("/%d", i),
				Size: Bytes(rng.IntN(4) * rng.IntN(60000)), Parent: -1}
			if i > 0 {
				o.Parent = rng.IntN(i)
				if rng.IntN(3) == 0 {
					o.AfterFraction = rng.Float64()
				}
				o.Delay = time.Duration(pick(0, 0, 10, 500)) * time.Millisecond
				if rng.IntN(8) == 0 {
					o.Method = "POST"
				}
			}
			cfg.Page.Objects = append(cfg.Page.Objects, o)
		}
		if rng.IntN(6) == 0 {
			cfg.Faults = []Fault{{Kind: "close_mid_body", Object: rng.IntN(nobj), At: rng.Float64()}}
		}
		if rng.IntN(5) == 0 {
			chains := [][]ProxyKind{{ProxySmart}, {ProxyDumb}, {ProxySmart, ProxyDumb}, {ProxyDumb, ProxySmart}}
			cfg.Proxy.Chain = chains[rng.IntN(len(chains))]
			cfg.Proxy.Timeout = time.Duration(pick(0, 5)) * time.Second
		}
		if cfg.Strategy.HTTP == HTTP2 {
			randomH2(rng, &cfg, pick)
		}
		cfg.TraceCwnd = rng.IntN(4) == 0
		cfg.Seed, cfg.Run = uint64(k), rng.IntN(3)
		cfg.Horizon = 3 * time.Hour
		out = append(out, cfg)
	}
	return out
}

// randomH2 draws HTTP/2 settings on both sides — windows from one frame
// to Chrome's, no header table to a large one, tiny frames, a stream
// limit of one, every scheduler, a send buffer of one byte to unbounded,
// GOAWAY after every request, prior knowledge — coalesces two of the
// hosts, and gives the objects random priorities.
func randomH2(rng *rand.Rand, cfg *Config, pick func(...int) int) {
	h := &cfg.Strategy.H2
	h.StreamWindow = Bytes(pick(0, 1000, 65535, 6<<20))
	h.ConnWindow = Bytes(pick(0, 16384, 15<<20))
	h.HeaderTable = Bytes(pick(0, 4096, 65536))
	h.PriorKnowledge = rng.IntN(3) == 0
	sv := &cfg.Server.H2
	sv.MaxStreams = pick(0, 1, 3, 100)
	sv.HeaderTable = Bytes(pick(0, 100, 4096))
	sv.FrameSize = Bytes(pick(0, 1, 1000, 16384))
	sv.Scheduler = []Scheduler{SchedFIFO, SchedRoundRobin, SchedTree, SchedUrgency}[rng.IntN(4)]
	sv.SendBuffer = Bytes(pick(0, 1, 16384, 4<<20))
	sv.MaxRequests = pick(0, 1, 3, 1000)
	if rng.IntN(2) == 0 {
		for _, name := range []string{"a.example", "b.example"} {
			hc := cfg.Hosts[name]
			hc.Address, hc.Cert = "192.0.2.1", "*.example"
			cfg.Hosts[name] = hc
		}
	}
	for i := range cfg.Page.Objects {
		cfg.Page.Objects[i].Urgency = rng.IntN(8)
		cfg.Page.Objects[i].Incremental = rng.IntN(2) == 0
	}
}

// TestInvariantsRandomized runs configurations drawn at random (a fixed
// seed: the same ones every run) — strategies with random overrides, links
// from a LAN to a modem, loss up to 20 %, random pages over up to three
// hosts, Keep-Alive limits, caps, faults, proxy chains — and checks that
// none panics, that a run either finishes or says why not, and that the
// invariants hold.
func TestInvariantsRandomized(t *testing.T) {
	n := 150
	if testing.Short() {
		n = 30
	}
	for k, cfg := range randomConfigs(n) {
		st := cfg.Strategy
		t.Run(fmt.Sprintf("%d/%s", k, st.Name), func(t *testing.T) {
			res, err := Simulate(cfg)
			if err != nil {
				t.Fatalf("Simulate: %v (a valid configuration must run)", err)
			}
			if res.Incomplete == IncompleteHorizon || res.Incomplete == IncompleteBudget {
				t.Skipf("did not finish: %s", res.IncompleteDetail)
			}
			checkInvariants(t, cfg, res)
			if t.Failed() {
				for i, o := range res.Objects {
					t.Logf("%d %s parent %d frac %.2f delay %v: ready %v first attempt %v sent %v first %v last %v retries %d failed %v %q trunc %v",
						i, o.ID, o.Parent, cfg.Page.Objects[i].AfterFraction, cfg.Page.Objects[i].Delay, o.Ready, o.FirstAttempt, o.RequestSent, o.FirstByte, o.LastByte, o.Retries, o.Failed, o.FailReason, o.Truncated)
				}
			}
		})
	}
}
