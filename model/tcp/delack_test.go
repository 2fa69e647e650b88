package tcp

import (
	"pagesim/model/units"
	"testing"
	"time"
)

// Delayed ACKs and quick-ACK: the stall on a lone first segment and
// when it disappears.

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
