package link

import "time"

// Ties: when a packet reaches a full queue at the instant the packet in
// service finishes, is there room for it? pagesim's link has no event for
// a departure — it knows each packet's service times when it accepts it —
// so the answer is a rule (Config.Ties).
//
// departure-first: the packet that finishes now has left; its successor is
// in service and the arrival finds one place more.
//
// ns3: ns-3.37 runs the two as events. PointToPointNetDevice schedules a
// packet's TransmitComplete when its transmission starts, and the channel
// schedules its Receive at the far end at the same moment; events due at
// the same time run in the order they were scheduled (DefaultSimulatorImpl,
// (time, uid) order). So the arrival comes first — and finds the departing
// packet still in service — exactly when the event that sends it was
// scheduled before the departing packet began its transmission. The Net
// tracks that moment for packet arrivals (Net.cause: the start of the
// arriving packet's serialization on its last link, when ns-3 would have
// scheduled its Receive); a send from any other event (a timer, ns-3's
// one-time-step SendPendingData) counts as scheduled later, departure first.

// departed reports whether the accepted packet s has left the queue at
// now for an arrival caused at cause (negative: not by a packet arrival).
func (l *link) departed(s *service, now time.Duration) bool {
	if s.end < now {
		return true
	}
	if s.end > now {
		return false
	}
	if l.ties == TiesNS3 && l.n.cause >= 0 && l.n.cause < s.start {
		return false // the arrival's event was scheduled first: it runs first
	}
	return true
}
