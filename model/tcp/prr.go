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
	pipe := e.pipe()
	sndcnt := e.prr.sndcnt(e.st.cfg.PRR, e.ssthresh, e.mss, pipe, delivered, unaAdvanced, newlyLost, rtxAcked)
	e.cwnd = pipe + sndcnt
	e.traceCwnd()
}

// sndcnt is how much an ACK lets out (RFC 6937 §3), given the pipe after
// the ACK; it adds delivered to prr_delivered. The caller adds what it
// then sends to prr_out.
func (p *prrState) sndcnt(variant PRR, ssthresh, mss, pipe, delivered units.Bytes, unaAdvanced, newlyLost, rtxAcked bool) units.Bytes {
	p.delivered += delivered
	var sndcnt units.Bytes
	if pipe > ssthresh {
		// Proportional reduction: CEIL(prr_delivered·ssthresh/RecoverFS) −
		// prr_out, in bytes as RFC 6937 §3 writes it and ns-3 computes it;
		// Linux counts packets, so its CEIL rounds up to whole segments.
		unit := units.Bytes(1)
		if variant == PRRLinux {
			unit = mss
		}
		num := int64(p.delivered/unit) * int64(ssthresh/unit)
		den := max(int64(p.recoverFS/unit), 1)
		sndcnt = units.Bytes((num+den-1)/den)*unit - p.out
	} else {
		// The reduction bound.
		var limit units.Bytes
		switch variant {
		case PRRLinux:
			// tcp_cwnd_reduction: max(prr_delivered − prr_out,
			// newly_acked_sacked), one segment more when the ACK advanced
			// snd.una and marked nothing newly lost.
			limit = max(p.delivered-p.out, delivered)
			if unaAdvanced && !newlyLost {
				limit += mss
			}
		case PRRNS3:
			// TcpPrrRecovery::DoRecovery (SSRB): the bound only when the
			// ACK covers retransmitted data, else what was delivered.
			limit = delivered
			if rtxAcked {
				limit = max(p.delivered-p.out, delivered) + mss
			}
		default:
			// PRR-SSRB: MAX(prr_delivered − prr_out, DeliveredData) + MSS.
			limit = max(p.delivered-p.out, delivered) + mss
		}
		sndcnt = min(ssthresh-pipe, limit)
	}
	if p.out == 0 {
		// Linux and ns-3: force the fast retransmit when recovery begins.
		sndcnt = max(sndcnt, mss)
	}
	return max(sndcnt, 0)
}
