package tcp

import (
	"testing"
	"time"

	"pagesim/model/link"
	"pagesim/model/units"
)

// HyStart's detectors on their own state are tested in package cc.

// TestHyStartAvoidsOvershoot: a 3 MB transfer into a queue six times the
// path's window (a bufferbloated cable modem). Without
// HyStart slow start overshoots into loss; with it the sender leaves slow
// start on the RTT increase, before any loss, and finishes sooner.
func TestHyStartAvoidsOvershoot(t *testing.T) {
	nw := link.DefaultConfig()
	nw.Down, nw.RTT, nw.Queue = 10*units.Mbps, 40*time.Millisecond, 200
	// What the path holds: its bandwidth-delay product plus the queue.
	capacity := units.Bytes(float64(nw.Down)/8*nw.RTT.Seconds()) + units.Bytes(nw.Queue)*(nw.MSS+nw.Header)
	run := func(h HyStart) (*testNet, units.Bytes, bool) {
		tc := DefaultConfig()
		tc.HyStart = h
		tr := &Trace{}
		_, n, err := transfer(t, nw, tc, transferOpts{req: 400, resp: 3 * units.MB, setup: func(n *testNet) { n.SetTrace(tr) }})
		if err != nil {
			t.Fatal(err)
		}
		var peak units.Bytes
		exit := false
		for _, r := range tr.Records {
			if r.Kind != RecCwnd || r.Client {
				continue
			}
			peak = max(peak, r.Cwnd)
			if r.Note == "hystart" {
				exit = true
				if r.Ssthresh != r.Cwnd {
					t.Errorf("HyStart exit at cwnd %d set ssthresh %d, want ssthresh = cwnd", r.Cwnd, r.Ssthresh)
				}
			}
		}
		return n, peak, exit
	}
	off, offPeak, offExit := run(HyStartOff)
	on, onPeak, onExit := run(HyStartLinux)
	if off.Retransmits() == 0 || offPeak <= capacity {
		t.Fatalf("without HyStart: %d retransmissions, peak cwnd %d B of a %d B path: the case does not overshoot", off.Retransmits(), offPeak, capacity)
	}
	if offExit {
		t.Error("HyStart off, yet a HyStart exit in the trace")
	}
	if !onExit {
		t.Error("no HyStart exit in the trace")
	}
	if got := on.Retransmits(); got != 0 {
		t.Errorf("with HyStart %d retransmissions, want none", got)
	}
	if onPeak > capacity {
		t.Errorf("with HyStart the window peaked at %d B, beyond the %d B the path holds", onPeak, capacity)
	}
}
