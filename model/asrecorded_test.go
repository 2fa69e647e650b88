package model

import (
	"testing"
	"time"
)

// TestAsRecordedConns: the as-recorded strategy limits each HTTP/1.1 host
// to the connections the recording used (hosts.NAME.conns), and gives a
// host without a recorded count — or one recorded over HTTP/2 or HTTP/3,
// which this simulator replays over HTTP/1.1 — the browser's six.
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
		{"recorded over HTTP/2, one connection", Host{Protocol: "2", Conns: 1}, "as-recorded", 6},
		{"recorded over HTTP/3", Host{Protocol: "3", Conns: 1}, "as-recorded", 6},
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
