package quic

import (
	"time"
)

// ackEliciting applies RFC 9000 §13.2 to an ack-eliciting packet n of
// space sp: Initial and Handshake packets are acknowledged at once
// (§13.2.1); 1-RTT packets every AckThreshold packets (§13.2.2: two) or
// after max_ack_delay, and at once when they arrive out of order — below
// the largest received, or with a gap before them (§13.2.1).
func (e *Endpoint) ackEliciting(sp space, n, prevLargest int64) {
	rs := &e.rcv[sp]
	rs.eliciting++
	switch {
	case sp != appSpace:
		rs.now = true
	case n < prevLargest || n > prevLargest+1 && prevLargest >= 0,
		rs.eliciting >= e.cfg.AckThreshold, e.cfg.MaxAckDelay == 0:
		rs.now = true
	case !e.ackTimer.Armed():
		e.ackTimer.ResetAfter(e.cfg.MaxAckDelay)
	}
}

// onAckTimer: max_ack_delay has passed since an unacknowledged
// ack-eliciting 1-RTT packet arrived.
func (e *Endpoint) onAckTimer(now time.Duration) {
	if e.closed || !e.rcv[appSpace].pending {
		return
	}
	e.rcv[appSpace].now = true
	e.flush()
}

// ackArrived processes the ACK frame carried by packet p of space sp (RFC
// 9002 §6 and Appendix A.7): newly acknowledged packets, an RTT sample
// when the largest is among them, loss detection, congestion control,
// the probe backoff and the timer.
func (e *Endpoint) ackArrived(sp space, p *packet) {
	ss := &e.snd[sp]
	st := e.st
	if e.discarded[sp] || len(p.ack) == 0 {
		return
	}
	largest := p.ack[0].hi - 1
	if largest >= ss.next {
		return // acknowledges a packet never sent: a peer bug, ignored
	}
	newly := st.acked[:0]
	newlyEliciting, largestNewly := false, false
	for _, r := range p.ack { // highest first
		lo := max(r.lo, ss.base)
		for n := r.hi - 1; n >= lo; n-- {
			id := *ss.sent.At(int(n - ss.base))
			q := st.pkt(id)
			if q.acked {
				continue
			}
			q.acked = true
			if n == largest {
				largestNewly = true
			}
			newlyEliciting = newlyEliciting || q.ackEliciting && !q.lost
			newly = append(newly, id)
		}
		if r.lo <= ss.base {
			break
		}
	}
	st.acked = newly
	if len(newly) == 0 {
		return
	}
	if largest > ss.largestAcked {
		ss.largestAcked = largest
	}
	now := st.S.Now()
	if largestNewly && newlyEliciting {
		lp := st.pkt(*ss.sent.At(int(largest - ss.base)))
		ackDelay := p.ackDelay
		if sp != appSpace {
			ackDelay = 0
		}
		e.rtt.sample(now-lp.sentAt, ackDelay, e.hs.confirmed, e.cfg.MaxAckDelay, now)
		if sp == appSpace {
			e.hystartSample(lp)
		}
	}
	// The largest packet newly acknowledged (ranges come highest first).
	top := *st.pkt(newly[0])
	priorInFlight := e.bytesInFlight
	for _, id := range newly {
		q := st.pkt(id)
		if q.inFlight && !q.lost {
			e.bytesInFlight -= q.size
			if q.ackEliciting {
				ss.eliciting--
			}
		}
		e.framesAcked(sp, q)
		if e.client && sp == handshakeSpace {
			e.hs.peerValidated = true // RFC 9002 §6.2.2.1
		}
	}
	e.detectLost(sp, now)
	limited := e.ccAcked(newly, priorInFlight)
	if sp == appSpace {
		e.hystartAcked(top.num, top.sentAt, limited)
	}
	// RFC 9002 §6.2.1: the PTO backoff resets on an acknowledgement,
	// except at a client not yet sure the server validated its address.
	if !e.client || e.hs.peerValidated {
		e.ptoCount = 0
	}
	e.popSent(sp)
	e.setLossTimer()
}

// framesAcked marks what packet q's frames carried as delivered.
func (e *Endpoint) framesAcked(sp space, q *packet) {
	if q.ackLargest >= 0 && !e.discarded[sp] {
		// RFC 9000 §13.2.4: once an ACK frame is acknowledged, the packets
		// it covered need not be acknowledged again.
		rs := &e.rcv[sp]
		rs.floor = max(rs.floor, q.ackLargest+1)
		rs.got.trimBelow(rs.floor)
	}
	if q.lost {
		return // its frames were queued again; their new copies will be acknowledged
	}
	for k := range q.frames {
		f := &q.frames[k]
		switch f.kind {
		case frCrypto:
			e.snd[sp].crypto.ackedRange(f.off, f.n, false)
		case frStream:
			if s := f.st; s != nil && !s.reset {
				s.send.ackedRange(f.off, f.n, f.fin)
				e.checkDone(s)
			}
		case frResetStream:
			if s := f.st; s != nil {
				s.resetAcked = true
				e.checkDone(s)
			}
		}
	}
}

// framesLost queues again what packet q's frames carried (RFC 9000 §13.3:
// data in new packets, control frames with their current values).
func (e *Endpoint) framesLost(sp space, q *packet) {
	for k := range q.frames {
		f := &q.frames[k]
		switch f.kind {
		case frCrypto:
			e.snd[sp].crypto.lost(f.off, f.n, false)
		case frStream:
			if s := f.st; s != nil && !s.reset {
				s.send.lost(f.off, f.n, f.fin)
				if !s.send.retx.empty() || s.send.finRetx {
					e.queueRetx(s)
				}
			}
		case frResetStream:
			if s := f.st; s != nil && !s.resetAcked {
				s.resetPending = true
				e.queueCtrl(s)
			}
		case frMaxStreamData:
			if s := f.st; s != nil && s.recv.finAt < 0 && f.val == s.rcvMax {
				s.maxPending = true
				e.queueCtrl(s)
			}
		case frMaxData:
			if f.val == e.fc.rcvMax {
				e.fc.pending = true
			}
		case frMaxStreamsBidi, frMaxStreamsUni:
			k := uniIndex(f.kind == frMaxStreamsUni)
			if f.val == e.advMax[k] {
				e.maxStreamsPending[k] = true
			}
		case frHandshakeDone:
			e.hs.handshakeDone = true
		}
	}
	e.scheduleFlush()
}

// popSent forgets the packets at the front of space sp's record that are
// acknowledged or lost.
func (e *Endpoint) popSent(sp space) {
	ss := &e.snd[sp]
	for ss.sent.Len() > 0 {
		q := e.st.pkt(*ss.sent.Front())
		if !q.acked && !q.lost {
			return
		}
		e.st.release(ss.sent.Pop())
		ss.base++
	}
}
