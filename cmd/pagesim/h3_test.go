package main

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestH3Determinism: the HTTP/3 loss sweep (200 simulations with random
// loss) gives byte-identical results with one worker and with four.
func TestH3Determinism(t *testing.T) {
	var outs []string
	for _, j := range []string{"1", "4"} {
		out := filepath.Join(t.TempDir(), "out")
		if _, stderr, code := runCLI("run", "--example", "h3-vs-h2-loss", "--no-plots", "-q", "-j", j, "-o", out); code != 0 {
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
