package httpcore

// EndReason says why a client connection ended. The values are the text
// reports print (ConnResult.End, results.json's "end"); plots compare the
// constants, never the text.
type EndReason string

// The reasons a connection ends.
const (
	// EndOpen: still open when the page load finished.
	EndOpen EndReason = "open"
	// EndServerClosed: the server closed it (FIN), by its Keep-Alive
	// limits, after an HTTP/1.0 response, or at its idle timeout.
	EndServerClosed EndReason = "closed by server"
	// EndClientClosed: the client closed it when nothing more could go on
	// it (Connection: close, Keep-Alive max reached, HTTP/1.0).
	EndClientClosed EndReason = "closed by client"
	// EndPoolFull: the client closed this idle connection to open one to
	// another host under its total connection cap.
	EndPoolFull EndReason = "closed by client (pool full)"
	// EndClientIdle: the client's idle timeout (client.idle_timeout).
	EndClientIdle EndReason = "idle timeout (client)"
	// EndResponseTimeout: a response did not progress for client.timeout.
	EndResponseTimeout EndReason = "response timeout"
	// EndReset: the connection was reset (RST) while the client used it.
	EndReset EndReason = "reset"
	// EndTCPTimeout: TCP gave up after its retransmission limit.
	EndTCPTimeout EndReason = "TCP timeout"
	// EndRefused: the SYN was answered with a RST (or a QUIC Initial with
	// CONNECTION_REFUSED).
	EndRefused EndReason = "refused"
	// EndQUICTimeout: QUIC gave up — nothing arrived for its idle timeout,
	// or its handshake did not complete in time.
	EndQUICTimeout EndReason = "QUIC timeout"
	// EndGoAway: the server sent HTTP/2 GOAWAY (idle, or its
	// max_requests served); the connection took no new stream after it and
	// was let go once the streams the server kept had finished (or when it
	// failed before they did: Reset says if by a RST).
	EndGoAway EndReason = "closed by server (GOAWAY)"
)
