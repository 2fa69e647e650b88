// Package tcp is pagesim's packet-level TCP: each connection is two
// Endpoints exchanging segments through the shared network of package link.
// Sequence numbers are 64-bit byte offsets that never wrap (Seq). The data
// is counted, not carried: an application writes n bytes and the peer
// reads counts back; HTTP keeps track of which bytes are which message.
// Every rule is cited next to the code that applies it, one file per
// mechanism:
//
//   - handshake.go: the three-way handshake; SYN and SYN-ACK retried on
//     the initial RTO of 1 s with exponential backoff (RFC 6298 §2.1,
//     §5.5), giving up after Linux's retry counts;
//   - snd.go: the sender — initial window in segments (RFC 6928, default
//     10), slow start with a selectable per-ACK increase (RFC 5681's one
//     SMSS, RFC 3465's L = 2, or Linux's every acked byte), cwnd growing
//     only while the window limits the sender (RFC 7661 §4.3, Linux
//     tcp_is_cwnd_limited), sender silly-window avoidance, Nagle's
//     algorithm (RFC 896) as an option, slow-start restart after an idle
//     period longer than the RTO (RFC 5681 §4.1) with Linux's memory of
//     the old window in ssthresh;
//   - cc.go, cc_reno.go, cc_cubic.go: congestion control behind a narrow
//     interface that sees only the window — Reno's byte counting (RFC 5681,
//     RFC 3465) and CUBIC (RFC 9438: β = 0.7, C = 0.4, fast convergence,
//     the Reno-friendly region; no HyStart);
//   - recovery.go: loss recovery as an interface chosen once, independent
//     of congestion control — Reno (RFC 5681 §3.2), NewReno (RFC 6582) or
//     SACK (RFC 6675) — and sack.go, the SACK blocks of the receiver
//     (RFC 2018) and the sender's scoreboard (IsLost, pipe, NextSeg rule
//     1; rules 3–4, the rescue retransmission, are not modelled);
//   - rto.go: RTT estimation and the RTO as RFC 6298 with Karn's
//     algorithm, a configurable minimum (Linux's 200 ms by default) and a
//     120 s cap; a timeout resends from the first unacknowledged byte,
//     skipping what the peer holds — unless frto.go, F-RTO (RFC 5682, on
//     by default as in Linux), finds it spurious and undoes the window
//     reduction;
//   - rcv.go: the receiver — cumulative ACKs, delayed ACKs (every second
//     segment or a 40 ms timer, RFC 1122 §4.2.3.2 / RFC 5681 §4.2, or
//     off), Linux's quick-ACK mode at the start, immediate ACKs of
//     out-of-order data and gap fills, and the free space of its buffer as
//     the window, updated as Linux's tcp_cleanup_rbuf does;
//   - close.go: FIN in both directions, half-close (Shutdown) and full
//     close (Close); closing with unread data, or receiving data after a
//     full close, sends a RST (RFC 2525 §2.17, RFC 9293 §3.10.7.4); a RST
//     destroys whatever had arrived but was not yet read. The application
//     reads through an explicit Read, so "arrived but unread" is a real
//     state.
//
// An application may bound what it commits ahead of the wire: Unsent is
// what it wrote that was never transmitted, and an App that is also a
// Drainer hears when arriving ACKs let some of it go (an HTTP/2 server's
// scheduler writes frames only as the wire takes them).
//
// A Stack holds the connections of one simulation, the contents of the
// segments in flight (the network carries only their handle), counters and
// an optional Trace of typed records.
//
// Not modelled: timestamps and PAWS, window scaling limits (the receive
// window is a plain byte count), RACK/TLP, ECN, pacing, HyStart, TIME-WAIT
// duration, and sequence wrap-around.
package tcp
