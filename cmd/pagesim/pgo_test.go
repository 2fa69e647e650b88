package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
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
	// Shorter than their files ask for: the profile wants their shape,
	// not their length.
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

// shortened copies a bench scenario with a twentieth of its runs (2000 →
// 100) or, for a sweep, two of its rates; it fails if the file has
// neither, so that the profile never quietly runs the full length.
func shortened(b *testing.B, dir, file string) string {
	data, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	text := string(data)
	runs := regexp.MustCompile(`(?m)^runs: (\d+)$`)
	short := runs.ReplaceAllStringFunc(text, func(line string) string {
		n, _ := strconv.Atoi(runs.FindStringSubmatch(line)[1])
		return fmt.Sprintf("runs: %d", max(1, n/20))
	})
	short = regexp.MustCompile(`(?m)^  network\.down: \[.*\]$`).ReplaceAllString(short, "  network.down: [256kbps, 5Mbps]")
	if short == text {
		b.Fatalf("%s: no runs: line or network.down sweep to shorten", file)
	}
	out := filepath.Join(dir, filepath.Base(file))
	if err := os.WriteFile(out, []byte(short), 0o644); err != nil {
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
