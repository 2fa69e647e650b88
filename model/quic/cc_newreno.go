package quic

import (
	"time"

	"pagesim/model/units"
)

// kLossReductionFactor halves the window on a congestion event (RFC 9002
// §7.3.2).
const kLossReductionFactor = 0.5

// newReno is RFC 9002 §7's congestion controller (Appendix B): in
// congestion avoidance the window grows by one datagram per window of
// acknowledged bytes.
type newReno struct{}

func (newReno) onCongestionAvoidance(w *window, acked units.Bytes, now, srtt time.Duration) {
	w.cwnd += w.mds * acked / w.cwnd
}

func (newReno) onCongestionEvent(w *window, now time.Duration) {
	w.ssthresh = units.Bytes(float64(w.cwnd) * kLossReductionFactor)
	w.cwnd = max(w.ssthresh, w.minimum())
}

func (newReno) onPersistentCongestion(w *window) {}
