package scenarios

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func FuzzParse(f *testing.F) {
	for _, name := range Examples() {
		data, err := ExampleSource(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"", "a: [", "page: {objects: []}", "network: {rtt: 100}" + page1,
		"sweep: {hosts.a.com.tls: [\"1.2\", none], page.objects[0].size: [1B]}" + page1,
		"page: {objects: [{url: http://a/, size: 1B}, {url: http://a/b, size: 1B, after: b}]}",
		"x: &a [*a]", "page: &p {objects: [{url: http://a/, size: 1B}]}\nhosts: {a: *p}",
		"strategies: [{name: a, http: \"1.1\", pipeline: true}, 3]" + page1,
		"server: {think: {dist: pareto, scale: 1ms, shape: 0}}" + page1,
		"page: {generate: {count: 3, size: {dist: uniform, min: 1B, max: 2B}, hosts: 2, depth: 9}}",
		"server: {h2: {max_streams: 0, header_table: 0B, frame_size: 16385B, scheduler: tree, send_buffer: 1B, max_requests: 1}}\n" +
			"hosts: {a: {h2: false, address: x, cert: y}}\nstrategies: [{name: z, http: \"2\", h2: {stream_window: 1B, conn_window: 3GB, prior_knowledge: true}}]\n" +
			"page: {objects: [{url: http://a/, size: 1B, priority: 9, incremental: yes}]}\nsweep: {server.h2.scheduler: [fifo, rfc9218]}",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		tm := time.AfterFunc(3*time.Second, func() { panic(fmt.Sprintf("slow input %q", data)) })
		defer tm.Stop()
		s, err := Parse("f.yaml", data)
		if err != nil {
			var el ErrorList
			if !errors.As(err, &el) || len(el) == 0 {
				t.Fatalf("error %T is not a non-empty ErrorList: %v", err, err)
			}
			for _, e := range el {
				if e.File != "f.yaml" || e.Line < 1 || e.Col < 1 || e.Msg == "" {
					t.Fatalf("error without a position or message: %#v", e)
				}
			}
			return
		}
		if len(s.Sweep) > 0 && len(s.Sweep) > 3 {
			return // keep each input cheap
		}
		jobs, err := s.Jobs()
		if err != nil {
			t.Fatalf("Parse succeeded but Jobs failed: %v", err)
		}
		if len(jobs) == 0 {
			t.Fatal("no jobs")
		}
		checkConfig(t, jobs[0].Config)
	})
}
