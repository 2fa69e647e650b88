// Package httpcore is what every HTTP version of pagesim shares: the
// settings of clients, servers, hosts, pages and strategies with their
// validation; the Request and its retry rule; the page driver; the origin
// servers and what they serve; DNS and the TLS handshake; the framing of a
// byte stream into units; and the Recorder, the typed events results are
// built from.
//
// # The page (page.go)
//
// A page is a tree of objects: the document first, each other object
// requested when its parent has fully arrived (or a given fraction of it,
// like a preload scanner) and its delay (parse or script time) has
// passed. The load time runs from navigation start to the last byte of the
// last object. PageLoad drives it through a Fetcher (the browser).
//
// # Requests and retries (request.go, retry.go)
//
// A Request lives across attempts. When its connection is lost,
// ShouldRetry — a pure predicate of ordered rules, each with its reason,
// after RFC 9112 §9.3.1 and Go's net/http — says whether it goes again:
// idempotent requests on a reused connection, plus one retry of an empty
// or truncated response, and any request the server says it never
// processed (HTTP/2's GOAWAY and REFUSED_STREAM, RFC 9113 §8.7); the caller
// applies the decision (ApplyRetry; Lose does it all for a lost attempt).
//
// # Reading (reader.go)
//
// A Reader is the client application reading a connection: at once, or at
// client.read_rate in ReadChunk pieces, so that "arrived but not read" is a
// state the receive window feels. Every protocol's client reads through
// one.
//
// # Servers (content.go, dns.go, tls.go)
//
// An Origin thinks (a fixed time or a draw from a distribution, capped at
// MaxDraw), serves the page's objects, injects faults (close_mid_body),
// and caps one client's connections (refusing the SYN or closing at once).
// Each host may require a DNS lookup (once, Resolver) and a TLS handshake
// (1.2: two round trips, 1.3: one); handshake flights are bytes on the
// connection and go through its slow start. The HTTP/2 settings of both
// sides (config_h2.go) live here with the others, so that a Strategy and a
// Server carry them.
//
// # Events (recorder.go)
//
// A Recorder hears every event of a page load in the style of Go's
// net/http/httptrace: DNS lookups, connection opened (and how long it
// waited for its host's lookup), connected, ready and ended (with a typed
// EndReason), request written, first byte, bytes received, response done,
// losses (typed LossReason), retries, a connection that never became ready
// for the requests waiting on it, failures, timeouts. Package model builds
// its Result from these events only.
package httpcore
