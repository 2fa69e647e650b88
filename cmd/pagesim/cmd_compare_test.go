package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCompareCommand: two reports of a scenario before and after its link
// got faster compare point by point as significantly faster, by
// directory or by results.json; a report compared with itself shows no
// change; bad input exits 2.
func TestCompareCommand(t *testing.T) {
	withFake(t)
	dir := t.TempDir()
	report := func(name, text string) string {
		out := filepath.Join(dir, name)
		if _, stderr, code := runCLI("run", writeScenario(t, text), "-q", "--no-plots", "-o", out); code != 0 {
			t.Fatalf("run: exit %d: %s", code, stderr)
		}
		return out
	}
	six := strings.Replace(smallScenario, "runs: 2", "runs: 6", 1)
	before := report("before", six)
	after := report("after", strings.Replace(six, "down: 1Mbps", "down: 2Mbps", 1))
	png := filepath.Join(dir, "c.png")
	stdout, stderr, code := runCLI("compare", before, filepath.Join(after, "results.json"), "--png", png)
	if code != 0 {
		t.Fatalf("compare: exit %d: %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	if len(lines) < 8 || !strings.HasPrefix(lines[0], "network.rtt  strategy") {
		t.Fatalf("compare printed\n%s", stdout)
	}
	for _, l := range lines[1:7] { // 2 points × 3 strategies
		if !strings.Contains(l, "faster (p = 0.0022)") || !strings.Contains(l, "×6") {
			t.Errorf("row %q: want faster (p = 0.0022, 6 runs against 6 apart) and 6 runs", l)
		}
	}
	if st, err := os.Stat(png); err != nil || st.Size() == 0 {
		t.Errorf("no chart: %v", err)
	}
	stdout, _, code = runCLI("compare", before, before, "--no-plots")
	if code != 0 || strings.Count(stdout, "~ (p = 1)") != 6 || strings.Contains(stdout, "faster (") {
		t.Errorf("a report against itself: exit %d\n%s", code, stdout)
	}
	for _, args := range [][]string{{"compare", before}, {"compare", before, filepath.Join(dir, "nope")}, {"compare", before, writeScenario(t, "x")}} {
		if _, stderr, code := runCLI(args...); code != 2 {
			t.Errorf("%q: exit %d (%s), want 2", args, code, stderr)
		}
	}
}
