package tcp

import (
	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
	"testing"
	"time"
)

// The receive window: a slow reader paces the sender through window
// updates.

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
