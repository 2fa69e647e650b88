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
