package quic

import (
	"time"

	"pagesim/sim"
)

// detectLost declares lost the unacknowledged packets of space sp sent
// before its largest acknowledged one that are kPacketThreshold packets
// older, or older by the time threshold (RFC 9002 §6.1, Appendix A.10),
// and notes when the next one would be lost by time.
func (e *Endpoint) detectLost(sp space, now time.Duration) {
	ss := &e.snd[sp]
	ss.lossTime = 0
	if ss.largestAcked < 0 {
		return
	}
	st := e.st
	delay := e.rtt.lossDelay()
	lostSendTime := now - delay
	lost := st.lost[:0]
	for i := 0; i < ss.sent.Len(); i++ {
		n := ss.base + int64(i)
		if n > ss.largestAcked {
			break
		}
		id := *ss.sent.At(i)
		q := st.pkt(id)
		if q.acked || q.lost {
			continue
		}
		if q.sentAt <= lostSendTime || ss.largestAcked >= n+kPacketThreshold {
			q.lost = true
			lost = append(lost, id)
			continue
		}
		if t := q.sentAt + delay; ss.lossTime == 0 || t < ss.lossTime {
			ss.lossTime = t
		}
	}
	st.lost = lost
	if len(lost) == 0 {
		return
	}
	for _, id := range lost {
		q := st.pkt(id)
		if q.inFlight {
			e.bytesInFlight -= q.size
			if q.ackEliciting {
				ss.eliciting--
			}
		}
		if q.ackEliciting {
			st.stats.PacketsLost++
			e.framesLost(sp, q)
		}
	}
	e.ccLost(sp, lost, now)
	e.popSent(sp)
}

// setLossTimer arms the loss detection timer (RFC 9002 §6.2.2.1,
// Appendix A.8): at the earliest time-threshold loss, else at the probe
// timeout — not while a server is blocked by the amplification limit, and
// not when nothing ack-eliciting is in flight, unless the client is not
// yet sure the server validated its address (its anti-deadlock probe).
func (e *Endpoint) setLossTimer() {
	if e.closed {
		return
	}
	if t, _ := e.earliestLossTime(); t != 0 {
		e.lossTimer.Reset(max(t, e.st.S.Now()))
		return
	}
	if amp := e.amplificationRoom(); amp >= 0 && amp < minPacketRoom {
		e.lossTimer.Stop()
		return
	}
	if !e.probeableInFlight() && (!e.client || e.hs.peerValidated || e.hs.confirmed) {
		e.lossTimer.Stop()
		return
	}
	t, _ := e.ptoTime()
	if t == sim.Never {
		e.lossTimer.Stop()
		return
	}
	e.lossTimer.Reset(max(t, e.st.S.Now()))
}

func (e *Endpoint) earliestLossTime() (time.Duration, space) {
	var t time.Duration
	var at space
	for sp := initialSpace; sp < numSpaces; sp++ {
		if lt := e.snd[sp].lossTime; lt != 0 && (t == 0 || lt < t) {
			t, at = lt, sp
		}
	}
	return t, at
}

func (e *Endpoint) anyElicitingInFlight() bool {
	for sp := range e.snd {
		if e.snd[sp].eliciting > 0 {
			return true
		}
	}
	return false
}

// probeableInFlight reports whether ack-eliciting packets are in flight in
// a space the probe timer covers: the application space only once the
// handshake is confirmed (RFC 9002 §6.2.1). A client with only 0-RTT
// packets in flight is thus one with nothing in flight for the
// anti-deadlock rule of §6.2.2.1 ("even if there are no packets in
// flight"); Appendix A.8's pseudocode, read literally, would never probe.
func (e *Endpoint) probeableInFlight() bool {
	return e.snd[initialSpace].eliciting > 0 || e.snd[handshakeSpace].eliciting > 0 ||
		e.hs.confirmed && e.snd[appSpace].eliciting > 0
}

// ptoTime is when the probe timer fires and for which space (RFC 9002
// §6.2.1, Appendix A.8 GetPtoTimeAndSpace): (smoothed RTT + max(4·rttvar,
// granularity)) · 2^pto_count after the last ack-eliciting packet of a
// space, plus max_ack_delay in the application space, which is not probed
// before the handshake is confirmed.
func (e *Endpoint) ptoTime() (time.Duration, space) {
	d := backoff(e.rtt.pto(), e.ptoCount)
	now := e.st.S.Now()
	if !e.probeableInFlight() {
		// The client's anti-deadlock probe (§6.2.2.1).
		if e.keys[handshakeSpace] && !e.discarded[handshakeSpace] {
			return sim.Add(now, d), handshakeSpace
		}
		return sim.Add(now, d), initialSpace
	}
	t, at := sim.Never, initialSpace
	for sp := initialSpace; sp < numSpaces; sp++ {
		ss := &e.snd[sp]
		if ss.eliciting == 0 {
			continue
		}
		dd := d
		if sp == appSpace {
			if !e.hs.confirmed {
				break
			}
			dd = sim.Add(d, backoff(e.cfg.MaxAckDelay, e.ptoCount))
		}
		if pt := sim.Add(ss.lastEliciting, dd); pt < t {
			t, at = pt, sp
		}
	}
	return t, at
}

// backoff is d · 2^k, saturating.
func backoff(d time.Duration, k int) time.Duration {
	for ; k > 0 && d < sim.Never/2; k-- {
		d *= 2
	}
	if k > 0 {
		return sim.Never
	}
	return d
}

// maxProbes is how many ack-eliciting packets a probe timeout sends: RFC
// 9002 §6.2.4 allows two, and quic-go sends two.
const maxProbes = 2

// onLossTimer is the loss detection timer's expiry (RFC 9002 Appendix
// A.9): packets lost by the time threshold, or a probe timeout — the
// backoff doubles and up to two probe packets go regardless of the
// congestion window, carrying new data, else data in flight again, else a
// PING.
func (e *Endpoint) onLossTimer(now time.Duration) {
	if e.closed {
		return
	}
	if t, sp := e.earliestLossTime(); t != 0 {
		e.detectLost(sp, now)
		e.setLossTimer()
		e.flush()
		return
	}
	e.st.stats.PTOs++
	_, sp := e.ptoTime()
	e.ptoCount++
	if !e.probeableInFlight() && e.client {
		// Anti-deadlock: a Handshake packet if the client has the keys,
		// else a padded Initial (§6.2.2.1).
		e.probes[sp] = 1
	} else {
		// §6.2.4: probes in the space of the timer, and one in every
		// other space with data in flight or lost data waiting (so that a
		// lost ServerHello goes again, not only the Handshake packets
		// the client cannot read without it), coalesced.
		for s := initialSpace; s < numSpaces; s++ {
			ok, _ := e.canSendIn(s)
			switch {
			case !ok || s == appSpace && !e.hs.confirmed && s != sp:
			case s == sp:
				e.probes[s] = maxProbes
				e.probeData(s)
			case e.snd[s].eliciting > 0 || e.snd[s].crypto.pending():
				e.probes[s] = 1
				e.probeData(s)
			}
		}
	}
	e.flush()
	e.probes = [numSpaces]int{}
	e.setLossTimer()
}

// probeData makes sure a probe of space sp carries data: if nothing new
// waits, the data of the oldest packets in flight goes again (RFC 9002
// §6.2.4), without declaring them lost.
func (e *Endpoint) probeData(sp space) {
	if e.hasNewData(sp) {
		return
	}
	ss := &e.snd[sp]
	queued := 0
	for i := 0; i < ss.sent.Len() && queued < maxProbes; i++ {
		q := e.st.pkt(*ss.sent.At(i))
		if q.acked || q.lost || !q.ackEliciting {
			continue
		}
		e.framesLost(sp, q)
		queued++
	}
}

// hasNewData reports whether space sp has ack-eliciting data waiting.
func (e *Endpoint) hasNewData(sp space) bool {
	if e.snd[sp].crypto.pending() {
		return true
	}
	if sp != appSpace {
		return false
	}
	if len(e.retxQ) > 0 || len(e.ctrlQ) > 0 || e.fc.pending || e.hs.handshakeDone {
		return true
	}
	for _, s := range e.sendQ {
		if e.credit(s) > 0 || s.send.fin && !s.send.finSent && s.send.next == s.send.end {
			return true
		}
	}
	return false
}

// discardSpace drops the keys of space sp (RFC 9001 §4.9): its packets
// in flight no longer count, its timers are reset (RFC 9002 §6.4,
// Appendix A.11), and it is neither sent nor acknowledged any more.
func (e *Endpoint) discardSpace(sp space) {
	if e.discarded[sp] {
		return
	}
	e.forgetSpace(sp)
	e.discarded[sp] = true
	e.keys[sp] = false
	e.rcv[sp] = recvSpace{largest: -1, floor: e.rcv[sp].floor}
	e.probes[sp] = 0
	e.ptoCount = 0
	e.setLossTimer()
}

// forgetSpace releases every packet space sp still records and removes
// them from bytes in flight.
func (e *Endpoint) forgetSpace(sp space) {
	ss := &e.snd[sp]
	for ss.sent.Len() > 0 {
		id := ss.sent.Pop()
		q := e.st.pkt(id)
		if q.inFlight && !q.acked && !q.lost {
			e.bytesInFlight -= q.size
		}
		e.st.release(id)
	}
	ss.base = ss.next
	ss.eliciting = 0
	ss.lossTime = 0
	ss.lastEliciting = 0
}
