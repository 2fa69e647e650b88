//go:build unix

package main

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestBinarySignals runs the built binary on a scenario that takes about a
// minute, sends SIGINT (or SIGTERM) once its report is staged, and checks
// that it stops with 128 + the signal, leaves the earlier report in the
// directory exactly as it was, and leaves no temporary directory.
func TestBinarySignals(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := pagesimBinary(t)
	slow := writeScenario(t, "name: slow\nruns: 20000\nstrategies: [serial]\nnetwork: {preset: cable, loss: 1%}\n"+
		"page: {generate: {count: 300, size: 20KB, hosts: 3}}\n")
	for _, tc := range []struct {
		sig  syscall.Signal
		code int
	}{{syscall.SIGINT, 130}, {syscall.SIGTERM, 143}} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out")
			before := oldReport(t, out)
			cmd := exec.Command(bin, "run", slow, "-o", out, "-j", "1", "-q")
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// The staging directory appears once the scenario is loaded,
			// before the simulations start.
			deadline := time.Now().Add(60 * time.Second)
			for !staged(t, out) {
				if time.Now().After(deadline) {
					cmd.Process.Kill()
					t.Fatal("no staging directory appeared")
				}
				time.Sleep(10 * time.Millisecond)
			}
			if err := cmd.Process.Signal(tc.sig); err != nil {
				t.Fatal(err)
			}
			err := cmd.Wait()
			var ee *exec.ExitError
			if !errors.As(err, &ee) || ee.ExitCode() != tc.code {
				t.Fatalf("exit: %v, want status %d; stderr %q", err, tc.code, stderr.String())
			}
			if !strings.Contains(stderr.String(), "interrupted") {
				t.Errorf("stderr %q does not say the run was interrupted", stderr.String())
			}
			if got := readDir(t, out); !reflect.DeepEqual(got, before) {
				t.Errorf("the earlier report changed: %q", listDir(t, out))
			}
			noTemporaries(t, out)
		})
	}
}

// staged reports whether a staging directory of the report dir exists.
func staged(t *testing.T, dir string) bool {
	ents, err := os.ReadDir(filepath.Dir(dir))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), "."+filepath.Base(dir)+".pagesim-") {
			return true
		}
	}
	return false
}
