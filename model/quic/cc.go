package quic

import (
	"time"

	"pagesim/model/units"
)

// window is what congestion control sees of a sender and changes: the
// congestion window and slow-start threshold in bytes, and the datagram
// size.
type window struct {
	cwnd, ssthresh units.Bytes
	mds            units.Bytes
}

// minimum is kMinimumWindow, two datagrams (RFC 9002 §7.2).
func (w *window) minimum() units.Bytes { return 2 * w.mds }

// congestionControl is the part of the sender that differs between
// algorithms. Slow start, recovery periods and persistent congestion are
// shared (below); an algorithm decides how the window grows in congestion
// avoidance and how far it falls. Each method says when it is called.
type congestionControl interface {
	// onCongestionAvoidance is called for acked bytes of packets sent
	// after the recovery period began, when cwnd ≥ ssthresh and the
	// window limited the sender; it grows cwnd.
	onCongestionAvoidance(w *window, acked units.Bytes, now, srtt time.Duration)
	// onCongestionEvent is called when a loss starts a new recovery
	// period; it sets ssthresh and cwnd.
	onCongestionEvent(w *window, now time.Duration)
	// onPersistentCongestion is called after cwnd collapsed to the
	// minimum (RFC 9002 §7.6.2).
	onPersistentCongestion(w *window)
}

// newCC is the one place the algorithm is chosen.
func newCC(name CongestionControl) congestionControl {
	if name == Cubic {
		return &cubic{}
	}
	return &newReno{}
}

// maxBurstDatagrams: a sender within three datagrams of its window counts
// as limited by it (quiche's kMaxBurstPackets in IsCwndLimited), so that
// cwnd does not grow while the application, not the window, limits the
// sender (RFC 9002 §7.8).
const maxBurstDatagrams = 3

// cwndLimited reports whether bytes in flight of inFlight filled the
// window: in slow start more than half of it, else all but a burst.
func (e *Endpoint) cwndLimited(inFlight units.Bytes) bool {
	w := &e.window
	if inFlight >= w.cwnd {
		return true
	}
	if w.cwnd < w.ssthresh && inFlight > w.cwnd/2 {
		return true
	}
	return w.cwnd-inFlight <= maxBurstDatagrams*w.mds
}

// ccAcked grows the window for newly acknowledged packets (RFC 9002 §7.3,
// Appendix B.5): by their bytes in slow start, by the algorithm in
// congestion avoidance; not for packets sent before the current recovery
// period began, nor when the window did not limit the sender. It reports
// whether the window did.
func (e *Endpoint) ccAcked(acked []pktID, priorInFlight units.Bytes) bool {
	if !e.cwndLimited(priorInFlight) {
		return false
	}
	w := &e.window
	before := w.cwnd
	now := e.st.S.Now()
	for _, id := range acked {
		q := e.st.pkt(id)
		if !q.inFlight || q.lost || e.inRecovery && q.sentAt <= e.recoveryStart {
			continue
		}
		if w.cwnd < w.ssthresh {
			w.cwnd += q.size
		} else {
			e.cc.onCongestionAvoidance(w, q.size, now, e.rtt.smoothed)
		}
	}
	if w.cwnd != before {
		e.notifyCwnd()
	}
	return true
}

// ccLost reacts to packets of space sp declared lost (RFC 9002 §7.3.2,
// §7.6, Appendix B.8): one congestion event per recovery period, begun
// when a packet sent after the current period's start is lost; and the
// window collapses when the losses span the persistent-congestion
// duration.
func (e *Endpoint) ccLost(sp space, lost []pktID, now time.Duration) {
	var largestSent time.Duration
	any := false
	for _, id := range lost {
		if q := e.st.pkt(id); q.inFlight {
			largestSent = max(largestSent, q.sentAt)
			any = true
		}
	}
	if !any {
		return
	}
	w := &e.window
	before := w.cwnd
	if !e.inRecovery || largestSent > e.recoveryStart {
		e.inRecovery = true
		e.recoveryStart = now
		e.cc.onCongestionEvent(w, now)
	}
	if e.persistentCongestion(sp, lost) {
		w.cwnd = w.minimum()
		e.inRecovery = false
		e.cc.onPersistentCongestion(w)
		e.hy.Restart() // slow start again, from scratch (hystart.go)
	}
	if w.cwnd != before {
		e.notifyCwnd()
	}
}

// persistentCongestion applies RFC 9002 §7.6.2 within one space: two
// ack-eliciting packets declared lost, sent further apart than (smoothed
// RTT + max(4·rttvar, granularity) + max_ack_delay) × 3, with every packet
// sent between them lost too, both sent after the first RTT sample. (The
// RFC looks across spaces; pagesim looks within the space of the losses.)
func (e *Endpoint) persistentCongestion(sp space, lost []pktID) bool {
	if !e.rtt.hasSample {
		return false
	}
	st := e.st
	first, last := int64(-1), int64(-1)
	var firstAt, lastAt time.Duration
	for _, id := range lost {
		q := st.pkt(id)
		if !q.ackEliciting || q.sentAt < e.rtt.firstSampleAt {
			continue
		}
		if first < 0 || q.num < first {
			first, firstAt = q.num, q.sentAt
		}
		if q.num > last {
			last, lastAt = q.num, q.sentAt
		}
	}
	if first < 0 || first == last {
		return false
	}
	dur := (e.rtt.pto() + e.cfg.MaxAckDelay) * kPersistentCongestionThreshold
	if lastAt-firstAt <= dur {
		return false
	}
	ss := &e.snd[sp]
	for n := first; n <= last; n++ {
		if i := n - ss.base; i >= 0 && i < int64(ss.sent.Len()) && st.pkt(*ss.sent.At(int(i))).acked {
			return false
		}
	}
	return true
}
