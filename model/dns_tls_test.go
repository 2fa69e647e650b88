package model

import (
	"fmt"
	"testing"
	"time"
)

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

// TestDNSPhaseIsTheConnections: an object's DNS phase is the wait of the
// connection opened for it, not its host's first lookup. The CDN's lookup
// (40 ms) is begun by the first connection to it; connections dialled
// while it runs wait for it too, and each object they carry has a DNS
// phase ending when the lookup does; a connection dialled later, the host
// resolved, gives its object none — so serial, which opens the CDN's
// connections one after another, has one DNS phase (the issue saw every
// later connection drawn with a DNS bar from the lookup's start), and
// parallel and browser have one per connection opened at once.
func TestDNSPhaseIsTheConnections(t *testing.T) {
	const dns = 40 * time.Millisecond
	page := Page{Objects: []Object{{ID: "html", Host: "a.com", Path: "/", Size: 1, Parent: -1},
		{ID: "x", Host: "a.com", Path: "/x", Size: 1, Parent: 0}}}
	for i := 1; i <= 4; i++ {
		page.Objects = append(page.Objects, Object{ID: fmt.Sprintf("y%d", i), Host: "cdn.com", Path: fmt.Sprintf("/y%d", i), Size: 1, Parent: 0})
	}
	for _, c := range []struct {
		st      Strategy
		withDNS int // CDN objects with a DNS phase
	}{
		{strat("serial"), 1},
		{parallelN(2), 2},
		{strat("browser"), 4},
	} {
		t.Run(c.st.Name, func(t *testing.T) {
			cfg := textbookConfig(100*time.Millisecond, 0, c.st)
			cfg.Page = page
			cfg.Hosts = map[string]Host{"cdn.com": {DNS: dns, TLS: TLSNone, CertSize: 4 * KB}}
			res := simulate(t, cfg)
			// The lookup ends when the first CDN connection is dialled.
			var lookupEnd time.Duration = -1
			for _, cr := range res.Conns {
				if cr.Host == "cdn.com" && (lookupEnd < 0 || cr.Opened < lookupEnd) {
					lookupEnd = cr.Opened
				}
			}
			n := 0
			for _, o := range res.Objects {
				had := o.Has.Includes(HasDNS)
				switch {
				case o.Host == "a.com" && had:
					t.Errorf("%s: DNS phase %v → %v on a host without a lookup", o.ID, o.DNSStart, o.ConnectStart)
				case had && (o.ConnectStart != lookupEnd || o.ConnectStart-o.DNSStart > dns || o.DNSStart < o.Ready):
					t.Errorf("%s: DNS phase %v → %v (ready %v), want within the lookup, ending at %v", o.ID, o.DNSStart, o.ConnectStart, o.Ready, lookupEnd)
				case had:
					n++
				case o.Host == "cdn.com" && o.Has.Includes(HasConnect) && o.ConnectStart == lookupEnd:
					t.Errorf("%s: its connection waited for the lookup but it has no DNS phase", o.ID)
				case o.DNSStart != o.ConnectStart:
					t.Errorf("%s: no DNS phase, but DNS start %v ≠ connect start %v", o.ID, o.DNSStart, o.ConnectStart)
				}
			}
			if n != c.withDNS {
				t.Errorf("%d CDN objects with a DNS phase, want %d", n, c.withDNS)
			}
		})
	}
}

// TestFailedObjectTimeline: an object that failed has a time of failure
// and the connection tried for it, and the instants it never reached are
// absent (Has), not zero times. Under 100 % loss the document's only
// connection never becomes ready (its SYNs time out, RFC 6298 backoff):
// the document fails then, linked to that connection, never sent; its
// children fail with it, never ready.
func TestFailedObjectTimeline(t *testing.T) {
	cfg := textbookConfig(100*time.Millisecond, 2, strat("persistent"))
	cfg.Network.Loss = 1
	res := simulate(t, cfg)
	if res.Complete || len(res.Conns) != 1 {
		t.Fatalf("complete %v with %d connections, want an incomplete load with one", res.Complete, len(res.Conns))
	}
	c := res.Conns[0]
	doc := res.Objects[0]
	if !doc.Failed || doc.Conn != 0 || doc.FailedAt != c.Closed || doc.FailedAt < 60*time.Second {
		t.Errorf("document: failed %v on connection %d at %v; want failed on 0 when it gave up (%v, after a minute of SYNs)", doc.Failed, doc.Conn, doc.FailedAt, c.Closed)
	}
	if doc.Has != HasReady {
		t.Errorf("document timing %b, want only ready (%b): never sent", doc.Has, HasReady)
	}
	for _, o := range res.Objects[1:] {
		if !o.Failed || o.Has != 0 || o.FailedAt != doc.FailedAt || o.Conn != -1 {
			t.Errorf("%s: failed %v at %v, timing %b, connection %d; want failed with its parent at %v, nothing else", o.ID, o.Failed, o.FailedAt, o.Has, o.Conn, doc.FailedAt)
		}
	}
}

// TestObjectURL: a result names each object by its absolute URL, with its
// scheme (http when none is given).
func TestObjectURL(t *testing.T) {
	cfg := textbookConfig(100*time.Millisecond, 1, strat("persistent"))
	cfg.Page.Objects[0].Scheme = "https"
	cfg.Page.Objects[0].Path = "/index.html?x=1"
	res := simulate(t, cfg)
	if got, want := res.Objects[0].URL, "https://example.com/index.html?x=1"; got != want {
		t.Errorf("document URL %q, want %q", got, want)
	}
	if got, want := res.Objects[1].URL, "http://example.com/1.gif"; got != want {
		t.Errorf("image URL %q, want %q", got, want)
	}
}
