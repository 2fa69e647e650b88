package model

import "time"

// request is one fetch the client has been asked to make: a page object,
// or, inside a smart proxy, a request it forwards. It lives across
// attempts: when its connection is lost it may be sent again (retry.go).
type request struct {
	host, path, method string
	obj                int
	owner              requester
	// For a proxied request: the downstream request it forwards.
	fwd *pendingResp

	attempts int // times it was written on a connection
	retries  int // times it was sent again after a loss
	conn     *clientConn
	onReused bool // the current attempt went on a connection that had carried a request before
	sentAt   time.Duration
	firstAt  time.Duration // first byte of the current attempt's response
	fullSize Bytes         // the body the server means to send (to tell a truncation)
	gotByte  bool          // a byte of the current attempt's response arrived
	resp     *message
	hdrDone  bool
	body     Bytes // body bytes of the current attempt read so far
	done     bool
	failed   bool
	// emptyRetried and truncRetried allow the one extra retry of a fresh
	// connection's empty or truncated response (retry.go).
	emptyRetried, truncRetried bool
}

// requester is told what happens to its requests. The page (page.go) and
// the smart proxy (proxy.go) implement it.
type requester interface {
	// sent: the request was written on c.
	sent(r *request, c *clientConn)
	// header: the response's header block has been read.
	header(r *request, m *message)
	// progress: n more body bytes have been read (r.body is the total).
	progress(r *request, n Bytes)
	// complete: the response is complete; truncated when it ended early
	// without the client being able to tell (no Content-Length).
	complete(r *request, truncated bool)
	// failed: the request will not be retried.
	failed(r *request, why string)
	// lost: the attempt was lost (before a retry or a failure), with the
	// time it was sent, for stall marking.
	lost(r *request, c *clientConn, why string)
}

// idempotent reports whether a method is idempotent (RFC 9110 §9.2.2).
func idempotent(method string) bool {
	switch method {
	case "", "GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE":
		return true
	}
	return false
}
