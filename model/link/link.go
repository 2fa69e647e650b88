package link

import (
	"math/rand/v2"
	"time"

	"pagesim/model/internal/ring"
	"pagesim/model/units"
	"pagesim/sim"
)

// Packets in flight live in a slab owned by the Net (pkts); stages move
// their indices. A packet is written once when it is sent and read once
// when it arrives, however many stages it crosses.
type pktID uint32

// takePkt returns the packet and frees its slot.
func (n *Net) takePkt(id pktID) Packet { return n.pkts.Take(uint32(id)) }

// pkt is the packet in slot id.
func (n *Net) pkt(id pktID) *Packet { return n.pkts.At(uint32(id)) }

// A stage is one step of a packet's path: a bottleneck link or a delay
// line. put takes the packet at the current time; when the stage is done
// with it, the stage forwards it to the next stage of its route or, after
// the last, to its destination.
type stage interface {
	put(id pktID, p *Packet) // p is the packet in slot id
}

// Route is the ordered list of stages from one endpoint to its peer.
type Route struct {
	stages []stage
}

// forward moves packet id past the stage it has just left.
func (n *Net) forward(id pktID) {
	p := n.pkt(id)
	p.hop++
	if st := p.Route.stages; p.hop < len(st) {
		st[p.hop].put(id, p)
		return
	}
	// The destination reads the packet where it lies; its slot is freed
	// only afterwards, so that nothing sent meanwhile reuses it (Arrive).
	n.cause = p.sched
	p.Dst.Arrive(p)
	n.cause = -1
	n.pkts.Free(uint32(id))
}

// Send starts p on its route now (Emit with p's fields).
func (n *Net) Send(p Packet) {
	n.Emit(p.Dst, p.Route, p.Size, p.Header, p.Handle, p.Conn, p.DataIdx, p.SYN, p.FIN)
}

// Emit starts a packet with these fields on its route now, writing them
// straight into a slot of the packet store; the transports use it. A
// Packet passed by value, or a composite literal stored into the slot,
// is built on the stack and copied in — a copy that stalled on store
// forwarding, the bool fields being written a byte at a time just before.
func (n *Net) Emit(dst Receiver, route *Route, size, header units.Bytes, handle uint32, conn, dataIdx int, syn, fin bool) {
	id := n.pkts.Alloc()
	p := n.pkts.At(id)
	p.Dst, p.Route = dst, route
	p.Size, p.Header, p.Handle = size, header, handle
	p.Conn, p.DataIdx = conn, dataIdx
	p.SYN, p.FIN = syn, fin
	p.hop = -1 // sched is set by the first stage (every route has one)
	n.forward(pktID(id))
}

type timedPkt struct {
	at time.Duration
	id pktID
}

// delayLine is a fixed propagation delay. Packets enter in time order and
// all wait the same delay, so they leave in the order they came: one ring
// and one pending engine event (for the head) suffice. The access link's
// two lines, which every packet crosses, keep that event in an engine
// lane (sim.Lane: the same order at less cost); the others schedule it
// with At.
type delayLine struct {
	n     *Net
	delay time.Duration
	q     ring.Ring[timedPkt]
	armed bool
	lane  *sim.Lane // nil: At
}

// arm schedules the line's next delivery at at.
func (d *delayLine) arm(at time.Duration) {
	if d.lane != nil {
		d.lane.Arm(at)
		return
	}
	d.n.S.At(at, d)
}

func (d *delayLine) put(id pktID, p *Packet) {
	p.sched = d.n.S.Now() // a pure delay: scheduled as it enters (ties.go)
	d.putAt(sim.Add(d.n.S.Now(), d.delay), id)
}

// putAt queues a packet to leave at time at; times must not decrease.
func (d *delayLine) putAt(at time.Duration, id pktID) {
	d.q.Push(timedPkt{at: at, id: id})
	if !d.armed {
		d.armed = true
		d.arm(at)
	}
}

// Handle delivers every packet due now, then re-arms for the next.
func (d *delayLine) Handle(now time.Duration) {
	for d.q.Len() > 0 && d.q.Front().at <= now {
		d.n.forward(d.q.Pop().id)
	}
	if d.q.Len() > 0 {
		d.arm(d.q.Front().at)
	} else {
		d.armed = false
	}
}

// Stats counts what one direction of a link carried.
type Stats struct {
	Packets   int64 // packets serialized onto the link (begun)
	Bytes     int64 // bytes serialized, headers included
	QueueDrop int64 // packets dropped because the queue was full
	LossDrop  int64 // packets dropped by random loss or a drop rule
	Busy      time.Duration
}

// link is one direction of the bottleneck: a drop-tail queue, a serializer
// at the link rate, then the propagation delay. A packet costs
// (Size + Header) × 8 / rate to serialize (DESIGN §3): its payload and the
// headers below it that its transport declares.
//
// The queue is FIFO at a constant rate, so a packet's service is known the
// moment it is accepted: it starts when the previous one ends and lasts
// its transmission time. The link therefore needs no event of its own: it
// records the start and end of the packets still queued or in service
// (to apply drop-tail), and hands each packet to the propagation delay
// line to arrive at end + delay.
type link struct {
	n     *Net
	dir   Dir
	limit int // queue capacity in packets, not counting the one in service
	loss  float64
	ties  Ties
	rng   *rand.Rand
	drop  Rule
	svc   ring.Ring[service] // accepted packets not yet fully serialized
	free  time.Duration      // when the serializer is free
	tx    units.TxClock      // the rate's serialization times
	prop  delayLine
	stats Stats // counted at acceptance; Stats() removes what has not begun
}

type service struct {
	start, end time.Duration
	size       units.Bytes
}

func newLink(n *Net, dir Dir, rate units.BitRate, limit int, loss float64, rng *rand.Rand, prop time.Duration) *link {
	l := &link{n: n, dir: dir, tx: units.NewTxClock(rate), limit: limit, loss: loss, rng: rng}
	l.prop = delayLine{n: n, delay: prop}
	l.prop.lane = n.S.NewLane(&l.prop)
	return l
}

// dropped frees packet id and tells its destination why it never comes.
func (l *link) dropped(id pktID, cause DropCause) {
	p := l.n.takePkt(id)
	p.Dst.Dropped(p, l.dir, cause)
}

func (l *link) put(id pktID, p *Packet) {
	n := l.n
	if l.drop != nil && l.drop(l.info(p)) {
		l.stats.LossDrop++
		l.dropped(id, DropRule)
		return
	}
	if l.loss > 0 && l.rng.Float64() < l.loss {
		l.stats.LossDrop++
		l.dropped(id, DropLoss)
		return
	}
	now := n.S.Now()
	for l.svc.Len() > 0 && l.departed(l.svc.Front(), now) {
		l.svc.Pop() // fully serialized
	}
	waiting := l.svc.Len()
	if waiting > 0 && l.svc.Front().start <= now {
		waiting-- // the head is in service
	}
	if waiting >= l.limit {
		l.stats.QueueDrop++ // drop-tail
		l.dropped(id, DropQueue)
		return
	}
	size := p.Size + p.Header
	start := max(now, l.free)
	tx := l.tx.TxTime(size)
	l.free = sim.Add(start, tx)
	l.svc.Push(service{start: start, end: l.free, size: size})
	l.stats.Packets++
	l.stats.Bytes += int64(size)
	l.stats.Busy = sim.Add(l.stats.Busy, tx)
	p.sched = start // when ns-3 would schedule its arrival (ties.go)
	l.prop.putAt(sim.Add(l.free, l.prop.delay), id)
}

// current returns the statistics as of now: packets still waiting in the
// queue have not been put on the link yet.
func (l *link) current() Stats {
	st := l.stats
	now := l.n.S.Now()
	for i := 0; i < l.svc.Len(); i++ {
		s := l.svc.At(i)
		if s.start <= now {
			continue
		}
		st.Packets--
		st.Bytes -= int64(s.size)
		st.Busy -= s.end - s.start
	}
	return st
}

func (l *link) info(p *Packet) PacketInfo {
	return PacketInfo{Conn: p.Conn, Dir: l.dir, DataIdx: p.DataIdx, SYN: p.SYN, FIN: p.FIN, Len: p.Size}
}
