package h3

import (
	"fmt"
	"testing"
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/link"
	"pagesim/model/quic"
	"pagesim/model/units"
	"pagesim/sim"
)

// harness is one page load over HTTP/3 wired as package model wires it,
// without a fallback (a request sent to it fails the test).
type harness struct {
	s    *sim.Sim
	net  *link.Net
	qs   *quic.Stack
	cl   *Client
	page *httpcore.PageLoad
	rec  *tally
}

// tally counts events.
type tally struct {
	httpcore.NopRecorder
	s                   *sim.Sim
	failed, lost, conns int
	done                map[int]time.Duration
	firstByte           map[int]time.Duration
	received            map[int]units.Bytes
	fallback            int
	ready, connected    []time.Duration
}

func (r *tally) ObjectFailed(int, string, int)                                { r.failed++ }
func (r *tally) Lost(*httpcore.Request, httpcore.ConnID, httpcore.LossReason) { r.lost++ }
func (r *tally) ConnOpened(httpcore.ConnID, string, int)                      { r.conns++ }
func (r *tally) ConnReady(httpcore.ConnID)                                    { r.ready = append(r.ready, r.s.Now()) }
func (r *tally) ConnConnected(httpcore.ConnID)                                { r.connected = append(r.connected, r.s.Now()) }
func (r *tally) FirstByte(q *httpcore.Request)                                { r.firstByte[q.Obj] = r.s.Now() }
func (r *tally) Received(q *httpcore.Request, _ httpcore.ConnID, n units.Bytes) {
	r.received[q.Obj] += n
}
func (r *tally) ResponseDone(q *httpcore.Request, _ httpcore.ConnID, truncated bool) {
	r.done[q.Obj] = r.s.Now()
}

// setting is what a harness is built from.
type setting struct {
	net    link.Config
	quic   quic.Config
	h3     Config
	host   httpcore.Host
	client httpcore.Client
	server httpcore.Server
	page   httpcore.Page
}

// ideal is the idealised setting of the closed forms: a 100 Gbps link
// without headers below UDP's payload, an HTML document and n images.
func ideal(rtt time.Duration, n int) setting {
	s := setting{net: link.DefaultConfig(), quic: quic.DefaultConfig(), h3: DefaultConfig(), host: httpcore.DefaultHost(),
		client: httpcore.DefaultClient(), server: httpcore.DefaultServer()}
	s.net.RTT = rtt
	s.net.Down, s.net.Up = 100*units.Gbps, 100*units.Gbps
	s.net.Header, s.quic.UDPHeader = 0, 0
	s.host.CertSize = 1000
	s.page = page(n, 1000)
	return s
}

func page(n int, size units.Bytes) httpcore.Page {
	p := httpcore.Page{Objects: []httpcore.Object{{ID: "html", Host: "example.com", Path: "/", Size: size, Parent: -1}}}
	for i := 1; i <= n; i++ {
		p.Objects = append(p.Objects, httpcore.Object{ID: fmt.Sprintf("img%d", i), Host: "example.com", Path: fmt.Sprintf("/%d.png", i), Size: size, Parent: 0})
	}
	return p
}

func newHarness(t *testing.T, set setting) *harness { return newHarnessAll(t, set, 1, nil) }

func newHarnessSeed(t *testing.T, set setting, seed uint64) *harness {
	return newHarnessAll(t, set, seed, nil)
}

func newHarnessFaults(t *testing.T, set setting, faults []httpcore.Fault) *harness {
	return newHarnessAll(t, set, 1, faults)
}

func newHarnessAll(t *testing.T, set setting, seed uint64, faults []httpcore.Fault) *harness {
	t.Helper()
	s := sim.New()
	n, err := link.New(s, set.net, seed, 0)
	if err != nil {
		t.Fatal(err)
	}
	qs, err := quic.NewStack(n, set.quic)
	if err != nil {
		t.Fatal(err)
	}
	content := httpcore.NewContent(&set.page, faults)
	origins := map[string]*httpcore.Origin{}
	for _, o := range set.page.Objects {
		if origins[o.Host] == nil {
			origins[o.Host] = httpcore.NewOrigin(o.Host, set.server, set.server.Think, httpcore.TLS13, set.host.CertSize, content, 1, 0)
		}
	}
	rec := &tally{s: s, done: map[int]time.Duration{}, firstByte: map[int]time.Duration{}, received: map[int]units.Bytes{}}
	core := &httpcore.Env{S: s, Origins: origins, Content: content, Rec: rec, IDs: &httpcore.ConnIDs{},
		Hosts: func(string) httpcore.Host { return set.host },
		DNS:   httpcore.NewResolver(s, rec, func(string) time.Duration { return set.host.DNS })}
	h := &harness{s: s, net: n, qs: qs, rec: rec}
	h.cl = NewClient(&Env{Env: core, QUIC: qs, H3: set.h3, Client: set.client, Server: set.server,
		Fallback: func(r *httpcore.Request) {
			rec.fallback++
			r.Failed = true
			r.Owner.Failed(r, "fell back")
		}})
	h.page = httpcore.NewPageLoad(s, &set.page, h.cl, rec)
	return h
}

// run loads the page and returns when its last object arrived.
func (h *harness) run(t *testing.T) time.Duration {
	t.Helper()
	h.page.Start()
	if err := h.s.Run(sim.Limits{Horizon: time.Hour, MaxEvents: 50_000_000}); err != nil {
		t.Fatalf("run: %v", err)
	}
	var last time.Duration
	for _, d := range h.rec.done {
		last = max(last, d)
	}
	return last
}
