package tcp

import "time"

// HyStart (Ha and Rhee, "Taming the elephants: New TCP slow start", 2011),
// as Linux's CUBIC runs it (tcp_cubic.c, hystart = 1, hystart_detect = 3):
// slow start doubles cwnd every round trip until a loss, and by then it has
// filled a deep buffer with as much again as the path holds. HyStart ends
// slow start (ssthresh = cwnd) before that, when either
//
//   - the ACK train of a round — ACKs arriving no more than 2 ms apart
//     (hystart_ack_delta_us) — has lasted longer than half the minimum
//     RTT: the window already fills the pipe; or
//   - the smallest RTT of the first 8 samples of a round
//     (HYSTART_MIN_SAMPLES) exceeds the smallest RTT ever seen by
//     clamp(minRTT/8, 4 ms, 16 ms) (HYSTART_DELAY_THRESH): a queue is
//     building.
//
// It is active only once cwnd is at least 16 segments (hystart_low_window).
// A round ends when an ACK passes the sequence number sent last when it
// began. Linux's ACK-train threshold adds a cushion for TSO/GRO
// (hystart_ack_delay: min(1 ms, 4·64 KB / pacing rate), the pacing rate
// being 2·cwnd·MSS/SRTT in slow start, tcp_pacing_ss_ratio = 200 %); it is
// modelled. RTT samples are those of the newest segment an ACK covers, as
// Linux's ca_rtt. Linux applies HyStart inside CUBIC; here it is part of
// the shared slow start, so Config.HyStart works with any cc.
const (
	hystartLowWindow  = 16
	hystartAckDelta   = 2 * time.Millisecond
	hystartMinSamples = 8
	hystartDelayMin   = 4 * time.Millisecond
	hystartDelayMax   = 16 * time.Millisecond
	hystartGSOMax     = 65536 // GSO_MAX_SIZE, bytes
)

// hystart is the state of the heuristic for one sender.
type hystart struct {
	found      bool          // the exit point was found (slow start is over)
	roundStart time.Duration // when the current round began
	lastAck    time.Duration // the last ACK of the current train
	endSeq     Seq           // the round ends when an ACK passes this
	currRTT    time.Duration // the smallest RTT of the round's first samples
	samples    int
	delayMin   time.Duration // the smallest RTT seen; 0 before any
}

// reset starts a round at now that ends once sndNxt is acknowledged
// (bictcp_hystart_reset).
func (h *hystart) reset(now time.Duration, sndNxt Seq) {
	h.roundStart, h.lastAck = now, now
	h.endSeq = sndNxt
	h.currRTT = -1
	h.samples = 0
}

// sample takes the RTT of an ACK in slow start (bictcp_acked and
// hystart_update) and reports whether slow start should end now.
func (h *hystart) sample(w *window, rtt, srtt, now time.Duration) bool {
	if rtt <= 0 {
		rtt = time.Nanosecond
	}
	if h.delayMin == 0 || rtt < h.delayMin {
		h.delayMin = rtt
	}
	if h.found || w.cwnd < hystartLowWindow*w.mss {
		return false
	}
	// ACK-train detection.
	if now-h.lastAck <= hystartAckDelta {
		h.lastAck = now
		threshold := (h.delayMin + hystartAckDelay(w, srtt)) / 2
		if now-h.roundStart > threshold {
			h.found = true
		}
	}
	// Delay-increase detection.
	if h.currRTT < 0 || rtt < h.currRTT {
		h.currRTT = rtt
	}
	if h.samples < hystartMinSamples {
		h.samples++
	} else if h.currRTT > h.delayMin+min(max(h.delayMin/8, hystartDelayMin), hystartDelayMax) {
		h.found = true
	}
	return h.found
}

// hystartAckDelay is Linux's cushion for TSO/GRO batching:
// min(1 ms, 4·GSO_MAX_SIZE / pacing rate), the slow-start pacing rate being
// 2·cwnd/SRTT.
func hystartAckDelay(w *window, srtt time.Duration) time.Duration {
	if srtt <= 0 {
		return 0
	}
	rate := 2 * float64(w.cwnd) / srtt.Seconds() // bytes per second
	d := time.Duration(4 * hystartGSOMax / rate * float64(time.Second))
	return min(d, time.Millisecond)
}

// hystartSample runs HyStart for an ACK in slow start with the RTT sample
// rtt of the newest segment it acknowledged (bictcp_acked): when the exit
// is found, slow start ends with ssthresh = cwnd.
func (e *Endpoint) hystartSample(rtt time.Duration) {
	now := e.st.S.Now()
	if e.hy.sample(&e.window, rtt, e.srtt, now) && e.ssthresh > e.cwnd {
		e.ssthresh = e.cwnd
		if t := e.st.trace; t != nil {
			t.add(Record{At: now, Kind: RecCwnd, Conn: e.conn.ID, Client: e.client, Cwnd: e.cwnd, Ssthresh: e.ssthresh, Note: "hystart"})
		}
	}
}

// hystartRound starts a new round when a window-limited ACK in slow start
// passes the end of the current one (bictcp_cong_avoid).
func (e *Endpoint) hystartRound(ack Seq) {
	if ack > e.hy.endSeq {
		e.hy.reset(e.st.S.Now(), e.sndNxt)
	}
}
