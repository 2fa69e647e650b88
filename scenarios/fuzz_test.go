package scenarios

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
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
		"network: {mss: 5MiB}" + page1, "sweep: {network.mss: [1B, 5MiB]}" + page1, "limits: {horizon: 240h, max_events: 1}" + page1,
		"faults: [{kind: close_mid_body, object: obj0}, {kind: close_mid_body, object: obj0}]" + page1,
		"hosts: {a.com:443: {tls: \"1.2\"}}\npage: {objects: [{url: \"https://A.com:443/\", size: 1B}]}",
		"quic: {cc: cubic, max_datagram: 1200B, cid_len: 20B, max_ack_delay: off, scheduler: round_robin}\nh3: {qpack_table: 4KiB}\n" +
			"hosts: {a.com: {h3: discover, zero_rtt: true}}\nstrategies: [h3, {name: b, http: \"3\"}]" + page1,
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
		n := s.NumJobs()
		if n < 1 || n > MaxSimulations {
			t.Fatalf("Parse succeeded with %d simulations", n)
		}
		if n > 1000 {
			return // keep each input cheap
		}
		jobs, err := s.Jobs()
		if err != nil {
			t.Fatalf("Parse succeeded but Jobs failed: %v", err)
		}
		if len(jobs) != n {
			t.Fatalf("%d jobs, NumJobs %d", len(jobs), n)
		}
		checkConfig(t, jobs[0].Config)
		for _, j := range jobs {
			// Everything that cannot run is caught while loading.
			if err := j.Config.Validate(); err != nil {
				t.Fatalf("Parse accepted a job the model refuses: %v", err)
			}
		}
	})
}

// FuzzSweepPath: resolving a sweep path never panics, a resolved path
// written canonically ("page.objects[2].size") resolves to the same
// steps, and setting a value at it in an empty file or in a page file
// never panics.
func FuzzSweepPath(f *testing.F) {
	for _, p := range []string{"network.rtt", "page.objects[3].size", "page.objects.3.size", "hosts.cdn.example.com.tls",
		"hosts.a.b.c.think.median", "strategies[1].conns", "server.think.median", "limits.horizon", "faults[0].at",
		"", ".", "a..b", "[", "page.objects[", "page.objects[-1].size", "page.objects[99999999999999999999].size",
		"hosts..tls", "sweep.x", "seed", "server", "proxy.chain[0]"} {
		f.Add(p)
	}
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(strings.TrimPrefix(page1, "\n")), &doc); err != nil {
		f.Fatal(err)
	}
	val := &yaml.Node{Kind: yaml.ScalarNode, Value: "1ms", Line: 1, Column: 1}
	f.Fuzz(func(t *testing.T, p string) {
		segs, msg := resolveSweepPath(p)
		if msg != "" {
			return
		}
		if len(segs) == 0 {
			t.Fatalf("%q resolved to no steps", p)
		}
		again, msg := resolveSweepPath(strings.TrimPrefix(canonical(segs), "."))
		if msg != "" || canonical(again) != canonical(segs) {
			t.Fatalf("%q → %q → %q (%s)", p, canonical(segs), canonical(again), msg)
		}
		setPath(nil, segs, val, "")
		setPath(firstContent(&doc), segs, val, "")
	})
}
