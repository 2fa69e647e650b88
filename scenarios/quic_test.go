package scenarios

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"pagesim/model"
	"pagesim/model/quic"
)

// TestQUICSections: the quic: and h3: keys, the per-host h3 and zero_rtt
// and the h3 strategy reach model.Config; keys not written keep their
// defaults (quic.cc empty: it follows tcp.cc).
func TestQUICSections(t *testing.T) {
	src := `
quic: {initcwnd: 32, max_datagram: 1252B, udp_header: 48B, cid_len: 0B, max_ack_delay: off, ack_threshold: 10,
       pacing: true, max_data: 1MiB, max_stream_data: 256KiB, max_streams: 8, idle_timeout: off,
       handshake_timeout: 3s, scheduler: round_robin, hystart: linux}
h3: {qpack_table: 4KiB, qpack_blocked_streams: 0}
hosts:
  example.com: {h3: discover}
  cdn.example.com: {zero_rtt: true}
page:
  objects:
    - {id: html, url: https://example.com/, size: 42KB}
    - {url: https://cdn.example.com/a.png, size: 3KB}
strategies: [h3, {name: mine, http: "3", conns: 2}, browser]
`
	s := mustParse(t, src)
	c := mustBase(t, s)
	want := model.DefaultQUIC()
	want.InitCwnd, want.MaxDatagram, want.UDPHeader, want.CIDLen, want.MaxAckDelay, want.AckThreshold = 32, 1252, 48, 0, 0, 10
	want.Pacing, want.MaxData, want.MaxStreamData, want.MaxStreams, want.IdleTimeout = true, model.MiB, 256*model.KiB, 8, 0
	want.HandshakeTimeout, want.Scheduler, want.HyStart = 3*time.Second, quic.RoundRobin, quic.HyStartLinux
	if c.QUIC != want {
		t.Errorf("quic = %+v\nwant %+v", c.QUIC, want)
	}
	if want := (model.H3{QPACKTable: 4096, QPACKBlockedStreams: 0}); c.H3 != want {
		t.Errorf("h3 = %+v, want %+v", c.H3, want)
	}
	if h := c.Hosts["example.com"]; h.H3 != model.H3Discover || h.ZeroRTT {
		t.Errorf("example.com: %+v", h)
	}
	if h := c.Hosts["cdn.example.com"]; h.H3 != "" || !h.ZeroRTT || h.TLS != model.TLS13 {
		t.Errorf("cdn.example.com: %+v", h)
	}
	h3, _ := model.StrategyByName("h3")
	browser, _ := model.StrategyByName("browser")
	wantStrat := []model.Strategy{h3, {Name: "mine", HTTP: model.HTTP3, Conns: 2}, browser}
	if !reflect.DeepEqual(s.Strategies, wantStrat) {
		t.Errorf("strategies = %+v, want %+v", s.Strategies, wantStrat)
	}
	jobs, err := s.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	for _, j := range jobs {
		if _, err := model.Simulate(j.Config); err != nil {
			t.Errorf("%s: %v", j.Strategy, err)
		}
	}

	d := mustBase(t, mustParse(t, "tcp: {cc: cubic}"+page1))
	if d.QUIC != model.DefaultQUIC() || d.QUIC.CC != "" || d.H3 != model.DefaultH3() {
		t.Errorf("defaults: quic %+v, h3 %+v", d.QUIC, d.H3)
	}
}

// TestQUICBadInputs: every bad value is an error naming the key and its
// position.
func TestQUICBadInputs(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"datagram below 1200", "quic: {max_datagram: 1000B}" + page1, `s.yaml:1:22: quic.max_datagram: 1KB is too small (expected at least 1.2KB: a datagram of at least 1200B (RFC 9000 §14))`},
		{"unknown controller", "quic: {cc: bbr}" + page1, `s.yaml:1:12: quic.cc: unknown value "bbr"`},
		{"unknown scheduler", "quic: {scheduler: fifo}" + page1, `s.yaml:1:19: quic.scheduler: unknown value "fifo"`},
		{"unknown slow-start exit", "quic: {hystart: hystart++}" + page1, `s.yaml:1:17: quic.hystart: unknown value "hystart++"`},
		{"long connection ID", "quic: {cid_len: 21B}" + page1, `s.yaml:1:17: quic.cid_len: 21B is too large (expected 0B to 20B, QUIC version 1's connection IDs)`},
		{"ack delay beyond the transport parameter", "quic: {max_ack_delay: 20s}" + page1, `quic.max_ack_delay: 20s is too large`},
		{"one stream", "quic: {max_streams: 1}" + page1, `s.yaml:1:21: quic.max_streams: 1 is out of range (expected 4 or more streams)`},
		{"unknown h3 mode", "hosts: {a.com: {h3: maybe}}" + page1, `s.yaml:1:21: hosts.a.com.h3: unknown value "maybe"`},
		{"zero_rtt not a boolean", "hosts: {a.com: {zero_rtt: sometimes}}" + page1, `hosts.a.com.zero_rtt: "sometimes" is not a boolean`},
		{"misspelt h3 key", "h3: {qpack_tabel: 4KiB}" + page1, `h3.qpack_tabel: unknown key "qpack_tabel"; did you mean qpack_table?`},
		{"pipelining over h3", `strategies: [{name: x, http: "3", pipeline: true}]` + page1, `pipelining needs a persistent connection`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("s.yaml", []byte(c.in))
			if err == nil {
				t.Fatalf("no error")
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Errorf("got %v\nwant it to contain %s", err, c.want)
			}
		})
	}
}
