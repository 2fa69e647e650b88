package quic

import (
	"time"

	"pagesim/model/units"
)

// maxAckRanges bounds the ranges of an ACK frame: the oldest are left out
// beyond it (quic-go's limit; RFC 9000 §13.2.3 lets a receiver limit
// them).
const maxAckRanges = 32

// minPacketRoom is the least room worth building a packet for: a short
// header, a few bytes of frames and the AEAD tag. A server with less left
// under its amplification limit counts as blocked by it.
const minPacketRoom units.Bytes = 48

// scheduleFlush arranges for flush to run at the end of the current
// event.
func (e *Endpoint) scheduleFlush() {
	if !e.closed && !e.flushTimer.Armed() {
		e.flushTimer.ResetAfter(0)
	}
}

// flush sends every datagram the endpoint may send now: acknowledgements
// that are due, handshake data, control frames and stream data, as
// congestion control, pacing, flow control and (for a server) the
// anti-amplification limit allow.
func (e *Endpoint) flush() {
	for !e.closed && e.sendDatagram() {
	}
	if !e.closed {
		e.setLossTimer()
	}
}

// sendDatagram builds and sends one datagram of coalesced packets — an
// Initial, a Handshake, then a 0-RTT or 1-RTT packet, each as the space
// has something to send (RFC 9000 §12.2) — and reports whether it sent
// one.
func (e *Endpoint) sendDatagram() bool {
	room := e.cfg.MaxDatagram
	if amp := e.amplificationRoom(); amp >= 0 {
		if amp < minPacketRoom {
			return false
		}
		room = min(room, amp)
	}
	paced := e.paceBlocked()
	var dg datagram
	var used units.Bytes
	var initial, initialEliciting, eliciting, closing bool
	for sp := initialSpace; sp < numSpaces; sp++ {
		if room-used < minPacketRoom {
			break
		}
		id, ok := e.buildPacket(sp, room-used, paced)
		if !ok {
			continue
		}
		p := e.st.pkt(id)
		dg.pkts[dg.n] = id
		dg.n++
		used += p.size
		eliciting = eliciting || p.ackEliciting
		if sp == initialSpace {
			initial = true
			initialEliciting = p.ackEliciting
		}
		if sp == handshakeSpace && e.client {
			e.hs.sentHandshake = true
		}
		for _, f := range p.frames {
			closing = closing || f.kind == frConnectionClose
		}
	}
	if dg.n == 0 {
		return false
	}
	// RFC 9000 §14.1: a client pads every datagram with an Initial packet
	// to 1 200 bytes, a server every datagram with an ack-eliciting one;
	// the padding goes in the last packet and makes it count in flight.
	if initial && (e.client || initialEliciting) && used < MinDatagram {
		pad := min(MinDatagram, room) - used
		if pad > 0 {
			last := e.st.pkt(dg.pkts[dg.n-1])
			if !last.inFlight {
				last.inFlight = true
				e.bytesInFlight += last.size
			}
			last.size += pad
			e.bytesInFlight += pad
			used += pad
		}
	}
	if !e.client && !e.hs.validated {
		e.hs.sent += used
	}
	idx := 0
	if eliciting {
		e.dataIdx++
		idx = e.dataIdx
		e.pace.sent(used)
	}
	e.st.sendDatagram(e, dg, used, idx, initial, closing)
	if closing {
		e.terminate(e.closeErr)
		return false
	}
	// RFC 9001 §4.9.1: a client discards its Initial keys when it first
	// sends a Handshake packet.
	if e.client && e.hs.sentHandshake && !e.discarded[initialSpace] {
		e.discardSpace(initialSpace)
	}
	return true
}

// buildPacket builds a packet of space sp in at most room bytes: an ACK
// frame if one is due (or can ride along), then — as congestion control
// and pacing allow, or regardless when probing — CRYPTO data, control
// frames and STREAM data; a CONNECTION_CLOSE when closing. It returns
// false when there is nothing to send in sp.
func (e *Endpoint) buildPacket(sp space, room units.Bytes, paced bool) (pktID, bool) {
	canSend, zero := e.canSendIn(sp)
	if !canSend {
		return 0, false
	}
	cfg := e.cfg
	ss, rs := &e.snd[sp], &e.rcv[sp]
	pl := pnLen(ss.next, ss.largestAcked)
	long := sp != appSpace || zero
	hdr := headerLen(long, sp == initialSpace, cfg.CIDLen, pl) + aeadTag
	if room < hdr+pingLen {
		return 0, false
	}
	body := room - hdr
	frames := e.frames[:0]
	var payload units.Bytes

	if e.closeQueue {
		if sp != e.closeSpace() {
			return 0, false
		}
		val := int64(0)
		if e.refusing {
			val = 1
		}
		frames = append(frames, frame{kind: frConnectionClose, val: val})
		payload += connectionCloseLen
		return e.finishPacket(sp, zero, pl, hdr, payload, frames, false, false), true
	}

	var ackLen units.Bytes
	wantAck := rs.pending && !e.discarded[sp]
	if wantAck {
		ackLen = e.ackFrameLen(sp)
		if ackLen > body {
			wantAck = false
		}
	}
	if wantAck {
		body -= ackLen
	}
	probing := e.probes[sp] > 0
	// Ack-eliciting frames go while bytes in flight are below the
	// congestion window, and as pacing allows; probes go regardless
	// (RFC 9002 §6.2.4). RFC 9002 §7 says bytes_in_flight must not exceed
	// cwnd; quiche and quic-go send a full packet whenever they are below
	// it, overshooting by less than a datagram, and so does pagesim — the
	// strict rule would send a sliver of a packet for every few bytes the
	// window grows, the silly window syndrome TCP avoids (RFC 9293
	// §3.8.6.2.1).
	content := body
	if !probing && (paced || e.bytesInFlight >= e.window.cwnd) {
		content = 0
	}
	if content > 0 {
		n := e.fillCrypto(sp, &frames, content)
		if sp == appSpace {
			n += e.fillControl(&frames, content-n)
			n += e.fillStreams(&frames, content-n)
		}
		payload += n
	}
	if probing && len(frames) == 0 {
		frames = append(frames, frame{kind: frPing})
		payload += pingLen
	}
	if len(frames) == 0 && !(wantAck && rs.now) {
		return 0, false
	}
	if wantAck {
		payload += ackLen
	}
	return e.finishPacket(sp, zero, pl, hdr, payload, frames, wantAck, len(frames) > 0), true
}

// finishPacket records the packet built in e.frames and accounts for it
// as sent.
func (e *Endpoint) finishPacket(sp space, zero bool, pl, hdr, payload units.Bytes, frames []frame, withAck, eliciting bool) pktID {
	e.frames = frames[:0]
	// RFC 9001 §5.4.2: header protection samples 16 bytes starting 4
	// bytes after the packet number, so packet number and payload must
	// be at least 4 bytes before the tag; PADDING makes up the rest.
	if pl+payload < 4 {
		payload = 4 - pl
	}
	st := e.st
	id := st.allocPkt()
	p := st.pkt(id)
	ss := &e.snd[sp]
	p.sp, p.zeroRTT, p.num = sp, zero, ss.next
	p.size = hdr + payload
	p.sentAt = e.st.S.Now()
	p.frames = append(p.frames, frames...)
	p.ackEliciting = eliciting
	p.inFlight = eliciting
	if withAck {
		e.writeAck(sp, p)
	}
	ss.next++
	if ss.sent.Len() == 0 {
		ss.base = p.num
	}
	ss.sent.Push(id)
	e.hystartSent(p)
	if p.inFlight {
		e.bytesInFlight += p.size
	}
	if eliciting {
		ss.lastEliciting = p.sentAt
		ss.eliciting++
		if e.probes[sp] > 0 {
			e.probes[sp]--
		}
		// RFC 9000 §10.1: the idle timer restarts when an ack-eliciting
		// packet is sent and none was since the last one received.
		if !e.elicitingSinceRecv {
			e.elicitingSinceRecv = true
			e.armIdle()
		}
	}
	return id
}

// closeSpace is the space a CONNECTION_CLOSE goes in: the highest one the
// peer can read (RFC 9000 §10.2.3).
func (e *Endpoint) closeSpace() space {
	for sp := appSpace; sp > initialSpace; sp-- {
		if ok, zero := e.canSendIn(sp); ok && !zero {
			if sp == appSpace && !e.client && !e.hs.complete {
				continue // the client cannot read 1-RTT until the server's flight is in
			}
			return sp
		}
	}
	return initialSpace
}

// fillCrypto adds CRYPTO frames of space sp — what must go again first,
// then new handshake data — in at most room bytes; it returns their size.
func (e *Endpoint) fillCrypto(sp space, frames *[]frame, room units.Bytes) units.Bytes {
	b := &e.snd[sp].crypto
	var used units.Bytes
	for !b.retx.empty() {
		r, _ := b.retx.first()
		n := fitData(room-used, func(n int64) units.Bytes { return cryptoFrameLen(r.lo, n) }, r.hi-r.lo)
		if n <= 0 {
			return used
		}
		*frames = append(*frames, frame{kind: frCrypto, off: r.lo, n: n})
		used += cryptoFrameLen(r.lo, n)
		b.retx.remove(r.lo, r.lo+n)
	}
	for b.next < b.end {
		n := fitData(room-used, func(n int64) units.Bytes { return cryptoFrameLen(b.next, n) }, b.end-b.next)
		if n <= 0 {
			return used
		}
		*frames = append(*frames, frame{kind: frCrypto, off: b.next, n: n})
		used += cryptoFrameLen(b.next, n)
		b.next += n
	}
	return used
}

// fitData is the most bytes, up to want, whose frame (of size size(n))
// fits in room; 0 if none does.
func fitData(room units.Bytes, size func(n int64) units.Bytes, want int64) int64 {
	if want <= 0 || room <= 0 {
		return 0
	}
	n := min(want, int64(room))
	for n > 0 && size(n) > room {
		// The frame's overhead is a few bytes: shrink by the excess.
		n -= max(1, int64(size(n)-room))
	}
	return max(n, 0)
}

// fillControl adds the connection's control frames in at most room bytes:
// HANDSHAKE_DONE, MAX_DATA, MAX_STREAMS, and each stream's MAX_STREAM_DATA
// and RESET_STREAM.
func (e *Endpoint) fillControl(frames *[]frame, room units.Bytes) units.Bytes {
	var used units.Bytes
	add := func(f frame, n units.Bytes) bool {
		if used+n > room {
			return false
		}
		*frames = append(*frames, f)
		used += n
		return true
	}
	if e.hs.handshakeDone && add(frame{kind: frHandshakeDone}, handshakeDoneLen) {
		e.hs.handshakeDone = false
	}
	if e.fc.pending && add(frame{kind: frMaxData, val: e.fc.rcvMax}, maxDataFrameLen(e.fc.rcvMax)) {
		e.fc.pending = false
	}
	for k, kind := range [2]frameKind{frMaxStreamsBidi, frMaxStreamsUni} {
		if e.maxStreamsPending[k] && add(frame{kind: kind, val: e.advMax[k]}, maxDataFrameLen(e.advMax[k])) {
			e.maxStreamsPending[k] = false
		}
	}
	q := e.ctrlQ[:0]
	for _, s := range e.ctrlQ {
		if s.maxPending && add(frame{kind: frMaxStreamData, id: s.ID, val: s.rcvMax, st: s}, maxStreamDataFrameLen(s.ID, s.rcvMax)) {
			s.maxPending = false
		}
		if s.resetPending && add(frame{kind: frResetStream, id: s.ID, val: s.send.next, st: s}, resetStreamFrameLen(s.ID, s.send.next)) {
			s.resetPending = false
		}
		if s.maxPending || s.resetPending {
			q = append(q, s)
		} else {
			s.inCtrlQ = false
		}
	}
	clear(e.ctrlQ[len(q):])
	e.ctrlQ = q
	return used
}

// fillStreams adds STREAM frames in at most room bytes: data that must go
// again first (RFC 9000 §13.3 leaves the order to the sender; quiche and
// quic-go send retransmissions first), then new data as the scheduler
// chooses — in stream-ID order (sequential), or a packet's worth per
// stream in turn (round robin). Only the streams it visits are touched,
// so a packet costs the same however many streams wait.
func (e *Endpoint) fillStreams(frames *[]frame, room units.Bytes) units.Bytes {
	var used units.Bytes
	done := 0
	for _, s := range e.retxQ {
		if room-used < minFrameRoom {
			break
		}
		used += e.fillRetx(s, frames, room-used)
		if !s.send.retx.empty() || s.send.finRetx {
			break // the packet is full
		}
		s.inRetxQ = false
		done++
	}
	if done > 0 {
		n := copy(e.retxQ, e.retxQ[done:])
		clear(e.retxQ[n:])
		e.retxQ = e.retxQ[:n]
	}
	rr := e.cfg.Scheduler == RoundRobin
	visited := 0
	for _, s := range e.sendQ {
		if room-used < minFrameRoom {
			break
		}
		visited++
		if n := e.fillNew(s, frames, room-used); n > 0 {
			used += n
			s.served = rr
		}
	}
	if visited == 0 {
		return used
	}
	// The visited streams with nothing new left leave the queue; in round
	// robin the ones served in this packet go to the back.
	q, back := e.sendQ[:0], e.rrBack[:0]
	for _, s := range e.sendQ[:visited] {
		switch {
		case !s.hasNew():
			s.inSendQ, s.served = false, false
		case s.served:
			s.served = false
			back = append(back, s)
		default:
			q = append(q, s)
		}
	}
	q = append(q, e.sendQ[visited:]...)
	q = append(q, back...)
	clear(back)
	e.rrBack = back[:0]
	clear(e.sendQ[len(q):])
	e.sendQ = q
	return used
}

// minFrameRoom is the least room worth a STREAM frame: its type, a
// stream ID, an offset and a length, and a byte.
const minFrameRoom units.Bytes = 8

// fillRetx adds STREAM frames for what s must send again.
func (e *Endpoint) fillRetx(s *Stream, frames *[]frame, room units.Bytes) units.Bytes {
	b := &s.send
	if s.reset {
		return 0
	}
	var used units.Bytes
	for !b.retx.empty() {
		r, _ := b.retx.first()
		n := fitData(room-used, func(n int64) units.Bytes { return streamFrameLen(s.ID, r.lo, n) }, r.hi-r.lo)
		if n <= 0 {
			return used
		}
		fin := b.fin && r.lo+n == b.end && b.finRetx
		*frames = append(*frames, frame{kind: frStream, id: s.ID, off: r.lo, n: n, fin: fin, st: s})
		used += streamFrameLen(s.ID, r.lo, n)
		b.retx.remove(r.lo, r.lo+n)
		if fin {
			b.finRetx = false
		}
	}
	if b.finRetx && b.next == b.end && room-used >= streamFrameLen(s.ID, b.end, 0) {
		*frames = append(*frames, frame{kind: frStream, id: s.ID, off: b.end, fin: true, st: s})
		used += streamFrameLen(s.ID, b.end, 0)
		b.finRetx = false
	}
	return used
}

// fillNew adds a STREAM frame of new data of s, as flow control allows.
func (e *Endpoint) fillNew(s *Stream, frames *[]frame, room units.Bytes) units.Bytes {
	b := &s.send
	if s.reset || b.next >= b.end && !(b.fin && !b.finSent) {
		return 0
	}
	want := min(b.end-b.next, e.credit(s))
	n := fitData(room, func(n int64) units.Bytes { return streamFrameLen(s.ID, b.next, n) }, want)
	fin := b.fin && b.next+n == b.end
	if n == 0 && !(fin && room >= streamFrameLen(s.ID, b.next, 0)) {
		return 0
	}
	*frames = append(*frames, frame{kind: frStream, id: s.ID, off: b.next, n: n, fin: fin, st: s})
	size := streamFrameLen(s.ID, b.next, n)
	b.next += n
	e.fc.sent += n
	if fin {
		b.finSent = true
	}
	return size
}

// ackFrameLen is the size of the ACK frame space sp would send now (RFC
// 9000 §19.3): type, Largest Acknowledged, ACK Delay, range count, first
// range, and a gap and a length per further range.
func (e *Endpoint) ackFrameLen(sp space) units.Bytes {
	rs := &e.rcv[sp]
	r := rs.got.s
	n := len(r)
	if n == 0 {
		return 0
	}
	top := r[n-1]
	l := 1 + VarintLen(top.hi-1) + VarintLen(e.ackDelayField(sp)) + VarintLen(int64(min(n, maxAckRanges)-1)) + VarintLen(top.hi-1-top.lo)
	for i, k := n-2, 1; i >= 0 && k < maxAckRanges; i, k = i-1, k+1 {
		l += VarintLen(r[i+1].lo-r[i].hi-1) + VarintLen(r[i].hi-1-r[i].lo)
	}
	return l
}

// ackDelay is the time since the largest packet of sp arrived; it is
// reported only in the application space (RFC 9000 §19.3: Initial and
// Handshake ACK delays are ignored).
func (e *Endpoint) ackDelay(sp space) time.Duration {
	if sp != appSpace {
		return 0
	}
	return e.st.S.Now() - e.rcv[sp].largestAt
}

// ackDelayField is the ACK Delay as encoded: microseconds scaled down by
// the default ack_delay_exponent of 3 (RFC 9000 §18.2).
func (e *Endpoint) ackDelayField(sp space) int64 { return e.ackDelay(sp).Microseconds() >> 3 }

// writeAck puts the ACK frame of space sp on packet p and resets what is
// pending (RFC 9000 §13.2).
func (e *Endpoint) writeAck(sp space, p *packet) {
	rs := &e.rcv[sp]
	r := rs.got.s
	p.hasAck = true
	if n := min(len(r), maxAckRanges); cap(p.ack) < n {
		p.ack = make([]span, 0, max(n, 4))
	}
	p.ack = p.ack[:0]
	for i := len(r) - 1; i >= 0 && len(p.ack) < maxAckRanges; i-- {
		p.ack = append(p.ack, r[i])
	}
	p.ackLargest = r[len(r)-1].hi - 1
	p.ackDelay = e.ackDelay(sp)
	rs.pending, rs.now, rs.eliciting = false, false, 0
	if sp == appSpace {
		e.ackTimer.Stop()
	}
}
