package tcp

import (
	"pagesim/model/link"
	"pagesim/model/units"
	"testing"
)

// Loss recovery by mechanism: which losses fast retransmit repairs and
// which need the retransmission timer.

func TestLossRecovery(t *testing.T) {
	nw := link.DefaultConfig() // 10 units.Mbps, 50 ms, queue 100: no queue drops for these sizes
	mss := nw.MSS
	cases := []struct {
		name     string
		resp     units.Bytes
		dir      link.Dir
		rule     link.Rule
		wantFast bool // recovered by fast retransmit
		wantRTO  bool // recovered by the retransmission timer
	}{
		{"mid-flight segment, plenty after: fast retransmit", 100 * mss, link.Down, link.DropDataSegment(0, link.Down, 30), true, false},
		{"first data segment of IW 10: fast retransmit", 100 * mss, link.Down, link.DropDataSegment(0, link.Down, 1), true, false},
		{"partial last segment mid-flight", 100*mss - 700, link.Down, link.DropDataSegment(0, link.Down, 50), true, false},
		{"last segment (no dupACKs follow): RTO", 20 * mss, link.Down, link.DropDataSegment(0, link.Down, 20), false, true},
		{"only 2 segments after: 2 dupACKs, RTO", 20 * mss, link.Down, link.DropDataSegment(0, link.Down, 18), false, true},
		{"3 segments after: 3 dupACKs, fast retransmit", 20 * mss, link.Down, link.DropDataSegment(0, link.Down, 17), true, false},
		{"one-segment response lost: RTO", 500, link.Down, link.DropDataSegment(0, link.Down, 1), false, true},
		{"request lost: client RTO", 10 * mss, link.Up, link.DropDataSegment(0, link.Up, 1), false, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, clean, _ := lossRun(t, nw, classicRecovery(), c.resp, c.dir, nil)
			if clean.Count(RecRetransmit) != 0 || clean.Count(RecRTO) != 0 {
				t.Fatalf("the lossless run already retransmits: %d retransmits, %d RTOs", clean.Count(RecRetransmit), clean.Count(RecRTO))
			}
			_, tr, n := lossRun(t, nw, classicRecovery(), c.resp, c.dir, c.rule)
			if got := tr.Count(RecSegDrop); got != 1 {
				t.Errorf("%d segments dropped, want exactly the one of the rule", got)
			}
			if got := hasRetransmit(tr, "fast"); got != c.wantFast {
				t.Errorf("fast retransmit = %v, want %v", got, c.wantFast)
			}
			if got := tr.Count(RecRTO) > 0; got != c.wantRTO {
				t.Errorf("RTO = %v (%d), want %v", got, tr.Count(RecRTO), c.wantRTO)
			}
			if got := n.Retransmits(); got != 1 {
				t.Errorf("Net.Retransmits = %d, want 1 (one loss, one repair)", got)
			}
			if got, want := n.RTOs(), tr.Count(RecRTO); got != want {
				t.Errorf("Net.RTOs = %d, trace has %d RTO records", got, want)
			}
		})
	}
}
