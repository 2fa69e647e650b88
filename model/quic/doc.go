// Package quic is pagesim's QUIC (RFC 9000, 9001, 9002): a transport in
// user space over UDP, whose datagrams cross the same access link as TCP's
// segments (package link) — the same rate, queue and loss — carrying IPv4
// and UDP headers (28 bytes, Config.UDPHeader) below QUIC's own. As in
// package tcp, data is counted, not carried: an application writes n
// bytes on a stream and the peer reads counts back; every header, frame
// and length field is sized as the RFCs encode it (wire.go). One file per
// mechanism:
//
//   - handshake.go: the TLS 1.3 handshake in CRYPTO frames (RFC 9001 §4):
//     the client's ClientHello (with QUIC's transport parameters) in an
//     Initial padded to 1 200 bytes (RFC 9000 §14.1); the server's
//     ServerHello in Initial packets and its EncryptedExtensions,
//     Certificate, CertificateVerify and Finished in Handshake packets —
//     at most three times what it received until a Handshake packet from
//     the client validates its address (RFC 9000 §8.1), so a certificate
//     flight larger than that costs a round trip; the client's Finished;
//     HANDSHAKE_DONE, which confirms the handshake at the client (RFC
//     9001 §4.1.2); the discarding of Initial and Handshake keys (§4.9).
//     Resumption leaves out the Certificate and CertificateVerify; 0-RTT
//     lets the client send application data with its first flight (§4.6;
//     always accepted). The message sizes are named model assumptions;
//   - packet.go, wire.go, send.go: packet number spaces (Initial,
//     Handshake, application), packet numbers never reused and encoded in
//     1–4 bytes as RFC 9000 §17.1 says, long and short headers, the
//     16-byte AEAD tag, coalescing of packets into datagrams (§12.2), and
//     the assembly of each packet: an ACK frame if one is due or can ride
//     along, then — within the congestion window, the pacer and, for a
//     server, the amplification limit — CRYPTO data, control frames
//     (HANDSHAKE_DONE, MAX_DATA, MAX_STREAMS, MAX_STREAM_DATA,
//     RESET_STREAM) and STREAM frames, retransmissions before new data;
//   - ack.go: acknowledgements (RFC 9000 §13.2): Initial and Handshake
//     packets at once; 1-RTT packets every second ack-eliciting packet
//     (Config.AckThreshold) or after max_ack_delay (25 ms), and at once
//     when out of order; ACK frames with ranges (at most 32), the ACK
//     Delay field, and pruning once an ACK frame is itself acknowledged;
//   - recovery.go, rtt.go: loss detection as RFC 9002 §6 and Appendix A —
//     a packet is lost when one sent three packets later is acknowledged
//     or when it is older than 9/8 · max(smoothed RTT, latest RTT); the
//     probe timeout (smoothed RTT + max(4·rttvar, 1 ms) + max_ack_delay)
//     with exponential backoff, two probes per expiry (quic-go's choice)
//     carrying new data or data in flight again, probes in every space
//     with data waiting, and the client's anti-deadlock probe while the
//     server may be blocked by its amplification limit; RTT estimation
//     with the peer's ACK delay (RFC 9002 §5);
//   - cc.go, cc_newreno.go, cc_cubic.go, hystart.go, pacing.go:
//     congestion control as RFC 9002 §7 — slow start from ten datagrams,
//     ended before a loss by HyStart as quiche's HybridSlowStart runs it
//     (Config.HyStart: a round's RTT rising by min/8, clamped to 4–16 ms),
//     recovery periods, NewReno's halving or CUBIC's β = 0.7 (RFC 9438,
//     the arithmetic package model/internal/cc shares with TCP),
//     persistent congestion collapsing the window to two datagrams — and
//     pacing at 1.25 · cwnd / RTT as an option (§7.7);
//   - stream.go, flowcontrol.go: streams (RFC 9000 §2–4), each delivered
//     in order and independently of the others — a lost packet holds back
//     only the streams whose frames it carried — with stream and
//     connection flow control (Chrome's 6 MiB and 15 MiB windows by
//     default), stream limits raised by MAX_STREAMS as streams finish
//     (quiche's rule: while the peer has half the limit or less in
//     hand), RESET_STREAM, and a scheduler sharing packets among streams in
//     stream-ID order (RFC 9218's default priority) or round robin;
//   - idle.go: the idle timeout (RFC 9000 §10.1), at least three PTOs,
//     and the client's handshake timeout (quiche's 10 s).
//
// A Stack holds the connections of one simulation, the packets the
// senders remember and the datagrams in flight (the network carries only
// their handle; nothing is allocated per packet in steady state), and
// counters.
//
// Not modelled: connection IDs beyond their length (no migration, no
// NEW_CONNECTION_ID, no stateless reset), Retry and NEW_TOKEN (so a
// resumed connection is still amplification-limited), key updates, ECN,
// path MTU discovery (datagrams are Config.MaxDatagram), the closing and
// draining periods, DATA_BLOCKED and STREAMS_BLOCKED frames, receive
// window auto-tuning, spurious-loss undo; persistent congestion is looked
// for within one packet number space, and HyStart counts rounds in the
// application data space only.
package quic
