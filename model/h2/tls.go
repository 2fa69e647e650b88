package h2

import (
	"pagesim/model/httpcore"
	"pagesim/model/units"
)

// TLS with ALPN (RFC 9113 §3.2, RFC 7301): browsers use HTTP/2 only over
// TLS, offering "h2" and "http/1.1" in the ClientHello's ALPN extension;
// a server that speaks HTTP/2 selects h2 in its hello. The extension rides
// in the handshake's flights (httpcore's TLS sizes include it), so
// negotiating costs no round trip and no bytes of its own: the handshake
// is httpcore.TLSVersion's, its flights units on the connection, and the
// preface follows the client's Finished. The outcome is a function of the
// client's offer and the server's setting (hosts.NAME.h2), known when the
// browser chooses the host's transport (package browser) — which is why a
// host that does not speak HTTP/2 never reaches this package. Cleartext
// hosts are reached only with prior knowledge (h2c, §3.3).

// startTLS sends the ClientHello.
func (c *conn) startTLS(v httpcore.TLSVersion) {
	c.state = connTLS
	c.tlsVer = v
	c.writeFlight(httpcore.ClientHello, httpcore.ClientHelloSize)
}

func (c *conn) writeFlight(f httpcore.Flight, n units.Bytes) {
	c.write(unit{kind: unitTLS, flight: f, length: n})
}

// tlsInput handles a complete server flight: the client answers, and is
// ready once its keys are (TLS 1.3: after the server's flight, its
// Finished and the preface going together).
func (c *conn) tlsInput(u unit) {
	if c.state != connTLS {
		return
	}
	send, n, ready := c.tlsVer.ClientAfter(u.flight)
	if send != httpcore.NoFlight {
		c.writeFlight(send, n)
	}
	if ready {
		c.ready()
	}
}
