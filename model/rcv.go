package model

// This file is the receiver: segment arrival in each state (RFC 9293
// §3.10.7), reassembly, the ACK policy (RFC 1122 §4.2.3.2, RFC 5681 §4.2,
// Linux quick-ACK) and the receive window.

// receive is where every segment arrives.
func (e *Endpoint) receive(p packet) {
	n := e.net
	if t := n.trace; t != nil && t.Segments {
		t.add(Record{At: n.S.Now(), Kind: RecSegRecv, Conn: e.conn.ID, Client: e.client, Seq: p.seq, Len: p.len, Flags: flagString(p.flags)})
	}
	if p.flags&flagRST != 0 {
		e.rstInput()
		return
	}
	switch e.state {
	case stateClosed, stateTimeWait:
		// No connection: anything but a RST draws a RST (RFC 9293
		// §3.10.7.1). After an orderly close the endpoint stands for
		// TIME-WAIT (what it is for, RFC 9293 §3.10.7.4): a retransmitted
		// FIN or old data — the peer missed our last ACK — is
		// acknowledged again, a bare ACK is ignored, never a RST.
		if e.timeWait {
			if p.flags&flagFIN != 0 || p.len > 0 {
				e.transmit(packet{dst: e.peer, route: e.out, flags: flagACK, seq: e.sndNxt, ack: e.rcvNxt})
			}
			return
		}
		if e.done {
			e.sendRst(p.ack)
		}
		return
	case stateListen:
		if p.flags&flagSYN == 0 {
			return
		}
		e.rcvNxt = 1
		e.peerWnd = p.wnd
		if !e.app.Accept(e) {
			// Refused: RST in answer to the SYN (RFC 9293 §3.10.7.2).
			e.rcvNxt = 1
			e.sendRst(0)
			e.done = true
			e.setState(stateClosed)
			return
		}
		e.setState(stateSynRcvd)
		e.sendSyn()
		return
	case stateSynSent:
		if p.flags&(flagSYN|flagACK) == flagSYN|flagACK && p.ack == 1 {
			e.rcvNxt = 1
			e.readPos = 1
			e.sndUna = 1
			e.peerWnd = p.wnd
			e.handshakeDone()
			e.app.Established(e)
			if e.sndNxt == 1 && e.open() {
				// Nothing rode on the third segment: a bare ACK.
				e.sendAck()
			}
		}
		return
	case stateSynRcvd:
		if p.flags&flagSYN != 0 {
			e.sendSyn() // our SYN-ACK was lost: send it again
			return
		}
		if p.flags&flagACK == 0 || p.ack != 1 {
			return
		}
		e.readPos = 1
		e.sndUna = 1
		e.peerWnd = p.wnd
		e.handshakeDone()
		e.app.Established(e)
		if e.done {
			return
		}
	}
	if p.flags&flagSYN != 0 {
		// A retransmitted SYN-ACK: our ACK was lost. Acknowledge again.
		e.sendAck()
		return
	}
	if p.flags&flagACK != 0 {
		e.ackInput(&p)
		if e.done {
			return
		}
	}
	e.dataInput(&p)
}

// handshakeDone ends the three-way handshake on this side: an RTT sample
// from the SYN if it was not retransmitted, timers reset.
func (e *Endpoint) handshakeDone() {
	if e.segs.len() > 0 {
		s := e.segs.pop()
		if !s.retrans && e.sndMax == 1 && e.backoff == 0 {
			e.rttSample(e.net.S.Now() - s.sentAt)
		}
	}
	e.segs.clear()
	e.retries = 0
	e.backoff = 0
	e.rtoTimer.Stop()
	if !e.hasRTT {
		e.rto = max(e.net.tcp.MinRTO, e.rto)
	}
	e.setState(stateEstablished)
}

// dataInput handles the payload and FIN of a segment in a synchronized
// state.
func (e *Endpoint) dataInput(p *packet) {
	if p.len == 0 && p.flags&flagFIN == 0 {
		if p.flags&flagProbe != 0 {
			e.sendAck() // answer a zero-window probe with the current window
		}
		return
	}
	if e.finRcvd {
		// Everything the peer will send has arrived; a retransmission of
		// it is acknowledged again.
		e.sendAck()
		return
	}
	if e.readClosed && p.seq+int64(p.len) > e.rcvNxt && p.len > 0 {
		// Data for an application that has closed its socket for
		// reading: reset (RFC 9293 §3.10.7.4; RFC 2525 §2.17).
		e.sendRst(e.sndNxt)
		e.terminate(ErrAborted)
		return
	}
	ackNow, dup := false, false
	seq, end := p.seq, p.seq+int64(p.len)
	if p.len > 0 {
		switch {
		case end <= e.rcvNxt:
			ackNow, dup = true, true // duplicate: re-acknowledge at once (RFC 9293 §3.10.7.4)
		case seq <= e.rcvNxt:
			hadGap := len(e.ooo) > 0
			e.rcvNxt = end
			e.mergeOOO()
			e.unacked++
			// RFC 5681 §4.2: ACK at once when a segment fills a gap.
			ackNow = hadGap
		default:
			e.insertOOO(seq, end)
			e.lastOOO = seq
			if p.flags&flagFIN != 0 {
				e.oooFin = end // remember it: it takes effect when the gap fills
			}
			// RFC 5681 §4.2: an out-of-order segment is acknowledged at
			// once (a duplicate ACK that feeds fast retransmit).
			e.sendAck()
			return
		}
	} else if p.flags&flagFIN != 0 && end > e.rcvNxt {
		// A bare FIN beyond a gap: keep it and send a duplicate ACK.
		e.oooFin = end
		e.sendAck()
		return
	}
	fin := p.flags&flagFIN != 0 && end == e.rcvNxt
	if e.oooFin > 0 && e.oooFin == e.rcvNxt {
		fin = true // the gap before an out-of-order FIN is filled
	}
	timeWait := false
	if fin {
		e.oooFin = 0
		timeWait = e.finInput(e.rcvNxt)
		ackNow = true
	}
	if e.quick > 0 && e.unacked > 0 {
		e.quick--
		ackNow = true
	}
	if e.net.tcp.DelayedACK == 0 || e.unacked >= 2 {
		// RFC 5681 §4.2: ACK at least every second full-sized segment.
		ackNow = true
	}
	if p.len > 0 || e.finRcvd {
		e.app.Readable(e) // the application may answer: its data carries the ACK
		if e.done {
			return
		}
	}
	if timeWait {
		// RFC 9293 §3.10.7.4 (FIN-WAIT-2): acknowledge the FIN, then
		// enter TIME-WAIT — after the application has seen the data.
		e.sendAck()
		e.enterTimeWait()
		return
	}
	if e.unacked == 0 && !ackNow {
		return
	}
	if ackNow {
		// Unless a segment the application sent in Readable already
		// carried this acknowledgment.
		if e.unacked > 0 || dup || e.ackedTo < e.rcvNxt {
			e.sendAck()
		}
		return
	}
	if !e.delack.Armed() {
		e.delack.ResetAfter(e.net.tcp.DelayedACK)
	}
}

// finInput processes the peer's FIN once all data before it has arrived.
// It reports whether the endpoint is to enter TIME-WAIT (our FIN is
// acknowledged already); the caller does so once the FIN is acknowledged.
func (e *Endpoint) finInput(finSeq int64) bool {
	e.finRcvd = true
	e.peerFinSeq = finSeq
	e.rcvNxt = finSeq + 1
	switch e.state {
	case stateEstablished:
		e.setState(stateCloseWait)
	case stateFinWait1:
		if e.finAcked {
			return true
		}
		e.setState(stateClosing)
	case stateFinWait2:
		return true
	}
	return false
}

// enterTimeWait ends an orderly close. TIME-WAIT is not timed (nothing
// reuses the 4-tuple in a page load), but the endpoint remembers it so a
// retransmitted FIN is acknowledged rather than reset.
func (e *Endpoint) enterTimeWait() {
	e.setState(stateTimeWait)
	e.timeWait = true
	e.terminate(nil)
}

// afterFinAcked advances the closing states once our FIN is acknowledged.
func (e *Endpoint) afterFinAcked() {
	if !e.finAcked {
		return
	}
	switch e.state {
	case stateFinWait1:
		e.setState(stateFinWait2)
	case stateClosing:
		e.enterTimeWait()
	case stateLastAck:
		e.terminate(nil)
	}
}

// ackSent is called whenever a segment carrying an ACK leaves: it settles
// the delayed-ACK state.
func (e *Endpoint) ackSent() {
	e.unacked = 0
	e.ackedTo = e.rcvNxt
	e.delack.Stop()
}

func (e *Endpoint) onDelayedAck(now timeT) {
	if e.open() && e.unacked > 0 {
		e.sendAck()
	}
}

// rstInput handles a RST: the connection is gone, and whatever had arrived
// but was not yet read by the application is destroyed with it (as Linux
// purges the receive queue in tcp_reset/tcp_done).
func (e *Endpoint) rstInput() {
	if e.done || e.state == stateListen {
		return
	}
	if e.state == stateSynSent {
		e.terminate(ErrRefused)
		return
	}
	lost := e.Readable()
	for _, s := range e.ooo {
		lost += Bytes(s.to - s.from)
	}
	if lost > 0 {
		if e.client && e.conn.crossesLink {
			e.net.destroyed += int64(lost)
		}
		if t := e.net.trace; t != nil {
			t.add(Record{At: e.net.S.Now(), Kind: RecDestroyed, Conn: e.conn.ID, Client: e.client, Len: lost})
		}
	}
	e.destroyedBytes = lost
	e.terminate(ErrReset)
}

// advertisedWindow is the free space of the receive buffer.
func (e *Endpoint) advertisedWindow() Bytes {
	return max(0, e.rcvBuf-Bytes(e.dataEnd()-e.readPos))
}

// windowUpdate sends an ACK when the application's reading has opened the
// window a lot: Linux's rule in tcp_cleanup_rbuf. What the sender may
// still send is the window last advertised less what has arrived since
// (rcv_wup + rcv_wnd − rcv_nxt); when that is at most half the buffer and
// the new window is at least twice it (and one MSS, RFC 9293 §3.8.6.2.2),
// the update goes at once instead of waiting for the next ACK.
func (e *Endpoint) windowUpdate() {
	if !e.open() || e.finRcvd {
		return
	}
	remaining := max(0, e.lastWnd-Bytes(e.rcvNxt-e.ackedTo))
	w := e.advertisedWindow()
	if 2*remaining <= e.rcvBuf && w >= 2*remaining && w >= e.mss {
		e.sendAck()
	}
}

func (e *Endpoint) insertOOO(from, to int64) {
	i := 0
	for i < len(e.ooo) && e.ooo[i].to < from {
		i++
	}
	// merge with every overlapping or touching span from i on
	j := i
	for j < len(e.ooo) && e.ooo[j].from <= to {
		from = min(from, e.ooo[j].from)
		to = max(to, e.ooo[j].to)
		j++
	}
	if i == j {
		e.ooo = append(e.ooo, span{})
		copy(e.ooo[i+1:], e.ooo[i:])
		e.ooo[i] = span{from, to}
		return
	}
	e.ooo[i] = span{from, to}
	e.ooo = append(e.ooo[:i+1], e.ooo[j:]...)
}

func (e *Endpoint) mergeOOO() {
	k := 0
	for k < len(e.ooo) && e.ooo[k].from <= e.rcvNxt {
		e.rcvNxt = max(e.rcvNxt, e.ooo[k].to)
		k++
	}
	if k > 0 {
		e.ooo = append(e.ooo[:0], e.ooo[k:]...)
	}
}
