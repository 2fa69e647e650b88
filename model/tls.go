package model

// TLS handshakes as flights of bytes on the connection (DESIGN §5 "real
// pages are HTTPS"): the flights go through the connection's slow start
// like any data, so a large certificate chain costs what it costs. Sizes
// are model assumptions, typical of a modern browser and server:
const (
	// clientHelloSize: Chrome pads its ClientHello to 517 bytes.
	clientHelloSize Bytes = 517
	// tls12ClientFinish: ClientKeyExchange (ECDHE) + ChangeCipherSpec +
	// Finished.
	tls12ClientFinish Bytes = 126
	// tls12ServerFinish: ChangeCipherSpec + Finished.
	tls12ServerFinish Bytes = 51
	// tls13ClientFinished: the client's Finished, sent with its first
	// request.
	tls13ClientFinished Bytes = 74
	// serverHelloSize is added to the certificate flight (ServerHello, key
	// share, EncryptedExtensions/ServerKeyExchange, Finished or
	// ServerHelloDone).
	serverHelloSize Bytes = 250
)

// startTLS sends the ClientHello. TLS 1.3 takes one round trip before the
// request can go (RFC 8446 §2); TLS 1.2 two (RFC 5246 §7.3). Session
// resumption and 0-RTT are not modelled.
func (c *clientConn) startTLS(v TLSVersion) {
	c.state = ccTLS
	c.tlsVer = v
	c.writeFlight(msgTLSClientHello, clientHelloSize)
}

func (c *clientConn) writeFlight(k msgKind, n Bytes) {
	c.wire.up.push(&message{kind: k, hdr: n})
	c.ep.Write(n)
}

// tlsInput handles a complete server flight on the client side.
func (c *clientConn) tlsInput(m *message) {
	if c.state != ccTLS {
		return
	}
	switch {
	case m.kind == msgTLSServerFlight && c.tlsVer == TLS13:
		c.writeFlight(msgTLSClientFinish, tls13ClientFinished)
		c.ready()
	case m.kind == msgTLSServerFlight:
		c.writeFlight(msgTLSClientFinish, tls12ClientFinish)
	case m.kind == msgTLSServerFinish:
		c.ready()
	}
}

// tlsInput handles a complete client flight on the server side.
func (sc *serverConn) tlsInput(m *message) {
	switch m.kind {
	case msgTLSClientHello:
		cert := sc.w.hostCfg(sc.host).CertSize
		sc.writeFlight(msgTLSServerFlight, serverHelloSize+cert)
	case msgTLSClientFinish:
		if sc.tls == TLS12 {
			sc.writeFlight(msgTLSServerFinish, tls12ServerFinish)
		}
	}
}

func (sc *serverConn) writeFlight(k msgKind, n Bytes) {
	if sc.closed {
		return
	}
	sc.wire.down.push(&message{kind: k, hdr: n})
	sc.ep.Write(n)
}
