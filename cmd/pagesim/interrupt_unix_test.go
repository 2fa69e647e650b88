//go:build unix

package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"syscall"
	"testing"

	"pagesim/model"
)

// TestInterruptedRunCleansUp: a run cancelled while simulating (the
// context catchInterrupts gives, here cancelled by the fake) writes
// nothing and removes its temporary directory.
func TestInterruptedRunCleansUp(t *testing.T) {
	old := simulate
	release := make(chan struct{})
	var once sync.Once
	simulate = func(cfg model.Config) (*model.Result, error) {
		once.Do(func() {
			if err := syscall.Kill(os.Getpid(), syscall.SIGINT); err != nil {
				t.Error(err)
			}
		})
		<-release // still simulating when the signal stops the run
		return fakeSimulate(cfg)
	}
	t.Cleanup(func() { close(release); simulate = old })
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
