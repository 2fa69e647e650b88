package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"pagesim/scenarios"
)

// default.pgo in this directory is a CPU profile of pagesim's usual work,
// which the Go toolchain uses for profile-guided optimization whenever it
// builds this command (go build, go install, go test; -pgo=auto is the
// default since Go 1.21): it inlines the hot calls of the packet path and
// devirtualizes the interface calls that nearly always reach one type (a
// link stage, a packet's receiver, a connection's application). Measured
// when it was added: 9 % fewer instructions per 101-object page (6.47 M →
// 5.86 M, callgrind) and 8 % on the 1 001-object page; results are the
// same bit for bit, since PGO changes what is inlined, not what is
// computed (amd64 fuses no floating-point operations).
//
// BenchmarkProfileWorkload is the workload of that profile: every embedded
// example, docs/bench's pages and sweep, and a HAR replay, each through
// pagesim run --no-plots. Regenerate the profile after large changes to the
// packet path with
//
//	go test ./cmd/pagesim -run '^$' -bench ProfileWorkload -benchtime 10x -cpuprofile cmd/pagesim/default.pgo
//
// (a stale profile costs only the optimization, never correctness).
func BenchmarkProfileWorkload(b *testing.B) {
	dir := b.TempDir()
	var runs [][]string
	for _, name := range scenarios.Examples() {
		runs = append(runs, []string{"--example", name})
	}
	// Fewer runs of the bench pages than their files ask for: the profile
	// wants their shape, not their length.
	for _, f := range []string{"page-101.yaml", "page-1001.yaml", "sweep-1000.yaml"} {
		runs = append(runs, []string{shortened(b, dir, filepath.Join("../../docs/bench", f))})
	}
	har := filepath.Join(dir, "etat-lu.yaml")
	if _, stderr, code := runCLIToFile(har, "import-har", "testdata/etat-lu.har"); code != 0 {
		b.Fatalf("import-har: exit %d: %s", code, stderr)
	}
	runs = append(runs, []string{har})
	for b.Loop() {
		for _, r := range runs {
			args := append([]string{"run"}, r...)
			args = append(args, "-o", filepath.Join(dir, "r"), "--no-plots", "-q", "-j", "1")
			if _, stderr, code := runCLI(args...); code != 0 && code != 3 {
				b.Fatalf("%v: exit %d: %s", args, code, stderr)
			}
		}
	}
}

// shortened copies a bench scenario with at most 100 runs and a tenth of
// a sweep's first axis.
func shortened(b *testing.B, dir, file string) string {
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	text = strings.Replace(text, "runs: 2000", "runs: 100", 1)
	text = strings.Replace(text, "runs: 200", "runs: 10", 1)
	text = strings.Replace(text, "network.down: [56kbps, 128kbps, 256kbps, 512kbps, 1Mbps, 2Mbps, 5Mbps, 10Mbps, 20Mbps, 50Mbps]", "network.down: [256kbps, 5Mbps]", 1)
	out := filepath.Join(dir, filepath.Base(file))
	if err := os.WriteFile(out, []byte(text), 0o644); err != nil {
		b.Fatal(err)
	}
	return out
}

// runCLIToFile runs pagesim with its standard output going to file.
func runCLIToFile(file string, args ...string) (string, string, int) {
	stdout, stderr, code := runCLI(args...)
	if code == 0 {
		if err := os.WriteFile(file, []byte(stdout), 0o644); err != nil {
			return "", err.Error(), 1
		}
	}
	return stdout, stderr, code
}
