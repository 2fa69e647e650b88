// Package tcp is pagesim's packet-level TCP: each connection is two
// Endpoints exchanging segments through the shared network of package link.
// Sequence numbers are 64-bit byte offsets that never wrap (Seq). The data
// is counted, not carried: an application writes n bytes and the peer
// reads counts back; HTTP keeps track of which bytes are which message.
// Every rule is cited next to the code that applies it, one file per
// mechanism, and every mechanism that differs between real stacks is a
// field of Config, chosen once:
//
//   - handshake.go: the three-way handshake; SYN and SYN-ACK retried on
//     the initial RTO (RFC 6298 §2.1: 1 s) with exponential backoff
//     (§5.5), giving up after Linux's retry counts; the option bytes a SYN
//     carries (Config.SynOptions);
//   - snd.go: the sender — initial window in segments (RFC 6928, default
//     10), slow start with a selectable per-ACK increase (RFC 5681's one
//     SMSS, RFC 3465's L = 2, or Linux's every acked byte) and ACK counting
//     (bytes, or ns-3's whole segments with the remainder banked), cwnd
//     growing only while the window limits the sender (RFC 7661 §4.3,
//     Linux tcp_is_cwnd_limited), sender silly-window avoidance, Nagle's
//     algorithm (RFC 896) as an option, when written data is pushed
//     (Config.Push: at once, Linux's autocorking within an instant, or
//     ns-3's one time step later), slow-start restart after an idle period
//     longer than the RTO (RFC 5681 §4.1) with Linux's memory of the old
//     window in ssthresh (window.restart);
//   - packets.go: a window counted in packets as Linux counts it (a
//     300-byte segment takes a whole slot) or in bytes (Config.CwndUnit);
//   - hystart.go: HyStart as Linux's CUBIC runs it — slow start ends on an
//     ACK train as long as half the minimum RTT, or on an RTT increase of
//     clamp(minRTT/8, 4 ms, 16 ms), once cwnd ≥ 16 segments (the detectors
//     are package model/internal/cc's, shared with QUIC);
//   - cc.go, cc_reno.go, cc_cubic.go: congestion control behind a narrow
//     interface that sees only the window — Reno's byte counting (RFC 5681,
//     RFC 3465) or RFC 5681 eq. 3 per ACK, and CUBIC (RFC 9438: β = 0.7,
//     C = 0.4, the §4.4 clamp, fast convergence, the Reno-friendly region),
//     whose arithmetic is package cc's, shared with QUIC;
//   - recovery.go: loss recovery as an interface chosen once, independent
//     of congestion control — Reno (RFC 5681 §3.2), NewReno (RFC 6582) or
//     SACK (RFC 6675) — with prr.go, Proportional Rate Reduction (RFC
//     6937; Linux's tcp_cwnd_reduction and ns-3's variant), limited.go,
//     Limited Transmit (RFC 3042, and RFC 6675 §5 (3) with SACK), and
//     sack.go, the SACK blocks of the receiver (RFC 2018) and the sender's
//     scoreboard (IsLost as RFC 6675 defines it, pipe, NextSeg rules 1–2,
//     and rules 3–4 — un-SACKed data below the highest SACK, the rescue
//     retransmission — as Config.NextSegRules says);
//   - rack.go: RACK (RFC 8985 §6), loss detection by time with a
//     reordering window, replacing IsLost when on; tlp.go: the tail loss
//     probe (RFC 8985 §7), which takes the RTO's place so that a lost tail
//     costs a probe, not a timeout; the receiver's D-SACK (RFC 2883) tells
//     a probe that found nothing lost;
//   - rto.go: RTT estimation and the RTO as RFC 6298 with Karn's
//     algorithm, from the oldest segment an ACK covers (Linux's seq_rtt,
//     ns-3's RTT history), Linux's formula SRTT + max(4·RTTVAR, min_rto)
//     or RFC 6298's, a configurable minimum (Linux's 200 ms) and a 120 s
//     cap; a timeout resends from the first unacknowledged byte, skipping
//     what the peer holds — unless frto.go, F-RTO (RFC 5682, on by default
//     as in Linux), finds it spurious and undoes the window reduction;
//   - rcv.go: the receiver — cumulative ACKs, delayed ACKs (every second
//     segment or a timer, RFC 1122 §4.2.3.2 / RFC 5681 §4.2, or off),
//     Linux's quick-ACK mode at the start (or ns-3's immediate ACK of the
//     first data segment), immediate ACKs of out-of-order data and gap
//     fills, and the free space of its buffer as the window, updated as
//     Linux's tcp_cleanup_rbuf does;
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
// # Profiles
//
// Profile(name) returns a complete Config; DefaultConfig is the linux
// profile. YAML's tcp.profile applies one first, then the keys written
// next to it.
//
// linux — a Linux 6.x server, with the kernel's values: initial window 10
// (TCP_INIT_CWND); CUBIC (net.ipv4.tcp_congestion_control) with HyStart
// (tcp_cubic hystart = 1, hystart_detect = 3, hystart_low_window = 16,
// hystart_ack_delta_us = 2000); PRR (tcp_cwnd_reduction, since 3.2);
// RACK-TLP (net.ipv4.tcp_recovery = 1, tcp_early_retrans = 3; RACK alone
// since 4.18); SACK (tcp_sack = 1); F-RTO (tcp_frto = 2); Limited Transmit
// (implicit in tcp_packets_in_flight); a window counted in packets
// (tcp_cwnd_test); minimum RTO 200 ms (TCP_RTO_MIN)
// with SRTT + max(4·RTTVAR, 200 ms); initial RTO 1 s (TCP_TIMEOUT_INIT);
// delayed ACK 40 ms (TCP_DELACK_MIN) and quick-ACK mode at the start
// (TCP_MAX_QUICKACKS = 16); slow-start restart after idle
// (tcp_slow_start_after_idle = 1); window validation
// (tcp_is_cwnd_limited); autocorking (tcp_autocorking = 1); Nagle off
// (servers and browsers set TCP_NODELAY); 20 bytes of SYN options. Not the
// kernel's: the receive window is a fixed 4 MiB (autotuning is not
// modelled), the delayed-ACK timer does not adapt (Linux's ato grows
// towards 200 ms). The window counts packets (packets.go), as Linux's.
//
// ns3 — ns-3.37's TcpSocketBase with TcpNewReno, SACK and PRR, as
// cmd/ns3check's harness configures it, each rule naming the ns-3 source
// it follows: slow start +1 SMSS per ACK of at least one whole segment,
// the rest banked (ProcessAck, TcpNewReno::SlowStart), SMSS²/cwnd per ACK
// in congestion avoidance, no window validation, Send() pushed one time
// step later while Connect() sends at once, the first data segment after
// the handshake ACKed at once, delayed ACK every 2 segments or 200 ms,
// minimum RTO 1 s with RFC 6298's formula and the backoff dropped on every
// new ACK (NewAck), SYN timeout 3 s, PRR as TcpPrrRecovery, ssthresh from
// the pipe (EnterRecovery), the exit from a timeout's recovery growing cwnd
// only above the recovery point, NextSeg rule 3 (TcpTxBuffer::NextSeg),
// a partial ACK retransmitting the next hole at once (DoRetransmit),
// 8 bytes of SYN options; no F-RTO, no
// slow-start restart, no RACK or TLP; and on the link, ns-3's order of an
// arrival and a departure at the same instant (link.TiesNS3).
// docs/validation.md holds the measured agreement.
//
// rfc — the plain RFC 5681 sender: Reno recovery without SACK, IW 3 (RFC
// 5681 §3.1 eq. 1 for SMSS 1460), one SMSS per ACK in slow start and
// SMSS²/cwnd in congestion avoidance, Limited Transmit (RFC 5681 §3.2
// SHOULD), delayed ACKs of 200 ms, RFC 6298's RTO with a 1 s minimum; with
// SACK switched on it would use all four NextSeg rules.
//
// # Not modelled
//
// Timestamps and PAWS (their 12 option bytes per segment are not counted),
// window scaling limits (the receive window is a plain byte count), RACK's
// detection of lost
// retransmissions and its reordering-window adaptation to D-SACKs, the
// undo of a fast recovery (Linux's Eifel/D-SACK undo; F-RTO's undo of a
// timeout is modelled), Linux's time-based give-up (retransmits_timed_out;
// the retry counts stand for it), TSO/GSO and pacing, ECN, TIME-WAIT
// duration, and sequence wrap-around.
package tcp
