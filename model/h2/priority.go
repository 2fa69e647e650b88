package h2

import "slices"

// The client's priority signals. Every request's HEADERS frame carries
// both of the forms a server may read (as Chrome sends them):
//
//   - the RFC 9218 Priority header field (hpack.go), its urgency and
//     incremental flag from the object (httpcore.Object.Urgency,
//     Incremental);
//   - the RFC 7540 §5.3 dependency, built as Chrome builds it
//     (Http2PriorityDependencies): the new stream depends, exclusively, on
//     the newest open stream at least as urgent — so that the tree is a
//     single chain in priority order, first come first within a level —
//     with the weight Chrome gives its priority (Spdy3PriorityToHttp2Weight:
//     ⌊255.9/7 · (7 − u)⌋ + 1, from 256 at urgency 0 to 1 at urgency 7).
//
// A stream leaves the client's chain when its response is complete (or
// lost); the server keeps its own tree (sched.go).

// defaultUrgency is RFC 9218's default urgency (§4.1).
const defaultUrgency = 3

// chain is the client's open streams by urgency, oldest first.
type chain struct{ levels [8][]uint32 }

// open adds stream id at urgency u and returns its dependency.
func (c *chain) open(id uint32, u int, incremental bool) priority {
	p := priority{weight: chromeWeight(u), exclusive: true, urgency: u, incremental: incremental}
	for l := u; l >= 0; l-- {
		if k := len(c.levels[l]); k > 0 {
			p.dep = c.levels[l][k-1]
			break
		}
	}
	c.levels[u] = append(c.levels[u], id)
	return p
}

// close removes stream id, opened at urgency u.
func (c *chain) close(id uint32, u int) {
	if i := slices.Index(c.levels[u], id); i >= 0 {
		c.levels[u] = slices.Delete(c.levels[u], i, i+1)
	}
}

// chromeWeight is the HTTP/2 weight Chrome gives urgency u.
func chromeWeight(u int) int { return int(255.9/7*float64(7-u)) + 1 }
