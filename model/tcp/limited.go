package tcp

import "pagesim/model/units"

// Limited Transmit (RFC 3042; RFC 5681 §3.2 says a sender SHOULD use it):
// the first two duplicate ACKs each say a segment has left the network, so
// a sender that has new data may send one new segment for each of them
// instead of waiting — which keeps the ACK clock going long enough for a
// third duplicate ACK, and a fast retransmit instead of a timeout, when
// the window is small. RFC 3042 §2: the peer's window must allow it and
// the outstanding data must stay within cwnd + 2·SMSS. With SACK, RFC 6675
// §5 step (3) lets pipe and cwnd govern it: SACKed (and lost) data is no
// longer in flight, so the window may be filled again, as Linux
// (tcp_packets_in_flight) and ns-3 (BytesInFlight) always count it.

// limitedTransmit returns the flight the sender's window test should use
// while duplicate ACKs arrive outside recovery, or −1 when Limited
// Transmit does not apply (the window test is the usual one).
func (e *Endpoint) limitedTransmit() units.Bytes {
	if !e.st.cfg.LimitedTransmit || e.inRecov || e.sndNxt < e.sndMax {
		return -1
	}
	if e.st.cfg.SACK {
		if len(e.sb.sacked) == 0 {
			return -1
		}
		// RFC 6675 §5 (3): cwnd − pipe governs new data. The peer's
		// window still bounds what is outstanding (checked by the
		// caller through peerWnd below).
		pipe := e.pipe()
		if e.sndUna.To(e.sndNxt)+e.mss > e.peerWnd {
			return -1
		}
		return pipe
	}
	if e.dupAcks < 1 || e.dupAcks > 2 {
		return -1
	}
	// RFC 3042 §2: outstanding data up to cwnd + 2·SMSS, one segment per
	// duplicate ACK; the peer's window must allow it.
	flight := e.sndUna.To(e.sndNxt)
	if flight+e.mss > e.peerWnd {
		return -1
	}
	return max(0, flight-units.Bytes(e.dupAcks)*e.mss)
}
