package h1

import (
	"fmt"
	"testing"
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/link"
	"pagesim/model/tcp"
	"pagesim/model/units"
	"pagesim/sim"
)

// harness is one page load wired as package model wires it, with the
// HTTP/1.x machinery in reach of the tests.
type harness struct {
	s       *sim.Sim
	browser *Client
	page    *httpcore.PageLoad
	rec     *tallyRecorder
}

// tallyRecorder counts what went wrong.
type tallyRecorder struct {
	httpcore.NopRecorder
	failed, lost int
}

func (r *tallyRecorder) ObjectFailed(int, string, int)                                { r.failed++ }
func (r *tallyRecorder) Lost(*httpcore.Request, httpcore.ConnID, httpcore.LossReason) { r.lost++ }

// setting is what a harness is built from.
type setting struct {
	net    link.Config
	tcp    tcp.Config
	strat  httpcore.Strategy
	client httpcore.Client
	server httpcore.Server
	proxy  httpcore.Proxy
	page   httpcore.Page
}

// textbook is the chapter's idealised setting: a very fast link without
// header overhead, delayed ACK off, an HTML document and n tiny images.
func textbook(rtt time.Duration, n int, st httpcore.Strategy) setting {
	s := setting{net: link.DefaultConfig(), tcp: tcp.DefaultConfig(), strat: st, client: httpcore.DefaultClient(), server: httpcore.DefaultServer()}
	s.net.RTT = rtt
	s.net.Down, s.net.Up = 100*units.Gbps, 100*units.Gbps
	s.net.Header = 0
	s.tcp.DelayedACK = 0
	s.page.Objects = []httpcore.Object{{ID: "html", Host: "example.com", Path: "/", Size: 1, Parent: -1}}
	for i := 1; i <= n; i++ {
		s.page.Objects = append(s.page.Objects, httpcore.Object{ID: fmt.Sprintf("img%d", i), Host: "example.com", Path: fmt.Sprintf("/%d.gif", i), Size: 1, Parent: 0})
	}
	return s
}

func newHarness(t *testing.T, set setting) *harness {
	t.Helper()
	s := sim.New()
	n, err := link.New(s, set.net, 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	st, err := tcp.NewStack(n, set.tcp)
	if err != nil {
		t.Fatal(err)
	}
	content := httpcore.NewContent(&set.page, nil)
	origins := map[string]*httpcore.Origin{}
	for _, o := range set.page.Objects {
		if origins[o.Host] == nil {
			origins[o.Host] = httpcore.NewOrigin(o.Host, set.server, set.server.Think, httpcore.TLSNone, 0, content, 1, 0)
		}
	}
	rec := &tallyRecorder{}
	core := &httpcore.Env{S: s, Origins: origins, Content: content, Rec: rec, IDs: &httpcore.ConnIDs{},
		Hosts: func(string) httpcore.Host { return httpcore.DefaultHost() }}
	env := &Env{Env: core, TCP: st, Server: set.server, Proxy: set.proxy, ProxyRec: rec}
	h := &harness{s: s, browser: NewBrowser(env, set.strat, set.client), rec: rec}
	h.page = httpcore.NewPageLoad(s, &set.page, h.browser, rec)
	return h
}

// run loads the page and fails the test unless it finished cleanly.
func (h *harness) run(t *testing.T) {
	t.Helper()
	h.page.Start()
	if err := h.s.Run(sim.Limits{Horizon: time.Hour}); err != nil {
		t.Fatal(err)
	}
	if h.page.Remaining() != 0 || h.rec.failed != 0 || h.rec.lost != 0 {
		t.Fatalf("%d objects unfinished, %d failed, %d lost; want a clean load", h.page.Remaining(), h.rec.failed, h.rec.lost)
	}
}
