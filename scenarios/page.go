package scenarios

import (
	"container/heap"
	"fmt"
	"path"
	"path/filepath"
	"strings"

	"go.yaml.in/yaml/v3"

	"pagesim/model"
	"pagesim/scenarios/har"
	"pagesim/scenarios/internal/reqline"
)

// page decodes page: exactly one of objects, generate and har. It returns
// the page, per-host settings the page itself implies (TLS 1.3 for https
// hosts, a HAR recording's estimates), and whether the page decoded
// without error (checks that refer to object ids and hosts are skipped
// otherwise, to avoid reporting the same mistake twice).
func (d *decoder) page(n, root *yaml.Node, seed uint64, e *env) (model.Page, map[string]model.Host, bool) {
	e.mu.Lock()
	dp, ok := e.pages[pageKey{n, seed}]
	e.mu.Unlock()
	if ok && n != nil {
		return dp.page, dp.hosts, true
	}
	pg, hosts, ok := d.decodePage(n, root, seed, e)
	if ok {
		e.mu.Lock()
		defer e.mu.Unlock()
		if first, seen := e.pages[pageKey{n, seed}]; seen {
			// Decoded by another sweep point meanwhile: share that one.
			return first.page, first.hosts, true
		}
		if e.pages == nil {
			e.pages = map[pageKey]decodedPage{}
		}
		e.pages[pageKey{n, seed}] = decodedPage{pg, hosts}
	}
	return pg, hosts, ok
}

// decodePage decodes page: (page).
func (d *decoder) decodePage(n, root *yaml.Node, seed uint64, e *env) (model.Page, map[string]model.Host, bool) {
	if n == nil {
		d.errorf(root, "page", "missing section (expected page: with objects, generate or har)")
		return model.Page{}, nil, false
	}
	sch := rootSchema.keys["page"]
	f := d.mapping(n, "page", sch, "{objects: […]}, {generate: {…}} or {har: FILE}")
	if f == nil {
		return model.Page{}, nil, false
	}
	var given []string
	for _, k := range []string{"objects", "generate", "har"} {
		if f.has(k) {
			given = append(given, k)
		}
	}
	switch len(given) {
	case 0:
		d.errorf(f.node, "page", "no objects (expected one of objects, generate or har)")
		return model.Page{}, nil, false
	case 1:
	default:
		d.errorf(f.key[given[1]], join("page", given[1]), "%s and %s are exclusive (expected one of objects, generate or har)", given[0], given[1])
		return model.Page{}, nil, false
	}
	if kn := f.get("keep_cached"); kn != nil && given[0] != "har" {
		d.errorf(f.key["keep_cached"], "page.keep_cached", "applies only to page.har (expected it next to har:)")
	}
	nerr := len(d.errs)
	var pg model.Page
	var hosts map[string]model.Host
	switch given[0] {
	case "objects":
		pg, hosts = d.objects(f.get("objects"))
	case "generate":
		pg, hosts = d.generate(f.get("generate"), seed)
		pg.Objects = withDefaultUrgency(pg.Objects)
	case "har":
		keep := false
		d.optBool(f, "keep_cached", &keep)
		hn := f.get("har")
		if s, ok := d.scalar(hn, "page.har", "a path to a .har file"); ok {
			p := s
			if !filepath.IsAbs(p) {
				p = filepath.Join(e.dir, p)
			}
			rec, err := e.har.load(p, keep)
			if err != nil {
				d.errorf(hn, "page.har", "%v (expected a readable HAR file; relative paths start at the scenario's directory)", err)
			} else {
				pg, hosts = rec.page, rec.hosts // urgencies: the recording's, or har.DefaultUrgency
				d.recorded = rec.recorded
				for _, w := range rec.warnings {
					d.warnf(hn, "page.har", "%s: %s", p, w)
				}
			}
		}
	}
	d.pageRecorded(f)
	return pg, hosts, len(d.errs) == nerr && len(pg.Objects) > 0
}

// pageRecorded decodes page.recorded — what a recording says of the load
// (DOMContentLoaded, onLoad), which overrides what a page.har gives.
func (d *decoder) pageRecorded(f *fields) {
	n := f.get("recorded")
	if n == nil {
		return
	}
	rf := d.mapping(n, "page.recorded", rootSchema.keys["page"].keys["recorded"], "{dom_content_loaded, onload}")
	if rf == nil {
		return
	}
	d.optDuration(rf, "dom_content_loaded", &d.recorded.DOMContentLoaded, false)
	d.optDuration(rf, "onload", &d.recorded.OnLoad, false)
}

// defaultUrgency is an object's priority when none is written: RFC
// 9218's default urgency, 3, except for the document (the first object),
// which browsers request at 0 (as a HAR recording without priorities
// gets: har.DefaultUrgency).
func defaultUrgency(i int) int { return har.DefaultUrgency(i) }

// withDefaultUrgency sets the default urgencies on a generated page.
func withDefaultUrgency(objs []model.Object) []model.Object {
	for i := range objs {
		objs[i].Urgency = defaultUrgency(i)
	}
	return objs
}

// rawObject is an object as written, before its after: is resolved.
type rawObject struct {
	obj       model.Object
	idNode    *yaml.Node
	after     string
	afterNode *yaml.Node
	node      *yaml.Node
	path      string
}

// objects decodes page.objects. Ids default to the URL's path basename
// (or objN, N the 0-based position, if that is empty or taken); after:
// defaults to the document. An object written before its parent is moved
// after it (a stable topological order), so Objects[0] stays the document
// and every Parent index is smaller than its child's.
func (d *decoder) objects(n *yaml.Node) (model.Page, map[string]model.Host) {
	n = deref(n)
	const p0 = "page.objects"
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, p0, "got %s (expected a list of {url, size, …})", kindName(n))
		return model.Page{}, nil
	}
	if len(n.Content) == 0 {
		d.errorf(n, p0, "empty list (expected at least the base document)")
		return model.Page{}, nil
	}
	sch := rootSchema.keys["page"].keys["objects"].elem
	hosts := map[string]model.Host{}
	raws := make([]*rawObject, 0, len(n.Content))
	ok := true
	for i, en := range n.Content {
		p := index(p0, i)
		r := &rawObject{node: en, path: p, obj: model.Object{Method: "GET", Parent: -1, Urgency: defaultUrgency(i)}}
		raws = append(raws, r)
		f := d.mapping(en, p, sch, "{id, url, size, after, after_fraction, delay, method, priority, incremental, think}")
		if f == nil {
			ok = false
			continue
		}
		r.node = f.node
		if un := f.get("url"); un != nil {
			if s, good := d.scalar(un, join(p, "url"), "a URL, e.g. http://example.com/a.gif"); good {
				host, pth, https, err := reqline.Split(s)
				if err != nil {
					msg := err.Error()
					if !strings.HasSuffix(msg, ")") { // a port's message says what it expects
						msg += " (expected an absolute http:// or https:// URL)"
					}
					d.errorf(un, join(p, "url"), "%s", msg)
					ok = false
				} else {
					r.obj.Host, r.obj.Path = host, pth
					r.obj.Scheme = "http"
					if https {
						r.obj.Scheme = "https"
						h := model.DefaultHost()
						h.TLS = model.TLS13
						hosts[host] = h
					}
				}
			} else {
				ok = false
			}
		} else {
			d.errorf(f.node, p, "missing url (expected url: http://host/path)")
			ok = false
		}
		if sn := f.get("size"); sn != nil {
			if v, good := d.size(sn, join(p, "size")); good {
				r.obj.Size = v
			} else {
				ok = false
			}
		} else {
			d.errorf(f.node, p, "missing size (expected size: e.g. 3KB)")
			ok = false
		}
		if in := f.get("id"); in != nil {
			if s, good := d.scalar(in, join(p, "id"), "an id"); good && s != "" {
				r.obj.ID, r.idNode = s, in
			} else {
				if good {
					d.errorf(in, join(p, "id"), "empty id (expected a name, or omit id)")
				}
				ok = false
			}
		}
		if an := f.get("after"); an != nil {
			if s, good := d.scalar(an, join(p, "after"), "the id of another object"); good {
				r.after, r.afterNode = s, an
				if i == 0 {
					d.errorf(an, join(p, "after"), "the first object is the base document and has no parent (expected no after: here)")
					ok = false
				}
			} else {
				ok = false
			}
		}
		if fn := f.get("after_fraction"); fn != nil {
			if v, good := d.percent(fn, join(p, "after_fraction"), 0, 1, "more than 0% and at most 100% of the parent"); good && v > 0 {
				r.obj.AfterFraction = v
			} else {
				if good {
					d.errorf(fn, join(p, "after_fraction"), "must be more than 0%% (expected e.g. 50%%)")
				}
				ok = false
			}
			if i == 0 {
				d.errorf(fn, join(p, "after_fraction"), "the base document has no parent (expected no after_fraction: here)")
				ok = false
			}
		}
		d.optDuration(f, "delay", &r.obj.Delay, false)
		d.optInt(f, "priority", &r.obj.Urgency, 0, 7, "an urgency from 0 (most urgent) to 7 (RFC 9218)")
		d.optBool(f, "incremental", &r.obj.Incremental)
		d.objectThink(f, &r.obj)
		if mn := f.get("method"); mn != nil {
			if s, good := d.scalar(mn, join(p, "method"), "an HTTP method, e.g. GET"); good {
				if !reqline.IsMethod(s) {
					d.errorf(mn, join(p, "method"), "%q is not an HTTP method (expected e.g. GET or POST)", s)
					ok = false
				} else {
					r.obj.Method = strings.ToUpper(s)
				}
			}
		}
	}
	// Ids and dependencies are checked even when fields had errors, so
	// that every problem of the file is reported at once.
	objs, good := d.resolveObjects(raws)
	if !ok || !good {
		return model.Page{}, nil
	}
	return model.Page{Objects: objs}, hosts
}

// resolveObjects assigns default ids, resolves after: to parent indices,
// rejects duplicate ids and dependency cycles, and orders the objects.
func (d *decoder) resolveObjects(raws []*rawObject) ([]model.Object, bool) {
	ok := true
	byID := map[string]int{}
	for i, r := range raws {
		if r.idNode == nil {
			continue
		}
		if prev, dup := byID[r.obj.ID]; dup {
			d.errorf(r.idNode, join(r.path, "id"), "duplicate id %q (also page.objects[%d]; expected unique ids)", r.obj.ID, prev)
			ok = false
			continue
		}
		byID[r.obj.ID] = i
	}
	for i, r := range raws {
		if r.idNode != nil {
			continue
		}
		p, _, _ := strings.Cut(r.obj.Path, "?")
		id := path.Base(p)
		if id == "/" || id == "." || id == "" {
			id = ""
		}
		if _, taken := byID[id]; id == "" || taken {
			id = fmt.Sprintf("obj%d", i)
			for k := 2; ; k++ {
				if _, taken := byID[id]; !taken {
					break
				}
				id = fmt.Sprintf("obj%d-%d", i, k)
			}
		}
		r.obj.ID = id
		byID[id] = i
	}
	ids := make([]string, len(raws))
	for i, r := range raws {
		ids[i] = r.obj.ID
	}
	parent := make([]int, len(raws))
	for i, r := range raws {
		switch {
		case i == 0:
			parent[i] = -1
		case r.afterNode == nil:
			parent[i] = 0
		default:
			j, found := byID[r.after]
			if !found {
				msg := fmt.Sprintf("no object has id %q", r.after)
				if sg := suggest(r.after, ids); sg != "" {
					msg += fmt.Sprintf("; did you mean %s?", sg)
				}
				d.errorf(r.afterNode, join(r.path, "after"), "%s (expected the id of another object)", msg)
				ok = false
				parent[i] = -2 // dangling: no chain to follow
			} else if j == i {
				d.errorf(r.afterNode, join(r.path, "after"), "object %q depends on itself (expected the id of another object)", r.after)
				ok = false
				parent[i] = -2
			} else {
				parent[i] = j
			}
		}
	}
	// Cycles: colour each chain of parents; a chain that meets itself is
	// a cycle, reported once at the after: of its first-written member.
	state := make([]int, len(raws)) // 0 new, 1 on the current chain, 2 done
	for i := range raws {
		var chain []int
		j := i
		for j >= 0 && state[j] == 0 {
			state[j] = 1
			chain = append(chain, j)
			j = parent[j]
		}
		if j >= 0 && state[j] == 1 {
			start := 0
			for chain[start] != j {
				start++
			}
			cyc := chain[start:]
			first := cyc[0]
			for _, c := range cyc {
				first = min(first, c)
			}
			k := indexOf(cyc, first)
			var names []string
			for _, c := range append(cyc[k:], cyc[:k]...) {
				names = append(names, ids[c])
			}
			names = append(names, ids[first])
			r := raws[first]
			d.errorf(r.afterNode, join(r.path, "after"), "dependency cycle %s (each waits for the next; expected every after: chain to lead back to the document)", strings.Join(names, " → "))
			ok = false
		}
		for _, c := range chain {
			state[c] = 2
		}
	}
	if !ok {
		return nil, false
	}
	// Stable topological order: repeatedly place the first-written object
	// whose parent is placed. The objects ready to place are kept in a
	// min-heap of their written index, so this is O(n log n) (a scan for
	// the first ready object each time was quadratic: 100 000 objects
	// took minutes).
	children := make([][]int, len(raws))
	for i, p := range parent {
		if p >= 0 {
			children[p] = append(children[p], i)
		}
	}
	ready := &intHeap{}
	for i, p := range parent {
		if p < 0 {
			heap.Push(ready, i)
		}
	}
	placed := make([]int, len(raws)) // old index → new index
	out := make([]model.Object, 0, len(raws))
	for ready.Len() > 0 {
		i := heap.Pop(ready).(int)
		o := raws[i].obj
		o.Parent = -1
		if parent[i] >= 0 {
			o.Parent = placed[parent[i]]
		}
		placed[i] = len(out)
		d.objFile = append(d.objFile, i)
		out = append(out, o)
		for _, c := range children[i] {
			heap.Push(ready, c)
		}
	}
	return out, true
}

// intHeap is a min-heap of ints (container/heap).
type intHeap []int

func (h intHeap) Len() int           { return len(h) }
func (h intHeap) Less(i, j int) bool { return h[i] < h[j] }
func (h intHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *intHeap) Push(x any)        { *h = append(*h, x.(int)) }
func (h *intHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func indexOf(s []int, v int) int {
	for i, x := range s {
		if x == v {
			return i
		}
	}
	return 0
}
