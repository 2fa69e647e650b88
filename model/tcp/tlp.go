package tcp

import (
	"time"

	"pagesim/sim"
)

// Tail Loss Probe (RFC 8985 §7; Linux tcp_schedule_loss_probe,
// tcp_send_loss_probe, tcp_process_tlp_ack): a web response often ends
// with a loss of its last segments, and then no duplicate ACKs come to
// trigger fast retransmit — without TLP every tail loss costs an RTO. A
// sender in the open state (not recovering) with data in flight arms a
// probe timeout, PTO = 2·SRTT, plus the worst-case delayed ACK
// (WCDelAckT = 200 ms, Linux's TCP_RTO_MIN) when only one segment is in
// flight, or plus Linux's TCP_TIMEOUT_MIN of 2 jiffies (2 ms at HZ = 1000,
// a model assumption) otherwise; never later than the RTO, whose place it
// takes (Linux has one timer for both). When it fires,
// the sender sends one new segment if it has one and the peer's window
// allows, else it retransmits its last segment; the ACK this draws shows
// the loss to SACK recovery or ends the episode. A probe that repaired a
// loss (its ACK goes beyond it and no D-SACK says the original had
// arrived) halves the window as a loss does (Linux enters CWR and sets
// cwnd = ssthresh). TLP needs SACK (Linux: tcp_is_sack).

const (
	tlpWCDelAck  = 200 * time.Millisecond // WCDelAckT (RFC 8985 §7.2), Linux TCP_RTO_MIN
	tlpMinExtra  = 2 * time.Millisecond   // Linux TCP_TIMEOUT_MIN at HZ = 1000
	tlpNoRTTWait = time.Second            // no SRTT yet: Linux TCP_TIMEOUT_INIT
)

type tlpFire Endpoint

func (f *tlpFire) Handle(now time.Duration) {
	e := (*Endpoint)(f)
	defer e.drained() // a probe may be new data
	e.onPTO(now)
}

// armTLP schedules a loss probe if one may be sent (RFC 8985 §7.2): SACK
// on, data in flight, no recovery or timeout episode, no probe
// outstanding.
func (e *Endpoint) armTLP() {
	if !e.mayProbe() {
		e.tlpTimer.Stop()
		return
	}
	left, capped := time.Duration(0), e.rtoTimer.Armed()
	if capped {
		left = e.rtoTimer.When() - e.st.S.Now()
	}
	e.armPTO(left, capped)
}

// mayProbe is armTLP's condition.
func (e *Endpoint) mayProbe() bool {
	return e.st.cfg.TLP && e.st.cfg.SACK && e.sndUna != e.sndMax && !e.inRecov && !e.inLoss && e.frto == frtoNone && e.tlpEnd == 0
}

// armPTO arms the probe timer in the retransmission timer's place; with
// capped, no later than left from now, the time the RTO had left.
func (e *Endpoint) armPTO(left time.Duration, capped bool) {
	var pto time.Duration
	if e.hasRTT {
		pto = 2 * e.srtt
		if e.segs.Len() <= 1 && e.sndUna.To(e.sndMax) <= e.mss+1 {
			pto += tlpWCDelAck
		} else {
			pto += tlpMinExtra
		}
	} else {
		pto = tlpNoRTTWait
	}
	if capped && left < pto {
		pto = max(left, 0)
	}
	// As in Linux, the probe timer takes the place of the retransmission
	// timer (one icsk timer, ICSK_TIME_LOSS_PROBE): when it fires a probe
	// goes, and the RTO is armed again after it.
	e.rtoTimer.Stop()
	e.tlpTimer.ResetAfter(pto)
}

// armAfterSend arms the timers after sendSegment sent a segment: the RTO
// if it is not running (RFC 6298 §5.1), then, for new data, the probe in
// its place. When the probe takes the RTO's place at once, the RTO is not
// armed only to be stopped: the probe is bounded by the RTO it would have
// had, its deadline if it runs, a whole RTO from now if not.
func (e *Endpoint) armAfterSend(newData bool) {
	if newData && e.mayProbe() {
		now := e.st.S.Now()
		left := sim.Add(now, e.rto) - now // as armRTO would set it
		if e.rtoTimer.Armed() {
			left = e.rtoTimer.When() - now
		}
		e.armPTO(left, true)
		return
	}
	if !e.rtoTimer.Armed() {
		e.armRTO()
	}
	if newData {
		e.tlpTimer.Stop()
	}
}

// onPTO sends the probe (RFC 8985 §7.3): new data if possible, else the
// last segment again; then the RTO is re-armed.
func (e *Endpoint) onPTO(now time.Duration) {
	if e.done || e.sndUna == e.sndMax || e.inRecov || e.inLoss {
		return
	}
	e.st.stats.TLPs++
	if t := e.st.trace; t != nil {
		t.add(Record{At: now, Kind: RecProbe, Conn: e.conn.ID, Client: e.client, Seq: e.sndUna})
	}
	e.tlpRetrans = false
	if !e.sendNew() {
		// Retransmit the last segment: up to an MSS ending at sndMax (the
		// FIN with it, if it was sent).
		end := e.sndMax
		if e.finSent {
			end--
		}
		from := max(e.sndUna, end.Add(-e.mss))
		if back := e.lastSegStart(); back > from && back < end {
			from = back // the last segment as it was sent
		}
		e.tlpRetrans = true
		e.tlpFrom = from
		e.retransmitRange(from, "tlp")
	}
	e.tlpEnd = e.sndNxt
	e.armRTO()
}

// lastSegStart is where the last segment still recorded in flight began,
// or 0.
func (e *Endpoint) lastSegStart() Seq {
	if n := e.segs.Len(); n > 0 {
		return e.segs.At(n - 1).seq
	}
	return 0
}

// tlpAck ends a probe episode on an ACK (Linux tcp_process_tlp_ack). dsack
// reports whether the ACK carries a D-SACK for the probe's data.
func (e *Endpoint) tlpAck(ack Seq, dsack, dupack bool) {
	if e.tlpEnd == 0 || ack < e.tlpEnd && !dupack {
		return
	}
	switch {
	case !e.tlpRetrans:
		// A probe of new data was acknowledged: nothing was inferred.
		e.tlpEnd = 0
	case dsack:
		// The original and the probe both arrived: no loss.
		e.tlpEnd = 0
	case ack > e.tlpEnd:
		// The probe repaired a loss: reduce the window as for a loss
		// (Linux: CWR, cwnd = ssthresh).
		e.tlpEnd = 0
		e.ssthresh = e.cc.ssthreshAfterLoss(&e.window, e.sndUna.To(e.sndNxt))
		e.cwnd = min(e.cwnd, e.ssthresh)
		e.st.stats.TLPRecoveries++
		e.traceCwnd()
	case dupack:
		// A pure duplicate ACK: the original and the probe arrived.
		e.tlpEnd = 0
	}
}
