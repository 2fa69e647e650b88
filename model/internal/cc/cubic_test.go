package cc

import (
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"pagesim/model/units"
)

// The CUBIC formulas on the window alone (RFC 9438), with the RFC's
// constants written out (C = 0.4, β = 0.7) so that a change of the
// implementation's constants fails here.
const (
	rfcC    = 0.4
	rfcBeta = 0.7
	segSize = 1000 // bytes per segment in these tests
)

// cubicAfterLoss returns CUBIC just after a loss at wmax segments and the
// window, at β·wmax; the epoch started (by an ACK of nothing) at t0.
func cubicAfterLoss(t *testing.T, wmax float64, t0, rtt time.Duration) (*Cubic, units.Bytes) {
	t.Helper()
	c := &Cubic{}
	cwnd := units.Bytes(wmax * segSize)
	ssthresh := c.Reduce(cwnd, segSize)
	if want := units.Bytes(rfcBeta * wmax * segSize); ssthresh != want {
		t.Fatalf("ssthresh after a loss at %v segments = %d B, want β·W = %d B", wmax, ssthresh, want)
	}
	if got := c.Grow(ssthresh, segSize, 0, t0, rtt); got != ssthresh {
		t.Fatalf("an ACK of nothing grew cwnd from %d B to %d B", ssthresh, got)
	}
	return c, ssthresh
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

// TestCubicReduceFloor: the reduction never goes below two segments.
func TestCubicReduceFloor(t *testing.T) {
	cases := []struct {
		name string
		cwnd units.Bytes
		want units.Bytes
	}{
		{"2 segments: the floor", 2 * segSize, 2 * segSize},
		{"1 segment: the floor", segSize, 2 * segSize},
		{"3 segments: 0.7·3 = 2.1", 3 * segSize, 2100},
		{"10 segments", 10 * segSize, 7000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var cc Cubic
			if got := cc.Reduce(c.cwnd, segSize); got < c.want-1 || got > c.want {
				t.Errorf("ssthresh = %d B, want %d B (less a byte of rounding)", got, c.want)
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
			cc, _ := cubicAfterLoss(t, wmax, t0, rtt)
			cwnd := rfcBeta * wmax
			if c.cwnd > 0 {
				cwnd = c.cwnd
			}
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
			got := cc.Grow(units.Bytes(cwnd*segSize), segSize, segSize, at, rtt)
			if d := got - want; d < -1 || d > 1 {
				t.Errorf("cwnd after one ACK at t = %.2f s: %d B, want %d B (target %.3f segments)", c.t, got, want, target)
			}
		})
	}
}

// TestCubicDefaultRTT: before an RTT sample the target looks 100 ms ahead.
func TestCubicDefaultRTT(t *testing.T) {
	t0 := 5 * time.Second
	at := t0 + time.Second
	a, w := cubicAfterLoss(t, 100, t0, 0)
	b, _ := cubicAfterLoss(t, 100, t0, 0)
	if got, want := a.Grow(w, segSize, segSize, at, 0), b.Grow(w, segSize, segSize, at, 100*time.Millisecond); got != want {
		t.Errorf("cwnd with no RTT %d B, with 100 ms %d B: want the same", got, want)
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
			cc := &Cubic{}
			cc.Reduce(units.Bytes(c.first*segSize), segSize)
			ssthresh := cc.Reduce(units.Bytes(c.then*segSize), segSize)
			cc.Grow(ssthresh, segSize, 0, time.Second, 100*time.Millisecond)
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
		cwnd := float64(w) / segSize
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
		w = cc.Grow(w, segSize, segSize, at, rtt)
		if want := units.Bytes(est * segSize); w < want-1 || w > want+1 {
			t.Fatalf("ACK %d: cwnd %d B, want W_est = %d B", i, w, want)
		}
	}
	if !reachedPrior {
		t.Error("W_est never reached cwnd_prior: α = 1 untested")
	}
}

// TestCubicEpoch: leaving slow start without a loss starts an epoch with
// W_max = cwnd and K = 0 (§4.2); EndEpoch makes the next ACK start a new
// one, from the current window.
func TestCubicEpoch(t *testing.T) {
	var cc Cubic
	const rtt = 50 * time.Millisecond
	w := units.Bytes(40 * segSize)
	w = cc.Grow(w, segSize, segSize, time.Second, rtt)
	if cc.wMax != 40 || cc.k != 0 || cc.epoch != time.Second {
		t.Fatalf("first epoch: W_max %.2f, K %.3f, epoch %v; want 40, 0, 1s", cc.wMax, cc.k, cc.epoch)
	}
	cc.Grow(w, segSize, segSize, 2*time.Second, rtt)
	if cc.epoch != time.Second {
		t.Errorf("a second ACK moved the epoch to %v", cc.epoch)
	}
	cc.EndEpoch()
	cc.Grow(60*segSize, segSize, segSize, 3*time.Second, rtt)
	if cc.epoch != 3*time.Second || cc.wMax != 60 {
		t.Errorf("after EndEpoch: epoch %v, W_max %.2f; want 3s, 60", cc.epoch, cc.wMax)
	}
}

// TestCubeIsPow: cube gives math.Pow(x, 3) bit for bit — the windows CUBIC
// computes must not change with the faster cube — over windows, times and
// their differences (negative before K), powers of two, the values next to
// them, the edges where cube hands over to Pow, and random values spread
// over the exponent range.
func TestCubeIsPow(t *testing.T) {
	xs := []float64{0, math.Copysign(0, -1), 1, -1, 0.5, 1.5, 3, 1e-9, 2.999999, 100, 1e6, 1e100, -1e100,
		0x1p-340, -0x1p-340, 0x1p340, 0x1p-341, 0x1p341, 1e-300, 1e300, math.Inf(1), math.Inf(-1), math.NaN()}
	for e := -400; e <= 400; e += 7 {
		p := math.Ldexp(1, e)
		xs = append(xs, p, -p, math.Nextafter(p, 0), math.Nextafter(p, math.Inf(1)))
	}
	src := rand.New(rand.NewPCG(1, 2))
	for range 200_000 {
		m := src.Float64()*2 - 1
		xs = append(xs, math.Ldexp(m, src.IntN(160)-80), m*1e3, m*10)
	}
	for _, x := range xs {
		got, want := cube(x), math.Pow(x, 3)
		if math.Float64bits(got) != math.Float64bits(want) && !(math.IsNaN(got) && math.IsNaN(want)) {
			t.Fatalf("cube(%g) = %g (%#x), math.Pow = %g (%#x)", x, got, math.Float64bits(got), want, math.Float64bits(want))
		}
	}
}
