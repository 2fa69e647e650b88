package tcp

import (
	"testing"

	"pagesim/model/link"
)

// TestLimitedTransmit: with IW 3 and the first segment lost, only two
// duplicate ACKs can come — too few for fast retransmit. Limited Transmit
// (RFC 3042) sends a new segment on each of them; their ACKs make the
// third duplicate ACK, and the loss is repaired without a timeout. Without
// it the sender waits for the RTO. With SACK the pipe governs (RFC 6675 §5
// (3)) and gives the same two segments.
func TestLimitedTransmit(t *testing.T) {
	nw := link.DefaultConfig()
	for _, sack := range []bool{false, true} {
		for _, lt := range []bool{false, true} {
			name := map[bool]string{false: "RFC 3042", true: "SACK"}[sack]
			if !lt {
				name += ", off"
			}
			t.Run(name, func(t *testing.T) {
				tc := DefaultConfig()
				tc.InitCwnd, tc.SACK, tc.LimitedTransmit = 3, sack, lt
				tc.QuickAck, tc.DelayedACK = false, 0 // one ACK per segment
				tc.TLP, tc.RACK = false, false
				tr := &Trace{Segments: true}
				_, n, err := transfer(t, nw, tc, transferOpts{req: 1, resp: 8 * nw.MSS, setup: func(n *testNet) {
					n.SetTrace(tr)
					n.SetDropRule(link.Down, link.DropDataSegment(0, link.Down, 1))
				}})
				if err != nil {
					t.Fatal(err)
				}
				// New data the server sends between the first duplicate ACK
				// and the fast retransmit.
				// The server receives only the request (1 byte) and pure
				// ACKs; with the first data segment lost every pure ACK
				// before the fast retransmit is a duplicate.
				dups, sentOnDup, fast := 0, 0, false
				for _, r := range tr.Records {
					if r.Client || fast {
						continue
					}
					switch {
					case r.Kind == RecSegRecv && r.Len == 0 && r.Flags == "A":
						dups++
					case r.Kind == RecRetransmit:
						fast = r.Note == "fast"
					case r.Kind == RecSegSent && r.Len > 0 && dups > 0:
						sentOnDup++
					}
				}
				if lt {
					if n.RTOs() != 0 || !hasRetransmit(tr, "fast") {
						t.Errorf("%d RTOs, fast retransmit %v: want the loss repaired by fast retransmit", n.RTOs(), hasRetransmit(tr, "fast"))
					}
					if sentOnDup != 2 {
						t.Errorf("%d new segments sent on the duplicate ACKs, want 2", sentOnDup)
					}
				} else if n.RTOs() == 0 {
					t.Error("Limited Transmit off, yet no RTO: the case does not need it")
				}
			})
		}
	}
}
