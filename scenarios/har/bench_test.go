package har

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"pagesim/scenarios/internal/scaling"
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

// duplicateURLs is a HAR of n entries that all fetch the same URL, one
// millisecond apart (a polling script, a beacon).
func duplicateURLs(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"log":{"version":"1.2","creator":{"name":"bench","version":"1"},"entries":[`)
	t0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"startedDateTime":%q,"time":1,"request":{"method":"GET","url":"https://a.example/poll"},"response":{"status":200,"bodySize":100},"timings":{"wait":1}}`,
			t0.Add(time.Duration(i)*time.Millisecond).Format(time.RFC3339Nano))
		b.WriteByte('\n')
	}
	b.WriteString("]}}")
	return b.Bytes()
}

// BenchmarkImportDuplicateURLs imports (Parse and WriteScenario, what
// `pagesim import-har` does) recordings of 10 000 and 100 000 entries of
// one URL, and reports the cost per entry of each and their ratio: near 1
// for a linear import (the id of every copy used to be searched from
// "poll-2" on, which made 10 000 copies take 8.6 s and 40 000 take 277 s).
func BenchmarkImportDuplicateURLs(b *testing.B) {
	sizes := []int{10_000, 100_000}
	data := make([][]byte, len(sizes))
	for i, n := range sizes {
		data[i] = duplicateURLs(n)
	}
	scaling.Benchmark(b, sizes, "entry", func(i int) {
		rec, err := Parse("dup.har", data[i], Options{})
		if err != nil {
			b.Fatal(err)
		}
		if err := WriteScenario(io.Discard, rec, "dup.har"); err != nil {
			b.Fatal(err)
		}
		if rec.Objects != sizes[i] {
			b.Fatalf("%d objects, want %d", rec.Objects, sizes[i])
		}
	})
}
