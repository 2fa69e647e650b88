package scenarios

import (
	"strings"
	"testing"

	"pagesim/model"
)

// TestH2Keys: every HTTP/2 key decodes into its field, and what is not
// written keeps its default.
func TestH2Keys(t *testing.T) {
	src := `
server: {h2: {max_streams: 8, header_table: 0B, frame_size: 1000B, scheduler: rfc9218, send_buffer: 16KiB, max_requests: 3}}
hosts:
  www.example.com: {address: 192.0.2.1, cert: "*.example.com"}
  cdn.example.com: {address: 192.0.2.1, cert: "*.example.com", h2: false}
page:
  objects:
    - {url: https://www.example.com/, size: 10KB}
    - {url: https://cdn.example.com/a.js, size: 1KB, priority: 1, incremental: true}
    - {url: https://cdn.example.com/b.jpg, size: 1KB}
strategies: [browser, {name: mine, http: "2", conns: 2, h2: {stream_window: 1MiB, conn_window: 2MiB, header_table: 8KiB, prior_knowledge: true}}]
`
	s := mustParse(t, src)
	c := mustBase(t, s)
	want := model.H2Server{MaxStreams: 8, HeaderTable: 0, FrameSize: 1000, Scheduler: model.SchedUrgency, SendBuffer: 16 * model.KiB, MaxRequests: 3}
	if c.Server.H2 != want {
		t.Errorf("server.h2 = %+v, want %+v", c.Server.H2, want)
	}
	www, cdn := c.Hosts["www.example.com"], c.Hosts["cdn.example.com"]
	if www.Address != "192.0.2.1" || www.Cert != "*.example.com" || www.NoH2 || !cdn.NoH2 || cdn.TLS != model.TLS13 {
		t.Errorf("hosts = %+v / %+v", www, cdn)
	}
	objs := c.Page.Objects
	if objs[0].Urgency != 0 || objs[1].Urgency != 1 || !objs[1].Incremental || objs[2].Urgency != 3 || objs[2].Incremental {
		t.Errorf("priorities %d %d/%v %d/%v, want 0, 1/true, 3/false (document 0, default 3)", objs[0].Urgency, objs[1].Urgency, objs[1].Incremental, objs[2].Urgency, objs[2].Incremental)
	}
	mine := s.Strategies[1]
	wantH2 := model.H2Client{StreamWindow: model.MiB, ConnWindow: 2 * model.MiB, HeaderTable: 8 * model.KiB, PriorKnowledge: true}
	if mine.HTTP != model.HTTP2 || mine.Conns != 2 || mine.H2 != wantH2 {
		t.Errorf("strategy %+v, want http 2, conns 2, h2 %+v", mine, wantH2)
	}
	if d := model.DefaultServer().H2; mustBase(t, mustParse(t, page1)).Server.H2 != d {
		t.Errorf("server.h2 not written: want the defaults %+v", d)
	}
}

// TestH2KeyErrors: each HTTP/2 key's bad values are errors naming it, at
// its position.
func TestH2KeyErrors(t *testing.T) {
	cases := []struct {
		name, in, want string
	}{
		{"unknown scheduler", "server: {h2: {scheduler: wfq}}" + page1,
			`s.yaml:1:26: server.h2.scheduler: unknown value "wfq"`},
		{"frame too large", "server: {h2: {frame_size: 32KB}}" + page1,
			`s.yaml:1:27: server.h2.frame_size: 32KB is above 16384B`},
		{"negative streams", "server: {h2: {max_streams: -1}}" + page1,
			`s.yaml:1:28: server.h2.max_streams: -1 is out of range`},
		{"misspelt h2 key", "server: {h2: {max_stream: 1}}" + page1,
			`s.yaml:1:15: server.h2.max_stream: unknown key "max_stream"; did you mean max_streams?`},
		{"window too large", `strategies: [{name: x, http: "2", h2: {stream_window: 3GB}}]` + page1,
			`s.yaml:1:55: strategies[0].h2.stream_window: 3000MB is above 2147483647B`},
		{"pipelining over h2", `strategies: [{name: x, http: "2", pipeline: true}]` + page1,
			`strategies[0].pipeline: pipelining needs a persistent connection`},
		{"unknown http", `strategies: [{name: x, http: "4"}]` + page1,
			`strategies[0].http: unknown value "4"`},
		{"urgency out of range", "page: {objects: [{url: http://a.com/, size: 1KB}, {url: http://a.com/x, size: 1B, priority: 8}]}",
			`page.objects[1].priority: 8 is out of range (expected an urgency from 0 (most urgent) to 7 (RFC 9218))`},
		{"h2 not a boolean", "hosts: {a.com: {h2: maybe}}" + page1,
			`s.yaml:1:21: hosts.a.com.h2: "maybe" is not a boolean`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := Parse("s.yaml", []byte(c.in))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one containing %q", err, c.want)
			}
		})
	}
}
