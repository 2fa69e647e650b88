package model

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
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

// TestDrawSaturates: every duration drawn from a distribution is in
// [0, MaxDraw], however heavy its tail.
func TestDrawSaturates(t *testing.T) {
	for _, d := range []Dist{
		{Kind: "lognormal", Value: 0.001, Sigma: 20},
		{Kind: "pareto", Value: 0.001, Sigma: 0.0001},
		{Kind: "exponential", Value: 1e300},
		{Kind: "fixed", Value: 1e300},
		{Kind: "uniform", Value: 0, Max: math.MaxFloat64},
	} {
		src := rand.NewPCG(1, 2)
		for i := 0; i < 2000; i++ {
			v := d.Duration(src)
			if v < 0 || v > MaxDraw {
				t.Fatalf("%+v: draw %v outside [0, %v]", d, v, MaxDraw)
			}
		}
	}
}

// TestValidateFieldErrors: Validate's errors are *FieldError naming the
// field by its YAML path.
func TestValidateFieldErrors(t *testing.T) {
	tests := []struct {
		name      string
		modify    func(*Config)
		field     string
		strategy  string
		msgSubstr string
	}{
		{"mss above rwnd", func(c *Config) { c.Network.MSS = 5 * MiB }, "tcp.rwnd", "", "at least one MSS"},
		{"negative conns", func(c *Config) { c.Strategy.Conns = 0 }, "strategy.conns", "browser", "at least 1"},
		{"negative max_conns", func(c *Config) { c.Strategy.MaxConns = -1 }, "strategy.max_conns", "browser", "negative"},
		{"object delay", func(c *Config) { c.Page.Objects[1].Delay = -1 }, "page.objects[1].delay", "", "negative"},
		{"two faults on one object", func(c *Config) {
			c.Faults = []Fault{{Kind: "close_mid_body", Object: 1, At: 0.5}, {Kind: "close_mid_body", Object: 1, At: 0.2}}
		}, "faults[1].object", "", "already has a fault"},
		{"horizon too long", func(c *Config) { c.Horizon = MaxHorizon + 1 }, "limits.horizon", "", "between"},
		{"host tls", func(c *Config) { c.Hosts = map[string]Host{"a.example": {TLS: "1.4"}} }, "hosts.a.example.tls", "", "unknown version"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			cfg := limitsConfig()
			tc.modify(&cfg)
			err := cfg.Validate()
			var fe *FieldError
			if !errors.As(err, &fe) {
				t.Fatalf("Validate: %v; want a *FieldError", err)
			}
			if fe.Field != tc.field || fe.Strategy != tc.strategy || !strings.Contains(fe.Msg, tc.msgSubstr) {
				t.Errorf("got field %q strategy %q msg %q; want %q %q containing %q", fe.Field, fe.Strategy, fe.Msg, tc.field, tc.strategy, tc.msgSubstr)
			}
		})
	}
}
