package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// h3LossScenario is a small HTTP/3 loss sweep: 30 simulations whose
// losses, retransmissions and timeouts all differ between runs.
const h3LossScenario = `name: h3-det
runs: 5
network: {rtt: 40ms, down: 5Mbps, up: 1Mbps}
page: {generate: {count: 30, size: {dist: lognormal, median: 8KB, sigma: 1.0}, hosts: 2, depth: 2}}
hosts: {host1.example: {zero_rtt: true}, host2.example: {h3: discover}}
h3: {qpack_table: 4KiB}
strategies: [browser, h3]
sweep: {network.loss: [1%, 3%, 8%]}
`

// TestH3Determinism: HTTP/3 runs with random loss give byte-identical
// results with one worker and with four.
func TestH3Determinism(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "h3.yaml")
	if err := os.WriteFile(file, []byte(h3LossScenario), 0o644); err != nil {
		t.Fatal(err)
	}
	var outs []string
	for _, j := range []string{"1", "4"} {
		out := filepath.Join(dir, "out"+j)
		if _, stderr, code := runCLI("run", file, "--no-plots", "-q", "-j", j, "-o", out); code != 0 {
			t.Fatalf("-j %s: exit %d: %s", j, code, stderr)
		}
		outs = append(outs, out)
	}
	for _, name := range []string{"results.csv", "results.json", "summary.md"} {
		a, err := os.ReadFile(filepath.Join(outs[0], name))
		if err != nil {
			t.Fatal(err)
		}
		b, _ := os.ReadFile(filepath.Join(outs[1], name))
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between -j 1 and -j 4", name)
		}
	}
}
