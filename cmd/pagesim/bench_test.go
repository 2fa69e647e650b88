package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Benchmarks of issue 14: the whole pagesim run — scenario, simulation,
// results.csv and results.json written (--no-plots) — on docs/bench's
// scenarios, in process. Run them with a fixed count, each iteration being
// a run of thousands of simulations:
//
//	go test ./cmd/pagesim -run '^$' -bench CLI -benchtime 3x
//
// The anchors are the figures for the same pages: ns-3 spends
// about 20 ms on the 101-object page (the workspace's ns-3.37 harness,
// cmd/ns3check/harness/pageload.cc, measured 20.3 ms of CPU on this
// project's machine; with ns-3 installed the benchmark measures it again
// in the same run instead, bench_ns3_test.go) and Lighthouse's Lantern
// about 25 ms on the 1 001-object page (the figure; with node and
// testdata/lantern installed the benchmark measures Lantern on the same
// page in the same run instead, bench_lantern_test.go).
const (
	ns3MsPerPage     = 20.0
	lanternMsPerPage = 25.0
)

// benchCLI runs pagesim run on a scenario file b.N times with -j workers
// and returns the wall time per simulation in milliseconds. Each run
// writes a new report directory, as a study does; the previous one is
// removed with the timer stopped. (Overwriting it instead puts the file
// system's freeing of the old 90 MB results.json into the run's commit —
// 0.15–0.25 s of docs/bench's runs here, the same at -j 1 and -j 2.)
//
// With more than one worker, every timed run is paired with a run at -j 1
// just before it (timed apart, outside the benchmark's timer), and the
// speedup metric is the ratio of the two: this machine's speed drifts by
// tens of per cent within minutes, and a ratio of runs seconds apart is
// steadier than one of two sub-benchmarks a minute apart.
func benchCLI(b *testing.B, file string, workers int, extra ...string) float64 {
	b.Helper()
	out := b.TempDir()
	sims := 0
	var serial time.Duration
	run := func(dir string, j int) {
		args := append([]string{"run", file, "-o", dir, "--no-plots", "-q", "-j", strconv.Itoa(j)}, extra...)
		if _, stderr, code := runCLI(args...); code != 0 {
			b.Fatalf("exit %d: %s", code, stderr)
		}
	}
	clean := func(dir string) {
		if err := os.RemoveAll(dir); err != nil {
			b.Fatal(err)
		}
	}
	for i := 0; b.Loop(); i++ {
		dir := filepath.Join(out, strconv.Itoa(i))
		if workers > 1 {
			b.StopTimer()
			t0 := time.Now()
			run(dir+"-j1", 1)
			serial += time.Since(t0)
			clean(dir + "-j1")
			b.StartTimer()
		}
		run(dir, workers)
		b.StopTimer()
		sims += countSims(b, dir)
		clean(dir)
		b.StartTimer()
	}
	msPerSim := b.Elapsed().Seconds() * 1000 / float64(sims)
	b.ReportMetric(msPerSim, "ms/sim")
	if serial > 0 {
		b.ReportMetric(serial.Seconds()/b.Elapsed().Seconds(), "speedup")
	}
	return msPerSim
}

// countSims counts the rows of a report's results.csv.
func countSims(b *testing.B, dir string) int {
	data, err := os.ReadFile(filepath.Join(dir, "results.csv"))
	if err != nil {
		b.Fatal(err)
	}
	return strings.Count(string(data), "\n") - 1
}

// benchWorkers runs f at -j 1 and -j 2; the -j 2 run reports its
// speed-up over -j 1 runs paired with its own (benchCLI).
func benchWorkers(b *testing.B, f func(b *testing.B, workers int)) {
	for _, j := range []int{1, 2} {
		b.Run(fmt.Sprintf("j=%d", j), func(b *testing.B) { f(b, j) })
	}
}

// BenchmarkCLIPage101: the 2 MB, 101-object page over 1.5 Mbps / 50 ms
// under browser (6 persistent connections), per simulated page through the
// CLI, and the ratio to ns-3 (×ns-3: how many times faster), ns-3 measured
// on the same page in the same run when it is installed (bench_ns3_test.go).
func BenchmarkCLIPage101(b *testing.B) {
	benchWorkers(b, func(b *testing.B, j int) {
		const file = "../../docs/bench/page-101.yaml"
		ns3, from := ns3PageMs(b, file, 21, ns3MsPerPage)
		ms := benchCLI(b, file, j)
		b.Logf("ns-3 baseline %.1f ms per page: %s", ns3, from)
		b.ReportMetric(ns3, "ns3-ms/page")
		b.ReportMetric(ns3/ms, "×ns-3")
	})
}

// BenchmarkCLIPage1001: the 1 001-object page over 1.5 Mbps / 100 ms, and
// the ratio to Lantern on the same page measured in the same run (without
// it, to the 25 ms, which does not move with this machine's
// speed) and, with ns-3 installed, to ns-3 on the same page in the same
// run.
func BenchmarkCLIPage1001(b *testing.B) {
	benchWorkers(b, func(b *testing.B, j int) {
		const file = "../../docs/bench/page-1001.yaml"
		ns3, from := ns3PageMs(b, file, 5, 0)
		lantern, lfrom := lanternPageMs(b, file, lanternMsPerPage)
		ms := benchCLI(b, file, j)
		b.Logf("Lantern baseline %.1f ms per page: %s", lantern, lfrom)
		b.ReportMetric(lantern, "lantern-ms/page")
		b.ReportMetric(lantern/ms, "×Lantern")
		if ns3 > 0 {
			b.Logf("ns-3 on this page %.0f ms: %s", ns3, from)
			b.ReportMetric(ns3/ms, "×ns-3")
		}
	})
}

// BenchmarkCLIPage1001Detail: the 1 001-object page at -j 2 with more
// and with less per-object detail in results.json than the default
// (--detail all, none; the default is charted), for the cost of the
// detail: all of it is 95 MB per 200 runs here, encoded by the workers
// and copied into the page cache by the collector.
func BenchmarkCLIPage1001Detail(b *testing.B) {
	for _, d := range []string{"all", "none"} {
		b.Run("detail="+d, func(b *testing.B) {
			const file = "../../docs/bench/page-1001.yaml"
			lantern, _ := lanternPageMs(b, file, lanternMsPerPage)
			ms := benchCLI(b, file, 2, "--detail", d)
			b.ReportMetric(lantern/ms, "×Lantern")
		})
	}
}

// BenchmarkCLISweep1000: docs/bench/sweep-1000.yaml (1000 points × 8
// strategies); the -j 2 run reports its speed-up over -j 1.
func BenchmarkCLISweep1000(b *testing.B) {
	benchWorkers(b, func(b *testing.B, j int) { benchCLI(b, "../../docs/bench/sweep-1000.yaml", j) })
}

// BenchmarkCLISweep1000Detail: the sweep at -j 2 with --detail all and
// none (results.json 90 MB and 8 MB, against the default's 3.5 MB), the
// paired -j 1 runs with them too, for how much of the speed-up the
// writing of results.json costs: at -j 1 the collector's writes, the
// kernel's copy into the page cache and the garbage collector run on the
// idle second core, and at -j 2 they take a share of the workers' two.
func BenchmarkCLISweep1000Detail(b *testing.B) {
	for _, d := range []string{"all", "none"} {
		b.Run("detail="+d, func(b *testing.B) {
			benchCLI(b, "../../docs/bench/sweep-1000.yaml", 2, "--detail", d)
		})
	}
}

// BenchmarkCLIMemory: the peak heap of pagesim run over a 10-object page
// with 20 000 and with 200 000 runs (--no-plots --detail none), sampled
// every 10 ms: streaming keeps it flat — the ten times larger study adds
// only its 12 bytes per run of load times (heap-200k/heap-20k near 1).
func BenchmarkCLIMemory(b *testing.B) {
	peaks := map[int]float64{}
	for _, runs := range []int{20_000, 200_000} {
		b.Run(fmt.Sprintf("runs=%d", runs), func(b *testing.B) {
			file := filepath.Join(b.TempDir(), "s.yaml")
			text := fmt.Sprintf("name: memory\nruns: %d\nnetwork: {preset: dsl, loss: 1%%}\nstrategies: [browser]\n"+
				"page: {generate: {count: 10, size: {dist: lognormal, median: 8KB, sigma: 1}, depth: 1}}\n", runs)
			if err := os.WriteFile(file, []byte(text), 0o644); err != nil {
				b.Fatal(err)
			}
			var peak uint64
			for b.Loop() {
				stop := sampleHeap(&peak)
				_, _, code := runCLI("run", file, "-o", filepath.Join(b.TempDir(), "r"), "--no-plots", "-q", "--detail", "none")
				stop()
				if code != 0 {
					b.Fatalf("exit %d", code)
				}
			}
			peaks[runs] = float64(peak) / 1e6
			b.ReportMetric(peaks[runs], "heap-MB")
			b.ReportMetric(b.Elapsed().Seconds()*1000/float64(b.N*runs), "ms/sim")
			if small := peaks[20_000]; runs == 200_000 && small > 0 {
				b.ReportMetric(peaks[runs]/small, "heap-200k/heap-20k")
			}
		})
	}
}

// sampleHeap records the largest HeapInuse into *peak until stop is
// called.
func sampleHeap(peak *uint64) (stop func()) {
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			*peak = max(*peak, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() { close(done); wg.Wait() }
}
