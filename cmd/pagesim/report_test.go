package main

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"

	"pagesim/model"
)

// oldReport fills dir with a previous report and a file of the user's,
// and returns the contents to compare with later.
func oldReport(t *testing.T, dir string) map[string]string {
	t.Helper()
	files := map[string]string{"results.csv": "old csv\n", "results.json": "{}\n", "summary.md": "# old\n", "notes.txt": "mine\n"}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return files
}

// readDir returns every file of dir and its contents.
func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, name := range listDir(t, dir) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		out[name] = string(b)
	}
	return out
}

// noTemporaries fails if a staging directory is left beside dir.
func noTemporaries(t *testing.T, dir string) {
	t.Helper()
	for _, name := range listDir(t, filepath.Dir(dir)) {
		if strings.Contains(name, ".pagesim-") {
			t.Errorf("temporary %s left in %s", name, filepath.Dir(dir))
		}
	}
}

// TestReportReplacesItsFiles: a run over an earlier report replaces the
// report's files, leaves the user's others alone, and leaves no temporary.
func TestReportReplacesItsFiles(t *testing.T) {
	withFake(t)
	out := filepath.Join(t.TempDir(), "out")
	oldReport(t, out)
	if _, stderr, code := runCLI("run", writeScenario(t, smallScenario), "-q", "--no-plots", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	if _, stderr, code := runCLI("run", writeScenario(t, smallScenario), "-q", "--no-plots", "-o", fresh); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if fi, err := os.Stat(fresh); err != nil || fi.Mode().Perm() != 0o755 {
		t.Errorf("a new report directory: %v, %v; want mode 0755 (as mkdir makes it)", fi.Mode(), err)
	}
	got := readDir(t, out)
	if got["notes.txt"] != "mine\n" || got["results.csv"] == "old csv\n" || got["summary.md"] == "# old\n" || len(got) != 5 {
		t.Errorf("report directory after the run: %q", listDir(t, out))
	}
	noTemporaries(t, out)
}

// failingCreate makes the file named name fail as a full disk does, after
// part of it was written.
func failingCreate(t *testing.T, name string) {
	old := createReportFile
	createReportFile = func(path string) (io.WriteCloser, error) {
		f, err := os.Create(path)
		if err != nil || filepath.Base(path) != name {
			return f, err
		}
		return fullDisk{f}, nil
	}
	t.Cleanup(func() { createReportFile = old })
}

type fullDisk struct{ f *os.File }

func (d fullDisk) Write(p []byte) (int, error) {
	n, _ := d.f.Write(p[:len(p)/2])
	return n, &os.PathError{Op: "write", Path: d.f.Name(), Err: syscall.ENOSPC}
}
func (d fullDisk) Close() error { return d.f.Close() }

// TestReportFullDisk: when a file of the report cannot be written, the
// earlier report stays exactly as it was, a new directory is not created,
// no temporary is left, and the error names the report's file (it named
// a temporary file).
func TestReportFullDisk(t *testing.T) {
	withFake(t)
	failingCreate(t, "summary.md")
	for _, existing := range []bool{true, false} {
		out := filepath.Join(t.TempDir(), "a", "b", "out")
		var before map[string]string
		if existing {
			before = oldReport(t, out)
		}
		_, stderr, code := runCLI("run", writeScenario(t, smallScenario), "-q", "-o", out)
		if code != 1 || !strings.Contains(stderr, filepath.Join(out, "summary.md")+": write ") || !strings.Contains(stderr, "no space left on device") {
			t.Errorf("existing %v: exit %d, stderr %q; want 1 and the report's summary.md named", existing, code, stderr)
		}
		if got := readDir(t, out); existing && !reflect.DeepEqual(got, before) {
			t.Errorf("the earlier report changed: %q", got)
		}
		if a := filepath.Dir(filepath.Dir(out)); !existing {
			if _, err := os.Stat(a); !os.IsNotExist(err) {
				t.Errorf("%s, made for the report, was left (%v)", a, err)
			}
		} else {
			noTemporaries(t, out)
		}
	}
}

// TestUnwritableReportBeforeSimulating: an -o that cannot be written is
// found before any simulation runs, with exit status 2 (it was found after
// all of them).
func TestUnwritableReportBeforeSimulating(t *testing.T) {
	ran := 0
	old := simulate
	simulate = func(cfg model.Config) (*model.Result, error) {
		ran++
		return fakeSimulate(cfg)
	}
	t.Cleanup(func() { simulate = old })
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCLI("run", writeScenario(t, smallScenario), "-q", "-o", filepath.Join(file, "out"))
	if code != 2 || !strings.Contains(stderr, "cannot write the report there") || ran != 0 {
		t.Errorf("exit %d, %d simulations run, stderr %q; want 2 before any", code, ran, stderr)
	}
}
