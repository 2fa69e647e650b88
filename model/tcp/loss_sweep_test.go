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

// Robustness: every transfer under random loss completes or fails
// cleanly, for every congestion control and recovery.

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
