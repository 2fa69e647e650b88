package quic

import (
	"time"

	"pagesim/model/units"
)

// The TLS 1.3 messages of a QUIC handshake (RFC 9001 §4), carried in
// CRYPTO frames: no TLS record layer, so no record headers. Sizes are
// model assumptions, named here:
const (
	// TransportParamsLen is the quic_transport_parameters extension the
	// client adds to its ClientHello and the server to its
	// EncryptedExtensions (RFC 9000 §18: a dozen parameters, connection
	// IDs, a few bytes each).
	TransportParamsLen units.Bytes = 90
	// ServerHelloLen: the 4-byte handshake header, version, 32-byte
	// random, cipher suite, and the supported_versions and X25519
	// key_share extensions.
	ServerHelloLen units.Bytes = 90
	// EncryptedExtensionsLen: ALPN "h3" and the transport parameters.
	EncryptedExtensionsLen units.Bytes = 4 + 2 + 9 + TransportParamsLen
	// CertificateVerifyLen: an RSA-2048 signature (256 bytes) with its
	// headers, for the default RSA-2048 chain (httpcore.Host.CertSize).
	CertificateVerifyLen units.Bytes = 264
	// FinishedLen: a SHA-256 verify_data and its header.
	FinishedLen units.Bytes = 36
	// PSKLen is what a resuming ClientHello adds: the pre_shared_key
	// extension with a session ticket of about 160 bytes and its 33-byte
	// binder, psk_key_exchange_modes, and early_data for 0-RTT.
	PSKLen units.Bytes = 200
)

// flights are the byte counts of a connection's handshake flights.
type flights struct {
	clientHello  int64 // client → server, Initial space
	serverHello  int64 // server → client, Initial space
	serverFlight int64 // EncryptedExtensions … Finished, Handshake space
	clientFin    int64 // client → server, Handshake space
}

// flightsOf sizes the handshake: a full one sends the Certificate and
// CertificateVerify; a resumed one (a PSK) sends neither.
func flightsOf(h Handshake) flights {
	f := flights{clientHello: int64(h.ClientHello + TransportParamsLen), serverHello: int64(ServerHelloLen),
		serverFlight: int64(EncryptedExtensionsLen + FinishedLen), clientFin: int64(FinishedLen)}
	if h.Resume {
		f.clientHello += int64(PSKLen)
	} else {
		f.serverFlight += int64(h.Cert + CertificateVerifyLen)
	}
	return f
}

// handshake is an endpoint's progress through the handshake.
type handshake struct {
	f flights
	// complete: TLS is done here (RFC 9001 §4.1.1); confirmed: the
	// handshake is confirmed (§4.1.2: at the server when complete, at
	// the client when HANDSHAKE_DONE arrives).
	complete, confirmed bool
	ready               bool // App.Ready was called
	// Server: accepted the connection; the client's address validated
	// (RFC 9000 §8.1) — until then it sends at most three times what it
	// received (rcvd, sent); its flight written.
	accepted, validated bool
	rcvd, sent          units.Bytes
	flightWritten       bool
	// Client: the server has validated our address, as far as the client
	// knows (an ACK of a Handshake packet, or HANDSHAKE_DONE: RFC 9002
	// §6.2.2.1); it sent a Handshake packet (so it discards its Initial
	// keys, RFC 9001 §4.9.1).
	peerValidated bool
	sentHandshake bool
	handshakeDone bool // server: HANDSHAKE_DONE to send
}

// Connect starts the client's handshake: the ClientHello goes in an
// Initial packet padded to 1 200 bytes. With 0-RTT the application is
// ready at once, and what it writes goes in 0-RTT packets with the
// Initial.
func (e *Endpoint) Connect() {
	if !e.client || e.hs.f.clientHello != 0 || e.closed {
		panic("quic: invariant violated: Connect on a server or twice")
	}
	e.hs.f = flightsOf(e.conn.hs)
	e.peer.hs.f = e.hs.f
	e.snd[initialSpace].crypto.write(e.hs.f.clientHello)
	if t := e.cfg.HandshakeTimeout; t > 0 {
		e.hsTimer.ResetAfter(t)
	}
	if e.conn.hs.ZeroRTT {
		e.zeroRTT = true
		e.hs.ready = true
		e.app.Ready(e)
	}
	e.flush()
	e.armIdle()
}

// accept runs when a server's first datagram arrives: the application
// admits or refuses the connection.
func (e *Endpoint) accept() bool {
	e.hs.accepted = true
	e.zeroRTT = e.conn.hs.ZeroRTT // 0-RTT accepted with the ticket
	if e.app.Accept(e) {
		return true
	}
	// Refused: CONNECTION_CLOSE with CONNECTION_REFUSED in an Initial
	// (RFC 9000 §20.1); the server forgets the connection.
	e.refusing = true
	e.Close()
	return false
}

// cryptoArrived advances the handshake after CRYPTO data arrived in
// space sp: each side acts once the whole flight it waits for is there.
func (e *Endpoint) cryptoArrived(sp space) {
	got := e.rcv[sp].crypto.got.prefix()
	f := &e.hs.f
	switch {
	case !e.client && sp == initialSpace && got >= f.clientHello && !e.hs.flightWritten:
		// The server answers the ClientHello with its whole flight: the
		// ServerHello in Initial packets, the rest in Handshake packets
		// (RFC 9001 §4.1.4). It may send 1-RTT data after its Finished
		// (the 0.5-RTT data that answers 0-RTT requests).
		e.hs.flightWritten = true
		e.snd[initialSpace].crypto.write(f.serverHello)
		e.keys[handshakeSpace] = true
		e.snd[handshakeSpace].crypto.write(f.serverFlight)
		e.keys[appSpace] = true
	case e.client && sp == initialSpace && got >= f.serverHello && !e.keys[handshakeSpace]:
		e.keys[handshakeSpace] = true
		e.newKeys = true
		e.app.Connected(e)
	case e.client && sp == handshakeSpace && got >= f.serverFlight && !e.hs.complete:
		// The server's Finished: the client sends its own, and has 1-RTT
		// keys (RFC 9001 §4.1.1: the handshake is complete).
		e.snd[handshakeSpace].crypto.write(f.clientFin)
		e.keys[appSpace] = true
		e.newKeys = true
		e.zeroRTT = false
		e.hs.complete = true
		e.hsTimer.Stop()
		if !e.hs.ready {
			e.hs.ready = true
			e.app.Ready(e)
		}
	case !e.client && sp == handshakeSpace && got >= f.clientFin && !e.hs.complete:
		// The client's Finished: complete and confirmed at the server
		// (§4.1.2), which says so with HANDSHAKE_DONE (RFC 9000 §19.20)
		// and discards its Handshake keys (RFC 9001 §4.9.2).
		e.hs.complete, e.hs.confirmed = true, true
		e.hs.handshakeDone = true
		e.discardSpace(handshakeSpace)
		e.newKeys = true
		e.hs.ready = true
		e.app.Ready(e)
	}
}

// handshakeDoneArrived confirms the client's handshake (RFC 9001 §4.1.2):
// it discards its Handshake keys and knows its address was validated.
func (e *Endpoint) handshakeDoneArrived() {
	if !e.client || e.hs.confirmed {
		return
	}
	e.hs.confirmed = true
	e.hs.peerValidated = true
	e.discardSpace(handshakeSpace)
}

// canSendIn reports whether this endpoint can send packets of space sp
// now (it has the keys and has not discarded them); zero reports a 0-RTT
// packet.
func (e *Endpoint) canSendIn(sp space) (ok, zero bool) {
	if e.discarded[sp] {
		return false, false
	}
	if sp == appSpace && e.client && !e.keys[appSpace] {
		return e.zeroRTT, true
	}
	return e.keys[sp], false
}

// canRead reports whether a packet of space sp (0-RTT when zero) can be
// decrypted here now.
func (e *Endpoint) canRead(sp space, zero bool) bool {
	if e.discarded[sp] {
		return false
	}
	switch {
	case sp != appSpace:
		return e.keys[sp]
	case zero:
		return !e.client && e.zeroRTT
	case e.client:
		return e.keys[appSpace]
	}
	// The server reads 1-RTT packets once the client's Finished is in.
	return e.hs.complete
}

// amplificationRoom is what a server may still send before the client's
// address is validated: three times what it received (RFC 9000 §8.1).
// Validated, or a client: no limit (-1).
func (e *Endpoint) amplificationRoom() units.Bytes {
	if e.client || e.hs.validated {
		return -1
	}
	return max(0, 3*e.hs.rcvd-e.hs.sent)
}

// onHandshakeTimeout gives up a client handshake that did not complete:
// a CONNECTION_CLOSE tells the server (if it arrives), and the client is
// told ErrHandshakeTimeout.
func (e *Endpoint) onHandshakeTimeout(now time.Duration) {
	if e.closed || e.hs.complete {
		return
	}
	e.closeQueue = true
	e.closeErr = ErrHandshakeTimeout
	e.flush()
	e.terminate(ErrHandshakeTimeout)
}
