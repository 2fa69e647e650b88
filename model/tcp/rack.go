package tcp

import (
	"time"

	"pagesim/sim"
)

// RACK (RFC 8985 §6): loss detection by time instead of by counting
// duplicate ACKs. A segment is lost if a segment sent after it has been
// delivered (acknowledged or SACKed) and a reordering window has passed:
// now ≥ xmit_ts + RACK.rtt + reo_wnd, RACK.rtt being the RTT of the most
// recently sent segment delivered. It detects the loss of a lone segment,
// of a short flight's tail once a probe (tlp.go) gets a segment through,
// and does not wait for three duplicate ACKs an application-limited flight
// may never produce. reo_wnd is min(min_RTT/4, SRTT), or 0 while no
// reordering has been seen and the sender is in recovery or has
// DupThresh segments SACKed (§6.2; Linux tcp_rack_reo_wnd) — which makes
// RACK fire as soon as the duplicate-ACK rule would. Linux uses RACK alone
// since 4.18 (net.ipv4.tcp_recovery = 1); with Config.RACK the RFC 6675
// IsLost rule is replaced by it.
//
// Simplifications, named: RACK here marks losses among segments never
// retransmitted — those it finds lost form a prefix of the un-SACKed
// sequence space, the scoreboard's lost limit (sack.go) — so the loss of a
// retransmission is left to the RTO; reo_wnd does not adapt to D-SACKs
// (reo_wnd_mult stays 1).

type rackState struct {
	xmitTS     time.Duration // RACK.xmit_ts: send time of the most recently sent segment delivered; −1: none
	endSeq     Seq           // RACK.end_seq
	rtt        time.Duration // RACK.rtt
	minRTT     time.Duration // RACK.min_RTT; 0 before the first sample
	fack       Seq           // RACK.fack: the highest sequence delivered
	reordering bool          // RACK.reordering_seen
	sackedSegs int           // recorded segments SACKed (RACK.segs_sacked)
	timer      sim.Timer     // the reordering timer (§6.3)
}

type rackFire Endpoint

func (f *rackFire) Handle(now time.Duration) {
	e := (*Endpoint)(f)
	defer e.drained()
	e.onRACKTimer()
}

// rackUpdate is RFC 8985 §6.1 RACK_update and §6.2
// RACK_detect_reordering for the segments this ACK delivered: the
// cumulatively acknowledged ones (popped, passed in acked) and the newly
// SACKed ones (marked here).
func (e *Endpoint) rackUpdate(seg *sentSeg) {
	r := &e.rack
	xmit := seg.sentAt
	if seg.retrans {
		xmit = seg.rtxAt
	}
	rtt := e.st.S.Now() - xmit
	if seg.retrans && rtt < r.minRTT {
		return // possibly the ACK of the original: no RTT, no xmit_ts
	}
	if r.minRTT == 0 || (rtt < r.minRTT && !seg.retrans) {
		r.minRTT = max(rtt, time.Nanosecond)
	}
	end := seg.seq.Add(seg.len)
	if xmit > r.xmitTS || (xmit == r.xmitTS && end > r.endSeq) {
		r.xmitTS, r.endSeq, r.rtt = xmit, end, rtt
	}
	if end > r.fack {
		r.fack = end
	} else if end < r.fack && !seg.retrans {
		r.reordering = true
	}
}

// markSACKed marks the segments the scoreboard newly holds as SACKed —
// those in the ranges the last update added (scoreboard.fresh), found by
// binary search, so that an ACK costs what it newly reports — counts them
// (for RACK's reordering window and the packets in flight) and feeds them
// to RACK.
func (e *Endpoint) markSACKed() {
	for _, f := range e.sb.fresh {
		for i := e.segAfter(f.from); i < e.segs.Len(); i++ {
			s := e.segs.At(i)
			if s.seq >= f.to {
				break
			}
			if s.sacked {
				continue
			}
			end := s.seq.Add(s.len)
			if e.finSent && end == e.sndEnd+2 {
				end-- // a FIN is never SACKed: the data before it counts
			}
			if end > s.seq && e.sb.sackedAt(s.seq) >= end { // (a bare FIN is never SACKed)
				s.sacked = true
				e.rack.sackedSegs++
				if e.sb.useRACK {
					e.rackUpdate(s)
				}
			}
		}
	}
}

// segAfter is the index of the first recorded segment that ends after
// seq (segs is in sequence order).
func (e *Endpoint) segAfter(seq Seq) int {
	lo, hi := 0, e.segs.Len()
	if hi > 0 {
		if s := e.segs.Front(); s.seq.Add(s.len) > seq {
			return 0 // the common case, seq before the front's end: no search
		}
	}
	for lo < hi {
		m := (lo + hi) / 2
		if s := e.segs.At(m); s.seq.Add(s.len) <= seq {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// reoWnd is RFC 8985 §6.2 RACK_update_reo_wnd without D-SACK adaptation.
func (e *Endpoint) reoWnd() time.Duration {
	r := &e.rack
	if !r.reordering {
		if e.inRecov || r.sackedSegs >= dupThresh {
			return 0
		}
	}
	return min(r.minRTT/4, e.srtt)
}

// rackDetect is RFC 8985 §6.2 RACK_detect_loss: it moves the lost limit
// over every never-retransmitted, un-SACKed segment from the front that
// was sent before RACK.xmit_ts and whose window has passed, and arms the
// reordering timer for the first that is not lost yet. It reports whether
// new losses were found.
func (e *Endpoint) rackDetect() bool {
	r := &e.rack
	if r.xmitTS < 0 || e.segs.Len() == 0 {
		return false
	}
	now := e.st.S.Now()
	reo := time.Duration(-1) // reoWnd() (never negative), worked out when first needed
	before := e.sb.rackLost
	r.timer.Stop()
	for i := e.segAfter(e.sb.rackLost); i < e.segs.Len(); {
		s := e.segs.At(i)
		if s.sacked {
			i = e.segAfter(e.sb.sackedAt(s.seq) - 1) // jump over the SACKed run
			if i < e.segs.Len() && e.segs.At(i).sacked {
				i++
			}
			continue
		}
		end := s.seq.Add(s.len)
		if s.retrans {
			break // its fate is the retransmission's: left to the RTO
		}
		if !(r.xmitTS > s.sentAt || (r.xmitTS == s.sentAt && r.endSeq > end)) {
			break // sent after everything delivered: nothing to say yet
		}
		if reo < 0 {
			reo = e.reoWnd()
		}
		if left := s.sentAt + r.rtt + reo - now; left > 0 {
			r.timer.ResetAfter(left)
			break
		}
		e.sb.rackLost = end
		i++
	}
	return e.sb.rackLost > before
}

// onRACKTimer: the reordering window of a segment has passed (§6.3).
func (e *Endpoint) onRACKTimer() {
	if e.done || !e.rackDetect() {
		return
	}
	if !e.inRecov {
		e.enterSACKRecovery()
		return
	}
	e.sackSend()
}
