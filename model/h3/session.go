package h3

import (
	"pagesim/model/httpcore"
	"pagesim/model/quic"
)

// wire holds what every stream of one connection carries, as the readers
// at each end parse it: the writer pushes a unit when it writes its bytes,
// the reader learns what the bytes were once it has read them.
type wire struct{ streams map[int64]*framer }

func newWire() *wire { return &wire{streams: map[int64]*framer{}} }

func (w *wire) of(id int64) *framer {
	f := w.streams[id]
	if f == nil {
		f = &framer{}
		w.streams[id] = f
	}
	return f
}

// write puts u on stream s.
func (w *wire) write(s *quic.Stream, u *unit) {
	w.of(s.ID).Push(u)
	s.Write(u.Len())
}

// session is one side's HTTP/3 connection state beyond its requests: its
// control stream with SETTINGS, its QPACK encoder and encoder stream, its
// decoder stream, and its reading of the peer's three (RFC 9114 §6.2, RFC
// 9204 §4.2).
type session struct {
	ep  *quic.Endpoint
	w   *wire
	cfg Config
	enc encoder
	// Our unidirectional streams.
	ctrl, encS, decS *quic.Stream
	capSent          bool // Set Dynamic Table Capacity written
	// The peer's encoder stream as read: bytes, insertions, and the
	// insert count we acknowledged (Insert Count Increment).
	encRead, inserts, acked int64
	// unblocked is called when encoder-stream bytes arrive: blocked field
	// sections may decode now.
	unblocked func()
}

// Unidirectional stream kinds as the reader records them (Stream.Data).
type uniKind int

// open opens this side's three unidirectional streams and writes their
// types and its SETTINGS (the table capacity and blocked streams it
// allows, a maximum field section size and a GREASE setting, as Chrome
// sends). zeroRTT: the peer's settings are remembered, so the encoder may
// use the dynamic table at once.
func (ss *session) open(ep *quic.Endpoint, w *wire, cfg Config, zeroRTT bool) {
	ss.ep, ss.w, ss.cfg = ep, w, cfg
	ss.ctrl = ep.OpenStream(true)
	ss.encS = ep.OpenStream(true)
	ss.decS = ep.OpenStream(true)
	w.write(ss.ctrl, &unit{kind: uStreamType, hdr: 1, count: streamControl})
	w.write(ss.ctrl, settingsFrame([2]int64{settingQPACKMaxTableCapacity, cfg.QPACKTable},
		[2]int64{settingQPACKBlockedStreams, int64(cfg.QPACKBlockedStreams)},
		[2]int64{settingMaxFieldSectionSize, 262144}, [2]int64{settingGrease, 0x5a5a5a5a}))
	w.write(ss.encS, &unit{kind: uStreamType, hdr: 1, count: streamEncoder})
	ss.enc.encOff = 1
	w.write(ss.decS, &unit{kind: uStreamType, hdr: 1, count: streamDecoder})
	if zeroRTT {
		ss.peerSettings()
	}
}

// peerSettings: the peer's SETTINGS are known — the encoder may use the
// table it allows, and sizes it first (Set Dynamic Table Capacity,
// RFC 9204 §4.3.1).
func (ss *session) peerSettings() {
	if ss.capSent {
		return
	}
	ss.capSent = true
	ss.enc.capacity = ss.cfg.QPACKTable
	ss.enc.maxBlock = ss.cfg.QPACKBlockedStreams
	if c := ss.enc.capacity; c > 0 {
		n := setTableCapacity(c)
		ss.w.write(ss.encS, &unit{kind: uInsert, hdr: n})
		ss.enc.encOff += int64(n)
	}
}

// headers encodes a field section as a HEADERS frame, writing the
// insertions it needs on the encoder stream first.
func (ss *session) headers(fs []headerField) *unit {
	sec, ins := ss.enc.encode(fs, nil)
	for _, in := range ins {
		ss.w.write(ss.encS, &unit{kind: uInsert, hdr: in.size, count: in.count})
	}
	return headersFrame(sec)
}

// decodable reports whether the field section of HEADERS u can be decoded
// now: the insertions it references have been read (RFC 9204 §2.1.2).
func (ss *session) decodable(u *unit) bool { return u.needEnc <= ss.encRead }

// decoded acknowledges a field section with dynamic references (a Section
// Acknowledgment, §4.4.1).
func (ss *session) decoded(u *unit, stream int64) {
	if u.ric > 0 {
		ss.w.write(ss.decS, &unit{kind: uAck, hdr: httpcore.PrefixIntLen(stream, 7), count: u.ric})
	}
}

// peerUni reads a stream the peer opened if it is unidirectional, and
// reports whether it was.
func (ss *session) peerUni(s *quic.Stream) bool {
	if s.ID&2 == 0 {
		return false
	}
	n := s.Read(0)
	fr := ss.w.of(s.ID)
	kind, _ := s.Data.(uniKind)
	enc := false
	for n > 0 {
		ev, used := fr.Next(n)
		if used == 0 {
			break
		}
		n -= used
		if ev.Complete() {
			switch u := ev.M; u.kind {
			case uStreamType:
				kind = uniKind(u.count + 1)
				s.Data = kind
			case uSettings:
				ss.peerSettings()
			case uInsert:
				ss.inserts = max(ss.inserts, u.count)
			case uAck:
				ss.enc.acknowledged(u.count)
			}
		}
		if kind == streamEncoder+1 {
			ss.encRead += int64(used) // the stream type byte included
			enc = true
		}
	}
	if enc {
		// §4.4.3: acknowledge the insertions received.
		if ss.inserts > ss.acked {
			ss.w.write(ss.decS, &unit{kind: uAck, hdr: httpcore.PrefixIntLen(ss.inserts-ss.acked, 6), count: ss.inserts})
			ss.acked = ss.inserts
		}
		if ss.unblocked != nil {
			ss.unblocked()
		}
	}
	return true
}
