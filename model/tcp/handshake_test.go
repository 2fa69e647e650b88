package tcp

import (
	"pagesim/model/link"
	"pagesim/model/units"
	"testing"
	"time"
)

// The three-way handshake under loss: SYN and SYN-ACK retried on the
// initial RTO with backoff (RFC 6298 §2.1, §5.5).

func TestHandshakeLoss(t *testing.T) {
	nw := link.DefaultConfig()
	rtt := nw.RTT
	isSyn := func(d link.Dir) func(link.PacketInfo) bool {
		return func(p link.PacketInfo) bool { return p.SYN && p.Dir == d }
	}
	cases := []struct {
		name     string
		dir      link.Dir
		rule     link.Rule
		min, max time.Duration // handshake completion at the client
	}{
		{"no loss", link.Down, nil, rtt, rtt + time.Millisecond},
		// The SYN is sent again after the initial RTO of 1 s (RFC 6298 §2.1).
		{"SYN dropped", link.Up, dropFirst(isSyn(link.Up)), time.Second + rtt, time.Second + rtt + time.Millisecond},
		// The client's SYN timer (1 s) fires first; its SYN draws a new SYN-ACK.
		{"SYN-ACK dropped", link.Down, dropFirst(isSyn(link.Down)), time.Second + rtt, time.Second + rtt + time.Millisecond},
		{"SYN dropped twice (backoff 1 s + 2 s)", link.Up, func() link.Rule {
			k := 0
			return func(p link.PacketInfo) bool {
				if p.SYN && p.Dir == link.Up && k < 2 {
					k++
					return true
				}
				return false
			}
		}(), 3*time.Second + rtt, 3*time.Second + rtt + time.Millisecond},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, tr, _ := lossRun(t, nw, DefaultConfig(), 10*units.KB, c.dir, c.rule)
			at := stateTime(tr, 0, true, "ESTABLISHED")
			if at < c.min || at > c.max {
				t.Errorf("client handshake done at %v, want in [%v, %v]", at, c.min, c.max)
			}
		})
	}
}
