package main

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// TestIncompleteLoadsExitStatus runs the real simulator on the loads that
// used to be reported as load times (100 % loss, 1 bps, a think time of
// 10⁶ s: "load_ms 0.0", ranked best) or that threw every other result away
// (a sweep point that reaches the horizon: exit 1, no report). Now the
// report is written for all, the incomplete loads have no load time and a
// reason, and the exit status is 3.
func TestIncompleteLoadsExitStatus(t *testing.T) {
	const page = "page: {objects: [{url: http://a.com/, size: 20KB}, {url: http://a.com/b.js, size: 5KB}]}\n"
	tests := []struct {
		name   string
		yaml   string
		code   int
		reason string // in stdout's incomplete column and summary.md
	}{
		{"all complete", "strategies: [browser]\n" + page, 0, ""},
		{"100% loss", "network: {loss: 100%}\nstrategies: [browser, serial]\n" + page, 3, "failed objects"},
		{"1 bps", "network: {down: 1bps, up: 1bps}\nstrategies: [browser]\n" + page, 3, "failed objects"},
		{"think time 10^6 s", "server: {think: 1000000s}\nstrategies: [browser]\n" + page, 3, "failed objects"},
		{"a sweep point reaches the horizon", "limits: {horizon: 60s}\nstrategies: [browser]\nsweep: {network.down: [2kbps, 10Mbps]}\n" + page, 3, "horizon"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			stdout, stderr, code := runCLI("run", writeScenario(t, tc.yaml), "-q", "--no-plots", "-o", out)
			if code != tc.code {
				t.Fatalf("exit %d, want %d\n%s", code, tc.code, stderr)
			}
			summary, err := os.ReadFile(filepath.Join(out, "summary.md"))
			if err != nil {
				t.Fatalf("no report: %v", err)
			}
			rep := readReport(t, out)
			rows := readRows(t, out)
			n, total := rep.Incomplete()
			if tc.code == 0 {
				if n != 0 || strings.Contains(stdout, "incomplete") {
					t.Errorf("%d of %d incomplete; stdout:\n%s", n, total, stdout)
				}
				return
			}
			if n == 0 || n == total && strings.Contains(tc.name, "sweep") {
				t.Errorf("%d of %d loads incomplete", n, total)
			}
			if !strings.Contains(stderr, "did not complete") {
				t.Errorf("stderr does not say loads did not complete: %q", stderr)
			}
			lines := strings.Split(strings.TrimSpace(stdout), "\n")
			if !strings.HasSuffix(lines[0], "incomplete") {
				t.Errorf("stdout header %q has no incomplete column", lines[0])
			}
			// One run per strategy: stdout line i+1 is report row i.
			load := slices.Index(strings.Fields(lines[0]), "load_ms")
			for i, row := range rows {
				f := strings.Fields(lines[i+1])
				if shown := f[load] != "–"; shown != row.Result.Complete {
					t.Errorf("row %d (complete %v): stdout %q", i, row.Result.Complete, lines[i+1])
				}
				if !row.Result.Complete && !strings.HasSuffix(lines[i+1], string(row.Result.Incomplete)) {
					t.Errorf("row %d: stdout %q does not end with its reason %q", i, lines[i+1], row.Result.Incomplete)
				}
			}
			recs := readCSV(t, filepath.Join(out, "results.csv"))
			col := func(name string) int { return slices.Index(recs[0], name) }
			for i, row := range rows {
				rec := recs[i+1]
				if (rec[col("load_time_ms")] == "") == row.Result.Complete || rec[col("complete")] != strconv.FormatBool(row.Result.Complete) ||
					rec[col("incomplete")] != string(row.Result.Incomplete) {
					t.Errorf("results.csv row %d %q for a load complete=%v (%s)", i, rec, row.Result.Complete, row.Result.Incomplete)
				}
			}
			for i, row := range rows {
				if !row.Result.Complete && !strings.Contains(string(summary), "incomplete: "+tc.reason) {
					t.Errorf("row %d is incomplete but summary.md does not say \"incomplete: %s\":\n%s", i, tc.reason, summary)
				}
			}
			if strings.Contains(string(summary), "**best**") || strings.Contains(string(summary), "(best)") && n == total {
				t.Errorf("summary.md ranks an incomplete load:\n%s", summary)
			}
		})
	}
}

// TestHeavyTailedThinkTimes: think times drawn from tails that overflowed
// a time.Duration (the engine panicked with "event scheduled at
// -2562047h…", exit 1) now run: the report is written and every load is
// complete or says why not.
func TestHeavyTailedThinkTimes(t *testing.T) {
	const page = "page: {objects: [{url: http://a.com/, size: 20KB}, {url: http://a.com/b.js, size: 5KB}]}\n"
	for _, think := range []string{"{dist: lognormal, median: 1ms, sigma: 20}", "{dist: pareto, scale: 1ms, shape: 0.0001}"} {
		t.Run(think, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			_, stderr, code := runCLI("run", writeScenario(t, "runs: 5\nstrategies: [browser, serial]\nserver: {think: "+think+"}\n"+page), "-q", "--no-plots", "-o", out)
			if code != 0 && code != 3 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for i, row := range readRows(t, out) {
				if row.Result.Complete == (row.Result.Incomplete != "") {
					t.Errorf("row %d: complete %v, incomplete %q", i, row.Result.Complete, row.Result.Incomplete)
				}
			}
		})
	}
}
