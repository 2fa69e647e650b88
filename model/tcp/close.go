package tcp

// This file is how a connection ends: half-close and full close, FIN in
// each state (RFC 9293 §3.10.7.4), TIME-WAIT, and resets.

// Shutdown closes the sending side after the queued data (half-close: a
// FIN follows the data; this side can still receive).
func (e *Endpoint) Shutdown() {
	if e.finQueued || !e.open() {
		return
	}
	e.finQueued = true
	if !e.pushTimer.Armed() {
		e.output() // else the pending push sends the data and the FIN together
	}
}

// Close closes both sides. If unread data is waiting in the receive buffer
// the connection is reset at once, as Linux does (RFC 2525 §2.17, RFC 9293
// §3.10.4); otherwise a FIN follows the queued data and any data that
// arrives afterwards draws a RST (RFC 9293 §3.10.7.4 for a socket closed
// for reading).
func (e *Endpoint) Close() {
	if !e.open() {
		return
	}
	if e.Readable() > 0 || len(e.ooo) > 0 {
		e.Abort()
		return
	}
	e.readClosed = true
	e.Shutdown()
}

// Abort resets the connection: a RST goes to the peer and this endpoint
// is gone.
func (e *Endpoint) Abort() {
	if !e.open() && e.state != stateSynSent {
		return
	}
	e.sendRst(e.sndNxt)
	e.terminate(ErrAborted)
}

// terminate moves the endpoint to CLOSED, stops its timers and tells the
// application once.
func (e *Endpoint) terminate(err error) {
	if e.done {
		return
	}
	e.done = true
	e.setState(stateClosed)
	e.rtoTimer.Stop()
	e.delack.Stop()
	e.pushTimer.Stop()
	e.tlpTimer.Stop()
	e.rack.timer.Stop()
	e.app.Closed(e, err)
}

// finInput processes the peer's FIN once all data before it has arrived.
// It reports whether the endpoint is to enter TIME-WAIT (our FIN is
// acknowledged already); the caller does so once the FIN is acknowledged.
func (e *Endpoint) finInput(finSeq Seq) bool {
	e.finRcvd = true
	e.peerFinSeq = finSeq
	e.rcvNxt = finSeq + 1
	switch e.state {
	case stateEstablished:
		e.setState(stateCloseWait)
	case stateFinWait1:
		if e.finAcked {
			return true
		}
		e.setState(stateClosing)
	case stateFinWait2:
		return true
	}
	return false
}

// enterTimeWait ends an orderly close. TIME-WAIT is not timed (nothing
// reuses the 4-tuple in a page load), but the endpoint remembers it so a
// retransmitted FIN is acknowledged rather than reset.
func (e *Endpoint) enterTimeWait() {
	e.setState(stateTimeWait)
	e.timeWait = true
	e.terminate(nil)
}

// afterFinAcked advances the closing states once our FIN is acknowledged.
func (e *Endpoint) afterFinAcked() {
	if !e.finAcked {
		return
	}
	switch e.state {
	case stateFinWait1:
		e.setState(stateFinWait2)
	case stateClosing:
		e.enterTimeWait()
	case stateLastAck:
		e.terminate(nil)
	}
}

// rstInput handles a RST: the connection is gone, and whatever had arrived
// but was not yet read by the application is destroyed with it (as Linux
// purges the receive queue in tcp_reset/tcp_done).
func (e *Endpoint) rstInput() {
	if e.done || e.state == stateListen {
		return
	}
	if e.state == stateSynSent {
		e.terminate(ErrRefused)
		return
	}
	lost := e.Readable()
	for _, s := range e.ooo {
		lost += s.size()
	}
	if lost > 0 {
		if e.client && e.conn.crossesLink {
			e.st.stats.Destroyed += int64(lost)
		}
		if t := e.st.trace; t != nil {
			t.add(Record{At: e.st.S.Now(), Kind: RecDestroyed, Conn: e.conn.ID, Client: e.client, Len: lost})
		}
	}
	e.destroyedBytes = lost
	e.terminate(ErrReset)
}
