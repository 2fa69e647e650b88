package quic

import (
	"fmt"
	"math/rand/v2"
	"testing"
	"time"

	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
)

// TestRandomWorlds runs connections with settings drawn at random — loss
// up to 30 %, queues of 2 to 200 packets, links from 56 kbps to 1 Gbps,
// small windows and stream limits, both schedulers, pacing, both
// controllers, 0-RTT — and checks that each one either delivers every
// byte of every object exactly once or ends at a timeout with the client
// told why, and that bytes in flight return to zero when nothing is left.
func TestRandomWorlds(t *testing.T) {
	n := 300
	if testing.Short() {
		n = 60
	}
	for k, c := range randomCases(n) {
		nw, qc, hs, sizes := c.nw, c.qc, c.hs, c.sizes
		name := fmt.Sprintf("%d/rtt=%v,down=%v,q=%d,loss=%g", k, nw.RTT, nw.Down, nw.Queue, nw.Loss)
		t.Run(name, func(t *testing.T) { checkRandomWorld(t, nw, qc, hs, sizes) })
	}
}

type randomCase struct {
	nw    link.Config
	qc    Config
	hs    Handshake
	sizes []units.Bytes
}

func randomCases(n int) []randomCase {
	var out []randomCase
	rng := rand.New(rand.NewPCG(7, 7))
	pick := func(xs ...int) int { return xs[rng.IntN(len(xs))] }
	for range n {
		nw := realNet()
		nw.RTT = time.Duration(pick(0, 1, 20, 100, 600)) * time.Millisecond
		nw.Down = units.BitRate(pick(56, 1000, 10000, 1000000)) * units.Kbps
		nw.Up = nw.Down / units.BitRate(pick(1, 4))
		nw.Queue = pick(2, 10, 50, 200)
		nw.Loss = []float64{0, 0.01, 0.05, 0.3}[rng.IntN(4)]
		qc := DefaultConfig()
		qc.CC = []CongestionControl{NewReno, Cubic}[rng.IntN(2)]
		qc.Scheduler = []Scheduler{Sequential, RoundRobin}[rng.IntN(2)]
		qc.Pacing = rng.IntN(2) == 0
		qc.MaxStreams = pick(4, 10, 100)
		qc.MaxStreamData = units.Bytes(pick(4, 64, 6000)) * units.KB
		qc.MaxData = units.Bytes(pick(8, 100, 15000)) * units.KB
		qc.AckThreshold = pick(1, 2, 10)
		qc.MaxAckDelay = time.Duration(pick(0, 25, 100)) * time.Millisecond
		qc.IdleTimeout = time.Duration(pick(0, 30)) * time.Second
		qc.HandshakeTimeout = 10 * time.Second
		hs := Handshake{ClientHello: 517, Cert: units.Bytes(pick(0, 1000, 4000, 40000))}
		if rng.IntN(3) == 0 {
			hs.Resume, hs.ZeroRTT = true, rng.IntN(2) == 0
		}
		sizes := make([]units.Bytes, 1+rng.IntN(30))
		for i := range sizes {
			sizes[i] = units.Bytes(rng.IntN(3) * rng.IntN(80000))
		}
		out = append(out, randomCase{nw, qc, hs, sizes})
	}
	return out
}

func checkRandomWorld(t *testing.T, nw link.Config, qc Config, hs Handshake, sizes []units.Bytes) {
	w := newWorld(t, nw, qc, hs, sizes...)
	w.c.A.Connect()
	if err := w.s.Run(sim.Limits{Horizon: 2 * time.Hour, MaxEvents: 20_000_000}); err != nil {
		// Without an idle timeout a server whose client gave up (and whose
		// CONNECTION_CLOSE was lost) probes on, with backoff, for ever;
		// anything else must end.
		if !(w.cl.isClosed && qc.IdleTimeout == 0) {
			t.Fatalf("run: %v", err)
		}
	}
	done := 0
	for i, d := range w.cl.done {
		if d != 0 {
			done++
		} else if !w.cl.isClosed {
			t.Errorf("object %d never arrived, and the connection was not closed", i)
		}
	}
	switch {
	case done == len(sizes):
	case w.cl.closed == ErrHandshakeTimeout && !w.c.A.hs.complete:
	case w.cl.closed == ErrIdleTimeout && qc.IdleTimeout > 0:
	default:
		t.Errorf("%d of %d objects, closed with %v", done, len(sizes), w.cl.closed)
	}
	for _, e := range []*Endpoint{w.c.A, w.c.B} {
		if !e.closed && e.bytesInFlight != 0 && done == len(sizes) && e.anyElicitingInFlight() == false {
			t.Errorf("client %v: %v in flight with nothing ack-eliciting outstanding", e.client, e.bytesInFlight)
		}
		if e.bytesInFlight < 0 {
			t.Errorf("client %v: negative bytes in flight %v", e.client, e.bytesInFlight)
		}
	}
}
