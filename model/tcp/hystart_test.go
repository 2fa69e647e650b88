package tcp

import (
	"testing"
	"time"

	"pagesim/model/link"
	"pagesim/model/units"
)

// HyStart on its own state: the delay detector ends slow start when the
// smallest RTT of a round's first 8 samples exceeds the minimum by
// clamp(min/8, 4 ms, 16 ms); the ACK-train detector when ACKs closer than
// 2 ms apart have lasted half the minimum RTT; neither below 16 segments.
func TestHyStartDetectors(t *testing.T) {
	const mss = 1000
	cases := []struct {
		name     string
		cwnd     units.Bytes
		minRTT   time.Duration
		rtt      time.Duration // RTT of every sample of the second round
		spacing  time.Duration // time between ACKs
		acks     int           // ACKs in the second round
		wantExit bool
	}{
		{"delay up by more than min/8: exit", 20 * mss, 100 * time.Millisecond, 113 * time.Millisecond, 5 * time.Millisecond, 9, true},
		{"delay up by less than min/8: stay", 20 * mss, 100 * time.Millisecond, 112 * time.Millisecond, 5 * time.Millisecond, 30, false},
		{"short RTT: the 4 ms floor of the threshold", 20 * mss, 10 * time.Millisecond, 13900 * time.Microsecond, 3 * time.Millisecond, 30, false},
		{"short RTT: above the 4 ms floor, exit", 20 * mss, 10 * time.Millisecond, 14100 * time.Microsecond, 3 * time.Millisecond, 9, true},
		{"long RTT: the 16 ms cap of the threshold", 20 * mss, 400 * time.Millisecond, 416100 * time.Microsecond, 5 * time.Millisecond, 9, true},
		{"only 8 samples: not yet", 20 * mss, 100 * time.Millisecond, 200 * time.Millisecond, 5 * time.Millisecond, 8, false},
		{"ACK train longer than min/2: exit", 20 * mss, 100 * time.Millisecond, 100 * time.Millisecond, time.Millisecond, 60, true},
		{"ACK train shorter than min/2: stay", 20 * mss, 100 * time.Millisecond, 100 * time.Millisecond, time.Millisecond, 45, false},
		{"ACKs 3 ms apart are no train", 20 * mss, 100 * time.Millisecond, 100 * time.Millisecond, 3 * time.Millisecond, 60, false},
		{"below 16 segments: never", 15 * mss, 100 * time.Millisecond, 200 * time.Millisecond, time.Millisecond, 100, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := &window{cwnd: c.cwnd, ssthresh: 1 << 62, mss: mss}
			var h hystart
			// Round 1 (3 ACKs 10 ms apart) establishes the minimum RTT;
			// an SRTT of 0 leaves out Linux's TSO cushion.
			now := time.Second
			h.reset(now, 0)
			for i := 0; i < 3; i++ {
				now += 10 * time.Millisecond
				if h.sample(w, c.minRTT, 0, now) {
					t.Fatal("exit in the first round")
				}
			}
			h.reset(now, 0)
			exited := false
			for i := 0; i < c.acks && !exited; i++ {
				now += c.spacing
				exited = h.sample(w, c.rtt, 0, now)
			}
			if exited != c.wantExit {
				t.Errorf("exit = %v after %d ACKs, want %v", exited, c.acks, c.wantExit)
			}
		})
	}
}

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
