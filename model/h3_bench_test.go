package model

import (
	"testing"
	"time"
)

// BenchmarkPage101H3 is the 101-object, 2 MB page of BenchmarkPage101
// over HTTP/3 and over the browser preset, alternately in each iteration:
// the wall time of each per simulated page, engine events per second over
// HTTP/3, and the ratio of the two costs.
//
//	go test -bench Page101H3 -benchmem -run '^$' ./model/ -count 3
func BenchmarkPage101H3(b *testing.B) {
	cfgH3, cfgBr := benchConfig(101, strat("h3")), benchConfig(101, strat("browser"))
	var tH3, tBr time.Duration
	var events uint64
	for b.Loop() {
		start := time.Now()
		res, err := Simulate(cfgH3)
		if err != nil || !res.Complete {
			b.Fatalf("h3: %v %s", err, res.IncompleteDetail)
		}
		tH3 += time.Since(start)
		events += res.Events
		start = time.Now()
		if res, err := Simulate(cfgBr); err != nil || !res.Complete {
			b.Fatalf("browser: %v", err)
		}
		tBr += time.Since(start)
	}
	b.ReportMetric(float64(tH3.Nanoseconds())/float64(b.N), "ns/page-h3")
	b.ReportMetric(float64(tBr.Nanoseconds())/float64(b.N), "ns/page-browser")
	b.ReportMetric(float64(tH3)/float64(tBr), "h3/browser")
	b.ReportMetric(float64(events)/tH3.Seconds(), "events/s-h3")
}
