package httpcore

import (
	"time"

	"pagesim/model/units"
	"pagesim/sim"
)

// ReadChunk is how much the application takes per read when it reads at a
// limited pace (Client.ReadRate): 16 KiB, a browser's socket read buffer
// (a model assumption).
const ReadChunk = 16 * units.KiB

// Source is the receive side of a connection as the application sees it
// (a *tcp.Endpoint): what waits to be read, reading it, and whether the
// connection is still up.
type Source interface {
	Readable() units.Bytes
	Read(max units.Bytes) units.Bytes
	Open() bool
}

// Parser is what a Reader hands the bytes it read to: a client
// connection's parser of its protocol's units.
type Parser interface {
	// Consume parses n bytes just read.
	Consume(n units.Bytes)
	// CaughtUp is called when nothing is left to read for now (the
	// parser checks whether the peer has closed).
	CaughtUp()
}

// Reader is the client application reading a connection (DESIGN §4):
// everything that arrived at once, or, with a read rate, ReadChunk bytes
// at a time, each after its time at that rate — so that "arrived but not
// yet read" is a real state, and the receive window closes when the
// application falls behind. Every protocol's client connection reads
// through one.
type Reader struct {
	s      *sim.Sim
	rate   units.BitRate
	src    Source
	p      Parser
	timer  *sim.Timer // only when reading at a pace
	closed bool
}

// NewReader returns the reader of src for p at rate (0: read at once).
func NewReader(s *sim.Sim, rate units.BitRate, src Source, p Parser) *Reader {
	return &Reader{s: s, rate: rate, src: src, p: p}
}

// Readable is the connection's Readable callback: read what arrived — at
// once, or at the application's pace.
func (rd *Reader) Readable() {
	if rd.closed {
		rd.src.Read(0) // a connection the client has let go: drain
		return
	}
	if rd.rate == 0 {
		rd.p.Consume(rd.src.Read(0))
		if !rd.closed {
			rd.p.CaughtUp()
		}
		return
	}
	if rd.timer == nil {
		rd.timer = rd.s.NewTimer(sim.Func(rd.tick))
	}
	if !rd.timer.Armed() {
		if n := min(rd.src.Readable(), ReadChunk); n > 0 {
			rd.timer.ResetAfter(rd.rate.TxTime(n))
		} else {
			rd.p.CaughtUp()
		}
	}
}

func (rd *Reader) tick(time.Duration) {
	if rd.closed || !rd.src.Open() {
		return
	}
	rd.p.Consume(rd.src.Read(ReadChunk))
	if rd.closed {
		return
	}
	if n := min(rd.src.Readable(), ReadChunk); n > 0 {
		rd.timer.ResetAfter(rd.rate.TxTime(n))
		return
	}
	rd.p.CaughtUp()
}

// Close stops reading for the application: the connection has been let
// go, and what still arrives is drained unparsed.
func (rd *Reader) Close() {
	rd.closed = true
	if rd.timer != nil {
		rd.timer.Stop()
	}
}
