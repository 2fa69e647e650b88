// Package link is the network every transport of pagesim shares: the
// client's access link — the bottleneck all its connections compete for —
// and the delay to each server.
//
//	client ══ access link ══ edge ── host delay ── server
//
// Each direction of the access link has a rate, a drop-tail queue counted
// in packets (the packet being serialized not included), an i.i.d. random
// loss probability drawn from its own random stream, and a propagation
// delay of RTT/2. A packet costs (payload + header) × 8 / rate to
// serialize, where the header is what lies below the payload and its
// transport declares it on the packet: for a TCP segment 40 bytes by
// default (Config.Header: IPv4 + TCP without options; SACK and timestamp
// option bytes are not counted, a model assumption), for a QUIC datagram
// IPv4 + UDP, 28 bytes (package quic); either may be 0 for textbook
// cases. Each host adds ExtraRTT/2
// each way beyond the edge (servers at different distances), as a pure
// delay: servers' own links are never the bottleneck. Proxies sit at the
// edge (Placement). A drop rule (Rule, DropDataSegment) drops chosen
// packets deterministically, for tests and fault scenarios. When a packet
// reaches a full queue at the instant the packet ahead finishes, Ties says
// whether there is room: by default the departure comes first; TiesNS3
// orders the two as ns-3.37's events would be (ties.go).
//
// The network carries any transport's packets — TCP segments and QUIC
// datagrams share the same rate, queue and loss — because a Packet holds
// only a size, a destination and the facts a drop rule asks about; its
// contents stay with the transport that sent it, named by a handle. A
// packet in flight lives in a slab of the Net, so the network allocates
// nothing per packet in steady state.
//
// Because the queue is FIFO at a constant rate, a packet's departure is
// known when it is accepted: a link needs no events of its own, only its
// propagation delay line does (one pending event for its head).
package link
