package tcp

import (
	"time"

	"pagesim/model/units"
)

// This file is the receiver: segment arrival in each state (RFC 9293
// §3.10.7), reassembly, the ACK policy (RFC 1122 §4.2.3.2, RFC 5681 §4.2,
// Linux quick-ACK) and the receive window.

// receive is where every segment arrives.
func (e *Endpoint) receive(s *segment) {
	if t := e.st.trace; t != nil && t.Segments {
		t.add(Record{At: e.st.S.Now(), Kind: RecSegRecv, Conn: e.conn.ID, Client: e.client, Seq: s.seq, Len: s.len, Flags: flagString(s.flags)})
	}
	if s.flags&flagRST != 0 {
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
			if s.flags&flagFIN != 0 || s.len > 0 {
				e.transmit(e.st.segs.Put(segment{flags: flagACK, seq: e.sndNxt, ack: e.rcvNxt}))
			}
			return
		}
		if e.done {
			e.sendRst(s.ack)
		}
		return
	case stateListen, stateSynSent, stateSynRcvd:
		if e.handshakeInput(s) {
			return
		}
	}
	if s.flags&flagSYN != 0 {
		// A retransmitted SYN-ACK: our ACK was lost. Acknowledge again.
		e.sendAck()
		return
	}
	if s.flags&flagACK != 0 {
		e.ackInput(s)
		if e.done {
			return
		}
	}
	e.dataInput(s)
}

// dataInput handles the payload and FIN of a segment in a synchronized
// state.
func (e *Endpoint) dataInput(s *segment) {
	if s.len == 0 && s.flags&flagFIN == 0 {
		if s.flags&flagProbe != 0 {
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
	if e.readClosed && s.seq.Add(s.len) > e.rcvNxt && s.len > 0 {
		// Data for an application that has closed its socket for
		// reading: reset (RFC 9293 §3.10.7.4; RFC 2525 §2.17).
		e.sendRst(e.sndNxt)
		e.terminate(ErrAborted)
		return
	}
	ackNow, dup := false, false
	seq, end := s.seq, s.seq.Add(s.len)
	if s.len > 0 {
		switch {
		case end <= e.rcvNxt:
			ackNow, dup = true, true     // duplicate: re-acknowledge at once (RFC 9293 §3.10.7.4)
			e.dsackPend = span{seq, end} // and say so (D-SACK, RFC 2883 §4)
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
			if s.flags&flagFIN != 0 {
				e.oooFin = end // remember it: it takes effect when the gap fills
			}
			// RFC 5681 §4.2: an out-of-order segment is acknowledged at
			// once (a duplicate ACK that feeds fast retransmit).
			e.sendAck()
			return
		}
	} else if s.flags&flagFIN != 0 && end > e.rcvNxt {
		// A bare FIN beyond a gap: keep it and send a duplicate ACK.
		e.oooFin = end
		e.sendAck()
		return
	}
	fin := s.flags&flagFIN != 0 && end == e.rcvNxt
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
	if e.st.cfg.DelayedACK == 0 || e.unacked >= 2 {
		// RFC 5681 §4.2: ACK at least every second full-sized segment.
		ackNow = true
	}
	if s.len > 0 || e.finRcvd {
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
		e.delack.ResetAfter(e.st.cfg.DelayedACK)
	}
}

// ackSent is called whenever a segment carrying an ACK leaves: it settles
// the delayed-ACK state.
func (e *Endpoint) ackSent() {
	e.unacked = 0
	e.ackedTo = e.rcvNxt
	e.delack.Stop()
}

func (e *Endpoint) onDelayedAck(now time.Duration) {
	if e.open() && e.unacked > 0 {
		e.sendAck()
	}
}

// advertisedWindow is the free space of the receive buffer.
func (e *Endpoint) advertisedWindow() units.Bytes {
	return max(0, e.rcvBuf-e.readPos.To(e.dataEnd()))
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
	remaining := max(0, e.lastWnd-e.ackedTo.To(e.rcvNxt))
	w := e.advertisedWindow()
	if 2*remaining <= e.rcvBuf && w >= 2*remaining && w >= e.mss {
		e.sendAck()
	}
}

// insertOOO records [from, to) as received out of order.
func (e *Endpoint) insertOOO(from, to Seq) { e.ooo = insertSpan(e.ooo, span{from, to}) }

// mergeOOO moves rcvNxt over the out-of-order data it has reached.
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
