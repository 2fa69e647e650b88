package tcp

import (
	"errors"
	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
	"testing"
	"time"
)

// Helpers shared by the tests of this package: building a network,
// reading traces, and one-connection transfers with drop rules.

const us = time.Microsecond

// within reports whether got is within tol of want.
func within(got, want, tol time.Duration) bool {
	d := got - want
	return d >= -tol && d <= tol
}

// newTestNet builds an engine and a network, failing the test on a
// configuration error.
func newTestNet(t testing.TB, nw link.Config, tc Config, seed uint64, run int) (*sim.Sim, *testNet) {
	t.Helper()
	s := sim.New()
	n, err := newNet(s, nw, tc, seed, run)
	if err != nil {
		t.Fatalf("NewNet: %v", err)
	}
	return s, n
}

// stateTime returns the time of the first RecState record of the given side
// of conn with the given state name, or -1.
func stateTime(tr *Trace, conn int, client bool, state string) time.Duration {
	for _, r := range tr.Records {
		if r.Kind == RecState && r.Conn == conn && r.Client == client && r.Note == state {
			return r.At
		}
	}
	return -1
}

// dumpOnFailure logs the trace if the test has failed (deferred).
func dumpOnFailure(t *testing.T, tr *Trace) {
	if !t.Failed() {
		return
	}
	for _, r := range tr.Records {
		t.Logf("%v %v conn=%d client=%v seq=%d len=%d %s cwnd=%d %s", r.At, r.Kind, r.Conn, r.Client, r.Seq, r.Len, r.Flags, r.Cwnd, r.Note)
	}
}

// records returns the records of one kind (and side) in order.
func records(tr *Trace, k RecordKind, client bool) []Record {
	var out []Record
	for _, r := range tr.Records {
		if r.Kind == k && r.Client == client {
			out = append(out, r)
		}
	}
	return out
}

// hasRetransmit reports whether the trace holds a retransmission with note.
func hasRetransmit(tr *Trace, note string) bool {
	for _, r := range tr.Records {
		if r.Kind == RecRetransmit && r.Note == note {
			return true
		}
	}
	return false
}

// classicRecovery is the default configuration with loss detected by
// duplicate ACKs alone (no RACK, no tail loss probe): the mechanisms the
// older recovery tests are about.
func classicRecovery() Config {
	tc := DefaultConfig()
	tc.RACK, tc.TLP = false, false
	return tc
}

// lossRun sends a request of 1 byte and a response of resp bytes on
// connection 0 with a drop rule on the access link, and returns the
// completion time, the trace and the net.
func lossRun(t *testing.T, nw link.Config, tc Config, resp units.Bytes, dir link.Dir, rule link.Rule) (time.Duration, *Trace, *testNet) {
	t.Helper()
	tr := &Trace{}
	done, n, err := transfer(t, nw, tc, transferOpts{req: 1, resp: resp, setup: func(n *testNet) {
		n.SetTrace(tr)
		if rule != nil {
			n.SetDropRule(dir, rule)
		}
	}})
	if err != nil {
		t.Fatalf("transfer of %d B did not complete: %v", resp, err)
	}
	return done, tr, n
}

// dropFirst returns a rule that drops the first packet matching match.
func dropFirst(match func(link.PacketInfo) bool) link.Rule {
	dropped := false
	return func(p link.PacketInfo) bool {
		if !dropped && match(p) {
			dropped = true
			return true
		}
		return false
	}
}

func slicesEqual[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// funcApp is an App made of optional functions.
type funcApp struct {
	accept      func(e *Endpoint) bool
	established func(e *Endpoint)
	readable    func(e *Endpoint)
	closed      func(e *Endpoint, err error)
}

func (a *funcApp) Accept(e *Endpoint) bool {
	if a.accept != nil {
		return a.accept(e)
	}
	return true
}
func (a *funcApp) Established(e *Endpoint) {
	if a.established != nil {
		a.established(e)
	}
}
func (a *funcApp) Readable(e *Endpoint) {
	if a.readable != nil {
		a.readable(e)
	}
}
func (a *funcApp) Closed(e *Endpoint, err error) {
	if a.closed != nil {
		a.closed(e, err)
	}
}

// textbookNet is the network Kurose & Ross assume: header 0, IW 1, no
// delayed ACK, unbounded queue and window, an instantaneous uplink.
func textbookNet(rtt time.Duration, rate units.BitRate, mss units.Bytes) (link.Config, Config) {
	nw := link.Config{RTT: rtt, Down: rate, Up: 1000 * units.Gbps, Queue: 1 << 20, MSS: mss, Header: 0}
	tc := DefaultConfig()
	tc.InitCwnd = 1
	tc.RWnd = 1 << 40
	tc.DelayedACK = 0
	tc.QuickAck = false
	tc.MinRTO = time.Hour // no spurious timeouts in closed-form cases
	// The textbook's sender: Reno's slow start to the end (no HyStart
	// exit), no option bytes on the SYN.
	tc.CC, tc.HyStart, tc.SynOptions = NewReno, HyStartOff, 0
	return nw, tc
}

// transfer sets up one connection on which the client sends req bytes and
// the server answers with resp bytes; it returns the time the client has
// read the whole response, and the net.
type transferOpts struct {
	req, resp units.Bytes
	setup     func(n *testNet)
	lim       sim.Limits
}

func transfer(t *testing.T, nw link.Config, tc Config, o transferOpts) (time.Duration, *testNet, error) {
	t.Helper()
	s := sim.New()
	n, err := newNet(s, nw, tc, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	if o.setup != nil {
		o.setup(n)
	}
	var done time.Duration = -1
	var got, reqGot units.Bytes
	var cerr error
	client := &funcApp{
		established: func(e *Endpoint) { e.Write(o.req) },
		readable: func(e *Endpoint) {
			got += e.Read(0)
			if got == o.resp && done < 0 {
				done = s.Now()
				e.Close()
			}
		},
		closed: func(e *Endpoint, err error) { cerr = err },
	}
	server := &funcApp{
		readable: func(e *Endpoint) {
			reqGot += e.Read(0)
			if reqGot == o.req {
				reqGot = -1 << 40
				e.Write(o.resp)
				e.Shutdown()
			}
			if e.EOF() {
				e.Close()
			}
		},
	}
	c := n.Dial("server", link.ClientToServer, client, server)
	c.A.Connect()
	if err := s.Run(o.lim); err != nil {
		return done, n, err
	}
	if done < 0 {
		if cerr == nil {
			cerr = errors.New("response not received")
		}
		return done, n, cerr
	}
	return done, n, nil
}

// testNet is a stack over a network of its own, with the counters tests
// read.
type testNet struct {
	*Stack
}

func newNet(s *sim.Sim, nw link.Config, tc Config, seed uint64, run int) (*testNet, error) {
	n, err := link.New(s, nw, seed, run)
	if err != nil {
		return nil, err
	}
	st, err := NewStack(n, tc)
	if err != nil {
		return nil, err
	}
	return &testNet{st}, nil
}

func (n *testNet) Retransmits() int64                  { return n.Stack.Stats().Retransmits }
func (n *testNet) RTOs() int                           { return n.Stack.Stats().RTOs }
func (n *testNet) SpuriousRTOs() int                   { return n.Stack.Stats().SpuriousRTOs }
func (n *testNet) Destroyed() int64                    { return n.Stack.Stats().Destroyed }
func (n *testNet) SetDropRule(d link.Dir, r link.Rule) { n.Net().SetDropRule(d, r) }
func (n *testNet) Stats() (down, up link.Stats)        { return n.Net().Stats() }
