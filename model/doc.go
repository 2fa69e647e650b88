// Package model is pagesim's network and protocol model: a shared access
// link, packet-level TCP, and HTTP connection management as HTTP: The
// Definitive Guide (ch. 4) describes it — serial, parallel, persistent
// (HTTP/1.0 Keep-Alive and HTTP/1.1) and pipelined connections, and the
// ways they go wrong. Simulate runs one page load on the event engine of
// package sim and returns a Result; everything in the Result follows from
// the mechanisms below, never from a formula pasted on top.
//
// # The network (link.go, net.go)
//
// The client reaches every server through one access link, the
// bottleneck all its connections share:
//
//	client ══ access link ══ edge ── host delay ── server
//
// Each direction of the access link has a rate, a drop-tail queue counted
// in packets (the packet being serialized not included), an i.i.d. random
// loss probability drawn from its own random stream, and a propagation
// delay of RTT/2. A packet costs (payload + header) × 8 / rate to
// serialize; header is 40 bytes by default (IPv4 + TCP without options;
// SACK and timestamp option bytes are not counted) and may be 0 for
// textbook cases. Each host adds ExtraRTT/2 each way beyond the edge
// (servers at different distances), as a pure delay: servers' own links
// are never the bottleneck. Proxies sit at the edge (proxy.go).
// A drop rule (DropRule, DropDataSegment) drops chosen packets
// deterministically, for tests and fault scenarios.
//
// # TCP (tcp.go, snd.go, rcv.go, rto.go, sack.go, cc*.go)
//
// Each connection is two Endpoints exchanging segments through the
// network. Sequence numbers are 64-bit byte offsets that never wrap. The
// data is counted, not carried: an application writes n bytes and the
// peer reads counts back; HTTP keeps track of which bytes are which
// message (message.go). Every rule is cited next to the code that applies
// it:
//
//   - three-way handshake; SYN and SYN-ACK retried on the initial RTO of
//     1 s with exponential backoff (RFC 6298 §2.1, §5.5), giving up after
//     Linux's retry counts;
//   - initial window in segments (RFC 6928, default 10), receive window
//     (default 4 MiB, what Linux autotuning reaches on a fast path — an
//     assumption), MSS;
//   - slow start with a selectable per-ACK increase (RFC 5681's one SMSS,
//     RFC 3465's L = 2, or Linux's every acked byte), congestion avoidance
//     by byte counting (Reno/NewReno) or CUBIC (RFC 9438, β = 0.7, C = 0.4,
//     fast convergence, Reno-friendly region; no HyStart);
//   - cwnd grows only while the window limits the sender (RFC 7661 §4.3,
//     Linux tcp_is_cwnd_limited);
//   - loss recovery: three duplicate ACKs start fast retransmit; with SACK
//     on (the default, as Linux) recovery follows RFC 6675 (scoreboard,
//     IsLost, pipe, NextSeg); with SACK off, NewReno (RFC 6582) or Reno
//     (RFC 5681 §3.2); a timeout follows RFC 6298 and resends from the
//     first unacknowledged byte, skipping what the peer holds — unless
//     F-RTO (RFC 5682, on by default as in Linux) finds it spurious and
//     undoes the window reduction;
//   - RTT estimation and RTO as RFC 6298 with Karn's algorithm, a
//     configurable minimum (Linux's 200 ms by default) and a 120 s cap;
//   - the receiver acknowledges cumulatively, delays ACKs (every second
//     segment or a 40 ms timer, RFC 1122 §4.2.3.2 / RFC 5681 §4.2, or off),
//     starts in Linux's quick-ACK mode, acknowledges out-of-order data and
//     gap fills at once, and advertises the free space of its buffer;
//   - Nagle's algorithm (RFC 896) as an option;
//   - slow-start restart after an idle period longer than the RTO (RFC 5681
//     §4.1), with Linux's memory of the old window in ssthresh;
//   - FIN in both directions, half-close (Shutdown) and full close (Close);
//     closing with unread data, or receiving data after a full close, sends
//     a RST (RFC 2525 §2.17, RFC 9293 §3.10.7.4); a RST destroys whatever
//     had arrived but was not yet read (Result.DestroyedBytes). The
//     application reads through an explicit Read, at once or at a modelled
//     pace (Client.ReadRate), so "arrived but unread" is a real state.
//
// Not modelled: timestamps and PAWS, window scaling limits (the receive
// window is a plain byte count), RACK/TLP, ECN, pacing, HyStart, TIME-WAIT
// duration, and sequence wrap-around.
//
// # HTTP (client.go, clientconn.go, server.go, page.go, retry.go, tls.go)
//
// A page is a tree of objects: the document first, each other object
// requested when its parent has fully arrived (or a given fraction of it,
// like a preload scanner) and its delay (parse or script time) has
// passed. The load time runs from navigation start to the last byte of the
// last object.
//
// The client has per-host pools of connections. A strategy (Strategies)
// says which HTTP version it speaks, how many connections it may open per
// host and in all, and whether it pipelines. It reuses idle connections
// most recently used first; opens a new one when the caps allow; closes an
// idle connection of another host when the total cap is reached; honours
// the server's Keep-Alive max and timeout; gives up on a connection whose
// response does not progress for Client.Timeout. Each response's headers
// decide the connection's future: HTTP/1.0 closes; HTTP/1.0 with
// Connection: Keep-Alive persists only if the response says Keep-Alive
// too; HTTP/1.1 persists unless Connection: close; a body without
// Content-Length ends with the connection. Requests lost with their
// connection are retried by the rule of RFC 9112 §9.3.1 and Go's net/http
// (retry.go): idempotent requests on a reused connection, plus one retry
// of an empty or truncated response.
//
// The server answers each connection's requests in order after a think
// time (fixed or drawn from a distribution), keeps connections alive as
// the request and its Keep-Alive max/timeout allow, closes an idle
// connection at its timeout whatever is in flight, caps connections per
// client (refusing the SYN or closing at once), gives a new connection up
// to 60 s (or its Keep-Alive timeout, if longer) for its first request — a
// model assumption after Apache's Timeout and nginx's
// client_header_timeout — and closes by half-close
// (lingering: it keeps reading) or full close. Each host may require DNS
// and a TLS handshake (1.2: two round trips, 1.3: one); handshake flights
// are bytes on the connection and go through its slow start.
//
// # Proxies (proxy.go)
//
// A dumb proxy is an HTTP/1.0 blind relay: it forwards Connection:
// Keep-Alive untouched and, after the first response, waits for the server
// to close — the chapter's hang. A smart proxy speaks HTTP/1.1, answers the
// client itself (understanding Proxy-Connection), strips hop-by-hop
// headers and fetches through its own persistent connections. Chains of
// both are allowed.
//
// # Results and traces (result.go, trace.go)
//
// A Result holds the load time, per-object timelines, per-connection
// records, counters (packets and bytes each way, retransmissions,
// timeouts, retries, failures, truncations, destroyed bytes), stalls and,
// on request, every cwnd change. A Trace collects typed records (segments,
// drops, retransmissions, RTOs, cwnd, state changes, destroyed bytes).
// Reports are built from these only.
//
// # Determinism
//
// A run is a function of its Config: events are ordered by (time,
// sequence), and every random draw comes from a stream named by
// (Seed, Run, purpose) — loss per link direction, think time per host — so
// adding a random component does not change what another draws.
package model
