package httpcore

import (
	"time"

	"pagesim/model/units"
)

// Request is one fetch a client has been asked to make: a page object, or,
// inside a smart proxy, a request it forwards. It lives across attempts:
// when its connection is lost it may be sent again (ShouldRetry). The
// fields below Owner are the state of the current attempt and of the retry
// rule, kept by the client that sends it.
type Request struct {
	Host, Path, Method string
	// Obj is the page object's index (for records and object sizes).
	Obj int
	// Owner is told what happens to the request.
	Owner Requester
	// FullSize is the body the server means to send (to tell a truncation).
	FullSize units.Bytes

	Attempts int  // times it was written on a connection
	Retries  int  // times it was sent again after a loss
	Reused   bool // the current attempt went on a connection that had carried a request before
	SentAt   time.Duration
	FirstAt  time.Duration // first byte of the current attempt's response
	GotByte  bool          // a byte of the current attempt's response arrived
	HdrDone  bool          // the current attempt's response header block has been read
	// LengthKnown: the current attempt's response says how long its body
	// is (Content-Length, or HTTP/2 and HTTP/3 framing), so a body cut
	// short is detected rather than taken as complete.
	LengthKnown bool
	Body        units.Bytes // body bytes of the current attempt read so far
	Done        bool
	Failed      bool
	// EmptyRetried and TruncRetried record that the one extra retry of a
	// fresh connection's empty or truncated response was used
	// (ShouldRetry's RetryEmpty and RetryTruncated).
	EmptyRetried, TruncRetried bool
}

// StartAttempt resets the per-attempt state when the request is written
// on a connection at now; reused says whether that connection carried a
// request before.
func (r *Request) StartAttempt(now time.Duration, reused bool) {
	r.Attempts++
	r.Reused = reused
	r.SentAt = now
	r.GotByte, r.HdrDone, r.LengthKnown, r.Body = false, false, false, 0
}

// Requester is told what happens to its requests. The page (PageLoad) and
// the smart proxy implement it.
type Requester interface {
	// Header: the response's header block has been read; bodyLen is the
	// length it announces (when lengthKnown) or the body the server will
	// send until it closes.
	Header(r *Request, bodyLen units.Bytes, lengthKnown bool)
	// Progress: n more body bytes have been read (r.Body is the total).
	Progress(r *Request, n units.Bytes)
	// Complete: the response is complete; truncated when it ended early
	// without the client being able to tell (no Content-Length).
	Complete(r *Request, truncated bool)
	// Failed: the request will not be retried.
	Failed(r *Request, why string)
}

// Idempotent reports whether a method is idempotent (RFC 9110 §9.2.2).
func Idempotent(method string) bool {
	switch method {
	case "", "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE":
		return true
	}
	return false
}
