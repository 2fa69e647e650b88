// Package model is pagesim's simulator: a shared access link, packet-level
// TCP, and HTTP connection management as HTTP: The Definitive Guide
// (ch. 4) describes it — serial, parallel, persistent (HTTP/1.0 Keep-Alive
// and HTTP/1.1) and pipelined connections, and the ways they go wrong — and
// HTTP/2 (every request of an origin a stream on one connection) and
// HTTP/3 over packet-level QUIC, all on the same link.
// Simulate runs one page load on the event engine of package sim and
// returns a Result; everything in the Result follows from the mechanisms,
// never from a formula pasted on top. A Simulator runs loads one after
// another with the same results, reusing what the previous load grew (the
// engine's queue, the network's and TCP's slabs): one per worker of a
// study.
//
// Package model is the façade: Config, Simulate, Result and the named
// Strategies, with the settings of the layers below re-exported under their
// YAML names. The mechanisms live in packages below it, one per protocol
// layer, each explained in its own documentation; imports point downward
// only:
//
//	model             Config, Validate, Simulate; the Result, built from recorder events (record.go)
//	model/browser     the browser's HTTP: each host's requests over its protocol's transport (Route)
//	model/h1          HTTP/1.0, Keep-Alive, 1.1, pipelining, keep-alive limits, framing, proxies
//	model/h2          HTTP/2: frames, HPACK, flow control, schedulers, send buffer, GOAWAY, coalescing
//	model/h3          HTTP/3: a request per QUIC stream, QPACK header sizes
//	model/httpcore    what every HTTP shares: settings, requests and retries, the page driver,
//	                  origins, DNS, TLS, framing, the Recorder of typed events
//	model/tcp         packet-level TCP: sender, receiver, RTO, SACK, loss recovery, congestion control
//	model/quic        packet-level QUIC: TLS 1.3 handshake, ACKs, RFC 9002 recovery, streams, flow control
//	model/link        the access link every transport shares: rate, queue, loss, delay
//	model/units       Bytes, BitRate, durations: parsing, printing, serialization time
//	sim               the discrete-event engine, timers, named random streams
//
// # Results
//
// A Result holds the load time, whether the load completed (and if not
// why), per-object timelines (each phase the object's own: its DNS phase
// is the wait of the connection opened for it, absent when that
// connection's host was already resolved; a failed object has its time of
// failure and the connection tried for it) with the spans in which each
// object's bytes arrived (so that streams multiplexed on one HTTP/2
// connection, and the stalls behind a lost segment, show), per-connection
// records with their protocol and a typed end reason, counters (packets
// and bytes each way, retransmissions, timeouts,
// retries, failures, truncations, destroyed bytes), stalls and, on
// request, every cwnd change. It is assembled from the events of
// httpcore.Recorder and the counters of the link and TCP, never from the
// protocol machinery's state; reports are built from Results only.
//
// # Determinism
//
// A run is a function of its Config: events are ordered by (time,
// sequence), and every random draw comes from a stream named by
// (Seed, Run, purpose) — loss per link direction, think time per host — so
// adding a random component does not change what another draws.
package model
