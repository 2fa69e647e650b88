package httpcore

import "testing"

// TestShouldRetry is the retry rule (RFC 9112 §9.3.1 and Go's
// persistConn.shouldRetryRequest) case by case.
func TestShouldRetry(t *testing.T) {
	cases := []struct {
		name     string
		r        Request
		why      LossReason
		want     bool
		again    bool // a second identical loss of the same request
		wantSame bool // the second loss's answer
	}{
		{name: "GET reused, nothing received, closed", r: Request{Method: "GET", Reused: true, Attempts: 1}, why: LossClosed, want: true, again: true, wantSame: true},
		{name: "GET reused, nothing received, timeout", r: Request{Method: "GET", Reused: true, Attempts: 1}, why: LossTimeout, want: true},
		{name: "HEAD reused, nothing received, reset", r: Request{Method: "HEAD", Reused: true, Attempts: 1}, why: LossReset, want: true},
		{name: "PUT reused (idempotent)", r: Request{Method: "PUT", Reused: true, Attempts: 1}, why: LossClosed, want: true},
		{name: "empty method means GET", r: Request{Reused: true, Attempts: 1}, why: LossClosed, want: true},
		{name: "POST reused, nothing received", r: Request{Method: "POST", Reused: true, Attempts: 1}, why: LossClosed, want: false},
		{name: "PATCH reused, reset", r: Request{Method: "PATCH", Reused: true, Attempts: 1}, why: LossReset, want: false},
		{name: "GET reused, got a byte, reset", r: Request{Method: "GET", Reused: true, GotByte: true, Attempts: 1}, why: LossReset, want: true},
		{name: "GET reused, got a byte, closed", r: Request{Method: "GET", Reused: true, GotByte: true, Attempts: 1}, why: LossClosed, want: false},
		{name: "GET reused, got a byte, timeout", r: Request{Method: "GET", Reused: true, GotByte: true, Attempts: 1}, why: LossTimeout, want: false},
		// A fresh connection closed or reset without a byte: the server
		// never took the request (a connection cap); re-sent each time,
		// up to the attempts cap.
		{name: "GET fresh, closed empty, again and again", r: Request{Method: "GET", Attempts: 1}, why: LossClosed, want: true, again: true, wantSame: true},
		{name: "GET fresh, reset empty, again and again", r: Request{Method: "GET", Attempts: 1}, why: LossReset, want: true, again: true, wantSame: true},
		{name: "GET fresh, closed empty, at the cap", r: Request{Method: "GET", Attempts: MaxAttempts}, why: LossClosed, want: false},
		{name: "GET fresh, timeout empty once", r: Request{Method: "GET", Attempts: 1}, why: LossTimeout, want: true, again: true, wantSame: false},
		{name: "GET fresh, got a byte, closed", r: Request{Method: "GET", GotByte: true, Attempts: 1}, why: LossClosed, want: false},
		{name: "GET fresh, got a byte, reset", r: Request{Method: "GET", GotByte: true, Attempts: 1}, why: LossReset, want: false},
		{name: "POST fresh, empty response", r: Request{Method: "POST", Attempts: 1}, why: LossClosed, want: false},
		{name: "GET truncated once", r: Request{Method: "GET", GotByte: true, Attempts: 1}, why: LossTruncated, want: true, again: true, wantSame: false},
		{name: "GET reused truncated once", r: Request{Method: "GET", Reused: true, GotByte: true, Attempts: 1}, why: LossTruncated, want: true, again: true, wantSame: false},
		{name: "POST truncated", r: Request{Method: "POST", GotByte: true, Attempts: 1}, why: LossTruncated, want: false},
		{name: "attempts cap", r: Request{Method: "GET", Reused: true, Attempts: MaxAttempts}, why: LossClosed, want: false},
		{name: "below the cap", r: Request{Method: "GET", Reused: true, Attempts: MaxAttempts - 1}, why: LossClosed, want: true},
		{name: "attempts cap beats truncation", r: Request{Method: "GET", GotByte: true, Attempts: MaxAttempts}, why: LossTruncated, want: false},
		{name: "GET fresh, TCP gave up, empty", r: Request{Method: "GET", Attempts: 1}, why: LossTCP, want: true},
		{name: "GET fresh, TCP gave up after a byte", r: Request{Method: "GET", GotByte: true, Attempts: 1}, why: LossTCP, want: false},
		// HTTP/2 (RFC 9113 §8.7): a stream above GOAWAY's last-stream-id,
		// or refused, was never processed — retried whatever the method,
		// each time, up to the attempts cap.
		{name: "GET above GOAWAY's last stream", r: Request{Method: "GET", Reused: true, Attempts: 1}, why: LossGoAway, want: true, again: true, wantSame: true},
		{name: "POST above GOAWAY's last stream", r: Request{Method: "POST", Reused: true, Attempts: 1}, why: LossGoAway, want: true},
		{name: "POST refused stream on a fresh connection", r: Request{Method: "POST", Attempts: 1}, why: LossRefused, want: true, again: true, wantSame: true},
		{name: "GOAWAY at the attempts cap", r: Request{Method: "GET", Attempts: MaxAttempts}, why: LossGoAway, want: false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.r
			before := r
			rule := ShouldRetry(&r, c.why)
			if r != before {
				t.Errorf("ShouldRetry changed the request: %+v → %+v (it must be a pure predicate)", before, r)
			}
			why := rule.Why(&r, c.why)
			if got := rule.Retry(); got != c.want {
				t.Errorf("ShouldRetry = %v (%s), want %v", got, why, c.want)
			}
			if why == "" {
				t.Errorf("no reason given")
			}
			ApplyRetry(&r, rule)
			if rule.Retry() && r.Retries != before.Retries+1 {
				t.Errorf("ApplyRetry counted %d retries, want %d", r.Retries, before.Retries+1)
			}
			if c.again {
				r.Attempts++
				rule2 := ShouldRetry(&r, c.why)
				if got2 := rule2.Retry(); got2 != c.wantSame {
					t.Errorf("second loss: ShouldRetry = %v (%s), want %v", got2, rule2.Why(&r, c.why), c.wantSame)
				}
			}
		})
	}
}
