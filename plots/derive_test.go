package plots

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"pagesim/model"
)

// simulatedSweep is a two-point sweep of simulated loads, with stalls
// (lossy pipelining past Keep-Alive max) and many connections, its rows
// in the order given by order (point indices, each point's runs in turn).
func simulatedSweep(t *testing.T, order []int) *fixture {
	t.Helper()
	page := model.Page{Objects: []model.Object{{ID: "html", Scheme: "https", Host: "a.com", Path: "/", Size: 20 * model.KB, Parent: -1}}}
	for i := 1; i <= 8; i++ {
		page.Objects = append(page.Objects, model.Object{ID: fmt.Sprintf("o%d", i), Host: []string{"a.com", "cdn.com"}[i%2],
			Path: fmt.Sprintf("/%d", i), Size: 30 * model.KB, Parent: 0})
	}
	f := &fixture{Scenario: "derive", Params: []string{"network.loss"}}
	runs := map[int]int{}
	for _, p := range order {
		loss := []float64{0.02, 0.2}[p]
		for _, name := range []string{"serial", "browser", "pipelined"} {
			st, _ := model.StrategyByName(name)
			cfg := model.Config{Network: model.DefaultNetwork(), TCP: model.DefaultTCP(), Client: model.DefaultClient(),
				Server: model.DefaultServer(), Strategy: st, Page: page, Seed: uint64(3 + runs[p])}
			cfg.Network.Loss = loss
			cfg.Server.KeepAliveMax = 3
			cfg.Hosts = map[string]model.Host{"a.com": {TLS: model.TLS13, CertSize: 4 * model.KB}, "cdn.com": {DNS: 20 * time.Millisecond}}
			res, err := model.Simulate(cfg)
			if err != nil {
				t.Fatal(err)
			}
			f.Rows = append(f.Rows, Row{Point: []string{fmt.Sprint(loss)}, Strategy: name, Run: runs[p], Result: res})
		}
		runs[p]++
	}
	return f
}

// TestDerive: rows whose figures Derive computed beforehand (as pagesim
// run's workers do) give the same summary, results.json with and without
// detail and results.csv as rows that Add and the encoder derive
// themselves, whatever order the points' rows come in.
func TestDerive(t *testing.T) {
	for _, order := range [][]int{{0, 0, 1, 1}, {0, 1, 0, 1}, {1, 0, 0}} {
		plain := simulatedSweep(t, order)
		var stalls int
		derived := &fixture{Scenario: plain.Scenario, Params: plain.Params}
		for _, row := range plain.Rows {
			stalls += len(row.Result.Stalls)
			row.Derive()
			if row.figures == nil {
				t.Fatal("Derive left no figures")
			}
			derived.Rows = append(derived.Rows, row)
		}
		if stalls == 0 {
			t.Fatal("no stalls in the fixture: it tests nothing of the causes")
		}
		var want, got bytes.Buffer
		if err := WriteSummary(&want, plain.report(t)); err != nil {
			t.Fatal(err)
		}
		if err := WriteSummary(&got, derived.report(t)); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("order %v: summary with Derive differs:\n%s\nwant:\n%s", order, got.String(), want.String())
		}
		enc := NewRowEncoder(plain.Scenario, plain.Params)
		for i := range plain.Rows {
			for _, detail := range []bool{true, false} {
				if a, b := enc.AppendJSON(nil, derived.Rows[i], detail), enc.AppendJSON(nil, plain.Rows[i], detail); !bytes.Equal(a, b) {
					t.Errorf("order %v, row %d, detail %v: JSON with Derive\n%s\nwant\n%s", order, i, detail, a, b)
				}
			}
			if a, b := enc.AppendCSV(nil, derived.Rows[i]), enc.AppendCSV(nil, plain.Rows[i]); !bytes.Equal(a, b) {
				t.Errorf("order %v, row %d: CSV with Derive %q, want %q", order, i, a, b)
			}
		}
	}
}
