package h1

import (
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/units"
	"pagesim/sim"
)

// TLS on an HTTP/1.x connection: the handshake's flights (httpcore's
// TLSVersion.ClientAfter and ServerAfter) are messages on the connection's
// byte stream, before any request.

// startTLS sends the ClientHello.
func (c *clientConn) startTLS(v httpcore.TLSVersion) {
	c.state = connTLS
	c.tlsVer = v
	c.writeFlight(httpcore.ClientHello, httpcore.ClientHelloSize)
}

func (c *clientConn) writeFlight(f httpcore.Flight, n units.Bytes) {
	c.wire.up.Push(&message{kind: msgTLS, flight: f, hdr: n})
	c.ep.Write(n)
}

// tlsInput handles a complete server flight on the client side.
func (c *clientConn) tlsInput(m *message) {
	if c.state != connTLS {
		return
	}
	send, n, ready := c.tlsVer.ClientAfter(m.flight)
	if send != httpcore.NoFlight {
		c.writeFlight(send, n)
	}
	if ready {
		c.ready()
	}
}

// tlsInput handles a complete client flight on the server side. The
// server's first flight leaves after its own handshake time (tlsTime:
// signing the key exchange, an OCSP fetch, a busy server).
func (sc *serverConn) tlsInput(m *message) {
	send, n := sc.tls.ServerAfter(m.flight, sc.cert)
	switch {
	case send == httpcore.NoFlight:
	case send == httpcore.ServerFlight && sc.tlsTime > 0:
		sc.s.After(sc.tlsTime, sim.Func(func(time.Duration) { sc.writeFlight(send, n) }))
	default:
		sc.writeFlight(send, n)
	}
}

func (sc *serverConn) writeFlight(f httpcore.Flight, n units.Bytes) {
	if sc.closed {
		return
	}
	sc.wire.down.Push(&message{kind: msgTLS, flight: f, hdr: n})
	sc.ep.Write(n)
}
