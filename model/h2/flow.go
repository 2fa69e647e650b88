package h2

import (
	"pagesim/model/units"
)

// Flow control (RFC 9113 §5.2, §6.9): a sender may have at most a window
// of DATA payload unacknowledged by the receiver's WINDOW_UPDATE frames,
// per stream and for the whole connection; both start at 65 535 bytes
// (§6.9.2). The client raises them with its SETTINGS_INITIAL_WINDOW_SIZE
// (every stream's) and a WINDOW_UPDATE on stream 0 (the connection's),
// sent with its preface. Only DATA counts (§6.9): HEADERS and control
// frames pass whatever the windows say.
//
// When the receiver gives credit back is a rule of the receiver, not of
// the RFC (§6.9: "the receiver ... sends WINDOW_UPDATE"). The model
// follows Chrome (SpdySession::IncreaseRecvWindowSize and
// SpdyStream::IncreaseRecvWindowSize): bytes count once the application
// has read them, and a WINDOW_UPDATE returning all the unacknowledged
// bytes goes out when they exceed half the window — so a stream whose
// window is W moves at most about W per round trip on a path whose BDP is
// larger, and flow control, not TCP, limits it. A stream whose last DATA
// frame has arrived gets no more updates (it is closed for the receiver).

// sendWindow is a sender's credit for one stream or the connection.
type sendWindow struct{ credit units.Bytes }

// take consumes n bytes of credit; a window never goes negative (the
// client never shrinks its initial window, which would be the only way,
// RFC 9113 §6.9.2).
func (w *sendWindow) take(n units.Bytes) {
	w.credit -= n
	if w.credit < 0 {
		panic("h2: invariant violated: a flow-control window went negative")
	}
}

// give adds a WINDOW_UPDATE's increment (RFC 9113 §6.9.1: a window above
// 2^31−1 is a flow-control error; the model's client never sends one).
func (w *sendWindow) give(inc units.Bytes) { w.credit += inc }

// recvWindow is a receiver's account of one stream or the connection:
// the window it advertised and the bytes read but not yet given back.
type recvWindow struct {
	size    units.Bytes // the window the receiver keeps open
	unacked units.Bytes
}

// consumed counts n bytes the application read; it returns the increment
// of the WINDOW_UPDATE to send now (0: none yet): everything unacknowledged,
// once that is more than half the window (Chrome's rule).
func (w *recvWindow) consumed(n units.Bytes) units.Bytes {
	w.unacked += n
	if w.unacked > w.size/2 {
		inc := w.unacked
		w.unacked = 0
		return inc
	}
	return 0
}
