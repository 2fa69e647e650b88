package plots

import (
	"io"
	"testing"
	"time"
)

// benchReport is a 100-point sweep of a 40-object page under three
// strategies.
func benchReport() *Report {
	r := &Report{Scenario: "bench", Params: []string{"network.rtt"}}
	for i := 1; i <= 100; i++ {
		for _, s := range []string{"serial", "persistent", "browser"} {
			f := fake{objects: 40, conns: 1, rtt: time.Duration(i) * time.Millisecond, transfer: time.Millisecond, cwnd: true}
			switch s {
			case "serial":
				f.perObj = true
			case "browser":
				f.conns = 6
			}
			r.Rows = append(r.Rows, Row{Point: []string{(time.Duration(i) * time.Millisecond).String()}, Strategy: s, Result: f.result()})
		}
	}
	return r
}

func BenchmarkWriteJSON(b *testing.B) {
	r := benchReport()
	b.ResetTimer()
	for b.Loop() {
		if err := WriteJSON(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(r.Rows))/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkWriteSummary(b *testing.B) {
	r := benchReport()
	for b.Loop() {
		if err := WriteSummary(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkChartsPNG(b *testing.B) {
	r := benchReport()
	n := 0
	for b.Loop() {
		cs, err := Charts(r)
		if err != nil {
			b.Fatal(err)
		}
		for _, c := range cs {
			if err := c.Render(io.Discard, "png"); err != nil {
				b.Fatal(err)
			}
		}
		n += len(cs)
	}
	b.ReportMetric(b.Elapsed().Seconds()*1000/float64(n), "ms/chart")
}
