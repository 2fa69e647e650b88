package har_test

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pagesim/model"
	"pagesim/scenarios"
	"pagesim/scenarios/har"
)

// The six named strategies, in the order WriteScenario lists them.
var sixStrategies = []string{"serial", "parallel", "keepalive", "persistent", "pipelined", "browser"}

// cache holds the simulations, which several tests check.
var cache = map[string]simulated{}

// simulated is one recording replayed under the six strategies on one
// network.
type simulated struct {
	file, network string
	rec           *har.Recording
	res           map[string]*model.Result // by strategy name
}

// runJobs runs a scenario's jobs (one run per strategy) and files the
// results by strategy.
func runJobs(t testing.TB, sc *scenarios.Scenario) map[string]*model.Result {
	t.Helper()
	jobs, err := sc.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	results, err := scenarios.RunJobs(jobs, 0, nil)
	if err != nil {
		t.Fatalf("RunJobs: %v", err)
	}
	res := map[string]*model.Result{}
	for i, j := range jobs {
		if _, dup := res[j.Strategy]; dup {
			t.Fatalf("strategy %s twice in the jobs", j.Strategy)
		}
		res[j.Strategy] = results[i]
	}
	return res
}

// simulateImported replays a recording the way `pagesim import-har FILE >
// page.yaml && pagesim run page.yaml` does: WriteScenario, then the
// scenario loader, on the network WriteScenario writes (cable).
func simulateImported(t testing.TB, file string) simulated {
	t.Helper()
	if s, ok := cache[file+"|imported"]; ok {
		return s
	}
	rec, err := har.Load(filepath.Join("testdata", file), har.Options{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := har.WriteScenario(&buf, rec, file); err != nil {
		t.Fatal(err)
	}
	sc, err := scenarios.Parse("imported/"+file+".yaml", buf.Bytes())
	if err != nil {
		t.Fatalf("scenarios.Parse of WriteScenario's output: %v", err)
	}
	s := simulated{file: file, network: "cable (imported scenario)", rec: rec, res: runJobs(t, sc)}
	cache[file+"|imported"] = s
	return s
}

// simulatePageHAR replays a recording through `page: {har: FILE}` on the
// given network preset.
func simulatePageHAR(t testing.TB, file, preset string) simulated {
	t.Helper()
	if s, ok := cache[file+"|"+preset]; ok {
		return s
	}
	rec, err := har.Load(filepath.Join("testdata", file), har.Options{})
	if err != nil {
		t.Fatal(err)
	}
	y := fmt.Sprintf("name: t\nnetwork: {preset: %s}\npage: {har: %s}\nstrategies: [%s]\n",
		preset, file, strings.Join(sixStrategies, ", "))
	sc, err := scenarios.Parse(filepath.Join("testdata", "sim.yaml"), []byte(y))
	if err != nil {
		t.Fatal(err)
	}
	s := simulated{file: file, network: preset, rec: rec, res: runJobs(t, sc)}
	cache[file+"|"+preset] = s
	return s
}

// resultProblems lists what is wrong with one replay of a recording; what
// must hold for any replay: every object is there, completed after its
// parent or failed with a reason; the load time is the last completed
// byte; every byte of every completed object crossed the link.
func resultProblems(rec *har.Recording, r *model.Result) []string {
	var ps []string
	bad := func(format string, args ...any) { ps = append(ps, fmt.Sprintf(format, args...)) }
	objs := rec.Page.Objects
	if len(r.Objects) != len(objs) {
		return []string{fmt.Sprintf("%d object results, want %d (one per object)", len(r.Objects), len(objs))}
	}
	failed := 0
	var last time.Duration
	var done model.Bytes
	for i, o := range r.Objects {
		if o.ID != objs[i].ID || o.Size != objs[i].Size {
			bad("object %d is %s (%v), want %s (%v)", i, o.ID, o.Size, objs[i].ID, objs[i].Size)
		}
		if o.Failed {
			failed++
			if o.FailReason == "" {
				bad("object %d (%s) failed without a reason", i, o.ID)
			}
			continue
		}
		if o.LastByte <= 0 || o.FirstByte > o.LastByte || o.RequestSent > o.FirstByte || o.Ready > o.RequestSent {
			bad("object %d (%s) timeline out of order: ready %v, sent %v, first byte %v, last byte %v",
				i, o.ID, o.Ready, o.RequestSent, o.FirstByte, o.LastByte)
		}
		if p := objs[i].Parent; p >= 0 && !r.Objects[p].Failed {
			// A request on part of its parent (after_fraction) waits for
			// the parent's first byte, a request on all of it for the last,
			// and either waits its delay too.
			trigger, what := r.Objects[p].LastByte, "arrived"
			if f := objs[i].AfterFraction; f > 0 && f < 1 {
				trigger, what = r.Objects[p].FirstByte, "began to arrive"
			}
			if o.Ready < trigger+objs[i].Delay {
				bad("object %d (%s) ready at %v, before its parent %s %s (%v) plus its delay %v",
					i, o.ID, o.Ready, r.Objects[p].ID, what, trigger, objs[i].Delay)
			}
		}
		last = max(last, o.LastByte)
		done += o.Size
	}
	if failed != r.Failed {
		bad("Failed = %d, but %d objects are marked failed", r.Failed, failed)
	}
	if r.LoadTime <= 0 || r.LoadTime != last {
		bad("LoadTime = %v, want the last completed byte %v (> 0)", r.LoadTime, last)
	}
	if r.BytesDown < int64(done) {
		bad("BytesDown = %d, less than the %d bytes of the completed objects", r.BytesDown, done)
	}
	if failed == 0 && r.BytesDown < rec.Bytes {
		bad("BytesDown = %d, less than the recording's %d bytes", r.BytesDown, rec.Bytes)
	}
	if r.Connections < 1 {
		bad("%d connections", r.Connections)
	}
	return ps
}

func checkResult(t *testing.T, rec *har.Recording, what string, r *model.Result) {
	t.Helper()
	for _, p := range resultProblems(rec, r) {
		t.Errorf("%s: %s", what, p)
	}
}

// orderProblems lists violations of the orderings that follow from the
// strategies' definitions, whatever the page: nothing is slower than
// serial (a new connection per object, one at a time); pipelining never
// loses to the same connection without it; keepalive (the server agrees)
// is persistent; and on a page of many objects six connections per host
// (browser) and four per host (parallel) beat one connection in all. The
// first three hold within 1 %: header bytes differ between the strategies,
// and where there is nothing to reuse (mitmproxy-org: two objects on two
// hosts) the Keep-Alive headers make persistent a fraction of a
// millisecond slower than serial.
func orderProblems(s simulated) []string {
	var ps []string
	bad := func(format string, args ...any) { ps = append(ps, fmt.Sprintf(format, args...)) }
	lt := func(name string) time.Duration { return s.res[name].LoadTime }
	for _, name := range sixStrategies {
		if lt(name) > lt("serial")+lt("serial")/100 {
			bad("%s %v slower than serial %v", name, lt(name), lt("serial"))
		}
	}
	// Pipelining saves a round trip per request, but requests already
	// written when the server closes (Keep-Alive max, 100) are lost and
	// sent again, and one slow recorded response holds up every one behind
	// it: on a page with many objects per host it may lose a little.
	if lt("pipelined") > lt("persistent")+lt("persistent")/10 {
		bad("pipelined %v slower than persistent %v by more than 10 %%", lt("pipelined"), lt("persistent"))
	}
	if d := lt("keepalive") - lt("persistent"); d > lt("persistent")/100 || -d > lt("persistent")/100 {
		bad("keepalive %v differs from persistent %v by more than 1 %% (the server agrees to Keep-Alive, one connection each)",
			lt("keepalive"), lt("persistent"))
	}
	if s.rec.Objects >= 10 {
		for _, slow := range []string{"serial", "persistent"} {
			if lt("browser") >= lt(slow) {
				bad("browser %v not faster than %s %v on %d objects", lt("browser"), slow, lt(slow), s.rec.Objects)
			}
		}
		if lt("parallel") >= lt("serial") {
			bad("parallel %v not faster than serial %v on %d objects", lt("parallel"), lt("serial"), s.rec.Objects)
		}
	}
	return ps
}

// TestChecksCatch corrupts a real replay in the ways the checks above look
// for and expects each to be caught, so that a passing
// TestSimulateRecordings means something.
func TestChecksCatch(t *testing.T) {
	s := simulateImported(t, "etat-lu.har")
	fresh := func() *model.Result {
		r := *s.res["browser"]
		r.Objects = append([]model.ObjectResult(nil), r.Objects...)
		return &r
	}
	if ps := resultProblems(s.rec, fresh()); len(ps) > 0 {
		t.Fatalf("the real result has problems: %v", ps)
	}
	corrupt := map[string]func(r *model.Result){
		"object missing":          func(r *model.Result) { r.Objects = r.Objects[1:] },
		"failed without a reason": func(r *model.Result) { r.Objects[3].Failed = true; r.Failed++ },
		"Failed count wrong":      func(r *model.Result) { r.Failed = 1 },
		"never arrived":           func(r *model.Result) { r.Objects[5].LastByte = 0 },
		"first byte after last":   func(r *model.Result) { r.Objects[5].FirstByte = r.Objects[5].LastByte + 1 },
		"requested before parent": func(r *model.Result) { r.Objects[5].Ready = r.Objects[2].LastByte - 1 },
		"load time not last byte": func(r *model.Result) { r.LoadTime -= time.Millisecond },
		"zero load time":          func(r *model.Result) { r.LoadTime = 0 },
		"bytes short":             func(r *model.Result) { r.BytesDown = s.rec.Bytes - 1 },
		"no connection":           func(r *model.Result) { r.Connections = 0 },
		"object of another page":  func(r *model.Result) { r.Objects[4].ID = "other" },
	}
	for name, f := range corrupt {
		r := fresh()
		f(r)
		if len(resultProblems(s.rec, r)) == 0 {
			t.Errorf("%s: not caught", name)
		}
	}
	if ps := orderProblems(s); len(ps) > 0 {
		t.Fatalf("the real results are out of order: %v", ps)
	}
	swap := func(a, b string) simulated {
		c := simulated{rec: s.rec, res: map[string]*model.Result{}}
		for k, v := range s.res {
			c.res[k] = v
		}
		c.res[a], c.res[b] = s.res[b], s.res[a]
		return c
	}
	for _, p := range [][2]string{{"serial", "browser"}, {"pipelined", "persistent"}, {"keepalive", "browser"}, {"parallel", "serial"}} {
		if len(orderProblems(swap(p[0], p[1]))) == 0 {
			t.Errorf("%s and %s swapped: not caught", p[0], p[1])
		}
	}
}

// TestSimulateRecordings replays every recording in testdata under all six
// strategies, as imported (cable) and through page: {har: FILE} on a
// narrow network (dsl, 1.5 Mbps), and checks every result. Failed objects
// are allowed here as long as each has a reason; TestRecordingsNoFailures
// demands none. All eight recordings, the largest included, take well
// under a second together (2 networks × 6 strategies), so -short skips
// none of them.
func TestSimulateRecordings(t *testing.T) {
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			for _, s := range []simulated{simulateImported(t, f), simulatePageHAR(t, f, "dsl")} {
				if sum := pageBytes(s.rec); sum != s.rec.Bytes {
					t.Errorf("Recording.Bytes = %d, objects sum to %d", s.rec.Bytes, sum)
				}
				for _, name := range sixStrategies {
					r, ok := s.res[name]
					if !ok {
						t.Fatalf("%s: no result for strategy %s", s.network, name)
					}
					checkResult(t, s.rec, s.network+"/"+name, r)
				}
				for _, p := range orderProblems(s) {
					t.Errorf("%s: %s", s.network, p)
				}
			}
		})
	}
}

func pageBytes(rec *har.Recording) int64 {
	var n int64
	for _, o := range rec.Page.Objects {
		n += int64(o.Size)
	}
	return n
}

// TestRecordingsNoFailures demands that every object completes: every
// recording under every strategy, as imported and on dsl, and the first
// runs of the speed scenario (cnet.com, cable with 1 % loss). A failure
// here is a simulator bug (a server FIN placed inside the data after an
// RTO, fixed in model/snd.go, made objects of cnet-com fail under
// parallel this way).
func TestRecordingsNoFailures(t *testing.T) {
	var failures []string
	report := func(what, strategy string, r *model.Result) {
		for i, o := range r.Objects {
			if o.Failed {
				failures = append(failures, fmt.Sprintf("%s, %s: object %d %s (%s): %s", what, strategy, i, o.ID, o.Host, o.FailReason))
			}
		}
	}
	for _, f := range files {
		for _, s := range []simulated{simulateImported(t, f), simulatePageHAR(t, f, "dsl")} {
			for _, name := range sixStrategies {
				report(f+" on "+s.network, name, s.res[name])
			}
		}
	}
	sc, err := scenarios.Load(filepath.Join("testdata", "cnet-100runs.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	runs := 3
	if testing.Short() {
		runs = 1
	}
	sc.Runs = runs
	jobs, err := sc.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	results, err := scenarios.RunJobs(jobs, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	cnet, err := har.Load(filepath.Join("testdata", "cnet-com.har"), har.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, j := range jobs {
		checkResult(t, cnet, fmt.Sprintf("cnet-100runs run %d/%s", j.Run, j.Strategy), results[i])
		report(fmt.Sprintf("cnet-100runs.yaml run %d", j.Run), j.Strategy, results[i])
	}
	if len(failures) > 0 {
		t.Errorf("%d failed objects, want none:\n%s", len(failures), strings.Join(failures, "\n"))
	}
}

// BenchmarkCnetAllStrategies simulates the 258-entry cnet.com recording
// (256 objects, 74 hosts) under the six strategies, with the speed
// scenario's network (cable, 1 % loss; testdata/cnet-100runs.yaml), one
// run number per iteration. One iteration is six page loads.
func BenchmarkCnetAllStrategies(b *testing.B) {
	sc, err := scenarios.Load(filepath.Join("testdata", "cnet-100runs.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	jobs, err := sc.Jobs()
	if err != nil {
		b.Fatal(err)
	}
	if len(jobs) != 6*sc.Runs {
		b.Fatalf("%d jobs, want 6 strategies × %d runs", len(jobs), sc.Runs)
	}
	b.ReportAllocs()
	var events uint64
	pages := 0
	run := 0
	for b.Loop() {
		for s := 0; s < 6; s++ {
			// Jobs are strategy-major: strategy s, run r is at s*Runs + r.
			r, err := model.Simulate(jobs[s*sc.Runs+run].Config)
			if err != nil {
				b.Fatal(err)
			}
			events += r.Events
			pages++
		}
		run = (run + 1) % sc.Runs
	}
	sec := b.Elapsed().Seconds()
	b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(pages), "ns/page")
	b.ReportMetric(float64(pages)/sec, "pages/s")
	b.ReportMetric(float64(events)/sec, "events/s")
}
