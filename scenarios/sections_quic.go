package scenarios

import (
	"math"
	"time"

	"go.yaml.in/yaml/v3"

	"pagesim/model"
	"pagesim/model/quic"
)

// quic decodes the quic: section (model.QUIC; ranges are checked by
// model.Config.Validate, with the key's position).
func (d *decoder) quic(n *yaml.Node, q *model.QUIC) {
	if n == nil {
		return
	}
	f := d.mapping(n, "quic", rootSchema.keys["quic"], "a mapping of QUIC keys (cc, initcwnd, max_datagram, …)")
	if f == nil {
		return
	}
	optEnum(d, f, "cc", &q.CC, quic.NewReno, quic.Cubic)
	d.optInt(f, "initcwnd", &q.InitCwnd, 2, 1_000_000, "2 to 1000000 datagrams")
	d.optSize(f, "max_datagram", &q.MaxDatagram, quic.MinDatagram, "a datagram of at least 1200B (RFC 9000 §14)")
	d.optSize(f, "udp_header", &q.UDPHeader, 0, "0B or more")
	d.optSize(f, "cid_len", &q.CIDLen, 0, "0B to 20B")
	d.optDuration(f, "max_ack_delay", &q.MaxAckDelay, true)
	d.optInt(f, "ack_threshold", &q.AckThreshold, 1, 1_000_000, "1 or more packets")
	d.optBool(f, "pacing", &q.Pacing)
	d.optSize(f, "max_data", &q.MaxData, 1, "a positive window, e.g. 15MiB")
	d.optSize(f, "max_stream_data", &q.MaxStreamData, 1, "a positive window, e.g. 6MiB")
	d.optInt(f, "max_streams", &q.MaxStreams, 4, math.MaxInt32, "4 or more streams")
	d.optDuration(f, "idle_timeout", &q.IdleTimeout, true)
	d.optDuration(f, "handshake_timeout", &q.HandshakeTimeout, true)
	optEnum(d, f, "scheduler", &q.Scheduler, quic.Sequential, quic.RoundRobin)
	optEnum(d, f, "hystart", &q.HyStart, quic.HyStartQuiche, quic.HyStartLinux, quic.HyStartOff)
	// The upper bounds of RFC 9000 (the lower ones are checked above).
	atMost := func(k string, v, limit int64, what string) {
		if n := f.get(k); n != nil && v > limit {
			d.errorf(n, join("quic", k), "%s is too large (expected %s)", n.Value, what)
		}
	}
	atMost("max_datagram", int64(q.MaxDatagram), int64(quic.MaxUDPPayload), "at most 65527B, the largest UDP payload")
	atMost("cid_len", int64(q.CIDLen), int64(quic.MaxCIDLen), "0B to 20B, QUIC version 1's connection IDs")
	atMost("max_ack_delay", int64(q.MaxAckDelay), int64(16383*time.Millisecond), "at most 16383ms (RFC 9000 §18.2)")
}

// h3 decodes the h3: section (model.H3).
func (d *decoder) h3(n *yaml.Node, h *model.H3) {
	if n == nil {
		return
	}
	f := d.mapping(n, "h3", rootSchema.keys["h3"], "a mapping of HTTP/3 keys (qpack_table, qpack_blocked_streams)")
	if f == nil {
		return
	}
	if tn := f.get("qpack_table"); tn != nil {
		if s, ok := d.scalar(tn, "h3.qpack_table", "a size, or off"); ok && isOff(s) {
			h.QPACKTable = 0
		} else if ok {
			var b model.Bytes
			d.optSize(f, "qpack_table", &b, 0, "0B (off) or more")
			h.QPACKTable = int64(b)
		}
	}
	d.optInt(f, "qpack_blocked_streams", &h.QPACKBlockedStreams, 0, 1<<20, "0 to 1048576 streams")
}
