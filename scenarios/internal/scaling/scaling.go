// Package scaling measures how the cost of an operation grows with the
// size of its input, for benchmarks that must show a near-linear cost: it
// reports the cost per item at each size and the ratio of the largest to
// the smallest (about 1 when the cost is linear, the size ratio when it is
// quadratic).
package scaling

import (
	"fmt"
	"testing"
	"time"
)

// Benchmark runs op(i) for every size sizes[i] in each iteration of b and
// reports "ns/UNIT@Nk" for each size and "ratio-Nk/Mk" for the largest
// over the smallest. unit names an item ("entry", "object").
func Benchmark(b *testing.B, sizes []int, unit string, op func(i int)) {
	per := make([]time.Duration, len(sizes))
	for b.Loop() {
		for i, n := range sizes {
			start := time.Now()
			op(i)
			per[i] += time.Since(start) / time.Duration(n)
		}
	}
	for i, n := range sizes {
		b.ReportMetric(float64(per[i].Nanoseconds())/float64(b.N), fmt.Sprintf("ns/%s@%s", unit, k(n)))
	}
	last := len(sizes) - 1
	b.ReportMetric(float64(per[last])/float64(per[0]), fmt.Sprintf("ratio-%s/%s", k(sizes[last]), k(sizes[0])))
}

func k(n int) string {
	if n%1000 == 0 {
		return fmt.Sprintf("%dk", n/1000)
	}
	return fmt.Sprint(n)
}
