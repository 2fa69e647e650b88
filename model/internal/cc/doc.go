// Package cc is the congestion-control arithmetic that pagesim's TCP
// (package tcp) and QUIC (package quic) have in common, each piece tested
// on a window alone, without a network:
//
//   - cubic.go: CUBIC (RFC 9438) — W_cubic(t) = C·(t − K)³ + W_max with
//     K = ∛((W_max − cwnd)/C), the Reno-friendly estimate W_est, the
//     target one RTT ahead clamped to [cwnd, 1.5·cwnd], the reduction to
//     β = 0.7 and fast convergence;
//   - hystart.go: HyStart, the slow-start exit of Ha and Rhee, as Linux's
//     CUBIC runs it (an ACK-train and a delay-increase detector) and as
//     quiche runs it for Chrome's QUIC (the delay detector alone, checked
//     once per round), with rounds counted in an abstract monotone
//     sequence — TCP's sequence numbers, QUIC's packet numbers.
//
// What is not here, and why: the window itself, slow start's increase,
// when a loss counts as a congestion event and what cwnd becomes after
// it stay with each transport, because the RFCs differ there — TCP counts
// recovery episodes by sequence number (RFC 6582, RFC 6675) and resets
// cwnd to one segment after a timeout, QUIC counts recovery periods by
// send time (RFC 9002 §7.3.2) and has persistent congestion instead of a
// timeout. NewReno's arithmetic is not shared either: TCP grows by one
// SMSS per window of acknowledged bytes with a byte counter (RFC 5681,
// RFC 3465) or ns-3's SMSS²/cwnd per ACK, and halves the flight size;
// QUIC grows by max_datagram_size·acked/cwnd per packet and halves the
// window (RFC 9002 Appendix B) — two lines each, written as each RFC
// states them.
//
// Each transport keeps its own small congestionControl interface (when
// the sender calls what) and adapts to these types; the algorithms see
// only numbers — the window and the segment size in bytes, the bytes an
// ACK acknowledges, the engine's clock and the smoothed RTT — so that the
// same code gives the same window for the same inputs in either.
package cc
