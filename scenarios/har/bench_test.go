package har

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// BenchmarkParse parses the largest recording (1.3 MB, WebPageTest).
func BenchmarkParse(b *testing.B) {
	data, err := os.ReadFile(filepath.Join("testdata", "wikipedia-obama-wpt-chrome.har"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Parse("wpt.har", data, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}

// TestParseFast guards the "well under 100 ms for the 1.3 MB file" budget
// with a generous margin for slow, shared machines.
func TestParseFast(t *testing.T) {
	if testing.Short() {
		t.Skip("timing test")
	}
	data, err := os.ReadFile(filepath.Join("testdata", "wikipedia-obama-wpt-chrome.har"))
	if err != nil {
		t.Fatal(err)
	}
	best := time.Hour
	for range 3 {
		start := time.Now()
		if _, err := Parse("wpt.har", data, Options{}); err != nil {
			t.Fatal(err)
		}
		best = min(best, time.Since(start))
	}
	if best > 100*time.Millisecond {
		t.Errorf("Parse of %d bytes took %v, want well under 100ms", len(data), best)
	}
}
