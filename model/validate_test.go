package model

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

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
		{"object scheme", func(c *Config) { c.Page.Objects[1].Scheme = "ftp" }, "page.objects[1].url", "", "expected http or https"},
		{"horizon too long", func(c *Config) { c.Horizon = MaxHorizon + 1 }, "limits.horizon", "", "between"},
		{"host tls", func(c *Config) { c.Hosts = map[string]Host{"a.example": {TLS: "1.4"}} }, "hosts.a.example.tls", "", "unknown version"},
		{"recorded protocol", func(c *Config) { c.Hosts = map[string]Host{"a.example": {Protocol: "1.0+keepalive"}} }, "hosts.a.example.protocol", "", "unknown protocol"},
		{"recorded conns negative", func(c *Config) { c.Hosts = map[string]Host{"a.example": {Conns: -1}} }, "hosts.a.example.conns", "", "negative"},
		{"recorded conns huge", func(c *Config) { c.Hosts = map[string]Host{"a.example": {Conns: 20000}} }, "hosts.a.example.conns", "", "at most"},
		{"tls time negative", func(c *Config) { c.Hosts = map[string]Host{"a.example": {TLSTime: -1}} }, "hosts.a.example.tls_time", "", "negative"},
		{"object think negative", func(c *Config) { d := -time.Millisecond; c.Page.Objects[1].Think = &d }, "page.objects[1].think", "", "between 0"},
		{"cpu scale negative", func(c *Config) { c.Client.CPUScale = -1 }, "client.cpu_scale", "", "factor"},
		{"cpu scale huge", func(c *Config) { c.Client.CPUScale = 1e6 }, "client.cpu_scale", "", "at most"},
		{"cpu share above 1", func(c *Config) { c.Client.CPUShare = 1.5 }, "client.cpu_share", "", "between 0 and 1"},
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
