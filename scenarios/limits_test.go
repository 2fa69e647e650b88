package scenarios

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"pagesim/model"
)

// sweepOf returns a sweep: line over network.rtt with a values and
// network.down with b values (a × b points).
func sweepOf(a, b int) string {
	var rtts, downs []string
	for i := 1; i <= a; i++ {
		rtts = append(rtts, fmt.Sprintf("%dms", i))
	}
	for i := 1; i <= b; i++ {
		downs = append(downs, fmt.Sprintf("%dkbps", 10*i))
	}
	return "sweep: {network.rtt: [" + strings.Join(rtts, ", ") + "], network.down: [" + strings.Join(downs, ", ") + "]}\n"
}

const elevenStrategies = "strategies: [serial, parallel, keepalive, persistent, pipelined, browser, " +
	"{preset: browser, name: b2}, {preset: browser, name: b3}, {preset: browser, name: b4}, {preset: browser, name: b5}, {preset: browser, name: b6}]\n"

// TestSimulationLimit: points × strategies × runs is capped at
// MaxSimulations when the file is parsed, with the position of the key to
// change; nothing is expanded to find out (runs: 1000000 with a 100 × 1000
// sweep used to panic with "makeslice: cap out of range").
func TestSimulationLimit(t *testing.T) {
	tests := []struct {
		name string
		src  string
		jobs int    // NumJobs when it fits
		want string // the error, when it does not
	}{
		{"runs 100000000, one strategy", "runs: 100000000\nstrategies: [browser]" + page1, 100_000_000, ""},
		{"runs 1000000, the default strategies", "runs: 1000000" + page1, 8_000_000, ""},
		{"runs 100000000, the default strategies", "runs: 100000000" + page1,
			0, "s.yaml:1:1: runs: 100000000 runs × 1 sweep point × 8 strategies = 800000000 simulations, more than the limit of 100000000"},
		{"runs 100000000 with a 100 × 1000 sweep", "runs: 100000000\n" + sweepOf(100, 1000) + page1,
			0, "s.yaml:1:1: runs: 100000000 runs × 100000 sweep points × 8 strategies = 80000000000000 simulations"},
		{"a 100 × 1000 sweep, the default strategies, 200 runs", "runs: 200\n" + sweepOf(100, 1000) + page1,
			0, "s.yaml:1:1: runs: 200 runs × 100000 sweep points × 8 strategies = 160000000 simulations"},
		{"a 100 × 1000 sweep, eleven strategies, 100 runs", "name: big\nruns: 100\n" + sweepOf(100, 1000) + elevenStrategies + page1,
			0, "s.yaml:2:1: runs: 100 runs × 100000 sweep points × 11 strategies = 110000000 simulations"},
		{"runs on the second line", "strategies: [browser]\nruns: 100000000\n" + sweepOf(1, 2) + page1,
			0, "s.yaml:2:1: runs: 100000000 runs × 2 sweep points × 1 strategy = 200000000 simulations"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.want == "" && strings.Contains(tc.src, "sweep") {
				t.Fatal("a fitting case with a sweep would decode every point")
			}
			s, err := Parse("s.yaml", []byte(tc.src))
			if tc.want != "" {
				var el ErrorList
				if !errors.As(err, &el) || len(el) != 1 || !strings.HasPrefix(el[0].Error(), tc.want) {
					t.Fatalf("Parse: %v\nwant one error starting %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := s.NumJobs(); got != tc.jobs {
				t.Errorf("NumJobs = %d, want %d", got, tc.jobs)
			}
		})
	}
}

// TestSimulationLimitCheap: parsing and counting a scenario of a million
// runs allocates what one run does; nothing is expanded.
func TestSimulationLimitCheap(t *testing.T) {
	alloc := func(src string) uint64 {
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		s, err := Parse("s.yaml", []byte(src))
		if err != nil {
			t.Fatal(err)
		}
		_ = s.NumJobs()
		runtime.ReadMemStats(&after)
		return after.TotalAlloc - before.TotalAlloc
	}
	one, million := alloc("runs: 1\nstrategies: [browser]"+page1), alloc("runs: 1000000\nstrategies: [browser]"+page1)
	if million > 2*one+1<<20 {
		t.Errorf("parsing runs: 1000000 allocated %d bytes, runs: 1 %d", million, one)
	}
}

// TestJobsLimit: Jobs refuses to expand a scenario whose Runs were raised
// past the limit after parsing.
func TestJobsLimit(t *testing.T) {
	s := mustParse(t, "strategies: [browser]"+page1)
	s.Runs = MaxSimulations + 1
	if _, err := s.Jobs(); err == nil || !strings.Contains(err.Error(), "more than the limit of 1000000") {
		t.Errorf("Jobs with %d runs: %v; want the limit error", s.Runs, err)
	}
	if got := simulations(1<<40, 1<<40, 1<<40); got <= 0 {
		t.Errorf("simulations overflowed to %d", got)
	}
}

// TestLimitsSection: limits: sets the horizon and the event budget of
// every simulation, within documented bounds, and a load they cut off is
// a result that says so.
func TestLimitsSection(t *testing.T) {
	const slowPage = "\nnetwork: {down: 56kbps}\nstrategies: [browser]\npage: {objects: [{url: http://a.com/, size: 1MB}]}\n"
	tests := []struct {
		name      string
		src       string
		want      string // error; "" when valid
		horizon   time.Duration
		maxEvents uint64
		result    model.Incomplete // what a simulation of it yields
	}{
		{"defaults", "name: x" + slowPage, "", 0, 0, ""},
		{"horizon 1s", "limits: {horizon: 1s}" + slowPage, "", time.Second, 0, model.IncompleteHorizon},
		{"horizon 240h", "limits: {horizon: 240h}" + slowPage, "", 240 * time.Hour, 0, ""},
		{"max_events 100", "limits: {max_events: 100}" + slowPage, "", 0, 100, model.IncompleteBudget},
		{"horizon 241h", "limits: {horizon: 241h}" + slowPage,
			"s.yaml:1:19: limits.horizon: 241h is out of range (expected more than 0 and at most 240h of simulated time; default 1h)", 0, 0, ""},
		{"horizon 0s", "limits: {horizon: 0s}" + slowPage, "s.yaml:1:19: limits.horizon: 0s is out of range", 0, 0, ""},
		{"horizon off", "limits: {horizon: off}" + slowPage, `s.yaml:1:19: limits.horizon: duration "off"`, 0, 0, ""},
		{"max_events 0", "limits: {max_events: 0}" + slowPage, "s.yaml:1:22: limits.max_events: 0 is out of range (expected 1 to 1000000000000", 0, 0, ""},
		{"unknown key", "limits: {horizn: 1h}" + slowPage, `s.yaml:1:10: limits.horizn: unknown key "horizn"; did you mean horizon?`, 0, 0, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Parse("s.yaml", []byte(tc.src))
			if tc.want != "" {
				if err == nil || !strings.HasPrefix(err.Error(), tc.want) {
					t.Fatalf("got %v\nwant %s…", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			jobs, err := s.Jobs()
			if err != nil {
				t.Fatal(err)
			}
			cfg := jobs[0].Config
			if cfg.Horizon != tc.horizon || cfg.MaxEvents != tc.maxEvents {
				t.Errorf("horizon %v, max_events %d; want %v, %d", cfg.Horizon, cfg.MaxEvents, tc.horizon, tc.maxEvents)
			}
			if tc.result == "" {
				return
			}
			res, err := RunJobs(jobs, 1, nil)
			if err != nil {
				t.Fatal(err)
			}
			if res[0].Complete || res[0].Incomplete != tc.result {
				t.Errorf("complete %v, incomplete %q (%s); want %q", res[0].Complete, res[0].Incomplete, res[0].IncompleteDetail, tc.result)
			}
		})
	}
	s := mustParse(t, "sweep: {limits.horizon: [1s, 2h]}"+slowPage)
	jobs, err := s.Jobs()
	if err != nil || len(jobs) != 2 || jobs[0].Config.Horizon != time.Second || jobs[1].Config.Horizon != 2*time.Hour {
		t.Errorf("sweep over limits.horizon: %d jobs, %v", len(jobs), err)
	}
}
