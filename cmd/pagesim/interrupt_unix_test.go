//go:build unix

package main

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"pagesim/model"
	"pagesim/scenarios"
)

// TestInterruptedRunCleansUp: a run cancelled while simulating (the
// context catchInterrupts gives, here cancelled by the fake) writes
// nothing and removes its temporary directory.
func TestInterruptedRunCleansUp(t *testing.T) {
	old := runJobs
	runJobs = func(ctx context.Context, jobs []scenarios.Job, workers int, progress func(done, total int)) ([]*model.Result, error) {
		if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
			t.Fatal(err)
		}
		<-ctx.Done()
		return nil, ctx.Err()
	}
	t.Cleanup(func() { runJobs = old })
	out := filepath.Join(t.TempDir(), "out")
	before := oldReport(t, out)
	_, stderr, code := runCLI("run", writeScenario(t, smallScenario), "-q", "-o", out)
	if code != 130 || !strings.Contains(stderr, "interrupted") {
		t.Errorf("exit %d, stderr %q; want 130", code, stderr)
	}
	if got := readDir(t, out); !reflect.DeepEqual(got, before) {
		t.Errorf("the earlier report changed: %q", got)
	}
	noTemporaries(t, out)
}
