package model

import (
	"math"
	"sort"
	"time"

	"pagesim/sim"
)

// pageRun drives a page load: it requests the document, requests each
// object once its parent has arrived (or enough of it) and its delay has
// passed, and records every object's timeline. It is the browser's
// requester.
type pageRun struct {
	w         *world
	objs      []Object
	res       []ObjectResult
	reqs      []*request
	children  [][]int // per object, its children by increasing threshold
	nextChild []int   // children already triggered
	requested []bool
	remaining int
}

func newPageRun(w *world, p *Page) *pageRun {
	n := len(p.Objects)
	pr := &pageRun{w: w, objs: p.Objects, res: make([]ObjectResult, n), reqs: make([]*request, n),
		children: make([][]int, n), nextChild: make([]int, n), requested: make([]bool, n), remaining: n}
	for i := range p.Objects {
		o := &p.Objects[i]
		pr.res[i] = ObjectResult{ID: o.ID, URL: o.Host + o.Path, Host: o.Host, Size: o.Size, Parent: o.Parent, Conn: -1}
		if o.Parent >= 0 {
			pr.children[o.Parent] = append(pr.children[o.Parent], i)
		}
	}
	for i := range pr.children {
		ch := pr.children[i]
		sort.SliceStable(ch, func(a, b int) bool { return pr.threshold(ch[a]) < pr.threshold(ch[b]) })
	}
	return pr
}

// threshold is how many body bytes of its parent object i waits for;
// math.MaxInt64 means the whole parent.
func (pr *pageRun) threshold(i int) int64 {
	f := pr.objs[i].AfterFraction
	if f <= 0 || f >= 1 {
		return math.MaxInt64
	}
	return int64(math.Ceil(f * float64(pr.objs[pr.objs[i].Parent].Size)))
}

func (pr *pageRun) start() { pr.trigger(0) }

// trigger makes object i requestable after its delay.
func (pr *pageRun) trigger(i int) {
	if pr.requested[i] {
		return
	}
	pr.requested[i] = true
	pr.w.s.After(pr.objs[i].Delay, sim.Func(func(now time.Duration) { pr.request(i, now) }))
}

func (pr *pageRun) request(i int, now time.Duration) {
	o := &pr.objs[i]
	method := o.Method
	if method == "" {
		method = "GET"
	}
	pr.res[i].Ready = now
	r := &request{host: o.Host, path: o.Path, method: method, obj: i, owner: pr, fullSize: o.Size}
	pr.reqs[i] = r
	pr.w.client.fetch(r)
}

// childrenUpTo triggers the children of i whose threshold is reached.
func (pr *pageRun) childrenUpTo(i int, body int64) {
	ch := pr.children[i]
	for pr.nextChild[i] < len(ch) && pr.threshold(ch[pr.nextChild[i]]) <= body {
		pr.trigger(ch[pr.nextChild[i]])
		pr.nextChild[i]++
	}
}

func (pr *pageRun) sent(r *request, c *clientConn) {
	now := pr.w.s.Now()
	res := &pr.res[r.obj]
	res.RequestSent = now
	if r.attempts == 1 {
		res.FirstAttempt = now
	}
	res.Conn = c.res
	res.Reused = r.onReused
	if !r.onReused && c.openedAt >= res.Ready {
		res.ConnectStart = c.openedAt
		res.TCPDone = c.tcpDone
		res.TLSDone = c.tlsDone
		res.DNSStart = c.openedAt
		if p := c.pool; p.dnsDone > 0 && p.dnsStart >= res.Ready && p.dnsDone <= c.openedAt {
			res.DNSStart = p.dnsStart
		}
	} else {
		res.DNSStart, res.ConnectStart, res.TCPDone, res.TLSDone = now, now, now, now
	}
}

func (pr *pageRun) header(r *request, m *message) {
	pr.res[r.obj].FirstByte = r.firstAt
	pr.childrenUpTo(r.obj, 0)
}

func (pr *pageRun) progress(r *request, n Bytes) {
	if pr.nextChild[r.obj] < len(pr.children[r.obj]) {
		pr.childrenUpTo(r.obj, int64(r.body))
	}
}

func (pr *pageRun) complete(r *request, truncated bool) {
	res := &pr.res[r.obj]
	res.LastByte = pr.w.s.Now()
	if res.FirstByte == 0 {
		res.FirstByte = r.firstAt
	}
	res.Truncated = truncated
	res.Retries = r.retries
	pr.childrenUpTo(r.obj, math.MaxInt64)
	pr.finishOne()
}

func (pr *pageRun) failed(r *request, why string) {
	pr.fail(r.obj, why)
}

// fail marks i failed, and with it every descendant not yet requested
// (their trigger will never come).
func (pr *pageRun) fail(i int, why string) {
	res := &pr.res[i]
	if res.Failed {
		return
	}
	res.Failed = true
	res.FailReason = why
	if r := pr.reqs[i]; r != nil {
		res.Retries = r.retries
	}
	pr.finishOne()
	for _, c := range pr.children[i] {
		if !pr.requested[c] {
			pr.requested[c] = true
			pr.fail(c, "parent "+pr.objs[i].ID+" failed")
		}
	}
}

func (pr *pageRun) lost(r *request, c *clientConn, why string) {
	pr.w.res.Stalls = append(pr.w.res.Stalls, Stall{Object: r.obj, Conn: c.res, From: r.sentAt, To: pr.w.s.Now(), Cause: why})
}

func (pr *pageRun) finishOne() {
	pr.remaining--
	if pr.remaining == 0 {
		pr.w.s.Stop()
	}
}
