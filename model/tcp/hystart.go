package tcp

import (
	"time"

	"pagesim/model/internal/cc"
)

// HyStart as Linux's CUBIC runs it (tcp_cubic.c, hystart = 1,
// hystart_detect = 3): the ACK-train and delay-increase detectors of
// package cc (cc.HyStartLinux), active from 16 segments
// (hystart_low_window), with Linux's TSO/GRO cushion on the ACK-train
// threshold. A round ends when an ACK passes the sequence number sent last
// when it began (Endpoint.sndNxt). RTT samples are those of the newest
// segment an ACK covers, as Linux's ca_rtt. Linux applies HyStart inside
// CUBIC; here it is part of the shared slow start, so Config.HyStart works
// with any cc.

// hystartSample runs HyStart for an ACK in slow start with the RTT sample
// rtt of the newest segment it acknowledged (bictcp_acked): when the exit
// is found, slow start ends with ssthresh = cwnd.
func (e *Endpoint) hystartSample(rtt time.Duration) {
	now := e.st.S.Now()
	s := cc.HyStartSample{Now: now, RTT: rtt, SRTT: e.srtt, Cwnd: e.cwnd, Segments: int64(e.cwnd / e.mss)}
	if e.hy.Sample(s) && e.ssthresh > e.cwnd {
		e.ssthresh = e.cwnd
		if t := e.st.trace; t != nil {
			t.add(Record{At: now, Kind: RecCwnd, Conn: e.conn.ID, Client: e.client, Cwnd: e.cwnd, Ssthresh: e.ssthresh, Note: "hystart"})
		}
	}
}

// hystartRound starts a new round when a window-limited ACK in slow start
// passes the end of the current one (bictcp_cong_avoid).
func (e *Endpoint) hystartRound(ack Seq) {
	if e.hy.RoundOver(int64(ack)) {
		e.hy.StartRound(e.st.S.Now(), int64(e.sndNxt))
	}
}
