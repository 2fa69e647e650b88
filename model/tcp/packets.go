package tcp

import "pagesim/model/units"

// A window counted in packets (Config.CwndUnit packets), as Linux counts
// it: the sender may have snd_cwnd segments in flight, whatever their size
// (tcp_packets_in_flight = packets_out − sacked_out − lost_out +
// retrans_out, tcp_cwnd_test), and cwnd grows by the number of segments
// an ACK delivers. A 300-byte request takes as much of the window as a
// full segment — which is why a burst of small pipelined requests fits a
// byte-counted window and not a packet-counted one. The window itself is
// still kept in bytes (cwnd/SMSS packets), so congestion control and the
// rest of the sender are shared with the byte-counted rule. The segments
// in flight are the sender's record of what it sent (Endpoint.segs), in
// the boundaries it sent them with; in SACK recovery the pipe is counted
// as ⌈pipe/SMSS⌉ packets — exact for full-sized segments, a model
// assumption for a recovery among small ones.

// cwndPackets is the window in packets, at least one.
func (e *Endpoint) cwndPackets() int { return max(1, int(e.cwnd/e.mss)) }

// packetsInFlight counts the segments sent and not yet acknowledged below
// sndNxt (after a timeout's rewind only those resent so far), less those
// the peer has SACKed (Linux's packets_out − sacked_out; lost segments are
// the ones not yet resent after a rewind).
func (e *Endpoint) packetsInFlight() int {
	var n int
	if e.sndNxt < e.sndMax {
		// Resending after a timeout: the segments below sndNxt that the
		// peer does not hold (a rare state; counted one by one).
		for i := 0; i < e.segs.Len(); i++ {
			if s := e.segs.At(i); s.seq < e.sndNxt && !s.sacked {
				n++
			}
		}
		return n
	}
	n = e.segs.Len()
	if e.st.cfg.SACK {
		n -= e.rack.sackedSegs
	} else if e.st.cfg.LimitedTransmit && !e.inRecov && e.sndNxt == e.sndMax {
		n -= min(e.dupAcks, 2) // RFC 3042: cwnd + 2 segments on the first two duplicate ACKs
	}
	return max(n, 0)
}

// packetsOf is a byte count in packets, rounded up.
func (e *Endpoint) packetsOf(b units.Bytes) int { return int((b + e.mss - 1) / e.mss) }

// cwndAllows reports whether one more segment fits the congestion window
// with pipe bytes in flight (SACK recovery's test, RFC 6675 §5 (C)).
func (e *Endpoint) cwndAllows(pipe units.Bytes) bool {
	if e.st.is.pktCwnd {
		return e.packetsOf(pipe) < e.cwndPackets()
	}
	return e.cwnd-pipe >= e.mss
}

// segsRetransmitted marks every segment in flight as sent again (a timeout
// resends from the first unacknowledged byte): none may be timed any more
// (Karn, RFC 6298 §3), and each keeps its place in the count of packets.
func (e *Endpoint) segsRetransmitted() {
	now := e.st.S.Now()
	for i := 0; i < e.segs.Len(); i++ {
		s := e.segs.At(i)
		s.retrans, s.rtxAt = true, now
	}
}
