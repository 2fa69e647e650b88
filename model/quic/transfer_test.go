package quic

import (
	"testing"
	"time"

	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
)

// realNet is a 10 Mbps, 50 ms path with the default headers and queue.
func realNet() link.Config {
	nw := link.DefaultConfig()
	nw.RTT = 50 * time.Millisecond
	return nw
}

// TestBulkTransfer: a 2 MB object over 10 Mbps takes at least its
// serialization time and, once slow start is over, keeps the link busy:
// within a few round trips of the ideal.
func TestBulkTransfer(t *testing.T) {
	for _, cc := range []CongestionControl{NewReno, Cubic} {
		t.Run(string(cc), func(t *testing.T) {
			qc := DefaultConfig()
			qc.CC = cc
			nw := realNet()
			nw.Queue = 1000 // slow start never overflows it
			w := newWorld(t, nw, qc, Handshake{ClientHello: 517, Cert: 4000}, 2*units.MB)
			got := w.run(t)
			// Payload per datagram 1350 − header − frame ≈ 1320 of 1378 on
			// the wire.
			wire := float64(2*units.MB) * 1378 / 1320
			floor := time.Duration(wire * 8 / 10e6 * float64(time.Second))
			if got < floor {
				t.Errorf("2 MB in %v, faster than the link allows (%v)", got, floor)
			}
			if got > floor+12*50*time.Millisecond {
				t.Errorf("2 MB in %v, more than 12 round trips beyond the serialization time %v", got, floor)
			}
			if w.st.Stats().PacketsLost != 0 {
				t.Errorf("%d packets lost on a loss-free path with a 1000-packet queue", w.st.Stats().PacketsLost)
			}
			// Full-sized packets: about one datagram per 1 320 bytes of
			// payload, not slivers as the window grows.
			down, _ := w.net.Stats()
			if full := int64(2*units.MB) / 1320; down.Packets > full+full/50+10 {
				t.Errorf("%d datagrams for 2 MB, want about %d full ones", down.Packets, full)
			}
		})
	}
}

// TestFullSizedPackets: in congestion avoidance the window grows by a few
// bytes per ACK; the sender still sends full datagrams (one per 1 320
// bytes of payload, retransmissions included), not a sliver per ACK.
func TestFullSizedPackets(t *testing.T) {
	w := newWorld(t, realNet(), DefaultConfig(), Handshake{ClientHello: 517, Cert: 1000}, 2*units.MB)
	w.run(t)
	down, _ := w.net.Stats()
	lost := w.st.Stats().PacketsLost
	if lost == 0 {
		t.Fatalf("no loss: the transfer never left slow start")
	}
	if full := int64(2*units.MB)/1320 + lost; down.Packets > full+full/50+10 {
		t.Errorf("%d datagrams for 2 MB with %d lost, want about %d full ones", down.Packets, lost, full)
	}
}

// TestAckEveryOtherPacket: the client acknowledges a long run of 1-RTT
// packets every second packet (RFC 9000 §13.2.2), so it sends about half
// as many datagrams as it receives.
func TestAckEveryOtherPacket(t *testing.T) {
	w := newWorld(t, realNet(), DefaultConfig(), Handshake{ClientHello: 517, Cert: 1000}, 1*units.MB)
	w.run(t)
	down, up := w.net.Stats()
	ratio := float64(up.Packets) / float64(down.Packets)
	if ratio < 0.45 || ratio > 0.56 {
		t.Errorf("%d datagrams up for %d down (%.2f), want about one ACK per two packets", up.Packets, down.Packets, ratio)
	}
	qc := DefaultConfig()
	qc.AckThreshold = 10
	w = newWorld(t, realNet(), qc, Handshake{ClientHello: 517, Cert: 1000}, 1*units.MB)
	w.run(t)
	down, up = w.net.Stats()
	if ratio := float64(up.Packets) / float64(down.Packets); ratio > 0.2 {
		t.Errorf("ack_threshold 10: %d datagrams up for %d down (%.2f)", up.Packets, down.Packets, ratio)
	}
}

// TestAckDelay: a single ack-eliciting 1-RTT packet is acknowledged after
// max_ack_delay, not at once: the server's request packet's ACK comes
// with the response or after 25 ms.
func TestAckDelay(t *testing.T) {
	// The client sends one request packet; the server thinks 100 ms, so
	// its ACK of the request cannot ride on the response: it goes alone
	// at max_ack_delay, and the client takes its RTT sample from it.
	w := newWorld(t, ideal(100*time.Millisecond), textbook(), Handshake{ClientHello: 517, Cert: 1000}, 1000)
	w.sv.think = 100 * time.Millisecond
	w.run(t)
	// latest RTT of the request's ACK: 100 ms + 25 ms of delay, the
	// smoothed RTT removes the reported delay (RFC 9002 §5.3).
	if l := w.c.A.rtt.latest; !within(l, 125*time.Millisecond, time.Millisecond) && !within(l, 100*time.Millisecond, time.Millisecond) {
		t.Errorf("client's latest RTT %v", l)
	}
	if s := w.c.A.rtt.smoothed; s > 105*time.Millisecond {
		t.Errorf("smoothed RTT %v: the ACK delay was not taken out", s)
	}
}

// dropDown drops the k-th ack-eliciting datagram the server sends.
func dropDown(w *world, ks ...int) {
	w.net.SetDropRule(link.Down, func(p link.PacketInfo) bool {
		for _, k := range ks {
			if p.DataIdx == k {
				return true
			}
		}
		return false
	})
}

// TestLossRecovery: a packet lost in the middle of a window is detected
// by the packet threshold (three later ones acknowledged) without a
// timeout, and the data is sent again; a lost last packet is recovered by
// a probe timeout.
func TestLossRecovery(t *testing.T) {
	cases := []struct {
		name       string
		drop       []int
		size       units.Bytes
		wantLost   int64
		wantPTOMin int
	}{
		{"mid-window loss", []int{20}, 200 * units.KB, 1, 0},
		{"two losses", []int{20, 40}, 200 * units.KB, 2, 0},
		{"tail loss", []int{0}, 200 * units.KB, 1, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, realNet(), DefaultConfig(), Handshake{ClientHello: 517, Cert: 1000}, c.size)
			drop := c.drop
			if drop[0] == 0 {
				// the last data datagram of the response: count them first
				w0 := newWorld(t, realNet(), DefaultConfig(), Handshake{ClientHello: 517, Cert: 1000}, c.size)
				w0.run(t)
				drop = []int{w0.c.B.dataIdx}
			}
			dropDown(w, drop...)
			w.run(t)
			st := w.st.Stats()
			if st.PacketsLost < c.wantLost {
				t.Errorf("%d packets declared lost, want at least %d", st.PacketsLost, c.wantLost)
			}
			if st.PTOs < c.wantPTOMin {
				t.Errorf("%d PTOs, want at least %d", st.PTOs, c.wantPTOMin)
			}
			if c.wantPTOMin == 0 && st.PTOs > 0 {
				t.Errorf("%d PTOs: the packet threshold should have found the loss", st.PTOs)
			}
		})
	}
}

// TestIndependentStreams: a packet lost on one stream holds back only
// that stream (RFC 9000 §2.2: streams are delivered independently). Two
// 200 KB responses are interleaved a packet at a time (round robin); one
// datagram in the middle is dropped. While the stream that lost it waits
// for the retransmission — its data arriving behind the hole, unreadable —
// the other stream keeps being read.
func TestIndependentStreams(t *testing.T) {
	qc := DefaultConfig()
	qc.Scheduler = RoundRobin
	w := newWorld(t, realNet(), qc, Handshake{ClientHello: 517, Cert: 1000}, 200*units.KB, 200*units.KB)
	dropDown(w, 40)
	type read struct {
		at  time.Duration
		obj int
	}
	var reads []read
	w.cl.onRead = func(obj int) { reads = append(reads, read{w.s.Now(), obj}) }
	w.run(t)
	if w.st.Stats().PacketsLost != 1 {
		t.Fatalf("%d packets lost, want the one dropped", w.st.Stats().PacketsLost)
	}
	// The stall: the longest pause between two reads of one stream.
	var stallObj int
	var from, to time.Duration
	last := map[int]time.Duration{}
	for _, r := range reads {
		if p, ok := last[r.obj]; ok && r.at-p > to-from {
			stallObj, from, to = r.obj, p, r.at
		}
		last[r.obj] = r.at
	}
	other := 0
	for _, r := range reads {
		if r.obj != stallObj && r.at > from && r.at < to {
			other++
		}
	}
	if to-from < 40*time.Millisecond {
		t.Fatalf("no stall: the longest pause between reads is %v", to-from)
	}
	if other < 3 {
		t.Errorf("while stream %d stalled %v–%v, the other stream was read %d times: it was held back", stallObj, from, to, other)
	}
}

// TestFlowControl: with a 16 KB stream window the server can have at
// most 16 KB of the stream unread at the client; each window costs a
// round trip, so 400 KB take at least 25 round trips.
func TestFlowControl(t *testing.T) {
	qc := DefaultConfig()
	qc.MaxStreamData = 16 * units.KB
	w := newWorld(t, realNet(), qc, Handshake{ClientHello: 517, Cert: 1000}, 400*units.KB)
	got := w.run(t)
	if min := 25 * 50 * time.Millisecond / 2; got < min {
		t.Errorf("400 KB through a 16 KB window in %v, less than half a round trip per window (%v)", got, min)
	}
	qc = DefaultConfig()
	qc.MaxData = 16 * units.KB
	w = newWorld(t, realNet(), qc, Handshake{ClientHello: 517, Cert: 1000}, 200*units.KB, 200*units.KB)
	if got := w.run(t); got < 25*50*time.Millisecond/2 {
		t.Errorf("2 × 200 KB through a 16 KB connection window in %v", got)
	}
}

// TestStreamLimit: with 10 streams allowed, 25 requests all complete, and
// the client never has more than 10 open.
func TestStreamLimit(t *testing.T) {
	qc := DefaultConfig()
	qc.MaxStreams = 10
	sizes := make([]units.Bytes, 25)
	for i := range sizes {
		sizes[i] = 5 * units.KB
	}
	w := newWorld(t, realNet(), qc, Handshake{ClientHello: 517, Cert: 1000}, sizes...)
	w.run(t)
	if n := w.c.A.opened[0]; n != 25 {
		t.Errorf("opened %d streams, want 25", n)
	}
	if w.c.B.peerOpened[0] > w.c.B.advMax[0] {
		t.Errorf("peer opened %d streams beyond the limit %d", w.c.B.peerOpened[0], w.c.B.advMax[0])
	}
}

// TestRaiseStreamLimit: quiche's rule for MAX_STREAMS — at a finished
// stream, raise the limit to finished + max once the peer's remaining
// credit is at most max/2.
func TestRaiseStreamLimit(t *testing.T) {
	cases := []struct {
		name                          string
		done, opened, advertised, max int64
		want                          int64
		raise                         bool
	}{
		{"plenty of credit left: no frame", 1, 20, 100, 100, 100, false},
		{"credit left exactly half: raise", 1, 50, 100, 100, 101, true},
		{"credit left under half: raise", 1, 51, 100, 100, 101, true},
		{"the client used every stream: raise", 3, 100, 100, 100, 103, true},
		{"nothing new to give", 0, 100, 100, 100, 100, false},
		{"already advertised as much", 5, 60, 105, 100, 105, false},
		{"a small limit: half of 10 is 5", 2, 6, 11, 10, 12, true},
		{"a small limit, credit 6 of 10: no frame", 3, 6, 12, 10, 12, false},
		{"a limit of 1: half is 0, raise only when used up", 1, 1, 1, 1, 2, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, raise := raiseStreamLimit(c.done, c.opened, c.advertised, c.max)
			if got != c.want || raise != c.raise {
				t.Errorf("raiseStreamLimit(done %d, opened %d, advertised %d, max %d) = %d, %v; want %d, %v",
					c.done, c.opened, c.advertised, c.max, got, raise, c.want, c.raise)
			}
		})
	}
}

// TestStreamLimitPage: a page of 101 objects under the default limit of
// 100 streams — a document, 50 objects it refers to, then 50 that those
// refer to: the server keeps raising the limit while streams finish, so
// the second round's streams all open at once; none waits for a
// MAX_STREAMS frame.
func TestStreamLimitPage(t *testing.T) {
	sizes := make([]units.Bytes, 101)
	for i := range sizes {
		sizes[i] = 5 * units.KB
	}
	w := newWorld(t, realNet(), DefaultConfig(), Handshake{ClientHello: 517, Cert: 1000}, sizes...)
	w.cl.wave, w.cl.opened = 51, make([]time.Duration, len(sizes))
	w.run(t)
	second := w.cl.opened[51:]
	for i, at := range second {
		if at != second[0] {
			t.Fatalf("object %d opened at %v, after the second round began at %v: it waited for the limit", 51+i, at, second[0])
		}
	}
}

// TestTimeouts: an idle connection is discarded after the idle timeout;
// a handshake that cannot complete (every packet lost) ends at the
// handshake timeout.
func TestTimeouts(t *testing.T) {
	w := newWorld(t, realNet(), DefaultConfig(), Handshake{ClientHello: 517, Cert: 1000}, 1000)
	last := w.run(t)
	if w.cl.closed != ErrIdleTimeout {
		t.Errorf("client closed with %v, want the idle timeout", w.cl.closed)
	}
	if now := w.s.Now(); now < last+30*time.Second || now > last+31*time.Second {
		t.Errorf("idle close at %v, last activity about %v", now, last)
	}

	nw := realNet()
	nw.Loss = 1
	w = newWorld(t, nw, DefaultConfig(), Handshake{ClientHello: 517, Cert: 1000}, 1000)
	w.c.A.Connect()
	if err := w.s.Run(sim.Limits{Horizon: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if w.cl.closed != ErrHandshakeTimeout || w.s.Now() != 10*time.Second {
		t.Errorf("client closed with %v at %v, want the handshake timeout at 10s", w.cl.closed, w.s.Now())
	}
	if ptos := w.st.Stats().PTOs; ptos < 3 || ptos > 5 {
		// 1 s, then 2, 4 (and 8 would pass 10 s): backoff.
		t.Errorf("%d PTOs in 10 s from a 999 ms initial PTO with backoff", ptos)
	}
}

// TestLostInitial: the client's Initial is lost; its PTO (2 × the initial
// 333 ms RTT + granularity... RFC 9002: 333 + 4 × 166.5 = 999 ms) sends it
// again.
func TestLostInitial(t *testing.T) {
	w := newWorld(t, ideal(100*time.Millisecond), textbook(), Handshake{ClientHello: 517, Cert: 1000}, 1000)
	first := true
	w.net.SetDropRule(link.Up, func(p link.PacketInfo) bool {
		if first {
			first = false
			return true
		}
		return false
	})
	got := w.run(t)
	if want := 999*time.Millisecond + 200*time.Millisecond; !within(got, want, 2*time.Millisecond) {
		t.Errorf("object at %v, want %v (PTO then 2 round trips)", got, want)
	}
}

// TestSteadyStateAllocations: in steady state a datagram costs no
// allocation — the packet and datagram slabs, rings and range sets grow to
// the largest window and are then reused — so 24 MB more cost (almost) no
// more allocations than the first 8 MB.
func TestSteadyStateAllocations(t *testing.T) {
	run := func(size units.Bytes) (allocs float64, packets int64) {
		allocs = testing.AllocsPerRun(2, func() {
			w := newWorld(t, realNet(), DefaultConfig(), Handshake{ClientHello: 517, Cert: 4000}, size)
			w.run(t)
			down, up := w.net.Stats()
			packets = down.Packets + up.Packets
		})
		return allocs, packets
	}
	a8, p8 := run(8 * units.MB)
	a32, p32 := run(32 * units.MB)
	if per := (a32 - a8) / float64(p32-p8); per > 0.01 {
		t.Errorf("%.0f allocations for 8 MB, %.0f for 32 MB: %.3f per extra datagram, want none in steady state", a8, a32, per)
	}
}

// TestDeterminism: the same world gives the same times and counters.
func TestDeterminism(t *testing.T) {
	run := func() ([]time.Duration, Stats, int64) {
		nw := realNet()
		nw.Loss = 0.03
		w := newWorld(t, nw, DefaultConfig(), Handshake{ClientHello: 517, Cert: 4000}, 300*units.KB, 50*units.KB, 1*units.KB)
		w.run(t)
		down, _ := w.net.Stats()
		return w.cl.done, w.st.Stats(), down.Bytes
	}
	d1, s1, b1 := run()
	d2, s2, b2 := run()
	for i := range d1 {
		if d1[i] != d2[i] {
			t.Errorf("object %d: %v then %v", i, d1[i], d2[i])
		}
	}
	if s1 != s2 || b1 != b2 {
		t.Errorf("stats %+v / %+v, bytes %d / %d", s1, s2, b1, b2)
	}
	if s1.PacketsLost == 0 {
		t.Errorf("3%% loss lost nothing")
	}
}

// TestPersistentCongestion: the path drops everything for two seconds in
// the middle of a transfer. The probes back off (each PTO twice the one
// before), the losses span more than the persistent-congestion duration,
// and the window collapses to two datagrams (RFC 9002 §7.6.2) before the
// transfer recovers.
func TestPersistentCongestion(t *testing.T) {
	w := newWorld(t, realNet(), DefaultConfig(), Handshake{ClientHello: 517, Cert: 1000}, 1*units.MB)
	from, to := 300*time.Millisecond, 2300*time.Millisecond
	var probes []time.Duration // when each PTO's first probe left
	minCwnd := units.Bytes(1 << 40)
	w.st.OnCwnd(func(e *Endpoint) {
		if !e.client {
			minCwnd = min(minCwnd, e.Cwnd())
		}
	})
	ptos := 0
	w.net.SetDropRule(link.Down, func(p link.PacketInfo) bool {
		now := w.s.Now()
		if w.st.Stats().PTOs > ptos {
			ptos = w.st.Stats().PTOs
			probes = append(probes, now)
		}
		return now >= from && now < to
	})
	w.run(t)
	if minCwnd != 2*DefaultConfig().MaxDatagram {
		t.Errorf("the window went down to %v, want the minimum of two datagrams", minCwnd)
	}
	if len(probes) < 3 {
		t.Fatalf("%d probe timeouts in a 2 s blackout", len(probes))
	}
	for i := 2; i < len(probes); i++ {
		a, b := probes[i-1]-probes[i-2], probes[i]-probes[i-1]
		if probes[i] < to && (b < 2*a-5*time.Millisecond || b > 2*a+5*time.Millisecond) {
			t.Errorf("probe gaps %v then %v: not an exponential backoff", a, b)
		}
	}
}
