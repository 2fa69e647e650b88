package tcp

import "pagesim/model/units"

// Proportional Rate Reduction (RFC 6937): how much a sender in SACK
// recovery may send per ACK. RFC 6675 alone sets cwnd = ssthresh at once,
// so a sender whose pipe is far above ssthresh falls silent for a while
// and then sends in a burst; PRR spreads the reduction over the recovery:
// while pipe > ssthresh it sends ssthresh/RecoverFS of what the receiver
// reports delivered (so that by the end of the round it has cut its rate to
// ssthresh), and below ssthresh it grows back towards ssthresh no faster
// than slow start. Each ACK sets cwnd = pipe + sndcnt, and the sender's
// usual loop (sackSend) sends what that allows. Linux uses it for every
// recovery since 3.2; ns-3.37 by default (TcpPrrRecovery).

// prrState is PRR's bookkeeping for one recovery episode (RFC 6937 §3).
type prrState struct {
	delivered units.Bytes // prr_delivered: data delivered to the receiver since recovery began
	out       units.Bytes // prr_out: data sent since recovery began
	recoverFS units.Bytes // RecoverFS: the flight at the start, the denominator of the reduction
}

// prrStart begins an episode: RFC 6937's RecoverFS = snd.nxt − snd.una;
// Linux's is cwnd before the reduction (tcp_init_cwnd_reduction,
// prior_cwnd); ns-3's the unacknowledged data (UnAckDataCount).
func (e *Endpoint) prrStart(priorCwnd units.Bytes) {
	e.prr = prrState{recoverFS: e.sndUna.To(e.sndNxt)}
	switch e.st.cfg.PRR {
	case PRRLinux:
		e.prr.recoverFS = priorCwnd
	case PRRNS3:
		e.prr.recoverFS = e.sndUna.To(e.sndMax)
	}
	e.prr.recoverFS = max(e.prr.recoverFS, e.mss)
}

// prrAck is RFC 6937 §3's per-ACK step: delivered is DeliveredData (the
// change in snd.una plus the change in SACKed bytes), unaAdvanced and
// newlyLost describe the ACK, rtxAcked whether it acknowledged
// retransmitted data. It sets cwnd = pipe + sndcnt.
func (e *Endpoint) prrAck(delivered units.Bytes, unaAdvanced, newlyLost, rtxAcked bool) {
	p := &e.prr
	p.delivered += delivered
	pipe := e.sb.pipe(e.sndUna, e.sndMax, e.mss)
	var sndcnt units.Bytes
	if pipe > e.ssthresh {
		// Proportional reduction: CEIL(prr_delivered·ssthresh/RecoverFS) − prr_out.
		sndcnt = units.Bytes((int64(p.delivered)*int64(e.ssthresh)+int64(p.recoverFS)-1)/int64(p.recoverFS)) - p.out
	} else {
		// The reduction bound.
		var limit units.Bytes
		switch e.st.cfg.PRR {
		case PRRLinux:
			// tcp_cwnd_reduction: max(prr_delivered − prr_out,
			// newly_acked_sacked), one segment more when the ACK advanced
			// snd.una and marked nothing newly lost.
			limit = max(p.delivered-p.out, delivered)
			if unaAdvanced && !newlyLost {
				limit += e.mss
			}
		case PRRNS3:
			// TcpPrrRecovery::DoRecovery (SSRB): the bound only when the
			// ACK covers retransmitted data, else what was delivered.
			limit = delivered
			if rtxAcked {
				limit = max(p.delivered-p.out, delivered) + e.mss
			}
		default:
			// PRR-SSRB: MAX(prr_delivered − prr_out, DeliveredData) + MSS.
			limit = max(p.delivered-p.out, delivered) + e.mss
		}
		sndcnt = min(e.ssthresh-pipe, limit)
	}
	if p.out == 0 {
		// Linux and ns-3: force the fast retransmit when recovery begins.
		sndcnt = max(sndcnt, e.mss)
	}
	e.cwnd = max(pipe+max(sndcnt, 0), 0)
	e.traceCwnd()
}
