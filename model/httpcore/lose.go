package httpcore

// Lose hands an attempt of r, lost with connection c for why, to the
// retry rule: it records the loss, applies ShouldRetry's decision, and
// either records the retry — the caller sends r again and Lose reports
// true — or fails r through its owner with the rule's reason. Every
// protocol's client loses its requests through it.
func Lose(rec Recorder, r *Request, c ConnID, why LossReason) bool {
	rec.Lost(r, c, why)
	rule := ShouldRetry(r, why)
	ApplyRetry(r, rule)
	if rule.Retry() {
		rec.Retried(r)
		return true
	}
	r.Failed = true
	r.Owner.Failed(r, rule.Why(r, why))
	return false
}
