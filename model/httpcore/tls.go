package httpcore

import "pagesim/model/units"

// TLS handshakes as flights of bytes on the connection (DESIGN §5 "real
// pages are HTTPS"): the flights go through the connection's slow start
// like any data, so a large certificate chain costs what it costs. TLS 1.3
// takes one round trip before the request can go (RFC 8446 §2), TLS 1.2
// two (RFC 5246 §7.3). Session resumption and 0-RTT are not modelled over
// TCP. Sizes are model assumptions, typical of a modern browser and
// server:
const (
	// ClientHelloSize: Chrome pads its ClientHello to 517 bytes.
	ClientHelloSize units.Bytes = 517
	// TLS12ClientFinish: ClientKeyExchange (ECDHE) + ChangeCipherSpec +
	// Finished.
	TLS12ClientFinish units.Bytes = 126
	// TLS12ServerFinish: ChangeCipherSpec + Finished.
	TLS12ServerFinish units.Bytes = 51
	// TLS13ClientFinished: the client's Finished, sent with its first
	// request.
	TLS13ClientFinished units.Bytes = 74
	// ServerHelloSize is added to the certificate flight (ServerHello, key
	// share, EncryptedExtensions/ServerKeyExchange, Finished or
	// ServerHelloDone).
	ServerHelloSize units.Bytes = 250
)

// Flight is one TLS handshake flight.
type Flight uint8

// The flights, in handshake order.
const (
	NoFlight       Flight = iota
	ClientHello           // ClientHello
	ServerFlight          // ServerHello … certificate … (Finished for 1.3)
	ClientFinished        // 1.2: ClientKeyExchange, ChangeCipherSpec, Finished; 1.3: Finished
	ServerFinished        // 1.2: ChangeCipherSpec, Finished
)

// Handshakes reports whether a connection with this setting does a TLS
// handshake.
func (v TLSVersion) Handshakes() bool { return v == TLS12 || v == TLS13 }

// ClientAfter is the client's step: having received flight got, it sends
// send (of size bytes; NoFlight: nothing) and is ready for requests when
// ready.
func (v TLSVersion) ClientAfter(got Flight) (send Flight, size units.Bytes, ready bool) {
	switch {
	case got == ServerFlight && v == TLS13:
		return ClientFinished, TLS13ClientFinished, true
	case got == ServerFlight:
		return ClientFinished, TLS12ClientFinish, false
	case got == ServerFinished:
		return NoFlight, 0, true
	}
	return NoFlight, 0, false
}

// ServerAfter is the server's step: having received flight got, it sends
// send (of size bytes; NoFlight: nothing). cert is the certificate chain.
func (v TLSVersion) ServerAfter(got Flight, cert units.Bytes) (send Flight, size units.Bytes) {
	switch {
	case got == ClientHello:
		return ServerFlight, ServerHelloSize + cert
	case got == ClientFinished && v == TLS12:
		return ServerFinished, TLS12ServerFinish
	}
	return NoFlight, 0
}
