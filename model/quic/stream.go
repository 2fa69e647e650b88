package quic

import "pagesim/model/units"

// sendBuf is the send side of a byte stream (a stream, or one space's
// CRYPTO data): what the application wrote, how far the sender got with
// new bytes, what must go again, and what the peer acknowledged. Data is
// counted, not carried.
type sendBuf struct {
	end   int64    // bytes written by the application
	next  int64    // offset of the first byte never sent
	retx  rangeSet // bytes to send again (lost, or probed)
	acked rangeSet
	// fin: the application closed the stream, which ends at end; the FIN
	// bit was sent, acknowledged, or must go again.
	fin, finSent, finAcked, finRetx bool
}

func (b *sendBuf) write(n int64) { b.end += n }

// pending reports whether the buffer has something to send.
func (b *sendBuf) pending() bool {
	return b.next < b.end || !b.retx.empty() || b.fin && (!b.finSent || b.finRetx)
}

// done reports whether everything, FIN included, was acknowledged.
func (b *sendBuf) done() bool { return b.fin && b.finAcked && b.acked.covers(0, b.end) }

// lost queues [off, off+n) (and the FIN) to be sent again, except what
// was acknowledged since.
func (b *sendBuf) lost(off, n int64, fin bool) {
	b.retx.add(off, off+n)
	for _, a := range b.acked.s {
		if a.lo >= off+n {
			break
		}
		b.retx.remove(a.lo, a.hi)
	}
	if fin && !b.finAcked {
		b.finRetx = true
	}
}

// ackedRange marks [off, off+n) (and the FIN) acknowledged.
func (b *sendBuf) ackedRange(off, n int64, fin bool) {
	b.acked.add(off, off+n)
	b.retx.remove(off, off+n)
	if fin {
		b.finAcked = true
		b.finRetx = false
	}
}

// recvBuf is the receive side of a byte stream: the bytes that arrived,
// where the stream ends, and how far the application read.
type recvBuf struct {
	got   rangeSet
	finAt int64 // the final size; -1 until the FIN arrives
	read  int64
}

// avail is the in-order bytes not yet read.
func (b *recvBuf) avail() int64 { return b.got.prefix() - b.read }

// Stream is one QUIC stream (RFC 9000 §2): an ordered byte stream whose
// delivery is independent of every other stream's. A bidirectional
// stream has both sides; a unidirectional one only the side of its
// direction.
type Stream struct {
	// ID is the stream ID (RFC 9000 §2.1): the two low bits say who
	// opened it and whether it is unidirectional.
	ID int64
	// Data is the application's, for its own bookkeeping.
	Data any

	e     *Endpoint
	local bool // opened by this endpoint
	uni   bool
	send  sendBuf
	recv  recvBuf
	// Flow control (flowcontrol.go): the peer's limit on our offsets and
	// ours on its; a MAX_STREAM_DATA to send.
	peerMax, rcvMax int64
	maxPending      bool
	// RESET_STREAM (RFC 9000 §19.4): we abandoned sending (reset) and the
	// frame is to be sent (resetPending) or was acknowledged; the peer
	// abandoned its side (peerReset).
	reset, resetPending, resetAcked, peerReset bool
	inSendQ, inRetxQ, inCtrlQ                  bool
	served                                     bool // given a packet's worth this round (round robin)
	counted                                    bool // counted as done for MAX_STREAMS
}

// canSend and canRecv say which directions the stream has here.
func (s *Stream) canSend() bool { return !s.uni || s.local }
func (s *Stream) canRecv() bool { return !s.uni || !s.local }

// Stream-ID bits (RFC 9000 §2.1).
const (
	idServer = 1 // initiated by the server
	idUni    = 2 // unidirectional
)

func uniIndex(uni bool) int {
	if uni {
		return 1
	}
	return 0
}

// OpenStream opens a new stream (bidirectional, or unidirectional when
// uni), or returns nil when the peer's limit on streams (MAX_STREAMS) is
// reached; App.StreamsAvailable says when it is raised.
func (e *Endpoint) OpenStream(uni bool) *Stream {
	k := uniIndex(uni)
	if e.closed || e.opened[k] >= e.peerMax[k] {
		return nil
	}
	id := 4 * e.opened[k]
	if uni {
		id |= idUni
	}
	if !e.client {
		id |= idServer
	}
	e.opened[k]++
	return e.newStream(id, true)
}

// CanOpenStream reports whether OpenStream(uni) would succeed.
func (e *Endpoint) CanOpenStream(uni bool) bool {
	k := uniIndex(uni)
	return !e.closed && e.opened[k] < e.peerMax[k]
}

func (e *Endpoint) newStream(id int64, local bool) *Stream {
	s := &Stream{ID: id, e: e, local: local, uni: id&idUni != 0}
	s.recv.finAt = -1
	s.peerMax = int64(e.cfg.MaxStreamData)
	s.rcvMax = int64(e.cfg.MaxStreamData)
	e.streams[id] = s
	return s
}

// peerStream returns the stream a frame from the peer names, opening it
// if it is the peer's and new (nil: not one the peer may use).
func (e *Endpoint) peerStream(id int64) *Stream {
	if s := e.streams[id]; s != nil {
		return s
	}
	peerInitiated := (id&idServer != 0) == e.client
	if !peerInitiated {
		return nil // ours, and forgotten: a late frame
	}
	k := uniIndex(id&idUni != 0)
	n := id/4 + 1
	if n > e.advMax[k] {
		return nil // beyond what we allowed: a peer bug, ignored
	}
	s := e.newStream(id, false)
	e.peerOpened[k] = max(e.peerOpened[k], n)
	e.app.StreamOpened(e, s)
	return s
}

// Write queues n more bytes on the stream. They go out with the next
// datagrams the endpoint sends (at the end of the current event at the
// latest), as congestion and flow control allow.
func (s *Stream) Write(n units.Bytes) {
	if n <= 0 || !s.canSend() || s.send.fin || s.reset || s.e.closed {
		return
	}
	s.send.write(int64(n))
	s.e.queueSend(s)
}

// CloseWrite ends the stream: a FIN follows the last byte written.
func (s *Stream) CloseWrite() {
	if !s.canSend() || s.send.fin || s.reset || s.e.closed {
		return
	}
	s.send.fin = true
	s.e.queueSend(s)
}

// Reset abandons the sending side (RESET_STREAM, RFC 9000 §3.2): nothing
// more is sent or retransmitted; the final size is what was sent.
func (s *Stream) Reset() {
	if !s.canSend() || s.reset || s.e.closed {
		return
	}
	s.reset = true
	s.resetPending = true
	s.send.retx.clear()
	s.send.finRetx = false
	s.e.queueCtrl(s)
	s.e.scheduleFlush()
}

// Readable is the number of in-order bytes that arrived and were not yet
// read.
func (s *Stream) Readable() units.Bytes { return units.Bytes(s.recv.avail()) }

// Read consumes up to max bytes (max ≤ 0: all that is readable) and
// returns how many; reading gives the peer flow-control credit.
func (s *Stream) Read(maxBytes units.Bytes) units.Bytes {
	n := s.recv.avail()
	if maxBytes > 0 && int64(maxBytes) < n {
		n = int64(maxBytes)
	}
	if n <= 0 {
		return 0
	}
	s.recv.read += n
	s.e.consumed(s, n)
	s.e.checkDone(s)
	return units.Bytes(n)
}

// EOF reports whether the peer ended the stream and everything before
// its FIN was read.
func (s *Stream) EOF() bool { return s.recv.finAt >= 0 && s.recv.read == s.recv.finAt }

// WasReset reports whether the peer reset its side of the stream.
func (s *Stream) WasReset() bool { return s.peerReset }

// Endpoint is the endpoint the stream belongs to.
func (s *Stream) Endpoint() *Endpoint { return s.e }

// hasNew reports whether s has new data (or its FIN) to send.
func (s *Stream) hasNew() bool {
	b := &s.send
	return !s.reset && (b.next < b.end || b.fin && !b.finSent)
}

// queueRetx lists s as having data to send again, and arranges a flush.
func (e *Endpoint) queueRetx(s *Stream) {
	if !s.inRetxQ {
		s.inRetxQ = true
		e.retxQ = append(e.retxQ, s)
	}
	e.scheduleFlush()
}

// queueSend puts s in the send queue of streams with new data (in
// stream-ID order) and arranges a flush.
func (e *Endpoint) queueSend(s *Stream) {
	if !s.inSendQ && s.hasNew() {
		s.inSendQ = true
		q := append(e.sendQ, s)
		i := len(q) - 1
		for i > 0 && q[i-1].ID > s.ID {
			q[i] = q[i-1]
			i--
		}
		q[i] = s
		e.sendQ = q
	}
	e.scheduleFlush()
}

// queueCtrl lists s as having a MAX_STREAM_DATA or RESET_STREAM to send.
func (e *Endpoint) queueCtrl(s *Stream) {
	if !s.inCtrlQ {
		s.inCtrlQ = true
		e.ctrlQ = append(e.ctrlQ, s)
	}
}

// streamFrameArrived takes a STREAM frame from the peer.
func (e *Endpoint) streamFrameArrived(f *frame) {
	s := e.peerStream(f.id)
	if s == nil || !s.canRecv() || s.peerReset {
		return
	}
	before := s.recv.got.prefix()
	e.fc.received(&s.recv, f.off, f.n)
	s.recv.got.add(f.off, f.off+f.n)
	if f.fin {
		s.recv.finAt = f.off + f.n
	}
	if s.recv.got.prefix() > before || f.fin && s.recv.got.prefix() >= s.recv.finAt {
		e.app.Readable(s)
	}
}

// resetArrived takes a RESET_STREAM from the peer.
func (e *Endpoint) resetArrived(f *frame) {
	s := e.peerStream(f.id)
	if s == nil || !s.canRecv() || s.peerReset {
		return
	}
	s.peerReset = true
	e.fc.received(&s.recv, f.val, 0) // the final size counts against the connection's limit
	e.app.Readable(s)
	e.checkDone(s)
}

// checkDone counts a peer-initiated stream that is finished both ways, so
// that the peer may open another (MAX_STREAMS, RFC 9000 §4.6).
func (e *Endpoint) checkDone(s *Stream) {
	if s.local || s.counted {
		return
	}
	recvDone := s.peerReset || s.EOF()
	sendDone := !s.canSend() || s.send.done() || s.reset && s.resetAcked
	if !recvDone || !sendDone {
		return
	}
	s.counted = true
	k := uniIndex(s.uni)
	e.peerDone[k]++
	if limit, ok := raiseStreamLimit(e.peerDone[k], e.peerOpened[k], e.advMax[k], int64(e.cfg.MaxStreams)); ok {
		e.advMax[k] = limit
		e.maxStreamsPending[k] = true
		e.scheduleFlush()
	}
}

// raiseStreamLimit decides, when a peer's stream has finished, whether to
// raise the limit on the streams it may open (MAX_STREAMS, RFC 9000 §4.6)
// and to what, as quiche does (QuicStreamIdManager::OnStreamClosed and
// MaybeSendMaxStreamsFrame, quic_max_streams_window_divisor = 2): done
// streams of the peer have finished and it has opened opened, under the
// limit advertised; once the credit it has left (advertised − opened) is
// at most half of max, the new limit is done + max, so that max streams
// may be open at once. A page's streams thus do not each cost a frame,
// and a client opening streams about as fast as they finish keeps about
// half the limit in hand.
func raiseStreamLimit(done, opened, advertised, max int64) (int64, bool) {
	want := done + max
	if want <= advertised || advertised-opened > max/2 {
		return advertised, false
	}
	return want, true
}
