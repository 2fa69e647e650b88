package model

import (
	"time"

	"pagesim/model/httpcore"
)

// Result is what one simulation yields (DESIGN §6). It is built from the
// trace of the run; reports and plots read only this and never the model's
// internals.
type Result struct {
	// Complete reports whether the page loaded: every object arrived and
	// the run ended on its own. Only a complete load has a load time;
	// reports leave LoadTime out of an incomplete one and never rank it.
	Complete bool
	// Incomplete says why the load did not complete ("" when it did), and
	// IncompleteDetail says it in a sentence for reports.
	Incomplete       Incomplete
	IncompleteDetail string
	// LoadTime is navigation start → last byte of the last object. In an
	// incomplete load it is the last byte of the objects that did arrive —
	// how far the load got, not a load time.
	LoadTime time.Duration
	// Objects holds one timeline per page object, in page order.
	Objects []ObjectResult
	// Conns holds one record per connection the client opened (TCP, or
	// QUIC for HTTP/3).
	Conns []ConnResult
	// Counters for the whole page.
	Connections    int   // connections the client opened (attempts), TCP and QUIC
	PacketsDown    int64 // packets put on the link server→client
	PacketsUp      int64 // packets put on the link client→server
	BytesDown      int64 // bytes put on the link server→client, headers included
	BytesUp        int64 // bytes put on the link client→server, headers included
	Retransmits    int64 // TCP segments sent again (fast retransmit or RTO), plus QUIC packets declared lost (their frames go again in new packets)
	Timeouts       int   // TCP RTO expiries, QUIC probe timeouts, and HTTP response timeouts
	Retries        int   // requests sent again after a loss of their connection (by the browser, or by a smart proxy upstream)
	Failed         int   // objects that never completed
	Truncated      int   // objects accepted short (close-delimited body cut)
	DestroyedBytes int64 // response bytes that arrived but were destroyed by a RST before the application read them
	// Events is the number of engine events the run processed.
	Events uint64
	// Cwnd holds the congestion-window changes, when Config.TraceCwnd is
	// set: every one, or, past MaxCwndPoints on a connection, a thinned
	// trace that keeps its extremes.
	Cwnd []CwndPoint
	// Stalls are intervals during which a request waited on a connection
	// that was never going to answer (a dumb-proxy hang, a lost request),
	// ended by a timeout or a close.
	Stalls []Stall
}

// Incomplete is why a load did not complete.
type Incomplete string

// The reasons a load is incomplete.
const (
	// IncompleteFailed: at least one object failed (its request was lost
	// and not retried, its host could not be reached, or nothing ended a
	// wait for it); the others may have arrived.
	IncompleteFailed Incomplete = "failed objects"
	// IncompleteHorizon: the run reached its simulated horizon
	// (Config.Horizon) with objects still on their way.
	IncompleteHorizon Incomplete = "horizon"
	// IncompleteBudget: the run spent its event budget (Config.MaxEvents).
	IncompleteBudget Incomplete = "event budget"
)

// ObjectResult is one object's timeline. Times are offsets from navigation
// start; a phase that did not happen (no DNS, a reused connection) has
// Start == End of the neighbouring phases and a zero duration, and an
// instant that never came (the first byte of an object that failed
// before it) is zero; Has says which of them the object had (results.json
// writes null for the others). For an object fetched more than once, the
// timeline is that of the final attempt and Retries says how many earlier
// attempts were lost.
type ObjectResult struct {
	ID   string
	URL  string // absolute: "https://cdn.example.com/a.js"
	Host string
	Size Bytes
	// Parent is the index into Result.Objects of the object that
	// triggered it, -1 for the document.
	Parent int
	// Conn is the id (index into Result.Conns) of the connection that
	// carried the final attempt — or, for an object that failed waiting,
	// of the connection dialled for it that never became ready; -1 if
	// none.
	Conn   int
	Reused bool
	// Retries is the number of times the request was sent again.
	Retries   int
	Failed    bool
	Truncated bool
	// FailReason says why a failed object failed.
	FailReason string
	// Ready is when the object became requestable (its parent arrived and
	// its delay passed); Queued until a connection was available.
	Ready        time.Duration
	DNSStart     time.Duration
	ConnectStart time.Duration
	TCPDone      time.Duration
	TLSDone      time.Duration
	RequestSent  time.Duration
	FirstByte    time.Duration
	LastByte     time.Duration
	// FirstAttempt is when the first attempt's request was sent (differs
	// from RequestSent when it was retried).
	FirstAttempt time.Duration
	// FailedAt is when a failed object was given up on: its last attempt
	// failed, its host could not be reached, its parent failed, or the run
	// ended without it. Zero unless Failed.
	FailedAt time.Duration
	// Has says which phases and instants of the timeline the object had.
	Has Timing
	// Receive is when the final attempt's body bytes arrived, as spans in
	// time order (see Span); empty for an empty body.
	Receive []Span
}

// Timing is a set of the phases and instants an object's timeline had
// (ObjectResult.Has): those it did not have are zero in ObjectResult and
// null in results.json.
type Timing uint8

// The phases and instants of an object's timeline.
const (
	// HasReady: it became requestable (Ready); an object whose parent
	// failed never does.
	HasReady Timing = 1 << iota
	// HasDNS: the connection opened for it waited for its host's DNS
	// lookup, from DNSStart to ConnectStart — the wait of that connection,
	// not the host's first lookup. A connection to a host already resolved
	// has none.
	HasDNS
	// HasConnect: a connection was opened for it after it became ready
	// (ConnectStart → TCPDone); a reused connection, or one opened before
	// the object was requestable, gives it none.
	HasConnect
	// HasTLS: that connection did a TLS handshake (TCPDone → TLSDone).
	HasTLS
	// HasRequest: a request for it was written (RequestSent,
	// FirstAttempt).
	HasRequest
	// HasFirstByte: the final attempt's response began to arrive
	// (FirstByte).
	HasFirstByte
	// HasLastByte: the response completed (LastByte).
	HasLastByte
)

// Includes reports whether t includes every element of u.
func (t Timing) Includes(u Timing) bool { return t&u == u }

// Span is a period in which bytes of an object's body arrived: Bytes
// were read by its end. A read of n bytes at time t covers the time the
// last packet of them took to cross the access link before t (their
// serialization at the down rate, at most one full packet's: network.mss
// + network.header), and a read that starts within one packet's time of
// the previous span's end extends it — so an object received at line
// rate is one span, bytes that waited in the receive buffer (behind a
// hole) show when the application got them, and the spans break
// where its bytes stopped coming — a stall behind a lost segment, slow
// start waiting for ACKs, or, on an HTTP/2 connection, the frames of
// other streams. An object keeps at most MaxReceiveSpans: beyond, the two
// spans closest in time merge, so the largest gaps always show.
type Span struct {
	From, To time.Duration
	Bytes    Bytes
}

// MaxReceiveSpans bounds ObjectResult.Receive.
const MaxReceiveSpans = 32

// ConnResult describes one client connection.
type ConnResult struct {
	ID   int
	Host string
	// Protocol is what the connection speaks: "h1" (HTTP/1.x over TCP),
	// "h2" (HTTP/2 over TCP) or "h3" (HTTP/3 over QUIC); package
	// browser's Route.
	Protocol string
	Opened   time.Duration // SYN (or QUIC's first Initial) sent
	Ready    time.Duration // handshake (and TLS) done, at once with 0-RTT; 0 if never
	Closed   time.Duration // fully closed or reset
	// Requests is the number of responses completed on it.
	Requests int
	// Reset: the connection ended with a RST from the server.
	Reset bool
	// End says why it ended (EndReason; EndOpen: still open when the page
	// finished).
	End EndReason
}

// EndReason says why a client connection ended (httpcore.EndReason); its
// text is what reports print.
type EndReason = httpcore.EndReason

// The reasons a connection ends.
const (
	EndOpen            = httpcore.EndOpen
	EndServerClosed    = httpcore.EndServerClosed
	EndClientClosed    = httpcore.EndClientClosed
	EndPoolFull        = httpcore.EndPoolFull
	EndClientIdle      = httpcore.EndClientIdle
	EndResponseTimeout = httpcore.EndResponseTimeout
	EndReset           = httpcore.EndReset
	EndTCPTimeout      = httpcore.EndTCPTimeout
	EndRefused         = httpcore.EndRefused
	EndGoAway          = httpcore.EndGoAway
)

// LossReason is why a connection lost the requests it carried
// (httpcore.LossReason).
type LossReason = httpcore.LossReason

// The loss reasons.
const (
	LossClosed    = httpcore.LossClosed
	LossReset     = httpcore.LossReset
	LossTimeout   = httpcore.LossTimeout
	LossTruncated = httpcore.LossTruncated
	LossTCP       = httpcore.LossTCP
	LossGoAway    = httpcore.LossGoAway
	LossRefused   = httpcore.LossRefused
)

// CwndPoint is one congestion-window change of a client-side
// connection's peer (the server's sender, which carries the page).
type CwndPoint struct {
	Conn     int
	At       time.Duration
	Cwnd     Bytes
	Ssthresh Bytes
}

// Stall is a period in which an object waited for an answer that could not
// come, ended by a timeout or a close.
type Stall struct {
	Object   int
	Conn     int // the browser connection it waited on; -1 when inside a proxy
	From, To time.Duration
	// Reason is why the wait ended in a loss; Via is the proxy whose
	// upstream connection lost it ("" for the browser's own).
	Reason LossReason
	Via    ProxyKind
	// Cause says it in words for reports: the reason, prefixed with the
	// proxy ("proxy smart: connection reset").
	Cause string
}
