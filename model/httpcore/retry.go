package httpcore

// MaxAttempts bounds how often one request is written, whatever the rule
// below says, so that no scenario can loop forever.
const MaxAttempts = 8

// LossReason is why a connection lost the requests it carried.
type LossReason uint8

// The loss reasons.
const (
	LossClosed    LossReason = iota + 1 // the server closed (FIN) before answering
	LossReset                           // the connection was reset
	LossTimeout                         // the client's response timeout fired
	LossTruncated                       // the body ended before its Content-Length
	LossTCP                             // TCP gave up (retransmission limit)
	LossQUIC                            // QUIC gave up (idle or handshake timeout)
	LossGoAway                          // HTTP/2: the server's GOAWAY left the stream out (its id above last-stream-id)
	LossRefused                         // HTTP/2: the server refused the stream (RST_STREAM REFUSED_STREAM)
)

func (r LossReason) String() string {
	return [...]string{"", "closed by peer before the response", "connection reset", "response timeout",
		"truncated body", "TCP timeout", "QUIC timeout", "not processed before GOAWAY", "stream refused"}[r]
}

// RetryRule is which rule of ShouldRetry decided, each with its reason.
type RetryRule uint8

// The rules, in the order ShouldRetry tries them.
const (
	NoRetryAttempts  RetryRule = iota // too many attempts (MaxAttempts)
	RetryUnprocessed                  // the server said it did not process it (HTTP/2 GOAWAY, REFUSED_STREAM)
	NoRetryMethod                     // not idempotent
	NoRetryTruncated                  // truncated again
	RetryTruncated                    // a truncation detected through Content-Length: once
	RetryReusedEmpty                  // lost on a reused connection before a byte came
	RetryReusedReset                  // reset on a reused connection
	RetryNotTaken                     // a fresh connection closed or reset without a byte: the server never took it
	RetryEmpty                        // any other empty response on a fresh connection: once
	NoRetryFresh                      // the error on a fresh connection is the answer
)

// Retry reports whether the rule sends the request again.
func (rule RetryRule) Retry() bool {
	switch rule {
	case RetryUnprocessed, RetryTruncated, RetryReusedEmpty, RetryReusedReset, RetryNotTaken, RetryEmpty:
		return true
	}
	return false
}

// ShouldRetry decides whether a request lost with its connection is sent
// again; it is a pure predicate of ordered early returns, and the caller
// applies the decision (ApplyRetry). It follows RFC 9112 §9.3.1 and Go's
// net/http (persistConn.shouldRetryRequest): a request may be retried
// automatically only if it is idempotent, and only when the failure is one
// a reused connection explains — the server closed it while idle, or kept
// it past what it would answer. On a fresh connection, the error is the
// answer.
//
// A request the server says it never processed is retried whatever its
// method (RFC 9113 §8.7): HTTP/2's GOAWAY names the last stream the
// server may have processed, so streams above it — the HTTP/2 form of the
// idle-close race — and streams refused with REFUSED_STREAM go again, as
// Go's http2 transport does.
//
// Model choices beyond Go's rule: a fresh connection the server closes or
// resets without sending a byte means the server did not take the request
// (it caps connections), so the request waits for another connection —
// the client also stops opening more than the host's other connections,
// as it does for a refused SYN; any other empty response (a timeout) and a
// truncation detected through Content-Length are retried once. Nothing is
// written more than MaxAttempts times.
func ShouldRetry(r *Request, why LossReason) RetryRule {
	switch {
	case r.Attempts >= MaxAttempts:
		return NoRetryAttempts
	case why == LossGoAway || why == LossRefused:
		// RFC 9113 §8.7: "Requests on streams with a higher stream
		// identifier [than GOAWAY's last-stream-id] are not processed" and
		// REFUSED_STREAM means "no application processing" — safe to
		// retry, even if not idempotent.
		return RetryUnprocessed
	case !Idempotent(r.Method):
		return NoRetryMethod
	case why == LossTruncated:
		if r.TruncRetried {
			return NoRetryTruncated
		}
		return RetryTruncated
	case r.Reused && !r.GotByte:
		return RetryReusedEmpty
	case r.Reused && why == LossReset:
		return RetryReusedReset
	case !r.GotByte && (why == LossClosed || why == LossReset):
		// The server closed a fresh connection without answering: it
		// never took the request (a cap on connections, server.excess:
		// close). The client lowers its connection count for the host
		// and tries again.
		return RetryNotTaken
	case !r.GotByte && !r.EmptyRetried:
		return RetryEmpty
	}
	return NoRetryFresh
}

// ApplyRetry records a decision of ShouldRetry on r: a once-only rule is
// used up, and a retry is counted.
func ApplyRetry(r *Request, rule RetryRule) {
	switch rule {
	case RetryTruncated:
		r.TruncRetried = true
	case RetryEmpty:
		r.EmptyRetried = true
	}
	if rule.Retry() {
		r.Retries++
	}
}

// Why is the reason a rule gives, as a failed object's reason says it.
func (rule RetryRule) Why(r *Request, why LossReason) string {
	switch rule {
	case NoRetryAttempts:
		return "too many attempts"
	case RetryUnprocessed:
		return "not processed by the server (" + why.String() + ")"
	case NoRetryMethod:
		return "not idempotent (" + r.Method + ")"
	case NoRetryTruncated:
		return "truncated again"
	case RetryTruncated:
		return "truncated body detected through Content-Length"
	case RetryReusedEmpty:
		return "lost on a reused connection"
	case RetryReusedReset:
		return "reset on a reused connection"
	case RetryNotTaken:
		return "closed without a response"
	case RetryEmpty:
		return "empty response"
	}
	return why.String() + " on a fresh connection"
}
