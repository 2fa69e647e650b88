package tcp

import (
	"fmt"
	"math"
	"testing"

	"pagesim/model/link"
	"pagesim/model/units"
)

// CUBIC (RFC 9438) against NewReno after a loss, on a network.

func TestCubicVersusNewRenoAfterLoss(t *testing.T) {
	nw := link.DefaultConfig()
	// A fast link with a queue that never overflows: the rule's drop is
	// the only loss, and the queueing delay of a 600-segment window
	// (72 ms) stays below the RTO (a 10 units.Mbps link would queue 0.7 s and
	// time out spuriously during recovery, as a bufferbloated path does).
	nw.Down, nw.Queue = 100*units.Mbps, 1<<20
	const resp = 3 * units.MB
	cases := []struct {
		cc   CongestionControl
		beta float64 // ssthresh after the loss / cwnd before it
	}{
		{NewReno, 0.5}, // RFC 5681 eq. 4: FlightSize/2 (flight = cwnd here)
		{Reno, 0.5},
		{Cubic, 0.7}, // RFC 9438 §4.6: β_cubic = 0.7
	}
	for _, c := range cases {
		for _, k := range []int{100, 600} { // in slow start; later, after a longer climb
			for _, sack := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s, segment %d lost, sack=%v", c.cc, k, sack), func(t *testing.T) {
					// RFC 6675's entry (cwnd = ssthresh), no HyStart exit:
					// the window arithmetic alone.
					tc := classicRecovery()
					tc.CC, tc.PRR, tc.HyStart = c.cc, PRROff, HyStartOff
					// Without SACK, RFC 5681's entry (cwnd = ssthresh + 3·SMSS)
					// is checked too; with SACK (RFC 6675) only the reduction
					// (see TestSACKRecovery for the rest).
					tc.SACK = sack
					_, tr, n := lossRun(t, nw, tc, resp, link.Down, link.DropDataSegment(0, link.Down, k))
					defer func() {
						if t.Failed() {
							t.Logf("retransmits %d, RTOs %d", n.Retransmits(), n.RTOs())
						}
					}()
					if n.RTOs() != 0 {
						t.Errorf("%d RTOs: one loss must be repaired by fast retransmit", n.RTOs())
					}
					// Server-side records in order: the last cwnd before the
					// fast retransmit, the one at recovery entry, the one at
					// recovery exit.
					var srv []Record
					for _, r := range tr.Records {
						if !r.Client && (r.Kind == RecCwnd || r.Kind == RecRetransmit) {
							srv = append(srv, r)
						}
					}
					fast := -1
					for i, r := range srv {
						if r.Kind == RecRetransmit && r.Note == "fast" {
							fast = i
							break
						}
					}
					if fast < 2 {
						t.Fatalf("no fast retransmit after two cwnd records (index %d)", fast)
					}
					before, entry := srv[fast-2], srv[fast-1]
					if entry.Kind != RecCwnd || before.Kind != RecCwnd {
						t.Fatalf("records around the fast retransmit are %v, %v; want cwnd, cwnd", before.Kind, entry.Kind)
					}
					ratio := float64(entry.Ssthresh) / float64(before.Cwnd)
					if math.Abs(ratio-c.beta) > 0.01 {
						t.Errorf("ssthresh %d after the loss / cwnd %d before = %.3f, want β = %.2f", entry.Ssthresh, before.Cwnd, ratio, c.beta)
					}
					// RFC 5681 §3.2 step 2: cwnd = ssthresh + 3·SMSS at entry.
					if !sack && entry.Cwnd != entry.Ssthresh+3*nw.MSS {
						t.Errorf("cwnd at recovery entry %d, want ssthresh + 3 SMSS = %d", entry.Cwnd, entry.Ssthresh+3*nw.MSS)
					}
					// Recovery exit: the first record after the fast
					// retransmit with cwnd ≤ ssthresh, deflated to about β of
					// the old window.
					var exit *Record
					for i := fast + 1; i < len(srv); i++ {
						if srv[i].Kind == RecCwnd && srv[i].Cwnd <= srv[i].Ssthresh {
							exit = &srv[i]
							break
						}
					}
					if exit == nil {
						t.Fatal("no recovery exit (cwnd ≤ ssthresh) after the fast retransmit")
					}
					if r := float64(exit.Cwnd) / float64(before.Cwnd); math.Abs(r-c.beta) > 0.02 {
						t.Errorf("cwnd after recovery %d / before %d = %.3f, want ≈ %.2f", exit.Cwnd, before.Cwnd, r, c.beta)
					}
				})
			}
		}
	}
}

// The formulas on the window alone (K, W_cubic's growth and clamp, fast
// convergence, the Reno-friendly region) are tested in package cc.
