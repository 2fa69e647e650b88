package tcp

import "time"

// maxRTO bounds the backed-off timer: 120 s, Linux's TCP_RTO_MAX (RFC 6298
// §2.5 allows any maximum of at least 60 s). With the Linux retry limits of
// tcp.go this gives Linux's documented give-up times: 127 s for a SYN
// (tcp_syn_retries = 6) and 924.6 s for data at RTO 200 ms (tcp_retries2 = 15).
const maxRTO = 120 * time.Second

// rttSample updates SRTT, RTTVAR and RTO with a measurement (RFC 6298
// §2.2–2.4). The minimum RTO is configurable (RFC 6298 says 1 s; Linux
// uses 200 ms).
func (e *Endpoint) rttSample(r time.Duration) {
	if !e.hasRTT {
		e.srtt = r
		e.rttvar = r / 2
		e.hasRTT = true
	} else {
		d := e.srtt - r
		if d < 0 {
			d = -d
		}
		e.rttvar = (3*e.rttvar + d) / 4 // β = 1/4
		e.srtt = (7*e.srtt + r) / 8     // α = 1/8
	}
	e.setRTO()
}

// setRTO is RFC 6298 §2.3, RTO = SRTT + max(G, 4·RTTVAR) within the
// configured minimum and maxRTO, and ends any backoff. G, the clock
// granularity, is taken as 1 ms (ns-3's ClockGranularity default too).
func (e *Endpoint) setRTO() {
	rto := e.srtt + max(time.Millisecond, 4*e.rttvar)
	if e.st.is.linuxRTO {
		rto = e.srtt + max(4*e.rttvar, e.st.cfg.MinRTO) // Config.RTOFormula
	}
	e.rto = min(max(rto, e.st.cfg.MinRTO), maxRTO)
	e.backoff = 0
}

func (e *Endpoint) armRTO() {
	e.rtoTimer.ResetAfter(e.rto)
}

// armProbe arms the persist timer (on the RTO timer) for a zero window.
func (e *Endpoint) armProbe() {
	if !e.rtoTimer.Armed() {
		e.armRTO()
	}
}

// onRTO is the retransmission timer's expiry (RFC 6298 §5.4–5.7).
func (e *Endpoint) onRTO(now time.Duration) {
	if e.done {
		return
	}
	e.st.stats.RTOs++
	e.tlpTimer.Stop()
	e.tlpEnd = 0
	if t := e.st.trace; t != nil {
		t.add(Record{At: now, Kind: RecRTO, Conn: e.conn.ID, Client: e.client, Seq: e.sndUna, Note: e.rto.String()})
	}
	e.retries++
	e.backoffRTO()
	switch e.state {
	case stateSynSent, stateSynRcvd:
		limit := synRetries
		if e.state == stateSynRcvd {
			limit = synackRetries
		}
		if e.retries > limit {
			e.terminate(ErrTimeout)
			return
		}
		e.sendSyn()
		return
	}
	if e.sndUna == e.sndMax {
		if e.peerWnd == 0 && e.sndEnd+1 > e.sndNxt {
			// Persist timer: probe the zero window (RFC 9293 §3.8.6.1).
			h, _ := e.newSegment(flagACK|flagProbe, e.sndNxt, 0)
			e.transmit(h)
			e.armRTO()
		}
		return
	}
	if e.retries > dataRetries {
		e.sendRst(e.sndNxt)
		e.terminate(ErrTimeout)
		return
	}
	// RFC 5681 §3.1 eq. 4 and the loss window; RFC 6582 §3.2 step 1 after
	// a timeout: recover = the highest sequence number sent.
	e.frtoUndoCwnd, e.frtoUndoSsthresh = e.cwnd, e.ssthresh
	e.cc.onRTO(&e.window, e.sndUna.To(e.sndNxt))
	// Linux bictcp_state(TCP_CA_Loss): HyStart starts over.
	e.hy.Restart()
	e.hy.StartRound(e.st.S.Now(), int64(e.sndNxt))
	e.inRecov = false
	e.dupAcks = 0
	e.recover = e.sndMax
	e.inLoss = true
	e.traceCwnd()
	if e.frtoStart() {
		e.armRTO()
		return
	}
	// Go back N: resend from the oldest unacknowledged byte as the window
	// allows (as BSD does; Linux marks lost segments, with the same effect
	// for a single-loss flight). Karn: nothing sent so far may be timed.
	e.segsRetransmitted()
	e.sb.rackLost = e.sndUna
	e.sndNxt = e.sndUna
	e.armRTO()
	e.output()
}

// backoffRTO doubles the timeout (RFC 6298 §5.5).
func (e *Endpoint) backoffRTO() {
	e.backoff++
	e.rto = min(2*e.rto, maxRTO)
}
