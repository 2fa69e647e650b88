package quic

import (
	"time"

	"pagesim/model/internal/cc"
	"pagesim/model/units"
)

// cubic is CUBIC (RFC 9438) on a QUIC sender: the window arithmetic is
// package cc's, shared with TCP — the window in datagrams as floats, as
// the RFC states it, fast convergence (§4.7) on — and RFC 9002's recovery
// periods decide when a loss counts.
type cubic struct{ c cc.Cubic }

func (c *cubic) onCongestionAvoidance(w *window, acked units.Bytes, now, srtt time.Duration) {
	w.cwnd = c.c.Grow(w.cwnd, w.mds, acked, now, srtt)
}

// onCongestionEvent applies §4.6 (β = 0.7, at least kMinimumWindow, two
// datagrams) and fast convergence (§4.7): cwnd falls to the new ssthresh.
func (c *cubic) onCongestionEvent(w *window, now time.Duration) {
	w.ssthresh = c.c.Reduce(w.cwnd, w.mds)
	w.cwnd = w.ssthresh
}

// onPersistentCongestion restarts from slow start (§4.8 treats it like a
// retransmission timeout): the epoch ends.
func (c *cubic) onPersistentCongestion(w *window) { c.c.EndEpoch() }
