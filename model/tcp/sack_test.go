package tcp

import (
	"pagesim/model/link"
	"pagesim/model/units"
	"testing"
	"time"
)

// TestSACKRecovery drops several segments of one window. With SACK
// (RFC 6675) the sender learns every hole from the receiver's blocks and
// repairs them all within one round trip, each lost segment sent once;
// NewReno (RFC 6582) learns of one hole per partial ACK and repairs one
// per round trip.
func TestSACKRecovery(t *testing.T) {
	nw := link.DefaultConfig()
	nw.Down, nw.Queue, nw.RTT = 100*units.Mbps, 1<<20, 100*time.Millisecond
	lost := map[int]bool{30: true, 34: true, 38: true, 42: true, 46: true}
	drop := func(p link.PacketInfo) bool { return p.Dir == link.Down && lost[p.DataIdx] }
	// span is the time from the first retransmission to the last.
	run := func(sack bool) (span time.Duration, n *testNet) {
		tc := DefaultConfig()
		tc.SACK = sack
		tr := &Trace{}
		_, n, err := transfer(t, nw, tc, transferOpts{req: 400, resp: 500 * units.KB, setup: func(n *testNet) {
			n.SetDropRule(link.Down, drop)
			n.SetTrace(tr)
		}})
		if err != nil {
			t.Fatal(err)
		}
		var first, last time.Duration = -1, -1
		for _, r := range tr.Records {
			if r.Kind == RecRetransmit {
				if first < 0 {
					first = r.At
				}
				last = r.At
			}
		}
		return last - first, n
	}
	sackSpan, ns := run(true)
	renoSpan, nn := run(false)
	for name, n := range map[string]*testNet{"SACK": ns, "NewReno": nn} {
		if n.RTOs() != 0 {
			t.Errorf("%s: %d RTOs, want none (enough duplicate ACKs follow)", name, n.RTOs())
		}
		if got := n.Retransmits(); got != int64(len(lost)) {
			t.Errorf("%s: %d retransmissions, want exactly the %d lost segments", name, got, len(lost))
		}
	}
	if sackSpan >= nw.RTT {
		t.Errorf("SACK repaired the holes over %v, want within one round trip (%v)", sackSpan, nw.RTT)
	}
	if want := time.Duration(len(lost)-1) * nw.RTT; renoSpan < want {
		t.Errorf("NewReno repaired the holes over %v, want at least one round trip per hole after the first (%v)", renoSpan, want)
	}
}
