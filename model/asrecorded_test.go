package model

import (
	"fmt"
	"testing"
	"time"
)

// TestAsRecordedConns: the as-recorded strategy limits each HTTP/1.1 host
// to the connections the recording used (hosts.NAME.conns), and gives a
// host without a recorded count — or one recorded over HTTP/2 or HTTP/3
// that cannot have them here (plain http, no TLS to negotiate them) — the
// browser's six.
func TestAsRecordedConns(t *testing.T) {
	page := tinyPage(12, 20*KB)
	for _, c := range []struct {
		name     string
		host     Host
		st       string
		wantOpen int
	}{
		{"recorded one connection", Host{Protocol: HTTP11, Conns: 1}, "as-recorded", 1},
		{"recorded three", Host{Protocol: HTTP11, Conns: 3}, "as-recorded", 3},
		{"no recorded count", Host{Protocol: HTTP11}, "as-recorded", 6},
		{"no recorded protocol", Host{Conns: 2}, "as-recorded", 6},
		{"recorded over HTTP/2, no TLS", Host{Protocol: HTTP2, Conns: 1}, "as-recorded", 6},
		{"recorded over HTTP/3, no TLS", Host{Protocol: HTTP3, Conns: 1}, "as-recorded", 6},
		{"browser ignores the recording", Host{Protocol: HTTP11, Conns: 1}, "browser", 6},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, page, strat(c.st))
			h := DefaultHost()
			h.Protocol, h.Conns = c.host.Protocol, c.host.Conns
			cfg.Hosts = map[string]Host{"example.com": h}
			res := simulate(t, cfg)
			if res.Failed != 0 {
				t.Fatalf("%d objects failed", res.Failed)
			}
			if got := maxOpen(res.Conns, "example.com", nil); got != c.wantOpen {
				t.Errorf("at most %d connections open at once, want %d", got, c.wantOpen)
			}
		})
	}
}

// TestClientTime: an object's delay is the browser's own time between its
// trigger and its request; client.cpu_scale multiplies the CPU share of
// it (client.cpu_share), and the rest stays as it is.
func TestClientTime(t *testing.T) {
	const delay = 300 * time.Millisecond
	for _, c := range []struct {
		name         string
		scale, share float64
		want         time.Duration
	}{
		{"as recorded (zero values)", 0, 0, delay},
		{"twice as slow", 2, 0, 2 * delay},
		{"twice as fast", 0.5, 1, delay / 2},
		{"half of it CPU, twice as slow", 2, 0.5, delay * 3 / 2},
		{"a fifth CPU, ten times faster", 0.1, 0.2, delay*8/10 + delay*2/100},
	} {
		t.Run(c.name, func(t *testing.T) {
			page := tinyPage(1, 1*KB)
			page.Objects[1].Delay = delay
			cfg := realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, page, strat("browser"))
			cfg.Client.CPUScale, cfg.Client.CPUShare = c.scale, c.share
			res := simulate(t, cfg)
			doc, child := res.Objects[0], res.Objects[1]
			if got := child.Ready - doc.LastByte; !near(got, c.want, time.Microsecond) {
				t.Errorf("child ready %v after the document's last byte, want %v", got, c.want)
			}
		})
	}
}

// TestRecordedNoReuse: a host recorded over HTTP/1.x without persistent
// connections (protocol "1.0") gets a connection per request under
// as-recorded, within its recorded limit.
func TestRecordedNoReuse(t *testing.T) {
	page := tinyPage(6, 5*KB)
	for _, c := range []struct {
		proto     HTTPVersion
		wantConns int
	}{{HTTP10, 7}, {HTTP11, 2}} {
		cfg := realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, page, strat("as-recorded"))
		h := DefaultHost()
		h.Protocol, h.Conns = c.proto, 2
		cfg.Hosts = map[string]Host{"example.com": h}
		res := simulate(t, cfg)
		if res.Failed != 0 || res.Connections != c.wantConns {
			t.Errorf("protocol %s: %d failed, %d connections; want 0, %d", c.proto, res.Failed, res.Connections, c.wantConns)
		}
		if got := maxOpen(res.Conns, "", nil); got > 2 {
			t.Errorf("protocol %s: %d connections open at once, want at most the recorded 2", c.proto, got)
		}
	}
}

// TestTLSTime: the server's own handshake time delays its first flight,
// so every new connection is ready that much later; an object's own
// think time replaces its host's.
func TestTLSTime(t *testing.T) {
	const rtt = 40 * time.Millisecond
	base := func(mod func(*Config)) *Result {
		cfg := realConfig(rtt, 100*Mbps, 100*Mbps, tinyPage(1, 1*KB), strat("browser"))
		cfg.Hosts = map[string]Host{"example.com": {TLS: TLS13, CertSize: 1 * KB, Think: &Dist{Kind: "fixed", Value: 0.05}}}
		mod(&cfg)
		return simulate(t, cfg)
	}
	plain := base(func(*Config) {})
	slow := base(func(c *Config) {
		h := c.Hosts["example.com"]
		h.TLSTime = 300 * time.Millisecond
		c.Hosts["example.com"] = h
	})
	if d := slow.Objects[0].RequestSent - plain.Objects[0].RequestSent; !near(d, 300*time.Millisecond, time.Microsecond) {
		t.Errorf("tls_time 300ms: the document's request went %v later, want 300ms", d)
	}
	own := 5 * time.Millisecond
	mine := base(func(c *Config) { c.Page.Objects[1].Think = &own })
	hostThink := plain.Objects[1].FirstByte - plain.Objects[1].RequestSent
	ownThink := mine.Objects[1].FirstByte - mine.Objects[1].RequestSent
	if d := hostThink - ownThink; !near(d, 45*time.Millisecond, time.Millisecond) {
		t.Errorf("object think 5ms against the host's 50ms: first byte %v earlier after the request, want 45ms", d)
	}
	if p0, m0 := plain.Objects[0].FirstByte, mine.Objects[0].FirstByte; p0 != m0 {
		t.Errorf("the document (no think of its own) changed: first byte %v, was %v", m0, p0)
	}
}

// TestAsRecordedProtocols: over TLS, each host goes over the protocol it
// was recorded with — HTTP/3, HTTP/2, or HTTP/1.1 — whatever the others
// use, and a host without one over HTTP/1.1.
func TestAsRecordedProtocols(t *testing.T) {
	page := Page{Objects: []Object{{ID: "html", Host: "a.example", Path: "/", Size: 5 * KB, Parent: -1}}}
	hosts := map[string]Host{}
	for i, c := range []struct {
		host  string
		proto HTTPVersion
	}{{"a.example", HTTP2}, {"b.example", HTTP3}, {"c.example", HTTP11}, {"d.example", ""}} {
		for k := 0; k < 3; k++ {
			page.Objects = append(page.Objects, Object{ID: fmt.Sprintf("o%d-%d", i, k), Host: c.host, Path: fmt.Sprintf("/%d", k), Size: 20 * KB, Parent: 0})
		}
		h := DefaultHost()
		h.TLS, h.Protocol = TLS13, c.proto
		hosts[c.host] = h
	}
	want := map[string]string{"a.example": "h2", "b.example": "h3", "c.example": "h1", "d.example": "h1"}
	cfg := realConfig(40*time.Millisecond, 20*Mbps, 20*Mbps, page, strat("as-recorded"))
	cfg.Hosts = hosts
	res := simulate(t, cfg)
	if res.Failed != 0 {
		t.Fatalf("%d objects failed", res.Failed)
	}
	got := map[string]map[string]int{}
	for _, c := range res.Conns {
		if got[c.Host] == nil {
			got[c.Host] = map[string]int{}
		}
		got[c.Host][c.Protocol]++
	}
	for h, p := range want {
		if len(got[h]) != 1 || got[h][p] == 0 {
			t.Errorf("%s: connections by protocol %v, want only %s", h, got[h], p)
		}
	}
}
