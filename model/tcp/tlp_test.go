package tcp

import (
	"testing"
	"time"

	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
)

// TestTLPTailLoss: the tail of a response is lost, so no duplicate ACK can
// come. Without TLP the sender waits for the RTO. With it a probe — the
// last segment again — goes at 2·SRTT (at the RTO's time, in its place,
// when only one segment is out) and draws an ACK: if only the last
// segment was lost that repairs it; if more were, RACK (rack.go) sees the
// probe delivered after the segments before it and starts fast recovery.
// Either way no timeout fires.
func TestTLPTailLoss(t *testing.T) {
	nw := link.DefaultConfig() // 10 Mbps, 50 ms
	mss := nw.MSS
	cases := []struct {
		name   string
		resp   units.Bytes
		lost   map[int]bool // data segment indexes dropped
		faster bool         // the probe goes before the RTO would have
	}{
		{"last of 20 segments", 20 * mss, map[int]bool{20: true}, false},
		{"last two of 20", 20 * mss, map[int]bool{19: true, 20: true}, true},
		{"last three of 20", 20 * mss, map[int]bool{18: true, 19: true, 20: true}, true},
		{"last of 4 (a short response)", 4*mss - 300, map[int]bool{4: true}, false},
		{"the only segment", 700, map[int]bool{1: true}, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rule := func(p link.PacketInfo) bool { return p.Dir == link.Down && c.lost[p.DataIdx] }
			run := func(tlp bool) (time.Duration, *Trace, *testNet) {
				tc := DefaultConfig()
				tc.TLP, tc.RACK = tlp, tlp
				return lossRun(t, nw, tc, c.resp, link.Down, rule)
			}
			without, _, nn := run(false)
			with, tr, nt := run(true)
			if nn.RTOs() == 0 {
				t.Fatal("without TLP no RTO fired: the case does not need a probe")
			}
			if got := nt.RTOs(); got != 0 {
				t.Errorf("with TLP %d RTOs, want none", got)
			}
			if got := nt.Stack.Stats().TLPs; got != 1 {
				t.Errorf("%d probes sent, want 1", got)
			}
			if !hasRetransmit(tr, "tlp") {
				t.Error("no retransmission by the probe")
			}
			if got, want := nt.Retransmits(), int64(len(c.lost)); got != want {
				t.Errorf("%d retransmissions, want %d (each lost segment once, the probe among them)", got, want)
			}
			if c.faster && with >= without {
				t.Errorf("with TLP %v, without %v: the probe must beat the RTO", with, without)
			}
			if with > without {
				t.Errorf("with TLP %v, later than without (%v)", with, without)
			}
		})
	}
}

// TestTLPNoLoss: with nothing lost a probe may still go (here the client
// delays its ACK of a lone segment longer than the PTO); the receiver
// reports the duplicate with a D-SACK and the sender does not count a
// repair.
func TestTLPNoLoss(t *testing.T) {
	nw := link.DefaultConfig()
	nw.RTT, nw.Down = 2*time.Millisecond, 100*units.Mbps
	tc := DefaultConfig()
	tc.TLP, tc.RACK = true, true
	tc.QuickAck = false
	tc.DelayedACK = 300 * time.Millisecond
	s, n := newTestNet(t, nw, tc, 1, 0)
	var got units.Bytes
	client := &funcApp{readable: func(e *Endpoint) { got += e.Read(0) }}
	server := &funcApp{established: func(e *Endpoint) { e.Write(700) }} // no FIN: the ACK is delayed
	n.Dial("server", link.ClientToServer, client, server).A.Connect()
	if err := s.Run(sim.Limits{Horizon: time.Minute}); err != nil {
		t.Fatal(err)
	}
	st := n.Stack.Stats()
	if got != 700 {
		t.Fatalf("read %d B of 700", got)
	}
	if st.TLPs == 0 {
		t.Fatal("no probe fired: the case does not test a spurious probe")
	}
	if st.TLPRecoveries != 0 {
		t.Errorf("%d probes counted as repairs with nothing lost", st.TLPRecoveries)
	}
	if n.RTOs() != 0 {
		t.Errorf("%d RTOs with nothing lost", n.RTOs())
	}
}
