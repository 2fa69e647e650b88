package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"image/png"
	"io"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"pagesim/model"
	"pagesim/plots"
	"pagesim/scenarios"
)

// withFake runs the in-process tests on the fake simulator.
func withFake(t *testing.T) {
	t.Helper()
	old := simulate
	simulate = fakeSimulate
	t.Cleanup(func() { simulate = old })
}

func runCLI(args ...string) (stdout, stderr string, code int) {
	var o, e bytes.Buffer
	err := run(args, &o, &e)
	if err != nil {
		e.WriteString("pagesim: " + errorText(err) + "\n")
	}
	return o.String(), e.String(), exitCode(err)
}

func listDir(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range ents {
		names = append(names, e.Name())
	}
	return names
}

const smallScenario = `name: small
seed: 7
runs: 2
network: {rtt: 50ms, down: 1Mbps, up: 256kbps}
page:
  objects:
    - {id: html, url: http://example.com/, size: 20KB}
    - {url: http://example.com/a.css, size: 5KB, after: html}
    - {url: http://example.com/b.js, size: 15KB, after: html}
    - {url: http://example.com/c.png, size: 30KB, after: html}
strategies: [serial, persistent, browser]
sweep: {network.rtt: [20ms, 300ms]}
`

func writeScenario(t *testing.T, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "s.yaml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRunWritesReport(t *testing.T) {
	withFake(t)
	file := writeScenario(t, smallScenario)
	out := filepath.Join(t.TempDir(), "out")
	// Flags after the file, as users type them; every run's detail, so
	// that the report read back below can draw every chart.
	stdout, stderr, code := runCLI("run", file, "-o", out, "-j", "2", "--detail", "all")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}
	want := []string{
		"cwnd-browser.png", "cwnd-persistent.png", "cwnd-serial.png", "index.html", "load-time-box.png", "load-time-cdf.png", "load-time.png",
		"results.csv", "results.json", "summary.md", "sweep-network.rtt.png",
		"waterfall-browser.png", "waterfall-persistent.png", "waterfall-serial.png",
	}
	if got := listDir(t, out); !reflect.DeepEqual(got, want) {
		t.Errorf("report files = %q, want %q", got, want)
	}
	// index.html shows the scenario as written and the command line.
	page, err := os.ReadFile(filepath.Join(out, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<pre>name: small\nseed: 7\n", "<code>pagesim run " + file + " -o " + out + " -j 2 --detail all</code>", "<img src=\"data:image/png;base64,"} {
		if !bytes.Contains(page, []byte(want)) {
			t.Errorf("index.html lacks %q", want)
		}
	}
	// Every PNG decodes at its chart's size.
	rep := readReport(t, out)
	charts, err := plots.Charts(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		checkPNG(t, filepath.Join(out, c.Name+".png"), c.Width.Dots(96), c.Height.Dots(96))
	}
	// CSV: documented header, one row per point × strategy × run.
	recs := readCSV(t, filepath.Join(out, "results.csv"))
	wantHead := "scenario,network.rtt,strategy,run,load_time_ms,connections,packets_down,packets_up,bytes_down,bytes_up,retransmits,timeouts,retries,failed,destroyed_bytes,complete,incomplete,truncated,ttfb_ms"
	if got := strings.Join(recs[0], ","); got != wantHead {
		t.Errorf("CSV header\n got %s\nwant %s", got, wantHead)
	}
	if len(recs) != 1+2*3*2 {
		t.Errorf("%d CSV rows, want 12", len(recs)-1)
	}
	if recs[1][0] != "small" || recs[1][1] != "20ms" || recs[1][2] != "serial" || recs[1][3] != "0" {
		t.Errorf("first row %q", recs[1])
	}
	// Stdout: a header and one line per point × strategy.
	lines := strings.Split(strings.TrimRight(stdout, "\n"), "\n")
	if len(lines) != 1+2*3 {
		t.Errorf("stdout has %d lines, want 7:\n%s", len(lines), stdout)
	}
	if f := strings.Fields(lines[0]); !reflect.DeepEqual(f, []string{"network.rtt", "strategy", "load_ms", "min_ms", "max_ms", "connections", "retransmits", "failed"}) {
		t.Errorf("stdout header %q", f)
	}
	if !strings.Contains(stderr, "12 simulations") {
		t.Errorf("stderr lacks the closing message: %q", stderr)
	}
	// Only the focus runs traced cwnd.
	for _, row := range readRows(t, out) {
		if traced, focus := len(row.Result.Cwnd) > 0, row.Run == 0 && row.Point[0] == "20ms"; traced != focus {
			t.Errorf("%v %s run %d: traced cwnd = %v, want %v", row.Point, row.Strategy, row.Run, traced, focus)
		}
	}
}

func readReport(t *testing.T, dir string) *plots.Report {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := plots.ReadJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// readRows reads every row of the report in dir.
func readRows(t *testing.T, dir string) []plots.Row {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, "results.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	jr, err := plots.NewJSONReader(f)
	if err != nil {
		t.Fatal(err)
	}
	var rows []plots.Row
	for {
		row, err := jr.Next()
		if err == io.EOF {
			return rows
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return recs
}

func checkPNG(t *testing.T, path string, w, h float64) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Error(err)
		return
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Errorf("%s: %v", path, err)
		return
	}
	if s := img.Bounds().Size(); s.X != int(math.Ceil(w)) || s.Y != int(math.Ceil(h)) {
		t.Errorf("%s: %v, want %.0fx%.0f", path, s, math.Ceil(w), math.Ceil(h))
	}
}

func TestRunNoPlotsQuiet(t *testing.T) {
	withFake(t)
	file := writeScenario(t, smallScenario)
	out := filepath.Join(t.TempDir(), "out")
	_, stderr, code := runCLI("run", "-q", "--no-plots", "-o", out, file)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if stderr != "" {
		t.Errorf("-q: stderr = %q, want nothing", stderr)
	}
	if got, want := listDir(t, out), []string{"index.html", "results.csv", "results.json", "summary.md"}; !reflect.DeepEqual(got, want) {
		t.Errorf("--no-plots wrote %q, want %q", got, want)
	}
	for _, row := range readRows(t, out) {
		if len(row.Result.Cwnd) > 0 {
			t.Errorf("--no-plots: %s run %d traced cwnd; nothing draws it", row.Strategy, row.Run)
		}
	}
}

// commandRE matches the command line index.html shows.
var commandRE = regexp.MustCompile(` · <code>pagesim run [^<]*</code>`)

func TestRunDeterministicAcrossWorkers(t *testing.T) {
	withFake(t)
	file := writeScenario(t, smallScenario)
	var outs [2]string
	for i, j := range []string{"1", "2"} {
		outs[i] = filepath.Join(t.TempDir(), "out")
		if _, stderr, code := runCLI("run", file, "-q", "-o", outs[i], "-j", j); code != 0 {
			t.Fatalf("-j %s: exit %d: %s", j, code, stderr)
		}
	}
	for _, name := range []string{"results.csv", "results.json", "summary.md", "load-time.png", "waterfall-browser.png", "index.html"} {
		a, err1 := os.ReadFile(filepath.Join(outs[0], name))
		b, err2 := os.ReadFile(filepath.Join(outs[1], name))
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if name == "index.html" {
			// The page shows the command line, which names -j and -o:
			// nothing else may differ.
			a = commandRE.ReplaceAll(a, nil)
			b = commandRE.ReplaceAll(b, nil)
		}
		if !bytes.Equal(a, b) {
			t.Errorf("%s differs between -j 1 and -j 2", name)
		}
	}
}

func TestRunBadInputWritesNothing(t *testing.T) {
	withFake(t)
	for _, c := range []struct {
		name string
		args func(file string) []string
		yaml string
		want string
	}{
		{"unknown key", nil, "name: x\nnetwork: {rtt: 50ms, bogus: 1}\npage: {objects: [{id: html, url: http://e.com/, size: 1KB}]}\n", "bogus"},
		{"missing unit", nil, "name: x\nnetwork: {rtt: 50}\npage: {objects: [{id: html, url: http://e.com/, size: 1KB}]}\n", "network.rtt"},
		{"not YAML", nil, "name: [unclosed\n", "s.yaml"},
		{"-j 0", func(f string) []string { return []string{"run", f, "-j", "0"} }, smallScenario, "-j 0"},
		{"two files", func(f string) []string { return []string{"run", f, f} }, smallScenario, "one scenario file"},
		{"file and example", func(f string) []string { return []string{"run", f, "--example", "textbook"} }, smallScenario, "not both"},
		{"unknown flag", func(f string) []string { return []string{"run", f, "--frobnicate"} }, smallScenario, "frobnicate"},
		{"missing file", func(f string) []string { return []string{"run", f + ".missing"} }, smallScenario, "no such file"},
		{"a directory", func(f string) []string { return []string{"run", filepath.Dir(f)} }, smallScenario, "directory"},
		{"unknown example", func(f string) []string { return []string{"run", "--example", "nope"} }, smallScenario, "nope"},
		{"too many simulations", nil, strings.Replace(smallScenario, "runs: 2", "runs: 100000000", 1), "s.yaml:3:1: runs: 100000000 runs × 2 sweep points × 3 strategies = 600000000 simulations, more than the limit of 100000000"},
	} {
		file := writeScenario(t, c.yaml)
		out := filepath.Join(t.TempDir(), "out")
		args := []string{"run", file}
		if c.args != nil {
			args = c.args(file)
		}
		args = append(args, "-o", out)
		_, stderr, code := runCLI(args...)
		if code != 2 {
			t.Errorf("%s: exit %d, want 2 (stderr %q)", c.name, code, stderr)
		}
		if !strings.Contains(stderr, c.want) {
			t.Errorf("%s: stderr %q lacks %q", c.name, stderr, c.want)
		}
		if got := listDir(t, out); got != nil {
			t.Errorf("%s: bad input wrote %q", c.name, got)
		}
	}
}

func TestRunOutputIsAFile(t *testing.T) {
	withFake(t)
	file := writeScenario(t, smallScenario)
	out := filepath.Join(t.TempDir(), "out")
	os.WriteFile(out, []byte("x"), 0o644)
	if _, stderr, code := runCLI("run", file, "-o", out); code != 2 || !strings.Contains(stderr, "not a directory") {
		t.Errorf("exit %d, stderr %q; want 2 and 'not a directory'", code, stderr)
	}
}

func TestRunSimulationFailureWritesNothing(t *testing.T) {
	old := simulate
	simulate = failingSimulate
	defer func() { simulate = old }()
	out := filepath.Join(t.TempDir(), "out")
	_, stderr, code := runCLI("run", "--example", "textbook", "-o", out)
	if code != 1 || !strings.Contains(stderr, "did not finish") {
		t.Errorf("exit %d, stderr %q; want 1 and the simulator's error", code, stderr)
	}
	if got := listDir(t, out); got != nil {
		t.Errorf("a failed run wrote %q", got)
	}
}

func TestRunDefaultAndExample(t *testing.T) {
	withFake(t)
	for _, args := range [][]string{{"run"}, {"run", "--example", "satellite"}} {
		out := filepath.Join(t.TempDir(), "out")
		stdout, stderr, code := runCLI(append(args, "-q", "--no-plots", "-o", out)...)
		if code != 0 {
			t.Fatalf("%q: exit %d: %s", args, code, stderr)
		}
		if !strings.Contains(stdout, "browser") || len(listDir(t, out)) != 4 {
			t.Errorf("%q: stdout %q, files %q", args, stdout, listDir(t, out))
		}
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{
		{"-h"}, {"--help"}, {"help"}, {"help", "run"},
		{"run", "-h"}, {"run", "--help"}, {"validate", "-h"}, {"presets", "-h"},
		{"examples", "-h"}, {"import-har", "--help"}, {"version", "-h"},
	} {
		stdout, stderr, code := runCLI(args...)
		if code != 0 || stderr != "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, stderr)
		}
		if !strings.Contains(stdout, "Usage:") || !strings.Contains(stdout, "pagesim ") {
			t.Errorf("%q: help lacks a usage line:\n%s", args, stdout)
		}
		if args[0] != "-h" && args[0] != "--help" && args[0] != "help" && !strings.Contains(stdout, "Examples:") {
			t.Errorf("%q: help lacks examples:\n%s", args, stdout)
		}
	}
	for _, args := range [][]string{{}, {"frob"}, {"help", "frob"}} {
		if _, _, code := runCLI(args...); code != 2 {
			t.Errorf("%q: exit %d, want 2", args, code)
		}
	}
}

func TestValidate(t *testing.T) {
	good := writeScenario(t, smallScenario)
	bad1 := writeScenario(t, "name: x\nnetwork: {rtt: 50, down: fast}\npage: {objects: [{id: html, url: http://e.com/, size: 1KB}]}\n")
	bad2 := writeScenario(t, "name: y\nbogus: 1\npage: {objects: [{id: html, url: http://e.com/, size: 1KB}]}\n")
	stdout, stderr, code := runCLI("validate", good, bad1, bad2)
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(stdout, good+": ok: 12 simulations (2 points × 3 strategies × 2 runs)") {
		t.Errorf("stdout %q", stdout)
	}
	// Every error of every file, with its position.
	for _, want := range []string{bad1 + ":2:", "network.rtt", "network.down", bad2 + ":2:1: bogus", "2 of 3 files invalid"} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	// A million runs are counted, not expanded.
	million := writeScenario(t, strings.Replace(strings.Replace(smallScenario, "runs: 2", "runs: 1000000", 1),
		"strategies: [serial, persistent, browser]\nsweep: {network.rtt: [20ms, 300ms]}\n", "strategies: [browser]\n", 1))
	if stdout, stderr, code := runCLI("validate", million); code != 0 || !strings.Contains(stdout, "ok: 1000000 simulations (1 point × 1 strategy × 1000000 runs)") {
		t.Errorf("validate runs: 1000000: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, _, code := runCLI("validate"); code != 2 {
		t.Errorf("validate with no files: exit %d, want 2", code)
	}
	if stdout, _, code := runCLI("validate", good); code != 0 || !strings.Contains(stdout, "ok") {
		t.Errorf("validate good: exit %d, %q", code, stdout)
	}
}

// TestManyErrorsShown: validate and run print the first 50 problems of a
// file and count the rest (a file with 60 000 of them printed 60 000
// lines).
func TestManyErrorsShown(t *testing.T) {
	var b strings.Builder
	b.WriteString("page:\n  objects:\n    - {url: http://a.com/, size: 1KB}\n")
	for i := 0; i < 60; i++ {
		fmt.Fprintf(&b, "    - {url: http://a.com/%d, size: %d}\n", i, i+1) // no unit
	}
	file := writeScenario(t, b.String())
	for _, args := range [][]string{{"validate", file}, {"run", file, "-o", filepath.Join(t.TempDir(), "out")}} {
		_, stderr, code := runCLI(args...)
		lines := strings.Count(stderr, file+":")
		if code != 2 || lines != 50 || !strings.Contains(stderr, "… and 10 more problems (60 in all; fix these first)") {
			t.Errorf("%s: exit %d, %d problems shown; want 2 and the first 50 of 60 counted:\n%s", args[0], code, lines, stderr)
		}
	}
}

func TestPresetsExamplesVersion(t *testing.T) {
	stdout, _, code := runCLI("presets")
	if code != 0 || !strings.HasPrefix(stdout, "NAME") {
		t.Fatalf("presets: exit %d\n%s", code, stdout)
	}
	for _, want := range []string{"cable", "5Mbps", "1Mbps", "28ms", "WebPageTest \"Cable\" [1]", "[1] WebPageTest connectivity profile; packet-level RTT"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("presets lacks %q", want)
		}
	}
	// Every line fits 100 columns, and every preset has its line.
	for _, line := range strings.Split(stdout, "\n") {
		if n := utf8.RuneCountInString(line); n > 100 {
			t.Errorf("presets: a line of %d columns: %q", n, line)
		}
	}
	for _, p := range scenarios.Presets() {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(p.Name) + `\s+` + regexp.QuoteMeta(p.Down.String()) + `\s`).MatchString(stdout) {
			t.Errorf("presets: no line for %s", p.Name)
		}
	}
	stdout, _, code = runCLI("examples")
	if code != 0 || !strings.Contains(stdout, "default") || !strings.Contains(stdout, "satellite") {
		t.Errorf("examples: exit %d\n%s", code, stdout)
	}
	stdout, _, code = runCLI("examples", "satellite")
	if code != 0 || !strings.Contains(stdout, "name:") {
		t.Errorf("examples satellite: exit %d\n%s", code, stdout)
	}
	if _, _, code = runCLI("examples", "nope"); code != 2 {
		t.Errorf("examples nope: exit %d, want 2", code)
	}
	for _, args := range [][]string{{"version"}, {"--version"}, {"-version"}} {
		stdout, _, code = runCLI(args...)
		if code != 0 || !strings.HasPrefix(stdout, "pagesim ") || !strings.Contains(stdout, "go1.") {
			t.Errorf("%s: exit %d %q", args[0], code, stdout)
		}
	}
	if _, stderr, code := runCLI("rnu"); code != 2 || !strings.Contains(stderr, `unknown command "rnu"; did you mean run?`) {
		t.Errorf("rnu: exit %d %q", code, stderr)
	}
	if _, _, code = runCLI("presets", "extra"); code != 2 {
		t.Errorf("presets extra: exit %d, want 2", code)
	}
}

func TestImportHAR(t *testing.T) {
	hars, _ := filepath.Glob("testdata/*.har")
	if len(hars) == 0 {
		t.Fatal("no HAR in testdata")
	}
	// --keep-cached may follow the file.
	stdout, stderr, code := runCLI("import-har", mustAbs(t, hars[0]), "--keep-cached")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "page:") || !strings.Contains(stdout, "strategies:") {
		t.Errorf("import-har output:\n%s", stdout)
	}
	// The output is a scenario that validates and runs.
	file := writeScenario(t, stdout)
	if vout, verr, code := runCLI("validate", file); code != 0 {
		t.Errorf("imported scenario does not validate: %s%s", vout, verr)
	}
	withFake(t)
	if _, rerr, code := runCLI("run", file, "-q", "--no-plots", "-o", filepath.Join(t.TempDir(), "out")); code != 0 {
		t.Errorf("imported scenario does not run: %s", rerr)
	}
	// An odd recording (an aborted request, a negative timing, a port 0)
	// imports with warnings on stderr and a header that says what was
	// skipped, and the scenario loads, with the warnings again.
	odd := filepath.Join(t.TempDir(), "odd.har")
	os.WriteFile(odd, []byte(`{"log":{"creator":{"name":"WebPagetest"},"entries":[
{"startedDateTime":"2020-01-01T00:00:00Z","time":5,"request":{"url":"https://a.example/"},"response":{"status":200,"bodySize":100},"timings":{"wait":5,"receive":-3}},
{"startedDateTime":"2020-01-01T00:00:01Z","time":5,"request":{"url":"https://a.example/x.js"},"response":{"status":-2,"bodySize":0},"timings":{"wait":5}},
{"startedDateTime":"2020-01-01T00:00:02Z","time":5,"request":{"url":"https://a.example:0/y.js"},"response":{"status":200,"bodySize":9},"timings":{"wait":5}}]}}`), 0o644)
	stdout, stderr, code = runCLI("import-har", odd)
	if code != 0 || !strings.Contains(stderr, "warning: a negative timing other than -1") || !strings.Contains(stderr, "port 0 is not valid") ||
		!strings.Contains(stdout, "#   skipped: 1 × aborted") {
		t.Errorf("import-har of an odd recording: exit %d\nstderr %s\nstdout %s", code, stderr, stdout)
	}
	oddScenario := filepath.Join(filepath.Dir(odd), "odd.yaml")
	os.WriteFile(oddScenario, []byte("page: {har: odd.har}\n"), 0o644)
	if _, stderr, code := runCLI("validate", oddScenario); code != 0 || !strings.Contains(stderr, "odd.yaml:1:13: page.har: ") || !strings.Contains(stderr, "negative timing") {
		t.Errorf("validate of page: {har: odd.har}: exit %d, stderr %q; want 0 and the warnings", code, stderr)
	}
	notHAR := filepath.Join(t.TempDir(), "x.har")
	os.WriteFile(notHAR, []byte(`{"not": "har"}`), 0o644)
	if stdout, stderr, code := runCLI("import-har", notHAR); code != 2 || stdout != "" || !strings.Contains(stderr, "x.har") {
		t.Errorf("not a HAR: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	if _, _, code := runCLI("import-har"); code != 2 {
		t.Errorf("no file: exit %d, want 2", code)
	}
}

func mustAbs(t *testing.T, p string) string {
	a, err := filepath.Abs(p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestProgressBar(t *testing.T) {
	var b bytes.Buffer
	now := time.Unix(0, 0)
	clock := func() time.Time { return now }
	p := newProgressBar(&b, "jobs", clock)
	p.update(1, 10)
	if b.Len() != 0 {
		t.Errorf("drew before a second had passed: %q", b.String())
	}
	now = now.Add(1500 * time.Millisecond)
	p.update(5, 10)
	if got := b.String(); got != "\r[###############...............] 5/10 jobs  1.5s" {
		t.Errorf("bar = %q", got)
	}
	b.Reset()
	now = now.Add(10 * time.Millisecond)
	p.update(6, 10)
	if b.Len() != 0 {
		t.Errorf("redrew within 100ms: %q", b.String())
	}
	p.update(10, 10) // the last update always draws
	if !strings.Contains(b.String(), "10/10") {
		t.Errorf("final update not drawn: %q", b.String())
	}
	b.Reset()
	p.finish()
	if b.String() != "\r\033[K" {
		t.Errorf("finish = %q", b.String())
	}
	if isTerminal(&b) {
		t.Error("a buffer is not a terminal")
	}
}

// TestProgressLog: away from a terminal, a plain line every 5 seconds
// with the count, the percentage, the rate and the time left, and a
// closing line — nothing at all for a phase shorter than 5 seconds.
func TestProgressLog(t *testing.T) {
	var b bytes.Buffer
	now := time.Unix(0, 0)
	clock := func() time.Time { return now }
	p := newProgress(&b, false, "simulations", clock)
	p.update(10, 6000)
	now = now.Add(4 * time.Second)
	p.update(1000, 6000)
	if b.Len() != 0 {
		t.Errorf("wrote before 5 seconds: %q", b.String())
	}
	now = now.Add(2 * time.Second)
	p.update(1200, 6000)
	if got, want := b.String(), "pagesim: 1200/6000 simulations (20%), 200/s, ETA 24s\n"; got != want {
		t.Errorf("line %q, want %q", got, want)
	}
	b.Reset()
	now = now.Add(time.Second)
	p.update(1500, 6000)
	if b.Len() != 0 {
		t.Errorf("wrote again within 5 seconds: %q", b.String())
	}
	now = now.Add(23 * time.Second)
	p.update(6000, 6000)
	p.finish()
	if got, want := b.String(), "pagesim: 6000/6000 simulations in 30s\n"; got != want {
		t.Errorf("closing line %q, want %q", got, want)
	}
	b.Reset()
	q := newProgress(&b, false, "report files", clock)
	q.update(3, 3)
	q.finish()
	if b.Len() != 0 {
		t.Errorf("a quick phase wrote %q", b.String())
	}
}

func TestParseInterspersed(t *testing.T) {
	fs := newFlagSet("x")
	o := fs.String("o", "", "")
	q := fs.Bool("q", false, "")
	pos, err := parse(fs, []string{"a.yaml", "-o", "out", "b", "-q", "--", "-c"}, "", nil)
	if err != nil {
		t.Fatal(err)
	}
	if *o != "out" || !*q || !reflect.DeepEqual(pos, []string{"a.yaml", "b", "-c"}) {
		t.Errorf("o=%q q=%v pos=%q", *o, *q, pos)
	}
}

func TestFirstComment(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"# Hazard 5: full close (ch. 4).\n# More here. And more.\nname: x\n", "Hazard 5: full close (ch. 4)."},
		{"\n# One. Two.\n", "One."},
		{"name: x\n# late comment\n", ""},
		{"# " + strings.Repeat("word ", 30) + "\n", strings.Repeat("word ", 17) + "word…"},
	} {
		if got := firstComment([]byte(c.in)); got != c.want {
			t.Errorf("firstComment(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// TestRunDetail: --detail sets which rows of results.json carry their
// objects, connections and cwnd, charted when it is not given;
// results.csv, summary.md and the charts are the same whatever it is.
func TestRunDetail(t *testing.T) {
	withFake(t)
	file := writeScenario(t, smallScenario)
	files := map[string]map[string]string{}
	for _, detail := range []string{"all", "charted", "none", ""} {
		out := filepath.Join(t.TempDir(), "default"+detail)
		args := []string{"run", file, "-q", "-o", out}
		if detail != "" {
			args = append(args, "--detail", detail)
		}
		if _, stderr, code := runCLI(args...); code != 0 {
			t.Fatalf("--detail %q: exit %d: %s", detail, code, stderr)
		}
		for _, row := range readRows(t, out) {
			charted := row.Run == 0 && row.Point[0] == "20ms"
			want := detail == "all" || (detail == "charted" || detail == "") && charted
			if got := len(row.Result.Objects) > 0; got != want {
				t.Errorf("--detail %s: %v %s run %d has objects: %v, want %v", detail, row.Point, row.Strategy, row.Run, got, want)
			}
		}
		files[detail] = readDir(t, out)
	}
	if files[""]["results.json"] != files["charted"]["results.json"] {
		t.Error("results.json without --detail differs from --detail charted's")
	}
	for name, all := range files["all"] {
		for _, detail := range []string{"charted", "none", ""} {
			// results.json holds what --detail says; index.html quotes the
			// command line.
			if got := files[detail][name]; name != "results.json" && name != "index.html" && got != all {
				t.Errorf("--detail %s: %s differs from --detail all", detail, name)
			}
		}
	}
	if _, stderr, code := runCLI("run", file, "-q", "--detail", "some", "-o", t.TempDir()); code != 2 || !strings.Contains(stderr, "--detail some: expected all, charted or none") {
		t.Errorf("--detail some: exit %d, %q", code, stderr)
	}
}

// TestChartsFromSimulatingAgain: a report read from a results.json
// without detail keeps no run for the charts; simulating those runs again
// (simulateCharted) draws the very charts the run drew.
func TestChartsFromSimulatingAgain(t *testing.T) {
	withFake(t)
	file := writeScenario(t, smallScenario)
	out := filepath.Join(t.TempDir(), "out")
	if _, stderr, code := runCLI("run", file, "-q", "--detail", "none", "-o", out); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rep := readReport(t, out)
	if _, err := plots.Charts(rep); err == nil {
		t.Fatal("charts drawn without the runs they stand on")
	}
	sc, err := scenarios.Load(file)
	if err != nil {
		t.Fatal(err)
	}
	first, _ := sc.Job(0)
	s := study{sc: sc, firstPoint: first.Point, charts: true}
	n := 0
	count := func(cfg model.Config) (*model.Result, error) {
		n++
		if !cfg.TraceCwnd {
			t.Error("a charted run simulated again without tracing its cwnd")
		}
		return fakeSimulate(cfg)
	}
	if err := simulateCharted(rep, s.jobFor, count); err != nil {
		t.Fatal(err)
	}
	if n != 3 {
		t.Errorf("%d runs simulated again, want one per strategy (3)", n)
	}
	charts, err := plots.Charts(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range charts {
		var b bytes.Buffer
		if err := c.Render(&b, "png"); err != nil {
			t.Fatal(err)
		}
		want, err := os.ReadFile(filepath.Join(out, c.Name+".png"))
		if err != nil || !bytes.Equal(b.Bytes(), want) {
			t.Errorf("%s: differs from the run's (%v)", c.Name, err)
		}
	}
	// A result that is not the run's is refused.
	rep = readReport(t, out)
	wrong := func(cfg model.Config) (*model.Result, error) { cfg.Run++; return fakeSimulate(cfg) }
	if err := simulateCharted(rep, s.jobFor, wrong); err == nil || !strings.Contains(err.Error(), "not the same run") {
		t.Errorf("a different run was accepted: %v", err)
	}
}
