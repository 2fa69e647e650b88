package h2

import (
	"time"

	"pagesim/model/tcp"
	"pagesim/model/units"
	"pagesim/sim"
)

// output gathers the frames one side writes at one instant into a single
// write to TCP, flushed after the other events of that instant — as a
// server's event loop writes its queue of frames once per turn (nginx's
// send chain, Chrome's write loop) and the kernel coalesces small writes
// (Linux's autocorking): forty HEADERS frames written together go as a
// few full segments, not forty tiny ones.
type output struct {
	ep      *tcp.Endpoint
	framer  *framer
	pending units.Bytes
	timer   sim.Timer
	// written, when set, is called after a flush: TCP may have sent some
	// of it at once, so a writer bounding what is unsent may write more.
	written func()
}

type outputFire output

func (f *outputFire) Handle(time.Duration) { (*output)(f).flush() }

func (o *output) init(s *sim.Sim, f *framer) {
	o.framer = f
	s.InitTimer(&o.timer, (*outputFire)(o))
}

// write queues unit u.
func (o *output) write(u unit) {
	o.framer.Push(u)
	o.pending += u.Len()
	if !o.timer.Armed() {
		o.timer.ResetAfter(0)
	}
}

// flush writes what is queued.
func (o *output) flush() {
	o.timer.Stop()
	n := o.pending
	o.pending = 0
	if n > 0 && o.ep != nil {
		o.ep.Write(n)
		if o.written != nil {
			o.written()
		}
	}
}

// unsent is what was written but never transmitted, queued bytes
// included.
func (o *output) unsent() units.Bytes { return o.ep.Unsent() + o.pending }
