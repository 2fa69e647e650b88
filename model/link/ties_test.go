package link

import (
	"testing"
	"time"

	"pagesim/model/units"
	"pagesim/sim"
)

// counter counts what reaches it and what is dropped on the way.
type counter struct{ arrived, dropped int }

func (s *counter) Arrive(*Packet)                 { s.arrived++ }
func (s *counter) Dropped(Packet, Dir, DropCause) { s.dropped++ }

// TestTies: a one-packet queue; packet 1 is serialized from 0.5 ms to
// 1.5 ms, packet 2 waits behind it. At 1.5 ms, as packet 1 finishes, a
// third arrives. Departure first, there is room; with ns-3's order the
// arrival comes first — and is dropped — exactly when the event that sends
// it was scheduled before packet 1 began (ties.go).
func TestTies(t *testing.T) {
	cases := []struct {
		name        string
		ties        Ties
		cause       time.Duration // when the third packet's event was scheduled; −1: not an arrival
		wantDropped int
	}{
		{"departure-first", TiesDepartureFirst, 200 * time.Microsecond, 0},
		{"default (empty) is departure-first", "", 200 * time.Microsecond, 0},
		{"ns3, caused before packet 1 began: arrival first, dropped", TiesNS3, 200 * time.Microsecond, 1},
		{"ns3, caused after packet 1 began: departure first", TiesNS3, time.Millisecond, 0},
		{"ns3, caused at the instant packet 1 began: departure first", TiesNS3, 500 * time.Microsecond, 0},
		{"ns3, not caused by an arrival (a timer): departure first", TiesNS3, -1, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := sim.New()
			// 1000 bytes at 8 Mbps: 1 ms each.
			cfg := Config{RTT: 10 * time.Millisecond, Down: 8 * units.Mbps, Up: 8 * units.Mbps, Queue: 1, MSS: 1000, Header: 0, Ties: c.ties}
			n, err := New(s, cfg, 1, 0)
			if err != nil {
				t.Fatal(err)
			}
			_, rev := n.Routes("h", ClientToServer)
			dst := &counter{}
			send := func() { n.Send(Packet{Dst: dst, Route: rev, Size: 1000}) }
			s.At(500*time.Microsecond, sim.Func(func(time.Duration) { send(); send() }))
			s.At(1500*time.Microsecond, sim.Func(func(time.Duration) {
				n.cause = c.cause
				send()
				n.cause = -1
			}))
			if err := s.Run(sim.Limits{}); err != nil {
				t.Fatal(err)
			}
			if dst.dropped != c.wantDropped || dst.arrived != 3-c.wantDropped {
				t.Errorf("dropped %d, arrived %d; want %d dropped", dst.dropped, dst.arrived, c.wantDropped)
			}
		})
	}
}
