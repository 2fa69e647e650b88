package tcp

import (
	"reflect"
	"testing"
)

// TestRecoveryChoice: the loss-recovery algorithm is chosen once, from
// tcp.recovery or, when it is left out, from SACK and the cc name as
// documented (RecoveryAuto) — and the congestion-control algorithm plays no
// other part in it.
func TestRecoveryChoice(t *testing.T) {
	for _, tc := range []struct {
		sack bool
		cc   CongestionControl
		set  Recovery
		want recovery
	}{
		{true, NewReno, RecoveryAuto, sackRecovery{}},
		{true, Reno, RecoveryAuto, sackRecovery{}},
		{true, Cubic, RecoveryAuto, sackRecovery{}},
		{false, Reno, RecoveryAuto, renoRecovery{}},
		{false, NewReno, RecoveryAuto, newRenoRecovery{}},
		{false, Cubic, RecoveryAuto, newRenoRecovery{}},
		{true, Cubic, RecoveryNewReno, newRenoRecovery{}},
		{false, NewReno, RecoveryReno, renoRecovery{}},
		{true, Reno, RecoverySACK, sackRecovery{}},
	} {
		cfg := DefaultConfig()
		cfg.SACK, cfg.CC, cfg.Recovery = tc.sack, tc.cc, tc.set
		if got := newRecovery(cfg.recoveryAlgorithm()); reflect.TypeOf(got) != reflect.TypeOf(tc.want) {
			t.Errorf("sack %v cc %s recovery %q: %T, want %T", tc.sack, tc.cc, tc.set, got, tc.want)
		}
	}
	cfg := DefaultConfig()
	cfg.SACK, cfg.Recovery = false, RecoverySACK
	if err := cfg.Validate(1460); err == nil {
		t.Errorf("recovery sack without SACK: no error")
	}
}

// TestSACKRecoveryOncePerWindow: with SACK recovery, duplicate ACKs for
// data sent before the last recovery began do not start another one
// (RFC 6582 §3.2 step 2, which RFC 6675 recovery shares: one window
// reduction per window of data) — whatever the cc name. Before recovery
// and congestion control were separated, cc: reno with SACK skipped this
// rule and could cut the window twice for one window's losses.
func TestSACKRecoveryOncePerWindow(t *testing.T) {
	for _, cc := range []CongestionControl{Reno, NewReno, Cubic} {
		cfg := DefaultConfig()
		cfg.CC = cc
		e := &Endpoint{}
		e.rec = newRecovery(cfg.recoveryAlgorithm())
		e.sndUna, e.sndMax, e.recover = 1000, 5000, 4000 // an earlier recovery ended below sndMax
		if !e.sameEpisode() {
			t.Fatalf("cc %s: sndUna %d ≤ recover %d is the same episode", cc, e.sndUna, e.recover)
		}
		e.dupAcks = 3
		e.rec.dupAck(e) // must return before touching the sender (it has no stack)
		if e.inRecov {
			t.Errorf("cc %s: recovery started again for data of the last episode", cc)
		}
	}
}
