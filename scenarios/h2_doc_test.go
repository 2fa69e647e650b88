package scenarios_test

import (
	"bytes"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"pagesim/model"
	"pagesim/plots"
	"pagesim/scenarios/golden"
)

// docs/h2.md compares HTTP/2 with six HTTP/1.1 connections with the
// numbers and charts of the h2-*.yaml examples. Its tables are generated
// from the simulator and checked here, its charts must exist; go test
// ./scenarios -run H2Doc with PAGESIM_UPDATE=1 (package golden) rewrites
// the tables and redraws the charts in docs/img/.

const h2Doc = "../docs/h2.md"

var (
	// <!-- h2chart: EXAMPLE CHART POINT RUN FILE -->: the chart named CHART
	// (a plots.Charts name) of the example's runs at POINT (comma-separated
	// values, or "-" for every point) and RUN ("-" for every run).
	h2ChartMarker = regexp.MustCompile(`<!-- h2chart: (\S+) (\S+) (\S+) (\S+) (\S+) -->\n!\[[^\]]*\]\(([^)]+)\)`)
)

// h2Tables are the generators of docs/h2.md's tables, by name.
var h2Tables = map[string]func(t *testing.T) string{
	"rtt-gain":       h2RTTGainTable,
	"loss-crossover": h2LossTable,
	"crossover":      h2CrossoverSentence,
	"priorities":     h2PrioritiesTable,
	"goaway-race":    h2GoAwayTable,
	"vs-pipelining":  h2PipeliningTable,
}

// TestH2Doc keeps docs/h2.md in step with the simulator: each table is
// what the examples yield now, every table the generators make is in the
// doc, and every chart it shows exists (redrawn with PAGESIM_UPDATE=1).
func TestH2Doc(t *testing.T) {
	raw, err := os.ReadFile(h2Doc)
	if err != nil {
		t.Fatalf("read %s: %v", h2Doc, err)
	}
	doc := string(raw)
	names := make([]string, 0, len(h2Tables))
	for name := range h2Tables {
		names = append(names, name)
	}
	sort.Strings(names)
	doc, failed := docTables(t, h2Doc, doc, "h2table", names, func(name string) string {
		return h2Tables[name](t)
	})
	charts := h2ChartMarker.FindAllStringSubmatch(doc, -1)
	if len(charts) == 0 {
		failed = append(failed, h2Doc+": no <!-- h2chart: … --> markers")
	}
	for _, c := range charts {
		name, chart, point, run, file, link := c[1], c[2], c[3], c[4], c[5], c[6]
		if link != file {
			failed = append(failed, fmt.Sprintf("%s: chart marker names %s but the image links %s", h2Doc, file, link))
			continue
		}
		failed = append(failed, docChart(t, h2Doc, file, func() ([]byte, error) {
			return h2Chart(t, name, chart, point, run)
		})...)
	}
	finishDoc(t, h2Doc, doc, failed)
}

// docChart redraws the chart file of doc (a path relative to the doc)
// with draw when updating (package golden); otherwise it reports the chart
// if it is missing or empty.
func docChart(t *testing.T, doc, file string, draw func() ([]byte, error)) []string {
	t.Helper()
	path := filepath.Join(filepath.Dir(doc), filepath.FromSlash(file))
	if golden.Updating() {
		png, err := draw()
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		return nil
	}
	if st, err := os.Stat(path); err != nil || st.Size() == 0 {
		return []string{fmt.Sprintf("%s: chart %s missing or empty (%s)", doc, path, golden.Hint)}
	}
	return nil
}

// docTables checks the generated tables of doc (text, read from path):
// <!-- KIND: NAME --> … <!-- end table --> for each of names, whose text
// gen gives. It returns the text with every table regenerated and what
// is wrong: a table that differs, one of an unknown name, one missing.
func docTables(t *testing.T, path, text, kind string, names []string, gen func(name string) string) (string, []string) {
	t.Helper()
	marker := regexp.MustCompile(`(?s)<!-- ` + regexp.QuoteMeta(kind) + `: (\S+) -->\n(.*?)<!-- end table -->`)
	known := map[string]bool{}
	for _, n := range names {
		known[n] = true
	}
	seen := map[string]bool{}
	var failed []string
	text = marker.ReplaceAllStringFunc(text, func(m string) string {
		sub := marker.FindStringSubmatch(m)
		name, got := sub[1], sub[2]
		if !known[name] {
			failed = append(failed, fmt.Sprintf("%s: unknown table %q", path, name))
			return m
		}
		seen[name] = true
		want := gen(name)
		if got != want {
			failed = append(failed, fmt.Sprintf("%s: table %s differs from the simulator:\n--- doc\n%s--- simulator\n%s", path, name, got, want))
		}
		return "<!-- " + kind + ": " + name + " -->\n" + want + "<!-- end table -->"
	})
	for _, name := range names {
		if !seen[name] {
			failed = append(failed, fmt.Sprintf("%s: no table %s (add <!-- %s: %s --> … <!-- end table -->)", path, name, kind, name))
		}
	}
	return text, failed
}

// finishDoc writes the doc's regenerated text when updating (package
// golden); otherwise it reports what differs.
func finishDoc(t *testing.T, path, text string, failed []string) {
	t.Helper()
	if golden.Updating() {
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	for _, f := range failed {
		t.Error(f)
	}
	if len(failed) > 0 {
		t.Log(golden.Hint)
	}
}

// h2Chart draws one chart of an example's runs as a PNG.
func h2Chart(t *testing.T, name, chart, point, run string) ([]byte, error) {
	hr := runHazard(t, name)
	var params []string
	for _, p := range hr.s.Sweep {
		params = append(params, p.Path)
	}
	rep, err := plots.NewReport(hr.s.Name, params, nil)
	if err != nil {
		return nil, err
	}
	for i, j := range hr.jobs {
		if point != "-" && strings.Join(j.Point, ",") != point || run != "-" && fmt.Sprint(j.Run) != run {
			continue
		}
		if err := rep.Add(plots.Row{Point: j.Point, Strategy: j.Strategy, Run: j.Run, Result: hr.results[i]}); err != nil {
			return nil, err
		}
	}
	charts, err := plots.Charts(rep)
	if err != nil {
		return nil, err
	}
	for _, c := range charts {
		if c.Name == chart {
			var buf bytes.Buffer
			if err := c.Render(&buf, "png"); err != nil {
				return nil, err
			}
			return buf.Bytes(), nil
		}
	}
	var names []string
	for _, c := range charts {
		names = append(names, c.Name)
	}
	return nil, fmt.Errorf("no chart %s among %v", chart, names)
}

// loads collects the load times (s) of an example's runs by point and
// strategy.
func loads(hr *hazardRun) map[string]map[string][]float64 {
	out := map[string]map[string][]float64{}
	for i, j := range hr.jobs {
		p := strings.Join(j.Point, ",")
		if out[p] == nil {
			out[p] = map[string][]float64{}
		}
		out[p][j.Strategy] = append(out[p][j.Strategy], hr.results[i].LoadTime.Seconds())
	}
	return out
}

// meanSD is the mean and the sample standard deviation.
func meanSD(v []float64) (m, sd float64) {
	for _, x := range v {
		m += x
	}
	m /= float64(len(v))
	if len(v) < 2 {
		return m, 0
	}
	for _, x := range v {
		sd += (x - m) * (x - m)
	}
	return m, math.Sqrt(sd / float64(len(v)-1))
}

func mean(v []float64) float64 {
	m, _ := meanSD(v)
	return m
}

func pointValues(hr *hazardRun) []string {
	var out []string
	for _, j := range hr.jobs {
		p := strings.Join(j.Point, ",")
		if len(out) == 0 || out[len(out)-1] != p {
			out = append(out, p)
		}
	}
	return out
}

func h2RTTGainTable(t *testing.T) string {
	hr := runHazard(t, "h2-rtt-gain")
	l := loads(hr)
	var b strings.Builder
	b.WriteString("| `network.rtt` | browser (s) | h2 (s) | h2's gain |\n|---|---:|---:|---:|\n")
	prev := 0.0
	for _, p := range pointValues(hr) {
		br, h := l[p]["browser"][0], l[p]["h2"][0]
		gain := 1 - h/br
		fmt.Fprintf(&b, "| %s | %.3f | %.3f | %.0f %% |\n", p, br, h, 100*gain)
		if gain <= prev {
			t.Errorf("%s says h2's gain grows with the RTT; at %s it is %.1f %% after %.1f %%", h2Doc, p, 100*gain, 100*prev)
		}
		prev = gain
	}
	return b.String()
}

func h2LossTable(t *testing.T) string {
	hr := runHazard(t, "h2-loss-crossover")
	l := loads(hr)
	var b strings.Builder
	b.WriteString("| `network.loss` | browser mean ± sd (s) | h2 mean ± sd (s) | h2's gain (means) | runs h2 faster | timeouts per load, browser / h2 |\n|---|---:|---:|---:|---:|---:|\n")
	rtos := map[string]map[string]float64{}
	for i, j := range hr.jobs {
		p := strings.Join(j.Point, ",")
		if rtos[p] == nil {
			rtos[p] = map[string]float64{}
		}
		rtos[p][j.Strategy] += float64(hr.results[i].Timeouts) / float64(hr.s.Runs)
	}
	for _, p := range pointValues(hr) {
		bv, hv := l[p]["browser"], l[p]["h2"]
		bm, bsd := meanSD(bv)
		hm, hsd := meanSD(hv)
		faster := 0
		for k := range hv {
			if hv[k] < bv[k] {
				faster++
			}
		}
		fmt.Fprintf(&b, "| %s | %.2f ± %.2f | %.2f ± %.2f | %+.0f %% | %d of %d | %.1f / %.1f |\n", p, bm, bsd, hm, hsd, 100*(1-hm/bm), faster, len(hv), rtos[p]["browser"], rtos[p]["h2"])
		if rtos[p]["h2"] > rtos[p]["browser"] {
			t.Errorf("%s says browser's loads take more timeouts than h2's; at %s: %.1f against %.1f", h2Doc, p, rtos[p]["browser"], rtos[p]["h2"])
		}
	}
	ps := pointValues(hr)
	first, last := l[ps[0]], l[ps[len(ps)-1]]
	if m0, _ := meanSD(first["h2"]); m0 >= mean(first["browser"]) {
		t.Errorf("%s says h2 wins without loss; at %s it does not", h2Doc, ps[0])
	}
	if m1, _ := meanSD(last["h2"]); m1 <= mean(last["browser"]) {
		t.Errorf("%s says six connections win at the highest loss; at %s they do not", h2Doc, ps[len(ps)-1])
	}
	return b.String()
}

// h2CrossoverSentence says between which loss rates the mean load times
// cross.
func h2CrossoverSentence(t *testing.T) string {
	hr := runHazard(t, "h2-loss-crossover")
	l := loads(hr)
	ps := pointValues(hr)
	for k := 1; k < len(ps); k++ {
		if mean(l[ps[k]]["h2"]) > mean(l[ps[k]]["browser"]) && mean(l[ps[k-1]]["h2"]) <= mean(l[ps[k-1]]["browser"]) {
			return fmt.Sprintf("On this page and path the mean load times cross between %s and %s loss.\n", ps[k-1], ps[k])
		}
	}
	return "On this page and path the mean load times do not cross.\n"
}

func h2PrioritiesTable(t *testing.T) string {
	hr := runHazard(t, "h2-priorities")
	var b strings.Builder
	b.WriteString("| `server.h2.scheduler` | `server.h2.send_buffer` | late.js requested (s) | late.js done (s) | images done after it | load (s) |\n|---|---|---:|---:|---:|---:|\n")
	for i, j := range hr.jobs {
		r := hr.results[i]
		var js model.ObjectResult
		for _, o := range r.Objects {
			if o.ID == "late.js" {
				js = o
			}
		}
		after, images := 0, 0
		for _, o := range r.Objects {
			if strings.HasSuffix(o.ID, ".jpg") {
				images++
				if o.LastByte > js.LastByte {
					after++
				}
			}
		}
		fmt.Fprintf(&b, "| %s | %s | %.3f | %.3f | %d of %d | %.3f |\n", j.Point[0], j.Point[1], js.RequestSent.Seconds(), js.LastByte.Seconds(), after, images, r.LoadTime.Seconds())
		prio := j.Point[0] == "tree" || j.Point[0] == "rfc9218"
		switch {
		case j.Point[1] == "0B" && after != 0:
			t.Errorf("%s says that without a bound on the send buffer the script comes last; %s/0B: %d images after it", h2Doc, j.Point[0], after)
		case prio && j.Point[1] != "0B" && after*2 <= images:
			t.Errorf("%s says a priority scheduler with a shallow buffer sends the script before the images under way; %s/%s: only %d of %d after it", h2Doc, j.Point[0], j.Point[1], after, images)
		}
	}
	return b.String()
}

func h2GoAwayTable(t *testing.T) string {
	hr := runHazard(t, "h2-goaway-race")
	var b strings.Builder
	b.WriteString("| delay | method | strategy | load (s) | connections | retries | failed |\n|---|---|---|---:|---:|---:|---:|\n")
	for i, j := range hr.jobs {
		r := hr.results[i]
		fmt.Fprintf(&b, "| %s | %s | %s | %.3f | %d | %d | %d |\n", j.Point[0], j.Point[1], j.Strategy, r.LoadTime.Seconds(), r.Connections, r.Retries, r.Failed)
		if j.Point[0] == "950ms" && j.Point[1] == "POST" {
			if h2 := j.Strategy == "h2"; h2 && (r.Retries != 1 || r.Failed != 0) || !h2 && r.Failed != 1 {
				t.Errorf("%s says the POST that crossed the close is retried over HTTP/2 and fails over HTTP/1.1; %s: %d retries, %d failed", h2Doc, j.Strategy, r.Retries, r.Failed)
			}
		}
	}
	return b.String()
}

func h2PipeliningTable(t *testing.T) string {
	hr := runHazard(t, "h2-vs-pipelining")
	l := loads(hr)
	var b strings.Builder
	b.WriteString("| `network.loss` | strategy | load mean ± sd (s) | min – max (s) |\n|---|---|---:|---:|\n")
	for _, p := range pointValues(hr) {
		for _, s := range hr.s.Strategies {
			v := l[p][s.Name]
			m, sd := meanSD(v)
			lo, hi := v[0], v[0]
			for _, x := range v {
				lo, hi = math.Min(lo, x), math.Max(hi, x)
			}
			fmt.Fprintf(&b, "| %s | %s | %.2f ± %.2f | %.2f – %.2f |\n", p, s.Name, m, sd, lo, hi)
		}
	}
	if p := pointValues(hr)[0]; !(mean(l[p]["h2"]) < mean(l[p]["browser"]) && mean(l[p]["browser"]) < mean(l[p]["pipelined"]) && mean(l[p]["pipelined"]) < mean(l[p]["persistent"])) {
		t.Errorf("%s says that without loss h2 beats browser, which beats pipelined, which beats persistent; at %s it is not so", h2Doc, p)
	}
	return b.String()
}
