package quic

import (
	"time"

	"pagesim/model/internal/cc"
)

// HyStart ends slow start (ssthresh = cwnd) before it overflows a deep
// queue (Config.HyStart; the detectors are package cc's). RFC 9002 §7.3.1
// leaves slow start to end with a loss; quiche, the QUIC of Chrome and
// Google's servers, runs HybridSlowStart in its CUBIC sender
// (TcpCubicSenderBytes::OnCongestionEvent), and so does pagesim by
// default:
//
//   - a sample is taken on every ACK that gives an RTT sample (its largest
//     acknowledged packet is newly acknowledged and ack-eliciting) while
//     cwnd < ssthresh, before the ACK's losses and acknowledgements are
//     processed, with quiche's latest_rtt — the sample less the peer's
//     ACK delay (RFC 9002 §5.3) — and the connection's minimum RTT; the
//     window counts in quiche's 1 460-byte segments for the 16-segment
//     floor;
//   - a round starts at the first sample after the last one ended, and
//     ends when the largest ack-eliciting packet sent when it began is
//     acknowledged, outside a recovery period
//     (HybridSlowStart::OnPacketAcked).
//
// With linux, the same detectors as pagesim's TCP (the ACK train too),
// with a round starting when a window-limited ACK acknowledges a packet
// sent after the last round began (bictcp_cong_avoid) and cwnd counted in
// datagrams.
//
// Only the application data space takes part: the Initial and Handshake
// spaces carry a handful of packets with their own packet numbers, and
// quiche's rounds, read literally, would mix numbers of different spaces
// (a model choice). Persistent congestion starts HyStart over, as a
// retransmission timeout does in quiche (OnRetransmissionTimeout) and in
// Linux.

// initHyStart sets up HyStart for the configured heuristic.
func (e *Endpoint) initHyStart() {
	if e.cfg.HyStart == HyStartLinux {
		e.hy.Variant = cc.HyStartLinux
	} else {
		e.hy.Variant = cc.HyStartQuiche
	}
	e.hyLastSent = -1
}

// inSlowStart reports whether the window is in slow start.
func (e *Endpoint) inSlowStart() bool { return e.window.cwnd < e.window.ssthresh }

// hystartSample runs HyStart for an ACK of the application space that
// gave an RTT sample; largest is its largest acknowledged packet.
func (e *Endpoint) hystartSample(largest *packet) {
	if e.cfg.HyStart == HyStartOff || !e.inSlowStart() {
		return
	}
	w := &e.window
	s := cc.HyStartSample{Now: e.st.S.Now(), RTT: e.rtt.adjusted, MinRTT: e.rtt.min, SRTT: e.rtt.smoothed, Cwnd: w.cwnd}
	if e.cfg.HyStart == HyStartLinux {
		if e.inRecovery && largest.sentAt <= e.recoveryStart {
			return // Linux samples only outside recovery
		}
		s.RTT = e.rtt.latest // Linux's ca_rtt: no ACK delay to take off
		s.Segments = int64(w.cwnd / w.mds)
	} else {
		s.Segments = int64(w.cwnd / cc.QuicheSegment)
		if !e.hy.InRound() {
			e.hy.StartRound(s.Now, e.hyLastSent)
		}
	}
	if e.hy.Sample(s) {
		w.ssthresh = w.cwnd
		e.notifyCwnd()
	}
}

// hystartAcked ends or starts rounds after an ACK of the application
// space whose largest newly acknowledged packet is num, sent at sentAt;
// limited says whether the window limited the sender (cwndLimited).
func (e *Endpoint) hystartAcked(num int64, sentAt time.Duration, limited bool) {
	if e.cfg.HyStart == HyStartOff || !e.inSlowStart() || e.inRecovery && sentAt <= e.recoveryStart {
		return
	}
	if e.cfg.HyStart == HyStartLinux {
		// after(ack, end_seq) in TCP's terms: ack is one past the
		// highest packet acknowledged, end the next packet to send.
		if limited && e.hy.RoundOver(num+1) {
			e.hy.StartRound(e.st.S.Now(), e.snd[appSpace].next)
		}
		return
	}
	if e.hy.InRound() && e.hy.RoundOver(num) {
		e.hy.EndRound()
	}
}

// hystartSent notes the largest ack-eliciting packet of the application
// space sent (quiche's OnPacketSent for retransmittable packets).
func (e *Endpoint) hystartSent(p *packet) {
	if p.sp == appSpace && p.ackEliciting {
		e.hyLastSent = p.num
	}
}
