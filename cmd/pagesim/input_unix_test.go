//go:build unix

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestNonRegularInputs: every file a command reads — a scenario, a HAR to
// import, a scenario's page.har — is refused when it is not a regular file
// (/dev/zero never ends, a FIFO with no writer blocks for ever), with exit
// status 2, a message naming the file, and nothing written.
func TestNonRegularInputs(t *testing.T) {
	withFake(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	pageHAR := func(p string) string {
		return writeScenario(t, "name: x\npage: {har: "+p+"}\n")
	}
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"run /dev/zero", []string{"run", "/dev/zero"}, "/dev/zero: not a regular file: it is a character device"},
		{"run a FIFO", []string{"run", fifo}, "named pipe"},
		{"validate a FIFO", []string{"validate", fifo}, "named pipe"},
		{"import-har /dev/zero", []string{"import-har", "/dev/zero"}, "/dev/zero: not a regular file"},
		{"import-har a FIFO", []string{"import-har", fifo}, "named pipe"},
		{"page.har /dev/zero", []string{"run", pageHAR("/dev/zero")}, "page.har: har: /dev/zero: not a regular file"},
		{"page.har a FIFO", []string{"run", pageHAR(fifo)}, "named pipe"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			type result struct {
				stdout, stderr string
				code           int
			}
			done := make(chan result, 1)
			go func() {
				args := tc.args
				if args[0] == "run" {
					args = append(args, "-o", out)
				}
				o, e, c := runCLI(args...)
				done <- result{o, e, c}
			}()
			var r result
			select {
			case r = <-done:
			case <-time.After(20 * time.Second):
				t.Fatal("the command blocked on its input")
			}
			if r.code != 2 || !strings.Contains(r.stderr, tc.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", r.code, r.stderr, tc.want)
			}
			if _, err := os.Stat(out); !os.IsNotExist(err) {
				t.Errorf("wrote %s", out)
			}
		})
	}
}

// TestMergeOpenFileLimit: a merge reads every shard's results.json
// together; when the limit on open files is lower than the number of
// shards, it says so, with the limit and what to do, and writes nothing.
// The limit is set for the real binary by the shell (ulimit sets the hard
// limit too, so Go cannot raise it).
func TestMergeOpenFileLimit(t *testing.T) {
	withFake(t)
	file := writeScenario(t, strings.Replace(smallScenario, "runs: 2", "runs: 20", 1))
	study := filepath.Join(t.TempDir(), "study")
	const shards = 60
	for i := 0; i < shards; i++ {
		if _, stderr, code := runCLI("run", file, "--shard", fmt.Sprintf("%d/%d", i, shards), "-o", study, "-q", "--no-plots"); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
	}
	out := filepath.Join(t.TempDir(), "merged")
	cmd := exec.Command("sh", "-c", `ulimit -n 40 && exec "$0" merge "$1" -o "$2" --no-plots -q`, pagesimBinary(t), study, out)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	err := cmd.Run()
	if err == nil || !strings.Contains(stderr.String(), "ulimit -n") || !strings.Contains(stderr.String(), "60 shards") {
		t.Fatalf("merge of %d shards under ulimit -n 40: %v, stderr %q; want an error naming the limit", shards, err, stderr.String())
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("the failed merge wrote %s", out)
	}
	// With the limit raised it merges.
	cmd = exec.Command("sh", "-c", `ulimit -n 200 && exec "$0" merge "$1" -o "$2" --no-plots -q`, pagesimBinary(t), study, out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("merge under ulimit -n 200: %v: %s", err, b)
	}
}
