package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"pagesim/model"
	"pagesim/plots"
	"pagesim/scenarios"
)

// relaxGC lets the heap grow to five times its live size before a
// collection (GOGC=400) unless the user set GOGC. A run keeps every result
// until the report is written, so the live heap grows steadily and the
// default collector spends more time re-marking it than the simulations
// take: on a 1000-point × 6-strategy sweep, -j 2 was 1.35× faster than
// -j 1 with the default and 1.55× with this setting. Memory is what a batch
// simulator can spend.
func relaxGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// runJobs runs the simulations, and simulate one of them again for a
// chart; in-process tests substitute a fake simulator to reach the
// report's edge cases quickly.
var (
	runJobs  = scenarios.RunJobsContext
	simulate = model.Simulate
)

const runHelp = `Usage: pagesim run [FILE.yaml] [-o DIR] [-j N] [-q] [--no-plots] [--charts WHICH] [--example NAME]

Simulate every sweep point × strategy × run of a scenario and write the
report to DIR: results.csv, results.json, summary.md, index.html (the
whole report on one self-contained page: the summary, sortable tables,
every chart, the scenario, the version and this command line) and one
PNG per chart (load-time, sweep-PARAM, waterfall-STRATEGY, cwnd-STRATEGY,
and with several runs load-time-box and load-time-cdf). Without FILE
or --example, runs the built-in default scenario. Standard output gets one
line per sweep point and strategy; progress goes to standard error: of
the simulations, then of writing the report (which can take as long) — a
bar on a terminal, else a line every 5 seconds with the count, the rate
and the time left.
Nothing is written when the scenario is invalid (exit status 2). The
report is written whole or not at all: into a temporary directory beside
DIR, created (which checks that DIR can be written) before anything is
simulated, then moved into place. On SIGINT or SIGTERM, a full disk or any
other failure, an earlier report in DIR is left as it was and no temporary
file remains. Files of the same names in DIR are replaced; other files
there are left alone.

A load that does not complete (objects failed, or it reached the
scenario's limits.horizon or limits.max_events) has no load time: the
report says so and why, and the other loads are reported as usual.

Exit status: 0 every load completed; 3 the report was written but some
loads did not complete; 2 bad input (nothing written; also an -o DIR that
cannot be written); 1 internal error; 130 (SIGINT) or 143 (SIGTERM)
interrupted, nothing written.

Flags (they may also follow FILE):
  -o DIR          report directory, created if needed (default "report")
  -j N            simulations run in parallel (default: number of CPUs);
                  results are bit-identical for any N
  -q              no progress or messages on standard error
  --no-plots      write no chart (results.csv, results.json, summary.md and
                  an index.html without charts)
  --charts WHICH  the sweep points that get waterfall and cwnd charts:
                  first (default), all, or a point by its swept values,
                  VALUE or PARAM=VALUE, comma-separated (e.g. cable, or
                  network.rtt=100ms,network.down=1.5Mbps); the charts of a
                  point other than the first are named …@VALUES. With
                  several runs, each chart shows the run closest to the
                  median load time.
  --example NAME  run an embedded example (see pagesim examples)

Examples:
  pagesim run                                # default scenario into ./report
  pagesim run --example satellite -o sat     # an embedded example
  pagesim run page.yaml -o out -j 4
  pagesim run big-sweep.yaml --no-plots -q
  pagesim run --example narrow-vs-wide --charts all -o nvw
`

type runOptions struct {
	out     string
	jobs    int
	quiet   bool
	noPlots bool
	charts  string
	example string
}

func runCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("run")
	var o runOptions
	fs.StringVar(&o.out, "o", "report", "report directory")
	fs.IntVar(&o.jobs, "j", runtime.NumCPU(), "parallel simulations")
	fs.BoolVar(&o.quiet, "q", false, "quiet")
	fs.BoolVar(&o.noPlots, "no-plots", false, "no charts")
	fs.StringVar(&o.charts, "charts", "first", "charted points")
	fs.StringVar(&o.example, "example", "", "embedded example")
	pos, err := parse(fs, args, runHelp, stdout)
	if err != nil {
		if errors.Is(err, errHelped) {
			return nil
		}
		return err
	}
	if len(pos) > 1 {
		return usagef("run: one scenario file at a time (got %d: %s); use a sweep: inside the file to vary it", len(pos), strings.Join(pos, " "))
	}
	if len(pos) == 1 && o.example != "" {
		return usagef("run: give a FILE or --example %s, not both", o.example)
	}
	if o.jobs < 1 {
		return usagef("run: -j %d: must be at least 1", o.jobs)
	}
	if o.out == "" {
		return usagef("run: -o: empty directory name")
	}
	if st, err := os.Stat(o.out); err == nil && !st.IsDir() {
		return usagef("run: -o %s: exists and is not a directory", o.out)
	}

	start := time.Now()
	var sc *scenarios.Scenario
	switch {
	case len(pos) == 1:
		sc, err = scenarios.Load(pos[0])
		if err != nil && !isErrorList(err) {
			err = badInput{err} // unreadable: a missing file, a directory
		}
	case o.example != "":
		sc, err = scenarios.Example(o.example)
		if err != nil && !isErrorList(err) {
			err = usagef("run: --example %s: %v (see pagesim examples)", o.example, strings.TrimPrefix(err.Error(), "scenarios: "))
		}
	default:
		sc = scenarios.Default()
	}
	if err != nil {
		return err
	}
	if !o.quiet {
		printWarnings(stderr, sc)
	}
	jobs, err := sc.Jobs()
	if err != nil {
		return err
	}
	if len(jobs) == 0 {
		return usagef("run: %s: the scenario expands to no simulations", sc.File)
	}
	cp, err := chartPoints(o.charts, sc.Sweep)
	if err != nil {
		return err
	}
	if !o.noPlots {
		// Trace congestion windows only where a chart will draw them.
		first, params := jobs[0].Point, reportParams(sc)
		for i := range jobs {
			if jobs[i].Run == 0 && cp.Includes(params, jobs[i].Point, first) {
				jobs[i].Config.TraceCwnd = true
			}
		}
	}

	// From here to the report's commit, SIGINT and SIGTERM stop the run
	// and leave an earlier report as it was.
	ctx, interrupted, stop := catchInterrupts()
	defer stop()
	// Where the report goes is checked before anything is simulated.
	st, err := stageReport(o.out)
	if err != nil {
		return usagef("run: -o %s: cannot write the report there: %v", o.out, err)
	}
	committed := false
	defer func() {
		if !committed {
			st.abort()
		}
	}()

	phase := func(what string) (func(done, total int), func()) {
		if o.quiet {
			return nil, func() {}
		}
		p := newProgress(stderr, isTerminal(stderr), what, time.Now)
		return p.update, p.finish
	}
	progress, finish := phase("simulations")
	relaxGC()
	results, err := runJobs(ctx, jobs, o.jobs, progress)
	finish()
	if sig := interrupted(); sig != nil {
		return interruptedErr{sig}
	}
	if err != nil {
		return fmt.Errorf("run: %s: %w", sc.File, err)
	}
	simTime := time.Since(start)

	rep, err := buildReport(sc, jobs, results, cp)
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	var charts []plots.Chart
	if !o.noPlots {
		if err := simulateCharted(rep, jobLookup(jobs), simulate); err != nil {
			return fmt.Errorf("run: %w", err)
		}
		if charts, err = plots.Charts(rep); err != nil {
			return fmt.Errorf("run: %w", err)
		}
	}
	file := ""
	if len(pos) == 1 {
		file = pos[0]
	}
	files := reportFiles(sc, jobs, results, rep, charts, htmlPage(args, file, o.example))
	progress, finish = phase("report files")
	err = st.write(ctx, files, o.jobs, progress)
	finish()
	if sig := interrupted(); sig != nil {
		return interruptedErr{sig}
	}
	if err != nil {
		return fmt.Errorf("run: %w", err)
	}
	committed = true // commit or abort, the staging is done with
	if err := st.commit(files); err != nil {
		return fmt.Errorf("run: %w", err)
	}
	if err := plots.WriteTable(stdout, rep); err != nil {
		return err
	}
	if !o.quiet {
		names := "results.csv, results.json, summary.md, index.html"
		if len(charts) > 0 {
			names += fmt.Sprintf(", %d %s", len(charts), map[bool]string{true: "chart", false: "charts"}[len(charts) == 1])
		}
		fmt.Fprintf(stderr, "pagesim: %d simulations in %.2fs; wrote %s (%s) in %.2fs total\n",
			len(jobs), simTime.Seconds(), o.out, names, time.Since(start).Seconds())
	}
	if n, total := rep.Incomplete(); n > 0 {
		return incompleteLoads{n: n, total: total, dir: o.out}
	}
	return nil
}

// incompleteLoads is the outcome of a run whose report was written but
// some of whose loads did not complete: exit status 3.
type incompleteLoads struct {
	n, total int
	dir      string
}

func (e incompleteLoads) Error() string {
	return fmt.Sprintf("%d of %d %s did not complete (no load time); the report in %s says which and why (summary.md)", e.n, e.total, plural(e.total, "load", "loads"), e.dir)
}

// printWarnings writes a scenario's warnings (what a page.har recording
// looked odd for) to w, as errorText writes errors.
func printWarnings(w io.Writer, sc *scenarios.Scenario) {
	if len(sc.Warnings) > 0 {
		fmt.Fprintln(w, "pagesim: warning:", errorText(sc.Warnings))
	}
}

func isErrorList(err error) bool {
	var el scenarios.ErrorList
	return errors.As(err, &el)
}

// reportStrategies are the strategy names of a report: the scenario's,
// then any other a job names, in job order.
func reportStrategies(sc *scenarios.Scenario, jobs []scenarios.Job) []string {
	var out []string
	seen := map[string]bool{}
	for _, s := range sc.Strategies {
		if !seen[s.Name] {
			seen[s.Name] = true
			out = append(out, s.Name)
		}
	}
	for _, j := range jobs {
		if !seen[j.Strategy] {
			seen[j.Strategy] = true
			out = append(out, j.Strategy)
		}
	}
	return out
}

func reportParams(sc *scenarios.Scenario) []string {
	var out []string
	for _, p := range sc.Sweep {
		out = append(out, p.Path)
	}
	return out
}

// buildReport folds the results into a report for package plots.
func buildReport(sc *scenarios.Scenario, jobs []scenarios.Job, results []*model.Result, cp plots.ChartPoints) (*plots.Report, error) {
	rep, err := plots.NewReport(sc.Name, reportParams(sc), reportStrategies(sc, jobs))
	if err != nil {
		return nil, err
	}
	if err := rep.SetChartPoints(cp); err != nil {
		return nil, err
	}
	// What a recording of the page measured, drawn on the waterfalls.
	if d := sc.Recorded.DOMContentLoaded; d > 0 {
		rep.Marks = append(rep.Marks, plots.Mark{Name: "recorded DOMContentLoaded", At: d})
	}
	if d := sc.Recorded.OnLoad; d > 0 {
		rep.Marks = append(rep.Marks, plots.Mark{Name: "recorded onLoad", At: d})
	}
	for i, j := range jobs {
		if err := rep.Add(plots.Row{Point: j.Point, Strategy: j.Strategy, Run: j.Run, Result: results[i]}); err != nil {
			return nil, err
		}
	}
	return rep, nil
}
