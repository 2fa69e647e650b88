package tcp

import (
	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
	"testing"
	"time"
)

// Slow start: the per-ACK increase rules and slow-start restart after
// idle (RFC 5681 §3.1, §4.1).

// burstsResult is what twoBursts observed.
type burstsResult struct {
	cwndBefore, cwndAfter units.Bytes // server cwnd just before / after the second response was written
	ssthreshBefore        units.Bytes
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
						res.cwndBefore, res.ssthreshBefore = r.Cwnd, r.Ssthresh
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
				// RFC 5681 §4.1: RW = min(IW, cwnd); ssthresh keeps at least
				// 3/4 of the old window (RFC 2861, Linux tcp_cwnd_restart;
				// TestWindowRestart checks the finite case).
				if want := min(iw, r.cwndBefore); r.cwndAfter != want {
					t.Errorf("cwnd at the second burst = %d B, want the restart window %d B", r.cwndAfter, want)
				}
				if want := max(r.ssthreshBefore, r.cwndBefore*3/4); r.ssthreshAfter != want {
					t.Errorf("ssthresh after restart = %d B, want max(%d, 3/4 of %d) = %d", r.ssthreshAfter, r.ssthreshBefore, r.cwndBefore, want)
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

// TestWindowRestart checks slow-start restart on the window alone: cwnd to
// min(IW, cwnd), ssthresh to max(ssthresh, 3/4·cwnd) (RFC 5681 §4.1, RFC
// 2861 §3, Linux tcp_cwnd_restart).
func TestWindowRestart(t *testing.T) {
	const mss = 1000
	const unlimited = 1 << 62
	cases := []struct {
		name                   string
		cwnd, ssthresh, iw     units.Bytes
		wantCwnd, wantSsthresh units.Bytes
		wantChanged            bool
	}{
		{"after a loss: ssthresh rises to 3/4 of the old window", 40 * mss, 20 * mss, 10 * mss, 10 * mss, 30 * mss, true},
		{"ssthresh above 3/4 cwnd is kept", 40 * mss, 35 * mss, 10 * mss, 10 * mss, 35 * mss, true},
		{"unlimited ssthresh stays unlimited", 40 * mss, unlimited, 10 * mss, 10 * mss, unlimited, true},
		{"cwnd at or below IW: nothing to restart", 8 * mss, 20 * mss, 10 * mss, 8 * mss, 20 * mss, false},
		{"IW 1", 12 * mss, 6 * mss, mss, mss, 9 * mss, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := window{cwnd: c.cwnd, ssthresh: c.ssthresh, mss: mss}
			changed := w.restart(c.iw)
			if changed != c.wantChanged || w.cwnd != c.wantCwnd || w.ssthresh != c.wantSsthresh {
				t.Errorf("restart: changed %v, cwnd %d, ssthresh %d; want %v, %d, %d", changed, w.cwnd, w.ssthresh, c.wantChanged, c.wantCwnd, c.wantSsthresh)
			}
		})
	}
}
