package tcp

import (
	"time"

	"pagesim/model/units"
)

// reno is the window arithmetic of RFC 5681, shared by Reno and NewReno
// (which differ only in loss recovery).
type reno struct {
	// ackedBytes is the byte counter of congestion avoidance (RFC 3465
	// §2.1).
	ackedBytes units.Bytes
	// perACK selects RFC 5681 eq. 3 (Config.CAIncrease per-ack).
	perACK bool
}

func (*reno) onSlowStart(w *window) {}

// onCongestionAvoidance grows cwnd by one SMSS per window of acknowledged
// bytes (RFC 5681 §3.1, byte counting as RFC 3465 §2.1 recommends), or with
// perACK by SMSS·SMSS/cwnd, at least one byte, per ACK (RFC 5681 eq. 3, as
// ns-3.37's TcpNewReno).
func (r *reno) onCongestionAvoidance(w *window, acked units.Bytes, now, srtt time.Duration) {
	if r.perACK {
		if acked > 0 {
			w.cwnd += max(1, w.mss*w.mss/w.cwnd)
		}
		return
	}
	r.ackedBytes += acked
	if r.ackedBytes >= w.cwnd {
		r.ackedBytes -= w.cwnd
		w.cwnd += w.mss
	}
}

// ssthreshAfterLoss is RFC 5681 §3.1 eq. 4: max(FlightSize/2, 2·SMSS).
// FlightSize is sndNxt − sndUna: after a timeout the sender goes back to
// sndUna, and the data between sndNxt and sndMax is counted lost, not in
// flight (a second timeout during go-back-N must not halve the flight of
// before the first one).
func (*reno) ssthreshAfterLoss(w *window, flight units.Bytes) units.Bytes {
	return max(flight/2, 2*w.mss)
}

func (r *reno) onRecoveryExit(w *window) { r.ackedBytes = 0 }

// onRTO: ssthresh per eq. 4, cwnd to the loss window of one segment
// (RFC 5681 §3.1).
func (r *reno) onRTO(w *window, flight units.Bytes) {
	w.ssthresh = r.ssthreshAfterLoss(w, flight)
	w.cwnd = w.mss
	r.ackedBytes = 0
}
