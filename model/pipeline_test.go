package model

import (
	"pagesim/model/tcp"
	"testing"
	"time"
)

// TestNaglePipelining: Nagle's algorithm (RFC 896) holds a sub-MSS segment
// while earlier data is unacknowledged. The pipelined client writes its 8
// requests (400 B each, well under the MSS) back to back when the HTML has
// arrived: the first goes at once, the others pile up in the send buffer
// and leave together (coalesced into fewer, fuller segments) only when the
// first one's ACK returns — a round trip later. The server suffers the
// same: each response is sub-MSS too, so after answering the first request
// it holds the next answers until the client acknowledges the first one.
// So pipelining loses its "all requests in one round trip" advantage: the
// page takes longer than 3r and the client sends fewer data segments.
//
// The timeline, with delayed ACK off: the HTML is in at 2r. Request 1 goes
// at once, and so does a full-sized segment of the next requests (Nagle
// holds only runts); the last 1 340 B wait for an ACK, until 3r. The
// server answers request 1 at 2.5r at once, holds the answers to 2–3
// until that answer's ACK (3.5r), and the answers to 5–8 until the ACK of
// that batch (4.5r): they arrive at 5r. Two round trips lost to Nagle.
func TestNaglePipelining(t *testing.T) {
	const r = 100 * time.Millisecond
	run := func(nagle bool) (*Result, *Trace) {
		cfg := textbookConfig(r, 8, strat("pipelined"))
		cfg.TCP.Nagle = nagle
		// Each write goes at once unless Nagle holds it: Linux's
		// autocorking, which coalesces the writes of one instant too,
		// would hide the difference.
		cfg.TCP.Push = tcp.PushImmediate
		cfg.Trace = &Trace{Segments: true}
		return simulate(t, cfg), cfg.Trace
	}
	off, trOff := run(false)
	on, trOn := run(true)
	if !near(off.LoadTime, 3*r, time.Microsecond) {
		t.Fatalf("without Nagle: load time %v, want 3r = %v (the textbook case)", off.LoadTime, 3*r)
	}
	if !near(on.LoadTime, 5*r, time.Microsecond) {
		t.Errorf("with Nagle: load time %v, want 5r = %v (requests and responses each held one round trip); without: %v", on.LoadTime, 5*r, off.LoadTime)
	}
	segOff, segOn := dataSegments(trOff, true), dataSegments(trOn, true)
	if segOff != 9 {
		t.Errorf("without Nagle the client sent %d data segments, want 9 (one per request)", segOff)
	}
	if segOn >= segOff {
		t.Errorf("with Nagle the client sent %d data segments, want fewer than %d (requests coalesce)", segOn, segOff)
	}
	srvOff, srvOn := dataSegments(trOff, false), dataSegments(trOn, false)
	if srvOn >= srvOff {
		t.Errorf("with Nagle the server sent %d data segments, want fewer than %d (responses coalesce)", srvOn, srvOff)
	}
	if on.Failed != 0 || on.Retries != 0 || on.Connections != 1 {
		t.Errorf("with Nagle: failed %d, retries %d, connections %d; want 0, 0, 1", on.Failed, on.Retries, on.Connections)
	}
	t.Logf("Nagle off: %v, client segs %d, server segs %d; on: %v, client segs %d, server segs %d",
		off.LoadTime, segOff, srvOff, on.LoadTime, segOn, srvOn)
}

// TestPipeliningHeadOfLine: responses on a pipelined connection come back
// in request order (RFC 9112 §9.3.2), so a 1 MB first response holds every
// small response behind it: none of them can start before the big one
// ends.
func TestPipeliningHeadOfLine(t *testing.T) {
	small := tinyPage(5, 1*KB)
	withBig := Page{Objects: []Object{small.Objects[0], {ID: "big", Host: "example.com", Path: "/big", Size: 1 * MB, Parent: 0}}}
	withBig.Objects = append(withBig.Objects, small.Objects[1:]...)
	alone := simulate(t, realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, small, strat("pipelined")))
	res := simulate(t, realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, withBig, strat("pipelined")))
	if res.Failed != 0 || res.Connections != 1 {
		t.Fatalf("failed %d, connections %d; want 0, 1", res.Failed, res.Connections)
	}
	big := res.Objects[1]
	bigTx := (10 * Mbps).TxTime(1 * MB)
	for i := 2; i < len(res.Objects); i++ {
		o := res.Objects[i]
		a := alone.Objects[i-1]
		if o.RequestSent > big.LastByte {
			t.Errorf("%s requested at %v, after the big response ended (%v): not pipelined", o.ID, o.RequestSent, big.LastByte)
		}
		// ≥, not >: the segment that ends the big body may carry the
		// start of the next response.
		if o.FirstByte < big.LastByte {
			t.Errorf("%s first byte at %v, before the big response ended at %v (responses must stay in order)", o.ID, o.FirstByte, big.LastByte)
		}
		if o.LastByte-a.LastByte < bigTx {
			t.Errorf("%s ends at %v, alone at %v: delayed by less than the big body's serialization %v", o.ID, o.LastByte, a.LastByte, bigTx)
		}
	}
}

// TestCloseEndsPipeline: a server that sends "Connection: close" must not
// answer further requests on that connection (RFC 9112 §9.6), and a
// response without Content-Length ends only when the server closes
// (RFC 9112 §6.3). So when requests were pipelined behind the last
// response — a close-delimited one, or the one that reaches Keep-Alive
// max — the server closes right after it: the next response's bytes must
// neither be sent nor (close-delimited) read as part of that body, and the
// unanswered requests are retried on a new connection.
func TestCloseEndsPipeline(t *testing.T) {
	page := Page{Objects: []Object{
		{ID: "html", Host: "example.com", Path: "/", Size: 1 * KB, Parent: -1},
		{ID: "a", Host: "example.com", Path: "/a", Size: 1, Parent: 0},
		{ID: "b", Host: "example.com", Path: "/b", Size: 1 * MB, Parent: 0},
	}}
	for _, c := range []struct {
		name  string
		setup func(*Server)
	}{
		{"close-delimited", func(s *Server) { s.ContentLength = false }},
		{"keep-alive max", func(s *Server) { s.KeepAliveMax = 1 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := realConfig(50*time.Millisecond, 1*Mbps, 1*Mbps, page, strat("pipelined"))
			c.setup(&cfg.Server)
			// Think time: both requests are in the server's queue before
			// it answers the first.
			cfg.Server.Think = Dist{Kind: "fixed", Value: 0.05}
			res := simulate(t, cfg)
			if res.Failed != 0 {
				t.Fatalf("%d objects failed", res.Failed)
			}
			a, b := res.Objects[1], res.Objects[2]
			if a.LastByte-a.RequestSent > time.Second {
				t.Errorf("a (1 byte) took %v from request to last byte: its body ran into b's response (sent %v, last byte %v)", a.LastByte-a.RequestSent, a.RequestSent, a.LastByte)
			}
			if a.Conn == b.Conn {
				t.Errorf("a and b completed on the same connection %d; a's response ended it", a.Conn)
			}
			if b.Retries != 1 {
				t.Errorf("b retried %d times, want 1 (pipelined behind a, unanswered)", b.Retries)
			}
			// b's megabyte crosses the link once, not twice.
			if res.BytesDown > int64(1*MB)*3/2 {
				t.Errorf("bytes down %d: b's response was sent on the closing connection as well", res.BytesDown)
			}
		})
	}
}

// TestNoPipeliningNonIdempotent: clients SHOULD NOT pipeline requests
// using non-idempotent methods (RFC 9112 §9.3.2), nor pipeline after one
// until its response has come: if the connection dies, a pipelined POST
// cannot be retried safely. A POST waits for an empty pipeline, and the
// GETs behind it wait for its response.
func TestNoPipeliningNonIdempotent(t *testing.T) {
	page := Page{Objects: []Object{
		{ID: "html", Host: "example.com", Path: "/", Size: 1 * KB, Parent: -1},
		{ID: "a", Host: "example.com", Path: "/a", Size: 50 * KB, Parent: 0},
		{ID: "post", Host: "example.com", Path: "/p", Size: 1 * KB, Parent: 0, Method: "POST"},
		{ID: "b", Host: "example.com", Path: "/b", Size: 1 * KB, Parent: 0},
		{ID: "c", Host: "example.com", Path: "/c", Size: 1 * KB, Parent: 0},
	}}
	cfg := realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, page, strat("pipelined"))
	res := simulate(t, cfg)
	if res.Failed != 0 || res.Connections != 1 {
		t.Fatalf("failed %d, connections %d; want 0, 1", res.Failed, res.Connections)
	}
	a, post, b, c := res.Objects[1], res.Objects[2], res.Objects[3], res.Objects[4]
	if post.RequestSent < a.LastByte {
		t.Errorf("POST sent at %v, before a's response ended (%v): pipelined", post.RequestSent, a.LastByte)
	}
	if b.RequestSent < post.LastByte || c.RequestSent < post.LastByte {
		t.Errorf("b, c sent at %v, %v, before the POST's response ended (%v): pipelined behind it", b.RequestSent, c.RequestSent, post.LastByte)
	}
	if b.RequestSent != c.RequestSent {
		t.Errorf("b and c sent at %v and %v; want both pipelined at once after the POST", b.RequestSent, c.RequestSent)
	}
}
