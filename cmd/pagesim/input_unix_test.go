//go:build unix

package main

import (
	"os"
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
