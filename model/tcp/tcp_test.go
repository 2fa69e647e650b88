package tcp

import (
	"errors"
	"math"
	"testing"
	"time"

	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
)

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

// krLatency is Kurose & Ross's closed form for one object over slow start.
func krLatency(O, S units.Bytes, R units.BitRate, rtt time.Duration) time.Duration {
	n := int(math.Ceil(float64(O) / float64(S)))
	K := int(math.Ceil(math.Log2(float64(n + 1))))
	sr := R.TxTime(S)
	Q := int(math.Floor(math.Log2(1+float64(rtt)/float64(sr)))) + 1
	P := min(Q, K-1)
	return 2*rtt + R.TxTime(O) + time.Duration(P)*(rtt+sr) - time.Duration((1<<P)-1)*sr
}

func TestKuroseRossSlowStart(t *testing.T) {
	cases := []struct {
		name string
		O, S units.Bytes
		R    units.BitRate
		rtt  time.Duration
	}{
		{"one segment (P=0)", 1000, 1000, 1 * units.Mbps, 100 * time.Millisecond},
		{"two segments", 2000, 1000, 1 * units.Mbps, 100 * time.Millisecond},
		{"P=K-1 fast link", 100 * units.KB, 1000, 100 * units.Mbps, 100 * time.Millisecond},
		{"P=Q<K-1 slow link", 100 * units.KB, 1000, 1 * units.Mbps, 50 * time.Millisecond},
		{"P=Q tiny rtt", 50 * units.KB, 536, 10 * units.Mbps, time.Millisecond},
		{"partial last segment", 10500, 1460, 2 * units.Mbps, 80 * time.Millisecond},
		{"long fat", 1 * units.MB, 1460, 1 * units.Gbps, 200 * time.Millisecond},
		{"56k modem", 20 * units.KB, 536, 56 * units.Kbps, 150 * time.Millisecond},
		{"zero rtt", 20 * units.KB, 1460, 10 * units.Mbps, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			nw, tc := textbookNet(c.rtt, c.R, c.S)
			got, _, err := transfer(t, nw, tc, transferOpts{req: 1, resp: c.O})
			if err != nil {
				t.Fatal(err)
			}
			want := krLatency(c.O, c.S, c.R, c.rtt)
			if d := got - want; d < -time.Microsecond || d > time.Microsecond {
				t.Errorf("latency = %v, want %v (K&R closed form), off by %v", got, want, d)
			}
		})
	}
}
