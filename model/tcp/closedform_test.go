package tcp

import (
	"math"
	"pagesim/model/units"
	"testing"
	"time"
)

// Closed forms: a transfer whose window is fixed at W segments matches
// Kurose & Ross's latency formula to the microsecond.

// fixedWindowLatency is Kurose & Ross's closed form for one object sent with
// a window fixed at W segments: if W·S/R > RTT + S/R the sender never stalls
// and the latency is 2·RTT + O/R; otherwise each of the K − 1 windows after
// the first stalls for S/R + RTT − W·S/R, K = ⌈n/W⌉, n = ⌈O/S⌉.
func fixedWindowLatency(O, S units.Bytes, R units.BitRate, rtt time.Duration, W int) time.Duration {
	n := int((O + S - 1) / S)
	K := (n + W - 1) / W
	sr := R.TxTime(S)
	base := 2*rtt + R.TxTime(O)
	wsr := time.Duration(W) * sr
	if wsr > rtt+sr {
		return base
	}
	return base + time.Duration(K-1)*(sr+rtt-wsr)
}

func TestFixedWindowClosedForm(t *testing.T) {
	cases := []struct {
		name string
		O, S units.Bytes
		R    units.BitRate
		rtt  time.Duration
		W    int
		// stalls says which branch of the closed form the case exercises.
		stalls bool
	}{
		{"no stall: window covers the pipe", 100 * units.KB, 1000, 10 * units.Mbps, 10 * time.Millisecond, 20, false},
		{"no stall: large window, long object", 1 * units.MB, 1460, 100 * units.Mbps, 20 * time.Millisecond, 300, false},
		{"stall: small window, slow link", 100 * units.KB, 1000, 1 * units.Mbps, 100 * time.Millisecond, 4, true},
		{"stall: stop-and-wait W=1", 20 * units.KB, 1000, 2 * units.Mbps, 50 * time.Millisecond, 1, true},
		{"stall: n a multiple of W", 40 * units.KB, 1000, 10 * units.Mbps, 80 * time.Millisecond, 8, true},
		{"stall: n = k·W + 1", 41 * units.KB, 1000, 10 * units.Mbps, 80 * time.Millisecond, 8, true},
		{"stall: partial last segment", 10500, 1460, 2 * units.Mbps, 80 * time.Millisecond, 3, true},
		{"boundary: W·S/R = RTT + S/R (zero stall)", 60 * units.KB, 1000, 8 * units.Mbps, 10 * time.Millisecond, 11, true},
		{"single window (K = 1)", 5 * units.KB, 1000, 1 * units.Mbps, 200 * time.Millisecond, 5, true},
		{"one-byte object", 1, 536, 56 * units.Kbps, 150 * time.Millisecond, 2, true},
		{"zero rtt", 30 * units.KB, 1460, 10 * units.Mbps, 0, 2, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sr := c.R.TxTime(c.S)
			if got := time.Duration(c.W)*sr > c.rtt+sr; got == c.stalls {
				t.Fatalf("bad case: W·S/R > RTT + S/R is %v, case claims stalls=%v", got, c.stalls)
			}
			nw, tc := textbookNet(c.rtt, c.R, c.S)
			tc.InitCwnd = c.W
			tc.RWnd = units.Bytes(c.W) * c.S // the window never exceeds W segments
			got, _, err := transfer(t, nw, tc, transferOpts{req: 1, resp: c.O})
			if err != nil {
				t.Fatal(err)
			}
			want := fixedWindowLatency(c.O, c.S, c.R, c.rtt, c.W)
			if !within(got, want, us) {
				t.Errorf("latency = %v, want %v (fixed-window closed form), off by %v", got, want, got-want)
			}
		})
	}
}

// krLatency is Kurose & Ross's closed form for one object over slow start.
func krLatency(O, S units.Bytes, R units.BitRate, rtt time.Duration) time.Duration {
	n := int(math.Ceil(float64(O) / float64(S)))
	K := int(math.Ceil(math.Log2(float64(n + 1))))
	sr := R.TxTime(S)
	Q := int(math.Floor(math.Log2(1+float64(rtt)/float64(sr)))) + 1
	P := min(Q, K-1)
	return 2*rtt + R.TxTime(O) + time.Duration(P)*(rtt+sr) - time.Duration((1<<P)-1)*sr
}

func TestKuroseRossSlowStart(t *testing.T) {
	cases := []struct {
		name string
		O, S units.Bytes
		R    units.BitRate
		rtt  time.Duration
	}{
		{"one segment (P=0)", 1000, 1000, 1 * units.Mbps, 100 * time.Millisecond},
		{"two segments", 2000, 1000, 1 * units.Mbps, 100 * time.Millisecond},
		{"P=K-1 fast link", 100 * units.KB, 1000, 100 * units.Mbps, 100 * time.Millisecond},
		{"P=Q<K-1 slow link", 100 * units.KB, 1000, 1 * units.Mbps, 50 * time.Millisecond},
		{"P=Q tiny rtt", 50 * units.KB, 536, 10 * units.Mbps, time.Millisecond},
		{"partial last segment", 10500, 1460, 2 * units.Mbps, 80 * time.Millisecond},
		{"long fat", 1 * units.MB, 1460, 1 * units.Gbps, 200 * time.Millisecond},
		{"56k modem", 20 * units.KB, 536, 56 * units.Kbps, 150 * time.Millisecond},
		{"zero rtt", 20 * units.KB, 1460, 10 * units.Mbps, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nw, tc := textbookNet(c.rtt, c.R, c.S)
			got, _, err := transfer(t, nw, tc, transferOpts{req: 1, resp: c.O})
			if err != nil {
				t.Fatal(err)
			}
			want := krLatency(c.O, c.S, c.R, c.rtt)
			if d := got - want; d < -time.Microsecond || d > time.Microsecond {
				t.Errorf("latency = %v, want %v (K&R closed form), off by %v", got, want, d)
			}
		})
	}
}
