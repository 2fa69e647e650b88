package tcp

import (
	"errors"
	"fmt"
	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
	"testing"
	"time"
)

// Sharing the bottleneck: long flows converge to fair shares (Jain's
// index) and together use the link without exceeding its rate.

// jain is Jain's fairness index (Σx)² / (N·Σx²): 1 when all are equal,
// 1/N when one takes everything.
func jain(xs []float64) float64 {
	var sum, sq float64
	for _, x := range xs {
		sum += x
		sq += x * x
	}
	if sq == 0 {
		return 0
	}
	return sum * sum / (float64(len(xs)) * sq)
}

func TestSharingBottleneck(t *testing.T) {
	const rate = 10 * units.Mbps
	const rtt = 40 * time.Millisecond
	bdpPackets := int(int64(rate) * int64(rtt) / int64(time.Second) / 8 / 1500)
	cases := []struct {
		name  string
		flows int
		cc    CongestionControl
	}{
		{"2 newreno flows", 2, NewReno},
		{"4 newreno flows", 4, NewReno},
		{"8 newreno flows", 8, NewReno},
		{"4 cubic flows", 4, Cubic},
	}
	const (
		t0 = 10 * time.Second // every flow has started and left slow start
		t1 = 40 * time.Second
	)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nw := link.DefaultConfig()
			nw.RTT, nw.Down, nw.Up, nw.Queue = rtt, rate, rate, bdpPackets
			tc := DefaultConfig()
			tc.CC = c.cc
			s, n := newTestNet(t, nw, tc, 1, 0)
			got := make([]units.Bytes, c.flows)
			for i := 0; i < c.flows; i++ {
				client := &funcApp{readable: func(e *Endpoint) { got[i] += e.Read(0) }}
				server := &funcApp{established: func(e *Endpoint) { e.Write(1 << 40) }}
				conn := n.Dial(fmt.Sprintf("h%d", i), link.ClientToServer, client, server)
				// Staggered starts, as real connections open.
				s.At(time.Duration(i)*137*time.Millisecond, sim.Func(func(time.Duration) { conn.A.Connect() }))
			}
			if err := s.Run(sim.Limits{Horizon: t0}); !errors.Is(err, sim.ErrHorizon) {
				t.Fatalf("run to %v: %v (want the horizon: the flows are endless)", t0, err)
			}
			at0 := append([]units.Bytes(nil), got...)
			if err := s.Run(sim.Limits{Horizon: t1}); !errors.Is(err, sim.ErrHorizon) {
				t.Fatalf("run to %v: %v", t1, err)
			}
			shares := make([]float64, c.flows)
			var total float64
			for i := range got {
				shares[i] = float64(got[i] - at0[i])
				total += shares[i]
			}
			if j := jain(shares); j <= 0.95 {
				t.Errorf("Jain's index over [%v, %v] = %.3f, want > 0.95 (bytes per flow %v)", t0, t1, j, shares)
			}
			// The flows together use the link: at least 80 % of its rate
			// goes to payload (headers take 40/1500 of it; two NewReno
			// flows that halve together leave the queue empty a while).
			capacity := float64(rate) / 8 * (t1 - t0).Seconds()
			if total < 0.80*capacity {
				t.Errorf("goodput %.0f B over [%v, %v] is %.1f%% of the link, want ≥ 80%%", total, t0, t1, 100*total/capacity)
			}
			// The link never carries more than its rate. The packet in
			// service at the horizon has been counted in full, so one
			// packet of slack.
			down, _ := n.Stats()
			elapsed := s.Now()
			pkt := nw.MSS + nw.Header
			maxBits := float64(rate)*elapsed.Seconds() + float64(pkt*8)
			if bits := float64(down.Bytes * 8); bits > maxBits {
				t.Errorf("down link carried %.0f bits in %v, more than its rate allows (%.0f)", bits, elapsed, maxBits)
			}
			if slack := rate.TxTime(pkt); down.Busy > elapsed+slack {
				t.Errorf("down link busy %v in %v of simulated time", down.Busy, elapsed)
			}
			// Busy is the sum of serialization times of what was carried.
			if ideal := time.Duration(float64(down.Bytes*8) / float64(rate) * 1e9); down.Busy < ideal-time.Microsecond || down.Busy > ideal+time.Duration(down.Packets) {
				t.Errorf("down link busy %v, want the serialization time of %d B = %v", down.Busy, down.Bytes, ideal)
			}
		})
	}
}
