package tcp

// This file is the three-way handshake (RFC 9293 §3.5): the SYN and
// SYN-ACK, their retransmission on the initial RTO of 1 s with exponential
// backoff (RFC 6298 §2.1, §5.5; rto.go gives up after Linux's retry
// counts), and the segments that arrive before the connection is
// synchronized.

func (e *Endpoint) sendSyn() {
	flags := flagSYN
	if e.state == stateSynRcvd {
		flags |= flagACK
	}
	h, _ := e.newSegment(flags, 0, 0)
	if e.sndMax > 0 {
		e.st.stats.Retransmits++
		e.traceRetransmit(0, 0, "syn")
	} else {
		e.segs.Push(sentSeg{seq: 0, len: 1, sentAt: e.st.S.Now()})
	}
	e.sndNxt, e.sndMax = 1, 1
	e.lastSend = e.st.S.Now()
	e.transmit(h)
	e.armRTO()
}

// handshakeInput handles a segment that arrives in LISTEN, SYN-SENT or
// SYN-RECEIVED. It reports whether the segment is done with; false means
// the connection just became established and the segment goes on to the
// synchronized states' processing (the ACK that completed the handshake
// may carry data).
func (e *Endpoint) handshakeInput(s *segment) bool {
	switch e.state {
	case stateListen:
		if s.flags&flagSYN == 0 {
			return true
		}
		e.rcvNxt = 1
		e.peerWnd = s.wnd
		if !e.app.Accept(e) {
			// Refused: RST in answer to the SYN (RFC 9293 §3.10.7.2).
			e.rcvNxt = 1
			e.sendRst(0)
			e.done = true
			e.setState(stateClosed)
			return true
		}
		e.setState(stateSynRcvd)
		e.sendSyn()
		return true
	case stateSynSent:
		if s.flags&(flagSYN|flagACK) == flagSYN|flagACK && s.ack == 1 {
			e.rcvNxt = 1
			e.readPos = 1
			e.sndUna = 1
			e.peerWnd = s.wnd
			e.handshakeDone()
			if e.st.cfg.Push == PushTimestep {
				// ns-3.37 ProcessSynSent: a bare ACK, then what was
				// written before the handshake completed, then the
				// application hears of the connection (its writes leave a
				// time step later, Config.Push).
				e.sendAck()
				e.output()
				e.armFirstDataAck()
				e.app.Established(e)
				return true
			}
			e.app.Established(e)
			if e.sndNxt == 1 && e.open() {
				// Nothing rode on the third segment: a bare ACK.
				e.sendAck()
			}
			e.armFirstDataAck()
		}
		return true
	case stateSynRcvd:
		if s.flags&flagSYN != 0 {
			e.sendSyn() // our SYN-ACK was lost: send it again
			return true
		}
		if s.flags&flagACK == 0 || s.ack != 1 {
			return true
		}
		e.readPos = 1
		e.sndUna = 1
		e.peerWnd = s.wnd
		e.handshakeDone()
		e.armFirstDataAck()
		e.app.Established(e)
		return e.done
	}
	return false
}

// handshakeDone ends the three-way handshake on this side: an RTT sample
// from the SYN if it was not retransmitted, timers reset.
func (e *Endpoint) handshakeDone() {
	if e.segs.Len() > 0 {
		s := e.segs.Pop()
		if !s.retrans && e.sndMax == 1 && e.backoff == 0 {
			e.rttSample(e.st.S.Now() - s.sentAt)
		}
	}
	e.segs.Clear()
	e.retries = 0
	e.backoff = 0
	e.rtoTimer.Stop()
	e.hy.StartRound(e.st.S.Now(), int64(e.sndNxt))
	if !e.hasRTT {
		e.rto = max(e.st.cfg.MinRTO, e.rto)
	}
	e.setState(stateEstablished)
}

// armFirstDataAck applies Config.AckFirstData on entering ESTABLISHED:
// one segment is counted as already waiting for an ACK, so the first
// in-order data segment is acknowledged at once (ns-3.37 ProcessSynSent and
// ProcessSynRcvd: m_delAckCount = m_delAckMaxCount) — unless a segment this
// side sends first resets the count (ackSent).
func (e *Endpoint) armFirstDataAck() {
	if e.st.cfg.AckFirstData && e.open() {
		e.unacked = 1
	}
}
