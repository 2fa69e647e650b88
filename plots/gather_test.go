package plots

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeLinesTo writes lines to a results.json at path in batches of
// batch lines with WriteLines, after first rows written one by one.
func writeLinesTo(t testing.TB, path string, lines [][]byte, first, batch int) []byte {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	jw, err := NewJSONWriter(f, "s", []string{"p"}, []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines[:first] {
		if err := jw.WriteEncoded(l); err != nil {
			t.Fatal(err)
		}
	}
	for rest := lines[first:]; len(rest) > 0; {
		n := min(batch, len(rest))
		if err := jw.WriteLines(rest[:n]); err != nil {
			t.Fatal(err)
		}
		rest = rest[n:]
	}
	if err := jw.Close(); err != nil {
		t.Fatal(err)
	}
	if _, ok := t.(*testing.B); ok {
		return nil
	}
	out, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestWriteLinesAsWriteEncoded: WriteLines writes a file the same bytes as
// WriteEncoded line by line, through the gather write (a regular file)
// and through the buffer (any other writer), whatever the batches: more
// buffers than one writev takes (IOV_MAX), empty lines, lines larger than
// the buffer, rows written one by one before and between.
func TestWriteLinesAsWriteEncoded(t *testing.T) {
	var lines [][]byte
	for i := range 1500 {
		n := (i * 7919) % 300
		switch i {
		case 3, 700:
			n = 0
		case 10:
			n = 3 << 20 // larger than the buffer
		}
		lines = append(lines, bytes.Repeat([]byte{'a' + byte(i%26)}, n))
	}
	var want bytes.Buffer
	jw, err := NewJSONWriter(&want, "s", []string{"p"}, []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range lines {
		if err := jw.WriteEncoded(l); err != nil {
			t.Fatal(err)
		}
	}
	if err := jw.Close(); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, c := range []struct{ first, batch int }{{0, 1500}, {0, 1}, {1, 7}, {5, 600}, {1499, 1}} {
		got := writeLinesTo(t, filepath.Join(dir, "r.json"), lines, c.first, c.batch)
		if !bytes.Equal(got, want.Bytes()) {
			t.Errorf("first %d, batches of %d: %d bytes, want %d (the same as WriteEncoded's)", c.first, c.batch, len(got), want.Len())
		}
	}
	// Through the buffer: not a regular file.
	var buf bytes.Buffer
	jw, err = NewJSONWriter(&buf, "s", []string{"p"}, []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	if jw.gather != nil {
		t.Fatal("a gather write to a bytes.Buffer")
	}
	if err := jw.WriteLines(lines); err != nil {
		t.Fatal(err)
	}
	if err := jw.Close(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(buf.Bytes(), want.Bytes()) {
		t.Errorf("through the buffer: %d bytes, want %d", buf.Len(), want.Len())
	}
}

// TestWriteLinesError: a gather write that fails (a file opened for
// reading only) returns the error, naming the file, and keeps returning it.
func TestWriteLinesError(t *testing.T) {
	path := filepath.Join(t.TempDir(), "r.json")
	if err := os.WriteFile(path, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	jw, err := NewJSONWriter(f, "s", nil, []string{"a"})
	if err != nil {
		t.Fatal(err)
	}
	if jw.gather == nil {
		t.Skip("no gather write on this system")
	}
	err = jw.WriteLines([][]byte{[]byte(`{}`)})
	if err == nil || !strings.Contains(err.Error(), path) {
		t.Fatalf("WriteLines to a read-only file: %v, want an error naming %s", err, path)
	}
	if err2 := jw.WriteLines([][]byte{[]byte(`{}`)}); err2 == nil {
		t.Error("a second WriteLines after an error: no error")
	}
}

// BenchmarkResultsJSON: 90 MB of results.json (8 000 rows of 11 KB, as
// docs/bench/sweep-1000.yaml writes) to a file, row by row through the
// buffer (WriteEncoded, what the writer of pagesim run's results did
// before) and in batches of a megabyte gathered in place (WriteLines); the
// metric gather/copy is the ratio of their times in the same run.
func BenchmarkResultsJSON(b *testing.B) {
	// Distinct lines, as the workers' buffers are: not one line hot in
	// the cache.
	const size = 11_200
	lines := make([][]byte, 8000)
	for i := range lines {
		lines[i] = bytes.Repeat([]byte{'a' + byte(i%26)}, size)
	}
	path := filepath.Join(b.TempDir(), "results.json")
	var copyNs float64
	for _, c := range []struct {
		name  string
		first int
	}{{"copy", len(lines)}, {"gather", 0}} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				writeLinesTo(b, path, lines, c.first, 93)
				// Not a cost of writing: the file's pages freed.
				b.StopTimer()
				if err := os.Remove(path); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
			ns := float64(b.Elapsed().Nanoseconds()) / float64(b.N)
			b.SetBytes(int64(len(lines) * (size + 2)))
			if c.name == "copy" {
				copyNs = ns
			} else if copyNs > 0 {
				b.ReportMetric(ns/copyNs, "gather/copy")
			}
		})
	}
}
