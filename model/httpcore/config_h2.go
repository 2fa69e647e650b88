package httpcore

import (
	"fmt"

	"pagesim/model/internal/field"
	"pagesim/model/units"
)

// HTTP2 is HTTP/2 (RFC 9113): every request of an origin multiplexed on
// one TCP connection (package h2). A strategy with HTTP2 speaks it to the
// hosts that can (TLS with ALPN, or cleartext with prior knowledge) and
// HTTP/1.1, with the strategy's connection counts, to the others.
const HTTP2 HTTPVersion = "2"

// The limits of RFC 9113 on the settings below.
const (
	// H2MaxWindow is the largest flow-control window (2^31−1, RFC 9113
	// §6.9.1).
	H2MaxWindow units.Bytes = 1<<31 - 1
	// H2DefaultWindow is the initial window of every stream and of the
	// connection (RFC 9113 §6.9.2, §6.5.2).
	H2DefaultWindow units.Bytes = 65535
	// H2DefaultFrame is SETTINGS_MAX_FRAME_SIZE's initial value, which
	// browsers keep (RFC 9113 §4.2, §6.5.2); the largest DATA frame
	// payload a server writes to them.
	H2DefaultFrame units.Bytes = 16384
	// H2DefaultHeaderTable is SETTINGS_HEADER_TABLE_SIZE's initial value
	// (RFC 7541 §4.2, RFC 9113 §6.5.2).
	H2DefaultHeaderTable units.Bytes = 4096
)

// H2Client is a client's HTTP/2 settings (YAML strategies[].h2.*). The
// zero value is the RFC's initial settings; the h2 preset has Chrome's
// (ChromeH2).
type H2Client struct {
	// StreamWindow is the receive window of each stream the client
	// advertises (SETTINGS_INITIAL_WINDOW_SIZE, RFC 9113 §6.5.2). Zero:
	// the RFC's 65 535 B. Chrome: 6 MiB. At most H2MaxWindow.
	StreamWindow units.Bytes
	// ConnWindow is the connection's receive window: the RFC's 65 535 B,
	// raised by a WINDOW_UPDATE on stream 0 sent with the preface (RFC
	// 9113 §6.9.2). Zero: 65 535 B (no such update). Chrome: 15 MiB. At
	// most H2MaxWindow.
	ConnWindow units.Bytes
	// HeaderTable is the SETTINGS_HEADER_TABLE_SIZE the client advertises:
	// the dynamic table the server's HPACK encoder may use for responses
	// (RFC 7541 §4.2). Zero: 4 096 B, the initial value (a client cannot
	// advertise no table in this model). Chrome: 65 536 B.
	HeaderTable units.Bytes
	// PriorKnowledge makes the client speak HTTP/2 to cleartext (http://)
	// hosts without negotiation (h2c, RFC 9113 §3.3). Default false:
	// browsers use HTTP/2 only over TLS, so http:// hosts get HTTP/1.1.
	PriorKnowledge bool
}

// ChromeH2 returns Chrome's HTTP/2 settings: 6 MiB stream windows, a
// 15 MiB connection window, a 64 KiB header table (Chrome's
// kSpdyStreamMaxRecvWindowSize, kSpdySessionMaxRecvWindowSize and
// SETTINGS_HEADER_TABLE_SIZE).
func ChromeH2() H2Client {
	return H2Client{StreamWindow: 6 * units.MiB, ConnWindow: 15 * units.MiB, HeaderTable: 64 * units.KiB}
}

// StreamWindowOrDefault, ConnWindowOrDefault and HeaderTableOrDefault
// resolve the zero values.
func (h H2Client) StreamWindowOrDefault() units.Bytes {
	return orDefault(h.StreamWindow, H2DefaultWindow)
}
func (h H2Client) ConnWindowOrDefault() units.Bytes { return orDefault(h.ConnWindow, H2DefaultWindow) }
func (h H2Client) HeaderTableOrDefault() units.Bytes {
	return orDefault(h.HeaderTable, H2DefaultHeaderTable)
}

func orDefault(v, def units.Bytes) units.Bytes {
	if v == 0 {
		return def
	}
	return v
}

// Scheduler is how an HTTP/2 server chooses the next frame among the
// streams that have something to send (YAML server.h2.scheduler).
type Scheduler string

// The schedulers (package h2, sched.go).
const (
	// SchedFIFO: first come, first served — each response whole, in the
	// order the responses became ready (a server that ignores
	// priorities).
	SchedFIFO Scheduler = "fifo"
	// SchedRoundRobin: one frame of each ready stream in turn.
	SchedRoundRobin Scheduler = "round-robin"
	// SchedTree: the RFC 7540 §5.3 dependency tree the client builds
	// (Chrome's exclusive chain): a stream is served only when its parent
	// cannot be; siblings share by weight.
	SchedTree Scheduler = "tree"
	// SchedUrgency: RFC 9218 — the most urgent level first; within it,
	// non-incremental streams one at a time in stream order, incremental
	// ones in turn.
	SchedUrgency Scheduler = "rfc9218"
)

// H2Server is every origin's HTTP/2 settings (YAML server.h2.*).
type H2Server struct {
	// MaxStreams is the SETTINGS_MAX_CONCURRENT_STREAMS the server
	// advertises (RFC 9113 §5.1.2): streams beyond it are refused with
	// RST_STREAM(REFUSED_STREAM). Default 100 (Apache's; nginx says 128).
	// Zero: unlimited, the RFC's initial value.
	MaxStreams int
	// HeaderTable is the SETTINGS_HEADER_TABLE_SIZE the server advertises:
	// the dynamic table the client's HPACK encoder may use for requests.
	// Default 4 096 B (RFC 7541 §4.2). Zero: no dynamic table, every
	// header field sent literally.
	HeaderTable units.Bytes
	// FrameSize is the largest DATA frame payload the server writes.
	// Default 16 384 B, SETTINGS_MAX_FRAME_SIZE as browsers leave it (RFC
	// 9113 §4.2). Zero: 16 384 B. At most 16 384 B.
	FrameSize units.Bytes
	// Scheduler chooses the next frame among ready streams. Default tree
	// (nginx's and Apache's RFC 7540 scheduler).
	Scheduler Scheduler
	// SendBuffer bounds the bytes the server has written to TCP that were
	// not yet sent (tcp.Endpoint.Unsent): the scheduler picks a frame only
	// when the backlog is below it, so what the wire has not taken can
	// still be reordered. Default 4 MiB (Linux's tcp_wmem maximum, the
	// depth its autotuning reaches on a busy connection; a model
	// assumption). 16 KiB is what servers that set TCP_NOTSENT_LOWAT use
	// to keep priorities working. Zero: no bound.
	SendBuffer units.Bytes
	// MaxRequests is the number of streams the server serves on one
	// connection before it sends GOAWAY and closes it once they are done.
	// Default 1 000 (nginx's keepalive_requests). Zero: unlimited.
	MaxRequests int
}

// DefaultH2Server returns the documented defaults of H2Server.
func DefaultH2Server() H2Server {
	return H2Server{MaxStreams: 100, HeaderTable: H2DefaultHeaderTable, FrameSize: H2DefaultFrame,
		Scheduler: SchedTree, SendBuffer: 4 * units.MiB, MaxRequests: 1000}
}

// FrameSizeOrDefault resolves the zero value.
func (h H2Server) FrameSizeOrDefault() units.Bytes { return orDefault(h.FrameSize, H2DefaultFrame) }

// Validate checks the client's HTTP/2 settings of strategy name; fields
// are named "strategy.h2.FIELD".
func (h H2Client) Validate(name string) error {
	bad := func(f, format string, args ...any) error {
		return &field.Error{Field: "strategy.h2." + f, Strategy: name, Msg: fmt.Sprintf(format, args...)}
	}
	for _, w := range []struct {
		f string
		v units.Bytes
	}{{"stream_window", h.StreamWindow}, {"conn_window", h.ConnWindow}, {"header_table", h.HeaderTable}} {
		if w.v < 0 || w.v > H2MaxWindow {
			return bad(w.f, "must be between 0 (the RFC default) and %d B, got %d B", int64(H2MaxWindow), int64(w.v))
		}
	}
	return nil
}

// Validate checks the servers' HTTP/2 settings (server.h2.*).
func (h H2Server) Validate() error {
	if err := firstNegative("server.h2.", namedValue{"max_streams", int64(h.MaxStreams)}, namedValue{"header_table", int64(h.HeaderTable)},
		namedValue{"frame_size", int64(h.FrameSize)}, namedValue{"send_buffer", int64(h.SendBuffer)}, namedValue{"max_requests", int64(h.MaxRequests)}); err != nil {
		return err
	}
	if h.FrameSize > H2DefaultFrame {
		return field.Errorf("server.h2.frame_size", "must be at most %d B (the client's SETTINGS_MAX_FRAME_SIZE), got %d B", int64(H2DefaultFrame), int64(h.FrameSize))
	}
	if h.HeaderTable > H2MaxWindow {
		return field.Errorf("server.h2.header_table", "must be at most %d B, got %d B", int64(H2MaxWindow), int64(h.HeaderTable))
	}
	switch h.Scheduler {
	case SchedFIFO, SchedRoundRobin, SchedTree, SchedUrgency:
	default:
		return field.Errorf("server.h2.scheduler", "unknown scheduler %q (expected fifo, round-robin, tree or rfc9218)", h.Scheduler)
	}
	return nil
}
