package plots

import (
	"fmt"
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
// BenchmarkReportAdd: adding rows to a report, the work of pagesim run's
// collector for each row besides writing it; derived: the rows' figures
// computed beforehand (Row.Derive, on pagesim run's workers).
func BenchmarkReportAdd(b *testing.B) {
	plain := benchReport()
	derived := &fixture{Scenario: plain.Scenario, Params: plain.Params}
	for _, row := range plain.Rows {
		row.Derive()
		derived.Rows = append(derived.Rows, row)
	}
	for _, c := range []struct {
		name string
		f    *fixture
	}{{"plain", plain}, {"derived", derived}} {
		b.Run(c.name, func(b *testing.B) {
			n := 0
			for b.Loop() {
				r, err := c.f.build()
				if err != nil {
					b.Fatal(err)
				}
				n += r.Len()
			}
			b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "rows/s")
		})
	}
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

// sweep1000Report is shaped like docs/bench/sweep-1000.yaml's report: 1000
// points of three parameters × 8 strategies, one run each, of a 21-object
// page — 8000 cells, one row each in the table and the HTML report.
func sweep1000Report(b *testing.B) *Report {
	r := &fixture{Scenario: "sweep", Params: []string{"network.down", "network.rtt", "tcp.initcwnd"}}
	strategies := []string{"serial", "parallel", "keepalive", "persistent", "pipelined", "browser", "h2", "h3"}
	for i := range 1000 {
		rtt := time.Duration(10+i%10*7) * time.Millisecond
		point := []string{fmt.Sprintf("%dkbps", 56<<(i/100%10)), rtt.String(), fmt.Sprint(1 + i/10%10)}
		for k, s := range strategies {
			f := fake{objects: 21, conns: 1 + k%6, perObj: k == 0, rtt: rtt, transfer: time.Duration(1+k) * time.Millisecond}
			r.Rows = append(r.Rows, Row{Point: point, Strategy: s, Result: f.result()})
		}
	}
	return r.report(b)
}

// BenchmarkSweepText: what pagesim run does after docs/bench/sweep-1000's
// simulations and before it exits, without charts: summary.md, index.html
// and the table on standard output. None of it is shared among workers
// (pagesim run writes the files in parallel, but index.html is the
// longest), so it is a floor under any -j's time.
func BenchmarkSweepText(b *testing.B) {
	r := sweep1000Report(b)
	for _, c := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{"summary", func(w io.Writer) error { return WriteSummary(w, r) }},
		{"html", func(w io.Writer) error { return WriteHTML(w, r, HTMLPage{}) }},
		{"table", func(w io.Writer) error { return WriteTable(w, r) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				if err := c.write(io.Discard); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
