package quic

import "time"

// RFC 9002's constants (§6.1, §6.2, Appendix A.2).
const (
	// kPacketThreshold: a packet is lost when one sent three packets
	// later is acknowledged (§6.1.1).
	kPacketThreshold = 3
	// kTimeThreshold 9/8: a packet is lost when it was sent 9/8 of the
	// RTT before an acknowledged one (§6.1.2).
	kTimeThresholdNum, kTimeThresholdDen = 9, 8
	// kGranularity is the timer granularity (§6.1.2).
	kGranularity = time.Millisecond
	// kInitialRTT is the RTT assumed before a sample (§6.2.2).
	kInitialRTT = 333 * time.Millisecond
	// kPersistentCongestionThreshold (§7.6.1).
	kPersistentCongestionThreshold = 3
)

// rttState is RFC 9002 §5's RTT estimator.
type rttState struct {
	latest, smoothed, rttvar, min time.Duration
	// adjusted is the latest sample less the peer's ACK delay, as §5.3
	// feeds it to the smoothed RTT (quiche's latest_rtt, which its
	// HyStart reads).
	adjusted      time.Duration
	hasSample     bool
	firstSampleAt time.Duration
}

func newRTT() rttState {
	return rttState{smoothed: kInitialRTT, rttvar: kInitialRTT / 2}
}

// sample takes an RTT measurement latest whose ACK reported ackDelay
// (RFC 9002 §5.3): the peer's delay is subtracted — once the handshake is
// confirmed capped at max_ack_delay — unless that would go below the
// minimum RTT.
func (r *rttState) sample(latest, ackDelay time.Duration, confirmed bool, maxAckDelay, now time.Duration) {
	r.latest = latest
	if !r.hasSample {
		r.hasSample = true
		r.firstSampleAt = now
		r.min = latest
		r.adjusted = latest
		r.smoothed = latest
		r.rttvar = latest / 2
		return
	}
	r.min = min(r.min, latest)
	if confirmed {
		ackDelay = min(ackDelay, maxAckDelay)
	}
	adjusted := latest
	if latest >= r.min+ackDelay {
		adjusted = latest - ackDelay
	}
	r.adjusted = adjusted
	d := r.smoothed - adjusted
	if d < 0 {
		d = -d
	}
	r.rttvar = (3*r.rttvar + d) / 4
	r.smoothed = (7*r.smoothed + adjusted) / 8
}

// pto is the probe timeout before backoff, without max_ack_delay (RFC
// 9002 §6.2.1): smoothed_rtt + max(4·rttvar, kGranularity).
func (r *rttState) pto() time.Duration { return r.smoothed + max(4*r.rttvar, kGranularity) }

// lossDelay is the time threshold (§6.1.2): 9/8 · max(smoothed, latest),
// at least kGranularity.
func (r *rttState) lossDelay() time.Duration {
	d := max(r.latest, r.smoothed) * kTimeThresholdNum / kTimeThresholdDen
	return max(d, kGranularity)
}
