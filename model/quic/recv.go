package quic

import "pagesim/model/units"

// receiveDatagram processes the packets of a datagram that arrived, in
// order, then sends what is due.
func (e *Endpoint) receiveDatagram(dg datagram, size units.Bytes) {
	if e.closed {
		return
	}
	if !e.client {
		if !e.hs.validated {
			e.hs.rcvd += size // RFC 9000 §8.1: the datagram's payload counts
		}
		if !e.hs.accepted && !e.accept() {
			return
		}
	}
	for i := uint8(0); i < dg.n && !e.closed; i++ {
		e.receivePacket(dg.pkts[i])
	}
	for e.newKeys && !e.closed {
		e.newKeys = false
		e.replayUndecryptable()
	}
	if !e.closed {
		e.flush()
	}
}

// maxUndecryptable is how many packets that arrived before their keys an
// endpoint keeps to read once the keys come (Chrome's
// kMaxUndecryptablePackets; RFC 9001 §5.7 allows buffering them).
const maxUndecryptable = 100

// replayUndecryptable reads the kept packets whose keys have come.
func (e *Endpoint) replayUndecryptable() {
	q := e.undecryptable
	keep := q[:0]
	for _, id := range q {
		p := e.st.pkt(id)
		if e.closed || e.discarded[p.sp] {
			e.st.release(id)
			continue
		}
		if !e.canRead(p.sp, p.zeroRTT) {
			keep = append(keep, id)
			continue
		}
		e.receivePacket(id)
		e.st.release(id)
	}
	clear(q[len(keep):])
	e.undecryptable = keep
}

// receivePacket processes one packet: its number is recorded for the
// ACKs this endpoint sends, its ACK frame goes to loss recovery, its
// frames to the handshake, the streams and flow control.
func (e *Endpoint) receivePacket(id pktID) {
	// A copy: callbacks may send, and sending may grow the slab.
	pk := *e.st.pkt(id)
	p := &pk
	sp := p.sp
	if !e.canRead(sp, p.zeroRTT) {
		switch {
		case e.discarded[sp]:
		case len(e.undecryptable) < maxUndecryptable:
			e.st.pkt(id).refs++
			e.undecryptable = append(e.undecryptable, id)
		default:
			e.st.stats.Undecryptable++
		}
		return
	}
	rs := &e.rcv[sp]
	if rs.got.contains(p.num) || p.num < rs.floor {
		return // a duplicate (RFC 9000 §12.3)
	}
	prevLargest := rs.largest
	rs.got.add(p.num, p.num+1)
	if len(rs.got.s) > 2*maxAckRanges {
		rs.floor = rs.got.s[len(rs.got.s)-2*maxAckRanges].lo
		rs.got.trimBelow(rs.floor)
	}
	if p.num > rs.largest {
		rs.largest = p.num
		rs.largestAt = e.st.S.Now()
	}
	rs.pending = true
	if p.ackEliciting {
		e.ackEliciting(sp, p.num, prevLargest)
	}
	// RFC 9000 §10.1: every packet processed restarts the idle timer.
	e.elicitingSinceRecv = false
	e.armIdle()
	if !e.client && sp == handshakeSpace && !e.hs.validated {
		// RFC 9000 §8.1: a Handshake packet from the client validates its
		// address; RFC 9001 §4.9.1: the server discards its Initial keys.
		e.hs.validated = true
		e.discardSpace(initialSpace)
	}
	if p.hasAck {
		e.ackArrived(sp, p)
	}
	crypto := false
	for k := range p.frames {
		if e.closed {
			return
		}
		f := &p.frames[k]
		switch f.kind {
		case frCrypto:
			e.rcv[sp].crypto.got.add(f.off, f.off+f.n)
			crypto = true
		case frStream:
			e.streamFrameArrived(f)
		case frResetStream:
			e.resetArrived(f)
		case frMaxData:
			if f.val > e.fc.peerMax {
				e.fc.peerMax = f.val
				e.scheduleFlush()
			}
		case frMaxStreamData:
			if s := e.streams[f.id]; s != nil && f.val > s.peerMax {
				s.peerMax = f.val
				e.scheduleFlush()
			}
		case frMaxStreamsBidi, frMaxStreamsUni:
			k := uniIndex(f.kind == frMaxStreamsUni)
			if f.val > e.peerMax[k] {
				e.peerMax[k] = f.val
				e.app.StreamsAvailable(e)
			}
		case frHandshakeDone:
			e.handshakeDoneArrived()
		case frConnectionClose:
			err := ErrPeerClosed
			if f.val == 1 {
				err = ErrRefused
			}
			e.terminate(err) // the draining period is not modelled
			return
		}
	}
	if crypto && !e.discarded[sp] {
		e.cryptoArrived(sp)
	}
}
