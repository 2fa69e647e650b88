package main

import (
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"pagesim/scenarios/golden"
)

// TestTour keeps the README's tour in step with the simulator: the claims
// its prose makes about the default scenario are checked against a fresh
// run, and its three charts are drawn by pagesim itself (PAGESIM_UPDATE=1
// copies them into docs/img; otherwise they must exist).
func TestTour(t *testing.T) {
	def, nvw := t.TempDir(), t.TempDir()
	if _, stderr, code := runCLI("run", "-o", def, "-q"); code != 0 {
		t.Fatalf("default scenario: exit %d: %s", code, stderr)
	}
	if _, stderr, code := runCLI("run", "--example", "narrow-vs-wide", "-o", nvw, "-q"); code != 0 {
		t.Fatalf("narrow-vs-wide: exit %d: %s", code, stderr)
	}
	load := loadTimes(t, filepath.Join(def, "results.csv"), "network.preset")
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("beats `browser` by about (\\d+) % on\\s+the wide link and (\\d+) % on the narrow one").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README: the tour's sentence on h2 against browser is gone; update this test with it")
	}
	for i, preset := range []string{"cable", "3gslow"} {
		b, h2, h3 := load[preset]["browser"], load[preset]["h2"], load[preset]["h3"]
		want, _ := strconv.Atoi(string(m[i+1]))
		if got := int(math.Round(100 * (b - h2) / b)); got != want {
			t.Errorf("%s: h2 beats browser by %d %%, the README says %d %%", preset, got, want)
		}
		if !(h2 < h3 && h3 < b) {
			t.Errorf("%s: h3 %.0f ms is not between h2 %.0f ms and browser %.0f ms, as the README says", preset, h3, h2, b)
		}
	}
	for _, c := range []struct{ src, dst string }{
		{filepath.Join(def, "load-time.png"), "tour-load-time.png"},
		{filepath.Join(nvw, "sweep-network.down.png"), "tour-sweep-down.png"},
		{filepath.Join(def, "waterfall-browser.png"), "tour-waterfall-browser.png"},
	} {
		dst := filepath.Join("..", "..", "docs", "img", c.dst)
		if golden.Updating() {
			data, err := os.ReadFile(c.src)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if st, err := os.Stat(dst); err != nil || st.Size() == 0 {
			t.Errorf("%s missing or empty (%s)", dst, golden.Hint)
		}
	}
}

// loadTimes reads results.csv into point → strategy → load time (ms).
func loadTimes(t *testing.T, path, param string) map[string]map[string]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	col := map[string]int{}
	for i, h := range rows[0] {
		col[h] = i
	}
	out := map[string]map[string]float64{}
	for _, r := range rows[1:] {
		v, err := strconv.ParseFloat(r[col["load_time_ms"]], 64)
		if err != nil {
			t.Fatalf("%s: load time %q", path, r[col["load_time_ms"]])
		}
		p := r[col[param]]
		if out[p] == nil {
			out[p] = map[string]float64{}
		}
		out[p][r[col["strategy"]]] = v
	}
	return out
}
