// Package h3 is HTTP/3 (RFC 9114) over pagesim's QUIC (package quic), with
// QPACK (RFC 9204) as a size model.
//
// The client (client.go) keeps one QUIC connection per origin (RFC 9114
// §3.3) and sends each request on a new bidirectional stream — a HEADERS
// frame and the stream's end — as many at once as the server's stream
// limit allows (MAX_STREAMS raises it as streams finish). Each response
// is read from its own stream: HEADERS, then the body in a DATA frame,
// then the FIN. Because QUIC delivers streams independently, a lost
// packet holds back only the responses whose bytes it carried; the
// others are read as they arrive. A response's length is known from its
// framing, so a body cut short (a RESET_STREAM) is detected as truncated.
// Lost requests go to httpcore.ShouldRetry; the client's response timeout,
// idle timeout and read pace (client.read_rate: the application reads the
// connection's streams, oldest first, a chunk at a time at that rate, and
// flow control credit returns as it reads) apply per connection as in
// HTTP/1.x. When QUIC cannot
// be set up — the handshake times out, or the server refuses — the host
// is marked broken and its requests go to the browser's fallback over TCP
// (package browser), as Chrome does.
//
// The server (server.go) answers each request stream after the origin's
// think time, in whatever order the requests finish thinking: HEADERS, a
// DATA frame, FIN. A close_mid_body fault resets that stream only. The
// origin's per-client connection cap applies to QUIC connections too; its
// Keep-Alive limits, close style and content_length are HTTP/1.x's — an
// HTTP/3 connection lasts until QUIC's idle timeout, and its framing
// always delimits the body.
//
// Each side opens its control stream with SETTINGS and its QPACK encoder
// and decoder streams (session.go); their bytes count on the wire.
//
// # Header sizes (headers.go, qpack.go)
//
// The fields of a request and a response are model assumptions: what
// Chrome sends for a subresource (method, scheme, authority, path, a
// user agent, accept, accept-encoding, accept-language) and what a
// static-file server answers (status, content-type, content-length, date,
// server, alt-svc). A filler field — a cookie on requests, an etag on
// responses, of base64 characters — makes each list's HTTP/1.1 text
// exactly client.request_size or server.header_size, the sizes package h1
// puts on the wire, so that both versions carry the same headers. QPACK
// then sizes them field by field as an encoder would: an index into the
// 99-entry static table, a literal with a static name, or a literal name
// and value, each string Huffman-coded (RFC 7541 Appendix B) when that is
// shorter. A 400-byte request becomes about 240 bytes; a 250-byte
// response header about 140.
//
// With a dynamic table (h3.qpack_table > 0, once the peer's SETTINGS
// allow it) the fields that repeat on a connection — authority, user
// agent, cookie, server, alt-svc — are inserted once on the encoder
// stream and referenced by index afterwards: a request shrinks to about
// 20 bytes. A field section that references an insertion not yet arrived
// is blocked at the decoder (RFC 9204 §2.1.2) until the encoder stream
// delivers it — so a packet lost on the encoder stream holds back every
// stream that needs it, the one head-of-line blocking HTTP/3 keeps. The
// encoder lets at most h3.qpack_blocked_streams sections be blocked at
// once (0: it only references acknowledged entries); decoders acknowledge
// sections and insertions on their decoder stream. Simplifications:
// entries are evicted oldest first even when unacknowledged references
// remain; a relative index is sized as 1–2 bytes as encoded.
//
// Not modelled: server push, priorities signalled by the client (the
// transport's scheduler stands in, quic.scheduler), PRIORITY_UPDATE,
// GOAWAY, extended CONNECT, datagrams.
package h3
