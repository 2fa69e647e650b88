package quic

import (
	"testing"
	"time"

	"pagesim/model/link"
	"pagesim/model/units"
)

// TestHyStartAvoidsOvershoot: a 3 MB response into a queue six times the
// path's window (a bufferbloated cable modem). Without HyStart slow start
// overshoots into loss (RFC 9002 §7.3.1 ends it only there); with either
// heuristic the server leaves slow start (ssthresh = cwnd) on the RTT
// increase, before any loss. (It need not finish sooner: the link is
// busy either way, and the losses are repaired while it is.)
func TestHyStartAvoidsOvershoot(t *testing.T) {
	nw := link.DefaultConfig()
	nw.Down, nw.RTT, nw.Queue = 10*units.Mbps, 40*time.Millisecond, 200
	qc := DefaultConfig()
	// What the path holds: its bandwidth-delay product plus the queue, in
	// the bytes congestion control counts (a datagram's UDP payload).
	capacity := units.Bytes(float64(nw.Down)/8*nw.RTT.Seconds()) + units.Bytes(nw.Queue)*qc.MaxDatagram
	type outcome struct {
		lost       int64
		peak       units.Bytes
		exitAt     units.Bytes // cwnd when ssthresh fell to it without a loss; 0: never
		exitBefore bool        // the exit came before the first loss
	}
	run := func(h HyStart, cc CongestionControl) outcome {
		c := qc
		c.HyStart, c.CC = h, cc
		w := newWorld(t, nw, c, Handshake{ClientHello: 517, Cert: 1000}, 3*units.MB)
		var o outcome
		w.st.OnCwnd(func(e *Endpoint) {
			if e.client {
				return
			}
			o.peak = max(o.peak, e.Cwnd())
			if o.exitAt == 0 && e.Ssthresh() == e.Cwnd() && w.st.Stats().PacketsLost == 0 {
				o.exitAt, o.exitBefore = e.Cwnd(), true
			}
		})
		w.run(t)
		o.lost = w.st.Stats().PacketsLost
		return o
	}
	for _, cc := range []CongestionControl{NewReno, Cubic} {
		t.Run(string(cc), func(t *testing.T) {
			off := run(HyStartOff, cc)
			if off.lost == 0 || off.peak <= capacity {
				t.Fatalf("without HyStart: %d packets lost, peak cwnd %d B of a %d B path: the case does not overshoot", off.lost, off.peak, capacity)
			}
			if off.exitBefore {
				t.Errorf("HyStart off, yet slow start ended without a loss at %d B", off.exitAt)
			}
			for _, h := range []HyStart{HyStartQuiche, HyStartLinux} {
				on := run(h, cc)
				if !on.exitBefore {
					t.Errorf("%s: slow start did not end before a loss", h)
				}
				if on.lost != 0 {
					t.Errorf("%s: %d packets lost, want none", h, on.lost)
				}
				if on.peak > capacity {
					t.Errorf("%s: the window peaked at %d B, beyond the %d B the path holds", h, on.peak, capacity)
				}
			}
		})
	}
}
