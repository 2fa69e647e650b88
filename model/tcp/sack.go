package tcp

import "pagesim/model/units"

// Selective acknowledgments (RFC 2018) and the sender's scoreboard for
// SACK-based loss recovery (RFC 6675), as Linux and every browser use
// them. The receiver reports up to three blocks of out-of-order data; the
// sender keeps a scoreboard of what the peer holds above sndUna, deems a
// hole lost once DupThresh segments (or more than DupThresh − 1 segments'
// worth of bytes) above it have been SACKed (IsLost), or as RACK says
// (rack.go), and estimates what is in flight (pipe). Recovery itself is
// recovery.go. Simplifications: SACK option bytes are not added
// to the header; D-SACK is not modelled.

// dupThresh is DupThresh of RFC 6675 (and RFC 5681's three duplicate ACKs).
const dupThresh = 3

// scoreboard is what the sender knows the peer holds above the cumulative
// ACK: SACKed blocks, sorted and disjoint, and HighRxt of RFC 6675 (the
// highest sequence number retransmitted in this recovery). Its methods
// take the sender's una, max and mss so that it can be tested alone.
type scoreboard struct {
	sacked  []span
	highRxt Seq
	// With useRACK, losses are RACK's (rack.go): everything un-SACKed below
	// rackLost, instead of IsLost.
	useRACK  bool
	rackLost Seq
	// fresh holds the byte ranges the last update newly SACKed (a buffer
	// reused from ACK to ACK), for RACK.
	fresh []span
}

// fillSACK puts the receiver's out-of-order blocks into an outgoing
// segment: first the block holding the most recent arrival (RFC 2018 §4),
// then the others from the highest down.
func (e *Endpoint) fillSACK(s *segment) {
	first := -1
	for i, b := range e.ooo {
		if b.from <= e.lastOOO && e.lastOOO < b.to {
			first = i
			s.sack[0] = b
			s.nsack = 1
			break
		}
	}
	for i := len(e.ooo) - 1; i >= 0 && s.nsack < maxSACKBlocks; i-- {
		if i != first {
			s.sack[s.nsack] = e.ooo[i]
			s.nsack++
		}
	}
}

// update merges the blocks of an incoming ACK (cumulative ack) into the
// scoreboard of a sender at una, max.
func (sb *scoreboard) update(s *segment, una, sndMax Seq) {
	sb.fresh = sb.fresh[:0]
	for i := int8(0); i < s.nsack; i++ {
		b := s.sack[i]
		if b.to <= max(una, s.ack) || b.from >= sndMax {
			continue
		}
		sb.noteFresh(b)
		sb.sacked = insertSpan(sb.sacked, b)
	}
}

// noteFresh records the parts of b that no SACKed range covers yet.
func (sb *scoreboard) noteFresh(b span) {
	at := b.from
	for _, s := range sb.sacked {
		if s.to <= at {
			continue
		}
		if s.from >= b.to {
			break
		}
		if s.from > at {
			sb.fresh = append(sb.fresh, span{at, s.from})
		}
		at = max(at, s.to)
	}
	if at < b.to {
		sb.fresh = append(sb.fresh, span{at, b.to})
	}
}

// insertSpan adds s to a sorted list of disjoint spans, merging overlaps.
func insertSpan(l []span, s span) []span {
	i := 0
	for i < len(l) && l[i].to < s.from {
		i++
	}
	j := i
	for j < len(l) && l[j].from <= s.to {
		s.from = min(s.from, l[j].from)
		s.to = max(s.to, l[j].to)
		j++
	}
	if i == j {
		l = append(l, span{})
		copy(l[i+1:], l[i:])
		l[i] = s
		return l
	}
	l[i] = s
	return append(l[:i+1], l[j:]...)
}

// prune forgets entries the cumulative ACK una has passed.
func (sb *scoreboard) prune(una Seq) {
	k := 0
	for k < len(sb.sacked) && sb.sacked[k].to <= una {
		k++
	}
	if k > 0 {
		sb.sacked = append(sb.sacked[:0], sb.sacked[k:]...)
	}
	if len(sb.sacked) > 0 && sb.sacked[0].from < una {
		sb.sacked[0].from = una
	}
	if sb.highRxt < una {
		sb.highRxt = una
	}
}

// sackedAt returns the end of the SACKed block containing seq, or seq.
func (sb *scoreboard) sackedAt(seq Seq) Seq {
	for _, s := range sb.sacked {
		if s.from <= seq && seq < s.to {
			return s.to
		}
	}
	return seq
}

// nextSacked returns the start of the first SACKed block above seq, or
// sndMax.
func (sb *scoreboard) nextSacked(seq, sndMax Seq) Seq {
	for _, s := range sb.sacked {
		if s.from > seq {
			return s.from
		}
	}
	return sndMax
}

// sackedBytes is the number of bytes the scoreboard holds as SACKed.
func (sb *scoreboard) sackedBytes() units.Bytes {
	var n units.Bytes
	for _, s := range sb.sacked {
		n += s.size()
	}
	return n
}

// lostLimit is the sequence number below which every un-SACKed byte is
// lost by RFC 6675's IsLost: "either DupThresh discontiguous SACKed
// sequences have arrived above 'SeqNum' or more than (DupThresh − 1) ·
// SMSS bytes with sequence numbers greater than 'SeqNum' have been
// SACKed". The scoreboard keeps byte ranges, not segments, so a range
// counts as ⌈bytes/SMSS⌉ segments (exact when the sender's segments are
// full-sized, as they are but for the last of a write), a model
// assumption. It returns una when nothing is lost yet.
func (sb *scoreboard) lostLimit(una Seq, mss units.Bytes) Seq {
	if sb.useRACK {
		return max(una, sb.rackLost)
	}
	var above units.Bytes
	segs := 0
	for i := len(sb.sacked) - 1; i >= 0; i-- {
		above += sb.sacked[i].size()
		segs += int((sb.sacked[i].size() + mss - 1) / mss)
		if above > (dupThresh-1)*mss || segs >= dupThresh {
			return sb.sacked[i].from
		}
	}
	return una
}

// lostAt is IsLost(seq) (RFC 6675 §4).
func (sb *scoreboard) lostAt(seq, una Seq, mss units.Bytes) bool {
	return seq < sb.lostLimit(una, mss) && sb.sackedAt(seq) == seq
}

// pipe is RFC 6675's SetPipe: un-SACKed bytes in flight that are not deemed
// lost, plus lost bytes already retransmitted (below HighRxt).
func (sb *scoreboard) pipe(una, sndMax Seq, mss units.Bytes) units.Bytes {
	lost := sb.lostLimit(una, mss)
	var p units.Bytes
	at := una
	holes := func(from, to Seq) {
		if to <= from {
			return
		}
		// [from, to) is un-SACKed: split at lost and highRxt
		p += max(from, min(to, lost)).To(to)
		if rtx := from.To(min(to, sb.highRxt)); rtx > 0 {
			p += rtx
		}
	}
	for _, s := range sb.sacked {
		holes(at, min(s.from, sndMax))
		at = max(at, s.to)
	}
	holes(at, sndMax)
	return p
}

// nextLost finds the first lost, un-SACKed byte at or above HighRxt
// (RFC 6675 NextSeg rule 1).
func (sb *scoreboard) nextLost(una Seq, mss units.Bytes) (Seq, bool) {
	return sb.firstUnsacked(max(sb.highRxt, una), sb.lostLimit(una, mss))
}

// nextUnsacked is NextSeg rule 3's candidate (RFC 6675 §4): the first
// un-SACKed byte above HighRxt (and una) and below the highest SACKed byte.
func (sb *scoreboard) nextUnsacked(una Seq) (Seq, bool) {
	if len(sb.sacked) == 0 {
		return 0, false
	}
	return sb.firstUnsacked(max(sb.highRxt, una), sb.sacked[len(sb.sacked)-1].to)
}

// firstUnsacked is the first byte in [from, limit) that no SACKed range
// covers.
func (sb *scoreboard) firstUnsacked(from, limit Seq) (Seq, bool) {
	for seq := from; seq < limit; {
		if to := sb.sackedAt(seq); to > seq {
			seq = to
			continue
		}
		return seq, true
	}
	return 0, false
}

// lastUnsacked is the highest outstanding un-SACKed sequence number below
// sndMax (NextSeg rule 4), if any.
func (sb *scoreboard) lastUnsacked(una, sndMax Seq) (Seq, bool) {
	seq := sndMax - 1
	for i := len(sb.sacked) - 1; i >= 0 && seq >= una; i-- {
		s := sb.sacked[i]
		if seq >= s.to {
			break
		}
		if seq >= s.from {
			seq = s.from - 1
		}
	}
	if seq < una {
		return 0, false
	}
	return seq, true
}

// pipe is the scoreboard's estimate of the data in flight for this
// sender. A FIN occupies a sequence number but no room in the network: it
// is not counted.
func (e *Endpoint) pipe() units.Bytes {
	top := e.sndMax
	if e.finSent {
		top = min(top, e.sndEnd+1)
	}
	return e.sb.pipe(e.sndUna, max(top, e.sndUna), e.mss)
}
