package plots

import (
	"io"
	"testing"
	"time"
)

// benchReport is a 100-point sweep of a 40-object page under three
// strategies.
func benchReport() *fixture {
	r := &fixture{Scenario: "bench", Params: []string{"network.rtt"}}
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
	f := benchReport()
	b.ResetTimer()
	for b.Loop() {
		jw, err := NewJSONWriter(io.Discard, f.Scenario, f.Params, f.strategies())
		if err != nil {
			b.Fatal(err)
		}
		for _, row := range f.Rows {
			if err := jw.Write(row, true); err != nil {
				b.Fatal(err)
			}
		}
		if err := jw.Close(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N*len(f.Rows))/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkReportAdd: folding rows into the aggregates.
func BenchmarkReportAdd(b *testing.B) {
	f := benchReport()
	n := 0
	for b.Loop() {
		r := f.report(b)
		n += r.Len()
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkWriteSummary(b *testing.B) {
	r := benchReport().report(b)
	for b.Loop() {
		if err := WriteSummary(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkChartsPNG(b *testing.B) {
	r := benchReport().report(b)
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
