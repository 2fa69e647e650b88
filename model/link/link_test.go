package link

import (
	"math"
	"reflect"
	"testing"
	"time"

	"pagesim/model/units"
	"pagesim/sim"
)

// sink is a transport that records what reaches it.
type sink struct {
	s       *sim.Sim
	arrived []arrival
	dropped []DropCause
}

type arrival struct {
	handle uint32
	at     time.Duration
}

func (k *sink) Arrive(p *Packet)                     { k.arrived = append(k.arrived, arrival{p.Handle, k.s.Now()}) }
func (k *sink) Dropped(p Packet, d Dir, c DropCause) { k.dropped = append(k.dropped, c) }

func newTestNet(t *testing.T, cfg Config) (*Net, *sink) {
	t.Helper()
	s := sim.New()
	n, err := New(s, cfg, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	return n, &sink{s: s}
}

// TestSerializationAndPropagation: back-to-back packets leave the
// bottleneck one transmission time apart and arrive RTT/2 after their last
// bit, in order (DESIGN §3).
func TestSerializationAndPropagation(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Down, cfg.RTT, cfg.Header = 1*units.Mbps, 100*time.Millisecond, 40
	n, k := newTestNet(t, cfg)
	_, down := n.Routes("server", ClientToServer)
	for i := 0; i < 5; i++ {
		n.Send(Packet{Dst: k, Route: down, Size: 1460, Header: 40, Handle: uint32(i)})
	}
	if err := n.S.Run(sim.Limits{}); err != nil {
		t.Fatal(err)
	}
	tx := cfg.Down.TxTime(1500)
	for i, a := range k.arrived {
		want := time.Duration(i+1)*tx + cfg.RTT/2
		if a.handle != uint32(i) || a.at != want {
			t.Errorf("packet %d: handle %d at %v, want %d at %v", i, a.handle, a.at, i, want)
		}
	}
	d, _ := n.Stats()
	if d.Packets != 5 || d.Bytes != 5*1500 || d.Busy != 5*tx {
		t.Errorf("stats %+v, want 5 packets, 7500 B, busy %v", d, 5*tx)
	}
}

// TestDropTail: a burst larger than the queue loses exactly what does not
// fit — the packet in service does not count against the queue.
func TestDropTail(t *testing.T) {
	for _, q := range []int{1, 3, 10} {
		cfg := DefaultConfig()
		cfg.Queue = q
		n, k := newTestNet(t, cfg)
		_, down := n.Routes("server", ClientToServer)
		const burst = 20
		for i := 0; i < burst; i++ {
			n.Send(Packet{Dst: k, Route: down, Size: 1000})
		}
		if err := n.S.Run(sim.Limits{}); err != nil {
			t.Fatal(err)
		}
		if len(k.arrived) != q+1 || len(k.dropped) != burst-q-1 {
			t.Errorf("queue %d: %d arrived, %d dropped; want %d and %d", q, len(k.arrived), len(k.dropped), q+1, burst-q-1)
		}
		for _, c := range k.dropped {
			if c != DropQueue {
				t.Errorf("queue %d: drop cause %v, want queue", q, c)
			}
		}
	}
}

// TestRandomLoss: i.i.d. loss drops about the configured share, from its
// own stream: the same seed drops the same packets.
func TestRandomLoss(t *testing.T) {
	run := func() (int, []uint32) {
		cfg := DefaultConfig()
		cfg.Loss, cfg.Queue = 0.1, 1<<20
		n, k := newTestNet(t, cfg)
		_, down := n.Routes("server", ClientToServer)
		for i := 0; i < 20000; i++ {
			n.Send(Packet{Dst: k, Route: down, Size: 100, Handle: uint32(i)})
		}
		n.S.Run(sim.Limits{})
		var got []uint32
		for _, a := range k.arrived {
			got = append(got, a.handle)
		}
		return len(k.dropped), got
	}
	lost, a := run()
	if p := float64(lost) / 20000; math.Abs(p-0.1) > 0.01 {
		t.Errorf("lost %.3f of the packets, want 0.1 ± 0.01", p)
	}
	_, b := run()
	if len(a) != len(b) {
		t.Fatalf("two runs with one seed: %d and %d arrived", len(a), len(b))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("two runs with one seed differ at arrival %d", i)
		}
	}
}

// TestRoutes: a host's extra RTT is added on the far side only, proxies
// at the edge skip it, and routes are shared per (host, placement).
func TestRoutes(t *testing.T) {
	cfg := DefaultConfig()
	cfg.RTT, cfg.Down, cfg.Up, cfg.Header = 40*time.Millisecond, 100*units.Gbps, 100*units.Gbps, 0
	n, k := newTestNet(t, cfg)
	n.AddHost("far", 60*time.Millisecond)
	for _, tc := range []struct {
		place Placement
		want  time.Duration // one way, client → server
	}{
		{ClientToServer, 20*time.Millisecond + 30*time.Millisecond},
		{ClientToEdge, 20 * time.Millisecond},
		{EdgeToServer, 30 * time.Millisecond},
		{EdgeToEdge, 0},
	} {
		fwd, _ := n.Routes("far", tc.place)
		if again, _ := n.Routes("far", tc.place); again != fwd {
			t.Errorf("placement %d: routes rebuilt", tc.place)
		}
		k.arrived = nil
		start := n.S.Now()
		n.Send(Packet{Dst: k, Route: fwd, Size: 1})
		n.S.Run(sim.Limits{})
		if len(k.arrived) != 1 || k.arrived[0].at-start < tc.want || k.arrived[0].at-start > tc.want+time.Microsecond {
			t.Errorf("placement %d: arrived %+v after %v, want one after %v", tc.place, k.arrived, start, tc.want)
		}
	}
}

// TestDropRule: a deterministic rule drops the k-th data packet of a
// connection in one direction, before random loss, and says so.
func TestDropRule(t *testing.T) {
	n, k := newTestNet(t, DefaultConfig())
	n.SetDropRule(Down, DropDataSegment(7, Down, 2))
	_, down := n.Routes("server", ClientToServer)
	for i := 1; i <= 3; i++ {
		n.Send(Packet{Dst: k, Route: down, Size: 100, Conn: 7, DataIdx: i, Handle: uint32(i)})
	}
	n.S.Run(sim.Limits{})
	if len(k.arrived) != 2 || k.arrived[0].handle != 1 || k.arrived[1].handle != 3 || len(k.dropped) != 1 || k.dropped[0] != DropRule {
		t.Errorf("arrived %+v, dropped %v; want packets 1 and 3, one drop by rule", k.arrived, k.dropped)
	}
}

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		mod  func(*Config)
	}{
		{"negative rtt", func(c *Config) { c.RTT = -1 }},
		{"zero down", func(c *Config) { c.Down = 0 }},
		{"zero up", func(c *Config) { c.Up = 0 }},
		{"zero queue", func(c *Config) { c.Queue = 0 }},
		{"loss above 1", func(c *Config) { c.Loss = 1.01 }},
		{"NaN loss", func(c *Config) { c.Loss = math.NaN() }},
		{"zero mss", func(c *Config) { c.MSS = 0 }},
		{"negative header", func(c *Config) { c.Header = -1 }},
	} {
		c := DefaultConfig()
		tc.mod(&c)
		if c.Validate() == nil {
			t.Errorf("%s: no error", tc.name)
		}
	}
	if err := DefaultConfig().Validate(); err != nil {
		t.Errorf("defaults: %v", err)
	}
}

// replier answers each arrival with a burst of packets of its own before
// it reads the arrival again.
type replier struct {
	t     *testing.T
	n     *Net
	back  *Route
	burst int
	seen  int
}

func (r *replier) Arrive(p *Packet) {
	h, size, conn := p.Handle, p.Size, p.Conn
	for i := 0; i < r.burst; i++ { // grows the packet slab under p
		r.n.Send(Packet{Dst: &sink{s: r.n.S}, Route: r.back, Size: 1, Handle: 1 << 20, Conn: -1})
	}
	if p.Handle != h || p.Size != size || p.Conn != conn {
		r.t.Errorf("after sending %d packets, the arrival reads handle %d size %d conn %d; it was %d, %d, %d",
			r.burst, p.Handle, p.Size, p.Conn, h, size, conn)
	}
	r.seen++
}
func (r *replier) Dropped(Packet, Dir, DropCause) {}

// TestArrivalOutlivesSends: a receiver may read the packet it was handed
// after it has sent packets of its own, even when those grow the
// network's packet slab past the slot the arrival lies in (Receiver).
func TestArrivalOutlivesSends(t *testing.T) {
	cfg := DefaultConfig()
	cfg.Queue = 1 << 16
	n, _ := newTestNet(t, cfg)
	up, down := n.Routes("server", ClientToServer)
	r := &replier{t: t, n: n, back: up, burst: 200}
	for i := 0; i < 3; i++ {
		n.Send(Packet{Dst: r, Route: down, Size: units.Bytes(100 + i), Handle: uint32(i), Conn: 7})
	}
	if err := n.S.Run(sim.Limits{}); err != nil {
		t.Fatal(err)
	}
	if r.seen != 3 {
		t.Fatalf("%d arrivals, want 3", r.seen)
	}
}

// copier keeps a copy of every packet that reaches it.
type copier struct{ got []Packet }

func (c *copier) Arrive(p *Packet)               { c.got = append(c.got, *p) }
func (c *copier) Dropped(Packet, Dir, DropCause) {}

// TestEmitSetsEveryField: Emit writes every exported field of the packet
// into a slot that held another packet, so none of the old one's values
// survive — a field added to Packet and forgotten by Emit fails here.
func TestEmitSetsEveryField(t *testing.T) {
	n, _ := newTestNet(t, DefaultConfig())
	up, down := n.Routes("server", ClientToServer)
	old, now := &copier{}, &copier{}
	n.Send(Packet{Dst: old, Route: down, Size: 900, Header: 40, Handle: 1, Conn: 3, DataIdx: 5, SYN: true, FIN: true})
	if err := n.S.Run(sim.Limits{}); err != nil {
		t.Fatal(err)
	}
	n.Emit(now, up, 500, 52, 2, 4, 6, false, false) // reuses the freed slot
	if err := n.S.Run(sim.Limits{}); err != nil {
		t.Fatal(err)
	}
	if len(old.got) != 1 || len(now.got) != 1 {
		t.Fatalf("arrivals: %d and %d, want one each", len(old.got), len(now.got))
	}
	a, b := reflect.ValueOf(old.got[0]), reflect.ValueOf(now.got[0])
	for i := range a.NumField() {
		f := a.Type().Field(i)
		if f.IsExported() && reflect.DeepEqual(a.Field(i).Interface(), b.Field(i).Interface()) {
			t.Errorf("field %s kept the previous packet's value %v", f.Name, a.Field(i))
		}
	}
	want := Packet{Dst: now, Route: up, Size: 500, Header: 52, Handle: 2, Conn: 4, DataIdx: 6}
	got := now.got[0]
	got.hop, got.sched = 0, 0
	if got != want {
		t.Errorf("emitted %+v, want %+v", got, want)
	}
}
