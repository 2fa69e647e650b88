package quic

// Flow control (RFC 9000 §4): a receiver lets its peer send up to an
// offset on each stream (MAX_STREAM_DATA) and up to a total over all
// streams (MAX_DATA). The windows are the receiver's buffers: as the
// application reads, the limits move forward. A receiver sends a new
// limit once less than half its window is left, as quiche's
// QuicFlowController does; receive-window auto-tuning is not modelled
// (Chrome's windows, the defaults, are large enough for a page).

// connFlow is an endpoint's connection-level flow control.
type connFlow struct {
	// Sending: the peer's limit on the sum of our streams' highest
	// offsets, and that sum.
	peerMax, sent int64
	// Receiving: our limit, the sum of the peer's highest offsets, the
	// bytes the application read, the window, and a MAX_DATA to send.
	rcvMax, highest, read, window int64
	pending                       bool
}

func (fc *connFlow) init(cfg Config) {
	fc.peerMax = int64(cfg.MaxData)
	fc.rcvMax = int64(cfg.MaxData)
	fc.window = int64(cfg.MaxData)
}

// received accounts for stream bytes up to off+n arriving on b.
func (fc *connFlow) received(b *recvBuf, off, n int64) {
	if end := off + n; end > b.got.last() {
		fc.highest += end - b.got.last()
	}
}

// credit is how many new bytes stream s may send now.
func (e *Endpoint) credit(s *Stream) int64 {
	return max(0, min(s.peerMax-s.send.next, e.fc.peerMax-e.fc.sent))
}

// consumed: the application read n bytes of s; the limits may move.
func (e *Endpoint) consumed(s *Stream, n int64) {
	fc := &e.fc
	fc.read += n
	if fc.rcvMax-fc.read < fc.window/2 {
		fc.rcvMax = fc.read + fc.window
		fc.pending = true
		e.scheduleFlush()
	}
	w := int64(e.cfg.MaxStreamData)
	if s.recv.finAt < 0 && s.rcvMax-s.recv.read < w/2 {
		s.rcvMax = s.recv.read + w
		s.maxPending = true
		e.queueCtrl(s)
		e.scheduleFlush()
	}
}
