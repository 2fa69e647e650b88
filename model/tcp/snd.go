package tcp

import (
	"time"

	"pagesim/model/units"
)

// This file is the sender: what goes on the wire and when (RFC 9293 §3.8,
// RFC 5681), and the handling of incoming ACKs. Loss recovery is
// recovery.go, timeouts rto.go.

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
		avail := e.sndNxt.To(dataEnd)
		flight := e.sndUna.To(e.sndNxt)
		wnd := min(e.cwnd, e.peerWnd)
		if lt := e.limitedTransmit(); lt >= 0 {
			flight = lt
			wnd = e.cwnd
		}
		if avail <= 0 {
			// All data sent: the FIN may go (it occupies one sequence
			// number but is not limited by the window).
			if e.finQueued && e.sndNxt == dataEnd {
				e.sendSegment(e.sndNxt, 0, true)
			}
			return
		}
		room := wnd - flight
		if e.st.is.pktCwnd {
			// packets.go: a segment fits if fewer than cwnd packets are in
			// flight; the peer's window still counts bytes.
			room = max(0, e.peerWnd-e.sndUna.To(e.sndNxt))
			if e.packetsInFlight() >= e.cwndPackets() {
				room = 0
			}
		}
		if room <= 0 {
			if e.cwnd <= e.peerWnd {
				e.cwndLimited = true // data waits for cwnd, not for the application
			}
			if e.peerWnd == 0 && flight == 0 {
				e.armProbe() // persist: RFC 9293 §3.8.6.1
			}
			return
		}
		if e.sndNxt < e.sndMax && e.st.cfg.SACK {
			// Resending after a timeout: what the peer holds (SACK) is
			// not sent again.
			if to := e.sb.sackedAt(e.sndNxt); to > e.sndNxt {
				e.sndNxt = to
				continue
			}
			avail = min(avail, e.sndNxt.To(e.sb.nextSacked(e.sndNxt, e.sndMax)))
		}
		n := min(avail, e.mss, room)
		if n < avail && n < e.mss && flight > 0 {
			// Sender silly-window avoidance (RFC 9293 §3.8.6.2.1): do not
			// send a window-limited runt while data is in flight.
			return
		}
		if e.st.cfg.Nagle && n < e.mss && flight > 0 {
			// Nagle (RFC 896, RFC 1122 §4.2.3.4): a sub-MSS segment waits
			// while earlier data is unacknowledged.
			return
		}
		// The FIN rides on the segment that ends the data — not on one
		// that only ends the gap before a SACKed block.
		fin := e.finQueued && e.sndNxt.Add(n) == dataEnd
		e.sendSegment(e.sndNxt, n, fin)
	}
}

// sendSegment transmits [seq, seq+n) (plus a FIN if fin) and advances
// sndNxt; a segment below sndMax is a retransmission.
func (e *Endpoint) sendSegment(seq Seq, n units.Bytes, fin bool) {
	now := e.st.S.Now()
	retrans := seq < e.sndMax
	flags := flagACK
	end := seq.Add(n)
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
	h, s := e.newSegment(flags, seq, n)
	if n > 0 {
		e.dataIdx++
		s.dataIdx = e.dataIdx
		e.sentData = true
	}
	if retrans {
		e.st.stats.Retransmits++
		e.traceRetransmit(seq, n, "rto")
	} else {
		sg := e.segs.Append() // every field set: the slot may hold an old record
		sg.seq, sg.len, sg.sentAt = seq, seq.To(end), now
		sg.retrans, sg.rtxAt, sg.sacked = false, 0, false
	}
	if e.sndNxt == seq || end > e.sndNxt {
		e.sndNxt = max(e.sndNxt, end)
	}
	e.sndMax = max(e.sndMax, e.sndNxt)
	e.noteFlight()
	e.lastSend = now
	if e.inRecov {
		e.prr.out += seq.To(end) // prr_out (RFC 6937)
	}
	e.ackSent()
	e.transmit(h)
	// RFC 6298 §5.1: start the timer when data is sent and it is not
	// running; new data arms the loss probe in its place (tlp.go).
	e.armAfterSend(!retrans && n > 0)
}

// newSegment builds a segment from this endpoint to its peer carrying the
// current ACK and window, in the stack's segment store (stack.go), and
// returns its handle and the segment, which is the caller's to complete
// until it transmits the handle (no other segment may be built before).
func (e *Endpoint) newSegment(flags uint8, seq Seq, n units.Bytes) (uint32, *segment) {
	wnd := e.advertisedWindow()
	e.lastWnd = wnd
	h, s := e.st.newSeg()
	// Cleared, then set field by field: a composite literal would be
	// built on the stack and copied in, a copy that stalls on store
	// forwarding after the byte-wide flags store (perf).
	*s = segment{}
	s.flags, s.seq, s.ack, s.wnd, s.len = flags, seq, e.rcvNxt, wnd, n
	if e.st.cfg.SACK && len(e.ooo) > 0 {
		e.fillSACK(s)
	}
	if e.st.cfg.SACK && e.dsackPend.to > 0 {
		s.dsack, e.dsackPend = e.dsackPend, span{}
	}
	return h, s
}

// transmit puts the segment of handle h (newSegment, or Stack.put) on
// the wire.
func (e *Endpoint) transmit(h uint32) {
	if t := e.st.trace; t != nil && t.Segments {
		s := e.st.segs.At(h)
		t.add(Record{At: e.st.S.Now(), Kind: RecSegSent, Conn: e.conn.ID, Client: e.client, Seq: s.seq, Len: s.len, Flags: flagString(s.flags)})
	}
	e.st.send(e, h)
}

func (e *Endpoint) sendAck() {
	e.ackSent()
	h, _ := e.newSegment(flagACK, e.sndNxt, 0)
	e.transmit(h)
}

func (e *Endpoint) sendRst(seq Seq) {
	e.transmit(e.st.segs.Put(segment{flags: flagRST | flagACK, seq: seq, ack: e.rcvNxt}))
}

// retransmitFirst resends the oldest unacknowledged segment (fast
// retransmit and NewReno partial ACKs) without moving sndNxt.
func (e *Endpoint) retransmitFirst(why string) { e.retransmitRange(e.sndUna, why) }

// retransmitRange resends one segment starting at seq: up to an MSS, not
// into data the peer already holds (SACK), with the FIN if it reaches it.
// It returns the sequence space the segment covered.
func (e *Endpoint) retransmitRange(seq Seq, why string) units.Bytes {
	dataEnd := e.sndEnd + 1
	limit := min(e.sndMax, dataEnd)
	if e.st.cfg.SACK {
		limit = min(limit, e.sb.nextSacked(seq, e.sndMax))
	}
	n := max(0, min(e.mss, seq.To(limit)))
	fin := e.finSent && seq.Add(n) == dataEnd
	// Karn's algorithm (RFC 6298 §3): segments covering this range may not
	// be timed any more. The record is in sequence order without overlaps
	// (only new data is added, at sndMax), so the overlap is found by
	// binary search instead of a scan of the whole flight.
	for i := e.segAfter(seq); i < e.segs.Len(); i++ {
		s := e.segs.At(i)
		if s.seq >= seq.Add(max(n, 1)) {
			break
		}
		s.retrans = true
		s.rtxAt = e.st.S.Now()
	}
	flags := flagACK
	if fin {
		flags |= flagFIN
	}
	h, s := e.newSegment(flags, seq, n)
	if n > 0 {
		e.dataIdx++
		s.dataIdx = e.dataIdx
	}
	e.st.stats.Retransmits++
	e.traceRetransmit(seq, n, why)
	e.lastSend = e.st.S.Now()
	if e.inRecov {
		e.prr.out += n // prr_out (RFC 6937)
	}
	e.ackSent()
	e.transmit(h)
	if fin {
		return n + 1
	}
	return n
}

func (e *Endpoint) traceRetransmit(seq Seq, n units.Bytes, why string) {
	if t := e.st.trace; t != nil {
		t.add(Record{At: e.st.S.Now(), Kind: RecRetransmit, Conn: e.conn.ID, Client: e.client, Seq: seq, Len: n, Note: why})
	}
}

// restartAfterIdle applies slow-start restart (RFC 5681 §4.1): a sender
// that has been idle for more than an RTO has lost its ACK clock, so cwnd
// falls back to the restart window RW = min(IW, cwnd) (window.restart).
func (e *Endpoint) restartAfterIdle() {
	if !e.st.cfg.SlowStartAfterIdle || !e.sentData || e.sndNxt != e.sndUna {
		return
	}
	idle := e.st.S.Now() - e.lastSend
	if idle <= e.rto {
		return
	}
	if e.window.restart(units.Bytes(e.st.cfg.InitCwnd) * e.mss) {
		e.traceCwnd()
	}
}

// ackInput processes the acknowledgment field of an incoming segment
// (RFC 9293 §3.10.7.4, "fifth, check the ACK field").
func (e *Endpoint) ackInput(s *segment) {
	ack := s.ack
	if ack > e.sndMax {
		return // acknowledges something not yet sent: ignore (RFC 9293 sends an ACK; harmless here)
	}
	// What this ACK reports delivered (RFC 6937's DeliveredData, for PRR):
	// the change in snd.una plus the change in SACKed bytes.
	e.ackUna0, e.ackSacked0 = e.sndUna, e.sb.sackedBytes()
	lost0 := e.sb.lostLimit(e.sndUna, e.mss)
	e.ackNewlyLost, e.ackRtxAcked = false, false
	if e.st.cfg.SACK && s.nsack > 0 {
		e.sb.update(s, e.sndUna, e.sndMax)
		e.markSACKed()
		if e.sb.useRACK && ack <= e.sndUna {
			e.rackDetect() // (a new ACK runs it in newAck)
		}
		e.ackNewlyLost = e.sb.lostLimit(e.sndUna, e.mss) > max(lost0, ack)
	}
	e.ackDelivered = e.sb.sackedBytes() - e.ackSacked0
	if e.frto != frtoNone {
		if e.frtoAck(s) {
			return
		}
		defer e.output() // after a fall-back to conventional recovery
	}
	if e.tlpEnd > 0 {
		dup := ack == e.sndUna && s.nsack == 0 && s.len == 0
		e.tlpAck(ack, s.dsack.to > e.tlpFrom && s.dsack.from < e.tlpEnd, dup)
	}
	if ack > e.sndUna {
		e.newAck(s)
		return
	}
	// RFC 5681 §2: a duplicate ACK acknowledges nothing new, carries no
	// data, does not change the window, and arrives while data is
	// outstanding.
	if ack == e.sndUna && s.len == 0 && s.flags&(flagSYN|flagFIN) == 0 && s.wnd == e.peerWnd && e.sndMax > e.sndUna {
		e.dupAcks++
		e.rec.dupAck(e)
		if !e.inRecov && e.st.cfg.LimitedTransmit {
			e.output() // Limited Transmit (limited.go)
		}
		return
	}
	if ack == e.sndUna {
		e.updateWindow(s.wnd)
	}
}

func (e *Endpoint) updateWindow(w units.Bytes) {
	opened := w > e.peerWnd
	e.peerWnd = w
	if opened {
		e.output()
	}
}

// newAck handles an ACK that acknowledges new data.
func (e *Endpoint) newAck(s *segment) {
	now := e.st.S.Now()
	acked := e.sndUna.To(s.ack)
	e.sndUna = s.ack
	if e.sndNxt < e.sndUna {
		e.sndNxt = e.sndUna // after an RTO the ACK may cover data resent by go-back-N
	}
	e.peerWnd = s.wnd
	e.retries = 0
	// RTT sample from the oldest segment the ACK covers, as Linux
	// (tcp_clean_rtx_queue's seq_rtt from first_ackt) and ns-3
	// (EstimateRtt, the head of m_history) take it; and only if the ACK
	// covers no retransmitted segment (Karn's algorithm, RFC 6298 §3): an
	// ACK that a retransmission triggered also covers segments that sat out
	// of order at the receiver, and timing those would count the whole
	// recovery as round-trip time (Linux: FLAG_RETRANS_DATA_ACKED voids
	// the sample).
	var sample, newest time.Duration = -1, -1
	retransAcked := false
	delivered := 0 // segments this ACK delivers (packets.go)
	for e.segs.Len() > 0 {
		sg := e.segs.Front()
		if sg.seq.Add(sg.len) > e.sndUna {
			break
		}
		retransAcked = retransAcked || sg.retrans
		if sample < 0 {
			sample = now - sg.sentAt
		}
		newest = now - sg.sentAt
		if e.sb.useRACK && !sg.sacked {
			e.rackUpdate(sg)
		}
		if sg.sacked {
			e.rack.sackedSegs--
		} else {
			delivered++
		}
		e.segs.Pop()
	}
	if sample >= 0 && !retransAcked {
		e.rttSample(sample)
		if e.st.is.hystart && e.cwnd < e.ssthresh && !e.inRecov {
			e.hystartSample(newest) // the newest segment's RTT, as Linux's ca_rtt
		}
	} else if e.st.is.rtoResetACK && e.hasRTT && e.backoff > 0 {
		e.setRTO()
	}
	if e.finSent && e.sndUna == e.sndEnd+2 {
		e.finAcked = true
	}
	e.sb.prune(e.sndUna)
	e.ackDelivered = e.ackUna0.To(e.sndUna) + e.sb.sackedBytes() - e.ackSacked0
	e.ackRtxAcked = retransAcked
	growth := e.countAcked(acked)
	if e.st.is.pktCwnd {
		growth = units.Bytes(delivered) * e.mss // Linux: cwnd grows by segments delivered
	}
	if e.sb.useRACK {
		e.rackDetect()
	}
	if e.inLoss && e.sndUna >= e.recover {
		// The ACK that ends the recovery from a timeout.
		e.inLoss = false
		if e.st.cfg.LossExitAboveRecover {
			// ns-3.37 ProcessAck (CA_LOSS → CA_OPEN): only the whole
			// segments above the recovery point count.
			growth = e.recover.To(e.sndUna) / e.mss * e.mss
		}
	}
	if e.inRecov {
		e.rec.newAck(e, acked)
	} else {
		e.dupAcks = 0
		e.grow(growth)
		if e.sb.useRACK && e.sb.lostAt(e.sndUna, e.sndUna, e.mss) && !e.inLoss && !e.sameEpisode() {
			// RACK found a loss on an ACK of new data: recovery starts
			// here too (Linux tcp_fastretrans_alert, lost_out > 0).
			e.enterSACKRecovery()
		}
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
	e.armTLP()
}

// isCwndLimited says whether the window was what limited the sender: an
// application-limited sender does not grow cwnd (RFC 7661 §4.3; Linux
// tcp_is_cwnd_limited). In slow start the window may grow while it is
// below twice the largest flight of the last round trip, as Linux allows;
// in congestion avoidance only if the sender ran out of window since the
// last growth.
func (e *Endpoint) isCwndLimited() bool {
	if !e.st.cfg.CwndValidation {
		return true // ns-3.37: every ACK may grow cwnd
	}
	if e.cwnd < e.ssthresh {
		return e.cwnd < 2*e.maxFlight
	}
	return e.cwndLimited
}

// noteFlight tracks the largest flight per round trip (Linux
// max_packets_out, refreshed when the ACKs pass the mark).
func (e *Endpoint) noteFlight() {
	flight := e.sndUna.To(e.sndNxt)
	if flight > e.maxFlight || e.sndUna >= e.maxFlightSeq {
		e.maxFlight = flight
		e.maxFlightSeq = e.sndNxt
		if e.sndUna >= e.maxFlightSeq {
			e.cwndLimited = false
		}
	}
}

// countAcked is what an ACK of acked new bytes counts for window growth
// (Config.AckCounting): the bytes, or ns-3.37's whole segments with the
// remainder banked (TcpSocketBase::ProcessAck, m_bytesAckedNotProcessed).
func (e *Endpoint) countAcked(acked units.Bytes) units.Bytes {
	if !e.st.is.ackSegments {
		return acked
	}
	segs := acked / e.mss
	e.ackBank += acked % e.mss
	if e.ackBank >= e.mss {
		segs++
		e.ackBank -= e.mss
	}
	return segs * e.mss
}

// grow opens cwnd for acked bytes outside recovery: slow start below
// ssthresh (RFC 5681 §3.1 with the configured increase rule), congestion
// avoidance above it (the congestion-control algorithm).
func (e *Endpoint) grow(acked units.Bytes) {
	if acked <= 0 || !e.isCwndLimited() {
		return
	}
	if e.cwnd < e.ssthresh {
		if e.st.is.hystart {
			e.hystartRound(e.sndUna)
		}
		var inc units.Bytes
		switch e.st.cfg.SlowStartIncrease {
		case SSIncreaseRFC5681:
			inc = min(acked, e.mss) // RFC 5681 §3.1: at most SMSS per ACK
		case SSIncreaseABC2:
			inc = min(acked, 2*e.mss) // RFC 3465 §2.2, L = 2·SMSS
		default:
			inc = acked // Linux tcp_slow_start: every newly acked segment
		}
		e.cwnd += inc
		if e.cwnd > e.ssthresh && e.st.cfg.SlowStartIncrease == SSIncreaseLinux {
			// Linux caps the slow-start step at ssthresh and hands the
			// rest to congestion avoidance.
			e.cwnd = e.ssthresh
		}
		e.cc.onSlowStart(&e.window)
	} else {
		e.cc.onCongestionAvoidance(&e.window, acked, e.st.S.Now(), e.srtt)
	}
	e.traceCwnd()
}

func (e *Endpoint) traceCwnd() {
	if t := e.st.trace; t != nil {
		t.add(Record{At: e.st.S.Now(), Kind: RecCwnd, Conn: e.conn.ID, Client: e.client, Cwnd: e.cwnd, Ssthresh: e.ssthresh})
	}
	if e.st.cwndHook != nil && e.conn.crossesLink {
		e.st.cwndHook(e)
	}
}

// sendNew sends one segment of new data (or the FIN) if the peer's window
// allows; it reports whether it sent anything.
func (e *Endpoint) sendNew() bool {
	dataEnd := e.sndEnd + 1
	if e.sndNxt < e.sndMax {
		return false
	}
	avail := e.sndNxt.To(dataEnd)
	if avail <= 0 {
		if e.finQueued && !e.finSent && e.sndNxt == dataEnd {
			e.sendSegment(e.sndNxt, 0, true)
			return true
		}
		return false
	}
	if e.sndUna.To(e.sndNxt)+min(avail, e.mss) > e.peerWnd {
		return false
	}
	n := min(avail, e.mss)
	e.sendSegment(e.sndNxt, n, e.finQueued && n == avail)
	return true
}
