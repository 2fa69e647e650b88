package cc

import (
	"time"

	"pagesim/model/units"
)

// HyStart (Ha and Rhee, "Taming the elephants: New TCP slow start", 2011)
// ends slow start (the caller sets ssthresh = cwnd) before it overflows a
// deep buffer: slow start doubles cwnd every round trip until a loss, and
// by then it has filled the queue with as much again as the path holds.
// Two implementations are modelled, with their own constants:
//
// Linux's (HyStartLinux; tcp_cubic.c, hystart = 1, hystart_detect = 3)
// runs two detectors once cwnd is at least 16 segments
// (hystart_low_window):
//
//   - the ACK train: ACKs arriving no more than 2 ms apart
//     (hystart_ack_delta_us) for longer than half the minimum RTT mean
//     the window already fills the pipe. The threshold adds a cushion for
//     TSO/GRO batching (hystart_ack_delay: min(1 ms, 4·64 KB / pacing
//     rate), the pacing rate being 2·cwnd/SRTT in slow start,
//     tcp_pacing_ss_ratio = 200 %);
//   - the delay increase: once a round has had 8 RTT samples
//     (HYSTART_MIN_SAMPLES), every further sample checks whether the
//     smallest RTT of the round exceeds the smallest RTT ever seen
//     (delay_min, kept by HyStart itself) by more than
//     clamp(delay_min/8, 4 ms, 16 ms) (HYSTART_DELAY_THRESH).
//
// quiche's (HyStartQuiche; Chrome's and Google's QUIC,
// quic/core/congestion_control/hybrid_slow_start.cc, used by
// TcpCubicSenderBytes) keeps only the delay detector — its comment: ack
// train detection "interacts poorly with pacing" — with the same
// thresholds (kHybridStartMinSamples = 8, kHybridStartDelayFactorExp = 3,
// kHybridStartDelayMinThresholdUs = 4000, ...MaxThresholdUs = 16000,
// kHybridStartLowWindow = 16), applied differently: the round's minimum is
// taken over its first 8 samples only and compared once, at the 8th, with
// the connection's minimum RTT (RttStats::min_rtt, passed in); samples
// are counted whatever the window, and the exit waits until cwnd counts
// at least 16 segments — which quiche counts in kDefaultTCPMSS (1460 B)
// units whatever its packet size (the caller passes the count); once the
// delay was found, slow start ends at the next sample.
//
// A round is one window of data: it begins at an ACK (Linux: the first
// in slow start that passes the end of the last round; quiche: the first
// sample after the last round ended) and ends when the data sent last
// when it began is acknowledged. Sequences are abstract and monotone —
// TCP's sequence numbers, QUIC's packet numbers — and the comparison is
// each implementation's: Linux's after(ack, end_seq) with ack TCP's
// cumulative acknowledgment and end the next sequence number to send when
// the round began; quiche's end_packet_number_ <= ack with ack a packet
// number acknowledged and end the largest sent when the round began.
type HyStart struct {
	// Variant chooses the implementation; the zero value is Linux's.
	Variant HyStartVariant

	found      bool          // the exit point was found (slow start is over)
	inRound    bool          // a round is under way (quiche's started_)
	roundStart time.Duration // when the current round began
	lastAck    time.Duration // the last ACK of the current train (Linux)
	end        int64         // the round ends when an ACK passes this
	currRTT    time.Duration // the round's smallest RTT; 0 before a sample
	samples    int
	delayMin   time.Duration // the smallest RTT seen (Linux); 0 before any
}

// HyStartVariant names an implementation of HyStart.
type HyStartVariant uint8

// The implementations.
const (
	HyStartLinux HyStartVariant = iota
	HyStartQuiche
)

// Linux's and quiche's constants (see HyStart).
const (
	hystartLowWindow  = 16                    // segments: hystart_low_window, kHybridStartLowWindow
	hystartAckDelta   = 2 * time.Millisecond  // hystart_ack_delta_us
	hystartMinSamples = 8                     // HYSTART_MIN_SAMPLES, kHybridStartMinSamples
	hystartDelayMin   = 4 * time.Millisecond  // HYSTART_DELAY_MIN, kHybridStartDelayMinThresholdUs
	hystartDelayMax   = 16 * time.Millisecond // HYSTART_DELAY_MAX, kHybridStartDelayMaxThresholdUs
	hystartGSOMax     = 65536                 // GSO_MAX_SIZE, bytes (Linux's cushion)
)

// QuicheSegment is the segment size quiche counts its window in, whatever
// its packets' size, for the low-window rule (kDefaultTCPMSS).
const QuicheSegment units.Bytes = 1460

// HyStartSample is what one ACK tells HyStart.
type HyStartSample struct {
	Now time.Duration
	// RTT is the ACK's RTT sample: Linux's ca_rtt (the newest segment
	// the ACK covers), quiche's latest_rtt (the largest packet
	// acknowledged, less the peer's ACK delay).
	RTT time.Duration
	// MinRTT is the connection's minimum RTT (quiche only; Linux keeps
	// its own).
	MinRTT time.Duration
	// SRTT and Cwnd give Linux's ACK-train cushion (0 SRTT: none).
	SRTT time.Duration
	Cwnd units.Bytes
	// Segments is cwnd in segments, for the low-window rule.
	Segments int64
}

// Found reports whether the exit point was found.
func (h *HyStart) Found() bool { return h.found }

// Restart forgets everything but the variant: slow start after a
// retransmission timeout (Linux bictcp_state, TCP_CA_Loss; quiche
// Restart on a timeout) or QUIC's persistent congestion.
func (h *HyStart) Restart() { *h = HyStart{Variant: h.Variant} }

// StartRound begins a round at now that ends when an ACK passes end
// (Linux bictcp_hystart_reset, quiche StartReceiveRound).
func (h *HyStart) StartRound(now time.Duration, end int64) {
	h.inRound = true
	h.roundStart, h.lastAck = now, now
	h.end = end
	h.currRTT = 0
	h.samples = 0
}

// InRound reports whether a round is under way (it is, always, once Linux's
// first one began).
func (h *HyStart) InRound() bool { return h.inRound }

// RoundOver reports whether ack passes the round's end (see HyStart for
// each implementation's comparison).
func (h *HyStart) RoundOver(ack int64) bool {
	if h.Variant == HyStartQuiche {
		return h.end <= ack
	}
	return ack > h.end
}

// EndRound ends the round (quiche's OnPacketAcked at the end of a round:
// the next sample starts another).
func (h *HyStart) EndRound() { h.inRound = false }

// Sample takes the RTT sample of an ACK in slow start and reports whether
// slow start should end now.
func (h *HyStart) Sample(s HyStartSample) bool {
	if h.Variant == HyStartQuiche {
		return h.sampleQuiche(s)
	}
	return h.sampleLinux(s)
}

// sampleLinux is bictcp_acked and hystart_update.
func (h *HyStart) sampleLinux(s HyStartSample) bool {
	rtt := s.RTT
	if rtt <= 0 {
		rtt = time.Nanosecond
	}
	if h.delayMin == 0 || rtt < h.delayMin {
		h.delayMin = rtt
	}
	if h.found || s.Segments < hystartLowWindow {
		return false
	}
	// ACK-train detection.
	if s.Now-h.lastAck <= hystartAckDelta {
		h.lastAck = s.Now
		threshold := (h.delayMin + linuxAckDelay(s.Cwnd, s.SRTT)) / 2
		if s.Now-h.roundStart > threshold {
			h.found = true
		}
	}
	// Delay-increase detection.
	if h.currRTT == 0 || rtt < h.currRTT {
		h.currRTT = rtt
	}
	if h.samples < hystartMinSamples {
		h.samples++
	} else if h.currRTT > h.delayMin+delayThresh(h.delayMin) {
		h.found = true
	}
	return h.found
}

// delayThresh is the delay increase that ends slow start: min/8 clamped
// to [4 ms, 16 ms].
func delayThresh(m time.Duration) time.Duration {
	return max(hystartDelayMin, min(m/8, hystartDelayMax))
}

// linuxAckDelay is Linux's cushion for TSO/GRO batching:
// min(1 ms, 4·GSO_MAX_SIZE / pacing rate), the slow-start pacing rate being
// 2·cwnd/SRTT.
func linuxAckDelay(cwnd units.Bytes, srtt time.Duration) time.Duration {
	if srtt <= 0 {
		return 0
	}
	rate := 2 * float64(cwnd) / srtt.Seconds() // bytes per second
	d := time.Duration(4 * hystartGSOMax / rate * float64(time.Second))
	return min(d, time.Millisecond)
}

// sampleQuiche is HybridSlowStart::ShouldExitSlowStart; the caller has
// started a round if none was under way.
func (h *HyStart) sampleQuiche(s HyStartSample) bool {
	if h.found {
		return true
	}
	h.samples++
	if h.samples > hystartMinSamples {
		return false // only the first 8 samples of a round count
	}
	if h.currRTT == 0 || s.RTT < h.currRTT {
		h.currRTT = s.RTT
	}
	if h.samples == hystartMinSamples {
		// The threshold in whole microseconds, as quiche computes it.
		thresh := time.Duration(s.MinRTT.Microseconds()>>3) * time.Microsecond
		if h.currRTT > s.MinRTT+max(hystartDelayMin, min(thresh, hystartDelayMax)) {
			h.found = true
		}
	}
	return s.Segments >= hystartLowWindow && h.found
}
