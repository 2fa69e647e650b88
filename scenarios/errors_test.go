package scenarios

import (
	"errors"
	"strings"
	"testing"
)

// page1 is the smallest valid page, appended to inputs that test other
// sections.
const page1 = "\npage: {objects: [{url: http://a.com/, size: 1KB}]}\n"

func TestBadInputs(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want []string // every error, in order, exactly
	}{
		{"bare duration", "network: {rtt: 100}" + page1,
			[]string{`s.yaml:1:16: network.rtt: duration "100" needs a unit (e.g. 100ms; units us, ms, s)`}},
		{"bare size", "network: {mss: 1460}" + page1,
			[]string{`s.yaml:1:16: network.mss: size "1460" needs a unit (e.g. 1460B or 1460KB; units B, KB, KiB, MB, MiB, GB, GiB)`}},
		{"bare rate", "network: {down: 1.5}" + page1,
			[]string{`s.yaml:1:17: network.down: rate "1.5" needs a unit (e.g. 1.5Mbps; units bps, kbps, Mbps, Gbps)`}},
		{"misspelt section", "netwrk: {rtt: 10ms}" + page1,
			[]string{`s.yaml:1:1: netwrk: unknown key "netwrk"; did you mean network? (known keys: client, faults, h3, hosts, limits, name, network, page, proxy, quic, runs, seed, server, strategies, sweep, tcp)`}},
		{"misspelt key", "network: {rrt: 10ms}" + page1,
			[]string{`s.yaml:1:11: network.rrt: unknown key "rrt"; did you mean rtt? (known keys: down, header, loss, mss, preset, queue, rtt, ties, up)`}},
		{"swapped letters", "tcp: {initcnwd: 4}" + page1,
			[]string{`s.yaml:1:7: tcp.initcnwd: unknown key "initcnwd"; did you mean initcwnd? (known keys: ack_counting, ack_first_data, ca_increase, cc, cwnd_unit, cwnd_validation, delayed_ack, frto, hystart, initcwnd, initial_rto, limited_transmit, loss_exit_above_recover, min_rto, nagle, nextseg_rules, partial_ack_retransmit, profile, prr, push, quickack, rack, recovery, rto_formula, rto_reset, rwnd, sack, slow_start_after_idle, slow_start_increase, ssthresh_from_pipe, syn_options, tlp)`}},
		{"loss without percent", "network: {loss: 0.5}" + page1,
			[]string{`s.yaml:1:17: network.loss: "0.5" needs a % sign (e.g. 0.5%; 0% to 100%)`}},
		{"loss out of range", "network: {loss: 120%}" + page1,
			[]string{`s.yaml:1:17: network.loss: 120% is out of range (expected 0% to 100%)`}},
		{"queue zero", "network: {queue: 0}" + page1,
			[]string{`s.yaml:1:18: network.queue: 0 is out of range (expected a queue of at least 1 packet)`}},
		{"unknown preset", "network: {preset: cabel}" + page1,
			[]string{`s.yaml:1:19: network.preset: unknown preset "cabel"; did you mean cable? (expected one of ` + strings.Join(presetNames(), ", ") + "; `pagesim presets` lists them)"}},
		{"preset by its end", "network: {preset: slow4g}" + page1,
			[]string{`s.yaml:1:19: network.preset: unknown preset "slow4g"; did you mean one of lighthouse-mobileslow4g, devtools-slow4g? (expected one of ` + strings.Join(presetNames(), ", ") + "; `pagesim presets` lists them)"}},
		{"preset by its start", "network: {preset: Firefox_Good}" + page1,
			[]string{`s.yaml:1:19: network.preset: unknown preset "Firefox_Good"; did you mean one of firefox-good2g, firefox-good3g? (expected one of ` + strings.Join(presetNames(), ", ") + "; `pagesim presets` lists them)"}},
		{"wrong type", "tcp: {initcwnd: ten, nagle: yes, cc: renoo}" + page1,
			[]string{
				`s.yaml:1:17: tcp.initcwnd: "ten" is not a whole number (expected 1 to 1000000 segments)`,
				`s.yaml:1:29: tcp.nagle: "yes" is not a boolean (expected true or false)`,
				`s.yaml:1:38: tcp.cc: unknown value "renoo"; did you mean reno? (expected one of reno | newreno | cubic)`,
			}},
		{"delayed ack", "tcp: {delayed_ack: 40}" + page1,
			[]string{`s.yaml:1:20: tcp.delayed_ack: duration "40" needs a unit (e.g. 40ms; units us, ms, s, or off)`}},
		{"section not a mapping", "network: fast" + page1,
			[]string{`s.yaml:1:10: network: got "fast" (expected a mapping of network keys (preset, rtt, down, up, …))`}},
		{"repeated key", "network: {rtt: 10ms, rtt: 20ms}" + page1,
			[]string{`s.yaml:1:22: network.rtt: repeated key (first written at line 1)`}},
		{"rwnd below mss", "network: {mss: 1460B}\ntcp: {rwnd: 1000B}" + page1,
			[]string{`s.yaml:2:13: tcp.rwnd: must be at least one MSS (1460 B), got 1000 B`}},
		{"missing page", "name: x\n",
			[]string{`s.yaml:1:1: page: missing section (expected page: with objects, generate or har)`}},
		{"empty file", "",
			[]string{`s.yaml:1:1: page: missing section (expected page: with objects, generate or har)`}},
		{"syntax error", "page: [\n",
			[]string{`s.yaml:1:1: YAML syntax error: did not find expected node content (a YAML mapping of scenario sections)`}},
		{"two page kinds", "page: {objects: [{url: http://a.com/, size: 1KB}], generate: {count: 2, size: 1KB}}",
			[]string{`s.yaml:1:52: page.generate: objects and generate are exclusive (expected one of objects, generate or har)`}},
		{"objects: ids, after, cycles", `page:
  objects:
    - {id: html, url: http://a.com/, size: 1KB}
    - {id: a, url: http://a.com/a, size: 1KB, after: b}
    - {id: b, url: http://a.com/b, size: 1KB, after: a}
    - {id: c, url: http://a.com/c, size: 1KB, after: nothere}
    - {id: c, url: ftp://a.com/c, size: 1}
    - {id: d, url: http://a.com/d, size: 1KB, after: d}
    - {id: e, url: http://a.com/e, size: 1KB, after_fraction: 0%}
`, []string{
			`s.yaml:4:54: page.objects[1].after: dependency cycle a → b → a (each waits for the next; expected every after: chain to lead back to the document)`,
			`s.yaml:6:54: page.objects[3].after: no object has id "nothere" (expected the id of another object)`,
			`s.yaml:7:12: page.objects[4].id: duplicate id "c" (also page.objects[3]; expected unique ids)`,
			`s.yaml:7:20: page.objects[4].url: scheme "ftp" is not supported (expected an absolute http:// or https:// URL)`,
			`s.yaml:7:41: page.objects[4].size: size "1" needs a unit (e.g. 1B or 1KB; units B, KB, KiB, MB, MiB, GB, GiB)`,
			`s.yaml:8:54: page.objects[5].after: object "d" depends on itself (expected the id of another object)`,
			`s.yaml:9:63: page.objects[6].after_fraction: must be more than 0% (expected e.g. 50%)`,
		}},
		{"object missing fields", "page: {objects: [{id: x}, {url: http://a.com/b}]}",
			[]string{
				`s.yaml:1:18: page.objects[0]: missing size (expected size: e.g. 3KB)`,
				`s.yaml:1:18: page.objects[0]: missing url (expected url: http://host/path)`,
				`s.yaml:1:27: page.objects[1]: missing size (expected size: e.g. 3KB)`,
			}},
		{"document with after", "page: {objects: [{id: x, url: http://a.com/, size: 1KB, after: x}]}",
			[]string{`s.yaml:1:64: page.objects[0].after: the first object is the base document and has no parent (expected no after: here)`}},
		{"sweep problems", "sweep: {network.rtt: [10ms, 20], network.foo: [1], tcp: [1], hosts.a.com.tls: [\"1.2\"], seed: [1, 2], network.up: 1Mbps}" + page1,
			[]string{
				`s.yaml:1:29: sweep.network.rtt[1]: duration "20" needs a unit (e.g. 20ms; units us, ms, s)`,
				`s.yaml:1:34: sweep.network.foo: unknown field "network.foo" in sweep path (expected one of network.down, network.header, network.loss, network.mss, network.preset, network.queue, network.rtt, network.ties, network.up)`,
				`s.yaml:1:52: sweep.tcp: tcp is a section, not a scalar field (expected one of its keys: tcp.ack_counting, tcp.ack_first_data, tcp.ca_increase, tcp.cc, tcp.cwnd_unit, tcp.cwnd_validation, tcp.delayed_ack, tcp.frto, tcp.hystart, tcp.initcwnd, tcp.initial_rto, tcp.limited_transmit, tcp.loss_exit_above_recover, tcp.min_rto, tcp.nagle, tcp.nextseg_rules, tcp.partial_ack_retransmit, tcp.profile, tcp.prr, tcp.push, tcp.quickack, tcp.rack, tcp.recovery, tcp.rto_formula, tcp.rto_reset, tcp.rwnd, tcp.sack, tcp.slow_start_after_idle, tcp.slow_start_increase, tcp.ssthresh_from_pipe, tcp.syn_options, tcp.tlp)`,
				`s.yaml:1:88: sweep.seed: seed cannot be swept (expected a field of network, tcp, client, server, hosts, proxy, page, strategies, faults or limits; use runs for replications)`,
				`s.yaml:1:114: sweep.network.up: got "1Mbps" (expected a list of values, e.g. [20ms, 100ms])`,
			}},
		{"sweep misspelt path", "sweep: {network.rrt: [10ms]}" + page1,
			[]string{`s.yaml:1:9: sweep.network.rrt: unknown field "network.rrt" in sweep path; did you mean network.rtt? (expected one of network.down, network.header, network.loss, network.mss, network.preset, network.queue, network.rtt, network.ties, network.up)`}},
		{"sweep same field twice", "sweep:\n  page.objects[0].size: [1KB]\n  page.objects.0.size: [2KB]" + page1,
			[]string{`s.yaml:3:3: sweep.page.objects.0.size: the same field as sweep key "page.objects[0].size" (expected each field swept once)`}},
		{"sweep value not scalar", "sweep: {network.rtt: [10ms, [20ms]]}" + page1,
			[]string{`s.yaml:1:29: sweep.network.rtt[1]: got a list (expected a single value such as 100ms; only scalar fields can be swept)`}},
		{"sweep creates a second page kind", "sweep: {page.generate.count: [3]}" + page1,
			[]string{`s.yaml:1:9: sweep.page.generate.count: objects and generate are exclusive (expected one of objects, generate or har)`}},
		{"sweep into scalar", "server: {think: 5ms}\nsweep: {server.think.median: [1ms]}" + page1,
			[]string{`s.yaml:2:9: sweep.server.think.median: server.think is written as "5ms", not a mapping (expected a mapping to reach server.think.median)`}},
		{"sweep index out of range", "sweep:\n  page.objects[3].size: [1KB]" + page1,
			[]string{`s.yaml:2:3: sweep.page.objects[3].size: page.objects[3] does not exist: page.objects has 1 elements (expected an index below 1)`}},
		{"sweep cross-field", "network: {mss: 1460B}\ntcp: {rwnd: 64KB}\nsweep: {network.mss: [1460B, 100KB]}" + page1,
			[]string{`s.yaml:2:13: tcp.rwnd: must be at least one MSS (100000 B), got 64000 B (at sweep point network.mss=100KB)`}},
		{"strategies", "strategies: [serial, serial, {preset: paralel}, {http: \"1.0\", conns: 2}, {name: x, http: \"1.0\", pipeline: true}, {preset: parallel, conns: 0}]" + page1,
			[]string{
				`s.yaml:1:22: strategies[1]: duplicate strategy name "serial" (also strategies[0]; expected unique names, set name:)`,
				`s.yaml:1:39: strategies[2].preset: unknown strategy preset "paralel"; did you mean parallel? (expected one of serial, parallel, keepalive, persistent, pipelined, browser, h2, h3, as-recorded)`,
				`s.yaml:1:49: strategies[3]: needs a name when no preset is given (expected name: …)`,
				`s.yaml:1:107: strategies[4].pipeline: pipelining needs a persistent connection (expected http: "1.1")`,
				`s.yaml:1:140: strategies[5].conns: 0 is out of range (expected 1 to 10000 connections per host)`,
			}},
		{"hosts, proxy, faults", "hosts: {b.com: {tls: \"1.4\"}}\nproxy: {kind: dumb, chain: [smart]}\nfaults: [{kind: close_mid_body, object: zz, at: 150%}]" + page1,
			[]string{
				`s.yaml:1:9: hosts.b.com: no object of the page is on host "b.com", so its settings would have no effect; did you mean a.com? (expected one of the page's hosts: a.com)`,
				`s.yaml:1:22: hosts.b.com.tls: unknown TLS version "1.4" (expected one of none | "1.2" | "1.3")`,
				`s.yaml:2:21: proxy.chain: kind and chain are exclusive (expected one of them)`,
				`s.yaml:3:41: faults[0].object: no object has id "zz" (expected the id of a page object)`,
				`s.yaml:3:49: faults[0].at: 150% is out of range (expected 0% to 100% of the body)`,
			}},
		{"proxy kind", "proxy: {kind: dum}" + page1,
			[]string{`s.yaml:1:15: proxy.kind: unknown value "dum"; did you mean dumb? (expected one of none | dumb | smart)`}},
		{"generate", "page: {generate: {count: 0, size: {dist: lognormal, median: 2KB, shape: 1}, hosts: [a.com, a.com]}}",
			[]string{
				`s.yaml:1:26: page.generate.count: 0 is out of range (expected 1 to 100000 objects, the document included)`,
				`s.yaml:1:66: page.generate.size.shape: does not apply to dist lognormal (expected median, sigma)`,
				`s.yaml:1:92: page.generate.hosts[1]: repeated host name "a.com" (expected distinct names)`,
			}},
		{"dist", "server: {think: {dist: uniform, min: 10ms, max: 5ms}, keepalive: {max: -1, timeout: 5}}" + page1,
			[]string{
				`s.yaml:1:49: server.think.max: 5ms is below min 10ms (expected max ≥ min)`,
				`s.yaml:1:72: server.keepalive.max: -1 is out of range (expected 0 (unlimited) or more requests per connection)`,
				`s.yaml:1:85: server.keepalive.timeout: duration "5" needs a unit (e.g. 5ms; units us, ms, s, or off)`,
			}},
		{"dist missing parameter", "server: {think: {dist: pareto, scale: 1ms}}" + page1,
			[]string{`s.yaml:1:17: server.think: dist pareto needs shape (expected scale, shape)`}},
		{"seed and runs", "seed: -1\nruns: 0" + page1,
			[]string{
				`s.yaml:1:7: seed: "-1" is not a whole number ≥ 0 (expected e.g. 1)`,
				`s.yaml:2:7: runs: 0 is out of range (expected 1 to 100000000 replications)`,
			}},
		{"bad url", "page: {objects: [{url: a.com/x, size: 1KB}]}",
			[]string{`s.yaml:1:24: page.objects[0].url: "a.com/x" has no scheme (expected an absolute http:// or https:// URL)`}},
		{"har and keep_cached misplaced", "page: {objects: [{url: http://a.com/, size: 1KB}], keep_cached: true}",
			[]string{`s.yaml:1:52: page.keep_cached: applies only to page.har (expected it next to har:)`}},
		{"replay keys", "client: {cpu_scale: fast, cpu_share: 0%}\nhosts: {a.com: {protocol: \"1.2\", conns: 0, tls_time: -1ms}}\npage: {objects: [{url: http://a.com/, size: 1KB, think: 5}]}\n",
			[]string{
				`s.yaml:1:21: client.cpu_scale: "fast" is not a number (expected a factor above 0, at most 1000, e.g. 2 for a CPU half as fast)`,
				`s.yaml:1:38: client.cpu_share: must be more than 0% (expected e.g. 70%; 100%, the default, scales all of each delay)`,
				`s.yaml:2:27: hosts.a.com.protocol: unknown value "1.2"; did you mean 1.0? (expected one of 1.0 | 1.1 | 2 | 3)`,
				`s.yaml:2:41: hosts.a.com.conns: 0 is out of range (expected 1 to 10000 connections to the host at once)`,
				`s.yaml:2:54: hosts.a.com.tls_time: duration "-1ms" is negative`,
				`s.yaml:3:57: page.objects[0].think: duration "5" needs a unit (e.g. 5ms; units us, ms, s)`,
			}},
		{"cpu scale out of range", "client: {cpu_scale: 0}" + page1,
			[]string{`s.yaml:1:21: client.cpu_scale: 0 is out of range (expected a factor above 0, at most 1000, e.g. 2 for a CPU half as fast)`}},
		{"har missing file", "page: {har: does-not-exist.har}",
			nil}, // message comes from package har; checked below
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse("s.yaml", []byte(tc.in))
			if err == nil {
				t.Fatalf("Parse succeeded (%+v), want errors", s)
			}
			var el ErrorList
			if !errors.As(err, &el) {
				t.Fatalf("error is %T, want ErrorList: %v", err, err)
			}
			if tc.want == nil {
				if len(el) != 1 || !strings.HasPrefix(el[0].Error(), "s.yaml:1:13: page.har: ") {
					t.Errorf("got %v, want one error at s.yaml:1:13: page.har", err)
				}
				return
			}
			var got []string
			for _, e := range el {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
			if err.Error() != strings.Join(got, "\n") {
				t.Errorf("ErrorList.Error() = %q, want the errors joined by newlines", err.Error())
			}
		})
	}
}

func TestErrorFormat(t *testing.T) {
	e := &Error{File: "a.yaml", Line: 3, Col: 7, Path: "network.rtt", Msg: "bad (expected good)"}
	if got, want := e.Error(), "a.yaml:3:7: network.rtt: bad (expected good)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	e = &Error{File: "a.yaml", Line: 1, Col: 1, Msg: "broken"}
	if got, want := e.Error(), "a.yaml:1:1: broken"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSuggest(t *testing.T) {
	known := []string{"rtt", "down", "up", "queue", "loss", "mss", "header", "preset"}
	for _, tc := range []struct{ in, want string }{
		{"rrt", "rtt"}, {"RTT", "rtt"}, {"dwn", "down"}, {"quuee", "queue"}, {"presets", "preset"},
		{"headers", "header"}, {"xyzzy", ""}, {"bandwidth", ""},
	} {
		if got := suggest(tc.in, known); got != tc.want {
			t.Errorf("suggest(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestTwoDocuments(t *testing.T) {
	_, err := Parse("s.yaml", []byte(page1+"---\n"+page1))
	if err == nil || !strings.Contains(err.Error(), "more than one YAML document") {
		t.Errorf("got %v, want a two-documents error", err)
	}
	if _, err := Parse("s.yaml", []byte("---\n"+page1)); err != nil {
		t.Errorf("a single document with a leading --- failed: %v", err)
	}
}

// TestUnknownHost: a hosts: key or a sweep path naming a host no object of
// the page is on is an error with the closest host of the page (it used to
// be accepted silently, and a sweep over it gave identical points).
func TestUnknownHost(t *testing.T) {
	page := "\npage: {objects: [{url: https://www.example.com/, size: 1KB}, {url: https://cdn.example.com/a, size: 1KB}]}\n"
	tests := []struct{ name, src, want string }{
		{"hosts key", "hosts: {cdn.exmaple.com: {dns: 5ms}}" + page,
			`s.yaml:1:9: hosts.cdn.exmaple.com: no object of the page is on host "cdn.exmaple.com", so its settings would have no effect; did you mean cdn.example.com? (expected one of the page's hosts: cdn.example.com, www.example.com)`},
		{"sweep path", `sweep: {hosts.cdn.exmaple.com.tls: ["1.2", "1.3"]}` + page,
			`s.yaml:1:9: sweep.hosts.cdn.exmaple.com.tls: no object of the page is on host "cdn.exmaple.com", so its settings would have no effect; did you mean cdn.example.com? (expected one of the page's hosts: cdn.example.com, www.example.com)`},
		{"default port written", `hosts: {"cdn.example.com:443": {dns: 5ms}}` + page,
			`s.yaml:1:9: hosts.cdn.example.com:443: no object of the page is on host "cdn.example.com:443", so its settings would have no effect; did you mean cdn.example.com? (expected one of the page's hosts: cdn.example.com, www.example.com)`},
		{"generated page", "hosts: {host3.example: {dns: 5ms}}\npage: {generate: {count: 5, size: 1KB, hosts: 2}}",
			`s.yaml:1:9: hosts.host3.example: no object of the page is on host "host3.example", so its settings would have no effect; did you mean host1.example? (expected one of the page's hosts: host1.example, host2.example)`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("s.yaml", []byte(tc.src))
			if err == nil || err.Error() != tc.want {
				t.Errorf("got  %v\nwant %s", err, tc.want)
			}
		})
	}
	if _, err := Parse("s.yaml", []byte("hosts: {CDN.example.com: {dns: 5ms}}"+page)); err != nil {
		t.Errorf("a host key in another case: %v", err)
	}
}

// TestDesignExample parses the scenario of DESIGN §7 as written there.
func TestDesignExample(t *testing.T) {
	src := `name: dsl-news-page
seed: 1
runs: 1                      # Monte Carlo replications
network: {preset: dsl, rtt: 50ms, down: 1.5Mbps, up: 384kbps, queue: 64, loss: 0%, mss: 1460B, header: 40B}
tcp: {initcwnd: 10, rwnd: 4MiB, cc: newreno, slow_start_increase: linux, delayed_ack: 40ms, quickack: true,
      min_rto: 200ms, nagle: false, slow_start_after_idle: true}
client: {request_size: 400B, timeout: 30s, proxy_connection: false}
server: {think: 0ms, header_size: 250B, keepalive: {max: 100, timeout: 15s}, max_conns_per_client: 0,
         excess: refuse, close: half, content_length: true}
proxy: {kind: none}          # none | dumb | smart, or {chain: [smart, dumb]}
hosts: {cdn.example.com: {extra_rtt: 20ms, dns: 30ms, tls: "1.3"}}   # per-host additions
page:
  objects:
    - {id: html, url: http://example.com/, size: 42KB}
    - {url: http://example.com/a.gif, size: 3KB, after: html, delay: 0ms}
  # or: generate: {count: 42, size: {dist: lognormal, median: 2KB, sigma: 1.0}}
  # or: har: path/to/page.har
strategies: [serial, {preset: parallel, conns: 4}, persistent, pipelined, browser]
sweep: {network.rtt: [20ms, 100ms, 300ms], network.down: [56kbps, 1.5Mbps, 10Mbps]}
`
	// Its hosts: line names a host the page does not use, which is an
	// error since issue 9; the rest of the example is valid.
	const hostsLine = `hosts: {cdn.example.com: {extra_rtt: 20ms, dns: 30ms, tls: "1.3"}}   # per-host additions` + "\n"
	if _, err := Parse("design.yaml", []byte(src)); err == nil || !strings.Contains(err.Error(), `design.yaml:11:9: hosts.cdn.example.com: no object of the page is on host "cdn.example.com"`) {
		t.Errorf("DESIGN's example as written: %v; want the unused host refused", err)
	}
	if !strings.Contains(src, hostsLine) {
		t.Fatal("the hosts line moved")
	}
	src = strings.Replace(src, hostsLine, "", 1)
	s, err := Parse("design.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 9*5 {
		t.Errorf("%d jobs, want 9 points × 5 strategies", len(jobs))
	}
	gen := strings.Replace(src, "  objects:\n    - {id: html, url: http://example.com/, size: 42KB}\n    - {url: http://example.com/a.gif, size: 3KB, after: html, delay: 0ms}\n  # or: generate",
		"  generate", 1)
	if _, err := Parse("design-generate.yaml", []byte(gen)); err != nil {
		t.Errorf("generate variant: %v", err)
	}
}

// TestExampleSuggestion: a mistyped example name is answered with the
// closest one.
func TestExampleSuggestion(t *testing.T) {
	for _, c := range []struct{ name, want string }{
		{"satelite", `no example named "satelite"; did you mean satellite?`},
		{"hazard-dumbproxy", `did you mean hazard-dumb-proxy?`},
		{"textbok.yaml", `did you mean textbook?`},
		{"zzz", `no example named "zzz" (expected one of 3g-mobile,`},
	} {
		_, err := Example(c.name)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Example(%q) = %v, want it to say %q", c.name, err, c.want)
		}
		if _, err := ExampleSource(c.name); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("ExampleSource(%q) = %v, want it to say %q", c.name, err, c.want)
		}
	}
}
