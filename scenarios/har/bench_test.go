package har

import (
	"os"
	"path/filepath"
	"testing"
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
