package scenarios

import (
	"fmt"
	"strings"
	"testing"
)

// BenchmarkParseSweep parses the default page swept over 1000 points
// (every point is decoded and validated) and expands it into 6000 jobs.
func BenchmarkParseSweep(b *testing.B) {
	src, err := ExampleSource("default")
	if err != nil {
		b.Fatal(err)
	}
	var rtts, downs []string
	for i := 1; i <= 40; i++ {
		rtts = append(rtts, fmt.Sprintf("%dms", 5*i))
	}
	for i := 1; i <= 25; i++ {
		downs = append(downs, fmt.Sprintf("%dkbps", 200*i))
	}
	text := strings.Replace(string(src), "  network.preset: [3gslow, cable]",
		"  network.rtt: ["+strings.Join(rtts, ", ")+"]\n  network.down: ["+strings.Join(downs, ", ")+"]", 1)
	b.ResetTimer()
	for b.Loop() {
		s, err := Parse("big.yaml", []byte(text))
		if err != nil {
			b.Fatal(err)
		}
		jobs, err := s.Jobs()
		if err != nil || len(jobs) != 6000 {
			b.Fatalf("%d jobs, %v", len(jobs), err)
		}
	}
}
