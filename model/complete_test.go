package model

import (
	"math"
	"testing"
)

// limitsConfig is a small valid page for the limit cases.
func limitsConfig() Config {
	cfg := Config{Network: DefaultNetwork(), TCP: DefaultTCP(), Client: DefaultClient(), Server: DefaultServer(),
		Strategy: Strategies[5]}
	cfg.Page.Objects = []Object{
		{ID: "html", Host: "a.example", Path: "/", Size: 10 * KB, Parent: -1},
		{ID: "img", Host: "a.example", Path: "/i", Size: 5 * KB, Parent: 0},
	}
	return cfg
}

// TestIncompleteLoads: a load that did not finish is a result that says so
// and why, never an error and never a load time presented as complete.
func TestIncompleteLoads(t *testing.T) {
	tests := []struct {
		name   string
		modify func(*Config)
		want   Incomplete
	}{
		{"complete", func(*Config) {}, ""},
		{"100% loss", func(c *Config) { c.Network.Loss = 1 }, IncompleteFailed},
		{"1 bps link", func(c *Config) { c.Network.Down, c.Network.Up = 1, 1 }, IncompleteFailed},                // the SYN times out
		{"think 10^6 s", func(c *Config) { c.Server.Think = Dist{Kind: "fixed", Value: 1e6} }, IncompleteFailed}, // the client's timeout
		{"think 10^6 s without timeouts", func(c *Config) {
			c.Server.Think = Dist{Kind: "fixed", Value: 1e6}
			c.Client.Timeout = 0
		}, IncompleteHorizon},
		{"heavy lognormal", func(c *Config) { c.Server.Think = Dist{Kind: "lognormal", Value: 0.001, Sigma: 20} }, ""},
		{"pareto shape 0.0001", func(c *Config) {
			c.Server.Think = Dist{Kind: "pareto", Value: 0.001, Sigma: 0.0001}
			c.Client.Timeout = 0
		}, IncompleteHorizon},
		{"event budget", func(c *Config) { c.MaxEvents = 10 }, IncompleteBudget},
		{"timeouts near the largest duration", func(c *Config) {
			c.Client.Timeout, c.Client.IdleTimeout = math.MaxInt64/2, math.MaxInt64
			c.Server.KeepAliveTimeout = math.MaxInt64
			c.Network.Loss = 1
		}, IncompleteFailed},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := limitsConfig()
			tc.modify(&cfg)
			res, err := Simulate(cfg)
			if err != nil {
				t.Fatalf("Simulate: %v; want a result", err)
			}
			if tc.name == "heavy lognormal" {
				// Its draws may land anywhere; what matters is that a
				// result came and says consistently whether it completed.
				tc.want = res.Incomplete
			}
			if res.Incomplete != tc.want {
				t.Fatalf("incomplete %q (%s), want %q", res.Incomplete, res.IncompleteDetail, tc.want)
			}
			if res.Complete != (tc.want == "") {
				t.Errorf("complete %v with incomplete %q", res.Complete, res.Incomplete)
			}
			if !res.Complete && res.IncompleteDetail == "" {
				t.Errorf("incomplete without a detail")
			}
			if res.Complete && res.LoadTime <= 0 {
				t.Errorf("complete load with load time %v", res.LoadTime)
			}
			for i, o := range res.Objects {
				if !o.Failed && !res.Complete && (tc.want == IncompleteHorizon || tc.want == IncompleteBudget) && o.LastByte == 0 {
					t.Errorf("object %d neither arrived nor failed", i)
				}
			}
		})
	}
}
