package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"time"

	"pagesim/model"
	"pagesim/plots"
	"pagesim/scenarios"
)

// relaxGC lets the heap grow to five times its live size before a
// collection (GOGC=400) unless the user set GOGC. The live heap of a run
// is small — a window of results in flight and the aggregates — but each
// simulation allocates its whole world afresh, and with the default the
// collector runs every few simulations. Memory is what a batch simulator
// can spend; a million runs of a 10-object page peak at 101 MB.
func relaxGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(400)
	}
}

// simulate runs one simulation (nil: each worker reuses a
// model.Simulator); in-process tests substitute a fake simulator to reach
// the report's edge cases quickly.
var simulate func(model.Config) (*model.Result, error)

const runHelp = `Usage: pagesim run [FILE.yaml] [-o DIR] [-j N] [-q] [--no-plots] [--charts WHICH] [--detail all|charted|none] [--example NAME]

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

results.csv and results.json are written in job order as the simulations
finish, and only aggregates are kept for summary.md, so memory does not
grow with the number of simulations (a million runs of a 10-object page
peak at 101 MB). The runs the charts stand on are kept whole (or
simulated again, traced, at the end).

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
  --detail D      per-object detail in results.json: charted (default:
                  the objects, connections, stalls and cwnd of run 0 at
                  each charted point — every row of a single-point,
                  single-run scenario — and counters only for the
                  others), all (every row's), none (rows of counters
                  only: about 0.35 KB a row instead of about 0.6 KB per
                  object)
  --example NAME  run an embedded example (see pagesim examples)
  --shard SPEC    a study split over machines (docs/scale.md): run only
                  shard I of N of the jobs (those whose index is
                  I modulo N) into DIR/shard-I: their rows of results.csv
                  and results.json and shard.json, written last; no
                  summary or charts (pagesim merge makes them). SPEC is I/N,
                  or where a batch engine hands the index in: slurm
                  (SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT),
                  kubernetes/N (JOB_COMPLETION_INDEX), htcondor/N (the job
                  ad's ProcId). Exit status 3 when some of its loads did
                  not complete.
  --resume        with --shard: a shard already complete in DIR (same
                  scenario, recordings, shard count, --detail and
                  --charts) is not run again; one of another study is
                  replaced, with a warning
  --merge         with --shard: once every shard of the study is complete
                  in DIR, merge them into DIR/report (the last shard to
                  finish does, under a lock)

Examples:
  pagesim run                                # default scenario into ./report
  pagesim run --example satellite -o sat     # an embedded example
  pagesim run page.yaml -o out -j 4
  pagesim run big-sweep.yaml --no-plots -q --detail none
  pagesim run big-sweep.yaml --shard 3/16 -o study --resume --merge
  pagesim run --example narrow-vs-wide --charts all -o nvw
`

type runOptions struct {
	out     string
	jobs    int
	quiet   bool
	noPlots bool
	charts  string
	example string
	detail  plots.Detail
	shard   shardSpec
	sharded bool
	resume  bool
	merge   bool
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
	detail := fs.String("detail", plots.DefaultDetail.String(), "per-object detail in results.json")
	shard := fs.String("shard", "", "run one shard of the jobs")
	fs.BoolVar(&o.resume, "resume", false, "skip a shard already complete")
	fs.BoolVar(&o.merge, "merge", false, "merge the study once every shard is complete")
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
	if o.detail, err = plots.ParseDetail(*detail); err != nil {
		return usagef("run: --detail %s: expected all, charted or none", *detail)
	}
	o.shard = whole
	if *shard != "" {
		if o.shard, err = parseShard(*shard, os.Getenv); err != nil {
			return usagef("run: --shard %v", err)
		}
		o.sharded = true
	}
	if (o.resume || o.merge) && !o.sharded {
		return usagef("run: --resume and --merge apply to a shard of a study (expected --shard as well)")
	}
	if o.out == "" {
		return usagef("run: -o: empty directory name")
	}
	if st, err := os.Stat(o.out); err == nil && !st.IsDir() {
		return usagef("run: -o %s: exists and is not a directory", o.out)
	}

	start := time.Now()
	var sc *scenarios.Scenario
	source := "example:default"
	switch {
	case len(pos) == 1:
		sc, err = scenarios.Load(pos[0])
		if err != nil && !isErrorList(err) {
			err = badInput{err} // unreadable: a missing file, a directory
		}
		if abs, aerr := filepath.Abs(pos[0]); aerr == nil {
			source = abs
		}
	case o.example != "":
		sc, err = scenarios.Example(o.example)
		if err != nil && !isErrorList(err) {
			err = usagef("run: --example %s: %v (see pagesim examples)", o.example, strings.TrimPrefix(err.Error(), "scenarios: "))
		}
		source = "example:" + strings.TrimSuffix(o.example, ".yaml")
	default:
		sc = scenarios.Default()
	}
	if err != nil {
		return err
	}
	if !o.quiet {
		printWarnings(stderr, sc)
	}
	total := sc.NumJobs()
	if total == 0 {
		return usagef("run: %s: the scenario expands to no simulations", sc.File)
	}
	first, err := sc.Job(0)
	if err != nil {
		return err
	}
	cp, err := chartPoints(o.charts, sc.Sweep)
	if err != nil {
		return err
	}
	s := study{sc: sc, firstPoint: first.Point, params: reportParams(sc), charts: !o.noPlots, chartPoints: cp,
		detail: o.detail, workers: o.jobs, shard: o.shard}
	if o.sharded {
		return runShard(&s, source, o, start, stdout, stderr)
	}

	// From here to the report's commit, SIGINT and SIGTERM stop the run
	// and leave an earlier report as it was; where the report goes is
	// checked before anything is simulated.
	ss, err := openSession("run", o.out)
	if err != nil {
		return err
	}
	defer ss.close()
	phase := progressPhases(o.quiet, stderr)
	rep, err := s.simulate(ss, phase)
	if err != nil {
		if _, ok := err.(interruptedErr); ok {
			return err
		}
		return fmt.Errorf("run: %s: %w", sc.File, err)
	}
	simTime := time.Since(start)

	var charts []plots.Chart
	if !o.noPlots {
		if err := simulateCharted(rep, s.jobFor, simulate); err != nil {
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
	progress, finish := phase("report files")
	var table bytes.Buffer
	err = ss.st.write(ss.ctx, reportFiles(rep, charts, htmlPage(args, file, o.example), &table), o.jobs, progress)
	finish()
	if err := ss.check(err); err != nil {
		return wrapRun(err)
	}
	if err := ss.commit(); err != nil {
		return fmt.Errorf("run: %w", err)
	}
	if _, err := stdout.Write(table.Bytes()); err != nil {
		return err
	}
	if !o.quiet {
		names := "results.csv, results.json, summary.md, index.html"
		if len(charts) > 0 {
			names += fmt.Sprintf(", %d %s", len(charts), map[bool]string{true: "chart", false: "charts"}[len(charts) == 1])
		}
		fmt.Fprintf(stderr, "pagesim: %d simulations in %.2fs; wrote %s (%s) in %.2fs total\n",
			total, simTime.Seconds(), o.out, names, time.Since(start).Seconds())
	}
	if n, total := rep.Incomplete(); n > 0 {
		return incompleteLoads{n: n, total: total, dir: o.out}
	}
	return nil
}

// progressPhases makes the progress report of each phase of a run on w
// (none when quiet): its update and its finish.
func progressPhases(quiet bool, w io.Writer) func(what string) (func(done, total int), func()) {
	return func(what string) (func(done, total int), func()) {
		if quiet {
			return nil, func() {}
		}
		p := newProgress(w, isTerminal(w), what, time.Now)
		return p.update, p.finish
	}
}

// wrapRun prefixes an error with "run: ", but not an interruption.
func wrapRun(err error) error {
	if _, ok := err.(interruptedErr); ok {
		return err
	}
	return fmt.Errorf("run: %w", err)
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
