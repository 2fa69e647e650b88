package tcp

import (
	"testing"
	"time"

	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
)

// drainApp is a server that writes a response in chunks, keeping at most
// bound bytes written but unsent (as an HTTP/2 server bounds its send
// buffer), and refilling when Drained says the wire took some.
type drainApp struct {
	funcApp
	total, written, bound, chunk units.Bytes
	drains                       int
	maxUnsent                    units.Bytes
}

func (a *drainApp) fill(e *Endpoint) {
	for a.written < a.total && e.Unsent() < a.bound {
		n := min(a.chunk, a.total-a.written)
		e.Write(n)
		a.written += n
		a.maxUnsent = max(a.maxUnsent, e.Unsent())
	}
}

func (a *drainApp) Drained(e *Endpoint) {
	a.drains++
	a.fill(e)
}

// TestUnsentAndDrained: Unsent counts the written bytes not yet
// transmitted, and a Drainer hears each time the wire takes some, so a
// writer that keeps Unsent under a bound still delivers everything; with
// the bound the backlog never exceeds bound + one chunk.
func TestUnsentAndDrained(t *testing.T) {
	cases := []struct {
		name         string
		bound, chunk units.Bytes
	}{
		{"bound 16KiB, 4KiB writes", 16 * units.KiB, 4 * units.KiB},
		{"bound 1B, 1000B writes", 1, 1000},
		{"bound above the response", 1 * units.MiB, 16 * units.KiB},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nw := link.Config{RTT: 40 * time.Millisecond, Down: 10 * units.Mbps, Up: 10 * units.Mbps, Queue: 1000, MSS: 1460, Header: 40}
			tc := DefaultConfig()
			s := sim.New()
			n, err := newNet(s, nw, tc, 1, 0)
			if err != nil {
				t.Fatal(err)
			}
			const total = 300 * units.KB
			var got units.Bytes
			client := &funcApp{readable: func(e *Endpoint) { got += e.Read(0) }}
			srv := &drainApp{total: total, bound: c.bound, chunk: c.chunk}
			srv.established = func(e *Endpoint) { srv.fill(e) }
			conn := n.Dial("server", link.ClientToServer, client, srv)
			if u := conn.B.Unsent(); u != 0 {
				t.Errorf("Unsent before any write = %d, want 0", u)
			}
			conn.A.Connect()
			if err := s.Run(sim.Limits{Horizon: time.Minute}); err != nil {
				t.Fatal(err)
			}
			if got != total {
				t.Errorf("client read %d B, want %d", got, total)
			}
			if u := conn.B.Unsent(); u != 0 {
				t.Errorf("Unsent after the transfer = %d, want 0", u)
			}
			if srv.drains == 0 {
				t.Errorf("Drained never called")
			}
			if limit := c.bound + c.chunk; c.bound < total && srv.maxUnsent > limit {
				t.Errorf("Unsent reached %d B, want at most bound + chunk = %d", srv.maxUnsent, limit)
			}
		})
	}
}
