package link

import (
	"time"

	"pagesim/model/internal/field"
	"pagesim/model/units"
)

// Config describes the client's access link, the shared bottleneck every
// connection of the client competes for (DESIGN §3). YAML: network.*.
type Config struct {
	// RTT is the round-trip propagation delay between the client and the
	// servers, not counting serialization or queueing; each direction gets
	// RTT/2. Per-host additions are given to AddHost. Default 50ms. Zero
	// is allowed (a LAN in a textbook).
	RTT time.Duration
	// Down and Up are the access link's rates, server→client and
	// client→server. Default 10Mbps / 10Mbps. Must be positive.
	Down, Up units.BitRate
	// Queue is the drop-tail buffer at the head of each direction of the
	// link, in packets (the one being serialized not included). Default
	// 100. Must be at least 1.
	Queue int
	// Loss is the i.i.d. probability that a packet is dropped on the link,
	// per direction, 0..1 (YAML takes a percentage, "1%"). Default 0.
	Loss float64
	// MSS is the largest payload of one packet: TCP's maximum segment
	// size. Default 1460B. Must be positive.
	MSS units.Bytes
	// Header is the per-packet overhead of a TCP segment (IPv4 + TCP
	// headers, options not counted) that is serialized with every
	// segment, payload or not: package tcp puts it on each Packet it
	// sends. Default 40B; 0 is allowed for textbook cases. (QUIC's
	// datagrams carry IPv4 + UDP instead: quic.udp_header.)
	Header units.Bytes
	// Ties is which comes first when a packet reaches a queue at the very
	// instant the packet ahead of it finishes serializing. Default (empty):
	// departure-first; ns3 reproduces ns-3.37's event order (ties.go).
	Ties Ties
}

// Ties names a rule for an arrival that coincides with a departure (YAML
// network.ties).
type Ties string

// The tie rules.
const (
	// TiesDepartureFirst: the departing packet has left, its place in the
	// queue is free for the arrival.
	TiesDepartureFirst Ties = "departure-first"
	// TiesNS3: as ns-3.37 orders the two events (ties.go).
	TiesNS3 Ties = "ns3"
)

// DefaultConfig returns the documented defaults of Config.
func DefaultConfig() Config {
	return Config{RTT: 50 * time.Millisecond, Down: 10 * units.Mbps, Up: 10 * units.Mbps, Queue: 100, MSS: 1460, Header: 40}
}

// Validate checks a Config; the error is a *field.Error naming the field.
func (nw Config) Validate() error {
	switch {
	case nw.RTT < 0:
		return field.Errorf("network.rtt", "%v is negative", nw.RTT)
	case nw.Down <= 0:
		return field.Errorf("network.down", "rate must be positive, got %d bps", int64(nw.Down))
	case nw.Up <= 0:
		return field.Errorf("network.up", "rate must be positive, got %d bps", int64(nw.Up))
	case nw.Queue < 1:
		return field.Errorf("network.queue", "must be at least 1 packet, got %d", nw.Queue)
	case nw.Loss < 0 || nw.Loss > 1 || nw.Loss != nw.Loss:
		return field.Errorf("network.loss", "must be between 0%% and 100%%, got %g%%", nw.Loss*100)
	case nw.MSS <= 0:
		return field.Errorf("network.mss", "must be positive, got %d B", int64(nw.MSS))
	case nw.Header < 0:
		return field.Errorf("network.header", "must not be negative, got %d B", int64(nw.Header))
	case nw.Ties != TiesDepartureFirst && nw.Ties != TiesNS3 && nw.Ties != "":
		return field.Errorf("network.ties", "unknown rule %q (expected departure-first or ns3)", nw.Ties)
	}
	return nil
}
