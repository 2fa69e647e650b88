package model

// maxAttempts bounds how often one request is written, whatever the rule
// below says, so that no scenario can loop forever.
const maxAttempts = 8

// Reasons a connection loses the requests it carries.
type lossReason uint8

const (
	lossClosed    lossReason = iota + 1 // the server closed (FIN) before answering
	lossReset                           // the connection was reset
	lossTimeout                         // the client's response timeout fired
	lossTruncated                       // the body ended before its Content-Length
	lossTCP                             // TCP gave up (retransmission limit)
)

func (r lossReason) String() string {
	return [...]string{"", "closed by peer before the response", "connection reset", "response timeout",
		"truncated body", "TCP timeout"}[r]
}

// shouldRetry decides whether a request lost with its connection is sent
// again. It follows RFC 9112 §9.3.1 and Go's net/http
// (persistConn.shouldRetryRequest): a request may be retried automatically
// only if it is idempotent, and only when the failure is one a reused
// connection explains — the server closed it while idle, or kept it past
// what it would answer. On a fresh connection, the error is the answer.
//
// Model choices beyond Go's rule: a fresh connection the server closes or
// resets without sending a byte means the server did not take the request
// (it caps connections), so the request waits for another connection —
// the client also stops opening more than the host's other connections,
// as it does for a refused SYN; any other empty response (a timeout) and a
// truncation detected through Content-Length are retried once. Nothing is
// written more than maxAttempts times.
func shouldRetry(r *request, why lossReason) (bool, string) {
	switch {
	case r.attempts >= maxAttempts:
		return false, "too many attempts"
	case !idempotent(r.method):
		return false, "not idempotent (" + r.method + ")"
	case why == lossTruncated:
		if r.truncRetried {
			return false, "truncated again"
		}
		r.truncRetried = true
		return true, "truncated body detected through Content-Length"
	case r.onReused && !r.gotByte:
		return true, "lost on a reused connection"
	case r.onReused && why == lossReset:
		return true, "reset on a reused connection"
	case !r.gotByte && (why == lossClosed || why == lossReset):
		// The server closed a fresh connection without answering: it
		// never took the request (a cap on connections, server.excess:
		// close). The client lowers its connection count for the host
		// (clientConn.lose) and tries again.
		return true, "closed without a response"
	case !r.gotByte && !r.emptyRetried:
		r.emptyRetried = true
		return true, "empty response"
	}
	return false, why.String() + " on a fresh connection"
}
