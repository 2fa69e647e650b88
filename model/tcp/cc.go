package tcp

import (
	"time"

	"pagesim/model/units"
)

// window is what congestion control sees of a sender and changes: the
// congestion window, the slow-start threshold and the segment size. It is
// all an algorithm may touch, so each one can be tested on a window alone,
// without a network.
type window struct {
	cwnd, ssthresh units.Bytes
	mss            units.Bytes
}

// restart is slow-start restart after idle (RFC 5681 §4.1): cwnd falls to
// the restart window min(iw, cwnd), and ssthresh keeps a memory of the old
// window, max(ssthresh, 3/4·cwnd) (RFC 2861 §3; Linux tcp_cwnd_restart via
// tcp_current_ssthresh, which keeps an unlimited ssthresh unlimited). It
// reports whether the window changed.
func (w *window) restart(iw units.Bytes) bool {
	rw := min(iw, w.cwnd)
	if rw >= w.cwnd {
		return false
	}
	w.ssthresh = max(w.ssthresh, w.cwnd*3/4)
	w.cwnd = rw
	return true
}

// congestionControl is the part of the sender that differs between
// algorithms (RFC 5681's Reno, RFC 9438's CUBIC). Slow start and loss
// recovery are shared (snd.go, recovery.go); an algorithm decides how the
// window grows in congestion avoidance and how far it falls after a loss.
// Each method says when the sender calls it.
type congestionControl interface {
	// onSlowStart is called after cwnd grew in slow start.
	onSlowStart(w *window)
	// onCongestionAvoidance is called for an ACK of acked new bytes when
	// cwnd ≥ ssthresh, the sender is not in recovery and the window
	// limited it; it grows cwnd. now is the time of the ACK and srtt the
	// smoothed round-trip time (0 before the first sample).
	onCongestionAvoidance(w *window, acked units.Bytes, now, srtt time.Duration)
	// ssthreshAfterLoss is called when a loss is detected (fast
	// retransmit) with the flight size sndNxt − sndUna; it returns the
	// new ssthresh.
	ssthreshAfterLoss(w *window, flight units.Bytes) units.Bytes
	// onRecoveryExit is called when fast recovery ends (cwnd already set
	// by the shared code).
	onRecoveryExit(w *window)
	// onRTO is called when the retransmission timer expires, with the
	// flight size; it sets ssthresh and cwnd.
	onRTO(w *window, flight units.Bytes)
}

// newCC is the one place the algorithm is chosen. Its state lives in the
// endpoint (ccState), so that an endpoint taken over by the next
// simulation (Stack.allocEndpoint) brings it along, zeroed with the rest.
func (e *Endpoint) newCC(cfg Config) congestionControl {
	switch cfg.CC {
	case Cubic:
		e.ccState.cubic = cubic{}
		return &e.ccState.cubic
	default: // reno and newreno differ only in loss recovery (recovery.go)
		e.ccState.reno = reno{perACK: cfg.CAIncrease == CAIncreasePerACK}
		return &e.ccState.reno
	}
}
