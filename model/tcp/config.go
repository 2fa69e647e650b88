package tcp

import (
	"time"

	"pagesim/model/internal/field"
	"pagesim/model/units"
)

// CongestionControl names a congestion-control algorithm.
type CongestionControl string

// The algorithms (YAML tcp.cc).
const (
	Reno    CongestionControl = "reno"
	NewReno CongestionControl = "newreno"
	Cubic   CongestionControl = "cubic"
)

// SlowStartIncrease is how much cwnd grows per ACK in slow start
// (YAML tcp.slow_start_increase).
type SlowStartIncrease string

// The slow-start increase rules.
const (
	// SSIncreaseRFC5681: at most 1 SMSS per ACK (RFC 5681 §3.1).
	SSIncreaseRFC5681 SlowStartIncrease = "rfc5681"
	// SSIncreaseABC2: Appropriate Byte Counting with L = 2 (RFC 3465).
	SSIncreaseABC2 SlowStartIncrease = "abc2"
	// SSIncreaseLinux: all newly acknowledged bytes (Linux tcp_slow_start).
	SSIncreaseLinux SlowStartIncrease = "linux"
)

// Recovery names a loss-recovery algorithm: what a sender does between the
// detection of a loss by duplicate ACKs and the ACK that ends it
// (recovery.go).
type Recovery string

// The recovery algorithms (YAML tcp.recovery).
const (
	// RecoveryAuto chooses from the other settings, as pagesim always
	// has: SACK recovery when SACK is on, else Reno with cc: reno and
	// NewReno otherwise.
	RecoveryAuto Recovery = ""
	// RecoveryReno is RFC 5681 §3.2: one hole per fast recovery; any new
	// ACK ends it.
	RecoveryReno Recovery = "reno"
	// RecoveryNewReno is RFC 6582: partial ACKs retransmit the next hole,
	// recovery ends at the recover point — one hole per round trip.
	RecoveryNewReno Recovery = "newreno"
	// RecoverySACK is RFC 6675: a scoreboard of what the peer holds,
	// IsLost, pipe and NextSeg. It needs SACK.
	RecoverySACK Recovery = "sack"
)

// Config configures every TCP endpoint of a simulation (YAML tcp.*).
//
// The maximum segment size is the network's (link.Config.MSS).
type Config struct {
	// InitCwnd is the initial congestion window in segments. Default 10
	// (RFC 6928); 1–4 for the HTTP/1.0 era (RFC 3390). Must be ≥ 1.
	InitCwnd int
	// RWnd is the receive window each receiver advertises (its buffer).
	// Default 4MiB, roughly what Linux autotunes to on a fast path
	// (tcp_rmem max 6 MiB); a model assumption. Must be ≥ MSS.
	RWnd units.Bytes
	// CC is the congestion-control algorithm. Default newreno.
	CC CongestionControl
	// Recovery is the loss-recovery algorithm. Default (empty): chosen
	// from SACK and CC, see RecoveryAuto.
	Recovery Recovery
	// SlowStartIncrease is the per-ACK growth rule in slow start. Default
	// linux.
	SlowStartIncrease SlowStartIncrease
	// DelayedACK is the delayed-ACK timer (RFC 1122 §4.2.3.2, RFC 5681
	// §4.2): an ACK is sent for every second full-sized segment or when
	// this timer fires. Default 40ms (Linux's minimum). Zero means off:
	// every segment is acknowledged at once.
	DelayedACK time.Duration
	// QuickAck enables Linux's quick-ACK mode at connection start: the
	// first segments of a connection are acknowledged immediately.
	// Default true.
	QuickAck bool
	// MinRTO is the lower bound of the retransmission timeout. Default
	// 200ms (Linux; RFC 6298 says 1s). Must be positive.
	MinRTO time.Duration
	// Nagle enables Nagle's algorithm (RFC 896, RFC 1122 §4.2.3.4).
	// Default false: browsers set TCP_NODELAY.
	Nagle bool
	// SACK enables selective acknowledgments (RFC 2018) and SACK-based
	// loss recovery (RFC 6675) on every connection, as Linux and every
	// browser negotiate them. Default true. Off: loss recovery is NewReno
	// (RFC 6582) — or Reno with cc: reno — which repairs one hole per
	// round trip.
	SACK bool
	// FRTO enables F-RTO (RFC 5682): a retransmission timeout whose next
	// two ACKs acknowledge data never retransmitted is declared spurious
	// and the window reduction undone, instead of resending the whole
	// flight. Default true (Linux net.ipv4.tcp_frto).
	FRTO bool
	// SlowStartAfterIdle restarts slow start after an idle period longer
	// than the RTO (RFC 5681 §4.1; Linux net.ipv4.tcp_slow_start_after_idle).
	// Default true.
	SlowStartAfterIdle bool
}

// DefaultConfig returns the documented defaults of Config.
func DefaultConfig() Config {
	return Config{InitCwnd: 10, RWnd: 4 * units.MiB, CC: NewReno, SlowStartIncrease: SSIncreaseLinux,
		DelayedACK: 40 * time.Millisecond, QuickAck: true, MinRTO: 200 * time.Millisecond,
		SACK: true, FRTO: true, SlowStartAfterIdle: true}
}

// Validate checks a configuration for segments of mss bytes; the error is
// a *field.Error naming the field.
func (t Config) Validate(mss units.Bytes) error {
	switch {
	case t.InitCwnd < 1:
		return field.Errorf("tcp.initcwnd", "must be at least 1 segment, got %d", t.InitCwnd)
	case t.RWnd < mss:
		return field.Errorf("tcp.rwnd", "must be at least one MSS (%d B), got %d B", int64(mss), int64(t.RWnd))
	case t.MinRTO <= 0:
		return field.Errorf("tcp.min_rto", "must be positive, got %v", t.MinRTO)
	case t.DelayedACK < 0:
		return field.Errorf("tcp.delayed_ack", "must not be negative, got %v", t.DelayedACK)
	}
	switch t.CC {
	case Reno, NewReno, Cubic:
	default:
		return field.Errorf("tcp.cc", "unknown algorithm %q (expected reno, newreno or cubic)", t.CC)
	}
	switch t.SlowStartIncrease {
	case SSIncreaseRFC5681, SSIncreaseABC2, SSIncreaseLinux:
	default:
		return field.Errorf("tcp.slow_start_increase", "unknown rule %q (expected rfc5681, abc2 or linux)", t.SlowStartIncrease)
	}
	switch t.Recovery {
	case RecoveryAuto, RecoveryReno, RecoveryNewReno:
	case RecoverySACK:
		if !t.SACK {
			return field.Errorf("tcp.recovery", "sack recovery needs tcp.sack: true")
		}
	default:
		return field.Errorf("tcp.recovery", "unknown algorithm %q (expected reno, newreno or sack)", t.Recovery)
	}
	return nil
}

// recoveryAlgorithm resolves RecoveryAuto: the one place the choice is
// made.
func (t Config) recoveryAlgorithm() Recovery {
	switch {
	case t.Recovery != RecoveryAuto:
		return t.Recovery
	case t.SACK:
		return RecoverySACK
	case t.CC == Reno:
		return RecoveryReno
	}
	return RecoveryNewReno
}
