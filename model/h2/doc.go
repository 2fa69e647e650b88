// Package h2 is HTTP/2 (RFC 9113) on pagesim's packet-level TCP: every
// request of an origin is a stream on one connection, its frames bytes on
// the TCP byte stream like any data, so that what HTTP/2 gains and what it
// loses come out of the mechanisms — multiplexing removes HTTP/1.1's
// head-of-line blocking and its handshakes, and one lost segment still
// stalls every stream behind it, because TCP delivers in order.
//
// # The connection (client.go, conn.go, tls.go, output.go)
//
// The browser (package browser) sends a host's requests here when its
// strategy speaks HTTP/2 and the host negotiates it: over TLS, ALPN picks
// h2 in the handshake's hellos at no cost of its own; on cleartext only
// with prior knowledge (h2c). The client opens one connection per origin
// and writes its preface — the 24-byte magic, SETTINGS, and the
// WINDOW_UPDATE that opens its connection window — right after TLS, with
// its first requests behind it. Each request is a HEADERS frame the moment
// the page asks for it, up to the server's SETTINGS_MAX_CONCURRENT_STREAMS
// (before the server's SETTINGS arrive, Chrome's assumption of 100;
// never more than Chrome's 256); beyond, requests wait for a stream to
// close, the most urgent first. A host whose name resolves to the address
// of an open connection whose certificate covers it rides that connection
// (coalescing, §9.1.1: hosts.NAME.address and cert), once its own DNS
// lookup is done. Frames written at one instant go to TCP as one write
// (output.go: an event loop's write, the kernel's coalescing).
//
// # Frames and headers (frame.go, hpack.go)
//
// Frames have their 9-byte headers; DATA frames carry at most the
// server's frame size (16 384 by default, SETTINGS_MAX_FRAME_SIZE as
// browsers leave it). Header blocks are sized by a byte model of HPACK
// (RFC 7541) with its static table and a FIFO dynamic table bounded by
// the peer's SETTINGS_HEADER_TABLE_SIZE, so repeated request fields cost a
// byte after the first request and come back at full size when the
// table's churn evicts them; the header lists are documented assumptions
// built from client.request_size and server.header_size.
//
// # Flow control (flow.go)
//
// Per stream and per connection, starting at RFC 9113's 65 535 bytes and
// raised by the client's settings (Chrome: 6 MiB per stream, 15 MiB for
// the connection). The client returns credit as Chrome does: when the
// bytes its application has read exceed half the window — so that a
// small window on a long fat path limits a stream to about a window per
// round trip, whatever TCP could do.
//
// # The server (server.go, sched.go)
//
// The server answers each stream after its origin's think time, with
// RST_STREAM(REFUSED_STREAM) beyond its concurrent-stream limit. Its
// scheduler (fifo, round-robin, the RFC 7540 dependency tree that
// Chrome's exclusive chain builds — priority.go —, or RFC 9218 urgency
// and incremental) picks each frame when it is written, and the server
// writes frames only while what it has written but TCP has not yet sent
// is below its send buffer (server.h2.send_buffer): what is already in the
// buffer, or on the wire, cannot be reordered, which is why a deep buffer
// defeats priorities. It closes an idle connection (server.keepalive.timeout)
// with GOAWAY naming the last stream it processed, and after
// server.h2.max_requests streams sends GOAWAY at once and closes when they
// are done. A request that crossed the GOAWAY was never processed: the
// client retries it on a new connection whatever its method (RFC 9113
// §8.7, httpcore.ShouldRetry) — the HTTP/2 form of the idle-close race.
//
// # Not modelled
//
// Server push (browsers disable it), PING, CONTINUATION (a header block
// always fits a frame), PRIORITY frames that change a stream's priority
// after it opened, request bodies and the server's flow-control windows
// for them, padding, SETTINGS_MAX_HEADER_LIST_SIZE, Chrome's separate
// connection for requests without credentials, the GOAWAY that servers
// send first with the largest stream id when shutting down gracefully,
// and HTTP/2 through proxies (proxies here are HTTP/1.x; package browser
// sends a proxied page over HTTP/1.x). The byte split between a header
// field's name and value is not modelled.
package h2
