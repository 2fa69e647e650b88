package tcp

import (
	"testing"
	"time"

	"pagesim/model/link"
	"pagesim/sim"
)

// TestRACKReorderingWindow drives RACK (RFC 8985 §6.2) on a sender's state
// alone: four segments sent 1 ms apart from t = 0; at t = 50 ms some of the
// later ones are SACKed. The first is lost once RACK.rtt plus the
// reordering window has passed since it was sent; the window is min_RTT/4,
// or 0 when DupThresh segments are SACKed and no reordering was seen.
func TestRACKReorderingWindow(t *testing.T) {
	const mss = 1460
	ms := time.Millisecond
	cases := []struct {
		name       string
		sacked     []int // which of segments 0..3 are SACKed at 50 ms
		reordering bool
		wantLostAt time.Duration // when segment 0 becomes lost
	}{
		// Newest delivered: segment 1, sent at 1 ms, RTT 49 ms =
		// min_RTT; reo_wnd = 49/4 ms: lost at 0 + 49 + 12.25 ms.
		{"one SACKed: the window is min_RTT/4", []int{1}, false, 49*ms + 49*ms/4},
		// Newest delivered: segment 3 (sent 3 ms, RTT 47 ms): three
		// SACKed, no reordering seen: reo_wnd 0, lost at 47 ms ≤ 50.
		{"DupThresh SACKed: no window", []int{1, 2, 3}, false, 50 * ms},
		{"DupThresh SACKed after reordering: the window again", []int{1, 2, 3}, true, 47*ms + 47*ms/4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tc := DefaultConfig()
			tc.SACK, tc.RACK = true, true
			s, n := newTestNet(t, link.DefaultConfig(), tc, 1, 0)
			e := n.Dial("server", link.ClientToServer, &funcApp{}, &funcApp{}).B
			e.sndUna, e.sndNxt, e.sndMax = 1, Seq(1+4*mss), Seq(1+4*mss)
			for i := 0; i < 4; i++ {
				e.segs.Push(sentSeg{seq: Seq(1 + i*mss), len: mss, sentAt: time.Duration(i) * ms})
			}
			e.srtt = 60 * ms
			e.rack.reordering = c.reordering
			var lostAt time.Duration = -1
			check := func(now time.Duration) {
				if lostAt < 0 && e.rackDetect() {
					lostAt = now
				}
				e.rack.timer.Stop() // the test looks, it does not recover
			}
			s.At(50*ms, sim.Func(func(now time.Duration) {
				ack := segment{flags: flagACK, ack: 1}
				for _, i := range c.sacked {
					ack.sack[ack.nsack] = span{Seq(1 + i*mss), Seq(1 + (i+1)*mss)}
					ack.nsack++
				}
				e.sb.update(&ack, e.sndUna, e.sndMax)
				e.markSACKed()
				check(now)
			}))
			for at := 51 * ms; at <= 80*ms; at += 250 * time.Microsecond {
				s.At(at, sim.Func(check))
			}
			if err := s.Run(sim.Limits{}); err != nil {
				t.Fatal(err)
			}
			// The checks run every 250 µs: the loss is seen at the first
			// check at or after its due time.
			due := max(c.wantLostAt, 50*ms)
			if lostAt < due || lostAt > due+250*time.Microsecond {
				t.Errorf("segment 0 found lost at %v, want at %v", lostAt, due)
			}
			if got := e.sb.rackLost; got != 1+mss {
				t.Errorf("lost limit %d, want the end of segment 0 (%d)", got, 1+mss)
			}
		})
	}
}
