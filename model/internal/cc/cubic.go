package cc

import (
	"math"
	"time"

	"pagesim/model/units"
)

// CUBIC's constants (RFC 9438 §4.6, §5).
const (
	// CubicBeta is β_cubic, the multiplicative decrease factor (§4.6).
	CubicBeta = 0.7
	// CubicC is C, the scaling constant of W_cubic(t) (§5), in segments
	// per second cubed.
	CubicC = 0.4
)

// CubicDefaultRTT stands in for the smoothed RTT before the first sample
// (the target of §4.4 looks one RTT ahead). A model assumption: a TCP
// sender in congestion avoidance before any RTT sample is rare (it takes
// a loss during the handshake's first data).
const CubicDefaultRTT = 100 * time.Millisecond

// Cubic is CUBIC's window arithmetic (RFC 9438): W_cubic(t) and K (§4.2),
// the Reno-friendly estimate W_est (§4.3), the concave and convex regions
// with the target clamped to [cwnd, 1.5·cwnd] (§4.4, §4.5), β = 0.7
// (§4.6) and fast convergence (§4.7, on as in Linux). Windows are kept in
// segments as floats, as the RFC states them, and converted from and to
// bytes at the calls; a segment is the sender's SMSS (TCP) or maximum
// datagram size (QUIC). The zero value is a flow that has not yet left
// slow start. The caller decides when a loss counts (one reduction per
// recovery episode or period) and what happens to cwnd itself.
type Cubic struct {
	wMax     float64       // window before the last reduction, segments
	wLastMax float64       // W_max before that, for fast convergence
	k        float64       // seconds from the epoch's start to W_max
	epoch    time.Duration // start of the current congestion-avoidance epoch
	wEst     float64       // Reno-friendly estimate, segments (§4.3)
	// cwndPrior is cwnd when ssthresh was last set (§4.3: α_cubic becomes
	// 1 once W_est reaches it); 0 before the first loss.
	cwndPrior float64
	started   bool // an epoch is under way
}

// EndEpoch ends the current congestion-avoidance epoch: the next call of
// Grow starts a new one (§4.2). Slow start, a retransmission timeout and
// QUIC's persistent congestion end it.
func (c *Cubic) EndEpoch() { c.started = false }

// Grow is CUBIC's response to an ACK of acked bytes in congestion
// avoidance, at time now with the smoothed RTT rtt (≤ 0: CubicDefaultRTT):
// it returns the new congestion window, never below cwnd. seg is the
// segment size.
func (c *Cubic) Grow(cwnd, seg, acked units.Bytes, now, rtt time.Duration) units.Bytes {
	mss := float64(seg)
	w := float64(cwnd) / mss
	if !c.started {
		// §4.2: a new epoch starts with the first ACK in congestion
		// avoidance. Leaving slow start without a loss: W_max = cwnd, K = 0.
		c.started = true
		c.epoch = now
		if c.wMax < w {
			c.wMax = w
			c.k = 0
		} else {
			c.k = math.Cbrt((c.wMax - w) / CubicC) // eq. 2 with the current window
		}
		c.wEst = w
	}
	if rtt <= 0 {
		rtt = CubicDefaultRTT
	}
	t := (now - c.epoch).Seconds()
	// §4.3: the Reno-friendly estimate grows by α per window of ACKs,
	// α = 3(1−β)/(1+β), and α = 1 once W_est has reached cwnd_prior.
	alpha := 3 * (1 - CubicBeta) / (1 + CubicBeta)
	if c.wEst >= c.cwndPrior {
		alpha = 1
	}
	segs := float64(acked) / mss
	c.wEst += alpha * segs / w
	var next float64
	if c.wCubic(t) < c.wEst {
		// §4.3: W_cubic(t) < W_est: the Reno-friendly region, cwnd = W_est.
		next = c.wEst
	} else {
		// §4.4 concave and §4.5 convex region: the target is W_cubic one
		// RTT ahead, clamped to [cwnd, 1.5·cwnd]; cwnd grows by
		// (target − cwnd)/cwnd per segment acknowledged.
		target := min(max(c.wCubic(t+rtt.Seconds()), w), 1.5*w)
		next = w + (target-w)*segs/w
	}
	if nb := units.Bytes(next * mss); nb > cwnd {
		return nb
	}
	return cwnd
}

// wCubic is eq. 1, W_cubic(t) = C·(t − K)³ + W_max, in segments, t in
// seconds since the epoch began.
func (c *Cubic) wCubic(t float64) float64 { return CubicC*cube(t-c.k) + c.wMax }

// cube is x³ as math.Pow(x, 3) computes it, bit for bit, at a tenth of its
// cost (Grow runs on every ACK in congestion avoidance). Pow splits x into
// a mantissa m and an exponent, multiplies m·(m·m) and scales the result
// by a power of two; the scaling is exact for any cube that is a normal
// number, so the result is x·(x·x) rounded twice the same way. A cube
// that would be subnormal, zero or infinite (|x| beyond about 1e±102, not
// a window nor a time in seconds) goes to Pow. The conversion keeps the
// compiler from fusing the product into a multiply-add.
func cube(x float64) float64 {
	if a := math.Abs(x); a < 0x1p-340 || a > 0x1p340 {
		return math.Pow(x, 3)
	}
	return float64(x * float64(x*x))
}

// Reduce is CUBIC's response to a congestion event at window cwnd (§4.6,
// fast convergence §4.7): W_max and cwnd_prior are noted, the epoch ends,
// and the new ssthresh, β·cwnd but at least two segments, is returned.
func (c *Cubic) Reduce(cwnd, seg units.Bytes) units.Bytes {
	w := float64(cwnd) / float64(seg)
	c.cwndPrior = w
	if w < c.wLastMax {
		// §4.7: the flow lost at a lower window than last time; it
		// releases bandwidth by aiming lower.
		c.wLastMax = w
		c.wMax = w * (1 + CubicBeta) / 2
	} else {
		c.wLastMax = w
		c.wMax = w
	}
	c.started = false
	return max(units.Bytes(w*CubicBeta*float64(seg)), 2*seg)
}
