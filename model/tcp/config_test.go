package tcp

import (
	"math"
	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
	"strings"
	"testing"
	"time"
)

// Configuration validation: every bad field is named in the error.

func TestBadConfig(t *testing.T) {
	cases := []struct {
		name  string
		nw    func(*link.Config)
		tc    func(*Config)
		field string
	}{
		{"negative rtt", func(n *link.Config) { n.RTT = -time.Millisecond }, nil, "network.rtt"},
		{"negative down rate", func(n *link.Config) { n.Down = -1 }, nil, "network.down"},
		{"zero down rate", func(n *link.Config) { n.Down = 0 }, nil, "network.down"},
		{"zero up rate", func(n *link.Config) { n.Up = 0 }, nil, "network.up"},
		{"negative up rate", func(n *link.Config) { n.Up = -5 * units.Mbps }, nil, "network.up"},
		{"MSS 0", func(n *link.Config) { n.MSS = 0 }, nil, "network.mss"},
		{"negative MSS", func(n *link.Config) { n.MSS = -1 }, nil, "network.mss"},
		{"queue 0", func(n *link.Config) { n.Queue = 0 }, nil, "network.queue"},
		{"negative queue", func(n *link.Config) { n.Queue = -3 }, nil, "network.queue"},
		{"loss > 100%", func(n *link.Config) { n.Loss = 1.01 }, nil, "network.loss"},
		{"loss < 0", func(n *link.Config) { n.Loss = -0.01 }, nil, "network.loss"},
		{"loss NaN", func(n *link.Config) { n.Loss = math.NaN() }, nil, "network.loss"},
		{"negative header", func(n *link.Config) { n.Header = -40 }, nil, "network.header"},
		{"initcwnd 0", nil, func(c *Config) { c.InitCwnd = 0 }, "tcp.initcwnd"},
		{"negative initcwnd", nil, func(c *Config) { c.InitCwnd = -1 }, "tcp.initcwnd"},
		{"rwnd below MSS", nil, func(c *Config) { c.RWnd = 1459 }, "tcp.rwnd"},
		{"rwnd 0", nil, func(c *Config) { c.RWnd = 0 }, "tcp.rwnd"},
		{"min_rto 0", nil, func(c *Config) { c.MinRTO = 0 }, "tcp.min_rto"},
		{"negative min_rto", nil, func(c *Config) { c.MinRTO = -time.Second }, "tcp.min_rto"},
		{"negative delayed_ack", nil, func(c *Config) { c.DelayedACK = -time.Millisecond }, "tcp.delayed_ack"},
		{"unknown cc", nil, func(c *Config) { c.CC = "bbr" }, "tcp.cc"},
		{"empty cc", nil, func(c *Config) { c.CC = "" }, "tcp.cc"},
		{"unknown slow-start rule", nil, func(c *Config) { c.SlowStartIncrease = "rfc2001" }, "tcp.slow_start_increase"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nw, tc := link.DefaultConfig(), DefaultConfig()
			if c.nw != nil {
				c.nw(&nw)
			}
			if c.tc != nil {
				c.tc(&tc)
			}
			var n *testNet
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("NewNet panicked: %v", r)
					}
				}()
				n, err = newNet(sim.New(), nw, tc, 1, 0)
			}()
			if err == nil {
				t.Fatalf("NewNet accepted the configuration (net %p), want an error naming %s", n, c.field)
			}
			if !strings.HasPrefix(err.Error(), c.field+":") {
				t.Errorf("error %q does not start with the field %q", err, c.field+":")
			}
		})
	}
	t.Run("edge values accepted", func(t *testing.T) {
		nw, tc := link.DefaultConfig(), DefaultConfig()
		nw.RTT, nw.Header, nw.Loss, nw.Queue = 0, 0, 1, 1
		tc.InitCwnd, tc.RWnd, tc.DelayedACK = 1, nw.MSS, 0
		if _, err := newNet(sim.New(), nw, tc, 1, 0); err != nil {
			t.Errorf("NewNet refused valid edge values: %v", err)
		}
	})
}
