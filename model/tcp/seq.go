package tcp

import "pagesim/model/units"

// Seq is a sequence number: a byte offset in one direction of a
// connection, 0 for the SYN. It is 64 bits wide and never wraps (a
// simplification: no page moves 2^63 bytes), so sequence numbers compare
// with plain < and > — unlike TCP's 32-bit space, where gVisor's
// seqnum.Value needs LessThan. Arithmetic goes through Add and To, so that
// a sequence number and a byte count are never mixed up.
type Seq int64

// Add returns the sequence number n bytes after s.
func (s Seq) Add(n units.Bytes) Seq { return s + Seq(n) }

// To returns the number of bytes from s up to t (t − s; negative if t is
// before s).
func (s Seq) To(t Seq) units.Bytes { return units.Bytes(t - s) }

// span is a range of sequence space [from, to).
type span struct{ from, to Seq }

// size is the number of bytes in the span.
func (s span) size() units.Bytes { return s.from.To(s.to) }
