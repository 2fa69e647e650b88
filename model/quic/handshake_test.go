package quic

import (
	"testing"
	"time"

	"pagesim/model/units"
)

// TestHandshakeRoundTrips checks the closed forms of the handshake on the
// idealised network (r = 100 ms, 100 Gbps, no headers below UDP's
// payload): a small object arrives 2r after the first Initial (1r of
// handshake, 1r for the request); 1r with 0-RTT; 3r when the server's
// first flight exceeds three times the client's 1 200-byte Initial, which
// is all it may send before the client's address is validated (RFC 9000
// §8.1).
func TestHandshakeRoundTrips(t *testing.T) {
	const r = 100 * time.Millisecond
	const tol = time.Millisecond
	cases := []struct {
		name   string
		hs     Handshake
		rounds int // to the object's last byte
		ready  int // to the client's Ready
	}{
		{"small certificate", Handshake{ClientHello: 517, Cert: 1500}, 2, 1},
		{"certificate flight within 3× the Initial", Handshake{ClientHello: 517, Cert: 2500}, 2, 1},
		{"certificate flight beyond 3× the Initial", Handshake{ClientHello: 517, Cert: 3500}, 3, 2},
		{"default 4 KB certificate", Handshake{ClientHello: 517, Cert: 4000}, 3, 2},
		// 40 KB exceed the initial window too: slow start adds a round.
		{"40 KB certificate chain", Handshake{ClientHello: 517, Cert: 40000}, 4, 3},
		{"resumed, no 0-RTT", Handshake{ClientHello: 517, Cert: 4000, Resume: true}, 2, 1},
		{"0-RTT", Handshake{ClientHello: 517, Cert: 4000, Resume: true, ZeroRTT: true}, 1, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := newWorld(t, ideal(r), textbook(), c.hs, 1000)
			got := w.run(t)
			if want := time.Duration(c.rounds) * r; !within(got, want, tol) {
				t.Errorf("object at %v, want %d round trips (%v)", got, c.rounds, want)
			}
			if want := time.Duration(c.ready) * r; !within(w.cl.ready, want, tol) {
				t.Errorf("client ready at %v, want %v", w.cl.ready, want)
			}
			if c.ready > 0 && !within(w.cl.conn, r, tol) {
				t.Errorf("client connected (ServerHello) at %v, want %v", w.cl.conn, r)
			}
		})
	}
}

// TestAmplificationLimit checks that a server sends at most three times
// what it received before the client's address is validated, whatever
// the certificate, and that the first Initial datagram is padded to
// 1 200 bytes.
func TestAmplificationLimit(t *testing.T) {
	for _, cert := range []units.Bytes{1000, 3000, 5000, 20000} {
		w := newWorld(t, ideal(100*time.Millisecond), textbook(), Handshake{ClientHello: 517, Cert: cert}, 1000)
		w.c.A.Connect()
		// Before the server's first flight reaches the client (1 r).
		w.s.Run(simLimits(99 * time.Millisecond))
		if _, up := w.net.Stats(); up.Bytes != int64(MinDatagram) || up.Packets != 1 {
			t.Errorf("cert %v: the client sent %d bytes in %d datagrams, want one padded Initial of %d", cert, up.Bytes, up.Packets, MinDatagram)
		}
		// Before the client's first answer reaches the server (1.5 r).
		w.s.Run(simLimits(149 * time.Millisecond))
		down, _ := w.net.Stats()
		if down.Bytes > 3*int64(MinDatagram) {
			t.Errorf("cert %v: the server sent %d bytes before validation, more than 3 × %d", cert, down.Bytes, MinDatagram)
		}
		flight := int64(flightsOf(Handshake{ClientHello: 517, Cert: cert}).serverFlight)
		if flight < 3000 && down.Bytes < flight {
			t.Errorf("cert %v: the server sent %d bytes, less than its flight of %d that fits", cert, down.Bytes, flight)
		}
		if flight > 3*int64(MinDatagram) && down.Bytes < 3*int64(MinDatagram)-int64(minPacketRoom) {
			t.Errorf("cert %v: the server sent %d bytes, not up to its limit", cert, down.Bytes)
		}
	}
}
