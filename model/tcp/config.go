package tcp

import (
	"strings"
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

// CAIncrease is how cwnd grows in congestion avoidance with Reno
// arithmetic (YAML tcp.ca_increase).
type CAIncrease string

// The congestion-avoidance increase rules.
const (
	// CAIncreaseBytes: one SMSS per cwnd of acknowledged bytes (RFC 3465
	// §2.1 byte counting; Linux's tcp_cong_avoid_ai counts packets the
	// same way).
	CAIncreaseBytes CAIncrease = "bytes"
	// CAIncreasePerACK: SMSS·SMSS/cwnd per ACK, at least one byte (RFC
	// 5681 §3.1 eq. 3; ns-3.37 TcpNewReno::CongestionAvoidance).
	CAIncreasePerACK CAIncrease = "per-ack"
)

// AckCounting is how the bytes an ACK acknowledges are counted for window
// growth (YAML tcp.ack_counting).
type AckCounting string

// The ways of counting acknowledged data.
const (
	// AckBytes: every newly acknowledged byte counts.
	AckBytes AckCounting = "bytes"
	// AckSegments: whole segments only, as ns-3.37 (TcpSocketBase::
	// ProcessAck): segsAcked = bytes / SMSS, the remainder is banked
	// (m_bytesAckedNotProcessed) and counts as one segment once it reaches
	// an SMSS; an ACK that acknowledges no whole segment grows nothing.
	AckSegments AckCounting = "segments"
)

// Push is when data an application writes is handed to the sender
// (YAML tcp.push).
type Push string

// The push rules.
const (
	// PushImmediate: each Write is sent at once, as far as the windows
	// allow (pagesim before issue 11).
	PushImmediate Push = "immediate"
	// PushAutocork: Linux's autocorking (net.ipv4.tcp_autocorking = 1,
	// tcp_should_autocork): a Write when nothing is in flight is sent at
	// once; while data is in flight, Writes are held and coalesced into
	// full segments until the end of the current instant. Linux releases
	// them when the previous packet leaves the host (TSQ completion); a
	// server's own NIC is not modelled, so the end of the instant stands
	// for that moment, a model assumption.
	PushAutocork Push = "autocork"
	// PushTimestep: ns-3.37 (TcpSocketBase::Send): every Send schedules
	// SendPendingData one time step (1 ns) later, so all the writes of one
	// instant leave together, after anything the same event sends at once
	// (an ACK, a Connect's SYN).
	PushTimestep Push = "timestep"
)

// RTOFormula is how the retransmission timeout follows from the RTT
// estimate (YAML tcp.rto_formula).
type RTOFormula string

// The RTO formulas.
const (
	// RTOFormulaRFC6298: RTO = max(SRTT + max(G, 4·RTTVAR), min_rto)
	// (RFC 6298 §2.3 and §2.4; ns-3.37).
	RTOFormulaRFC6298 RTOFormula = "rfc6298"
	// RTOFormulaLinux: RTO = SRTT + max(4·RTTVAR, min_rto): Linux applies
	// the minimum to the variance term (tcp_rtt_estimator keeps rttvar_us
	// ≥ tcp_rto_min), so its RTO is at least SRTT + 200 ms. Linux's
	// per-round decay of the variance (mdev_max_us) is not modelled: RTTVAR
	// is RFC 6298's.
	RTOFormulaLinux RTOFormula = "linux"
)

// RTOReset is when a backed-off retransmission timeout returns to the
// estimate (YAML tcp.rto_reset).
type RTOReset string

// The RTO reset rules.
const (
	// RTOResetSample: only with a new RTT sample (Karn's algorithm, RFC
	// 6298 §5.7; Linux resets icsk_backoff on a valid measurement).
	RTOResetSample RTOReset = "sample"
	// RTOResetACK: on every ACK of new data (ns-3.37 TcpSocketBase::NewAck
	// recomputes m_rto from the estimator), even one that acknowledges
	// retransmitted data.
	RTOResetACK RTOReset = "ack"
)

// CwndUnit is what the congestion window counts (YAML tcp.cwnd_unit).
type CwndUnit string

// The window units.
const (
	// CwndPackets: segments, whatever their size, as Linux counts
	// (tcp_packets_in_flight < snd_cwnd): a 300-byte request takes a whole
	// slot.
	CwndPackets CwndUnit = "packets"
	// CwndBytes: bytes (RFC 5681's definition; ns-3.37).
	CwndBytes CwndUnit = "bytes"
)

// HyStart names a slow-start exit heuristic (YAML tcp.hystart).
type HyStart string

// The slow-start exit heuristics.
const (
	// HyStartOff: slow start ends only with a loss or at ssthresh.
	HyStartOff HyStart = "off"
	// HyStartLinux: Linux CUBIC's HyStart (tcp_cubic.c, hystart_detect =
	// 3): the ACK-train and the delay-increase detectors (hystart.go).
	HyStartLinux HyStart = "linux"
)

// PRR names a rate-reduction rule for fast recovery (YAML tcp.prr).
type PRR string

// The recovery rate-reduction rules.
const (
	// PRROff: RFC 6675's cwnd = ssthresh at the start of recovery, and
	// sending while cwnd − pipe ≥ 1 SMSS.
	PRROff PRR = "off"
	// PRRRFC6937: Proportional Rate Reduction, RFC 6937 §3 with the
	// slow-start reduction bound (PRR-SSRB) and RecoverFS = FlightSize.
	PRRRFC6937 PRR = "rfc6937"
	// PRRLinux: Linux's tcp_cwnd_reduction: RecoverFS is cwnd at the
	// start of recovery (prior_cwnd), and the bound adds one segment
	// only when the ACK advanced SND.UNA.
	PRRLinux PRR = "linux"
	// PRRNS3: ns-3.37's TcpPrrRecovery (SSRB): the bound is
	// max(prr_delivered − prr_out, DeliveredData) + SMSS only when the ACK
	// acknowledges retransmitted data, else DeliveredData.
	PRRNS3 PRR = "ns3"
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
// The maximum segment size is the network's (link.Config.MSS). Start from
// DefaultConfig or Profile: the zero value of an enumerated field is
// invalid (Validate names it) except Recovery's, which chooses from SACK
// and CC; a zero boolean is off; zero durations and sizes mean what each
// field says.
type Config struct {
	// InitCwnd is the initial congestion window in segments. Default 10
	// (RFC 6928); 1–4 for the HTTP/1.0 era (RFC 3390). Must be ≥ 1.
	InitCwnd int
	// RWnd is the receive window each receiver advertises (its buffer).
	// Default 4MiB, roughly what Linux autotunes to on a fast path
	// (tcp_rmem max 6 MiB); a model assumption. Must be ≥ MSS.
	RWnd units.Bytes
	// CC is the congestion-control algorithm. Default cubic (Linux's
	// tcp_congestion_control).
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
	// CAIncrease is the congestion-avoidance growth rule of Reno and
	// NewReno. Default bytes.
	CAIncrease CAIncrease
	// AckCounting is how acknowledged data counts for window growth.
	// Default bytes.
	AckCounting AckCounting
	// CwndValidation stops cwnd from growing while the application, not
	// the window, limits the sender (RFC 7661 §4.3, Linux
	// tcp_is_cwnd_limited). Default true; false as ns-3.37, whose NewReno
	// grows on every ACK.
	CwndValidation bool
	// LimitedTransmit sends a new segment for each of the first two
	// duplicate ACKs (RFC 3042; RFC 5681 §3.2 SHOULD), if the peer's window
	// allows and no more than cwnd + 2·SMSS is then outstanding. Default
	// true.
	LimitedTransmit bool
	// AckFirstData acknowledges the first in-order data segment after the
	// handshake at once, unless this side has sent a segment since (ns-3.37
	// sets m_delAckCount = m_delAckMaxCount on entering ESTABLISHED; any
	// segment it sends resets the counter). Default false.
	AckFirstData bool
	// CwndUnit is what cwnd counts. Default packets (Linux).
	CwndUnit CwndUnit
	// Push is when written data is handed to the sender. Default
	// autocork.
	Push Push
	// HyStart is the slow-start exit heuristic. Default linux (as CUBIC
	// in Linux); it applies to every cc, a model choice.
	HyStart HyStart
	// PRR is the rate-reduction rule of SACK recovery. Default linux.
	PRR PRR
	// PartialAckRetransmit makes a partial ACK in SACK recovery retransmit
	// the next lost segment at once, outside the window, unless the segment
	// at the new snd.una was retransmitted already — RFC 6582's NewReno rule
	// carried into SACK recovery, as ns-3.37's ProcessAck does
	// (DoRetransmit). Default false.
	PartialAckRetransmit bool
	// NextSegRules is how many of RFC 6675 §4's NextSeg rules SACK
	// recovery applies: 2 (lost holes, then new data; Linux, whose RACK and
	// TLP stand for the rest), 3 (also un-SACKed data below the highest
	// SACK not deemed lost; ns-3.37's TcpTxBuffer::NextSeg) or 4 (also the
	// rescue retransmission of the last un-SACKed segment once per
	// recovery). Default 2. Must be 2, 3 or 4.
	NextSegRules int
	// RACK detects losses by time (RFC 8985 §6, rack.go; Linux
	// net.ipv4.tcp_recovery = 1) instead of RFC 6675's IsLost. It needs
	// SACK. Default true.
	RACK bool
	// TLP enables the tail loss probe (RFC 8985 §7, tlp.go; Linux
	// net.ipv4.tcp_early_retrans = 3). It needs SACK. Default true.
	TLP bool
	// SsthreshFromPipe computes ssthresh at the start of fast recovery
	// from the pipe (RFC 6675's estimate of the data in flight, lost and
	// SACKed data excluded) instead of FlightSize (RFC 5681 eq. 4, RFC 6675
	// §5 (4.2)), as ns-3.37's EnterRecovery does with BytesInFlight.
	// Default false.
	SsthreshFromPipe bool
	// LossExitAboveRecover makes the ACK that ends the recovery from a
	// timeout (the first to reach the recovery point, RFC 6582 §3.2 step 1)
	// grow cwnd only for the whole segments it acknowledges above that
	// point (ns-3.37 ProcessAck, CA_LOSS → CA_OPEN). Default false: the
	// ACK counts in full.
	LossExitAboveRecover bool
	// RTOFormula is how the RTO follows from the estimate. Default linux.
	RTOFormula RTOFormula
	// RTOReset is when a backed-off RTO returns to the estimate. Default
	// sample.
	RTOReset RTOReset
	// InitialRTO is the retransmission timeout before any RTT sample: the
	// SYN's, doubled at each retry (RFC 6298 §2.1: 1 s; ns-3.37's
	// ConnTimeout: 3 s). Default 1s. Must be positive.
	InitialRTO time.Duration
	// SynOptions is the bytes of TCP options a SYN and a SYN-ACK carry
	// beyond network.header: Linux sends MSS (4), SACK-permitted (2),
	// timestamps (10), window scale (3) and one NOP: 20 B; ns-3.37 window
	// scale and SACK-permitted, padded: 8 B. Default 20B. Options on later
	// segments (Linux's 12 B of timestamps) are not counted: network.header
	// stands for them.
	SynOptions units.Bytes
}

// DefaultConfig returns the documented defaults of Config: the linux
// profile.
func DefaultConfig() Config { c, _ := Profile(ProfileLinux); return c }

// The profiles (YAML tcp.profile): complete configurations to start from;
// keys written next to a profile override it.
const (
	// ProfileLinux is a current Linux server (6.x defaults, doc.go lists
	// them with the kernel's values).
	ProfileLinux = "linux"
	// ProfileNS3 reproduces ns-3.37's TcpSocketBase with TcpNewReno, SACK
	// and PRR, as the reference harness of cmd/ns3check configures it.
	ProfileNS3 = "ns3"
	// ProfileRFC is the plain sender of RFC 5681 with RFC 6298's timer and
	// no SACK: Reno recovery, IW 3 (RFC 5681 §3.1 eq. 1 for a 1460-byte
	// SMSS), one SMSS per ACK in slow start and SMSS²/cwnd in congestion
	// avoidance, delayed ACKs of 200 ms, a 1 s minimum RTO.
	ProfileRFC = "rfc"
)

// Profiles lists the profile names.
func Profiles() []string { return []string{ProfileLinux, ProfileNS3, ProfileRFC} }

// Profile returns the configuration a profile names.
func Profile(name string) (Config, bool) {
	// The linux profile: Linux 6.x's defaults (doc.go lists them with the
	// kernel's names). The other profiles start from it.
	c := Config{InitCwnd: 10, RWnd: 4 * units.MiB, CC: Cubic, SlowStartIncrease: SSIncreaseLinux,
		DelayedACK: 40 * time.Millisecond, QuickAck: true, MinRTO: 200 * time.Millisecond,
		SACK: true, FRTO: true, SlowStartAfterIdle: true, CAIncrease: CAIncreaseBytes, AckCounting: AckBytes,
		CwndValidation: true, LimitedTransmit: true, Push: PushAutocork, HyStart: HyStartLinux, PRR: PRRLinux,
		RACK: true, TLP: true, InitialRTO: time.Second, SynOptions: 20, RTOReset: RTOResetSample,
		RTOFormula: RTOFormulaLinux, NextSegRules: 2, CwndUnit: CwndPackets}
	switch name {
	case ProfileLinux:
		return c, true
	case ProfileNS3:
		// ns-3.37 defaults (tcp-socket.cc, tcp-socket-base.cc) with the
		// harness's settings: InitialCwnd 10, DelAckCount 2, DelAckTimeout
		// 200 ms, MinRto 1 s, ConnTimeout 3 s, SACK on, window scaling on,
		// timestamps off, Nagle off (TcpNoDelay true), PRR recovery,
		// LimitedTransmit true (implicit with SACK: pipe excludes SACKed
		// data), no F-RTO, no slow-start restart, no window validation.
		c.CC = NewReno
		c.SlowStartIncrease = SSIncreaseRFC5681
		c.CAIncrease = CAIncreasePerACK
		c.AckCounting = AckSegments
		c.LimitedTransmit = true
		c.DelayedACK = 200 * time.Millisecond
		c.QuickAck = false
		c.AckFirstData = true
		c.MinRTO = time.Second
		c.InitialRTO = 3 * time.Second
		c.FRTO = false
		c.SlowStartAfterIdle = false
		c.CwndValidation = false
		c.Push = PushTimestep
		c.HyStart = HyStartOff
		c.PRR = PRRNS3
		c.RACK, c.TLP = false, false
		c.RTOFormula = RTOFormulaRFC6298
		c.NextSegRules = 3
		c.CwndUnit = CwndBytes
		c.PartialAckRetransmit = true
		c.SynOptions = 8
		c.RTOReset = RTOResetACK
		c.LossExitAboveRecover = true
		c.SsthreshFromPipe = true
		return c, true
	case ProfileRFC:
		c.CC = Reno
		c.SACK = false
		c.LimitedTransmit = true
		c.InitCwnd = 3
		c.SlowStartIncrease = SSIncreaseRFC5681
		c.CAIncrease = CAIncreasePerACK
		c.DelayedACK = 200 * time.Millisecond
		c.QuickAck = false
		c.MinRTO = time.Second
		c.FRTO = false
		c.CwndValidation = false
		c.Push = PushImmediate
		c.HyStart = HyStartOff
		c.PRR = PRROff
		c.RACK, c.TLP = false, false
		c.RTOFormula = RTOFormulaRFC6298
		c.NextSegRules = 4
		c.CwndUnit = CwndBytes
		c.SynOptions = 0
		return c, true
	}
	return Config{}, false
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
	case t.InitialRTO <= 0:
		return field.Errorf("tcp.initial_rto", "must be positive, got %v", t.InitialRTO)
	case t.NextSegRules < 2 || t.NextSegRules > 4:
		return field.Errorf("tcp.nextseg_rules", "must be 2, 3 or 4, got %d", t.NextSegRules)
	case t.SynOptions < 0 || t.SynOptions > 40:
		return field.Errorf("tcp.syn_options", "must be 0 to 40 B (TCP's option space), got %d B", int64(t.SynOptions))
	}
	if err := oneOf("tcp.ca_increase", t.CAIncrease, CAIncreaseBytes, CAIncreasePerACK); err != nil {
		return err
	}
	if err := oneOf("tcp.ack_counting", t.AckCounting, AckBytes, AckSegments); err != nil {
		return err
	}
	if err := oneOf("tcp.cwnd_unit", t.CwndUnit, CwndPackets, CwndBytes); err != nil {
		return err
	}
	if err := oneOf("tcp.push", t.Push, PushImmediate, PushAutocork, PushTimestep); err != nil {
		return err
	}
	if err := oneOf("tcp.rto_formula", t.RTOFormula, RTOFormulaRFC6298, RTOFormulaLinux); err != nil {
		return err
	}
	if err := oneOf("tcp.rto_reset", t.RTOReset, RTOResetSample, RTOResetACK); err != nil {
		return err
	}
	if err := oneOf("tcp.hystart", t.HyStart, HyStartOff, HyStartLinux); err != nil {
		return err
	}
	if err := oneOf("tcp.prr", t.PRR, PRROff, PRRRFC6937, PRRLinux, PRRNS3); err != nil {
		return err
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

// oneOf checks that v is one of the allowed values of an enumerated field.
func oneOf[T ~string](path string, v T, allowed ...T) error {
	for _, a := range allowed {
		if v == a {
			return nil
		}
	}
	names := make([]string, len(allowed))
	for i, a := range allowed {
		names[i] = string(a)
	}
	return field.Errorf(path, "unknown value %q (expected %s)", string(v), strings.Join(names, ", "))
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
