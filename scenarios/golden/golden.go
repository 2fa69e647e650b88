// Package golden compares what a test produced with the files that record
// it — golden results under testdata/, generated tables and charts under
// docs/ — and rewrites them when asked, for every package of the
// repository with one switch:
//
//	PAGESIM_UPDATE=1 go test ./...
//
// An environment variable rather than a -update flag: go test ./... passes
// a flag to every test binary, and one that does not define it fails, so a
// flag would have to be defined in every package. A golden file changes in
// a commit of its own that says why.
package golden

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"testing"
)

// Env is the environment variable that turns rewriting on ("1").
const Env = "PAGESIM_UPDATE"

// Updating reports whether golden files are to be rewritten.
func Updating() bool { return os.Getenv(Env) == "1" }

// Hint is what a test says after a difference.
const Hint = "PAGESIM_UPDATE=1 go test ./... rewrites it; read the diff and commit it on its own, saying why"

// File compares got with the file at path, or (Updating) rewrites the file.
func File(t testing.TB, path string, got []byte) {
	t.Helper()
	if Updating() {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (%s)", err, Hint)
	}
	if !bytes.Equal(want, got) {
		t.Errorf("%s differs (%s):\n%s", path, Hint, Diff(string(want), string(got)))
	}
}

// Section compares got with the text of the file at path between the line
// holding begin and the line holding end, or (Updating) rewrites that text.
// The markers must exist, in that order.
func Section(t testing.TB, path, begin, end, got string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc := string(data)
	i, j := strings.Index(doc, begin), strings.Index(doc, end)
	if i < 0 || j < i {
		t.Fatalf("%s: the markers %q and %q are missing or out of order", path, begin, end)
	}
	start := i + len(begin)
	if k := strings.IndexByte(doc[start:], '\n'); k >= 0 && start+k < j {
		start += k + 1 // after the marker's line
	} else {
		t.Fatalf("%s: no newline after %q", path, begin)
	}
	old := doc[start:j]
	if old == got {
		return
	}
	if Updating() {
		if err := os.WriteFile(path, []byte(doc[:start]+got+doc[j:]), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	t.Errorf("%s: the generated part differs (%s):\n%s", path, Hint, Diff(old, got))
}

// Diff lists the lines that differ, by line number: "-" what the golden
// file has, "+" what the test produced.
func Diff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	shown := 0
	for k := 0; k < max(len(w), len(g)); k++ {
		var wl, gl string
		if k < len(w) {
			wl = w[k]
		}
		if k < len(g) {
			gl = g[k]
		}
		if wl == gl {
			continue
		}
		if shown++; shown > 40 {
			fmt.Fprintf(&b, "… and more\n")
			break
		}
		fmt.Fprintf(&b, "line %d:\n-%s\n+%s\n", k+1, wl, gl)
	}
	return b.String()
}
