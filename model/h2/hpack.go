package h2

import (
	"pagesim/model/httpcore"
	"pagesim/model/units"
)

// HPACK (RFC 7541) as a byte model. A header block is a list of fields;
// each costs what its representation costs on the wire:
//
//   - a field in the static table (":method: GET", ":scheme: https",
//     ":status: 200", ":path: /") is one indexed byte (§6.1);
//   - a field in the dynamic table is indexed too: its index (62 and up,
//     newest first) as a 7-bit-prefix integer, one byte below 127, two
//     up to 254 (§5.1);
//   - any other field is a literal with incremental indexing (§6.2.1):
//     its name as a static-table index when the name is there (:authority,
//     :path), else as a literal string, then its value as a literal
//     string; a string is its Huffman-coded length (huffmanRatio of its
//     characters, §5.2) after a 7-bit-prefix length. The field then enters
//     the dynamic table, taking name + value + 32 bytes (§4.1), and the
//     oldest entries are evicted while the table is over the size the
//     decoder allows (SETTINGS_HEADER_TABLE_SIZE, §4.4). An entry larger
//     than the whole table empties it and is not added.
//
// So a field repeated on every request costs its literal once and a byte
// afterwards — until enough new fields (each request's :path) have pushed
// it out of the table, and it is sent literally again. Entries are not
// refreshed by use (HPACK's FIFO), as real encoders (Chrome's, nginx's)
// behave.
//
// The header lists are model assumptions, shaped like a browser's GET and
// a static file's response:
//
//   - a request: :method, :scheme, :authority (the host, its length),
//     :path (the object's path, its length), and requestFields regular
//     fields (user-agent, accept, accept-encoding, accept-language, the
//     sec-ch-ua and sec-fetch-* fields…), identical on every request, of
//     equal size adding up to client.request_size less requestLineAllowance
//     (the request line and Host header that HTTP/1.1's header block holds
//     and HTTP/2 carries as pseudo-header fields); plus a priority field
//     ("priority: u=0, i", RFC 9218 §5) when the request is not at the
//     default urgency 3, non-incremental;
//   - a response: :status 200 and responseFields regular fields of equal
//     size adding up to server.header_size less statusLineAllowance, of
//     which responseRepeated (server, cache-control, vary…) are the same
//     on every response and the others (content-length, etag,
//     last-modified) differ on each.
//
// Regular fields are modelled as new names (a literal name string); the
// byte split between name and value does not change their cost beyond a
// length byte, and is not modelled.
const (
	requestFields        = 10
	requestLineAllowance = 50 // "GET /… HTTP/1.1\r\nHost: …\r\n"
	responseFields       = 6
	responseRepeated     = 3
	statusLineAllowance  = 17 // "HTTP/1.1 200 OK\r\n"
	// huffmanRatio is the size of a Huffman-coded string over its length:
	// RFC 7541's code gives the characters of header text 5 to 6 bits
	// (Appendix B), about 3/4 of a byte; a model assumption.
	huffmanNum, huffmanDen = 3, 4
	// entryOverhead is what a dynamic-table entry costs beyond its name
	// and value (RFC 7541 §4.1).
	entryOverhead units.Bytes = 32
	// staticEntries is the size of the static table (RFC 7541 Appendix
	// A): dynamic indexes start after it.
	staticEntries = 61
)

// Static-table indexes of the names and fields used (RFC 7541 Appendix A).
const (
	staticAuthority = 1 // :authority
	staticPath      = 4 // :path (5 is ":path: /index.html")
)

// fieldKind says which field of a header list a field is; with its key it
// identifies the field's name and value.
type fieldKind uint8

const (
	fieldAuthority fieldKind = iota + 1
	fieldPath
	fieldMethod
	fieldRequest  // a regular request field (key: its index)
	fieldPriority // key: urgency, incremental
	fieldResponse // a repeated regular response field (key: its index)
	fieldUnique   // a response field that differs on each response (key: a counter)
)

// hfield is one header field: who it is, its literal size and, when its
// name is in the static table, that name's index.
type hfield struct {
	kind    fieldKind
	key     int    // distinguishes fields of one kind
	str     string // distinguishes them too (a host, a path)
	size    units.Bytes
	nameIdx int // 0: a literal name
}

type fieldID struct {
	kind fieldKind
	key  int
	str  string
}

// encoder is one direction's HPACK encoder: its dynamic table, bounded by
// the peer decoder's SETTINGS_HEADER_TABLE_SIZE.
type encoder struct {
	capacity units.Bytes
	used     units.Bytes
	// entries holds the table oldest first, from head on; inserted
	// numbers them, so entry k (the k-th ever inserted) is at index
	// staticEntries + inserted − k.
	entries  []entry
	head     int
	inserted int
	// The insertion number of each field's live entry (0: none): fields
	// named by a string (a method, host or path) in a map, the others —
	// the regular and priority fields, by kind and key — in an array.
	// Fields unique to one response are never looked up.
	at    map[fieldID]int
	fixed [fieldUnique][2 * requestFields]int
}

type entry struct {
	id   fieldID
	size units.Bytes
	n    int
}

func newEncoder(capacity units.Bytes) *encoder {
	return &encoder{capacity: capacity, at: map[fieldID]int{}}
}

// setCapacity applies the decoder's new table size (a SETTINGS
// HEADER_TABLE_SIZE; RFC 7541 §4.3: evictions follow at once).
func (e *encoder) setCapacity(c units.Bytes) {
	e.capacity = c
	e.evict(0)
}

// slot returns the array element holding id's insertion number, or nil
// for a field kept in the map (or never looked up).
func (e *encoder) slot(id fieldID) *int {
	if id.kind == fieldUnique {
		return nil
	}
	if id.str == "" {
		return &e.fixed[id.kind][id.key]
	}
	return nil
}

func (e *encoder) lookup(id fieldID) (int, bool) {
	if id.kind == fieldUnique {
		return 0, false
	}
	if p := e.slot(id); p != nil {
		return *p, *p != 0
	}
	n, ok := e.at[id]
	return n, ok
}

func (e *encoder) remember(id fieldID, n int) {
	switch p := e.slot(id); {
	case id.kind == fieldUnique:
	case p != nil:
		*p = n
	default:
		e.at[id] = n
	}
}

// evict drops the oldest entries until room more bytes fit.
func (e *encoder) evict(room units.Bytes) {
	for e.used+room > e.capacity && e.head < len(e.entries) {
		old := e.entries[e.head]
		e.head++
		e.used -= old.size
		if n, ok := e.lookup(old.id); ok && n == old.n {
			if p := e.slot(old.id); p != nil {
				*p = 0
			} else {
				delete(e.at, old.id)
			}
		}
	}
	if e.head > 64 && e.head > len(e.entries)/2 {
		n := copy(e.entries, e.entries[e.head:])
		e.entries = e.entries[:n]
		e.head = 0
	}
}

// encode returns the bytes field f costs, and updates the table.
func (e *encoder) encode(f hfield) units.Bytes {
	id := fieldID{f.kind, f.key, f.str}
	if n, ok := e.lookup(id); ok {
		return intLen(staticEntries+e.inserted-n+1, 7) // §6.1
	}
	var cost units.Bytes
	if f.nameIdx > 0 {
		cost = intLen(f.nameIdx, 6) + strLen(f.size) // §6.2.1, indexed name
	} else {
		cost = 1 + strLen(0) + strLen(f.size) // §6.2.1, new name: the name's length byte, the string (modelled as one)
	}
	size := f.size + entryOverhead
	if size > e.capacity {
		e.evict(e.capacity + 1) // §4.4: too large for the table: it empties
		return cost
	}
	e.evict(size)
	e.inserted++
	e.entries = append(e.entries, entry{id: id, size: size, n: e.inserted})
	e.remember(id, e.inserted)
	e.used += size
	return cost
}

// intLen is the length of integer v in HPACK's integer representation with
// an n-bit prefix (RFC 7541 §5.1).
func intLen(v, n int) units.Bytes {
	limit := 1<<n - 1
	if v < limit {
		return 1
	}
	l := units.Bytes(1)
	for v -= limit; v >= 128; v >>= 7 {
		l++
	}
	return l + 1
}

// strLen is the length of a Huffman-coded string literal of n characters
// (RFC 7541 §5.2).
func strLen(n units.Bytes) units.Bytes {
	h := (n*huffmanNum + huffmanDen - 1) / huffmanDen
	return intLen(int(h), 7) + h
}

// split divides total bytes among n fields as evenly as whole bytes allow.
func split(total units.Bytes, n, i int) units.Bytes {
	if total <= 0 {
		return 0
	}
	s := total / units.Bytes(n)
	if units.Bytes(i) < total%units.Bytes(n) {
		s++
	}
	return s
}

// requestBlock is the size of the header block of r, with priority p, as
// the client's encoder e writes it now; requestSize is client.request_size.
func requestBlock(e *encoder, r *httpcore.Request, p priority, requestSize units.Bytes) units.Bytes {
	var n units.Bytes
	switch r.Method {
	case "GET", "POST":
		n++ // static entries 2 and 3
	default:
		n += e.encode(hfield{kind: fieldMethod, str: r.Method, size: units.Bytes(len(r.Method)), nameIdx: 2})
	}
	n++ // :scheme https (7) or http (6)
	n += e.encode(hfield{kind: fieldAuthority, str: r.Host, size: units.Bytes(len(r.Host)), nameIdx: staticAuthority})
	if r.Path == "" || r.Path == "/" {
		n++ // static entry 4
	} else {
		n += e.encode(hfield{kind: fieldPath, str: r.Path, size: units.Bytes(len(r.Path)), nameIdx: staticPath})
	}
	regular := requestSize - requestLineAllowance
	for i := 0; i < requestFields; i++ {
		if s := split(regular, requestFields, i); s > 0 {
			n += e.encode(hfield{kind: fieldRequest, key: i, size: s})
		}
	}
	if p.urgency != defaultUrgency || p.incremental {
		key := p.urgency
		size := units.Bytes(len("priority") + len("u=3"))
		if p.incremental {
			key += 8
			size += units.Bytes(len(", i"))
		}
		n += e.encode(hfield{kind: fieldPriority, key: key, size: size})
	}
	return n
}

// responseBlock is the size of a response's header block as the server's
// encoder e writes it now; headerSize is server.header_size and unique
// numbers the responses of the connection.
func responseBlock(e *encoder, headerSize units.Bytes, unique int) units.Bytes {
	n := units.Bytes(1) // :status 200, static entry 8
	regular := headerSize - statusLineAllowance
	for i := 0; i < responseFields; i++ {
		s := split(regular, responseFields, i)
		if s == 0 {
			continue
		}
		if i < responseRepeated {
			n += e.encode(hfield{kind: fieldResponse, key: i, size: s})
		} else {
			n += e.encode(hfield{kind: fieldUnique, key: unique*responseFields + i, size: s})
		}
	}
	return n
}
