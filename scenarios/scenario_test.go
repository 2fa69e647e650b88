package scenarios

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"pagesim/model"
	"pagesim/scenarios/har"
)

func mustParse(t *testing.T, src string) *Scenario {
	t.Helper()
	s, err := Parse("t.yaml", []byte(src))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	return s
}

func mustBase(t *testing.T, s *Scenario) model.Config {
	t.Helper()
	c, err := s.Base()
	if err != nil {
		t.Fatalf("Base: %v", err)
	}
	return c
}

func TestDefaultsFilled(t *testing.T) {
	s := mustParse(t, "page: {objects: [{url: http://a.com/, size: 1KB}, {url: 'https://b.com/x/y.png?v=2', size: 2KiB}]}")
	if s.Name != "t" || s.Seed != 1 || s.Runs != 1 || len(s.Sweep) != 0 {
		t.Errorf("name/seed/runs/sweep = %q/%d/%d/%v, want t/1/1/none", s.Name, s.Seed, s.Runs, s.Sweep)
	}
	if !reflect.DeepEqual(s.Strategies, model.Strategies) {
		t.Errorf("strategies = %v, want all seven presets", s.Strategies)
	}
	c := mustBase(t, s)
	if c.Network != model.DefaultNetwork() || c.TCP != model.DefaultTCP() || c.Client != model.DefaultClient() {
		t.Errorf("network/tcp/client not the documented defaults: %+v %+v %+v", c.Network, c.TCP, c.Client)
	}
	if !reflect.DeepEqual(c.Server, model.DefaultServer()) {
		t.Errorf("server = %+v, want %+v", c.Server, model.DefaultServer())
	}
	if len(c.Proxy.Chain) != 0 || c.Faults != nil {
		t.Errorf("proxy/faults = %+v/%+v, want none", c.Proxy, c.Faults)
	}
	want := []model.Object{
		{ID: "obj0", Scheme: "http", Host: "a.com", Path: "/", Size: 1000, Parent: -1, Method: "GET"},
		{ID: "y.png", Scheme: "https", Host: "b.com", Path: "/x/y.png?v=2", Size: 2048, Parent: 0, Method: "GET", Urgency: 3}, // RFC 9218's default; the document's is 0
	}
	if !reflect.DeepEqual(c.Page.Objects, want) {
		t.Errorf("objects = %+v\nwant %+v", c.Page.Objects, want)
	}
	if h := c.Hosts["a.com"]; h != model.DefaultHost() {
		t.Errorf("hosts[a.com] = %+v, want default", h)
	}
	wantB := model.DefaultHost()
	wantB.TLS = model.TLS13
	if h := c.Hosts["b.com"]; h != wantB {
		t.Errorf("hosts[b.com] = %+v, want default with TLS 1.3 (https)", h)
	}
}

func TestEverySection(t *testing.T) {
	src := `
name: full
seed: 42
runs: 3
network: {preset: dsl, rtt: 80ms, queue: 64, loss: 0.5%, mss: 1400B, header: 0B}
tcp: {initcwnd: 4, rwnd: 64KiB, cc: cubic, slow_start_increase: abc2, delayed_ack: off, quickack: false,
      min_rto: 1s, nagle: true, sack: false, slow_start_after_idle: false}
client: {request_size: 500B, timeout: off, idle_timeout: 60s, proxy_connection: true, read_rate: 1Mbps}
server: {think: {dist: lognormal, median: 20ms, sigma: 0.5}, header_size: 300B, keepalive: {max: 5, timeout: 2s},
         max_conns_per_client: 4, excess: close, close: full, content_length: false}
hosts:
  cdn.example.com: {extra_rtt: 20ms, dns: 30ms, tls: 1.2, cert_size: 3KB, think: 5ms}
  example.com: {tls: none}
proxy: {chain: [smart, dumb], timeout: 10s}
page:
  objects:
    - {id: html, url: https://example.com/, size: 42KB}
    - {id: late, url: http://cdn.example.com/late.js, size: 1KB, after: img, method: post}
    - {id: img, url: http://cdn.example.com/a.gif, size: 3KB, after: html, after_fraction: 50%, delay: 5ms}
faults: [{kind: close_mid_body, object: img, at: 25%}]
strategies: [serial, {preset: parallel, conns: 8, name: parallel8}, {name: mine, http: "1.1", conns: 2, max_conns: 3, pipeline: true, pipeline_depth: 4}]
`
	s := mustParse(t, src)
	if s.Name != "full" || s.Seed != 42 || s.Runs != 3 {
		t.Errorf("name/seed/runs = %q/%d/%d", s.Name, s.Seed, s.Runs)
	}
	c := mustBase(t, s)
	wantNet := model.Network{RTT: 80 * time.Millisecond, Down: 1500 * model.Kbps, Up: 384 * model.Kbps, Queue: 64, Loss: 0.005, MSS: 1400, Header: 0}
	if c.Network != wantNet {
		t.Errorf("network = %+v, want %+v", c.Network, wantNet)
	}
	wantTCP := model.DefaultTCP() // fields not in the file keep their defaults
	wantTCP.InitCwnd, wantTCP.RWnd, wantTCP.CC, wantTCP.SlowStartIncrease = 4, 64*model.KiB, model.Cubic, model.SSIncreaseABC2
	wantTCP.DelayedACK, wantTCP.QuickAck, wantTCP.MinRTO, wantTCP.Nagle, wantTCP.SlowStartAfterIdle = 0, false, time.Second, true, false
	wantTCP.SACK = false
	if c.TCP != wantTCP {
		t.Errorf("tcp = %+v, want %+v", c.TCP, wantTCP)
	}
	wantClient := model.Client{RequestSize: 500, Timeout: 0, IdleTimeout: 60 * time.Second, ProxyConnection: true, ReadRate: model.Mbps}
	if c.Client != wantClient {
		t.Errorf("client = %+v, want %+v", c.Client, wantClient)
	}
	wantServer := model.Server{Think: model.Dist{Kind: "lognormal", Value: 0.02, Sigma: 0.5}, HeaderSize: 300, KeepAliveMax: 5,
		KeepAliveTimeout: 2 * time.Second, MaxConnsPerClient: 4, Excess: model.ExcessClose, Close: model.CloseFull, ContentLength: false,
		H2: model.DefaultServer().H2}
	if !reflect.DeepEqual(c.Server, wantServer) {
		t.Errorf("server = %+v, want %+v", c.Server, wantServer)
	}
	think := model.Dist{Kind: "fixed", Value: 0.005}
	wantHosts := map[string]model.Host{
		"cdn.example.com": {ExtraRTT: 20 * time.Millisecond, DNS: 30 * time.Millisecond, TLS: model.TLS12, CertSize: 3000, Think: &think},
		"example.com":     {TLS: model.TLSNone, CertSize: 4000}, // https, but tls: none written
	}
	if !reflect.DeepEqual(c.Hosts, wantHosts) {
		t.Errorf("hosts = %+v, want %+v", c.Hosts, wantHosts)
	}
	if want := (model.Proxy{Chain: []model.ProxyKind{model.ProxySmart, model.ProxyDumb}, Timeout: 10 * time.Second}); !reflect.DeepEqual(c.Proxy, want) {
		t.Errorf("proxy = %+v, want %+v", c.Proxy, want)
	}
	// late depends on img, written after it: moved behind it.
	wantObjs := []model.Object{
		{ID: "html", Scheme: "https", Host: "example.com", Path: "/", Size: 42000, Parent: -1, Method: "GET"},
		{ID: "img", Scheme: "http", Host: "cdn.example.com", Path: "/a.gif", Size: 3000, Parent: 0, AfterFraction: 0.5, Delay: 5 * time.Millisecond, Method: "GET", Urgency: 3},
		{ID: "late", Scheme: "http", Host: "cdn.example.com", Path: "/late.js", Size: 1000, Parent: 1, Method: "POST", Urgency: 3},
	}
	if !reflect.DeepEqual(c.Page.Objects, wantObjs) {
		t.Errorf("objects = %+v\nwant %+v", c.Page.Objects, wantObjs)
	}
	if want := []model.Fault{{Kind: "close_mid_body", Object: 1, At: 0.25}}; !reflect.DeepEqual(c.Faults, want) {
		t.Errorf("faults = %+v, want %+v (object index after reordering)", c.Faults, want)
	}
	serial, _ := model.StrategyByName("serial")
	wantStrat := []model.Strategy{
		serial,
		{Name: "parallel8", HTTP: model.HTTP10, Conns: 8},
		{Name: "mine", HTTP: model.HTTP11, Conns: 2, MaxConns: 3, Pipeline: true, PipelineDepth: 4},
	}
	if !reflect.DeepEqual(s.Strategies, wantStrat) {
		t.Errorf("strategies = %+v, want %+v", s.Strategies, wantStrat)
	}
	jobs, err := s.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 9 {
		t.Fatalf("%d jobs, want 3 strategies × 3 runs", len(jobs))
	}
	if c := jobs[4].Config; c.Seed != 42 || c.Run != 1 || c.Strategy.Name != "parallel8" {
		t.Errorf("job 4: seed %d run %d strategy %q, want 42, 1, parallel8", c.Seed, c.Run, c.Strategy.Name)
	}
}

func TestPresetOverride(t *testing.T) {
	c := mustBase(t, mustParse(t, "network: {preset: 3gslow, rtt: 100ms}"+page1))
	if c.Network.Down != 400*model.Kbps || c.Network.Up != 400*model.Kbps || c.Network.RTT != 100*time.Millisecond {
		t.Errorf("network = %+v, want 3gslow rates with rtt 100ms", c.Network)
	}
	c = mustBase(t, mustParse(t, "network: {preset: DevTools Slow 4G}"+page1))
	if c.Network.RTT != 562500*time.Microsecond || c.Network.Down != 1440*model.Kbps {
		t.Errorf("devtools slow 4g = %+v", c.Network)
	}
}

func TestSweepExpansion(t *testing.T) {
	s := mustParse(t, `
strategies: [serial, browser]
runs: 2
sweep:
  network.rtt: [20ms, 100ms, 300ms]
  network.down: [56kbps, 10Mbps]
`+page1)
	if want := []Param{{"network.rtt", []string{"20ms", "100ms", "300ms"}}, {"network.down", []string{"56kbps", "10Mbps"}}}; !reflect.DeepEqual(s.Sweep, want) {
		t.Errorf("Sweep = %+v, want %+v", s.Sweep, want)
	}
	jobs, err := s.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 3*2*2*2 {
		t.Fatalf("%d jobs, want 24", len(jobs))
	}
	var got []string
	for i, j := range jobs {
		if j.Index != i {
			t.Errorf("jobs[%d].Index = %d", i, j.Index)
		}
		c := j.Config
		if c.Network.RTT.String() != j.Point[0] {
			t.Errorf("job %d: RTT %v, point %v", i, c.Network.RTT, j.Point)
		}
		if c.Network.Down.String() != j.Point[1] {
			t.Errorf("job %d: Down %v, point %v", i, c.Network.Down, j.Point)
		}
		if c.Strategy.Name != j.Strategy || c.Run != j.Run {
			t.Errorf("job %d: config strategy/run %s/%d, job %s/%d", i, c.Strategy.Name, c.Run, j.Strategy, j.Run)
		}
		got = append(got, fmt.Sprintf("%s/%s/%s/%d", j.Point[0], j.Point[1], j.Strategy, j.Run))
	}
	// Point-major (last sweep key fastest), then strategy, then run.
	want := []string{
		"20ms/56kbps/serial/0", "20ms/56kbps/serial/1", "20ms/56kbps/browser/0", "20ms/56kbps/browser/1",
		"20ms/10Mbps/serial/0", "20ms/10Mbps/serial/1", "20ms/10Mbps/browser/0", "20ms/10Mbps/browser/1",
		"100ms/56kbps/serial/0", "100ms/56kbps/serial/1", "100ms/56kbps/browser/0", "100ms/56kbps/browser/1",
		"100ms/10Mbps/serial/0", "100ms/10Mbps/serial/1", "100ms/10Mbps/browser/0", "100ms/10Mbps/browser/1",
		"300ms/56kbps/serial/0", "300ms/56kbps/serial/1", "300ms/56kbps/browser/0", "300ms/56kbps/browser/1",
		"300ms/10Mbps/serial/0", "300ms/10Mbps/serial/1", "300ms/10Mbps/browser/0", "300ms/10Mbps/browser/1",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("order:\n%v\nwant\n%v", got, want)
	}
}

func TestSweepShapes(t *testing.T) {
	s := mustParse(t, `
network: {rtt: 50ms}
hosts: {cdn.example.com: {dns: 10ms}}
page:
  objects:
    - {url: http://example.com/, size: 10KB}
    - {url: http://cdn.example.com/a, size: 1KB}
strategies: [{preset: parallel, conns: 2}]
sweep:
  network.preset: [3gslow, cable]
  proxy.kind: [none, dumb]
  client.proxy_connection: [false, true]
  server.keepalive.timeout: [1s, 15s]
  hosts.cdn.example.com.tls: ["1.2", none]
  page.objects[1].size: [1KB, 5KB]
  strategies.0.conns: [2, 6]
`)
	jobs, err := s.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 128 {
		t.Fatalf("%d jobs, want 2^7", len(jobs))
	}
	last := jobs[len(jobs)-1].Config
	if last.Network.Down != 5*model.Mbps || last.Network.RTT != 50*time.Millisecond {
		t.Errorf("cable preset with explicit rtt: %+v", last.Network)
	}
	if !reflect.DeepEqual(last.Proxy.Chain, []model.ProxyKind{model.ProxyDumb}) || !last.Client.ProxyConnection ||
		last.Server.KeepAliveTimeout != 15*time.Second || last.Hosts["cdn.example.com"].TLS != model.TLSNone ||
		last.Hosts["cdn.example.com"].DNS != 10*time.Millisecond || last.Page.Objects[1].Size != 5000 || last.Strategy.Conns != 6 {
		t.Errorf("last point not applied: %+v", last)
	}
	first := jobs[0].Config
	if first.Network.Down != 400*model.Kbps || len(first.Proxy.Chain) != 0 || first.Client.ProxyConnection ||
		first.Server.KeepAliveTimeout != time.Second || first.Hosts["cdn.example.com"].TLS != model.TLS12 ||
		first.Page.Objects[1].Size != 1000 || first.Strategy.Conns != 2 {
		t.Errorf("first point not applied: %+v", first)
	}
	// Sweeping must not change the parsed tree: Base still says 50ms,
	// no proxy.
	b := mustBase(t, s)
	if len(b.Proxy.Chain) != 0 || b.Network.Down != model.DefaultNetwork().Down {
		t.Errorf("base changed by sweep: %+v", b)
	}
}

func TestGenerateDeterministic(t *testing.T) {
	src := func(seed int) string {
		return fmt.Sprintf(`seed: %d
page: {generate: {count: 50, size: {dist: lognormal, median: 2KB, sigma: 1.0}, hosts: 3, depth: 3}}`, seed)
	}
	a := mustBase(t, mustParse(t, src(5))).Page
	b := mustBase(t, mustParse(t, src(5))).Page
	c := mustBase(t, mustParse(t, src(6))).Page
	if !reflect.DeepEqual(a, b) {
		t.Error("same seed gave different pages")
	}
	if reflect.DeepEqual(a, c) {
		t.Error("different seeds gave the same page")
	}
	if len(a.Objects) != 50 {
		t.Fatalf("%d objects, want 50", len(a.Objects))
	}
	hosts := map[string]bool{}
	depth := make([]int, len(a.Objects))
	maxDepth := 0
	var total model.Bytes
	for i, o := range a.Objects {
		hosts[o.Host] = true
		total += o.Size
		if i > 0 {
			if o.Parent < 0 || o.Parent >= i {
				t.Fatalf("object %d parent %d", i, o.Parent)
			}
			depth[i] = depth[o.Parent] + 1
			maxDepth = max(maxDepth, depth[i])
		}
		if o.Size < 1 {
			t.Errorf("object %d size %d", i, o.Size)
		}
	}
	if len(hosts) != 3 || maxDepth != 3 {
		t.Errorf("%d hosts, depth %d; want 3, 3", len(hosts), maxDepth)
	}
	// Median of a lognormal(2KB): the sample median is near 2KB.
	if mean := total / 50; mean < 1000 || mean > 10000 {
		t.Errorf("mean size %v implausible for lognormal median 2KB σ 1", mean)
	}
	// Changing s.Seed after parsing regenerates the page for Jobs.
	s := mustParse(t, src(5))
	s.Seed = 6
	jobs, err := s.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(jobs[0].Config.Page, c) {
		t.Error("Jobs after changing Seed did not use the new seed's page")
	}
}

func TestGenerateFixedAndPareto(t *testing.T) {
	p := mustBase(t, mustParse(t, "page: {generate: {count: 4, size: 10KB, hosts: [a.com, b.com]}}")).Page
	for i, o := range p.Objects {
		if o.Size != 10000 || o.ID != fmt.Sprintf("obj%d", i) {
			t.Errorf("object %d = %+v", i, o)
		}
		if i > 0 && o.Parent != 0 {
			t.Errorf("depth 1: object %d parent %d", i, o.Parent)
		}
	}
	if p.Objects[0].Host != "a.com" || p.Objects[0].Path != "/" {
		t.Errorf("document = %+v", p.Objects[0])
	}
	p = mustBase(t, mustParse(t, "page: {generate: {count: 200, size: {dist: pareto, scale: 1KB, shape: 1.5}}}")).Page
	for _, o := range p.Objects {
		if o.Size < 1000 {
			t.Errorf("pareto draw %v below scale", o.Size)
		}
	}
}

// TestGenerateSizeSaturates: a draw from a heavy tail never becomes a
// small size. Sizes stay in [lower bound of the distribution, 1 GiB], and
// the heavy cases reach 1 GiB (before, a draw beyond the range of an int64
// or +Inf wrapped around to 1 B).
func TestGenerateSizeSaturates(t *testing.T) {
	tests := []struct {
		name   string
		size   string
		lowest model.Bytes // the distribution's lower bound
		heavy  bool        // some draws must saturate
	}{
		{"pareto shape 0.0001", "{dist: pareto, scale: 1KB, shape: 0.0001}", 1000, true},
		{"lognormal sigma 1e300", "{dist: lognormal, median: 1KB, sigma: 1e300}", 1, true},
		{"exponential mean 4000000000GB", "{dist: exponential, mean: 4000000000GB}", 1, true},
		{"fixed 4000000000GB", "4000000000GB", maxGeneratedSize, true},
		{"light lognormal", "{dist: lognormal, median: 2KB, sigma: 1}", 1, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p := mustBase(t, mustParse(t, "page: {generate: {count: 200, size: "+tc.size+"}}")).Page
			saturated := 0
			for i, o := range p.Objects {
				if o.Size < tc.lowest || o.Size > maxGeneratedSize {
					t.Fatalf("object %d: size %d B outside [%d B, %d B]", i, int64(o.Size), int64(tc.lowest), int64(maxGeneratedSize))
				}
				if o.Size == maxGeneratedSize {
					saturated++
				}
			}
			if tc.heavy != (saturated > 0) {
				t.Errorf("%d of %d sizes at the 1 GiB bound; heavy tail %v", saturated, len(p.Objects), tc.heavy)
			}
		})
	}
}

func TestLoadHARRelative(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "s.yaml")
	if err := os.WriteFile(path, []byte("page: {har: nothere.har}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(path)
	var el ErrorList
	if !errors.As(err, &el) || len(el) != 1 || el[0].Path != "page.har" || !strings.Contains(el[0].Msg, filepath.Join(dir, "nothere.har")) {
		t.Errorf("Load: %v; want one page.har error naming %s", err, filepath.Join(dir, "nothere.har"))
	}
	if _, err := Load(filepath.Join(dir, "missing.yaml")); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("Load(missing) = %v, want an error naming the file", err)
	}
}

// TestLoadFileLimits: a scenario larger than MaxFileSize, or a page.har
// larger than har.MaxFileSize, is refused before it is read, with the
// limit in the message (the files here are sparse: nothing is written).
func TestLoadFileLimits(t *testing.T) {
	dir := t.TempDir()
	big := filepath.Join(dir, "big.yaml")
	if err := os.WriteFile(big, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(big, MaxFileSize+1); err != nil {
		t.Fatal(err)
	}
	if _, err := Load(big); err == nil || !strings.Contains(err.Error(), "more than the 64 MiB limit for a scenario file") {
		t.Errorf("Load of a %d-byte scenario: %v; want the 64 MiB limit named", MaxFileSize+1, err)
	}
	bigHAR := filepath.Join(dir, "big.har")
	if err := os.WriteFile(bigHAR, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(bigHAR, har.MaxFileSize+1); err != nil {
		t.Fatal(err)
	}
	s := filepath.Join(dir, "s.yaml")
	if err := os.WriteFile(s, []byte("page: {har: big.har}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(s)
	var el ErrorList
	if !errors.As(err, &el) || len(el) != 1 || el[0].Path != "page.har" || !strings.Contains(el[0].Msg, "more than the 512 MiB limit for a HAR file") {
		t.Errorf("Load with a huge page.har: %v; want one page.har error naming the 512 MiB limit", err)
	}
}

func TestPresets(t *testing.T) {
	ps := Presets()
	if len(ps) != 25 {
		t.Errorf("%d presets, want 25 (11 WPT, 3 Lighthouse, 3 DevTools, 8 Firefox)", len(ps))
	}
	seen := map[string]bool{}
	for _, p := range ps {
		if seen[normPreset(p.Name)] {
			t.Errorf("preset name %q not unique", p.Name)
		}
		seen[normPreset(p.Name)] = true
		if p.Down <= 0 || p.Up <= 0 || p.RTT <= 0 || p.Source == "" {
			t.Errorf("preset %+v incomplete", p)
		}
	}
	for _, tc := range []struct {
		name     string
		down, up model.BitRate
		rtt      time.Duration
	}{
		{"cable", 5 * model.Mbps, 1 * model.Mbps, 28 * time.Millisecond},
		{"DSL", 1500 * model.Kbps, 384 * model.Kbps, 50 * time.Millisecond},
		{"firefox-dsl", 2 * model.Mbps, 1 * model.Mbps, 5 * time.Millisecond},
		{"Dial", 49 * model.Kbps, 30 * model.Kbps, 120 * time.Millisecond},
		{"lighthouse-mobileSlow4G", 1638400, 750 * model.Kbps, 150 * time.Millisecond},
		{"devtools-3g", 400 * model.Kbps, 400 * model.Kbps, 2 * time.Second},
		{"devtools_fast_4g", 8100 * model.Kbps, 1350 * model.Kbps, 165 * time.Millisecond},
		{"Firefox Good 3G", 1500 * model.Kbps, 750 * model.Kbps, 40 * time.Millisecond},
		{"firefox-wifi", 30 * model.Mbps, 15 * model.Mbps, 2 * time.Millisecond},
	} {
		p, ok := PresetByName(tc.name)
		if !ok || p.Down != tc.down || p.Up != tc.up || p.RTT != tc.rtt {
			t.Errorf("PresetByName(%q) = %+v, %v; want %v/%v/%v", tc.name, p, ok, tc.down, tc.up, tc.rtt)
		}
	}
	if _, ok := PresetByName("dsl2"); ok {
		t.Error("PresetByName(dsl2) found something")
	}
	ps[0].Name = "changed"
	if Presets()[0].Name == "changed" {
		t.Error("Presets returns the internal slice")
	}
}

func TestDefaultScenario(t *testing.T) {
	s := Default()
	jobs, err := s.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	if len(jobs) != 2*len(model.Strategies) || len(s.Sweep) != 1 || s.Sweep[0].Path != "network.preset" {
		t.Fatalf("%d jobs, sweep %+v; want 2 networks × %d strategies", len(jobs), s.Sweep, len(model.Strategies))
	}
	p := jobs[0].Config.Page
	var total model.Bytes
	hosts := map[string]bool{}
	for _, o := range p.Objects {
		total += o.Size
		hosts[o.Host] = true
	}
	if n := len(p.Objects); n < 30 || n > 60 || total < 500*model.KB || total > 1500*model.KB || len(hosts) < 2 || len(hosts) > 4 {
		t.Errorf("default page: %d objects, %v, %d hosts; want 30–60, 0.5–1.5MB, 2–4", n, total, len(hosts))
	}
	if jobs[0].Config.Network.Down != 400*model.Kbps || jobs[len(model.Strategies)].Config.Network.Down != 5*model.Mbps {
		t.Errorf("narrow/wide = %v/%v", jobs[0].Config.Network.Down, jobs[len(model.Strategies)].Config.Network.Down)
	}
}

func fakeSim(c model.Config) (*model.Result, error) {
	// A deterministic function of the configuration.
	lt := c.Network.RTT*time.Duration(c.Strategy.Conns) + time.Duration(c.Run)*time.Millisecond
	return &model.Result{LoadTime: lt, Connections: c.Strategy.Conns}, nil
}

func TestRunJobsOrderAndWorkers(t *testing.T) {
	s := mustParse(t, "runs: 3\nsweep: {network.rtt: [10ms, 20ms, 30ms, 40ms]}"+page1)
	jobs, err := s.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	ref, err := runJobsWith(context.Background(), jobs, 1, nil, fakeSim)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range ref {
		want, _ := fakeSim(jobs[i].Config)
		if r.LoadTime != want.LoadTime {
			t.Fatalf("results[%d] = %v, want %v", i, r.LoadTime, want.LoadTime)
		}
	}
	for _, w := range []int{0, 2, 3, 8, 1000} {
		var calls, last atomic.Int64
		got, err := runJobsWith(context.Background(), jobs, w, func(done, total int) {
			calls.Add(1)
			if total != len(jobs) || int64(done) <= last.Load() {
				t.Errorf("progress(%d, %d) after %d", done, total, last.Load())
			}
			last.Store(int64(done))
		}, fakeSim)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, ref) {
			t.Errorf("workers=%d: results differ from workers=1", w)
		}
		if calls.Load() != int64(len(jobs)) {
			t.Errorf("workers=%d: %d progress calls, want %d", w, calls.Load(), len(jobs))
		}
	}
}

func TestRunJobsFirstError(t *testing.T) {
	s := mustParse(t, "strategies: [serial, browser]\nruns: 2\nsweep: {network.rtt: [10ms, 20ms, 30ms]}"+page1)
	jobs, _ := s.Jobs()
	boom := errors.New("boom")
	failing := func(c model.Config) (*model.Result, error) {
		if c.Network.RTT >= 20*time.Millisecond && c.Strategy.Name == "browser" {
			return nil, fmt.Errorf("rtt %v: %w", c.Network.RTT, boom)
		}
		if c.Network.RTT == 30*time.Millisecond {
			panic("model bug")
		}
		return fakeSim(c)
	}
	for _, w := range []int{1, 4} {
		_, err := runJobsWith(context.Background(), jobs, w, nil, failing)
		if !errors.Is(err, boom) {
			t.Fatalf("workers=%d: err = %v, want boom", w, err)
		}
		want := "job 6 (network.rtt=20ms, strategy browser, run 0): rtt 20ms: boom"
		if err.Error() != want {
			t.Errorf("workers=%d: err = %q, want %q", w, err, want)
		}
	}
	only30 := jobs[8:9]
	_, err := runJobsWith(context.Background(), only30, 2, nil, failing)
	if err == nil || !strings.Contains(err.Error(), "panicked: model bug") {
		t.Errorf("panic not turned into an error: %v", err)
	}
}

// TestRunJobsSimulate runs the textbook example through the real
// simulator, when it is available, and checks that the worker count does
// not change a single bit of the results.
func TestRunJobsSimulate(t *testing.T) {
	s, err := Example("textbook")
	if err != nil {
		t.Fatal(err)
	}
	jobs, err := s.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	one, err := RunJobs(jobs, 1, nil)
	if err != nil {
		t.Fatal(err)
	}
	two, err := RunJobs(jobs, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(one, two) {
		t.Error("results differ between 1 and 2 workers")
	}
	// The example's header promises the chapter's round-trip counts
	// (r = 100ms), plus the microseconds headers take on a 10 Gbps link.
	rounds := map[string]int{"serial": 18, "parallel": 6, "keepalive": 10, "persistent": 10, "pipelined": 3, "browser": 5}
	for i, r := range one {
		want := time.Duration(rounds[jobs[i].Strategy]) * 100 * time.Millisecond
		if d := r.LoadTime - want; d < 0 || d > time.Millisecond {
			t.Errorf("textbook %s: load time %v, want %v (+ < 1ms)", jobs[i].Strategy, r.LoadTime, want)
		}
	}
}

// TestRunJobsContext: once the context is done (SIGINT in pagesim run), no
// further job starts and RunJobsContext returns at once with the context's
// error, without waiting for the simulation under way.
func TestRunJobsContext(t *testing.T) {
	s := mustParse(t, "runs: 50\nstrategies: [browser]"+page1)
	jobs, err := s.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	started := make(chan int, len(jobs))
	release := make(chan struct{})
	defer close(release)
	sim := func(c model.Config) (*model.Result, error) {
		started <- c.Run
		if c.Run == 1 {
			cancel()
			<-release // a simulation that is still running when cancelled
		}
		return fakeSim(c)
	}
	res, err := runJobsWith(ctx, jobs, 1, nil, sim)
	if !errors.Is(err, context.Canceled) || res != nil {
		t.Fatalf("got %d results, %v; want none and context.Canceled", len(res), err)
	}
	if n := len(started); n != 2 {
		t.Errorf("%d jobs started, want 2 (none after the cancel)", n)
	}
}
