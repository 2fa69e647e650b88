package tcp

import (
	"errors"
	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
	"strings"
	"testing"
	"time"
)

// Closing: orderly close in both orders, RST destroying unread data,
// full close versus half-close.

func TestOrderlyClose(t *testing.T) {
	nw := link.DefaultConfig()
	cases := []struct {
		name string
		// clientFirst: the client closes after sending its request (a
		// half-close), the server closes after its response; otherwise the
		// server closes first and the client closes when it has read all.
		clientFirst bool
		resp        units.Bytes
		rule        link.Rule // on the down direction
	}{
		{"server closes first", false, 10 * units.KB, nil},
		{"server closes first, one-segment response", false, 500, nil},
		{"client half-closes first", true, 10 * units.KB, nil},
		{"client half-closes first, one-segment response", true, 500, nil},
		{"server closes first, FIN-carrying segment out of order", false, 20 * 1460, link.DropDataSegment(0, link.Down, 17)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, n := newTestNet(t, nw, DefaultConfig(), 1, 0)
			tr := &Trace{Segments: true}
			n.SetTrace(tr)
			if c.rule != nil {
				n.SetDropRule(link.Down, c.rule)
			}
			var got units.Bytes
			var errs [2]error
			var closedN [2]int
			client := &funcApp{
				established: func(e *Endpoint) {
					e.Write(400)
					if c.clientFirst {
						e.Shutdown()
					}
				},
				readable: func(e *Endpoint) {
					got += e.Read(0)
					if e.EOF() {
						e.Close()
					}
				},
				closed: func(e *Endpoint, err error) { errs[0] = err; closedN[0]++ },
			}
			var reqGot units.Bytes
			server := &funcApp{
				readable: func(e *Endpoint) {
					reqGot += e.Read(0)
					if reqGot == 400 {
						reqGot = -1 << 40
						e.Write(c.resp)
						e.Close()
					}
				},
				closed: func(e *Endpoint, err error) { errs[1] = err; closedN[1]++ },
			}
			conn := n.Dial("server", link.ClientToServer, client, server)
			conn.A.Connect()
			if err := s.Run(sim.Limits{Horizon: time.Minute}); err != nil {
				t.Fatal(err)
			}
			defer dumpOnFailure(t, tr)
			if got != c.resp {
				t.Errorf("client read %d B, want %d", got, c.resp)
			}
			for i, side := range []string{"client", "server"} {
				if closedN[i] != 1 || errs[i] != nil {
					t.Errorf("%s: Closed called %d times, last with %v; want once with nil (orderly close)", side, closedN[i], errs[i])
				}
			}
			for _, r := range tr.Records {
				if r.Kind == RecSegSent && strings.Contains(r.Flags, "R") {
					t.Errorf("%v: RST sent (client side %v) in an orderly close", r.At, r.Client)
				}
			}
			wantRetx := 0
			if c.rule != nil {
				wantRetx = 1
			}
			if got := n.Retransmits(); got != int64(wantRetx) {
				t.Errorf("%d retransmissions, want %d", got, wantRetx)
			}
			if got := n.RTOs(); got != 0 {
				t.Errorf("%d RTOs, want 0", got)
			}
			// Pure ACKs: each segment carrying an ACK that has nothing
			// else to say is counted; two in a row from one side that
			// acknowledge the same thing with the same window are
			// redundant.
			var last [2]Record
			for _, r := range tr.Records {
				if r.Kind != RecSegSent {
					continue
				}
				i := 1
				if r.Client {
					i = 0
				}
				if r.Flags == "A" && r.Len == 0 && last[i].Flags != "" && last[i].At == r.At && last[i].Seq.Add(last[i].Len+units.Bytes(strings.Count(last[i].Flags, "F"))) >= r.Seq {
					t.Errorf("%v: redundant pure ACK right after %q seq %d from the same side (client %v)", r.At, last[i].Flags, last[i].Seq, r.Client)
				}
				last[i] = r
			}
		})
	}
}

// TestRSTDestroysUnread: one side writes, the other (the holder) reads only
// part of it; two seconds later, when everything has arrived, the writer
// aborts. The RST destroys what the holder had not read.
func TestRSTDestroysUnread(t *testing.T) {
	nw := link.DefaultConfig()
	cases := []struct {
		name string
		resp units.Bytes
		read units.Bytes // bytes the client application reads; the rest stays unread
		// serverReads: the roles are swapped — the client writes and
		// aborts, the server holds the unread bytes (not counted by
		// Net.Destroyed, which is for client-side endpoints).
		swapped bool
	}{
		{"client reads nothing", 20 * units.KB, 0, false},
		{"client reads part", 20 * units.KB, 5 * units.KB, false},
		{"client reads all: nothing destroyed", 20 * units.KB, 20 * units.KB, false},
		{"one byte unread", 1, 0, false},
		{"receive buffer full (rwnd-limited)", 200 * units.KB, 0, false},
		{"server holds unread data", 20 * units.KB, 0, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			tc := DefaultConfig()
			if c.name == "receive buffer full (rwnd-limited)" {
				tc.RWnd = 64 * units.KiB // the sender stops at a full buffer
			}
			s, n := newTestNet(t, nw, tc, 1, 0)
			tr := &Trace{}
			n.SetTrace(tr)
			var read units.Bytes
			var errs [2]error
			holder := &funcApp{
				readable: func(e *Endpoint) {
					if read < c.read {
						read += e.Read(c.read - read)
					}
				},
				closed: func(e *Endpoint, err error) { errs[0] = err },
			}
			writer := &funcApp{
				established: func(e *Endpoint) {
					e.Write(c.resp)
					s.After(2*time.Second, sim.Func(func(time.Duration) { e.Abort() }))
				},
				closed: func(e *Endpoint, err error) { errs[1] = err },
			}
			var conn *Conn
			if c.swapped {
				conn = n.Dial("server", link.ClientToServer, writer, holder)
			} else {
				conn = n.Dial("server", link.ClientToServer, holder, writer)
			}
			conn.A.Connect()
			if err := s.Run(sim.Limits{Horizon: time.Minute}); err != nil {
				t.Fatal(err)
			}
			h := conn.A
			if c.swapped {
				h = conn.B
			}
			wantUnread := c.resp - c.read
			if c.name == "receive buffer full (rwnd-limited)" {
				wantUnread = tc.RWnd
			}
			if !errors.Is(errs[0], ErrReset) {
				t.Errorf("holder's Closed(%v), want ErrReset", errs[0])
			}
			if !errors.Is(errs[1], ErrAborted) {
				t.Errorf("aborting side's Closed(%v), want ErrAborted", errs[1])
			}
			if got := h.Destroyed(); got != wantUnread {
				t.Errorf("Endpoint.Destroyed = %d B, want the %d unread bytes", got, wantUnread)
			}
			wantNet := wantUnread
			if c.swapped {
				wantNet = 0
			}
			if got := n.Destroyed(); got != int64(wantNet) {
				t.Errorf("Net.Destroyed = %d B, want %d", got, wantNet)
			}
			var traced units.Bytes
			for _, r := range tr.Records {
				if r.Kind == RecDestroyed {
					traced += r.Len
				}
			}
			if traced != wantUnread {
				t.Errorf("RecDestroyed records total %d B, want %d", traced, wantUnread)
			}
		})
	}
}

func TestCloseVersusShutdown(t *testing.T) {
	nw := link.DefaultConfig()
	cases := []struct {
		name string
		full bool // the server calls Close (full) instead of Shutdown (half)
		// what the client sees and how much the server read
		wantClient, wantServer error
		wantRead               units.Bytes
	}{
		{"full close: late data draws a RST", true, ErrReset, ErrAborted, 0},
		{"half close: late data is received", false, nil, nil, 3000},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, n := newTestNet(t, nw, DefaultConfig(), 1, 0)
			tr := &Trace{Segments: true}
			n.SetTrace(tr)
			defer dumpOnFailure(t, tr)
			var errs [2]error
			var closed [2]int
			var serverRead units.Bytes
			client := &funcApp{
				established: func(e *Endpoint) {
					// The client keeps sending after the server closed.
					s.After(500*time.Millisecond, sim.Func(func(time.Duration) { e.Write(3000) }))
				},
				readable: func(e *Endpoint) {
					e.Read(0)
				},
				closed: func(e *Endpoint, err error) { errs[0] = err; closed[0]++ },
			}
			server := &funcApp{
				established: func(e *Endpoint) {
					e.Write(1000)
					if c.full {
						e.Close()
					} else {
						e.Shutdown()
					}
				},
				readable: func(e *Endpoint) {
					serverRead += e.Read(0)
					if serverRead == 3000 {
						// The client is done too: end the connection.
						s.After(time.Second, sim.Func(func(time.Duration) { e.Peer().Close() }))
					}
					if e.EOF() {
						e.Close()
					}
				},
				closed: func(e *Endpoint, err error) { errs[1] = err; closed[1]++ },
			}
			conn := n.Dial("server", link.ClientToServer, client, server)
			conn.A.Connect()
			if err := s.Run(sim.Limits{Horizon: time.Minute}); err != nil {
				t.Fatal(err)
			}
			if !errors.Is(errs[0], c.wantClient) || closed[0] != 1 {
				t.Errorf("client: Closed called %d times with %v, want once with %v", closed[0], errs[0], c.wantClient)
			}
			if !errors.Is(errs[1], c.wantServer) || closed[1] != 1 {
				t.Errorf("server: Closed called %d times with %v, want once with %v", closed[1], errs[1], c.wantServer)
			}
			if serverRead != c.wantRead {
				t.Errorf("server read %d B after its close, want %d", serverRead, c.wantRead)
			}
			rsts := 0
			for _, r := range tr.Records {
				if r.Kind == RecSegSent && strings.Contains(r.Flags, "R") {
					rsts++
				}
			}
			if wantRST := c.full; (rsts > 0) != wantRST {
				t.Errorf("%d RSTs sent, want RST = %v", rsts, wantRST)
			}
		})
	}
}
