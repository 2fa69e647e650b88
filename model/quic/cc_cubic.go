package quic

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

// cubic is CUBIC (RFC 9438) on a QUIC sender: the window in datagrams as
// floats inside the algorithm, as the RFC states it; fast convergence
// (§4.7) on; RFC 9002's recovery periods decide when a loss counts.
// HyStart is not modelled.
type cubic struct {
	wMax     float64       // window before the last reduction, datagrams
	wLastMax float64       // for fast convergence
	k        float64       // seconds to reach wMax again
	epoch    time.Duration // start of the current congestion-avoidance epoch
	wEst     float64       // Reno-friendly estimate, datagrams (§4.3)
	started  bool
}

func (c *cubic) onCongestionAvoidance(w *window, acked units.Bytes, now, srtt time.Duration) {
	mds := float64(w.mds)
	cwnd := float64(w.cwnd) / mds
	if !c.started {
		// §4.2: an epoch starts with the first ACK in congestion
		// avoidance; leaving slow start without a loss: wMax = cwnd, K = 0.
		c.started = true
		c.epoch = now
		if c.wMax < cwnd {
			c.wMax = cwnd
			c.k = 0
		} else {
			c.k = math.Cbrt((c.wMax - cwnd) / cubicC) // eq. 2 from the current window
		}
		c.wEst = cwnd
	}
	t := (now - c.epoch + srtt).Seconds()
	// eq. 1: W_cubic(t) = C·(t − K)³ + W_max, clamped to [cwnd, 1.5·cwnd] (§4.4).
	target := math.Min(math.Max(cubicC*math.Pow(t-c.k, 3)+c.wMax, cwnd), 1.5*cwnd)
	// §4.3: the Reno-friendly estimate grows by α = 3(1−β)/(1+β) per
	// window of ACKs (1 once above wMax).
	alpha := 3 * (1 - cubicBeta) / (1 + cubicBeta)
	if c.wEst >= c.wMax {
		alpha = 1
	}
	segs := float64(acked) / mds
	c.wEst += alpha * segs / cwnd
	var next float64
	if c.wEst > target {
		next = math.Min(cwnd+(c.wEst-cwnd)*segs/cwnd, c.wEst) // Reno-friendly region
	} else {
		next = cwnd + (target-cwnd)*segs/cwnd // concave and convex regions
	}
	if nb := units.Bytes(next * mds); nb > w.cwnd {
		w.cwnd = nb
	}
}

// onCongestionEvent applies §4.6 (β = 0.7) and fast convergence (§4.7).
func (c *cubic) onCongestionEvent(w *window, now time.Duration) {
	cwnd := float64(w.cwnd) / float64(w.mds)
	if cwnd < c.wLastMax {
		c.wLastMax = cwnd
		c.wMax = cwnd * (1 + cubicBeta) / 2
	} else {
		c.wLastMax = cwnd
		c.wMax = cwnd
	}
	c.started = false
	w.ssthresh = max(units.Bytes(cwnd*cubicBeta*float64(w.mds)), w.minimum())
	w.cwnd = w.ssthresh
}

// onPersistentCongestion restarts from slow start (§4.8 treats it like a
// retransmission timeout): the epoch ends.
func (c *cubic) onPersistentCongestion(w *window) { c.started = false }
