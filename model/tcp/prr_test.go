package tcp

import (
	"fmt"
	"testing"

	"pagesim/model/units"
)

// TestPRRSendingPattern replays RFC 6937 §5's examples on PRR's state
// alone, counted in segments as Linux counts: 20 segments in flight when
// some are lost, ssthresh 10 (Reno's halving), each ACK reporting one more
// segment delivered. PRR sends one segment for every two ACKs
// (ssthresh/RecoverFS = 1/2), starting with the fast retransmit, until
// pipe is down to ssthresh — at the ACK that brings it there nothing goes
// (ssthresh − pipe = 0) — and then one per ACK, the reduction bound
// keeping pipe at ssthresh. RFC 6675 alone (cwnd = ssthresh) would stay
// silent for the first ten ACKs and then send one per ACK.
func TestPRRSendingPattern(t *testing.T) {
	const mss = 1000
	cases := []struct {
		name    string
		variant PRR
		lost    int // segments lost of the 20
		acks    int
		want    string // segments sent on each ACK
	}{
		// pipe after ACK k is 19 − k + ⌈(k−1)/2⌉: 10 at ACK 17.
		{"one loss", PRRLinux, 1, 19, "1010101010101010011"},
		// Four lost: 16 ACKs come; pipe 16 − k + ⌈(k−1)/2⌉ is 10 at ACK 11.
		{"four losses", PRRLinux, 4, 16, "1010101010011111"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := prrState{recoverFS: 20 * mss}
			ssthresh := units.Bytes(10 * mss)
			pipe := units.Bytes(20-c.lost) * mss // the lost ones are out of the pipe
			got := ""
			for i := 0; i < c.acks; i++ {
				pipe -= mss // this ACK's segment left the network
				n := p.sndcnt(c.variant, ssthresh, mss, pipe, mss, false, false, false) / mss
				got += fmt.Sprint(int64(n))
				p.out += n * mss
				pipe += n * mss
			}
			if got != c.want {
				t.Errorf("segments sent per ACK %s, want %s", got, c.want)
			}
			if pipe > ssthresh {
				t.Errorf("pipe %d at the end of recovery, above ssthresh %d", pipe, ssthresh)
			}
		})
	}
}

// TestPRRReductionBound: below ssthresh (a burst of losses took pipe under
// it) PRR-SSRB grows back no faster than slow start: what was delivered
// plus one segment per ACK, never above ssthresh.
func TestPRRReductionBound(t *testing.T) {
	const mss = 1000
	p := prrState{recoverFS: 20 * mss}
	p.out = mss // the fast retransmit went
	ssthresh := units.Bytes(10 * mss)
	pipe := units.Bytes(3 * mss)
	var sent []units.Bytes
	for i := 0; i < 9; i++ {
		pipe -= mss
		n := p.sndcnt(PRRRFC6937, ssthresh, mss, pipe, mss, true, false, false)
		sent = append(sent, n/mss)
		p.out += n
		pipe += n
	}
	// Each ACK: what it delivered plus one segment (slow start's pace),
	// the bound max(prr_delivered − prr_out, DeliveredData) + MSS, until
	// pipe reaches ssthresh: 2 → 3 → … → 10.
	want := []units.Bytes{2, 2, 2, 2, 2, 2, 2, 1, 1}
	if fmt.Sprint(sent) != fmt.Sprint(want) {
		t.Errorf("sent per ACK %v, want %v (slow start: two per segment delivered)", sent, want)
	}
	if pipe > ssthresh {
		t.Errorf("pipe %d beyond ssthresh %d", pipe, ssthresh)
	}
}

// TestPRRProportionalBytes: RFC 6937's pseudo-code in bytes (the rfc6937
// and ns3 variants): while pipe exceeds ssthresh, what has been sent never
// exceeds CEIL(prr_delivered·ssthresh/RecoverFS) and trails it by less
// than a segment once a segment is allowed.
func TestPRRProportionalBytes(t *testing.T) {
	const mss = 1460
	for _, v := range []PRR{PRRRFC6937, PRRNS3} {
		t.Run(string(v), func(t *testing.T) {
			p := prrState{recoverFS: 30 * mss}
			ssthresh := units.Bytes(15 * mss)
			pipe := units.Bytes(29 * mss)
			for i := 1; ; i++ {
				pipe -= mss
				if pipe <= ssthresh {
					break // the reduction bound from here on
				}
				n := p.sndcnt(v, ssthresh, mss, pipe, mss, false, false, false) / mss * mss // whole segments go
				p.out += n
				pipe += n
				share := (units.Bytes(i)*mss*ssthresh + p.recoverFS - 1) / p.recoverFS
				if p.out > max(share, mss) || share-p.out >= mss {
					t.Fatalf("ACK %d: %d B sent, proportional share %d B", i, p.out, share)
				}
			}
		})
	}
}
