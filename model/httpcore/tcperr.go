package httpcore

import "pagesim/model/tcp"

// TCPLoss says what the end of a client's TCP connection with err (its
// tcp.App.Closed error) means for the requests it carried and for the
// connection's record: a reset or an abort is LossReset/EndReset, a
// retransmission timeout LossTCP/EndTCPTimeout, a refused SYN
// LossReset/EndRefused, an orderly close LossClosed/EndServerClosed.
func TCPLoss(err error) (LossReason, EndReason) {
	switch err {
	case tcp.ErrReset, tcp.ErrAborted:
		return LossReset, EndReset
	case tcp.ErrTimeout:
		return LossTCP, EndTCPTimeout
	case tcp.ErrRefused:
		return LossReset, EndRefused
	}
	return LossClosed, EndServerClosed
}

// CloseServer ends the server side of a connection as server.close says:
// half — shut down the output side and keep reading (and ignoring) what
// the client still sends until it closes (lingering close); full — close
// both directions, so that anything arriving later draws a RST. A client
// that has already closed gets the full close either way.
func CloseServer(ep *tcp.Endpoint, style CloseStyle) {
	if style == CloseFull || ep.EOF() {
		ep.Close()
	} else {
		ep.Shutdown()
	}
}
