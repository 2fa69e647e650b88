package tcp

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
)

// This file holds the checks of issue 2 on the link and TCP model: closed
// forms, sharing, loss recovery, slow-start restart, RST, delayed ACK,
// slow-start increase rules, CUBIC vs NewReno, determinism and bad
// configuration. Every check states what it expects and can fail.

const us = time.Microsecond

// within reports whether got is within tol of want.
func within(got, want, tol time.Duration) bool {
	d := got - want
	return d >= -tol && d <= tol
}

// newTestNet builds an engine and a network, failing the test on a
// configuration error.
func newTestNet(t testing.TB, nw link.Config, tc Config, seed uint64, run int) (*sim.Sim, *testNet) {
	t.Helper()
	s := sim.New()
	n, err := newNet(s, nw, tc, seed, run)
	if err != nil {
		t.Fatalf("NewNet: %v", err)
	}
	return s, n
}

// stateTime returns the time of the first RecState record of the given side
// of conn with the given state name, or -1.
func stateTime(tr *Trace, conn int, client bool, state string) time.Duration {
	for _, r := range tr.Records {
		if r.Kind == RecState && r.Conn == conn && r.Client == client && r.Note == state {
			return r.At
		}
	}
	return -1
}

// dumpOnFailure logs the trace if the test has failed (deferred).
func dumpOnFailure(t *testing.T, tr *Trace) {
	if !t.Failed() {
		return
	}
	for _, r := range tr.Records {
		t.Logf("%v %v conn=%d client=%v seq=%d len=%d %s cwnd=%d %s", r.At, r.Kind, r.Conn, r.Client, r.Seq, r.Len, r.Flags, r.Cwnd, r.Note)
	}
}

// records returns the records of one kind (and side) in order.
func records(tr *Trace, k RecordKind, client bool) []Record {
	var out []Record
	for _, r := range tr.Records {
		if r.Kind == k && r.Client == client {
			out = append(out, r)
		}
	}
	return out
}

// hasRetransmit reports whether the trace holds a retransmission with note.
func hasRetransmit(tr *Trace, note string) bool {
	for _, r := range tr.Records {
		if r.Kind == RecRetransmit && r.Note == note {
			return true
		}
	}
	return false
}

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

// lossRun sends a request of 1 byte and a response of resp bytes on
// connection 0 with a drop rule on the access link, and returns the
// completion time, the trace and the net.
func lossRun(t *testing.T, nw link.Config, tc Config, resp units.Bytes, dir link.Dir, rule link.Rule) (time.Duration, *Trace, *testNet) {
	t.Helper()
	tr := &Trace{}
	done, n, err := transfer(t, nw, tc, transferOpts{req: 1, resp: resp, setup: func(n *testNet) {
		n.SetTrace(tr)
		if rule != nil {
			n.SetDropRule(dir, rule)
		}
	}})
	if err != nil {
		t.Fatalf("transfer of %d B did not complete: %v", resp, err)
	}
	return done, tr, n
}

// dropFirst returns a rule that drops the first packet matching match.
func dropFirst(match func(link.PacketInfo) bool) link.Rule {
	dropped := false
	return func(p link.PacketInfo) bool {
		if !dropped && match(p) {
			dropped = true
			return true
		}
		return false
	}
}

func TestLossRecovery(t *testing.T) {
	nw := link.DefaultConfig() // 10 units.Mbps, 50 ms, queue 100: no queue drops for these sizes
	mss := nw.MSS
	cases := []struct {
		name     string
		resp     units.Bytes
		dir      link.Dir
		rule     link.Rule
		wantFast bool // recovered by fast retransmit
		wantRTO  bool // recovered by the retransmission timer
	}{
		{"mid-flight segment, plenty after: fast retransmit", 100 * mss, link.Down, link.DropDataSegment(0, link.Down, 30), true, false},
		{"first data segment of IW 10: fast retransmit", 100 * mss, link.Down, link.DropDataSegment(0, link.Down, 1), true, false},
		{"partial last segment mid-flight", 100*mss - 700, link.Down, link.DropDataSegment(0, link.Down, 50), true, false},
		{"last segment (no dupACKs follow): RTO", 20 * mss, link.Down, link.DropDataSegment(0, link.Down, 20), false, true},
		{"only 2 segments after: 2 dupACKs, RTO", 20 * mss, link.Down, link.DropDataSegment(0, link.Down, 18), false, true},
		{"3 segments after: 3 dupACKs, fast retransmit", 20 * mss, link.Down, link.DropDataSegment(0, link.Down, 17), true, false},
		{"one-segment response lost: RTO", 500, link.Down, link.DropDataSegment(0, link.Down, 1), false, true},
		{"request lost: client RTO", 10 * mss, link.Up, link.DropDataSegment(0, link.Up, 1), false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, clean, _ := lossRun(t, nw, DefaultConfig(), c.resp, c.dir, nil)
			if clean.Count(RecRetransmit) != 0 || clean.Count(RecRTO) != 0 {
				t.Fatalf("the lossless run already retransmits: %d retransmits, %d RTOs", clean.Count(RecRetransmit), clean.Count(RecRTO))
			}
			_, tr, n := lossRun(t, nw, DefaultConfig(), c.resp, c.dir, c.rule)
			if got := tr.Count(RecSegDrop); got != 1 {
				t.Errorf("%d segments dropped, want exactly the one of the rule", got)
			}
			if got := hasRetransmit(tr, "fast"); got != c.wantFast {
				t.Errorf("fast retransmit = %v, want %v", got, c.wantFast)
			}
			if got := tr.Count(RecRTO) > 0; got != c.wantRTO {
				t.Errorf("RTO = %v (%d), want %v", got, tr.Count(RecRTO), c.wantRTO)
			}
			if got := n.Retransmits(); got != 1 {
				t.Errorf("Net.Retransmits = %d, want 1 (one loss, one repair)", got)
			}
			if got, want := n.RTOs(), tr.Count(RecRTO); got != want {
				t.Errorf("Net.RTOs = %d, trace has %d RTO records", got, want)
			}
		})
	}
}

func TestHandshakeLoss(t *testing.T) {
	nw := link.DefaultConfig()
	rtt := nw.RTT
	isSyn := func(d link.Dir) func(link.PacketInfo) bool {
		return func(p link.PacketInfo) bool { return p.SYN && p.Dir == d }
	}
	cases := []struct {
		name     string
		dir      link.Dir
		rule     link.Rule
		min, max time.Duration // handshake completion at the client
	}{
		{"no loss", link.Down, nil, rtt, rtt + time.Millisecond},
		// The SYN is sent again after the initial RTO of 1 s (RFC 6298 §2.1).
		{"SYN dropped", link.Up, dropFirst(isSyn(link.Up)), time.Second + rtt, time.Second + rtt + time.Millisecond},
		// The client's SYN timer (1 s) fires first; its SYN draws a new SYN-ACK.
		{"SYN-ACK dropped", link.Down, dropFirst(isSyn(link.Down)), time.Second + rtt, time.Second + rtt + time.Millisecond},
		{"SYN dropped twice (backoff 1 s + 2 s)", link.Up, func() link.Rule {
			k := 0
			return func(p link.PacketInfo) bool {
				if p.SYN && p.Dir == link.Up && k < 2 {
					k++
					return true
				}
				return false
			}
		}(), 3*time.Second + rtt, 3*time.Second + rtt + time.Millisecond},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, tr, _ := lossRun(t, nw, DefaultConfig(), 10*units.KB, c.dir, c.rule)
			at := stateTime(tr, 0, true, "ESTABLISHED")
			if at < c.min || at > c.max {
				t.Errorf("client handshake done at %v, want in [%v, %v]", at, c.min, c.max)
			}
		})
	}
}

func TestTotalLossEnds(t *testing.T) {
	cases := []struct {
		name string
		// loss for the whole link, or a rule that drops every data segment
		// from the server once the connection is up.
		loss     float64
		dropData bool
		// who times out and when (relative to the first lost transmission)
		client bool
		want   time.Duration
	}{
		// tcp_syn_retries = 6: SYNs at 0, 1, 3, 7, 15, 31, 63 s, give up
		// at 127 s (Linux's documented figure).
		{"100% loss: SYN retries", 1, false, true, 127 * time.Second},
		// tcp_retries2 = 15 with RTO 200 ms: 924.6 s (Linux's documented
		// figure for the RTO capped at 120 s).
		{"all response data lost: data retries", 0, true, false, 924600 * time.Millisecond},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nw := link.DefaultConfig()
			nw.Loss = c.loss
			s, n := newTestNet(t, nw, DefaultConfig(), 1, 0)
			tr := &Trace{Segments: true}
			n.SetTrace(tr)
			if c.dropData {
				n.SetDropRule(link.Down, func(p link.PacketInfo) bool { return p.DataIdx > 0 })
			}
			var closedAt [2]time.Duration
			var closedErr [2]error
			closed := func(i int) func(*Endpoint, error) {
				return func(e *Endpoint, err error) { closedAt[i], closedErr[i] = s.Now(), err }
			}
			client := &funcApp{established: func(e *Endpoint) { e.Write(400) }, closed: closed(0)}
			server := &funcApp{readable: func(e *Endpoint) {
				if e.Read(0) > 0 {
					e.Write(100 * units.KB)
				}
			}, closed: closed(1)}
			c0 := n.Dial("server", link.ClientToServer, client, server)
			c0.A.Connect()
			if err := s.Run(sim.Limits{Horizon: time.Hour}); err != nil {
				t.Fatalf("Run: %v (want the run to end by itself)", err)
			}
			i := 1
			if c.client {
				i = 0
			}
			if !errors.Is(closedErr[i], ErrTimeout) {
				t.Fatalf("Closed(%v) at %v, want ErrTimeout", closedErr[i], closedAt[i])
			}
			// The first transmission that was lost.
			var start time.Duration = -1
			for _, r := range tr.Records {
				if r.Kind == RecSegDrop {
					start = r.At
					break
				}
			}
			if start < 0 {
				t.Fatal("no drop in the trace")
			}
			if got := closedAt[i] - start; !within(got, c.want, time.Millisecond) {
				t.Errorf("gave up %v after the first loss, want %v", got, c.want)
			}
		})
	}
}

func TestBadConfig(t *testing.T) {
	cases := []struct {
		name  string
		nw    func(*link.Config)
		tc    func(*Config)
		field string
	}{
		{"negative rtt", func(n *link.Config) { n.RTT = -time.Millisecond }, nil, "network.rtt"},
		{"negative down rate", func(n *link.Config) { n.Down = -1 }, nil, "network.down"},
		{"zero down rate", func(n *link.Config) { n.Down = 0 }, nil, "network.down"},
		{"zero up rate", func(n *link.Config) { n.Up = 0 }, nil, "network.up"},
		{"negative up rate", func(n *link.Config) { n.Up = -5 * units.Mbps }, nil, "network.up"},
		{"MSS 0", func(n *link.Config) { n.MSS = 0 }, nil, "network.mss"},
		{"negative MSS", func(n *link.Config) { n.MSS = -1 }, nil, "network.mss"},
		{"queue 0", func(n *link.Config) { n.Queue = 0 }, nil, "network.queue"},
		{"negative queue", func(n *link.Config) { n.Queue = -3 }, nil, "network.queue"},
		{"loss > 100%", func(n *link.Config) { n.Loss = 1.01 }, nil, "network.loss"},
		{"loss < 0", func(n *link.Config) { n.Loss = -0.01 }, nil, "network.loss"},
		{"loss NaN", func(n *link.Config) { n.Loss = math.NaN() }, nil, "network.loss"},
		{"negative header", func(n *link.Config) { n.Header = -40 }, nil, "network.header"},
		{"initcwnd 0", nil, func(c *Config) { c.InitCwnd = 0 }, "tcp.initcwnd"},
		{"negative initcwnd", nil, func(c *Config) { c.InitCwnd = -1 }, "tcp.initcwnd"},
		{"rwnd below MSS", nil, func(c *Config) { c.RWnd = 1459 }, "tcp.rwnd"},
		{"rwnd 0", nil, func(c *Config) { c.RWnd = 0 }, "tcp.rwnd"},
		{"min_rto 0", nil, func(c *Config) { c.MinRTO = 0 }, "tcp.min_rto"},
		{"negative min_rto", nil, func(c *Config) { c.MinRTO = -time.Second }, "tcp.min_rto"},
		{"negative delayed_ack", nil, func(c *Config) { c.DelayedACK = -time.Millisecond }, "tcp.delayed_ack"},
		{"unknown cc", nil, func(c *Config) { c.CC = "bbr" }, "tcp.cc"},
		{"empty cc", nil, func(c *Config) { c.CC = "" }, "tcp.cc"},
		{"unknown slow-start rule", nil, func(c *Config) { c.SlowStartIncrease = "rfc2001" }, "tcp.slow_start_increase"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nw, tc := link.DefaultConfig(), DefaultConfig()
			if c.nw != nil {
				c.nw(&nw)
			}
			if c.tc != nil {
				c.tc(&tc)
			}
			var n *testNet
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("NewNet panicked: %v", r)
					}
				}()
				n, err = newNet(sim.New(), nw, tc, 1, 0)
			}()
			if err == nil {
				t.Fatalf("NewNet accepted the configuration (net %p), want an error naming %s", n, c.field)
			}
			if !strings.HasPrefix(err.Error(), c.field+":") {
				t.Errorf("error %q does not start with the field %q", err, c.field+":")
			}
		})
	}
	t.Run("edge values accepted", func(t *testing.T) {
		nw, tc := link.DefaultConfig(), DefaultConfig()
		nw.RTT, nw.Header, nw.Loss, nw.Queue = 0, 0, 1, 1
		tc.InitCwnd, tc.RWnd, tc.DelayedACK = 1, nw.MSS, 0
		if _, err := newNet(sim.New(), nw, tc, 1, 0); err != nil {
			t.Errorf("NewNet refused valid edge values: %v", err)
		}
	})
}

func TestOrderlyClose(t *testing.T) {
	nw := link.DefaultConfig()
	cases := []struct {
		name string
		// clientFirst: the client closes after sending its request (a
		// half-close), the server closes after its response; otherwise the
		// server closes first and the client closes when it has read all.
		clientFirst bool
		resp        units.Bytes
		rule        link.Rule // on the down direction
	}{
		{"server closes first", false, 10 * units.KB, nil},
		{"server closes first, one-segment response", false, 500, nil},
		{"client half-closes first", true, 10 * units.KB, nil},
		{"client half-closes first, one-segment response", true, 500, nil},
		{"server closes first, FIN-carrying segment out of order", false, 20 * 1460, link.DropDataSegment(0, link.Down, 17)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, n := newTestNet(t, nw, DefaultConfig(), 1, 0)
			tr := &Trace{Segments: true}
			n.SetTrace(tr)
			if c.rule != nil {
				n.SetDropRule(link.Down, c.rule)
			}
			var got units.Bytes
			var errs [2]error
			var closedN [2]int
			client := &funcApp{
				established: func(e *Endpoint) {
					e.Write(400)
					if c.clientFirst {
						e.Shutdown()
					}
				},
				readable: func(e *Endpoint) {
					got += e.Read(0)
					if e.EOF() {
						e.Close()
					}
				},
				closed: func(e *Endpoint, err error) { errs[0] = err; closedN[0]++ },
			}
			var reqGot units.Bytes
			server := &funcApp{
				readable: func(e *Endpoint) {
					reqGot += e.Read(0)
					if reqGot == 400 {
						reqGot = -1 << 40
						e.Write(c.resp)
						e.Close()
					}
				},
				closed: func(e *Endpoint, err error) { errs[1] = err; closedN[1]++ },
			}
			conn := n.Dial("server", link.ClientToServer, client, server)
			conn.A.Connect()
			if err := s.Run(sim.Limits{Horizon: time.Minute}); err != nil {
				t.Fatal(err)
			}
			defer dumpOnFailure(t, tr)
			if got != c.resp {
				t.Errorf("client read %d B, want %d", got, c.resp)
			}
			for i, side := range []string{"client", "server"} {
				if closedN[i] != 1 || errs[i] != nil {
					t.Errorf("%s: Closed called %d times, last with %v; want once with nil (orderly close)", side, closedN[i], errs[i])
				}
			}
			for _, r := range tr.Records {
				if r.Kind == RecSegSent && strings.Contains(r.Flags, "R") {
					t.Errorf("%v: RST sent (client side %v) in an orderly close", r.At, r.Client)
				}
			}
			wantRetx := 0
			if c.rule != nil {
				wantRetx = 1
			}
			if got := n.Retransmits(); got != int64(wantRetx) {
				t.Errorf("%d retransmissions, want %d", got, wantRetx)
			}
			if got := n.RTOs(); got != 0 {
				t.Errorf("%d RTOs, want 0", got)
			}
			// Pure ACKs: each segment carrying an ACK that has nothing
			// else to say is counted; two in a row from one side that
			// acknowledge the same thing with the same window are
			// redundant.
			var last [2]Record
			for _, r := range tr.Records {
				if r.Kind != RecSegSent {
					continue
				}
				i := 1
				if r.Client {
					i = 0
				}
				if r.Flags == "A" && r.Len == 0 && last[i].Flags != "" && last[i].At == r.At && last[i].Seq.Add(last[i].Len+units.Bytes(strings.Count(last[i].Flags, "F"))) >= r.Seq {
					t.Errorf("%v: redundant pure ACK right after %q seq %d from the same side (client %v)", r.At, last[i].Flags, last[i].Seq, r.Client)
				}
				last[i] = r
			}
		})
	}
}

// burstsResult is what twoBursts observed.
type burstsResult struct {
	cwndBefore, cwndAfter units.Bytes // server cwnd just before / after the second response was written
	ssthreshAfter         units.Bytes
	second                time.Duration // second request written → second response read
	trace                 *Trace
}

// twoBursts runs one connection with two request/response exchanges: the
// client reads response 1, waits idle, then sends request 2.
func twoBursts(t *testing.T, nw link.Config, tc Config, resp1, resp2 units.Bytes, idle time.Duration) burstsResult {
	t.Helper()
	s, n := newTestNet(t, nw, tc, 1, 0)
	res := burstsResult{trace: &Trace{}}
	n.SetTrace(res.trace)
	const req = 400
	var got units.Bytes
	var sentAt time.Duration
	client := &funcApp{
		established: func(e *Endpoint) { e.Write(req) },
		readable: func(e *Endpoint) {
			got += e.Read(0)
			switch got {
			case resp1:
				s.After(idle, sim.Func(func(time.Duration) {
					sentAt = s.Now()
					e.Write(req)
				}))
			case resp1 + resp2:
				res.second = s.Now() - sentAt
				e.Close()
			}
		},
	}
	var reqs units.Bytes
	srv := &funcApp{
		readable: func(e *Endpoint) {
			k := e.Read(0)
			reqs += k
			switch {
			case k == 0:
			case reqs == req:
				e.Write(resp1)
			case reqs == 2*req:
				// The window before any restart: the last cwnd change
				// before this request arrived.
				for _, r := range records(res.trace, RecCwnd, false) {
					if r.At < s.Now() {
						res.cwndBefore = r.Cwnd
					}
				}
				e.Write(resp2)
				res.cwndAfter, res.ssthreshAfter = e.Cwnd(), e.Ssthresh()
			}
			if e.EOF() {
				e.Close()
			}
		},
	}
	c := n.Dial("server", link.ClientToServer, client, srv)
	c.A.Connect()
	if err := s.Run(sim.Limits{Horizon: time.Minute}); err != nil {
		t.Fatal(err)
	}
	if got != resp1+resp2 {
		t.Fatalf("client read %d B, want %d", got, resp1+resp2)
	}
	return res
}

func TestSlowStartRestart(t *testing.T) {
	nw := link.DefaultConfig() // 10 units.Mbps, 50 ms, queue 100
	iw := units.Bytes(DefaultConfig().InitCwnd) * nw.MSS
	const resp1, resp2 = 200 * units.KB, 100 * units.KB // response 2 fits in the queue even as one burst
	cases := []struct {
		name        string
		restart     bool
		idle        time.Duration
		wantRestart bool
	}{
		{"on, idle 1 s > RTO", true, time.Second, true},
		{"on, idle 5 s", true, 5 * time.Second, true},
		{"off, idle 1 s", false, time.Second, false},
		{"on, idle 50 ms < RTO (200 ms floor)", true, 50 * time.Millisecond, false},
	}
	seconds := map[string]time.Duration{}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tc := DefaultConfig()
			tc.SlowStartAfterIdle = c.restart
			r := twoBursts(t, nw, tc, resp1, resp2, c.idle)
			seconds[c.name] = r.second
			if r.cwndBefore <= 2*iw {
				t.Fatalf("cwnd after response 1 is %d B: the first burst did not open the window (want > %d)", r.cwndBefore, 2*iw)
			}
			if c.wantRestart {
				// RFC 5681 §4.1: RW = min(IW, cwnd); ssthresh keeps 3/4 of
				// the old window (RFC 2861, Linux tcp_cwnd_restart).
				if want := min(iw, r.cwndBefore); r.cwndAfter != want {
					t.Errorf("cwnd at the second burst = %d B, want the restart window %d B", r.cwndAfter, want)
				}
				if want := r.cwndBefore * 3 / 4; r.ssthreshAfter != want {
					t.Errorf("ssthresh after restart = %d B, want 3/4 of %d = %d", r.ssthreshAfter, r.cwndBefore, want)
				}
				// The trace shows the restart as a cwnd record of IW.
				found := false
				for _, rec := range records(r.trace, RecCwnd, false) {
					if rec.Cwnd == iw && rec.At > time.Second/2 {
						found = true
					}
				}
				if !found {
					t.Errorf("no RecCwnd record of %d B (the restart) in the trace", iw)
				}
			} else if r.cwndAfter != r.cwndBefore {
				t.Errorf("cwnd at the second burst = %d B, want it kept at %d B", r.cwndAfter, r.cwndBefore)
			}
		})
	}
	on, off := seconds["on, idle 1 s > RTO"], seconds["off, idle 1 s"]
	if on == 0 || off == 0 {
		return
	}
	// Without restart 100 units.KB leaves in one window; with it, slow start
	// from IW 10 needs rounds 10, 20, 39 segments — more than one RTT
	// longer even though serialization (83 ms) overlaps the rounds.
	if on < off+nw.RTT {
		t.Errorf("second response took %v with restart, %v without: want at least an RTT more with restart", on, off)
	}
}

// TestRSTDestroysUnread: one side writes, the other (the holder) reads only
// part of it; two seconds later, when everything has arrived, the writer
// aborts. The RST destroys what the holder had not read.
func TestRSTDestroysUnread(t *testing.T) {
	nw := link.DefaultConfig()
	cases := []struct {
		name string
		resp units.Bytes
		read units.Bytes // bytes the client application reads; the rest stays unread
		// serverReads: the roles are swapped — the client writes and
		// aborts, the server holds the unread bytes (not counted by
		// Net.Destroyed, which is for client-side endpoints).
		swapped bool
	}{
		{"client reads nothing", 20 * units.KB, 0, false},
		{"client reads part", 20 * units.KB, 5 * units.KB, false},
		{"client reads all: nothing destroyed", 20 * units.KB, 20 * units.KB, false},
		{"one byte unread", 1, 0, false},
		{"receive buffer full (rwnd-limited)", 200 * units.KB, 0, false},
		{"server holds unread data", 20 * units.KB, 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tc := DefaultConfig()
			if c.name == "receive buffer full (rwnd-limited)" {
				tc.RWnd = 64 * units.KiB // the sender stops at a full buffer
			}
			s, n := newTestNet(t, nw, tc, 1, 0)
			tr := &Trace{}
			n.SetTrace(tr)
			var read units.Bytes
			var errs [2]error
			holder := &funcApp{
				readable: func(e *Endpoint) {
					if read < c.read {
						read += e.Read(c.read - read)
					}
				},
				closed: func(e *Endpoint, err error) { errs[0] = err },
			}
			writer := &funcApp{
				established: func(e *Endpoint) {
					e.Write(c.resp)
					s.After(2*time.Second, sim.Func(func(time.Duration) { e.Abort() }))
				},
				closed: func(e *Endpoint, err error) { errs[1] = err },
			}
			var conn *Conn
			if c.swapped {
				conn = n.Dial("server", link.ClientToServer, writer, holder)
			} else {
				conn = n.Dial("server", link.ClientToServer, holder, writer)
			}
			conn.A.Connect()
			if err := s.Run(sim.Limits{Horizon: time.Minute}); err != nil {
				t.Fatal(err)
			}
			h := conn.A
			if c.swapped {
				h = conn.B
			}
			wantUnread := c.resp - c.read
			if c.name == "receive buffer full (rwnd-limited)" {
				wantUnread = tc.RWnd
			}
			if !errors.Is(errs[0], ErrReset) {
				t.Errorf("holder's Closed(%v), want ErrReset", errs[0])
			}
			if !errors.Is(errs[1], ErrAborted) {
				t.Errorf("aborting side's Closed(%v), want ErrAborted", errs[1])
			}
			if got := h.Destroyed(); got != wantUnread {
				t.Errorf("Endpoint.Destroyed = %d B, want the %d unread bytes", got, wantUnread)
			}
			wantNet := wantUnread
			if c.swapped {
				wantNet = 0
			}
			if got := n.Destroyed(); got != int64(wantNet) {
				t.Errorf("Net.Destroyed = %d B, want %d", got, wantNet)
			}
			var traced units.Bytes
			for _, r := range tr.Records {
				if r.Kind == RecDestroyed {
					traced += r.Len
				}
			}
			if traced != wantUnread {
				t.Errorf("RecDestroyed records total %d B, want %d", traced, wantUnread)
			}
		})
	}
}

func TestCloseVersusShutdown(t *testing.T) {
	nw := link.DefaultConfig()
	cases := []struct {
		name string
		full bool // the server calls Close (full) instead of Shutdown (half)
		// what the client sees and how much the server read
		wantClient, wantServer error
		wantRead               units.Bytes
	}{
		{"full close: late data draws a RST", true, ErrReset, ErrAborted, 0},
		{"half close: late data is received", false, nil, nil, 3000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, n := newTestNet(t, nw, DefaultConfig(), 1, 0)
			tr := &Trace{Segments: true}
			n.SetTrace(tr)
			defer dumpOnFailure(t, tr)
			var errs [2]error
			var closed [2]int
			var serverRead units.Bytes
			client := &funcApp{
				established: func(e *Endpoint) {
					// The client keeps sending after the server closed.
					s.After(500*time.Millisecond, sim.Func(func(time.Duration) { e.Write(3000) }))
				},
				readable: func(e *Endpoint) {
					e.Read(0)
				},
				closed: func(e *Endpoint, err error) { errs[0] = err; closed[0]++ },
			}
			server := &funcApp{
				established: func(e *Endpoint) {
					e.Write(1000)
					if c.full {
						e.Close()
					} else {
						e.Shutdown()
					}
				},
				readable: func(e *Endpoint) {
					serverRead += e.Read(0)
					if serverRead == 3000 {
						// The client is done too: end the connection.
						s.After(time.Second, sim.Func(func(time.Duration) { e.Peer().Close() }))
					}
					if e.EOF() {
						e.Close()
					}
				},
				closed: func(e *Endpoint, err error) { errs[1] = err; closed[1]++ },
			}
			conn := n.Dial("server", link.ClientToServer, client, server)
			conn.A.Connect()
			if err := s.Run(sim.Limits{Horizon: time.Minute}); err != nil {
				t.Fatal(err)
			}
			if !errors.Is(errs[0], c.wantClient) || closed[0] != 1 {
				t.Errorf("client: Closed called %d times with %v, want once with %v", closed[0], errs[0], c.wantClient)
			}
			if !errors.Is(errs[1], c.wantServer) || closed[1] != 1 {
				t.Errorf("server: Closed called %d times with %v, want once with %v", closed[1], errs[1], c.wantServer)
			}
			if serverRead != c.wantRead {
				t.Errorf("server read %d B after its close, want %d", serverRead, c.wantRead)
			}
			rsts := 0
			for _, r := range tr.Records {
				if r.Kind == RecSegSent && strings.Contains(r.Flags, "R") {
					rsts++
				}
			}
			if wantRST := c.full; (rsts > 0) != wantRST {
				t.Errorf("%d RSTs sent, want RST = %v", rsts, wantRST)
			}
		})
	}
}

func TestDelayedAckStall(t *testing.T) {
	const (
		S   = 1000
		R   = 1 * units.Mbps
		rtt = 100 * time.Millisecond
		dly = 40 * time.Millisecond
	)
	sr := R.TxTime(S) // 8 ms
	// The request reaches the server at 1.5·RTT; a segment sent at t
	// reaches the client at t + S/R + RTT/2, its ACK the server RTT/2 later.
	cases := []struct {
		name   string
		iw     int
		delack time.Duration
		quick  bool
		O      units.Bytes
		want   time.Duration
	}{
		// The classic stall: the lone first segment waits for the timer.
		{"IW 1, delayed ACK, no quick-ACK: stall", 1, dly, false, 2 * S, 3*rtt + 2*sr + dly},
		{"IW 1, 3 segments: stall, then two segments ACKed at once", 1, dly, false, 3 * S, 3*rtt + 3*sr + dly},
		{"IW 1, delayed ACK, quick-ACK: no stall", 1, dly, true, 2 * S, 3*rtt + 2*sr},
		{"IW 1, delayed ACK off: no stall", 1, 0, false, 2 * S, 3*rtt + 2*sr},
		{"IW 1, one-segment response: nothing to stall", 1, dly, false, S, 2*rtt + sr},
		// The second segment triggers the ACK, one S/R after the first.
		{"IW 2, 4 segments: ACK every second segment, no stall", 2, dly, false, 4 * S, 3*rtt + 4*sr},
		{"IW 2, 3 segments: no stall", 2, dly, false, 3 * S, 3*rtt + 3*sr},
		// IW 3: the odd third segment's ACK is delayed, but the ACK of
		// the first two already let segment 4 go.
		{"IW 3, 4 segments: the odd segment's delay costs nothing", 3, dly, false, 4 * S, 3*rtt + 3*sr},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nw, tc := textbookNet(rtt, R, S)
			tc.InitCwnd, tc.DelayedACK, tc.QuickAck = c.iw, c.delack, c.quick
			got, _, err := transfer(t, nw, tc, transferOpts{req: 1, resp: c.O})
			if err != nil {
				t.Fatal(err)
			}
			if !within(got, c.want, us) {
				t.Errorf("latency = %v, want %v, off by %v", got, c.want, got-c.want)
			}
		})
	}
}

func TestSlowStartIncreaseRules(t *testing.T) {
	nw := link.Config{RTT: 100 * time.Millisecond, Down: 100 * units.Mbps, Up: 100 * units.Mbps, Queue: 1 << 20, MSS: 1460, Header: 40}
	mss := nw.MSS
	const resp = 1 * units.MB
	type outcome struct {
		done  time.Duration
		cwnds []units.Bytes // the server's cwnd records in order
	}
	run := func(t *testing.T, rule SlowStartIncrease, delack time.Duration) outcome {
		tc := DefaultConfig()
		tc.SlowStartIncrease, tc.DelayedACK, tc.QuickAck = rule, delack, false
		tr := &Trace{}
		done, _, err := transfer(t, nw, tc, transferOpts{req: 400, resp: resp, setup: func(n *testNet) { n.SetTrace(tr) }})
		if err != nil {
			t.Fatal(err)
		}
		if tr.Count(RecSegDrop) != 0 {
			t.Fatalf("%s: %d drops; this check needs a lossless path", rule, tr.Count(RecSegDrop))
		}
		var o outcome
		o.done = done
		for _, r := range records(tr, RecCwnd, false) {
			o.cwnds = append(o.cwnds, r.Cwnd)
		}
		return o
	}
	t.Run("delayed ACK on: each ACK covers 2 segments", func(t *testing.T) {
		rfc := run(t, SSIncreaseRFC5681, 40*time.Millisecond)
		abc := run(t, SSIncreaseABC2, 40*time.Millisecond)
		lnx := run(t, SSIncreaseLinux, 40*time.Millisecond)
		// The first flight of IW = 10 segments draws 5 ACKs of 2 segments:
		// rfc5681 adds 1 SMSS per ACK (10 → 15), abc2 and linux 2 (10 → 20).
		if len(rfc.cwnds) < 5 || len(lnx.cwnds) < 5 {
			t.Fatalf("too few cwnd records: %d, %d", len(rfc.cwnds), len(lnx.cwnds))
		}
		if got, want := rfc.cwnds[4], 15*mss; got != want {
			t.Errorf("rfc5681: cwnd after the first flight's 5 ACKs = %d, want %d", got, want)
		}
		if got, want := lnx.cwnds[4], 20*mss; got != want {
			t.Errorf("linux: cwnd after the first flight's 5 ACKs = %d, want %d", got, want)
		}
		// abc2 == linux when no ACK covers more than 2 segments.
		if abc.done != lnx.done || !slicesEqual(abc.cwnds, lnx.cwnds) {
			t.Errorf("abc2 (done %v, %d cwnd records) differs from linux (done %v, %d records); they must agree when ACKs cover ≤ 2 segments",
				abc.done, len(abc.cwnds), lnx.done, len(lnx.cwnds))
		}
		// rfc5681 grows by 1.5× per round instead of 2×: at least one
		// more round trip for 1 units.MB.
		if rfc.done < lnx.done+nw.RTT {
			t.Errorf("rfc5681 done at %v, linux at %v: want rfc5681 at least an RTT slower", rfc.done, lnx.done)
		}
		if rfc.cwnds[len(rfc.cwnds)-1] >= lnx.cwnds[len(lnx.cwnds)-1] {
			t.Errorf("final cwnd rfc5681 %d ≥ linux %d", rfc.cwnds[len(rfc.cwnds)-1], lnx.cwnds[len(lnx.cwnds)-1])
		}
	})
	t.Run("delayed ACK off: every rule adds 1 SMSS per ACK", func(t *testing.T) {
		rfc := run(t, SSIncreaseRFC5681, 0)
		abc := run(t, SSIncreaseABC2, 0)
		lnx := run(t, SSIncreaseLinux, 0)
		if rfc.done != lnx.done || abc.done != lnx.done || !slicesEqual(rfc.cwnds, lnx.cwnds) || !slicesEqual(abc.cwnds, lnx.cwnds) {
			t.Errorf("rules differ with one ACK per segment: done rfc5681 %v, abc2 %v, linux %v", rfc.done, abc.done, lnx.done)
		}
	})
}

func slicesEqual[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestCubicVersusNewRenoAfterLoss(t *testing.T) {
	nw := link.DefaultConfig()
	// A fast link with a queue that never overflows: the rule's drop is
	// the only loss, and the queueing delay of a 600-segment window
	// (72 ms) stays below the RTO (a 10 units.Mbps link would queue 0.7 s and
	// time out spuriously during recovery, as a bufferbloated path does).
	nw.Down, nw.Queue = 100*units.Mbps, 1<<20
	const resp = 3 * units.MB
	cases := []struct {
		cc   CongestionControl
		beta float64 // ssthresh after the loss / cwnd before it
	}{
		{NewReno, 0.5}, // RFC 5681 eq. 4: FlightSize/2 (flight = cwnd here)
		{Reno, 0.5},
		{Cubic, 0.7}, // RFC 9438 §4.6: β_cubic = 0.7
	}
	for _, c := range cases {
		for _, k := range []int{100, 600} { // in slow start; later, after a longer climb
			for _, sack := range []bool{false, true} {
				t.Run(fmt.Sprintf("%s, segment %d lost, sack=%v", c.cc, k, sack), func(t *testing.T) {
					tc := DefaultConfig()
					tc.CC = c.cc
					// Without SACK, RFC 5681's entry (cwnd = ssthresh + 3·SMSS)
					// is checked too; with SACK (RFC 6675) only the reduction
					// (see TestSACKRecovery for the rest).
					tc.SACK = sack
					_, tr, n := lossRun(t, nw, tc, resp, link.Down, link.DropDataSegment(0, link.Down, k))
					defer func() {
						if t.Failed() {
							t.Logf("retransmits %d, RTOs %d", n.Retransmits(), n.RTOs())
						}
					}()
					if n.RTOs() != 0 {
						t.Errorf("%d RTOs: one loss must be repaired by fast retransmit", n.RTOs())
					}
					// Server-side records in order: the last cwnd before the
					// fast retransmit, the one at recovery entry, the one at
					// recovery exit.
					var srv []Record
					for _, r := range tr.Records {
						if !r.Client && (r.Kind == RecCwnd || r.Kind == RecRetransmit) {
							srv = append(srv, r)
						}
					}
					fast := -1
					for i, r := range srv {
						if r.Kind == RecRetransmit && r.Note == "fast" {
							fast = i
							break
						}
					}
					if fast < 2 {
						t.Fatalf("no fast retransmit after two cwnd records (index %d)", fast)
					}
					before, entry := srv[fast-2], srv[fast-1]
					if entry.Kind != RecCwnd || before.Kind != RecCwnd {
						t.Fatalf("records around the fast retransmit are %v, %v; want cwnd, cwnd", before.Kind, entry.Kind)
					}
					ratio := float64(entry.Ssthresh) / float64(before.Cwnd)
					if math.Abs(ratio-c.beta) > 0.01 {
						t.Errorf("ssthresh %d after the loss / cwnd %d before = %.3f, want β = %.2f", entry.Ssthresh, before.Cwnd, ratio, c.beta)
					}
					// RFC 5681 §3.2 step 2: cwnd = ssthresh + 3·SMSS at entry.
					if !sack && entry.Cwnd != entry.Ssthresh+3*nw.MSS {
						t.Errorf("cwnd at recovery entry %d, want ssthresh + 3 SMSS = %d", entry.Cwnd, entry.Ssthresh+3*nw.MSS)
					}
					// Recovery exit: the first record after the fast
					// retransmit with cwnd ≤ ssthresh, deflated to about β of
					// the old window.
					var exit *Record
					for i := fast + 1; i < len(srv); i++ {
						if srv[i].Kind == RecCwnd && srv[i].Cwnd <= srv[i].Ssthresh {
							exit = &srv[i]
							break
						}
					}
					if exit == nil {
						t.Fatal("no recovery exit (cwnd ≤ ssthresh) after the fast retransmit")
					}
					if r := float64(exit.Cwnd) / float64(before.Cwnd); math.Abs(r-c.beta) > 0.02 {
						t.Errorf("cwnd after recovery %d / before %d = %.3f, want ≈ %.2f", exit.Cwnd, before.Cwnd, r, c.beta)
					}
				})
			}
		}
	}
}

func TestDeterminism(t *testing.T) {
	nw := link.DefaultConfig()
	nw.Loss = 0.01
	run := func(seed uint64, runNo int) *Trace {
		t.Helper()
		s, n := newTestNet(t, nw, DefaultConfig(), seed, runNo)
		tr := &Trace{Segments: true}
		n.SetTrace(tr)
		// Two connections at once, so that loss streams and the shared
		// link both matter.
		for i := 0; i < 2; i++ {
			var got units.Bytes
			client := &funcApp{
				established: func(e *Endpoint) { e.Write(400) },
				readable: func(e *Endpoint) {
					got += e.Read(0)
					if e.EOF() {
						e.Close()
					}
				},
			}
			server := &funcApp{readable: func(e *Endpoint) {
				if e.Read(0) > 0 {
					e.Write(500 * units.KB)
					e.Shutdown()
				}
				if e.EOF() {
					e.Close()
				}
			}}
			n.Dial(fmt.Sprintf("h%d", i), link.ClientToServer, client, server).A.Connect()
		}
		if err := s.Run(sim.Limits{Horizon: time.Hour}); err != nil {
			t.Fatal(err)
		}
		return tr
	}
	drops := func(tr *Trace) []Record {
		var d []Record
		for _, r := range tr.Records {
			if r.Kind == RecSegDrop {
				d = append(d, r)
			}
		}
		return d
	}
	a, b := run(7, 0), run(7, 0)
	if len(drops(a)) == 0 {
		t.Fatal("no drops at 1 % loss: the check would prove nothing")
	}
	if !slicesEqual(a.Records, b.Records) {
		n := min(len(a.Records), len(b.Records))
		i := 0
		for i < n && a.Records[i] == b.Records[i] {
			i++
		}
		t.Fatalf("same seed and run: traces differ (%d vs %d records), first difference at record %d", len(a.Records), len(b.Records), i)
	}
	others := []struct {
		name string
		seed uint64
		run  int
	}{
		{"next run number", 7, 1},
		{"another run number", 7, 2},
		{"another seed", 8, 0},
	}
	for _, o := range others {
		t.Run(o.name, func(t *testing.T) {
			c := run(o.seed, o.run)
			if len(drops(c)) == 0 {
				t.Fatal("no drops at 1 % loss")
			}
			if slicesEqual(drops(a), drops(c)) {
				t.Errorf("seed %d run %d drops exactly the packets of seed 7 run 0 (%d drops)", o.seed, o.run, len(drops(c)))
			}
		})
	}
}

func TestSlowReaderWindow(t *testing.T) {
	nw := link.DefaultConfig()
	cases := []struct {
		name  string
		rwnd  units.Bytes
		chunk units.Bytes   // bytes the application reads per tick
		every time.Duration // tick
		resp  units.Bytes
	}{
		{"reads one MSS per 50 ms through a 16 units.KiB window", 16 * units.KiB, 1460, 50 * time.Millisecond, 100 * units.KB},
		{"window of one MSS", 1460, 1460, 20 * time.Millisecond, 30 * units.KB},
		{"reads 100 B per 10 ms: sub-MSS openings", 4 * units.KiB, 100, 10 * time.Millisecond, 20 * units.KB},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tc := DefaultConfig()
			tc.RWnd = max(c.rwnd, nw.MSS)
			s, n := newTestNet(t, nw, tc, 1, 0)
			tr := &Trace{}
			n.SetTrace(tr)
			var got units.Bytes
			var done time.Duration
			var tick func(time.Duration)
			var cl *Endpoint
			tick = func(time.Duration) {
				got += cl.Read(c.chunk)
				if got == c.resp {
					done = s.Now()
					cl.Close()
					return
				}
				s.After(c.every, sim.Func(tick))
			}
			client := &funcApp{established: func(e *Endpoint) {
				cl = e
				e.Write(400)
				s.After(c.every, sim.Func(tick))
			}}
			var reqs units.Bytes
			server := &funcApp{readable: func(e *Endpoint) {
				if k := e.Read(0); k > 0 {
					reqs += k
					if reqs == 400 {
						e.Write(c.resp)
						e.Shutdown()
					}
				}
				if e.EOF() {
					e.Close()
				}
			}}
			n.Dial("server", link.ClientToServer, client, server).A.Connect()
			if err := s.Run(sim.Limits{Horizon: 10 * time.Minute}); err != nil {
				t.Fatal(err)
			}
			if got != c.resp {
				t.Fatalf("read %d B of %d", got, c.resp)
			}
			// The reader is the bottleneck: it needs resp/chunk ticks.
			ideal := time.Duration((c.resp+c.chunk-1)/c.chunk) * c.every
			if done < ideal || done > ideal+ideal/4+time.Second {
				t.Errorf("done at %v, want about the reading time %v", done, ideal)
			}
			if n.Retransmits() != 0 {
				t.Errorf("%d retransmissions on a lossless path", n.Retransmits())
			}
		})
	}
}

// TestLossSweepCompletes: under random loss in both directions every
// transfer completes with exactly the bytes sent, both sides close in
// order, and the run ends by itself — for each congestion control, with and
// without SACK, over several seeds.
func TestLossSweepCompletes(t *testing.T) {
	losses := []float64{0.005, 0.02, 0.05, 0.1, 0.2}
	ccs := []CongestionControl{Reno, NewReno, Cubic}
	variants := []struct {
		name string
		set  func(*Config)
		resp units.Bytes
	}{
		{"default", func(*Config) {}, 200 * units.KB},
		{"1-byte response", func(*Config) {}, 1},
		{"IW 1, rfc5681, no quick-ACK, Nagle, no restart", func(c *Config) {
			c.InitCwnd, c.SlowStartIncrease, c.QuickAck, c.Nagle, c.SlowStartAfterIdle = 1, SSIncreaseRFC5681, false, true, false
		}, 100*units.KB + 7},
		{"delayed ACK off, 8 units.KiB window", func(c *Config) { c.DelayedACK, c.RWnd = 0, 8*units.KiB }, 100 * units.KB},
	}
	for _, loss := range losses {
		for _, cc := range ccs {
			for _, sack := range []bool{true, false} {
				for _, v := range variants {
					resp := v.resp
					name := fmt.Sprintf("loss %g%% %s sack=%v %s", loss*100, cc, sack, v.name)
					t.Run(name, func(t *testing.T) {
						for seed := uint64(1); seed <= 8; seed++ {
							nw := link.DefaultConfig()
							nw.Loss = loss
							tc := DefaultConfig()
							v.set(&tc)
							tc.CC, tc.SACK = cc, sack
							s, n := newTestNet(t, nw, tc, seed, 0)
							var got units.Bytes
							var errs [2]error
							var closed [2]int
							client := &funcApp{
								established: func(e *Endpoint) { e.Write(400); e.Shutdown() },
								readable: func(e *Endpoint) {
									got += e.Read(0)
									if e.EOF() {
										e.Close()
									}
								},
								closed: func(e *Endpoint, err error) { errs[0] = err; closed[0]++ },
							}
							var reqs units.Bytes
							server := &funcApp{
								readable: func(e *Endpoint) {
									if k := e.Read(0); k > 0 {
										reqs += k
										if reqs == 400 {
											e.Write(resp)
											e.Close()
										}
									}
								},
								closed: func(e *Endpoint, err error) { errs[1] = err; closed[1]++ },
							}
							n.Dial("server", link.ClientToServer, client, server).A.Connect()
							if err := s.Run(sim.Limits{Horizon: time.Hour, MaxEvents: 10_000_000}); err != nil {
								t.Fatalf("seed %d: %v", seed, err)
							}
							// A connection may legitimately die after too many
							// retries; then the client must know it.
							timedOut := errors.Is(errs[0], ErrTimeout) || errors.Is(errs[1], ErrTimeout) ||
								errors.Is(errs[0], ErrReset)
							if closed[0] != 1 || closed[1] > 1 {
								t.Errorf("seed %d: Closed called %d/%d times (client/server), want once each", seed, closed[0], closed[1])
							}
							if timedOut && loss <= 0.05 {
								t.Errorf("seed %d: connection died at %g%% loss: client Closed(%v), server Closed(%v)", seed, loss*100, errs[0], errs[1])
							}
							if !timedOut && (got != resp || errs[0] != nil || errs[1] != nil) {
								t.Errorf("seed %d: read %d of %d B, Closed(%v) client, Closed(%v) server", seed, got, resp, errs[0], errs[1])
							}
							if got > resp {
								t.Errorf("seed %d: read %d B, more than the %d sent", seed, got, resp)
							}
						}
					})
				}
			}
		}
	}
}
