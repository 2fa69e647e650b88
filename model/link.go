package model

import (
	"math/rand/v2"
	"time"

	"pagesim/sim"
)

// A stage is one step of a packet's path: a bottleneck link or a delay
// line. put takes the packet at the current time; when the stage is done
// with it, the stage forwards it to the next stage of its route or, after
// the last, to its destination endpoint.
type stage interface {
	put(p packet)
}

// route is the ordered list of stages from one endpoint to its peer.
type route struct {
	stages []stage
}

// forward moves p past the stage it has just left.
func forward(p packet) {
	p.hop++
	if p.hop < len(p.route.stages) {
		p.route.stages[p.hop].put(p)
		return
	}
	p.dst.receive(p)
}

// send starts p on its route.
func send(p packet) {
	p.hop = -1
	forward(p)
}

type timedPacket struct {
	at time.Duration
	p  packet
}

// delayLine is a fixed propagation delay. Packets enter in time order and
// all wait the same delay, so they leave in the order they came: one ring
// and one pending engine event (for the head) suffice.
type delayLine struct {
	s     *sim.Sim
	delay time.Duration
	q     ring[timedPacket]
	armed bool
}

func (d *delayLine) put(p packet) {
	at := d.s.Now() + d.delay
	d.q.push(timedPacket{at: at, p: p})
	if !d.armed {
		d.armed = true
		d.s.At(at, d)
	}
}

// Handle delivers every packet due now, then re-arms for the next.
func (d *delayLine) Handle(now time.Duration) {
	for d.q.len() > 0 && d.q.front().at <= now {
		forward(d.q.pop().p)
	}
	if d.q.len() > 0 {
		d.s.At(d.q.front().at, d)
	} else {
		d.armed = false
	}
}

// LinkStats counts what one direction of a link carried.
type LinkStats struct {
	Packets   int64 // packets serialized onto the link
	Bytes     int64 // bytes serialized, headers included
	QueueDrop int64 // packets dropped because the queue was full
	LossDrop  int64 // packets dropped by random loss or a drop rule
	Busy      time.Duration
}

// link is one direction of the bottleneck: a drop-tail queue, a serializer
// at the link rate, then the propagation delay. A packet costs
// (payload + header) × 8 / rate to serialize (DESIGN §3).
type link struct {
	s      *sim.Sim
	dir    Dir
	rate   BitRate
	limit  int // queue capacity in packets, not counting the one in service
	header Bytes
	loss   float64
	rng    *rand.Rand
	drop   DropRule
	q      ring[packet]
	busy   bool
	inTx   packet
	prop   delayLine
	stats  LinkStats
}

func newLink(s *sim.Sim, dir Dir, rate BitRate, limit int, header Bytes, loss float64, rng *rand.Rand, prop time.Duration) *link {
	l := &link{s: s, dir: dir, rate: rate, limit: limit, header: header, loss: loss, rng: rng}
	l.prop = delayLine{s: s, delay: prop}
	return l
}

func (l *link) put(p packet) {
	if l.drop != nil && l.drop(l.info(&p)) {
		l.stats.LossDrop++
		p.dst.net.traceDrop(&p, l.dir, "rule")
		return
	}
	if l.loss > 0 && l.rng.Float64() < l.loss {
		l.stats.LossDrop++
		p.dst.net.traceDrop(&p, l.dir, "loss")
		return
	}
	if !l.busy {
		l.transmit(p)
		return
	}
	if l.q.len() >= l.limit {
		l.stats.QueueDrop++ // drop-tail
		p.dst.net.traceDrop(&p, l.dir, "queue")
		return
	}
	l.q.push(p)
}

func (l *link) info(p *packet) PacketInfo {
	return PacketInfo{Conn: p.dst.conn.ID, Dir: l.dir, DataIdx: p.dataIdx, SYN: p.flags&flagSYN != 0,
		FIN: p.flags&flagFIN != 0, Len: p.len}
}

func (l *link) transmit(p packet) {
	l.busy = true
	l.inTx = p
	size := p.len + l.header
	l.stats.Packets++
	l.stats.Bytes += int64(size)
	tx := l.rate.TxTime(size)
	l.stats.Busy += tx
	l.s.After(tx, l)
}

// Handle ends the serialization of the packet in service.
func (l *link) Handle(now time.Duration) {
	p := l.inTx
	l.inTx = packet{}
	l.busy = false
	if l.q.len() > 0 {
		l.transmit(l.q.pop())
	}
	l.prop.put(p) // propagation: forward is called by the delay line
}
