package model

// Selective acknowledgments (RFC 2018) and SACK-based loss recovery
// (RFC 6675), as Linux and every browser use them. The receiver reports up
// to three blocks of out-of-order data; the sender keeps a scoreboard of
// what the peer holds above sndUna, deems a hole lost once DupThresh
// segments' worth of data above it has been SACKed (IsLost), estimates
// what is in flight (pipe), and during recovery retransmits lost holes
// before new data, as long as pipe leaves room in cwnd. Simplifications:
// SACK option bytes are not added to the header; D-SACK and RACK are not
// modelled.

// dupThresh is DupThresh of RFC 6675 (and RFC 5681's three duplicate ACKs).
const dupThresh = 3

// fillSACK puts the receiver's out-of-order blocks into an outgoing
// segment: first the block holding the most recent arrival (RFC 2018 §4),
// then the others from the highest down.
func (e *Endpoint) fillSACK(p *packet) {
	first := -1
	for i, s := range e.ooo {
		if s.from <= e.lastOOO && e.lastOOO < s.to {
			first = i
			p.sack[0] = s
			p.nsack = 1
			break
		}
	}
	for i := len(e.ooo) - 1; i >= 0 && p.nsack < maxSACKBlocks; i-- {
		if i != first {
			p.sack[p.nsack] = e.ooo[i]
			p.nsack++
		}
	}
}

// sackUpdate merges the blocks of an incoming ACK into the scoreboard.
func (e *Endpoint) sackUpdate(p *packet) {
	for i := int8(0); i < p.nsack; i++ {
		b := p.sack[i]
		if b.to <= max(e.sndUna, p.ack) || b.from >= e.sndMax {
			continue
		}
		e.sacked = insertSpan(e.sacked, b)
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

// sackPrune forgets scoreboard entries the cumulative ACK has passed.
func (e *Endpoint) sackPrune() {
	k := 0
	for k < len(e.sacked) && e.sacked[k].to <= e.sndUna {
		k++
	}
	if k > 0 {
		e.sacked = append(e.sacked[:0], e.sacked[k:]...)
	}
	if len(e.sacked) > 0 && e.sacked[0].from < e.sndUna {
		e.sacked[0].from = e.sndUna
	}
	if e.highRxt < e.sndUna {
		e.highRxt = e.sndUna
	}
}

// sackedAt returns the end of the SACKed block containing seq, or seq.
func (e *Endpoint) sackedAt(seq int64) int64 {
	for _, s := range e.sacked {
		if s.from <= seq && seq < s.to {
			return s.to
		}
	}
	return seq
}

// nextSacked returns the start of the first SACKed block above seq, or
// sndMax.
func (e *Endpoint) nextSacked(seq int64) int64 {
	for _, s := range e.sacked {
		if s.from > seq {
			return s.from
		}
	}
	return e.sndMax
}

// lostLimit is the sequence number below which every un-SACKed byte is
// lost by RFC 6675's IsLost: at least DupThresh·SMSS bytes are SACKed
// above it. It returns sndUna when nothing is lost yet.
func (e *Endpoint) lostLimit() int64 {
	var above Bytes
	for i := len(e.sacked) - 1; i >= 0; i-- {
		above += Bytes(e.sacked[i].to - e.sacked[i].from)
		if above >= dupThresh*e.mss {
			return e.sacked[i].from
		}
	}
	return e.sndUna
}

// lostAt is IsLost(seq) (RFC 6675 §4).
func (e *Endpoint) lostAt(seq int64) bool { return seq < e.lostLimit() && e.sackedAt(seq) == seq }

// pipe is RFC 6675's SetPipe: un-SACKed bytes in flight that are not deemed
// lost, plus lost bytes already retransmitted (below HighRxt).
func (e *Endpoint) pipe() Bytes {
	lost := e.lostLimit()
	var p Bytes
	at := e.sndUna
	holes := func(from, to int64) {
		if to <= from {
			return
		}
		// [from, to) is un-SACKed: split at lost and highRxt
		notLost := to - max(from, min(to, lost))
		p += Bytes(notLost)
		rtx := min(to, e.highRxt) - from
		if rtx > 0 {
			p += Bytes(rtx)
		}
	}
	for _, s := range e.sacked {
		holes(at, min(s.from, e.sndMax))
		at = max(at, s.to)
	}
	holes(at, e.sndMax)
	return p
}

// sackSend is RFC 6675 §5 step (C): while cwnd − pipe ≥ 1 SMSS, send the
// next segment: first a lost hole not yet retransmitted (NextSeg rule 1),
// else new data (rule 2).
func (e *Endpoint) sackSend() {
	for e.open() && e.cwnd-e.pipe() >= e.mss {
		if seq, ok := e.nextLost(); ok {
			e.highRxt = seq + e.retransmitRange(seq, "sack")
			continue
		}
		if !e.sendNew() {
			return
		}
	}
}

// nextLost finds the first lost, un-SACKed byte at or above HighRxt.
func (e *Endpoint) nextLost() (int64, bool) {
	lost := e.lostLimit()
	seq := max(e.highRxt, e.sndUna)
	for seq < lost {
		if to := e.sackedAt(seq); to > seq {
			seq = to
			continue
		}
		return seq, true
	}
	return 0, false
}

// sendNew sends one segment of new data (or the FIN) if the peer's window
// allows; it reports whether it sent anything.
func (e *Endpoint) sendNew() bool {
	dataEnd := e.sndEnd + 1
	if e.sndNxt < e.sndMax {
		return false
	}
	avail := Bytes(dataEnd - e.sndNxt)
	if avail <= 0 {
		if e.finQueued && !e.finSent && e.sndNxt == dataEnd {
			e.sendSegment(e.sndNxt, 0, true)
			return true
		}
		return false
	}
	if Bytes(e.sndNxt-e.sndUna)+min(avail, e.mss) > e.peerWnd {
		return false
	}
	n := min(avail, e.mss)
	e.sendSegment(e.sndNxt, n, e.finQueued && n == avail)
	return true
}
