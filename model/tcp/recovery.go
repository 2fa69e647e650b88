package tcp

import "pagesim/model/units"

// recovery is loss recovery: what a sender does from the duplicate ACKs
// that reveal a loss to the ACK that ends the episode — fast retransmit
// and fast recovery (RFC 5681 §3.2), NewReno's partial ACKs (RFC 6582), or
// SACK's scoreboard (RFC 6675). It is chosen once per endpoint from
// Config.Recovery (Config.recoveryAlgorithm), independently of the
// congestion-control algorithm, which only says how far the window falls
// (congestionControl.ssthreshAfterLoss) and how it grows afterwards.
// Retransmission timeouts are rto.go's, for every algorithm.
type recovery interface {
	// dupAck is called for every duplicate ACK (RFC 5681 §2), after
	// dupAcks counted it: in recovery it lets more data out; outside, it
	// decides whether the loss is detected and, if so, starts recovery
	// (Endpoint.beginRecovery) and retransmits.
	dupAck(e *Endpoint)
	// newAck is called for an ACK of new data while in recovery, after
	// sndUna moved by acked bytes: a partial ACK continues recovery, a
	// full one ends it (Endpoint.endRecovery).
	newAck(e *Endpoint, acked units.Bytes)
}

func newRecovery(r Recovery) recovery {
	switch r {
	case RecoveryReno:
		return renoRecovery{}
	case RecoverySACK:
		return sackRecovery{}
	}
	return newRenoRecovery{}
}

// beginRecovery is the bookkeeping every algorithm does when it enters
// recovery: RFC 6582 §3.2 step 2's recover point (the highest sequence
// number sent; RFC 6675 §5 (4.1) calls it RecoveryPoint) and the new
// ssthresh from the congestion-control algorithm (RFC 5681 §3.1 eq. 4, or
// CUBIC's β).
func (e *Endpoint) beginRecovery() {
	e.inRecov = true
	e.recover = e.sndMax
	flight := e.sndUna.To(e.sndNxt)
	if e.st.cfg.SsthreshFromPipe {
		// ns-3.37 EnterRecovery passes BytesInFlight (the pipe, lost and
		// SACKed data excluded) where RFC 6675 §5 (4.2) says FlightSize.
		flight = e.pipe()
	}
	e.ssthresh = e.cc.ssthreshAfterLoss(&e.window, flight)
}

// sameEpisode is RFC 6582 §3.2 step 2, the "careful" variant: duplicate
// ACKs for data sent before the last recovery (or timeout) began do not
// start another — one window reduction per window of data.
func (e *Endpoint) sameEpisode() bool { return e.recover > 0 && e.sndUna <= e.recover }

// endRecovery leaves recovery on a full ACK (RFC 6582 §3.2 step 3, RFC
// 6675 §5): cwnd deflates to min(ssthresh, FlightSize + SMSS), the
// conservative choice of RFC 6582 that avoids a burst.
func (e *Endpoint) endRecovery() {
	e.inRecov = false
	e.dupAcks = 0
	flight := e.sndUna.To(e.sndMax)
	e.cwnd = min(e.ssthresh, max(flight, e.mss)+e.mss)
	if e.st.cfg.PRR != PRROff && e.rec == (sackRecovery{}) {
		// RFC 6937 §3: at the end of recovery cwnd = ssthresh (Linux
		// tcp_end_cwnd_reduction; ns-3 ProcessAck).
		e.cwnd = e.ssthresh
	}
	e.cc.onRecoveryExit(&e.window)
	e.traceCwnd()
}

// inflate is RFC 5681 §3.2 step 4: each further duplicate ACK means a
// segment left the network, so cwnd grows by one SMSS, which may let new
// data out.
func (e *Endpoint) inflate() {
	e.cwnd += e.mss
	e.traceCwnd()
	e.output()
}

// renoRecovery is RFC 5681 §3.2: fast retransmit after three duplicate
// ACKs, fast recovery with inflation, and any ACK of new data ends it.
type renoRecovery struct{}

func (renoRecovery) dupAck(e *Endpoint) {
	if e.inRecov {
		e.inflate()
		return
	}
	if e.dupAcks >= dupThresh {
		e.beginRecovery()
		e.fastRetransmit()
	}
}

func (renoRecovery) newAck(e *Endpoint, acked units.Bytes) { e.endRecovery() }

// fastRetransmit is RFC 5681 §3.2 steps 2–3: cwnd = ssthresh + 3·SMSS
// (the three segments the duplicate ACKs say have left), and the first
// unacknowledged segment goes again.
func (e *Endpoint) fastRetransmit() {
	e.cwnd = e.ssthresh + 3*e.mss
	e.traceCwnd()
	e.retransmitFirst("fast")
	e.armRTO()
}

// newRenoRecovery is RFC 6582: Reno's entry, but recovery lasts until the
// recover point is acknowledged, each partial ACK retransmitting the next
// hole — one hole per round trip.
type newRenoRecovery struct{}

func (newRenoRecovery) dupAck(e *Endpoint) {
	if e.inRecov {
		e.inflate()
		return
	}
	if e.dupAcks >= dupThresh && !e.sameEpisode() {
		e.beginRecovery()
		e.fastRetransmit()
	}
}

// newAck: a full ACK ends recovery (RFC 6582 §3.2 step 3); a partial ACK
// (step 4) retransmits the next hole, deflates cwnd by the amount
// acknowledged and adds back one segment.
func (newRenoRecovery) newAck(e *Endpoint, acked units.Bytes) {
	if e.sndUna >= e.recover {
		e.endRecovery()
		return
	}
	e.retransmitFirst("partial")
	if acked >= e.mss {
		e.cwnd -= acked - e.mss
	} else {
		e.cwnd -= acked
	}
	e.cwnd = max(e.cwnd, e.mss)
	e.traceCwnd()
}

// sackRecovery is RFC 6675 §5: recovery starts on three duplicate ACKs or
// as soon as the scoreboard says the first unacknowledged segment is lost;
// then every ACK sends what pipe allows, lost holes first. How much it may
// send is RFC 6675's cwnd = ssthresh, or PRR's per-ACK cwnd (prr.go,
// Config.PRR).
type sackRecovery struct{}

func (sackRecovery) dupAck(e *Endpoint) {
	if e.inRecov {
		if e.st.cfg.PRR != PRROff {
			e.prrAck(e.ackDelivered, false, e.ackNewlyLost, false)
		}
		e.sackSend() // RFC 6675 §5 (C): what the scoreboard now allows
		return
	}
	// RFC 6675 §5: DupThresh duplicate ACKs or the head deemed lost; with
	// RACK (rack.go) only RACK's verdict on the head.
	lost := e.sb.lostAt(e.sndUna, e.sndUna, e.mss)
	if (lost || (e.dupAcks >= dupThresh && !e.sb.useRACK)) && !e.sameEpisode() && !e.inLoss {
		e.enterSACKRecovery()
	}
}

// enterSACKRecovery starts SACK recovery: the window reduction, then RFC
// 6675 §5 step 4 — retransmit the first lost segment and send what pipe
// allows.
func (e *Endpoint) enterSACKRecovery() {
	prior := e.cwnd
	e.beginRecovery()
	e.tlpTimer.Stop()
	if e.st.cfg.PRR != PRROff {
		e.prrStart(prior)
		e.prrAck(e.ackDelivered, false, e.ackNewlyLost, false)
	} else {
		// RFC 6675 §5 step 4: cwnd = ssthresh.
		e.cwnd = e.ssthresh
		e.traceCwnd()
	}
	e.sb.highRxt = e.sndUna.Add(e.retransmitRange(e.sndUna, "fast"))
	e.armRTO()
	e.sackSend()
}

func (sackRecovery) newAck(e *Endpoint, acked units.Bytes) {
	if e.sndUna >= e.recover {
		e.endRecovery()
		return
	}
	if e.st.cfg.PRR != PRROff {
		e.prrAck(e.ackDelivered, true, e.ackNewlyLost, e.ackRtxAcked)
	}
	if e.st.cfg.PartialAckRetransmit && e.sb.highRxt <= e.sndUna {
		// ns-3.37 ProcessAck: a partial ACK in SACK recovery retransmits
		// the next lost segment (or the head) at once, outside the window,
		// unless the head was retransmitted already.
		seq, ok := e.sb.nextLost(e.sndUna, e.mss)
		if !ok {
			seq = e.sndUna
		}
		e.sb.highRxt = max(e.sb.highRxt, seq.Add(e.retransmitRange(seq, "partial")))
	}
	e.sackSend() // RFC 6675: recovery goes on from the scoreboard
}

// sackSend is RFC 6675 §5 step (C): while cwnd − pipe ≥ 1 SMSS, send the
// segment NextSeg returns: first a lost hole not yet retransmitted (rule
// 1), else new data (rule 2), else — with Config.NextSegRules — un-SACKed
// data below the highest SACK not yet retransmitted (rule 3), else once
// per recovery the last un-SACKed segment (rule 4, the rescue
// retransmission).
func (e *Endpoint) sackSend() {
	for e.open() && e.cwndAllows(e.pipe()) {
		if seq, ok := e.sb.nextLost(e.sndUna, e.mss); ok {
			e.sb.highRxt = seq.Add(e.retransmitRange(seq, "sack"))
			continue
		}
		if e.sendNew() {
			continue
		}
		if e.st.cfg.NextSegRules >= 3 {
			if seq, ok := e.sb.nextUnsacked(e.sndUna); ok {
				// Rule 3: S3 > HighRxt and below the highest SACKed byte,
				// not deemed lost.
				e.sb.highRxt = seq.Add(e.retransmitRange(seq, "rule3"))
				continue
			}
		}
		if e.st.cfg.NextSegRules >= 4 && e.sndUna > e.rescueRxt {
			// Rule 4: one segment that includes the highest outstanding
			// un-SACKed byte; RescueRxt = RecoveryPoint; HighRxt unchanged.
			if last, ok := e.sb.lastUnsacked(e.sndUna, e.sndMax); ok {
				from := max(e.sndUna, last.Add(1-e.mss))
				if e.finSent && last == e.sndEnd+1 {
					from = max(e.sndUna, last.Add(-e.mss)) // the FIN rides with the data before it
				}
				e.rescueRxt = e.recover
				e.retransmitRange(from, "rescue")
				continue
			}
		}
		return
	}
}
