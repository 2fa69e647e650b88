package httpcore

import (
	"time"

	"pagesim/model/units"
)

// Recorder receives the typed events of a page load, in the style of Go's
// net/http/httptrace: the phases of a waterfall (DNS, TCP, TLS, request
// written, first byte, last byte), the life of each connection with a
// typed reason for its end, and what went wrong (losses, retries, response
// timeouts). Results and charts are built from these events only, never
// from the protocol machinery's internals (package model's result builder
// is one Recorder).
//
// Every method is called at the simulated time the event happens (the
// engine's Now); times in the arguments are earlier instants. A connection
// is named by its ConnID, assigned by its client in the order connections
// are dialled, from 0; obj is a page object's index.
type Recorder interface {
	// DNSDone: the lookup of host, begun at start, has finished now.
	DNSDone(host string, start time.Duration)
	// ConnOpened: the client sent the SYN (or QUIC's first Initial) of
	// connection c to host; tcpID is the TCP connection's id (its cwnd
	// records name it), -1 for a connection over QUIC.
	ConnOpened(c ConnID, host string, tcpID int)
	// ConnDNS: connection c, whose SYN was just sent (right after its
	// ConnOpened), waited for its host's DNS lookup from from until now —
	// the lookup it began, or one already under way for another
	// connection to the host. A connection whose host was already
	// resolved has no ConnDNS: the object it carries had no DNS phase.
	ConnDNS(c ConnID, from time.Duration)
	// ConnConnected: the TCP handshake of c completed.
	ConnConnected(c ConnID)
	// ConnReady: c can carry requests (TCP and, when required, TLS done).
	ConnReady(c ConnID)
	// ConnEnded: the client let c go, for why.
	ConnEnded(c ConnID, why EndReason)
	// ConnReset: a RST ended c's TCP connection (also after the client
	// let it go).
	ConnReset(c ConnID)
	// ObjectReady: object obj became requestable (its parent arrived
	// and its delay passed).
	ObjectReady(obj int)
	// RequestWritten: r was written on connection c (r.Attempts, r.Reused
	// describe the attempt).
	RequestWritten(r *Request, c ConnID)
	// FirstByte: the response header of r has been read; its first byte
	// arrived at r.FirstAt.
	FirstByte(r *Request)
	// Received: n more body bytes of r's response were read from c (the
	// byte ranges of a waterfall: on a multiplexed connection several
	// responses receive at once).
	Received(r *Request, c ConnID, n units.Bytes)
	// ResponseDone: the response to r is complete on c (truncated: it
	// ended early and the client could not tell).
	ResponseDone(r *Request, c ConnID, truncated bool)
	// Lost: the attempt of r sent at r.SentAt on c was lost, for why
	// (before a retry or a failure).
	Lost(r *Request, c ConnID, why LossReason)
	// Retried: r will be sent again.
	Retried(r *Request)
	// DialFailed: connection c, dialled for the requests queued for r's
	// host, never became ready (refused, or its SYNs timed out), and r,
	// which waited for it, fails next (ObjectFailed) — c is the
	// connection tried for it.
	DialFailed(r *Request, c ConnID)
	// ObjectFailed: object obj will not arrive, for why; retries is how
	// often it was sent again.
	ObjectFailed(obj int, why string, retries int)
	// ResponseTimeout: the client gave up waiting on c (client.timeout).
	ResponseTimeout(c ConnID)
}

// ConnID names a client connection in a Recorder's events; NoConn is none.
type ConnID int

// NoConn is the ConnID of no connection.
const NoConn ConnID = -1

// NopRecorder is a Recorder that ignores every event; embed it to hear
// only some.
type NopRecorder struct{}

func (NopRecorder) DNSDone(string, time.Duration)          {}
func (NopRecorder) ConnOpened(ConnID, string, int)         {}
func (NopRecorder) ConnDNS(ConnID, time.Duration)          {}
func (NopRecorder) ConnConnected(ConnID)                   {}
func (NopRecorder) ConnReady(ConnID)                       {}
func (NopRecorder) ConnEnded(ConnID, EndReason)            {}
func (NopRecorder) ConnReset(ConnID)                       {}
func (NopRecorder) ObjectReady(int)                        {}
func (NopRecorder) RequestWritten(*Request, ConnID)        {}
func (NopRecorder) FirstByte(*Request)                     {}
func (NopRecorder) Received(*Request, ConnID, units.Bytes) {}
func (NopRecorder) ResponseDone(*Request, ConnID, bool)    {}
func (NopRecorder) Lost(*Request, ConnID, LossReason)      {}
func (NopRecorder) Retried(*Request)                       {}
func (NopRecorder) DialFailed(*Request, ConnID)            {}
func (NopRecorder) ObjectFailed(int, string, int)          {}
func (NopRecorder) ResponseTimeout(ConnID)                 {}
