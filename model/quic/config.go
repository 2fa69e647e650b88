package quic

import (
	"fmt"
	"time"

	"pagesim/model/internal/field"
	"pagesim/model/units"
)

// CongestionControl names a QUIC congestion controller (YAML quic.cc).
type CongestionControl string

// The controllers.
const (
	// NewReno is RFC 9002 §7 and Appendix B: slow start, congestion
	// avoidance growing one datagram per window, halving on a loss.
	NewReno CongestionControl = "newreno"
	// Cubic is RFC 9438 over bytes (β = 0.7, C = 0.4, fast convergence),
	// with RFC 9002's recovery periods and persistent congestion.
	Cubic CongestionControl = "cubic"
)

// HyStart names a slow-start exit heuristic (YAML quic.hystart); package
// model/internal/cc has both implementations.
type HyStart string

// The heuristics.
const (
	// HyStartOff: slow start ends only with a loss (RFC 9002 §7.3.1).
	HyStartOff HyStart = "off"
	// HyStartQuiche: quiche's HybridSlowStart, which Chrome's and
	// Google's QUIC run with CUBIC (TcpCubicSenderBytes): the delay
	// detector alone, compared once per round at its 8th RTT sample.
	HyStartQuiche HyStart = "quiche"
	// HyStartLinux: Linux CUBIC's HyStart, as pagesim's TCP runs it (the
	// ACK-train and the delay detectors), to compare the transports with
	// one heuristic.
	HyStartLinux HyStart = "linux"
)

// Scheduler is how a sender shares its packets among the streams that
// have data to send (YAML quic.scheduler).
type Scheduler string

// The schedulers.
const (
	// Sequential sends the streams one after the other in stream-ID
	// order: the default priority of RFC 9218 §4 (urgency 3,
	// non-incremental), which §10 says to serve in stream-ID order.
	Sequential Scheduler = "sequential"
	// RoundRobin gives each stream with data one packet's worth in turn,
	// as incremental streams of one urgency are served (RFC 9218 §10).
	RoundRobin Scheduler = "round_robin"
)

// Config configures every QUIC endpoint of a simulation (YAML quic.*).
// Both ends of a connection use it: the transport parameters each sends
// (RFC 9000 §18.2) are these values.
type Config struct {
	// CC is the congestion controller. Default newreno (RFC 9002's own);
	// package model makes the default follow tcp.cc, so that QUIC and TCP
	// are compared with the same algorithm.
	CC CongestionControl
	// InitCwnd is the initial congestion window in datagrams of
	// MaxDatagram bytes. Default 10, RFC 9002 §7.2's ten datagrams (its
	// cap of 14 720 bytes does not bind at 1 350 bytes or less). Must be
	// at least 2, the minimum window (§7.2).
	InitCwnd int
	// MaxDatagram is the largest UDP payload an endpoint sends: a QUIC
	// packet or several coalesced, headers and AEAD tags included.
	// Default 1350B, quiche's (Chrome's) kDefaultMaxPacketSize. Must be
	// between 1200B (RFC 9000 §14: every path must carry 1 200) and
	// 65527B.
	MaxDatagram units.Bytes
	// UDPHeader is the per-datagram overhead below the UDP payload that
	// the link serializes with it: IPv4 (20 B) + UDP (8 B). Default 28B;
	// 0 is allowed for textbook cases (with network.header: 0B).
	UDPHeader units.Bytes
	// CIDLen is the length of the destination connection ID in every
	// packet header (RFC 9000 §17). Default 8B, the length quiche and
	// Chrome choose. 0 to 20 bytes.
	CIDLen units.Bytes
	// MaxAckDelay is the longest a receiver delays the acknowledgement of
	// an ack-eliciting 1-RTT packet (RFC 9000 §13.2.1, transport
	// parameter max_ack_delay). Default 25ms, the RFC's default. Zero:
	// every ack-eliciting packet is acknowledged at once.
	MaxAckDelay time.Duration
	// AckThreshold is how many ack-eliciting 1-RTT packets a receiver
	// takes before it acknowledges at once (RFC 9000 §13.2.2: "after
	// receiving at least two"). Default 2. Must be at least 1.
	AckThreshold int
	// HyStart is the slow-start exit heuristic (hystart.go). Default
	// quiche, as Chrome's QUIC runs it; it applies to either cc.
	HyStart HyStart
	// Pacing spreads each window's packets over the round trip at
	// 1.25 × cwnd / smoothed RTT (RFC 9002 §7.7), with bursts of at most
	// the initial window. Default false, like pagesim's TCP, so that the
	// two are compared alike.
	Pacing bool
	// MaxData is the connection's receive window — how many bytes of all
	// streams together the peer may send beyond what the application has
	// read (initial_max_data, then MAX_DATA frames). Default 15MiB,
	// Chrome's kQuicSessionMaxRecvWindowSize. Must be positive.
	MaxData units.Bytes
	// MaxStreamData is each stream's receive window
	// (initial_max_stream_data_*, then MAX_STREAM_DATA). Default 6MiB,
	// Chrome's kQuicStreamMaxRecvWindowSize. Must be positive.
	MaxStreamData units.Bytes
	// MaxStreams is how many streams of each kind the peer may have open
	// at once (initial_max_streams_bidi and _uni, then MAX_STREAMS as
	// streams close). Default 100, quiche's kDefaultMaxStreamsPerConnection.
	// Must be at least 4 (HTTP/3 opens three unidirectional streams).
	MaxStreams int
	// IdleTimeout closes a connection silently when no packet has arrived
	// for this long (max_idle_timeout, RFC 9000 §10.1; at least three
	// PTOs). Default 30s, Chrome's. Zero: no idle timeout.
	IdleTimeout time.Duration
	// HandshakeTimeout is how long a client waits for its handshake to
	// complete before it gives up on the connection. Default 10s,
	// quiche's kMaxTimeForCryptoHandshakeSecs. Zero: no limit.
	HandshakeTimeout time.Duration
	// Scheduler is how a sender shares packets among streams. Default
	// sequential.
	Scheduler Scheduler
}

// DefaultConfig returns the documented defaults of Config.
func DefaultConfig() Config {
	return Config{CC: NewReno, HyStart: HyStartQuiche, InitCwnd: 10, MaxDatagram: 1350, UDPHeader: 28, CIDLen: 8,
		MaxAckDelay: 25 * time.Millisecond, AckThreshold: 2, MaxData: 15 * units.MiB,
		MaxStreamData: 6 * units.MiB, MaxStreams: 100, IdleTimeout: 30 * time.Second,
		HandshakeTimeout: 10 * time.Second, Scheduler: Sequential}
}

// Limits of the settings that RFC 9000 bounds.
const (
	// MinDatagram is the smallest datagram every QUIC path carries (RFC
	// 9000 §14) and the size of a client's padded Initial.
	MinDatagram units.Bytes = 1200
	// MaxUDPPayload is the largest UDP payload (RFC 9000 §18.2,
	// max_udp_payload_size).
	MaxUDPPayload units.Bytes = 65527
	// MaxCIDLen is the longest connection ID of QUIC version 1 (§17.2).
	MaxCIDLen units.Bytes = 20
)

// Validate checks a Config; the error is a *field.Error naming the field.
func (c Config) Validate() error {
	switch c.CC {
	case NewReno, Cubic:
	default:
		return field.Errorf("quic.cc", "unknown algorithm %q (expected newreno or cubic)", c.CC)
	}
	switch c.HyStart {
	case HyStartOff, HyStartQuiche, HyStartLinux:
	default:
		return field.Errorf("quic.hystart", "unknown heuristic %q (expected quiche, linux or off)", c.HyStart)
	}
	switch c.Scheduler {
	case Sequential, RoundRobin:
	default:
		return field.Errorf("quic.scheduler", "unknown scheduler %q (expected sequential or round_robin)", c.Scheduler)
	}
	bad := func(f, format string, args ...any) error {
		return field.Errorf("quic."+f, "%s", fmt.Sprintf(format, args...))
	}
	switch {
	case c.InitCwnd < 2:
		return bad("initcwnd", "must be at least 2 datagrams (RFC 9002's minimum window), got %d", c.InitCwnd)
	case c.MaxDatagram < MinDatagram || c.MaxDatagram > MaxUDPPayload:
		return bad("max_datagram", "must be between %d B and %d B, got %d B", int64(MinDatagram), int64(MaxUDPPayload), int64(c.MaxDatagram))
	case c.UDPHeader < 0:
		return bad("udp_header", "must not be negative, got %d B", int64(c.UDPHeader))
	case c.CIDLen < 0 || c.CIDLen > MaxCIDLen:
		return bad("cid_len", "must be between 0 B and %d B, got %d B", int64(MaxCIDLen), int64(c.CIDLen))
	case c.MaxAckDelay < 0 || c.MaxAckDelay >= 1<<14*time.Millisecond:
		return bad("max_ack_delay", "must be between 0 and 16383ms (RFC 9000 §18.2), got %v", c.MaxAckDelay)
	case c.AckThreshold < 1:
		return bad("ack_threshold", "must be at least 1 packet, got %d", c.AckThreshold)
	case c.MaxData <= 0:
		return bad("max_data", "must be positive, got %d B", int64(c.MaxData))
	case c.MaxStreamData <= 0:
		return bad("max_stream_data", "must be positive, got %d B", int64(c.MaxStreamData))
	case c.MaxStreams < 4:
		return bad("max_streams", "must be at least 4 (HTTP/3 opens three unidirectional streams), got %d", c.MaxStreams)
	case c.IdleTimeout < 0:
		return bad("idle_timeout", "must not be negative, got %v", c.IdleTimeout)
	case c.HandshakeTimeout < 0:
		return bad("handshake_timeout", "must not be negative, got %v", c.HandshakeTimeout)
	}
	return nil
}
