package httpcore

import (
	"math"
	"sort"
	"time"

	"pagesim/model/internal/batch"
	"pagesim/model/units"
	"pagesim/sim"
)

// Fetcher is what a page load requests through: the browser's client.
type Fetcher interface {
	// Fetch queues r and sends it when the client's strategy allows.
	Fetch(r *Request)
}

// PageLoad drives a page load: it requests the document, requests each
// object once its parent has arrived (or enough of it, like a preload
// scanner) and its delay has passed, and stops the engine when every
// object has arrived or failed. It is the browser's requester; what
// happens to each request is the client's to record.
type PageLoad struct {
	s         *sim.Sim
	client    Fetcher
	rec       Recorder
	objs      []Object
	children  Children // shared, read-only (PageChildren)
	nextChild []int    // children already triggered
	requested []bool
	failed    []bool
	reqs      []*Request
	triggers  []objectTrigger // each object's delay event (no closure per object)
	remaining int
	// delayFactor multiplies every object's Delay (Client.DelayFactor).
	delayFactor float64
	newReq      batch.Alloc[Request]
}

// objectTrigger requests object i of a page load when its delay is over.
type objectTrigger struct {
	pl *PageLoad
	i  int
}

func (t *objectTrigger) Handle(time.Duration) { t.pl.request(t.i) }

// Children is a page's dependency tree: for each object, the objects it
// triggers, by increasing threshold (how much of it must have arrived;
// ties in page order). It depends on the page alone and is not changed
// once made, so that the loads of one page share it: a worker simulating
// a page thousands of times (model.Simulator) works it out once.
type Children [][]int

// PageChildren works out the dependency tree of p.
func PageChildren(p *Page) Children {
	ch := make(Children, len(p.Objects))
	for i := range p.Objects {
		if par := p.Objects[i].Parent; par >= 0 {
			ch[par] = append(ch[par], i)
		}
	}
	for i := range ch {
		c := ch[i]
		sort.SliceStable(c, func(a, b int) bool { return threshold(p.Objects, c[a]) < threshold(p.Objects, c[b]) })
	}
	return ch
}

// NewPageLoad prepares the load of p through client; rec hears of objects
// becoming ready and failing. Every object's Delay is taken as recorded
// (SetDelayFactor changes that).
func NewPageLoad(s *sim.Sim, p *Page, client Fetcher, rec Recorder) *PageLoad {
	return NewPageLoadOf(s, p, PageChildren(p), client, rec)
}

// NewPageLoadOf is NewPageLoad with the page's dependency tree worked out
// already (PageChildren(p)); the load only reads it.
func NewPageLoadOf(s *sim.Sim, p *Page, children Children, client Fetcher, rec Recorder) *PageLoad {
	n := len(p.Objects)
	return &PageLoad{s: s, client: client, rec: rec, objs: p.Objects, children: children, delayFactor: 1,
		nextChild: make([]int, n), requested: make([]bool, n), failed: make([]bool, n), reqs: make([]*Request, n),
		triggers: make([]objectTrigger, n), remaining: n}
}

// SetDelayFactor makes every object's Delay f times as long (f ≥ 0; the
// client's DelayFactor: its CPU scale on the CPU share of each delay).
func (pl *PageLoad) SetDelayFactor(f float64) { pl.delayFactor = f }

// delay is object i's client time before its request.
func (pl *PageLoad) delay(i int) time.Duration {
	d := pl.objs[i].Delay
	if pl.delayFactor == 1 || d == 0 {
		return d
	}
	x := math.Round(float64(d) * pl.delayFactor)
	if x >= math.MaxInt64/2 {
		return math.MaxInt64 / 2 // beyond any horizon (Config.Horizon ≤ MaxHorizon)
	}
	return time.Duration(x)
}

// Remaining is the number of objects that have neither arrived nor failed.
func (pl *PageLoad) Remaining() int { return pl.remaining }

// threshold is how many body bytes of its parent object i waits for;
// math.MaxInt64 means the whole parent.
func (pl *PageLoad) threshold(i int) int64 { return threshold(pl.objs, i) }

// threshold is PageLoad.threshold for the objects of a page.
func threshold(objs []Object, i int) int64 {
	f := objs[i].AfterFraction
	if f <= 0 || f >= 1 {
		return math.MaxInt64
	}
	return int64(math.Ceil(f * float64(objs[objs[i].Parent].Size)))
}

// Start requests the document.
func (pl *PageLoad) Start() { pl.trigger(0) }

// trigger makes object i requestable after its delay.
func (pl *PageLoad) trigger(i int) {
	if pl.requested[i] {
		return
	}
	pl.requested[i] = true
	pl.triggers[i] = objectTrigger{pl, i}
	pl.s.After(pl.delay(i), &pl.triggers[i])
}

func (pl *PageLoad) request(i int) {
	o := &pl.objs[i]
	method := o.Method
	if method == "" {
		method = "GET"
	}
	pl.rec.ObjectReady(i)
	r := pl.newReq.New()
	*r = Request{Host: o.Host, Path: o.Path, Method: method, Obj: i, Owner: pl, FullSize: o.Size}
	pl.reqs[i] = r
	pl.client.Fetch(r)
}

// childrenUpTo triggers the children of i whose threshold is reached.
func (pl *PageLoad) childrenUpTo(i int, body int64) {
	ch := pl.children[i]
	for pl.nextChild[i] < len(ch) && pl.threshold(ch[pl.nextChild[i]]) <= body {
		pl.trigger(ch[pl.nextChild[i]])
		pl.nextChild[i]++
	}
}

// Header triggers the children that wait for no body byte.
func (pl *PageLoad) Header(r *Request, bodyLen units.Bytes, lengthKnown bool) {
	pl.childrenUpTo(r.Obj, 0)
}

// Progress triggers the children whose share of the body has arrived.
func (pl *PageLoad) Progress(r *Request, n units.Bytes) {
	if pl.nextChild[r.Obj] < len(pl.children[r.Obj]) {
		pl.childrenUpTo(r.Obj, int64(r.Body))
	}
}

// Complete triggers the remaining children.
func (pl *PageLoad) Complete(r *Request, truncated bool) {
	pl.childrenUpTo(r.Obj, math.MaxInt64)
	pl.finishOne()
}

// Failed fails the object and its descendants.
func (pl *PageLoad) Failed(r *Request, why string) { pl.fail(r.Obj, why) }

// fail marks i failed, and with it every descendant not yet requested
// (their trigger will never come).
func (pl *PageLoad) fail(i int, why string) {
	if pl.failed[i] {
		return
	}
	pl.failed[i] = true
	retries := 0
	if r := pl.reqs[i]; r != nil {
		retries = r.Retries
	}
	pl.rec.ObjectFailed(i, why, retries)
	pl.finishOne()
	for _, c := range pl.children[i] {
		if !pl.requested[c] {
			pl.requested[c] = true
			pl.fail(c, "parent "+pl.objs[i].ID+" failed")
		}
	}
}

func (pl *PageLoad) finishOne() {
	pl.remaining--
	if pl.remaining == 0 {
		pl.s.Stop()
	}
}
