package httpcore

import "pagesim/model/units"

// Unit is what a byte stream carries: an HTTP/1.x message, a TLS flight,
// an HTTP/2 frame. It has a header block and a length.
type Unit interface {
	// HeaderLen is the size of the unit's header block (it may be 0).
	HeaderLen() units.Bytes
	// Len is the unit's whole size on the wire, header included. It may
	// change while the unit is read (a relayed body cut short).
	Len() units.Bytes
}

// Framer is what one direction of a connection carries, as the receiving
// application parses it: a queue of units and how far into the head unit
// the reader has got. TCP carries only byte counts; the sender appends a
// unit when it starts writing its bytes, and the receiver consumes byte
// counts in order and learns what they were — a unit's header once its
// header block has been read, never before.
type Framer[T Unit] struct {
	q    []T
	head int
	off  units.Bytes // bytes of q[head] already consumed
}

// Push appends a unit the sender starts writing.
func (s *Framer[T]) Push(m T) { s.q = append(s.q, m) }

// Queued is every unit pushed so far, read or not (for tests), unless
// Compact dropped the read ones.
func (s *Framer[T]) Queued() []T { return s.q }

// Compact forgets the units already read once they are the larger part
// of the queue, so that a long-lived connection carrying many units (the
// frames of HTTP/2) holds only those still on their way; the cost is
// amortized over the units read.
func (s *Framer[T]) Compact() {
	if s.head < 64 || s.head < len(s.q)/2 {
		return
	}
	n := copy(s.q, s.q[s.head:])
	clear(s.q[n:])
	s.q = s.q[:n]
	s.head = 0
}

// FramerEvent is what consuming bytes revealed. It has three fields, so
// that the compiler keeps it in registers (a struct of more than four is
// built in memory and copied out, which stalled the store forwarding of
// every received packet's parse).
type FramerEvent[T Unit] struct {
	M     T
	Body  units.Bytes // body bytes of M consumed in this step
	flags uint8
}

const (
	evFirst    = 1 << iota // the first byte of M was consumed
	evHdrDone              // the header block of M is now complete
	evComplete             // M is complete
)

// First says whether the first byte of M was consumed.
func (e FramerEvent[T]) First() bool { return e.flags&evFirst != 0 }

// HdrDone says whether the header block of M is now complete.
func (e FramerEvent[T]) HdrDone() bool { return e.flags&evHdrDone != 0 }

// Complete says whether M is complete.
func (e FramerEvent[T]) Complete() bool { return e.flags&evComplete != 0 }

// Next consumes up to n bytes of the head unit and reports what happened;
// it returns the bytes used (0: nothing queued). Callers loop until n is
// spent.
func (s *Framer[T]) Next(n units.Bytes) (FramerEvent[T], units.Bytes) {
	if s.head >= len(s.q) || n <= 0 {
		return FramerEvent[T]{}, 0
	}
	m, off := s.q[s.head], s.off
	hdr, size := m.HeaderLen(), m.Len()
	ev := FramerEvent[T]{M: m}
	if off == 0 {
		ev.flags = evFirst
	}
	take := min(n, size-off)
	// The header block is complete when its last byte is consumed — or,
	// for an empty header block (server.header_size 0), with the first
	// byte of the unit.
	if (off < hdr || hdr == 0 && off == 0) && off+take >= hdr {
		ev.flags |= evHdrDone
	}
	if end := off + take; end > hdr {
		ev.Body = end - max(off, hdr)
	}
	s.off += take
	if s.off == size {
		ev.flags |= evComplete
		s.head++
		s.off = 0
	}
	return ev, take
}
