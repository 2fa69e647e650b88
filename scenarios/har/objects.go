package har

import (
	"net/url"
	"strconv"
	"strings"

	"pagesim/model"
)

// buildObjects turns the page's entries (sorted, parents set) into
// rec.Page, rec.Meta and the counters. Skipped entries are counted; their
// children are re-parented to the nearest kept ancestor, so skipping never
// breaks the dependency chain (the document is always kept).
func buildObjects(rec *Recording, list []*entry) {
	objIndex := make([]int, len(list))
	ids := newIDSet()
	start0 := list[0].start
	var last = list[0].end
	for i, e := range list {
		e.obj = -1
		if e.skip != "" {
			objIndex[i] = -1
			rec.skip(e.skip)
			continue
		}
		parent := -1
		if i > 0 {
			p := e.parent
			for p > 0 && objIndex[p] < 0 {
				p = list[p].parent
			}
			parent = objIndex[p]
			e.clientTime(list[p])
		}
		frac := e.fraction
		if frac >= 1 {
			frac = 0 // the whole parent: the model's default
		}
		objIndex[i] = len(rec.Page.Objects)
		e.obj = objIndex[i]
		urgency := e.urgency
		if urgency < 0 {
			urgency = DefaultUrgency(len(rec.Page.Objects))
		}
		rec.Page.Objects = append(rec.Page.Objects, model.Object{
			Urgency: urgency,
			ID:      ids.unique(objectID(e)),
			Scheme:  strings.ToLower(e.u.Scheme),
			Host:    e.host,
			Path:    requestPath(e.u),
			Size:    model.Bytes(e.size),
			Parent:  parent,
			Method:  e.method,

			AfterFraction: frac,
			Delay:         e.delay,
		})
		rec.Meta = append(rec.Meta, ObjectMeta{
			URL:       e.canon,
			Entry:     e.idx,
			Status:    e.status,
			Protocol:  e.proto,
			Start:     e.start.Sub(start0),
			Duration:  e.dur,
			DNS:       e.dnsAt.Sub(start0),
			Connect:   e.connAt.Sub(start0),
			TLS:       e.tlsAt.Sub(start0),
			Sent:      e.sent.Sub(start0),
			FirstByte: e.firstByte.Sub(start0),
			Dep:       e.dep,
			Cached:    e.cached,
		})
		rec.Bytes += e.size
		rec.Protocols[e.proto]++
		if e.end.After(last) {
			last = e.end
		}
		if _, ok := rec.Hosts[e.host]; !ok {
			rec.Hosts[e.host] = model.Host{}
			rec.HostOrder = append(rec.HostOrder, e.host)
		}
	}
	rec.Objects = len(rec.Page.Objects)
	rec.Span = last.Sub(start0)
	rec.PageURL = list[0].canon
}

// requestPath is the URL's path and query as the scenario loader reads the
// written URL back: an empty query ("…/x?") is no query.
func requestPath(u *url.URL) string {
	c := *u
	c.ForceQuery = false
	return c.RequestURI()
}

// objectID derives a readable id from the URL: the last path segment
// (without the query), else the host; only letters, digits, '.', '_' and
// '-' are kept, so ids are safe as plain YAML scalars and in file names.
func objectID(e *entry) string {
	seg := e.u.EscapedPath()
	if k := strings.LastIndexByte(seg, '/'); k >= 0 {
		seg = seg[k+1:]
	}
	if seg == "" {
		seg = e.host
	}
	var b strings.Builder
	dash := false
	for _, r := range seg {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_'
		if ok {
			b.WriteRune(r)
			dash = false
		} else if !dash && b.Len() > 0 {
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	id := strings.Trim(b.String(), "-.")
	if id == "" {
		id = "object"
	}
	// Never a YAML-special or numeric-looking scalar.
	if c := id[0]; !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
		id = "o" + id
	}
	switch strings.ToLower(id) {
	case "true", "false", "yes", "no", "on", "off", "null", "y", "n":
		id = "o-" + id
	}
	return id
}

// idSet hands out unique object ids: the first object of a name gets it
// as is, later ones name-2, name-3, … (the first free one).
type idSet struct {
	taken map[string]bool
	// next is, per base name, the suffix to try first: every smaller one
	// is taken already, so n copies of one URL cost O(n), not O(n²).
	next map[string]int
}

func newIDSet() *idSet { return &idSet{taken: map[string]bool{}, next: map[string]int{}} }

func (s *idSet) unique(id string) string {
	if !s.taken[id] {
		s.taken[id] = true
		return id
	}
	n := max(s.next[id], 2)
	for {
		c := id + "-" + strconv.Itoa(n)
		n++
		if !s.taken[c] {
			s.taken[c] = true
			s.next[id] = n
			return c
		}
	}
}

// DefaultUrgency is an object's urgency when the recording gives none:
// RFC 9218's default, 3, except for the document (object 0), which
// browsers request at 0.
func DefaultUrgency(i int) int {
	if i == 0 {
		return 0
	}
	return 3
}
