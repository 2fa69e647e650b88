package scenarios

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"pagesim/scenarios/internal/scaling"
)

// BenchmarkParseSweep parses the default page swept over 1000 points
// (every point is decoded and validated) and expands it into a job per
// point and strategy.
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
		if err != nil || len(jobs) != 1000*len(s.Strategies) {
			b.Fatalf("%d jobs, %v", len(jobs), err)
		}
	}
}

// chainPage is a scenario of n objects, each after the one before it,
// written deepest first: every object comes before its parent in the file.
func chainPage(n int) []byte {
	var b strings.Builder
	b.WriteString("name: chain\nstrategies: [browser]\npage:\n  objects:\n    - {id: o0, url: http://a.example/, size: 1KB}\n")
	for i := n - 1; i >= 1; i-- {
		fmt.Fprintf(&b, "    - {id: o%d, url: http://a.example/%d, size: 1KB, after: o%d}\n", i, i, i-1)
	}
	return []byte(b.String())
}

// BenchmarkParseManyObjects parses pages of 10 000 and 100 000 objects
// written before their parents (what an imported recording of a long
// chain of scripts looks like) and reports the cost per object of each and
// their ratio: near 1 for a linear loader (placing each object by a scan
// for the first ready one made the order quadratic).
func BenchmarkParseManyObjects(b *testing.B) {
	sizes := []int{10_000, 100_000}
	srcs := make([][]byte, len(sizes))
	for i, n := range sizes {
		srcs[i] = chainPage(n)
	}
	scaling.Benchmark(b, sizes, "object", func(i int) {
		s, err := Parse("chain.yaml", srcs[i])
		if err != nil {
			b.Fatal(err)
		}
		if got := len(s.points[0].cfg.Page.Objects); got != sizes[i] {
			b.Fatalf("%d objects, want %d", got, sizes[i])
		}
	})
}

// BenchmarkParseSweepBigPage parses docs/bench/page-1001.yaml swept over
// 100 round-trip times: the page is decoded once, not once per point.
func BenchmarkParseSweepBigPage(b *testing.B) {
	src, err := os.ReadFile("../docs/bench/page-1001.yaml")
	if err != nil {
		b.Fatal(err)
	}
	var rtts []string
	for i := 1; i <= 100; i++ {
		rtts = append(rtts, fmt.Sprintf("%dms", 10*i))
	}
	text := string(src) + "sweep: {network.rtt: [" + strings.Join(rtts, ", ") + "]}\n"
	for b.Loop() {
		if _, err := Parse("big.yaml", []byte(text)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1e6/float64(b.N)/100, "µs/point")
}

// BenchmarkLoadSweep1000 loads docs/bench/sweep-1000.yaml (1000 points ×
// 8 strategies of a 21-object page): the part of pagesim run before its
// first simulation, its points decoded on all cores whatever -j says.
func BenchmarkLoadSweep1000(b *testing.B) { benchLoad(b, "../docs/bench/sweep-1000.yaml", 1000) }

// BenchmarkLoadSweep100k: the 100 000-point docs/bench/sweep-100k.yaml,
// what each shard of a big study loads first (docs/scale.md); µs/point
// near BenchmarkLoadSweep1000's says loading stays linear in the points.
func BenchmarkLoadSweep100k(b *testing.B) { benchLoad(b, "../docs/bench/sweep-100k.yaml", 100_000) }

func benchLoad(b *testing.B, file string, points int) {
	for b.Loop() {
		sc, err := Load(file)
		if err != nil {
			b.Fatal(err)
		}
		if n := sc.NumJobs(); n%points != 0 {
			b.Fatalf("%d jobs: not a multiple of %d points", n, points)
		}
	}
	b.ReportMetric(b.Elapsed().Seconds()*1e6/float64(b.N)/float64(points), "µs/point")
}
