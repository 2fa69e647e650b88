package h3

import (
	"pagesim/model/httpcore"
	"pagesim/model/units"
)

// QPACK (RFC 9204) as a size model: each header field is encoded the way
// an encoder would — an index into the static table, a literal with a
// name from it, or a literal name and value, Huffman-coded when shorter —
// and with a dynamic table (Config.QPACKTable > 0) fields that repeat on a
// connection are inserted once on the encoder stream and then referenced
// by index. A field section that references an entry whose insertion has
// not yet arrived blocks its stream at the decoder (§2.1.2): the one way
// HTTP/3 streams wait for each other.

// encoder is one side's QPACK encoder: its dynamic table as the peer's
// decoder will build it, and the streams it blocks.
type encoder struct {
	capacity int64 // bytes; 0: static table only
	maxBlock int   // SETTINGS_QPACK_BLOCKED_STREAMS of the peer
	entries  []entry
	size     int64
	inserted int64 // insertions so far (the insert count)
	known    int64 // Known Received Count: insertions the decoder acknowledged
	// sections with references the decoder may not have yet, by the
	// required insert count they need: the blocked-stream budget.
	unacked []int64
	// encOff is the bytes written on the encoder stream.
	encOff int64
}

type entry struct {
	name, value string
	abs         int64 // absolute index
	size        int64 // name + value + 32 (§3.2.1)
	encEnd      int64 // the encoder-stream offset after its insertion
}

// section is an encoded field section: its size, the Required Insert
// Count it needs, and the encoder-stream bytes that carry those
// insertions (what the decoder must have read first).
type section struct {
	size    units.Bytes
	ric     int64
	needEnc int64
}

// instruction is what encode wrote on the encoder stream.
type instruction struct {
	size  units.Bytes
	count int64 // the insert count after it
}

// encode sizes the field section of fs, and appends to ins the encoder
// instructions (insertions) it needs.
func (q *encoder) encode(fs []headerField, ins []instruction) (section, []instruction) {
	var sec section
	var body units.Bytes
	canBlock := q.capacity > 0 && len(q.unacked) < q.maxBlock
	for _, f := range fs {
		si, exact := staticLookup(f.name, f.value)
		if exact {
			body += httpcore.PrefixIntLen(int64(si), 6) // §4.5.2 indexed, static
			continue
		}
		if q.capacity > 0 {
			// A repeating field goes into the table the first time; it
			// is referenced at once only if this stream may block on it,
			// else once the decoder acknowledged it.
			e := q.find(f.name, f.value)
			if e == nil && f.indexable {
				var n units.Bytes
				if e, n = q.insert(f.name, f.value, si); e != nil {
					ins = append(ins, instruction{size: n, count: q.inserted})
				}
			}
			if e != nil && (e.abs < q.known || canBlock) {
				// §4.5.2 indexed, dynamic: the index relative to the Base,
				// the insert count now.
				body += httpcore.PrefixIntLen(q.inserted-1-e.abs, 6)
				if e.abs+1 > sec.ric {
					sec.ric, sec.needEnc = e.abs+1, e.encEnd
				}
				continue
			}
		}
		body += literal(f, si)
	}
	// §4.5.1: the prefix — Required Insert Count (8-bit prefix) and
	// Delta Base (7-bit prefix); both 0 without dynamic references.
	sec.size = body + 2
	if sec.ric > 0 {
		maxEntries := q.capacity / 32
		enc := sec.ric%(2*maxEntries) + 1
		sec.size = body + httpcore.PrefixIntLen(enc, 8) + httpcore.PrefixIntLen(q.inserted-sec.ric, 7)
		if sec.ric > q.known {
			q.unacked = append(q.unacked, sec.ric)
		}
	}
	return sec, ins
}

// literal is a field line with a literal value (§4.5.4, §4.5.6): a name
// from the static table (index si) or a literal name.
func literal(f headerField, si int) units.Bytes {
	if si >= 0 {
		return httpcore.PrefixIntLen(int64(si), 4) + httpcore.StringLen(f.value, 7)
	}
	return httpcore.StringLen(f.name, 3) + httpcore.StringLen(f.value, 7)
}

func (q *encoder) find(name, value string) *entry {
	for i := len(q.entries) - 1; i >= 0; i-- {
		if e := &q.entries[i]; e.name == name && e.value == value {
			return e
		}
	}
	return nil
}

// insert adds a field to the dynamic table, evicting the oldest entries
// for room (§3.2.2; eviction is not held back by unacknowledged
// references, a simplification), and returns the entry and the size of
// its encoder instruction (§4.3.2 with a static name, §4.3.3 with a
// literal one); nil if it cannot fit.
func (q *encoder) insert(name, value string, si int) (*entry, units.Bytes) {
	sz := int64(len(name) + len(value) + 32)
	if sz > q.capacity {
		return nil, 0
	}
	for q.size+sz > q.capacity {
		q.size -= q.entries[0].size
		q.entries = q.entries[1:]
	}
	var n units.Bytes
	if si >= 0 {
		n = httpcore.PrefixIntLen(int64(si), 6) + httpcore.StringLen(value, 7)
	} else {
		n = httpcore.StringLen(name, 5) + httpcore.StringLen(value, 7)
	}
	q.encOff += int64(n)
	q.entries = append(q.entries, entry{name: name, value: value, abs: q.inserted, size: sz, encEnd: q.encOff})
	q.inserted++
	q.size += sz
	return &q.entries[len(q.entries)-1], n
}

// acknowledged: the decoder has count insertions (a Section
// Acknowledgment or an Insert Count Increment arrived, §4.4).
func (q *encoder) acknowledged(count int64) {
	q.known = max(q.known, count)
	keep := q.unacked[:0]
	for _, r := range q.unacked {
		if r > q.known {
			keep = append(keep, r)
		}
	}
	q.unacked = keep
}

// setTableCapacity is the encoder instruction that sizes the table
// (§4.3.1), sent once when the table is used.
func setTableCapacity(c int64) units.Bytes { return httpcore.PrefixIntLen(c, 5) }
