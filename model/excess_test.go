package model

import (
	"testing"
	"time"
)

// TestServerExcess: a client opening 10 connections against a server that
// takes 4 per client. Refused connections (RST to the SYN) or accepted-
// then-closed ones cost the client time and never carry a response; every
// object still completes (a failure would have to say why), no more than
// 4 connections ever serve at once, and the page is no faster than asking
// for 4 in the first place.
func TestServerExcess(t *testing.T) {
	page := tinyPage(20, 10*KB)
	base := simulate(t, realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, page, parallelN(4)))
	for _, ex := range []Excess{ExcessRefuse, ExcessClose} {
		t.Run(string(ex), func(t *testing.T) {
			cfg := realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, page, parallelN(10))
			cfg.Server.MaxConnsPerClient = 4
			cfg.Server.Excess = ex
			res := simulate(t, cfg)
			done := 0
			for i, o := range res.Objects {
				switch {
				case o.Failed && o.FailReason == "":
					t.Errorf("object %d failed without a reason", i)
				case o.Failed:
				case o.LastByte <= 0:
					t.Errorf("object %d neither completed nor failed", i)
				default:
					done++
				}
			}
			t.Logf("%s: %d of %d completed, %d connections, %d retries, load %v (parallel(4) without cap: %v)",
				ex, done, len(res.Objects), res.Connections, res.Retries, res.LoadTime, base.LoadTime)
			served := func(c ConnResult) bool { return c.Requests > 0 }
			if m := maxOpen(res.Conns, "", served); m > 4 {
				t.Errorf("%d serving connections open at once, want ≤ 4", m)
			}
			if m := maxOpen(res.Conns, "", nil); m > 10 {
				t.Errorf("%d connections open at once, want ≤ 10 (the strategy's cap)", m)
			}
			if res.Failed == 0 && res.LoadTime < base.LoadTime {
				t.Errorf("load time %v, faster than parallel(4) without a cap (%v)", res.LoadTime, base.LoadTime)
			}
			switch ex {
			case ExcessRefuse:
				// A refused SYN while other connections work tells the
				// client the cap (client.go connectFailed): it settles on
				// 4 and loses nothing.
				if res.Failed != 0 || res.Retries != 0 {
					t.Errorf("refuse: failed %d, retries %d; want none (a refused connection carried no request)", res.Failed, res.Retries)
				}
				if m := maxOpen(res.Conns, "", func(c ConnResult) bool { return c.End != "refused" }); m > 4 {
					t.Errorf("refuse: %d accepted connections open at once, want ≤ 4", m)
				}
			case ExcessClose:
				// Accepted then closed: the request written on it is lost
				// on a fresh connection with no byte back — the server did
				// not take it, so the client re-sends it and opens no more
				// connections than the ones still up: attempts, not
				// objects, are lost.
				if res.Retries == 0 {
					t.Errorf("close: no retries, want the lost requests sent again")
				}
				if res.Failed != 0 {
					t.Errorf("close: %d objects failed, want none (a request the server never took is re-sent)", res.Failed)
				}
			}
		})
	}
}
