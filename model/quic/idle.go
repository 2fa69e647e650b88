package quic

import "time"

// armIdle restarts the idle timer (RFC 9000 §10.1): the connection is
// discarded silently when nothing arrives for the idle timeout, taken as
// at least three probe timeouts so that a slow path does not time out.
func (e *Endpoint) armIdle() {
	t := e.cfg.IdleTimeout
	if t <= 0 || e.closed {
		return
	}
	e.idleTimer.ResetAfter(max(t, 3*backoff(e.rtt.pto(), e.ptoCount)))
}

func (e *Endpoint) onIdle(now time.Duration) {
	if !e.closed {
		e.terminate(ErrIdleTimeout)
	}
}
