package tcp

import (
	"time"

	"pagesim/model/internal/cc"
	"pagesim/model/units"
)

// cubic is CUBIC congestion control (RFC 9438) on a TCP sender: the
// window arithmetic is package cc's, shared with QUIC; this adapts it to
// the sender's window and to TCP's events. HyStart is part of the shared
// slow start (hystart.go), not of the algorithm.
type cubic struct{ c cc.Cubic }

// onSlowStart: an epoch ends while the window is in slow start (RFC 9438
// §4.2: the next one starts with the first ACK in congestion avoidance).
func (c *cubic) onSlowStart(w *window) { c.c.EndEpoch() }

// onCongestionAvoidance grows cwnd by W_cubic's target one RTT ahead, or
// as W_est in the Reno-friendly region (§4.3–§4.5).
func (c *cubic) onCongestionAvoidance(w *window, acked units.Bytes, now, srtt time.Duration) {
	w.cwnd = c.c.Grow(w.cwnd, w.mss, acked, now, srtt)
}

// ssthreshAfterLoss applies §4.6 (β = 0.7, at least two segments) and fast
// convergence (§4.7) to cwnd; the flight size does not enter.
func (c *cubic) ssthreshAfterLoss(w *window, flight units.Bytes) units.Bytes {
	return c.c.Reduce(w.cwnd, w.mss)
}

func (c *cubic) onRecoveryExit(w *window) {}

// onRTO: §4.8 — the window reduction of a loss, and cwnd to one segment.
func (c *cubic) onRTO(w *window, flight units.Bytes) {
	w.ssthresh = c.ssthreshAfterLoss(w, flight)
	w.cwnd = w.mss
}
