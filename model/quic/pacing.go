package quic

import (
	"time"

	"pagesim/model/units"
)

// kPacingGain is N of RFC 9002 §7.7: the pacing rate is 1.25 × cwnd /
// smoothed RTT, so that pacing does not hold the sender below its window.
const kPacingGain = 1.25

// pacer is a token bucket of bytes (Config.Pacing): it fills at the
// pacing rate up to a burst of the initial window (§7.7: "senders SHOULD
// limit bursts to the initial congestion window"), and a datagram with
// ack-eliciting packets takes its size from it. ACK-only datagrams and
// probes are not paced.
type pacer struct {
	e      *Endpoint
	tokens float64 // bytes, fractions kept so that slow rates still fill
	burst  float64
	last   time.Duration
}

func (p *pacer) init(e *Endpoint) {
	p.e = e
	p.burst = float64(units.Bytes(e.cfg.InitCwnd) * e.cfg.MaxDatagram)
	p.tokens = p.burst
}

// rate is the pacing rate in bytes per second.
func (p *pacer) rate() float64 {
	return kPacingGain * float64(p.e.window.cwnd) / p.e.rtt.smoothed.Seconds()
}

func (p *pacer) refill(now time.Duration) {
	if now > p.last {
		p.tokens = min(p.burst, p.tokens+p.rate()*(now-p.last).Seconds())
		p.last = now
	}
}

// paceBlocked reports whether pacing holds back ack-eliciting packets
// now, and if so arms the timer for when a datagram's worth is ready.
func (e *Endpoint) paceBlocked() bool {
	if !e.cfg.Pacing {
		return false
	}
	p := &e.pace
	now := e.st.S.Now()
	p.refill(now)
	mds := float64(e.cfg.MaxDatagram)
	if p.tokens >= mds {
		return false
	}
	wait := time.Duration((mds - p.tokens) / p.rate() * float64(time.Second))
	if wait < time.Microsecond {
		wait = time.Microsecond
	}
	if !e.paceTimer.Armed() || e.paceTimer.When() > now+wait {
		e.paceTimer.ResetAfter(wait)
	}
	return true
}

// sent takes a paced datagram's bytes.
func (p *pacer) sent(n units.Bytes) {
	if p.e.cfg.Pacing {
		p.tokens -= float64(n)
	}
}
