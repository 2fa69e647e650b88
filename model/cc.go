package model

// congestionControl is the part of the sender that differs between
// algorithms. Slow start and fast recovery are shared (snd.go); an
// algorithm decides how the window grows in congestion avoidance and how
// far it falls after a loss. Every method is called on the sender's
// endpoint, after the shared code has updated sndUna.
type congestionControl interface {
	// onSlowStart is called after cwnd grew in slow start.
	onSlowStart(e *Endpoint)
	// onCongestionAvoidance is called for an ACK of acked new bytes when
	// cwnd ≥ ssthresh and the sender is not in recovery; it grows cwnd.
	onCongestionAvoidance(e *Endpoint, acked Bytes)
	// ssthreshAfterLoss is called when fast retransmit starts; it returns
	// the new ssthresh.
	ssthreshAfterLoss(e *Endpoint) Bytes
	// onRecoveryExit is called when fast recovery ends (cwnd already set
	// by the shared code).
	onRecoveryExit(e *Endpoint)
	// onRTO is called when the retransmission timer expires; it sets
	// ssthresh and cwnd.
	onRTO(e *Endpoint)
}

func newCC(name CongestionControl) congestionControl {
	switch name {
	case Cubic:
		return &cubic{}
	default: // reno and newreno differ only in recovery (snd.go)
		return &reno{}
	}
}

// reno is the window arithmetic of RFC 5681, shared by Reno and NewReno.
type reno struct{}

func (*reno) onSlowStart(e *Endpoint) {}

// onCongestionAvoidance grows cwnd by one SMSS per window of acknowledged
// bytes (RFC 5681 §3.1, byte counting as RFC 3465 §2.1 recommends).
func (*reno) onCongestionAvoidance(e *Endpoint, acked Bytes) {
	e.ackedBytes += acked
	if e.ackedBytes >= e.cwnd {
		e.ackedBytes -= e.cwnd
		e.cwnd += e.mss
	}
}

// ssthreshAfterLoss is RFC 5681 §3.1 eq. 4: max(FlightSize/2, 2·SMSS).
// FlightSize is sndNxt − sndUna: after a timeout the sender goes back to
// sndUna, and the data between sndNxt and sndMax is counted lost, not in
// flight (a second timeout during go-back-N must not halve the flight of
// before the first one).
func (*reno) ssthreshAfterLoss(e *Endpoint) Bytes {
	return max(Bytes(e.sndNxt-e.sndUna)/2, 2*e.mss)
}

func (*reno) onRecoveryExit(e *Endpoint) { e.ackedBytes = 0 }

// onRTO: ssthresh per eq. 4, cwnd to the loss window of one segment
// (RFC 5681 §3.1).
func (c *reno) onRTO(e *Endpoint) {
	e.ssthresh = c.ssthreshAfterLoss(e)
	e.cwnd = e.mss
	e.ackedBytes = 0
}
