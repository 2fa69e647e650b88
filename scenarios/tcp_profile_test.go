package scenarios

import (
	"strings"
	"testing"
	"time"

	"pagesim/model/link"
	"pagesim/model/tcp"
)

// TestTCPProfile: tcp.profile is applied first and the keys written next
// to it override it, whatever their order in the mapping; profile ns3 also
// brings ns-3's tie rule to the link unless network.ties is written.
func TestTCPProfile(t *testing.T) {
	ns3, _ := tcp.Profile(tcp.ProfileNS3)
	page := "page: {objects: [{id: html, url: http://example.com/, size: 1KB}]}\n"
	cases := []struct {
		name  string
		yaml  string
		check func(t *testing.T, c tcp.Config, ties link.Ties)
	}{
		{"no tcp section: the linux profile", "", func(t *testing.T, c tcp.Config, ties link.Ties) {
			if c != tcp.DefaultConfig() || ties != "" {
				t.Errorf("config %+v, ties %q; want the defaults", c, ties)
			}
		}},
		{"profile ns3", "tcp: {profile: ns3}\n", func(t *testing.T, c tcp.Config, ties link.Ties) {
			if c != ns3 || ties != link.TiesNS3 {
				t.Errorf("config differs from tcp.Profile(ns3) or ties %q", ties)
			}
		}},
		{"a key written after the profile overrides it", "tcp: {profile: ns3, min_rto: 300ms}\n", func(t *testing.T, c tcp.Config, ties link.Ties) {
			if c.MinRTO != 300*time.Millisecond || c.DelayedACK != ns3.DelayedACK || c.Push != tcp.PushTimestep {
				t.Errorf("min_rto %v, delayed_ack %v, push %q", c.MinRTO, c.DelayedACK, c.Push)
			}
		}},
		{"a key written before the profile overrides it too", "tcp: {cc: cubic, profile: ns3}\n", func(t *testing.T, c tcp.Config, ties link.Ties) {
			if c.CC != tcp.Cubic || c.AckCounting != tcp.AckSegments {
				t.Errorf("cc %q, ack_counting %q", c.CC, c.AckCounting)
			}
		}},
		{"network.ties written: kept", "network: {ties: departure-first}\ntcp: {profile: ns3}\n", func(t *testing.T, c tcp.Config, ties link.Ties) {
			if ties != link.TiesDepartureFirst {
				t.Errorf("ties %q, want departure-first as written", ties)
			}
		}},
		{"profile linux with ns-3's push", "tcp: {profile: linux, push: timestep}\n", func(t *testing.T, c tcp.Config, ties link.Ties) {
			want := tcp.DefaultConfig()
			want.Push = tcp.PushTimestep
			if c != want || ties != "" {
				t.Errorf("config %+v, ties %q", c, ties)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := mustBase(t, mustParse(t, c.yaml+page))
			c.check(t, cfg.TCP, cfg.Network.Ties)
		})
	}
	t.Run("unknown profile", func(t *testing.T) {
		_, err := Parse("t.yaml", []byte("tcp: {profile: bsd}\n"+page))
		if err == nil || !strings.Contains(err.Error(), "tcp.profile") {
			t.Errorf("error %v, want one naming tcp.profile", err)
		}
	})
}
