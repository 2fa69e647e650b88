package tcp

import (
	"reflect"
	"testing"
	"time"

	"pagesim/model/link"
	"pagesim/sim"
)

// TestPacketCountedCwnd: 42 pipelined requests of 300 B, each written (and
// pushed) on its own the moment the connection opens, with an initial
// window of 10. A byte-counted window (14 600 B) lets all 42 go at once
// (12 600 B); Linux's packet-counted one lets 10 go, one slot each; the
// rest follow the ACKs. With autocorking the 41 writes after the first
// coalesce into full segments instead, and fit.
func TestPacketCountedCwnd(t *testing.T) {
	cases := []struct {
		name      string
		unit      CwndUnit
		push      Push
		wantBurst int // data segments the client sends at the instant it connects
	}{
		{"bytes", CwndBytes, PushImmediate, 42},
		{"packets", CwndPackets, PushImmediate, 10},
		{"packets, autocorked", CwndPackets, PushAutocork, 10},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nw := link.DefaultConfig()
			nw.Queue = 1000 // nothing dropped: only the window decides
			tc := DefaultConfig()
			tc.CwndUnit, tc.Push = c.unit, c.push
			s, n := newTestNet(t, nw, tc, 1, 0)
			tr := &Trace{Segments: true}
			n.SetTrace(tr)
			var est time.Duration = -1
			var got int
			client := &funcApp{established: func(e *Endpoint) {
				est = s.Now()
				for i := 0; i < 42; i++ {
					e.Write(300)
				}
			}}
			server := &funcApp{readable: func(e *Endpoint) { got += int(e.Read(0)) }}
			n.Dial("server", link.ClientToServer, client, server).A.Connect()
			if err := s.Run(sim.Limits{Horizon: time.Minute}); err != nil {
				t.Fatal(err)
			}
			if got != 42*300 {
				t.Fatalf("server read %d B of %d", got, 42*300)
			}
			burst, bytes := 0, 0
			for _, r := range tr.Records {
				if r.Kind == RecSegSent && r.Client && r.Len > 0 && r.At == est {
					burst++
					bytes += int(r.Len)
				}
			}
			if c.push == PushAutocork {
				// The first request alone, then 41 × 300 B cut into full
				// segments: 1 + ⌈12 300 / 1460⌉ = 10, all within the window.
				if burst != c.wantBurst || bytes != 42*300 {
					t.Errorf("%d segments, %d B at connect time; want %d segments carrying all 12 600 B", burst, bytes, c.wantBurst)
				}
				return
			}
			if burst != c.wantBurst {
				t.Errorf("%d data segments at connect time, want %d", burst, c.wantBurst)
			}
		})
	}
}

// TestSentSegFields: sendSegment fills its record of a segment in flight
// field by field in a ring slot that may hold an old record (Ring.Append),
// so a field added to sentSeg must be set there too; this fails until the
// count below is updated with it.
func TestSentSegFields(t *testing.T) {
	if n := reflect.TypeOf(sentSeg{}).NumField(); n != 6 {
		t.Errorf("sentSeg has %d fields; sendSegment sets 6 — set the new one there and update this test", n)
	}
}
