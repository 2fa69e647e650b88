package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps what failed.
type recorder struct {
	testing.TB
	errs []string
}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(f string, a ...any) { r.errs = append(r.errs, f) }

func TestDiff(t *testing.T) {
	d := Diff("a\nb\nc\n", "a\nB\nc\n")
	if !strings.Contains(d, "line 2:\n-b\n+B") || strings.Contains(d, "line 1") {
		t.Errorf("Diff = %q", d)
	}
	if Diff("x\n", "x\n") != "" {
		t.Errorf("equal texts differ")
	}
}

func TestFileAndSection(t *testing.T) {
	t.Setenv(Env, "") // whatever the run was asked to do
	dir := t.TempDir()
	p := filepath.Join(dir, "g.txt")
	os.WriteFile(p, []byte("one\n"), 0o644)
	r := &recorder{TB: t}
	File(r, p, []byte("one\n"))
	if len(r.errs) != 0 {
		t.Errorf("same content reported: %v", r.errs)
	}
	File(r, p, []byte("two\n"))
	if len(r.errs) != 1 {
		t.Errorf("different content not reported")
	}
	doc := filepath.Join(dir, "doc.md")
	os.WriteFile(doc, []byte("intro\n<!-- b -->\nold\n<!-- e -->\nend\n"), 0o644)
	r = &recorder{TB: t}
	Section(r, doc, "<!-- b -->", "<!-- e -->", "old\n")
	if len(r.errs) != 0 {
		t.Errorf("same section reported: %v", r.errs)
	}
	t.Setenv(Env, "1")
	Section(r, doc, "<!-- b -->", "<!-- e -->", "new\n")
	if got, _ := os.ReadFile(doc); string(got) != "intro\n<!-- b -->\nnew\n<!-- e -->\nend\n" {
		t.Errorf("rewritten doc = %q", got)
	}
}
