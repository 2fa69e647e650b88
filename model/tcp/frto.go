package tcp

// F-RTO (RFC 5682): telling a spurious retransmission timeout from a real
// one. On a narrow link a window of full-sized segments can take longer to
// serialize than the RTO estimated from the handshake's tiny segments, so
// the timer fires although nothing was lost. Conventional recovery would
// then resend the whole flight (go-back-N) into the queue that is already
// full of it. F-RTO resends only the first segment and watches the next
// two ACKs: if both acknowledge data that was never retransmitted, the
// timeout was spurious, and the sender restores its window (the Eifel
// response, RFC 4015, as Linux undoes the reduction) and carries on with
// new data. Linux enables it by default (net.ipv4.tcp_frto = 2).

type frtoState uint8

const (
	frtoNone   frtoState = iota
	frtoFirst            // the first segment was resent; waiting for the first ACK (RFC 5682 §2.1 step 2)
	frtoSecond           // two new segments were sent; waiting for the second ACK (step 3)
)

// frtoStart is called on a retransmission timeout after the window was
// cut. It reports whether F-RTO took over: only on the first timeout of an
// episode, and only when new data is waiting (step 2b sends it).
func (e *Endpoint) frtoStart() bool {
	if !e.st.cfg.FRTO || e.frto != frtoNone || e.retries != 1 || e.sndEnd+1 <= e.sndMax || e.finSent {
		e.frto = frtoNone
		return false
	}
	e.frto = frtoFirst
	e.frtoRecover = e.sndMax
	// Step 1: retransmit the first unacknowledged segment only.
	e.frtoRtxEnd = e.sndUna.Add(e.retransmitRange(e.sndUna, "rto"))
	return true
}

// frtoAck examines an ACK while F-RTO is under way. It reports whether it
// handled the ACK completely; if not, the ACK goes through the usual path
// (after the sender fell back to conventional recovery, or declared the
// timeout spurious).
func (e *Endpoint) frtoAck(p *segment) bool {
	advances := p.ack > e.sndUna
	if !advances && !(p.ack == e.sndUna && p.len == 0 && p.flags&(flagSYN|flagFIN) == 0) {
		return false // neither new data acknowledged nor a duplicate ACK (data from the peer, say)
	}
	switch e.frto {
	case frtoFirst:
		if !advances || p.ack >= e.frtoRecover {
			// Step 2a: a duplicate ACK, or an ACK for everything sent
			// before the timeout: conventional recovery, resending in
			// slow start from after the segment already resent.
			e.frtoConventional()
			return false
		}
		// Step 2b: new data acknowledged. Send up to two new segments,
		// whatever cwnd says, and wait for the next ACK.
		e.newAck(p)
		if e.done || e.frto == frtoNone {
			return true
		}
		e.frto = frtoSecond
		for i := 0; i < 2 && e.sendNew(); i++ {
		}
		return true
	case frtoSecond:
		if !advances {
			// Step 3a: a duplicate ACK: the timeout was real.
			e.cwnd = min(e.cwnd, 3*e.mss)
			e.frtoConventional()
			return false
		}
		// Step 3b: a second ACK of data never retransmitted: the
		// timeout was spurious. Undo the window reduction.
		e.frto = frtoNone
		e.cwnd = max(e.cwnd, e.frtoUndoCwnd)
		e.ssthresh = max(e.ssthresh, e.frtoUndoSsthresh)
		e.st.stats.SpuriousRTOs++
		if t := e.st.trace; t != nil {
			t.add(Record{At: e.st.S.Now(), Kind: RecRTO, Conn: e.conn.ID, Client: e.client, Seq: e.sndUna, Note: "spurious (F-RTO)"})
		}
		e.traceCwnd()
		return false
	}
	return false
}

// frtoConventional abandons F-RTO for the recovery of RFC 5681: the
// unacknowledged data after the segment resent in step 1 goes out again as
// the window opens (Karn: none of it may be timed).
func (e *Endpoint) frtoConventional() {
	e.frto = frtoNone
	e.segsRetransmitted()
	e.sb.rackLost = e.sndUna
	e.sndNxt = max(e.sndUna, min(e.frtoRtxEnd, e.sndMax))
}
