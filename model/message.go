package model

import "time"

// msgKind is what a message on a connection is.
type msgKind uint8

const (
	msgRequest  msgKind = iota
	msgResponse         // an HTTP response
	// TLS handshake flights (tls.go).
	msgTLSClientHello
	msgTLSServerFlight // ServerHello … certificate … (Finished for 1.3)
	msgTLSClientFinish // 1.2: ClientKeyExchange, ChangeCipherSpec, Finished
	msgTLSServerFinish // 1.2: ChangeCipherSpec, Finished
)

// Connection-header tokens a message carries (DESIGN §5). Only the ones the
// chapter's mechanisms read are modelled.
type connToken uint8

const (
	connKeepAlive      connToken = 1 << iota // Connection: Keep-Alive
	connClose                                // Connection: close
	proxyConnKeepAlive                       // Proxy-Connection: Keep-Alive
	keepAliveParams                          // Keep-Alive: max=…, timeout=… (values in the message)
	hopByHopExtra                            // an extension header named in Connection (stripped by smart proxies)
)

// message is one HTTP message (or TLS flight) on one direction of a
// connection. TCP carries only byte counts; the message says what those
// bytes are, as the header block in them would. A receiver learns a
// message's headers once it has read Hdr bytes of it, and its body length
// from Content-Length (when present) — never from the model.
type message struct {
	kind    msgKind
	version HTTPVersion // of a request, or of the server answering
	method  string
	host    string
	path    string
	obj     int // page object index, for traces
	hdr     Bytes
	// body is the length of the body as it will be on the wire if nothing
	// goes wrong: Content-Length when hasCL, else until the close.
	body  Bytes
	hasCL bool
	conn  connToken
	// Keep-Alive parameters (when conn has keepAliveParams).
	kaMax     int
	kaTimeout time.Duration
	// req links a response to the request it answers (for proxies and
	// the client's bookkeeping); on a request, it is the client's request.
	req *request
}

func (m *message) size() Bytes { return m.hdr + m.body }

func (m *message) has(t connToken) bool { return m.conn&t != 0 }

// stream is what one direction of a connection carries, as the receiving
// application parses it: a queue of messages and how far into the head
// message the reader has got. The sender appends a message when it starts
// writing its bytes; the receiver consumes byte counts in order.
type stream struct {
	q    []*message
	head int
	off  Bytes // bytes of q[head] already consumed
}

func (s *stream) push(m *message) { s.q = append(s.q, m) }

// current returns the message being read and the offset in it, or nil.
func (s *stream) current() (*message, Bytes) {
	if s.head >= len(s.q) {
		return nil, 0
	}
	return s.q[s.head], s.off
}

// parseEvent is what consuming bytes revealed.
type parseEvent struct {
	m        *message
	first    bool  // the first byte of m was consumed
	hdrDone  bool  // the header block of m is now complete
	body     Bytes // body bytes of m consumed in this step
	complete bool  // m is complete
}

// next consumes up to n bytes from the head message and reports what
// happened; it returns the bytes used. Callers loop until n is spent.
func (s *stream) next(n Bytes) (parseEvent, Bytes) {
	m, off := s.current()
	if m == nil || n <= 0 {
		return parseEvent{}, 0
	}
	ev := parseEvent{m: m, first: off == 0}
	take := min(n, m.size()-off)
	// The header block is complete when its last byte is consumed — or,
	// for an empty header block (server.header_size 0), with the first
	// byte of the message.
	if (off < m.hdr || m.hdr == 0 && off == 0) && off+take >= m.hdr {
		ev.hdrDone = true
	}
	if end := off + take; end > m.hdr {
		ev.body = end - max(off, m.hdr)
	}
	s.off += take
	if s.off == m.size() {
		ev.complete = true
		s.head++
		s.off = 0
	}
	return ev, take
}
