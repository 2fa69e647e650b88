package tcp

import (
	"math"
	"time"

	"pagesim/model/units"
)

// CUBIC constants (RFC 9438 §4.6, §5).
const (
	cubicBeta = 0.7
	cubicC    = 0.4
)

// cubic is CUBIC congestion control (RFC 9438). Windows are kept in
// segments as floats inside the algorithm, as the RFC states them, and
// converted to bytes for the sender. Fast convergence (§4.7) is on, as in
// Linux. HyStart is not modelled: slow start is the shared one.
type cubic struct {
	wMax     float64       // window before the last reduction, segments
	wLastMax float64       // for fast convergence
	k        float64       // seconds to reach wMax again
	epoch    time.Duration // start of the current congestion-avoidance epoch
	wEst     float64       // Reno-friendly estimate, segments (§4.3)
	started  bool          // an epoch is under way
}

func (c *cubic) onSlowStart(w *window) { c.started = false }

// cubicDefaultRTT stands in for the smoothed RTT before the first sample.
const cubicDefaultRTT = 100 * time.Millisecond

func (c *cubic) onCongestionAvoidance(w *window, acked units.Bytes, now, srtt time.Duration) {
	mss := float64(w.mss)
	cwnd := float64(w.cwnd) / mss
	if !c.started {
		// §4.2: a new epoch starts with the first ACK in congestion
		// avoidance. Leaving slow start without a loss: wMax = cwnd, K = 0.
		c.started = true
		c.epoch = now
		if c.wMax < cwnd {
			c.wMax = cwnd
			c.k = 0
		} else {
			c.k = math.Cbrt((c.wMax - cwnd) / cubicC) // eq. 2 with the current window
		}
		c.wEst = cwnd
	}
	rtt := srtt
	if rtt == 0 {
		rtt = cubicDefaultRTT
	}
	t := (now - c.epoch + rtt).Seconds()
	// eq. 1: W_cubic(t) = C·(t − K)³ + W_max
	target := cubicC*math.Pow(t-c.k, 3) + c.wMax
	// §4.4: the target is clamped to [cwnd, 1.5·cwnd].
	target = math.Min(math.Max(target, cwnd), 1.5*cwnd)
	// §4.3: the Reno-friendly estimate grows by α per window of ACKs,
	// α = 3(1−β)/(1+β).
	alpha := 3 * (1 - cubicBeta) / (1 + cubicBeta)
	if c.wEst >= c.wMax {
		alpha = 1
	}
	segs := float64(acked) / mss
	c.wEst += alpha * segs / cwnd
	var next float64
	if c.wEst > target {
		next = cwnd + (c.wEst-cwnd)*segs/cwnd // Reno-friendly region
		if next > c.wEst {
			next = c.wEst
		}
	} else {
		next = cwnd + (target-cwnd)*segs/cwnd // §4.4 concave / §4.5 convex
	}
	nb := units.Bytes(next * mss)
	if nb > w.cwnd {
		w.cwnd = nb
	}
}

// ssthreshAfterLoss applies §4.6 (β = 0.7) and fast convergence (§4.7).
func (c *cubic) ssthreshAfterLoss(w *window, flight units.Bytes) units.Bytes {
	cwnd := float64(w.cwnd) / float64(w.mss)
	if cwnd < c.wLastMax {
		c.wLastMax = cwnd
		c.wMax = cwnd * (1 + cubicBeta) / 2
	} else {
		c.wLastMax = cwnd
		c.wMax = cwnd
	}
	c.started = false
	return max(units.Bytes(cwnd*cubicBeta*float64(w.mss)), 2*w.mss)
}

func (c *cubic) onRecoveryExit(w *window) {}

// onRTO: §4.8 — the window reduction of a loss, and cwnd to one segment.
func (c *cubic) onRTO(w *window, flight units.Bytes) {
	w.ssthresh = c.ssthreshAfterLoss(w, flight)
	w.cwnd = w.mss
}
