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
	// cwndPrior is cwnd when ssthresh was last set (§4.3: α_cubic becomes
	// 1 once W_est reaches it); 0 before the first loss.
	cwndPrior float64
	started   bool // an epoch is under way
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
	t := (now - c.epoch).Seconds()
	// §4.3: the Reno-friendly estimate grows by α per window of ACKs,
	// α = 3(1−β)/(1+β), and α = 1 once W_est has reached cwnd_prior.
	alpha := 3 * (1 - cubicBeta) / (1 + cubicBeta)
	if c.wEst >= c.cwndPrior {
		alpha = 1
	}
	segs := float64(acked) / mss
	c.wEst += alpha * segs / cwnd
	var next float64
	if c.wCubic(t) < c.wEst {
		// §4.3: W_cubic(t) < W_est: the Reno-friendly region, cwnd = W_est.
		next = c.wEst
	} else {
		// §4.4 concave and §4.5 convex region: the target is W_cubic one
		// RTT ahead, clamped to [cwnd, 1.5·cwnd]; cwnd grows by
		// (target − cwnd)/cwnd per segment acknowledged.
		target := min(max(c.wCubic(t+rtt.Seconds()), cwnd), 1.5*cwnd)
		next = cwnd + (target-cwnd)*segs/cwnd
	}
	if nb := units.Bytes(next * mss); nb > w.cwnd {
		w.cwnd = nb
	}
}

// wCubic is eq. 1, W_cubic(t) = C·(t − K)³ + W_max, in segments, t in
// seconds since the epoch began.
func (c *cubic) wCubic(t float64) float64 { return cubicC*math.Pow(t-c.k, 3) + c.wMax }

// ssthreshAfterLoss applies §4.6 (β = 0.7) and fast convergence (§4.7).
func (c *cubic) ssthreshAfterLoss(w *window, flight units.Bytes) units.Bytes {
	cwnd := float64(w.cwnd) / float64(w.mss)
	c.cwndPrior = cwnd
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
