package har

import "time"

// The browser's own time before each request.
//
// An object could first have been requested when the entry that triggered
// it (its parent: the redirect, the initiator, or the entry that finished
// last before it; deps.go) delivered what the browser needed: all of it,
// or — for a request made while the parent was still arriving, as HTML's
// preload scanner does — the part that had arrived. The recording says
// when the request was actually made (startedDateTime, WebPageTest's
// _all_start); the difference is the browser's own time: parsing,
// executing script, layout, timers, its request scheduling. The importer
// keeps it as the object's delay (page.objects[].delay) and the part of
// the parent as its after_fraction, so that a replay requests each object
// when its simulated parent reaches the same point, plus the recorded
// client time. client.cpu_scale scales it for what-ifs.
//
// The three cases, for an entry starting at s whose parent's response
// began at b (its first byte) and ended at e:
//
//   - s ≥ e: the whole parent (after_fraction 100%), delay s − e;
//   - b < s < e: the fraction (s − b) / (e − b) of the parent's body, as
//     if its bytes arrived evenly over its receive phase, and no delay;
//   - s ≤ b: the parent's first body byte (minFraction), no delay — a
//     request made on the parent's headers (a Link preload) or on a
//     parent the heuristics got wrong; it cannot be made earlier.

// minFraction is the after_fraction of a request made on the parent's
// first byte: 0.0001 %, which the page driver rounds up to one byte.
const minFraction = 1e-6

// clientTime sets e.delay and e.fraction from e's recorded start and the
// recorded response of parent.
func (e *entry) clientTime(parent *entry) {
	e.delay, e.fraction = 0, 1
	switch {
	case !e.start.Before(parent.end):
		e.delay = e.start.Sub(parent.end)
	case !e.start.After(parent.firstByte):
		e.fraction = minFraction
	default:
		f := float64(e.start.Sub(parent.firstByte)) / float64(parent.end.Sub(parent.firstByte))
		e.fraction = min(max(f, minFraction), 1)
	}
}

// clientTimeTotal is the sum of the objects' delays (for the header).
func clientTimeTotal(list []*entry) time.Duration {
	var sum time.Duration
	for _, e := range list {
		if e.skip == "" {
			sum += e.delay
		}
	}
	return sum
}
