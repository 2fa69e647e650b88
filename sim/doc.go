// Package sim is pagesim's discrete-event engine: a simulated clock, an event
// queue, cancellable timers and named random streams. It knows nothing about
// networks; package model builds links, TCP and HTTP on top of it.
//
// # Time
//
// Simulated time is an integer count of nanoseconds since the start of the
// run, carried as a time.Duration. Nothing in a simulation reads the wall
// clock. The clock only moves forward: an event may not be scheduled in the
// past (doing so is a programming error and panics with the invariant's name).
//
// # Ordering
//
// Events are ordered by (time, insertion sequence), as in ns-3's scheduler:
// two events due at the same instant run in the order they were scheduled, so
// a run is a pure function of its inputs.
//
// Because nothing is ever scheduled before the current time, the queue is a
// monotone priority queue, a radix heap (Ahuja, Mehlhorn, Orlin and Tarjan,
// 1990): entries sit in buckets by the highest bit in which their time
// differs from the current head's, pushing is an append, and an entry is
// moved between buckets at most 64 times in its life, usually once or twice.
// It beats a comparison heap when many events are pending, and a burst of
// events at one instant costs an append and a read per event.
//
// # Timers
//
// A Timer is a re-armable, cancellable one-shot. Cancellation is lazy: Stop
// only disarms, and the queue entry is discarded when it surfaces. Moving a
// deadline later — an RTO restarted by every ACK — costs nothing: the
// timer's single queue entry re-queues itself for the new deadline when it
// comes due. Only moving a deadline earlier queues a second entry (the old
// one is recognised as stale by its generation). Nothing allocates.
//
// # Lanes
//
// A Lane is a handler with at most one firing pending that the engine keeps
// beside the queue rather than in it. Run takes whichever comes first in
// (time, sequence) order, the queue's head or the earliest armed lane, and
// Arm takes a sequence number as At would, so a lane fires exactly where
// the equivalent At event would have: the order and every result are the
// same, only the queue's push, pop and bucket refill are saved. Until the
// queue's head wins it is only peeked at, never popped, because popping
// raises the queue's floor and a lane's handler may schedule below it.
// The access link's two propagation delay lines use lanes; they fire for
// about nine events in ten. Run scans the lanes on every event, so they
// are for a handful of such sources, not one per connection.
//
// # Ending a run
//
// Run returns nil when the queue empties or Stop is called. A run can be
// bounded by a horizon (simulated time) or an event budget; reaching either
// ends the run with an error wrapping ErrHorizon or ErrBudget that says how
// far it got, never with a silent partial result.
//
// # Randomness
//
// NewStream derives an independent PCG generator from (seed, run number,
// stream name). Each random component owns its stream, so adding a component
// never changes what another draws, and runs 0..N-1 are independent
// replications of one scenario. Streams are math/rand/v2 sources, usable
// directly as the Src of gonum's distuv distributions.
package sim
