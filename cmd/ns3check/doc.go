// Command ns3check runs pagesim and ns-3.37 on the same page loads and
// writes the comparison as Markdown (docs/validation.md):
//
//	go run ./cmd/ns3check -o docs/validation.md
//
// It needs ns-3.37 and g++ (Debian 12: apt-get install -y libns3-dev ns3
// g++): it compiles harness/pageload.cc, a small ns-3 program that loads a
// page over ns-3's TcpSocketBase on one point-to-point link (rtt/2 each
// way, a drop-tail queue per direction with the traffic-control qdisc
// removed, NewReno with SACK and PRR, IW 10, delayed ACK every second
// segment or 200 ms, 300-byte requests, responses of exactly the object's
// size), and runs it beside pagesim with tcp: {profile: ns3} on the same
// network (42-byte headers: PPP 2, IP 20, TCP 20). The harness's
// strategies map to pagesim's: serial, parallel (6 connections),
// persistent, pipelined, and parallel-persistent as browser (6 per host).
//
// The grid (Grid) is the lossless one of issue 11 — rtt 20/100/300 ms ×
// down 0.5/1.5/10/100 Mbps × the five strategies — on four pages, plus
// small queues (5, 10, 20 packets) and random loss (0.5 % and 2 %, drawn
// per packet by an ns-3 RateErrorModel at the receiving device, by
// pagesim's loss streams before the queue: the draws differ, so those
// cases compare means over 30 replications). go test runs a subset
// (Subset) when PAGESIM_NS3 is set, and then fails if ns-3 is missing or a
// lossless case differs by more than 1 %.
package main
