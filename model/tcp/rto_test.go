package tcp

import (
	"errors"
	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
	"testing"
	"time"
)

// Retransmission timeouts: the give-up times of Linux's retry limits.

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
			// Linux gives up after a time computed from a 200 ms RTO
			// (retransmits_timed_out); pagesim counts retries, which
			// gives the same time with RFC 6298's formula at this RTT.
			tc := DefaultConfig()
			tc.RTOFormula, tc.TLP = RTOFormulaRFC6298, false
			s, n := newTestNet(t, nw, tc, 1, 0)
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
