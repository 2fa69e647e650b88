package main

import (
	"bytes"
	"encoding/csv"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestReplay: pagesim replay prints the recorded and the replayed load
// time with the error, the largest divergences first, and with -o writes
// the side-by-side waterfall, every object's times and the imported
// scenario.
func TestReplay(t *testing.T) {
	har := filepath.Join("..", "..", "scenarios", "har", "testdata", "etat-lu.har")
	dir := t.TempDir()
	out, errOut, code := runCLI("replay", har, "-o", dir, "-n", "5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	m := regexp.MustCompile(`onLoad:   670\.4 ms recorded, ([0-9.]+) ms replayed under as-recorded: ([-+][0-9.]+) %`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("no onLoad line in:\n%s", out)
	}
	sim, _ := strconv.ParseFloat(m[1], 64)
	pct, _ := strconv.ParseFloat(m[2], 64)
	if d := 100*(sim/670.4-1) - pct; d > 0.1 || d < -0.1 {
		t.Errorf("error %+.1f %% for %.1f ms against 670.4 ms", pct, sim)
	}
	// Five rows, the largest divergence first.
	var divs []float64
	for _, l := range strings.Split(out, "\n") {
		f := strings.Fields(l)
		if _, err := strconv.Atoi(f0(f)); err == nil && len(f) == 9 {
			rs, _ := strconv.ParseFloat(f[3], 64)
			ss, _ := strconv.ParseFloat(f[4], 64)
			re, _ := strconv.ParseFloat(f[6], 64)
			se, _ := strconv.ParseFloat(f[7], 64)
			divs = append(divs, max(abs(ss-rs), abs(se-re)))
		}
	}
	if len(divs) != 5 {
		t.Fatalf("%d object rows, want 5:\n%s", len(divs), out)
	}
	for i := 1; i < len(divs); i++ {
		if divs[i] > divs[i-1]+0.11 {
			t.Errorf("row %d diverges %.1f ms, more than row %d (%.1f ms): want the largest first", i, divs[i], i-1, divs[i-1])
		}
	}
	data, err := os.ReadFile(filepath.Join(dir, "replay-as-recorded.png"))
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil || img.Bounds().Dx() <= img.Bounds().Dy() {
		t.Errorf("the waterfalls: %v, %v; want a PNG wider than tall (two charts side by side)", err, img.Bounds())
	}
	f, err := os.Open(filepath.Join(dir, "objects.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil || len(rows) != 23 || rows[0][0] != "index" || rows[1][1] != "www.etat.lu" {
		t.Errorf("objects.csv: %d rows (%v), want a header and 22 objects in page order", len(rows), err)
	}
	y, err := os.ReadFile(filepath.Join(dir, "scenario.yaml"))
	if err != nil || !bytes.Contains(y, []byte("as-recorded")) {
		t.Errorf("scenario.yaml: %v, want the imported scenario", err)
	}
	if _, errOut, code := runCLI("validate", filepath.Join(dir, "scenario.yaml")); code != 0 {
		t.Errorf("the written scenario does not validate: %s", errOut)
	}
}

func f0(f []string) string {
	if len(f) == 0 {
		return ""
	}
	return f[0]
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestReplayErrors: bad input is exit 2 with a message naming it.
func TestReplayErrors(t *testing.T) {
	har := filepath.Join("..", "..", "scenarios", "har", "testdata", "etat-lu.har")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"replay"}, "exactly one HAR file"},
		{[]string{"replay", "nope.har"}, "nope.har"},
		{[]string{"replay", har, "-n", "-1"}, "-n -1"},
		{[]string{"replay", har, "--strategy", "fastest"}, `"fastest": not a strategy preset`},
	} {
		_, errOut, code := runCLI(c.args...)
		if code != 2 || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, %q; want 2 and a message with %q", c.args, code, errOut, c.want)
		}
	}
}
