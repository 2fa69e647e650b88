package tcp

import (
	"pagesim/model/link"
	"pagesim/model/units"
	"testing"
	"time"
)

// TestFRTOSpuriousTimeout: on a 56 kbps link a flight of full-sized
// segments takes longer to serialize than the RTO the handshake's tiny
// segments suggested, so the timer fires with nothing lost. Without F-RTO
// the sender resends the whole flight behind itself; with it, the second
// ACK after the timeout acknowledges data that was never resent, the
// timeout is declared spurious, and only one segment was sent twice.
func TestFRTOSpuriousTimeout(t *testing.T) {
	nw := link.Config{RTT: 10 * time.Millisecond, Down: 56 * units.Kbps, Up: 1 * units.Mbps, Queue: 1000, MSS: 1460, Header: 40}
	run := func(frto bool) (time.Duration, *testNet) {
		tc := DefaultConfig()
		tc.InitCwnd = 4
		tc.FRTO = frto
		// RFC 6298's RTO, without Linux's SRTT + 200 ms floor, times out
		// on this link; the tail probe would take the timer's place.
		tc.RTOFormula, tc.TLP = RTOFormulaRFC6298, false
		got, n, err := transfer(t, nw, tc, transferOpts{req: 400, resp: 60 * units.KB})
		if err != nil {
			t.Fatal(err)
		}
		return got, n
	}
	withF, nf := run(true)
	without, nn := run(false)
	down, _ := nf.Stats()
	if down.LossDrop+down.QueueDrop != 0 {
		t.Fatalf("packets were dropped (%d): the case needs a lossless link", down.LossDrop+down.QueueDrop)
	}
	if nf.RTOs() == 0 {
		t.Fatal("no timeout fired: the case does not exercise F-RTO")
	}
	if nf.SpuriousRTOs() == 0 {
		t.Errorf("F-RTO declared no timeout spurious (RTOs %d)", nf.RTOs())
	}
	if nn.SpuriousRTOs() != 0 {
		t.Errorf("F-RTO off, yet %d spurious timeouts declared", nn.SpuriousRTOs())
	}
	// With F-RTO each spurious timeout costs one segment sent twice.
	if got, max := nf.Retransmits(), int64(nf.RTOs()); got > max {
		t.Errorf("F-RTO: %d retransmissions for %d timeouts, want at most one each", got, max)
	}
	if nn.Retransmits() <= 2*nf.Retransmits() {
		t.Errorf("without F-RTO %d retransmissions, with %d: want go-back-N to resend much more", nn.Retransmits(), nf.Retransmits())
	}
	if withF > without {
		t.Errorf("F-RTO took %v, without %v: undoing a spurious timeout must not be slower", withF, without)
	}
}

// TestFRTORealLoss: when the timeout is real (the tail of a flight is
// lost, so no duplicate ACKs come), F-RTO falls back to conventional
// recovery and the transfer completes with the lost data resent.
func TestFRTORealLoss(t *testing.T) {
	nw := link.DefaultConfig()
	nw.Queue = 1000
	lost := map[int]bool{20: true, 21: true, 22: true}
	tc := DefaultConfig()
	got, n, err := transfer(t, nw, tc, transferOpts{req: 400, resp: 200 * units.KB, setup: func(n *testNet) {
		n.SetDropRule(link.Down, func(p link.PacketInfo) bool { return p.Dir == link.Down && lost[p.DataIdx] })
	}})
	if err != nil {
		t.Fatal(err)
	}
	if n.SpuriousRTOs() != 0 {
		t.Errorf("a real loss was declared spurious")
	}
	if got <= 0 || n.Retransmits() < int64(len(lost)) {
		t.Errorf("load %v, %d retransmissions: want completion with every lost segment resent", got, n.Retransmits())
	}
}
