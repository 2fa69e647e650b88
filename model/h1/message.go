package h1

import (
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/units"
)

// msgKind is what a message on a connection is.
type msgKind uint8

const (
	msgRequest  msgKind = iota
	msgResponse         // an HTTP response
	msgTLS              // a TLS handshake flight (message.flight says which)
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

// message is one HTTP/1.x message (or TLS flight) on one direction of a
// connection. TCP carries only byte counts; the message says what those
// bytes are, as the header block in them would. A receiver learns a
// message's headers once it has read hdr bytes of it, and its body length
// from Content-Length (when present) — never from the model.
type message struct {
	kind    msgKind
	flight  httpcore.Flight      // of a TLS message
	version httpcore.HTTPVersion // of a request, or of the server answering
	method  string
	host    string
	path    string
	obj     int // page object index
	hdr     units.Bytes
	// body is the length of the body as it will be on the wire if nothing
	// goes wrong: Content-Length when hasCL, else until the close.
	body  units.Bytes
	hasCL bool
	conn  connToken
	// Keep-Alive parameters (when conn has keepAliveParams).
	kaMax     int
	kaTimeout time.Duration
	// req is, on a request, the client's request.
	req *httpcore.Request
}

// HeaderLen and Len make a message a unit of a byte stream.
func (m *message) HeaderLen() units.Bytes { return m.hdr }
func (m *message) Len() units.Bytes       { return m.hdr + m.body }

func (m *message) has(t connToken) bool { return m.conn&t != 0 }

// framer is one direction of an HTTP/1.x connection as its reader parses
// it.
type framer = httpcore.Framer[*message]

// wire holds what the two directions of one connection carry, as the
// applications at each end parse it.
type wire struct {
	up   framer // client → server: requests (and client TLS flights)
	down framer // server → client: responses (and server TLS flights)
}
