package tcp

import (
	"fmt"
	"math"
	"pagesim/model/link"
	"pagesim/model/units"
	"testing"
	"time"
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

// The CUBIC formulas on the window alone (RFC 9438), with the RFC's
// constants written out (C = 0.4, β = 0.7) so that a change of the
// implementation's constants fails here.
const (
	rfcC    = 0.4
	rfcBeta = 0.7
	segSize = 1000 // bytes per segment in these tests
)

// cubicAfterLoss returns CUBIC just after a loss at wmax segments: cwnd
// and ssthresh at β·wmax, the epoch started (by an ACK of nothing) at t0.
func cubicAfterLoss(t *testing.T, wmax float64, t0, rtt time.Duration) (*cubic, *window) {
	t.Helper()
	c := &cubic{}
	w := &window{cwnd: units.Bytes(wmax * segSize), ssthresh: 1 << 62, mss: segSize}
	w.ssthresh = c.ssthreshAfterLoss(w, w.cwnd)
	if want := units.Bytes(rfcBeta * wmax * segSize); w.ssthresh != want {
		t.Fatalf("ssthresh after a loss at %v segments = %d B, want β·W = %d B", wmax, w.ssthresh, want)
	}
	w.cwnd = w.ssthresh
	c.onCongestionAvoidance(w, 0, t0, rtt)
	return c, w
}

// wCubicRFC is RFC 9438 eq. 1 with eq. 2's K for a window that fell from
// wmax to cwnd: C·(t − K)³ + W_max, K = ∛((W_max − cwnd)/C).
func wCubicRFC(t, wmax, cwnd float64) float64 {
	k := math.Cbrt((wmax - cwnd) / rfcC)
	return rfcC*math.Pow(t-k, 3) + wmax
}

func TestCubicK(t *testing.T) {
	cases := []struct {
		name string
		wmax float64
	}{
		{"W_max 100", 100},
		{"W_max 10", 10},
		{"W_max 1000", 1000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cc, _ := cubicAfterLoss(t, c.wmax, time.Second, 100*time.Millisecond)
			// eq. 2: K = ∛(W_max·(1 − β)/C).
			if want := math.Cbrt(c.wmax * (1 - rfcBeta) / rfcC); math.Abs(cc.k-want) > 1e-9 {
				t.Errorf("K = %.6f s, want ∛(W_max(1−β)/C) = %.6f s", cc.k, want)
			}
		})
	}
}

// TestCubicWindowGrowth: one ACK of one segment at time t after the epoch
// grows cwnd by (target − cwnd)/cwnd, target = W_cubic(t + RTT) clamped to
// [cwnd, 1.5·cwnd] (§4.4, §4.5).
func TestCubicWindowGrowth(t *testing.T) {
	const wmax = 100.0
	const rtt = 100 * time.Millisecond
	k := math.Cbrt(wmax * (1 - rfcBeta) / rfcC)
	cases := []struct {
		name    string
		t       float64 // seconds after the epoch began
		cwnd    float64 // segments at the ACK (β·W_max unless set)
		clamped string  // which clamp the case exercises, if any
	}{
		{"concave, 1 s in", 1, 0, ""},
		{"concave, 3 s in", 3, 0, ""},
		{"at the plateau, t = K", k, 0, ""},
		{"convex, K + 2 s", k + 2, 0, ""},
		{"far convex: target clamped to 1.5·cwnd", 10, 0, "upper"},
		{"cwnd above the curve: target clamped to cwnd, no growth", 1, 95, "lower"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t0 := 5 * time.Second
			cc, w := cubicAfterLoss(t, wmax, t0, rtt)
			cwnd := rfcBeta * wmax
			if c.cwnd > 0 {
				cwnd = c.cwnd
			}
			w.cwnd = units.Bytes(cwnd * segSize)
			at := t0 + time.Duration(c.t*float64(time.Second))
			if got := wCubicRFC(c.t, wmax, rfcBeta*wmax); got < cc.wEst {
				t.Fatalf("bad case: W_cubic(%.2f) = %.2f is below W_est %.2f (Reno-friendly region)", c.t, got, cc.wEst)
			}
			target := wCubicRFC(c.t+rtt.Seconds(), wmax, rfcBeta*wmax)
			switch c.clamped {
			case "upper":
				if target <= 1.5*cwnd {
					t.Fatalf("bad case: target %.1f does not exceed 1.5·cwnd", target)
				}
			case "lower":
				if target >= cwnd {
					t.Fatalf("bad case: target %.1f is not below cwnd", target)
				}
			}
			target = min(max(target, cwnd), 1.5*cwnd)
			want := units.Bytes((cwnd + (target-cwnd)/cwnd) * segSize)
			cc.onCongestionAvoidance(w, segSize, at, rtt)
			if d := w.cwnd - want; d < -1 || d > 1 {
				t.Errorf("cwnd after one ACK at t = %.2f s: %d B, want %d B (target %.3f segments)", c.t, w.cwnd, want, target)
			}
		})
	}
}

// TestCubicFastConvergence: a loss below the previous W_max lowers W_max
// to cwnd·(1 + β)/2 (§4.7), which shortens K; a loss above it does not.
func TestCubicFastConvergence(t *testing.T) {
	cases := []struct {
		name        string
		first, then float64 // cwnd in segments at the two losses
		wantWmax    float64
	}{
		{"second loss lower: W_max = cwnd·(1+β)/2", 100, 80, 80 * (1 + rfcBeta) / 2},
		{"second loss higher: W_max = cwnd", 100, 120, 120},
		{"same window: W_max = cwnd", 100, 100, 100},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cc := &cubic{}
			w := &window{cwnd: units.Bytes(c.first * segSize), ssthresh: 1 << 62, mss: segSize}
			cc.ssthreshAfterLoss(w, w.cwnd)
			w.cwnd = units.Bytes(c.then * segSize)
			w.ssthresh = cc.ssthreshAfterLoss(w, w.cwnd)
			w.cwnd = w.ssthresh
			cc.onCongestionAvoidance(w, 0, time.Second, 100*time.Millisecond)
			if math.Abs(cc.wMax-c.wantWmax) > 1e-9 {
				t.Errorf("W_max = %.3f segments, want %.3f", cc.wMax, c.wantWmax)
			}
			if want := math.Cbrt((c.wantWmax - rfcBeta*c.then) / rfcC); c.wantWmax > rfcBeta*c.then && math.Abs(cc.k-want) > 1e-9 {
				t.Errorf("K = %.4f s, want %.4f s", cc.k, want)
			}
		})
	}
}

// TestCubicRenoFriendly: where W_cubic(t) is below the Reno estimate W_est,
// cwnd follows W_est (§4.3), which grows by α = 3(1 − β)/(1 + β) segments
// per window acknowledged, and by 1 once it has reached cwnd_prior.
func TestCubicRenoFriendly(t *testing.T) {
	const wmax = 10.0 // a small window and a short RTT: Reno is faster
	const rtt = 10 * time.Millisecond
	t0 := time.Second
	cc, w := cubicAfterLoss(t, wmax, t0, rtt)
	alpha := 3 * (1 - rfcBeta) / (1 + rfcBeta)
	est := rfcBeta * wmax
	reachedPrior := false
	for i := 0; i < 60; i++ {
		cwnd := float64(w.cwnd) / segSize
		if est >= wmax {
			reachedPrior = true
			alpha = 1
		}
		est += alpha / cwnd
		at := t0 + time.Duration(i)*100*time.Microsecond
		tt := (at - t0).Seconds()
		if wc := wCubicRFC(tt, wmax, rfcBeta*wmax); wc >= est {
			t.Fatalf("ACK %d: W_cubic %.3f ≥ W_est %.3f: the case left the Reno-friendly region", i, wc, est)
		}
		cc.onCongestionAvoidance(w, segSize, at, rtt)
		if want := units.Bytes(est * segSize); w.cwnd < want-1 || w.cwnd > want+1 {
			t.Fatalf("ACK %d: cwnd %d B, want W_est = %d B", i, w.cwnd, want)
		}
	}
	if !reachedPrior {
		t.Error("W_est never reached cwnd_prior: α = 1 untested")
	}
}
