package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"pagesim/plots"
	"pagesim/scenarios"
	"pagesim/scenarios/golden"
)

var (
	binOnce sync.Once
	binPath string
	binErr  error
	binDir  string
)

func TestMain(m *testing.M) {
	flag.Parse()
	code := m.Run()
	if binDir != "" {
		os.RemoveAll(binDir)
	}
	if ns3Harness.bin != "" {
		os.RemoveAll(filepath.Dir(ns3Harness.bin)) // bench_ns3_test.go
	}
	os.Exit(code)
}

// pagesimBinary builds the command once per test run.
func pagesimBinary(t *testing.T) string {
	t.Helper()
	binOnce.Do(func() {
		binDir, binErr = os.MkdirTemp("", "pagesim-e2e")
		if binErr != nil {
			return
		}
		binPath = filepath.Join(binDir, "pagesim")
		out, err := exec.Command("go", "build", "-o", binPath, ".").CombinedOutput()
		if err != nil {
			binErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if binErr != nil {
		t.Fatal(binErr)
	}
	return binPath
}

// execPagesim runs the binary and returns its output and exit status.
func execPagesim(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := exec.Command(pagesimBinary(t), args...)
	var o, e bytes.Buffer
	cmd.Stdout, cmd.Stderr = &o, &e
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &ee):
		code = ee.ExitCode()
	default:
		t.Fatal(err)
	}
	return o.String(), e.String(), code
}

func TestBinaryCommands(t *testing.T) {
	// Help for every command, exit 0, on stdout.
	for _, args := range [][]string{{"-h"}, {"run", "-h"}, {"validate", "-h"}, {"presets", "-h"},
		{"examples", "-h"}, {"import-har", "-h"}, {"version", "-h"}} {
		stdout, _, code := execPagesim(t, args...)
		if code != 0 || !strings.Contains(stdout, "Usage:") {
			t.Errorf("%q: exit %d, stdout %q", args, code, stdout)
		}
	}
	if stdout, _, code := execPagesim(t, "version"); code != 0 || !strings.HasPrefix(stdout, "pagesim ") {
		t.Errorf("version: exit %d %q", code, stdout)
	}
	if stdout, _, code := execPagesim(t, "presets"); code != 0 || !strings.Contains(stdout, "cable") {
		t.Errorf("presets: exit %d", code)
	}
	if _, _, code := execPagesim(t); code != 2 {
		t.Errorf("no command: exit %d, want 2", code)
	}

	// Bad YAML: exit 2, the error names the place, nothing written.
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("name: bad\nnetwork: {rtt: 100}\npage: {objects: [{id: html, url: http://e.com/, size: 1KB}]}\n"), 0o644)
	out := filepath.Join(dir, "out")
	_, stderr, code := execPagesim(t, "run", bad, "-o", out)
	if code != 2 || !strings.Contains(stderr, bad+":2:") || !strings.Contains(stderr, "network.rtt") {
		t.Errorf("bad YAML: exit %d, stderr %q", code, stderr)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("bad YAML created %s", out)
	}
	if _, _, code := execPagesim(t, "validate", bad); code != 2 {
		t.Errorf("validate bad: exit %d, want 2", code)
	}
	if stdout, _, code := execPagesim(t, "import-har", "testdata/etat-lu.har"); code != 0 || !strings.Contains(stdout, "page:") {
		t.Errorf("import-har: exit %d", code)
	}
}

func TestBinaryRunReport(t *testing.T) {
	var outs []string
	for _, j := range []string{"1", "2"} {
		out := filepath.Join(t.TempDir(), "report")
		stdout, stderr, code := execPagesim(t, "run", "--example", "textbook", "-o", out, "-j", j)
		if code != 0 {
			t.Fatalf("-j %s: exit %d\n%s", j, code, stderr)
		}
		if !strings.Contains(stdout, "strategy") || !strings.Contains(stdout, "browser") {
			t.Errorf("stdout:\n%s", stdout)
		}
		outs = append(outs, out)
	}
	out := outs[0]
	rep := readReport(t, out)
	charts, err := plots.Charts(rep)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"results.csv", "results.json", "summary.md", "index.html"}
	for _, c := range charts {
		want = append(want, c.Name+".png")
		checkPNG(t, filepath.Join(out, c.Name+".png"), c.Width.Dots(96), c.Height.Dots(96))
	}
	for _, name := range want {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("missing %s", name)
		}
	}
	recs := readCSV(t, filepath.Join(out, "results.csv"))
	if got := strings.Join(recs[0], ","); got != strings.Join(plots.CSVHeader(rep.Params), ",") || !strings.HasPrefix(got, "scenario,") {
		t.Errorf("CSV header %s", got)
	}
	for _, name := range []string{"results.csv", "results.json", "summary.md"} {
		a, _ := os.ReadFile(filepath.Join(outs[0], name))
		b, _ := os.ReadFile(filepath.Join(outs[1], name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between -j 1 and -j 2", name)
		}
	}
}

// TestGolden compares each example's results.csv with
// testdata/golden/NAME.csv (package golden: PAGESIM_UPDATE=1 rewrites them).
func TestGolden(t *testing.T) {
	for _, name := range scenarios.Examples() {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			_, stderr, code := runCLI("run", "--example", name, "--no-plots", "-q", "-o", out)
			if code != 0 && code != 3 {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			// Exit status 3 exactly when some load did not complete.
			if n, _ := readReport(t, out).Incomplete(); (n > 0) != (code == 3) {
				t.Errorf("exit %d with %d incomplete loads", code, n)
			}
			got, err := os.ReadFile(filepath.Join(out, "results.csv"))
			if err != nil {
				t.Fatal(err)
			}
			golden.File(t, filepath.Join("testdata", "golden", name+".csv"), got)
		})
	}
}
