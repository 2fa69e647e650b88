package scenarios_test

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"pagesim/model"
	"pagesim/plots"
	"pagesim/scenarios"
)

// docs/hazards.md explains the chapter's hazards with the numbers and
// waterfalls of the hazard-*.yaml examples. Its tables are generated from
// the simulator and checked here; go test ./scenarios -run HazardsDoc
// PAGESIM_UPDATE=1 (package golden) rewrites them and redraws the charts
// in docs/img/.

const hazardsDoc = "../docs/hazards.md"

// hazardRun is one example's simulations.
type hazardRun struct {
	s       *scenarios.Scenario
	jobs    []scenarios.Job
	results []*model.Result
}

var hazardRuns = map[string]*hazardRun{}

// runHazard runs the example name (once per test binary).
func runHazard(t *testing.T, name string) *hazardRun {
	t.Helper()
	if hr, ok := hazardRuns[name]; ok {
		return hr
	}
	s, err := scenarios.Example(name)
	if err != nil {
		t.Fatalf("Example(%q): %v", name, err)
	}
	jobs, err := s.Jobs()
	if err != nil {
		t.Fatalf("%s: Jobs: %v", name, err)
	}
	results, err := scenarios.RunJobs(jobs, 0, nil)
	if err != nil {
		t.Fatalf("%s: RunJobs: %v", name, err)
	}
	hr := &hazardRun{s: s, jobs: jobs, results: results}
	hazardRuns[name] = hr
	return hr
}

// hazardExamples lists the embedded hazard-* examples.
func hazardExamples() []string {
	var out []string
	for _, n := range scenarios.Examples() {
		if strings.HasPrefix(n, "hazard-") {
			out = append(out, n)
		}
	}
	return out
}

// table renders the example's results as the Markdown table the doc
// quotes: one row per point × strategy (run 0).
func (hr *hazardRun) table() string {
	var b strings.Builder
	var head, rule []string
	for _, p := range hr.s.Sweep {
		head = append(head, "`"+p.Path+"`")
		rule = append(rule, "---")
	}
	head = append(head, "strategy", "load (s)", "connections", "retries", "failed", "timeouts", "destroyed (B)", "truncated")
	rule = append(rule, "---", "---:", "---:", "---:", "---:", "---:", "---:", "---:")
	fmt.Fprintf(&b, "| %s |\n|%s|\n", strings.Join(head, " | "), strings.Join(rule, "|"))
	for i, j := range hr.jobs {
		if j.Run != 0 {
			continue
		}
		r := hr.results[i]
		cells := append([]string(nil), j.Point...)
		load := fmt.Sprintf("%.3f", r.LoadTime.Seconds())
		if !r.Complete {
			load = "incomplete: " + string(r.Incomplete) // no load time
		}
		cells = append(cells, j.Strategy, load,
			strconv.Itoa(r.Connections), strconv.Itoa(r.Retries), strconv.Itoa(r.Failed),
			strconv.Itoa(r.Timeouts), strconv.FormatInt(r.DestroyedBytes, 10), strconv.Itoa(r.Truncated))
		fmt.Fprintf(&b, "| %s |\n", strings.Join(cells, " | "))
	}
	return b.String()
}

// find returns the index of the job with the given strategy at the point
// written as comma-separated values ("-" when nothing is swept).
func (hr *hazardRun) find(strategy, point string) int {
	want := point
	if want == "-" {
		want = ""
	}
	for i, j := range hr.jobs {
		if j.Run == 0 && j.Strategy == strategy && strings.Join(j.Point, ",") == want {
			return i
		}
	}
	return -1
}

// waterfall draws the waterfall of job i as a PNG.
func (hr *hazardRun) waterfall(i int) ([]byte, error) {
	j := hr.jobs[i]
	var params []string
	for _, p := range hr.s.Sweep {
		params = append(params, p.Path)
	}
	rep, err := plots.NewReport(hr.s.Name, params, []string{j.Strategy})
	if err != nil {
		return nil, err
	}
	if err := rep.Add(plots.Row{Point: j.Point, Strategy: j.Strategy, Run: j.Run, Result: hr.results[i]}); err != nil {
		return nil, err
	}
	charts, err := plots.Charts(rep)
	if err != nil {
		return nil, err
	}
	for _, c := range charts {
		if strings.HasPrefix(c.Name, "waterfall-") {
			var buf bytes.Buffer
			if err := c.Render(&buf, "png"); err != nil {
				return nil, err
			}
			return buf.Bytes(), nil
		}
	}
	return nil, fmt.Errorf("no waterfall among the charts")
}

var (
	checkMarker = regexp.MustCompile(`<!-- check: (\S+) (\S+) (\S+)((?: \w+=\S+)+) -->`)
	chartMarker = regexp.MustCompile(`<!-- chart: (\S+) (\S+) (\S+) (\S+) -->\n!\[[^\]]*\]\(([^)]+)\)`)
)

// TestHazardsDoc keeps docs/hazards.md in step with the simulator: every
// hazard example has a table there, each table is what the example yields
// now, and every chart the doc shows exists (and is redrawn with
// PAGESIM_UPDATE=1).
func TestHazardsDoc(t *testing.T) {
	raw, err := os.ReadFile(hazardsDoc)
	if err != nil {
		t.Fatalf("read %s: %v", hazardsDoc, err)
	}
	doc := string(raw)
	doc, failed := docTables(t, hazardsDoc, doc, "table", hazardExamples(), func(name string) string {
		return runHazard(t, name).table()
	})
	var quoted []string
	for _, c := range checkMarker.FindAllStringSubmatch(doc, -1) {
		quoted = append(quoted, checkQuoted(t, c[1], c[2], c[3], strings.Fields(c[4]))...)
	}
	if len(quoted) == 0 && !strings.Contains(doc, "<!-- check: ") {
		failed = append(failed, hazardsDoc+": no <!-- check: … --> markers for the numbers the prose quotes")
	}
	// Numbers quoted in sentences are never rewritten: report them even
	// when updating.
	for _, q := range quoted {
		t.Error(q)
	}
	charts := chartMarker.FindAllStringSubmatch(doc, -1)
	if len(charts) == 0 {
		failed = append(failed, hazardsDoc+": no <!-- chart: … --> markers")
	}
	for _, c := range charts {
		name, strategy, point, file, link := c[1], c[2], c[3], c[4], c[5]
		if link != file {
			failed = append(failed, fmt.Sprintf("%s: chart marker names %s but the image links %s", hazardsDoc, file, link))
			continue
		}
		hr := runHazard(t, name)
		i := hr.find(strategy, point)
		if i < 0 {
			failed = append(failed, fmt.Sprintf("%s: chart %s: no run of strategy %s at point %s in %s", hazardsDoc, file, strategy, point, name))
			continue
		}
		failed = append(failed, docChart(t, hazardsDoc, file, func() ([]byte, error) {
			return hr.waterfall(i)
		})...)
	}
	finishDoc(t, hazardsDoc, doc, failed)
}

// checkQuoted checks the numbers the doc's prose quotes for one run,
// written as <!-- check: EXAMPLE STRATEGY POINT key=value … --> next to
// the sentence: load_s (seconds, compared at the decimals written),
// stall_s (there is at least one stall of the client's own requests, and
// every one lasts this long, at the decimals written), connections, retries, failed, timeouts,
// destroyed, truncated. These are not rewritten by PAGESIM_UPDATE=1: the
// sentence around them must be read again when they change.
func checkQuoted(t *testing.T, name, strategy, point string, kvs []string) []string {
	hr := runHazard(t, name)
	i := hr.find(strategy, point)
	where := fmt.Sprintf("%s: <!-- check: %s %s %s -->", hazardsDoc, name, strategy, point)
	if i < 0 {
		return []string{where + ": no such run"}
	}
	r := hr.results[i]
	seconds := func(v string, d float64) (string, bool) {
		dec := 0
		if k := strings.IndexByte(v, '.'); k >= 0 {
			dec = len(v) - k - 1
		}
		got := strconv.FormatFloat(d, 'f', dec, 64)
		return got, got == v
	}
	var out []string
	for _, kv := range kvs {
		k, v, _ := strings.Cut(kv, "=")
		var got string
		ok := false
		switch k {
		case "load_s":
			got, ok = seconds(v, r.LoadTime.Seconds())
			if !r.Complete {
				got, ok = "incomplete ("+string(r.Incomplete)+"): no load time", false
			}
		case "stall_s":
			// Every stall of the client's own requests, and at least one:
			// a run without stalls does not bear out a sentence about them.
			got, ok = "no stall of the client's requests", false
			for _, x := range r.Stalls {
				if x.Conn < 0 {
					continue
				}
				if g, same := seconds(v, (x.To - x.From).Seconds()); !same {
					got, ok = g, false
					break
				}
				ok = true
			}
		case "connections":
			got = strconv.Itoa(r.Connections)
		case "retries":
			got = strconv.Itoa(r.Retries)
		case "failed":
			got = strconv.Itoa(r.Failed)
		case "timeouts":
			got = strconv.Itoa(r.Timeouts)
		case "destroyed":
			got = strconv.FormatInt(r.DestroyedBytes, 10)
		case "truncated":
			got = strconv.Itoa(r.Truncated)
		default:
			out = append(out, fmt.Sprintf("%s: unknown key %q", where, k))
			continue
		}
		if k != "load_s" && k != "stall_s" {
			ok = got == v
		}
		if !ok {
			out = append(out, fmt.Sprintf("%s: the doc says %s=%s, the simulator gives %s; fix the sentence and the marker", where, k, v, got))
		}
	}
	return out
}

// TestHazardCountersInCSV: the hazards' events reach results.csv. For every
// hazard example, each row's retries, failed, timeouts and destroyed_bytes
// columns hold the simulation's counters, and over the examples each of
// them is non-zero somewhere (so each hazard's event is carried).
func TestHazardCountersInCSV(t *testing.T) {
	cols := []string{"retries", "failed", "timeouts", "destroyed_bytes"}
	nonZero := map[string]bool{}
	for _, name := range hazardExamples() {
		hr := runHazard(t, name)
		var params []string
		for _, p := range hr.s.Sweep {
			params = append(params, p.Path)
		}
		var buf bytes.Buffer
		cw := plots.NewCSVWriter(&buf, hr.s.Name, params)
		for i, j := range hr.jobs {
			if err := cw.Write(plots.Row{Point: j.Point, Strategy: j.Strategy, Run: j.Run, Result: hr.results[i]}); err != nil {
				t.Fatalf("%s: CSVWriter: %v", name, err)
			}
		}
		if err := cw.Flush(); err != nil {
			t.Fatalf("%s: CSVWriter: %v", name, err)
		}
		recs, err := csv.NewReader(&buf).ReadAll()
		if err != nil {
			t.Fatalf("%s: results.csv does not parse: %v", name, err)
		}
		if len(recs) != len(hr.jobs)+1 {
			t.Fatalf("%s: %d CSV rows, want %d (header + one per simulation)", name, len(recs), len(hr.jobs)+1)
		}
		at := map[string]int{}
		for i, h := range recs[0] {
			at[h] = i
		}
		for _, c := range cols {
			if _, ok := at[c]; !ok {
				t.Fatalf("%s: results.csv has no %s column (header %v)", name, c, recs[0])
			}
		}
		for i, row := range recs[1:] {
			r := hr.results[i]
			want := map[string]int64{"retries": int64(r.Retries), "failed": int64(r.Failed),
				"timeouts": int64(r.Timeouts), "destroyed_bytes": r.DestroyedBytes}
			for _, c := range cols {
				got, err := strconv.ParseInt(row[at[c]], 10, 64)
				if err != nil || got != want[c] {
					t.Errorf("%s row %d (%s): %s = %q, want %d", name, i+1, hr.jobs[i].Strategy, c, row[at[c]], want[c])
				}
				if want[c] != 0 {
					nonZero[c] = true
				}
			}
		}
	}
	for _, c := range cols {
		if !nonZero[c] {
			t.Errorf("no hazard example has a non-zero %s; the column carries none of the hazards' events", c)
		}
	}
}
