package cc

import (
	"testing"
	"time"

	"pagesim/model/units"
)

// hystartRun drives HyStart through two rounds: a first of 3 samples 10 ms
// apart at minRTT, which sets the minimum, then a second whose samples
// come spacing apart with the RTTs rtts (the last repeated to acks
// samples). It reports whether the second round ended slow start, and at
// which sample (1-based; 0 if none).
func hystartRun(t *testing.T, v HyStartVariant, cwnd, seg units.Bytes, minRTT time.Duration, rtts []time.Duration, spacing time.Duration, acks int) (bool, int) {
	t.Helper()
	h := HyStart{Variant: v}
	sample := func(now, rtt time.Duration) bool {
		// SRTT 0 leaves out Linux's TSO cushion.
		return h.Sample(HyStartSample{Now: now, RTT: rtt, MinRTT: minRTT, Cwnd: cwnd, Segments: int64(cwnd / seg)})
	}
	now := time.Second
	h.StartRound(now, 0)
	for i := 0; i < 3; i++ {
		now += 10 * time.Millisecond
		if sample(now, minRTT) {
			t.Fatal("exit in the first round")
		}
	}
	h.StartRound(now, 0)
	for i := 0; i < acks; i++ {
		now += spacing
		if sample(now, rtts[min(i, len(rtts)-1)]) {
			return true, i + 1
		}
	}
	return false, 0
}

func ms(f float64) time.Duration { return time.Duration(f * float64(time.Millisecond)) }

// TestHyStartLinux: the delay detector ends slow start when the smallest
// RTT of a round, after 8 samples, exceeds the minimum by clamp(min/8,
// 4 ms, 16 ms); the ACK-train detector when ACKs closer than 2 ms apart
// have lasted half the minimum RTT; neither below 16 segments.
func TestHyStartLinux(t *testing.T) {
	const mss = 1000
	cases := []struct {
		name     string
		cwnd     units.Bytes
		minRTT   time.Duration
		rtts     []time.Duration // RTTs of the second round's samples (the last repeats)
		spacing  time.Duration   // time between ACKs
		acks     int             // ACKs in the second round
		wantExit bool
	}{
		{"delay up by more than min/8: exit", 20 * mss, ms(100), []time.Duration{ms(113)}, ms(5), 9, true},
		{"delay up by less than min/8: stay", 20 * mss, ms(100), []time.Duration{ms(112)}, ms(5), 30, false},
		{"short RTT: the 4 ms floor of the threshold", 20 * mss, ms(10), []time.Duration{ms(13.9)}, ms(3), 30, false},
		{"short RTT: above the 4 ms floor, exit", 20 * mss, ms(10), []time.Duration{ms(14.1)}, ms(3), 9, true},
		{"long RTT: the 16 ms cap of the threshold", 20 * mss, ms(400), []time.Duration{ms(416.1)}, ms(5), 9, true},
		{"only 8 samples: not yet", 20 * mss, ms(100), []time.Duration{ms(200)}, ms(5), 8, false},
		{"8 high samples, then a low one: the round's minimum is low", 20 * mss, ms(100),
			[]time.Duration{ms(200), ms(200), ms(200), ms(200), ms(200), ms(200), ms(200), ms(200), ms(100)}, ms(5), 30, false},
		{"ACK train longer than min/2: exit", 20 * mss, ms(100), []time.Duration{ms(100)}, ms(1), 60, true},
		{"ACK train shorter than min/2: stay", 20 * mss, ms(100), []time.Duration{ms(100)}, ms(1), 45, false},
		{"ACKs 3 ms apart are no train", 20 * mss, ms(100), []time.Duration{ms(100)}, ms(3), 60, false},
		{"below 16 segments: never", 15 * mss, ms(100), []time.Duration{ms(200)}, ms(1), 100, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if exited, _ := hystartRun(t, HyStartLinux, c.cwnd, mss, c.minRTT, c.rtts, c.spacing, c.acks); exited != c.wantExit {
				t.Errorf("exit = %v after %d ACKs, want %v", exited, c.acks, c.wantExit)
			}
		})
	}
}

// TestLinuxAckDelay: the ACK-train cushion is 4·64 KB at twice cwnd/SRTT,
// at most 1 ms, and none before an RTT sample.
func TestLinuxAckDelay(t *testing.T) {
	cases := []struct {
		name string
		cwnd units.Bytes
		srtt time.Duration
		want time.Duration
	}{
		{"no SRTT: none", 100_000, 0, 0},
		{"slow: capped at 1 ms", 10_000, 100 * time.Millisecond, time.Millisecond},
		// 2·2 MB / 10 ms = 400 MB/s; 262 144 B at that rate: 655.36 µs.
		{"fast: 4·64 KB at the pacing rate", 2_000_000, 10 * time.Millisecond, 655360 * time.Nanosecond},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := linuxAckDelay(c.cwnd, c.srtt); got < c.want-time.Nanosecond || got > c.want+time.Nanosecond {
				t.Errorf("cushion %v, want %v", got, c.want)
			}
		})
	}
}

// TestHyStartQuiche: quiche's HybridSlowStart compares the smallest of a
// round's first 8 samples, once, at the 8th, with the connection's
// minimum RTT plus clamp(min/8, 4 ms, 16 ms); it has no ACK-train
// detector; it counts cwnd in 1 460-byte segments for the 16-segment
// floor.
func TestHyStartQuiche(t *testing.T) {
	const seg = QuicheSegment
	high := []time.Duration{ms(200), ms(200), ms(200), ms(200), ms(200), ms(200), ms(200), ms(200), ms(100)}
	lowFirst := []time.Duration{ms(100), ms(100), ms(100), ms(100), ms(100), ms(100), ms(100), ms(100), ms(200)}
	cases := []struct {
		name     string
		cwnd     units.Bytes
		minRTT   time.Duration
		rtts     []time.Duration
		spacing  time.Duration
		acks     int
		wantExit bool
		wantAt   int // the sample that ends slow start
	}{
		{"delay up by more than min/8: exit at the 8th sample", 20 * seg, ms(100), []time.Duration{ms(113)}, ms(5), 30, true, 8},
		{"delay up by less than min/8: stay", 20 * seg, ms(100), []time.Duration{ms(112)}, ms(5), 30, false, 0},
		{"short RTT: the 4 ms floor", 20 * seg, ms(10), []time.Duration{ms(13.9)}, ms(3), 30, false, 0},
		{"short RTT: above the 4 ms floor, exit", 20 * seg, ms(10), []time.Duration{ms(14.1)}, ms(3), 30, true, 8},
		{"long RTT: the 16 ms cap", 20 * seg, ms(400), []time.Duration{ms(416.1)}, ms(5), 30, true, 8},
		{"7 samples: not yet", 20 * seg, ms(100), []time.Duration{ms(200)}, ms(5), 7, false, 0},
		{"8 high samples, then a low one: exit at the 8th", 20 * seg, ms(100), high, ms(5), 30, true, 8},
		{"8 low samples, then high ones: only the first 8 count", 20 * seg, ms(100), lowFirst, ms(5), 30, false, 0},
		{"no ACK-train detector", 20 * seg, ms(100), []time.Duration{ms(100)}, ms(1), 100, false, 0},
		// 16 datagrams of 1 350 B are 14 segments of 1 460 B: the delay
		// found at the 8th sample does not end slow start, but it is kept,
		// and ShouldExitSlowStart returns early at the next sample.
		{"below 16 segments of 1 460 B: one sample later", 16 * 1350, ms(100), []time.Duration{ms(200)}, ms(5), 100, true, 9},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			exited, at := hystartRun(t, HyStartQuiche, c.cwnd, seg, c.minRTT, c.rtts, c.spacing, c.acks)
			if exited != c.wantExit || at != c.wantAt {
				t.Errorf("exit = %v at sample %d, want %v at %d", exited, at, c.wantExit, c.wantAt)
			}
		})
	}
}

// TestHyStartRounds: each implementation's end of a round, and Restart.
func TestHyStartRounds(t *testing.T) {
	cases := []struct {
		name string
		v    HyStartVariant
		ack  int64
		want bool
	}{
		{"Linux: an ACK of the end is not past it", HyStartLinux, 100, false},
		{"Linux: past the end", HyStartLinux, 101, true},
		{"quiche: below the end", HyStartQuiche, 99, false},
		{"quiche: the end packet acknowledged", HyStartQuiche, 100, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			h := HyStart{Variant: c.v}
			h.StartRound(time.Second, 100)
			if got := h.RoundOver(c.ack); got != c.want {
				t.Errorf("RoundOver(%d) = %v, want %v", c.ack, got, c.want)
			}
		})
	}
	h := HyStart{Variant: HyStartQuiche}
	h.StartRound(time.Second, 5)
	h.found = true
	h.Restart()
	if h.Variant != HyStartQuiche || h.Found() || h.InRound() {
		t.Errorf("after Restart: variant %v, found %v, in a round %v; want quiche, false, false", h.Variant, h.Found(), h.InRound())
	}
}
