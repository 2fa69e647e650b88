package model

import "time"

// This file is the sender: what goes on the wire and when (RFC 9293 §3.8,
// RFC 5681, RFC 6582), and the handling of incoming ACKs.

// output sends as much new data (and the FIN) as the windows, Nagle and
// the state allow.
func (e *Endpoint) output() {
	switch e.state {
	case stateEstablished, stateCloseWait:
	case stateFinWait1, stateClosing, stateLastAck:
		// FIN sent; only retransmissions (driven elsewhere) go out.
		if e.sndNxt >= e.sndMax {
			return
		}
	default:
		return
	}
	e.restartAfterIdle()
	for {
		dataEnd := e.sndEnd + 1 // data occupies [1, sndEnd]; seq 0 was the SYN
		avail := Bytes(dataEnd - e.sndNxt)
		flight := Bytes(e.sndNxt - e.sndUna)
		wnd := min(e.cwnd, e.peerWnd)
		if avail <= 0 {
			// All data sent: the FIN may go (it occupies one sequence
			// number but is not limited by the window).
			if e.finQueued && e.sndNxt == dataEnd {
				e.sendSegment(e.sndNxt, 0, true)
			}
			return
		}
		room := wnd - flight
		if room <= 0 {
			if e.cwnd <= e.peerWnd {
				e.cwndLimited = true // data waits for cwnd, not for the application
			}
			if e.peerWnd == 0 && flight == 0 {
				e.armProbe() // persist: RFC 9293 §3.8.6.1
			}
			return
		}
		if e.sndNxt < e.sndMax && e.net.tcp.SACK {
			// Resending after a timeout: what the peer holds (SACK) is
			// not sent again.
			if to := e.sackedAt(e.sndNxt); to > e.sndNxt {
				e.sndNxt = to
				continue
			}
			avail = min(avail, Bytes(e.nextSacked(e.sndNxt)-e.sndNxt))
		}
		n := min(avail, e.mss, room)
		if n < avail && n < e.mss && flight > 0 {
			// Sender silly-window avoidance (RFC 9293 §3.8.6.2.1): do not
			// send a window-limited runt while data is in flight.
			return
		}
		if e.net.tcp.Nagle && n < e.mss && flight > 0 {
			// Nagle (RFC 896, RFC 1122 §4.2.3.4): a sub-MSS segment waits
			// while earlier data is unacknowledged.
			return
		}
		// The FIN rides on the segment that ends the data — not on one
		// that only ends the gap before a SACKed block.
		fin := e.finQueued && e.sndNxt+int64(n) == dataEnd
		e.sendSegment(e.sndNxt, n, fin)
	}
}

// sendSegment transmits [seq, seq+n) (plus a FIN if fin) and advances
// sndNxt; a segment below sndMax is a retransmission.
func (e *Endpoint) sendSegment(seq int64, n Bytes, fin bool) {
	now := e.net.S.Now()
	retrans := seq < e.sndMax
	flags := flagACK
	end := seq + int64(n)
	if fin {
		flags |= flagFIN
		end++
		e.finSent = true
		switch e.state {
		case stateEstablished:
			e.setState(stateFinWait1)
		case stateCloseWait:
			e.setState(stateLastAck)
		}
	}
	p := e.newPacket(flags, seq, n)
	if n > 0 {
		e.dataIdx++
		p.dataIdx = e.dataIdx
		e.sentData = true
	}
	if retrans {
		e.net.retransmits++
		e.traceRetransmit(seq, n, "rto")
	} else {
		e.segs.push(sentSeg{seq: seq, len: Bytes(end - seq), sentAt: now})
	}
	if e.sndNxt == seq || end > e.sndNxt {
		e.sndNxt = max(e.sndNxt, end)
	}
	e.sndMax = max(e.sndMax, e.sndNxt)
	e.noteFlight()
	e.lastSend = now
	e.ackSent()
	e.transmit(p)
	// RFC 6298 §5.1: start the timer when data is sent and it is not running.
	if !e.rtoTimer.Armed() {
		e.armRTO()
	}
}

// newPacket builds a segment from this endpoint to its peer carrying the
// current ACK and window.
func (e *Endpoint) newPacket(flags uint8, seq int64, n Bytes) packet {
	wnd := e.advertisedWindow()
	e.lastWnd = wnd
	p := packet{dst: e.peer, route: e.out, flags: flags, seq: seq, ack: e.rcvNxt, wnd: wnd, len: n}
	if e.net.tcp.SACK && len(e.ooo) > 0 {
		e.fillSACK(&p)
	}
	return p
}

func (e *Endpoint) transmit(p packet) {
	if t := e.net.trace; t != nil && t.Segments {
		t.add(Record{At: e.net.S.Now(), Kind: RecSegSent, Conn: e.conn.ID, Client: e.client, Seq: p.seq, Len: p.len, Flags: flagString(p.flags)})
	}
	e.net.send(p)
}

func (e *Endpoint) sendSyn() {
	flags := flagSYN
	if e.state == stateSynRcvd {
		flags |= flagACK
	}
	p := e.newPacket(flags, 0, 0)
	if e.sndMax > 0 {
		e.net.retransmits++
		e.traceRetransmit(0, 0, "syn")
	} else {
		e.segs.push(sentSeg{seq: 0, len: 1, sentAt: e.net.S.Now()})
	}
	e.sndNxt, e.sndMax = 1, 1
	e.lastSend = e.net.S.Now()
	e.transmit(p)
	e.armRTO()
}

func (e *Endpoint) sendAck() {
	e.ackSent()
	e.transmit(e.newPacket(flagACK, e.sndNxt, 0))
}

func (e *Endpoint) sendRst(seq int64) {
	e.transmit(packet{dst: e.peer, route: e.out, flags: flagRST | flagACK, seq: seq, ack: e.rcvNxt})
}

// retransmitFirst resends the oldest unacknowledged segment (fast
// retransmit and NewReno partial ACKs) without moving sndNxt.
func (e *Endpoint) retransmitFirst(why string) { e.retransmitRange(e.sndUna, why) }

// retransmitRange resends one segment starting at seq: up to an MSS, not
// into data the peer already holds (SACK), with the FIN if it reaches it.
// It returns the sequence space the segment covered.
func (e *Endpoint) retransmitRange(seq int64, why string) int64 {
	dataEnd := e.sndEnd + 1
	limit := min(e.sndMax, dataEnd)
	if e.net.tcp.SACK {
		limit = min(limit, e.nextSacked(seq))
	}
	n := min(e.mss, Bytes(limit-seq))
	if n < 0 {
		n = 0
	}
	fin := e.finSent && seq+int64(n) == dataEnd
	// Karn's algorithm (RFC 6298 §3): segments covering this range may not
	// be timed any more.
	for i := 0; i < e.segs.len(); i++ {
		s := e.segs.at(i)
		if s.seq <= seq+int64(n) && s.seq+int64(s.len) > seq {
			s.retrans = true
		}
	}
	flags := flagACK
	if fin {
		flags |= flagFIN
	}
	p := e.newPacket(flags, seq, n)
	if n > 0 {
		e.dataIdx++
		p.dataIdx = e.dataIdx
	}
	e.net.retransmits++
	e.traceRetransmit(seq, n, why)
	e.lastSend = e.net.S.Now()
	e.ackSent()
	e.transmit(p)
	if fin {
		return int64(n) + 1
	}
	return int64(n)
}

func (e *Endpoint) traceRetransmit(seq int64, n Bytes, why string) {
	if t := e.net.trace; t != nil {
		t.add(Record{At: e.net.S.Now(), Kind: RecRetransmit, Conn: e.conn.ID, Client: e.client, Seq: seq, Len: n, Note: why})
	}
}

// restartAfterIdle applies slow-start restart (RFC 5681 §4.1): a sender
// that has been idle for more than an RTO has lost its ACK clock, so cwnd
// falls back to the restart window RW = min(IW, cwnd). As Linux
// (tcp_cwnd_restart), ssthresh keeps a memory of the old window: max(ssthresh,
// 3/4·cwnd) (RFC 2861 §3).
func (e *Endpoint) restartAfterIdle() {
	if !e.net.tcp.SlowStartAfterIdle || !e.sentData || e.sndNxt != e.sndUna {
		return
	}
	idle := e.net.S.Now() - e.lastSend
	if idle <= e.rto {
		return
	}
	rw := min(Bytes(e.net.tcp.InitCwnd)*e.mss, e.cwnd)
	if rw < e.cwnd {
		e.ssthresh = max(e.ssthresh, e.cwnd*3/4)
		if e.ssthresh >= 1<<62 {
			e.ssthresh = e.cwnd * 3 / 4
		}
		e.cwnd = rw
		e.traceCwnd()
	}
}

// ackInput processes the acknowledgment field of an incoming segment
// (RFC 9293 §3.10.7.4, "fifth, check the ACK field").
func (e *Endpoint) ackInput(p *packet) {
	ack := p.ack
	if ack > e.sndMax {
		return // acknowledges something not yet sent: ignore (RFC 9293 sends an ACK; harmless here)
	}
	if e.net.tcp.SACK && p.nsack > 0 {
		e.sackUpdate(p)
	}
	if e.frto != frtoNone {
		if e.frtoAck(p) {
			return
		}
		defer e.output() // after a fall-back to conventional recovery
	}
	if ack > e.sndUna {
		e.newAck(p)
		return
	}
	// RFC 5681 §2: a duplicate ACK acknowledges nothing new, carries no
	// data, does not change the window, and arrives while data is
	// outstanding.
	if ack == e.sndUna && p.len == 0 && p.flags&(flagSYN|flagFIN) == 0 && p.wnd == e.peerWnd && e.sndMax > e.sndUna {
		e.dupAck()
		return
	}
	if ack == e.sndUna {
		e.updateWindow(p.wnd)
	}
}

func (e *Endpoint) updateWindow(w Bytes) {
	opened := w > e.peerWnd
	e.peerWnd = w
	if opened {
		e.output()
	}
}

// newAck handles an ACK that acknowledges new data.
func (e *Endpoint) newAck(p *packet) {
	now := e.net.S.Now()
	acked := Bytes(p.ack - e.sndUna)
	e.sndUna = p.ack
	if e.sndNxt < e.sndUna {
		e.sndNxt = e.sndUna // after an RTO the ACK may cover data resent by go-back-N
	}
	e.peerWnd = p.wnd
	e.retries = 0
	// RTT sample from the newest fully acknowledged segment, and only if
	// the ACK covers no retransmitted segment (Karn's algorithm, RFC 6298
	// §3): an ACK that a retransmission triggered also covers segments
	// that sat out of order at the receiver, and timing those would count
	// the whole recovery as round-trip time (Linux: FLAG_RETRANS_DATA_ACKED
	// voids the sample).
	var sample time.Duration = -1
	retransAcked := false
	for e.segs.len() > 0 {
		s := e.segs.front()
		if s.seq+int64(s.len) > e.sndUna {
			break
		}
		retransAcked = retransAcked || s.retrans
		sample = now - s.sentAt
		e.segs.pop()
	}
	if sample >= 0 && !retransAcked {
		e.rttSample(sample)
	}
	if e.finSent && e.sndUna == e.sndEnd+2 {
		e.finAcked = true
	}
	e.sackPrune()
	if e.inRecov {
		e.recoveryAck(acked)
	} else {
		e.dupAcks = 0
		e.grow(acked)
	}
	// RFC 6298 §5.2/5.3: stop the timer when everything is acknowledged,
	// otherwise restart it.
	if e.sndUna == e.sndMax {
		e.rtoTimer.Stop()
	} else {
		e.armRTO()
	}
	e.afterFinAcked()
	e.output()
}

// isCwndLimited says whether the window was what limited the sender: an
// application-limited sender does not grow cwnd (RFC 7661 §4.3; Linux
// tcp_is_cwnd_limited). In slow start the window may grow while it is
// below twice the largest flight of the last round trip, as Linux allows;
// in congestion avoidance only if the sender ran out of window since the
// last growth.
func (e *Endpoint) isCwndLimited() bool {
	if e.cwnd < e.ssthresh {
		return e.cwnd < 2*e.maxFlight
	}
	return e.cwndLimited
}

// noteFlight tracks the largest flight per round trip (Linux
// max_packets_out, refreshed when the ACKs pass the mark).
func (e *Endpoint) noteFlight() {
	flight := Bytes(e.sndNxt - e.sndUna)
	if flight > e.maxFlight || e.sndUna >= e.maxFlightSeq {
		e.maxFlight = flight
		e.maxFlightSeq = e.sndNxt
		if e.sndUna >= e.maxFlightSeq {
			e.cwndLimited = false
		}
	}
}

// grow opens cwnd for acked bytes outside recovery: slow start below
// ssthresh (RFC 5681 §3.1 with the configured increase rule), congestion
// avoidance above it (the congestion-control algorithm).
func (e *Endpoint) grow(acked Bytes) {
	if !e.isCwndLimited() {
		return
	}
	if e.cwnd < e.ssthresh {
		var inc Bytes
		switch e.net.tcp.SlowStartIncrease {
		case SSIncreaseRFC5681:
			inc = min(acked, e.mss) // RFC 5681 §3.1: at most SMSS per ACK
		case SSIncreaseABC2:
			inc = min(acked, 2*e.mss) // RFC 3465 §2.2, L = 2·SMSS
		default:
			inc = acked // Linux tcp_slow_start: every newly acked segment
		}
		e.cwnd += inc
		if e.cwnd > e.ssthresh && e.net.tcp.SlowStartIncrease == SSIncreaseLinux {
			// Linux caps the slow-start step at ssthresh and hands the
			// rest to congestion avoidance.
			e.cwnd = e.ssthresh
		}
		e.cc.onSlowStart(e)
	} else {
		e.cc.onCongestionAvoidance(e, acked)
	}
	e.traceCwnd()
}

func (e *Endpoint) dupAck() {
	e.dupAcks++
	switch {
	case e.inRecov && e.net.tcp.SACK:
		e.sackSend() // RFC 6675 §5 (C): what the scoreboard now allows
	case e.inRecov:
		// RFC 5681 §3.2 step 4: inflate cwnd by one segment per further
		// duplicate ACK, which may let new data out.
		e.cwnd += e.mss
		e.traceCwnd()
		e.output()
	case e.dupAcks >= 3 || e.net.tcp.SACK && e.lostAt(e.sndUna):
		// RFC 5681 §3.2: three duplicate ACKs; RFC 6675 §5: or the
		// scoreboard already says the first segment is lost.
		e.enterRecovery()
	}
}

// enterRecovery is fast retransmit (RFC 5681 §3.2 steps 2–3; RFC 6582 §3.2
// step 2 for NewReno's recover point).
func (e *Endpoint) enterRecovery() {
	if e.net.tcp.CC != Reno && e.sndUna <= e.recover && e.recover > 0 {
		// RFC 6582 §3.2 step 2 (the "careful" variant): duplicate ACKs
		// for data sent before the last recovery do not start another.
		return
	}
	e.inRecov = true
	e.recover = e.sndMax
	e.ssthresh = e.cc.ssthreshAfterLoss(e)
	if e.net.tcp.SACK {
		// RFC 6675 §5 step 4: cwnd = ssthresh, retransmit the first
		// lost segment, then send what pipe allows.
		e.cwnd = e.ssthresh
		e.traceCwnd()
		e.highRxt = e.sndUna + e.retransmitRange(e.sndUna, "fast")
		e.armRTO()
		e.sackSend()
		return
	}
	e.cwnd = e.ssthresh + 3*e.mss
	e.traceCwnd()
	e.retransmitFirst("fast")
	e.armRTO()
}

// recoveryAck handles a new ACK during fast recovery.
func (e *Endpoint) recoveryAck(acked Bytes) {
	if e.net.tcp.CC == Reno && !e.net.tcp.SACK || e.sndUna >= e.recover {
		// Full ACK (RFC 6582 §3.2 step 3) — or any new ACK for Reno
		// (RFC 5681 §3.2 step 6): deflate to ssthresh and leave recovery.
		e.inRecov = false
		e.dupAcks = 0
		flight := Bytes(e.sndMax - e.sndUna)
		e.cwnd = min(e.ssthresh, max(flight, e.mss)+e.mss)
		e.cc.onRecoveryExit(e)
		e.traceCwnd()
		return
	}
	if e.net.tcp.SACK {
		e.sackSend() // RFC 6675: recovery goes on from the scoreboard
		return
	}
	// Partial ACK (RFC 6582 §3.2 step 4): retransmit the next hole,
	// deflate by the amount acknowledged, add back one segment.
	e.retransmitFirst("partial")
	if acked >= e.mss {
		e.cwnd -= acked - e.mss
	} else {
		e.cwnd -= acked
	}
	e.cwnd = max(e.cwnd, e.mss)
	e.traceCwnd()
}

func (e *Endpoint) traceCwnd() {
	if t := e.net.trace; t != nil {
		t.add(Record{At: e.net.S.Now(), Kind: RecCwnd, Conn: e.conn.ID, Client: e.client, Cwnd: e.cwnd, Ssthresh: e.ssthresh})
	}
	if e.net.cwndHook != nil && e.conn.crossesLink {
		e.net.cwndHook(e)
	}
}
