package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"pagesim/plots"
	"pagesim/scenarios"
)

func TestChartPointsFlag(t *testing.T) {
	sweep := []scenarios.Param{
		{Path: "network.rtt", Values: []string{"20ms", "100ms"}},
		{Path: "network.preset", Values: []string{"cable", "3gslow"}},
		{Path: "server.think", Values: []string{"0ms", "100ms"}},
	}
	for _, c := range []struct {
		spec string
		want plots.ChartPoints
		err  string
	}{
		{"first", plots.ChartPoints{}, ""},
		{"", plots.ChartPoints{}, ""},
		{"all", plots.ChartPoints{All: true}, ""},
		{"cable", plots.ChartPoints{Match: map[string]string{"network.preset": "cable"}}, ""},
		{"cable,20ms", plots.ChartPoints{Match: map[string]string{"network.preset": "cable", "network.rtt": "20ms"}}, ""},
		{"network.rtt=100ms", plots.ChartPoints{Match: map[string]string{"network.rtt": "100ms"}}, ""},
		{"100ms", plots.ChartPoints{}, `"100ms" is a value of network.rtt and server.think; say which, e.g. network.rtt=100ms`},
		{"cabel", plots.ChartPoints{}, `no swept parameter has the value "cabel"; did you mean cable?`},
		{"tcp.cc=cubic", plots.ChartPoints{}, "tcp.cc is not swept (swept: network.rtt (20ms, 100ms), network.preset (cable, 3gslow), server.think (0ms, 100ms))"},
		{"cable,3gslow", plots.ChartPoints{}, "two values of network.preset (cable and 3gslow)"},
	} {
		got, err := chartPoints(c.spec, sweep)
		switch {
		case c.err != "":
			if err == nil || !strings.Contains(err.Error(), c.err) || exitCode(err) != 2 {
				t.Errorf("%q: %v (exit %d), want an error saying %q", c.spec, err, exitCode(err), c.err)
			}
		case err != nil:
			t.Errorf("%q: %v", c.spec, err)
		case !reflect.DeepEqual(got, c.want):
			t.Errorf("%q: %+v, want %+v", c.spec, got, c.want)
		}
	}
	if _, err := chartPoints("cable", nil); err == nil || !strings.Contains(err.Error(), "sweeps nothing") {
		t.Errorf("a point of an unswept scenario: %v", err)
	}
}

// TestRunCharts: --charts all draws every point's waterfalls, a point's
// own are named by its values, and with several runs each waterfall says
// it shows the run closest to the median.
func TestRunCharts(t *testing.T) {
	withFake(t)
	file := writeScenario(t, smallScenario)
	out := filepath.Join(t.TempDir(), "out")
	if _, stderr, code := runCLI("run", file, "-q", "-o", out, "--charts", "all"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, name := range []string{"waterfall-browser.png", "waterfall-browser@300ms.png", "cwnd-serial@300ms.png"} {
		if _, err := os.Stat(filepath.Join(out, name)); err != nil {
			t.Errorf("--charts all: %v", err)
		}
	}
	out2 := filepath.Join(t.TempDir(), "out")
	if _, stderr, code := runCLI("run", file, "-q", "-o", out2, "--charts", "300ms"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := listDir(t, out2)
	if !contains(got, "waterfall-serial@300ms.png") || contains(got, "waterfall-serial.png") {
		t.Errorf("--charts 300ms wrote %q", got)
	}
	if _, stderr, code := runCLI("run", file, "-q", "-o", filepath.Join(t.TempDir(), "x"), "--charts", "30ms"); code != 2 || !strings.Contains(stderr, "did you mean 20ms?") {
		t.Errorf("--charts 30ms: exit %d %q", code, stderr)
	}
}

func contains(ss []string, s string) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// TestRecordedMarks: what a recording measured reaches the report's
// marks, which the waterfalls draw.
func TestRecordedMarks(t *testing.T) {
	withFake(t)
	sc, err := scenarios.Parse("s.yaml", []byte("page: {objects: [{url: http://a.com/, size: 1KB}], recorded: {dom_content_loaded: 400ms, onload: 900ms}}\nstrategies: [serial]\n"))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := newReport(sc, reportParams(sc), nil, plots.ChartPoints{})
	if err != nil {
		t.Fatal(err)
	}
	want := []plots.Mark{{Name: "recorded DOMContentLoaded", At: 400e6}, {Name: "recorded onLoad", At: 900e6}}
	if !reflect.DeepEqual(rep.Marks, want) {
		t.Errorf("marks %+v, want %+v", rep.Marks, want)
	}
}
