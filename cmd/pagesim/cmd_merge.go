package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"pagesim/plots"
	"pagesim/scenarios"
)

const mergeHelp = `Usage: pagesim merge DIR... [-o OUT] [-j N] [-q] [--no-plots]

Merge the partial reports of a study's shards (pagesim run --shard I/N)
into one report in OUT: results.csv, results.json, summary.md and the
charts, byte for byte those an unsharded pagesim run of the scenario
writes. Each DIR is a shard's directory (it holds shard.json) or a
directory of them (shard-0, shard-1, …, as run --shard -o DIR makes). Every
shard of the study must be there, complete, and of the same scenario and
recordings (their fingerprint), shard count and --detail.

The rows are read from each shard's results.json in job order (job k is
row k div N of shard k mod N). The runs the charts stand on are taken
from the shards' rows when those have their detail (--detail all or
charted) and were traced (the shards ran without --no-plots); otherwise
they are simulated again from the scenario file the shards name, which
must still be there and unchanged. Every shard's results.json is open at
once (read through a 64 KiB buffer, smaller past 1 024 shards: 64 MiB in
all): a study may have as many shards as the limit on open files allows.

Exit status as for run: 0 every load completed; 3 the report was written
but some loads did not complete; 2 bad input (a missing or inconsistent
shard); 1 internal error; 130/143 interrupted, nothing written.

Flags:
  -o OUT      report directory (default "report")
  -j N        charts drawn and files written in parallel (default: CPUs)
  -q          no messages on standard error
  --no-plots  write only results.csv, results.json and summary.md

Examples:
  pagesim run study.yaml --shard 0/2 -o parts; pagesim run study.yaml --shard 1/2 -o parts
  pagesim merge parts -o report
`

func mergeCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("merge")
	var out string
	var o mergeOptions
	fs.StringVar(&out, "o", "report", "report directory")
	fs.IntVar(&o.workers, "j", runtime.NumCPU(), "parallel writers")
	fs.BoolVar(&o.quiet, "q", false, "quiet")
	fs.BoolVar(&o.noPlots, "no-plots", false, "no charts")
	pos, err := parse(fs, args, mergeHelp, stdout)
	if err != nil {
		if errors.Is(err, errHelped) {
			return nil
		}
		return err
	}
	if len(pos) == 0 {
		return usagef("merge: no shard directories given (usage: pagesim merge DIR... -o OUT)")
	}
	if o.workers < 1 {
		return usagef("merge: -j %d: must be at least 1", o.workers)
	}
	if out == "" {
		return usagef("merge: -o: empty directory name")
	}
	dirs, err := findShards(pos)
	if err != nil {
		return err
	}
	o.args = args
	rep, err := mergeStudy(dirs, out, o, stdout, stderr)
	if err != nil {
		return err
	}
	if n, total := rep.Incomplete(); n > 0 {
		return incompleteLoads{n: n, total: total, dir: out}
	}
	return nil
}

// findShards lists the shard directories among dirs and their
// subdirectories shard-I.
func findShards(dirs []string) ([]string, error) {
	var out []string
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, shardFile)); err == nil {
			out = append(out, d)
			continue
		}
		ents, err := os.ReadDir(d)
		if err != nil {
			return nil, badInput{fmt.Errorf("merge: %v", err)}
		}
		var sub []string
		for _, e := range ents {
			if strings.HasPrefix(e.Name(), "shard-") && e.IsDir() {
				if _, err := os.Stat(filepath.Join(d, e.Name(), shardFile)); err == nil {
					sub = append(sub, filepath.Join(d, e.Name()))
				}
			}
		}
		if len(sub) == 0 {
			return nil, usagef("merge: %s holds no complete shard (no %s in it or in a shard-I directory under it)", d, shardFile)
		}
		out = append(out, sub...)
	}
	return out, nil
}

// mergeStudy merges the shards in dirs into a report in out (see
// mergeHelp), prints its table on stdout and returns its aggregates.
func mergeStudy(dirs []string, out string, o mergeOptions, stdout, stderr io.Writer) (*plots.Report, error) {
	start := time.Now()
	ms := make([]*shardManifest, 0, len(dirs))
	for _, d := range dirs {
		m, err := readManifest(d)
		if err != nil {
			return nil, badInput{fmt.Errorf("merge: %v", err)}
		}
		ms = append(ms, m)
	}
	ref := ms[0]
	byIndex := make([]string, ref.Shards)
	for i, m := range ms {
		if why := sameStudy(ref, m); why != "" {
			return nil, usagef("merge: %s is a shard of another study than %s: %s", dirs[i], dirs[0], why)
		}
		if m.Shard < 0 || m.Shard >= m.Shards {
			return nil, usagef("merge: %s: shard %d of %d", dirs[i], m.Shard, m.Shards)
		}
		if prev := byIndex[m.Shard]; prev != "" {
			return nil, usagef("merge: shard %d/%d given twice (%s and %s)", m.Shard, m.Shards, prev, dirs[i])
		}
		if want := (shardSpec{m.Shard, m.Shards}).size(m.Jobs); m.Rows != want {
			return nil, usagef("merge: %s: %d rows, shard %d/%d of %d simulations has %d", dirs[i], m.Rows, m.Shard, m.Shards, m.Jobs, want)
		}
		if m.Version != ref.Version && !o.quiet {
			fmt.Fprintf(stderr, "pagesim: warning: %s was written by pagesim %s, %s by %s\n", dirs[i], m.Version, dirs[0], ref.Version)
		}
		byIndex[m.Shard] = dirs[i]
	}
	var missing []string
	for i, d := range byIndex {
		if d == "" {
			missing = append(missing, strconv.Itoa(i))
		}
	}
	if len(missing) > 0 {
		return nil, usagef("merge: the study has %d shards; missing: %s (run them, or give their directories)", ref.Shards, strings.Join(missing, ", "))
	}

	readers := make([]*plots.JSONReader, ref.Shards)
	bufSize := mergeBufferSize(ref.Shards)
	for i, d := range byIndex {
		f, err := os.Open(filepath.Join(d, "results.json"))
		if errors.Is(err, syscall.EMFILE) {
			return nil, fmt.Errorf("merge: %v: the %d shards' results.json are read together, and only %d could be opened under the limit on open files (ulimit -n); raise it, or run the study in fewer shards", err, ref.Shards, i)
		}
		if err != nil {
			return nil, badInput{fmt.Errorf("merge: %v", err)}
		}
		defer f.Close()
		if readers[i], err = plots.NewJSONReader(bufio.NewReaderSize(f, bufSize)); err != nil {
			return nil, badInput{fmt.Errorf("merge: %s: %v", d, err)}
		}
		if i > 0 && (readers[i].Scenario() != readers[0].Scenario() || !slices.Equal(readers[i].Params(), readers[0].Params()) ||
			!slices.Equal(readers[i].Strategies(), readers[0].Strategies())) {
			return nil, usagef("merge: %s and %s name different scenarios, parameters or strategies in results.json", d, byIndex[0])
		}
	}
	head := readers[0]

	ss, err := openSession("merge", out)
	if err != nil {
		return nil, err
	}
	defer ss.close()
	rep, err := plots.NewReport(head.Scenario(), head.Params(), head.Strategies())
	if err != nil {
		return nil, err
	}
	if err := rep.SetChartPoints(ref.chartPoints()); err != nil {
		return nil, badInput{fmt.Errorf("merge: %s: %v", byIndex[0], err)}
	}
	rep.Marks = ref.marks()
	phase := progressPhases(o.quiet, stderr)
	progress, finish := phase("rows")
	rf, err := createResults(ss.st, head.Scenario(), head.Params(), head.Strategies())
	if err != nil {
		return nil, err
	}
	enc := plots.NewRowEncoder(head.Scenario(), head.Params())
	var line []byte
	for k := 0; k < ref.Jobs && ss.ctx.Err() == nil; k++ {
		i := k % ref.Shards
		row, err := readers[i].Next()
		if err != nil {
			if err == io.EOF {
				err = fmt.Errorf("ends after %d rows (the manifest says %d)", k/ref.Shards, ms[0].Rows)
			}
			return nil, badInput{fmt.Errorf("merge: %s: %v", byIndex[i], err)}
		}
		line = enc.AppendCSV(line[:0], row)
		if err := rf.write(line, readers[i].Raw()); err != nil {
			return nil, err
		}
		if err := rep.Add(row); err != nil {
			return nil, badInput{fmt.Errorf("merge: %s: %v", byIndex[i], err)}
		}
		if progress != nil && ((k+1)%1024 == 0 || k+1 == ref.Jobs) {
			progress(k+1, ref.Jobs)
		}
	}
	finish()
	if err := ss.check(nil); err != nil {
		return nil, err
	}
	for i, r := range readers {
		if _, err := r.Next(); err != io.EOF {
			return nil, badInput{fmt.Errorf("merge: %s: more rows than its manifest says (%v)", byIndex[i], err)}
		}
	}
	if err := rf.close(); err != nil {
		return nil, err
	}

	var charts []plots.Chart
	if !o.noPlots {
		if err := chartMerged(rep, ref); err != nil {
			return nil, err
		}
		if charts, err = plots.Charts(rep); err != nil {
			return nil, fmt.Errorf("merge: %w", err)
		}
	}
	progress, finish = phase("report files")
	var table bytes.Buffer
	err = ss.st.write(ss.ctx, reportFiles(rep, charts, mergePage(o.args, ref), &table), o.workers, progress)
	finish()
	if err := ss.check(err); err != nil {
		if _, ok := err.(interruptedErr); ok {
			return nil, err
		}
		return nil, fmt.Errorf("merge: %w", err)
	}
	if err := ss.commit(); err != nil {
		return nil, fmt.Errorf("merge: %w", err)
	}
	if _, err := stdout.Write(table.Bytes()); err != nil {
		return nil, err
	}
	if !o.quiet {
		fmt.Fprintf(stderr, "pagesim: merged %d shards, %d simulations, into %s in %.2fs\n", ref.Shards, ref.Jobs, out, time.Since(start).Seconds())
	}
	return rep, nil
}

// chartMerged makes sure the report holds the full, traced result of every
// run its charts stand on: rows without detail, or of shards that did not
// trace (--no-plots), are simulated again from the scenario the shards
// name, after checking it is unchanged.
func chartMerged(rep *plots.Report, ref *shardManifest) error {
	need := !ref.Charts
	for _, cr := range rep.ChartRuns() {
		need = need || !cr.Kept
	}
	if !need {
		return nil
	}
	var sc *scenarios.Scenario
	var err error
	if name, ok := strings.CutPrefix(ref.File, "example:"); ok {
		sc, err = scenarios.Example(name)
	} else {
		sc, err = scenarios.Load(ref.File)
	}
	if err != nil {
		return badInput{fmt.Errorf("merge: the charts need the runs they stand on simulated again, from %s: %v", ref.File, err)}
	}
	if fp, err := studyFingerprint(sc, ref.File); err != nil || fp != ref.Fingerprint {
		return badInput{fmt.Errorf("merge: the charts need the runs they stand on simulated again, and %s (or a recording it reads) changed since the shards ran", ref.File)}
	}
	first, err := sc.Job(0)
	if err != nil {
		return err
	}
	s := study{sc: sc, firstPoint: first.Point, params: reportParams(sc), charts: true, chartPoints: ref.chartPoints()}
	crs := rep.ChartRuns()
	if !ref.Charts {
		for i := range crs {
			crs[i].Kept = false // kept, but not traced
		}
	}
	return simulateRuns(rep, crs, s.jobFor, simulate)
}

// mergePage is what the merged report's index.html shows besides the
// report: the version, the merge's command line and the scenario's text
// (the file the shards name, or the embedded example).
func mergePage(args []string, ref *shardManifest) plots.HTMLPage {
	p := plots.HTMLPage{Version: versionString(), Command: commandLine(append([]string{"pagesim", "merge"}, args...))}
	if name, ok := strings.CutPrefix(ref.File, "example:"); ok {
		p.ScenarioFile = "the embedded example " + name + " (pagesim examples " + name + ")"
		p.Scenario, _ = scenarios.ExampleSource(name)
	} else {
		p.ScenarioFile = ref.File
		p.Scenario, _ = os.ReadFile(ref.File) // on the shared filesystem; if it went away, the page says nothing
	}
	return p
}

// mergeBufferSize is the read buffer of each of n shards' results.json:
// 64 KiB, less when there are more than 1 024 shards so that the buffers
// stay within 64 MiB together, and never under 4 KiB.
func mergeBufferSize(n int) int {
	const total, most, least = 64 << 20, 64 << 10, 4 << 10
	return min(most, max(least, total/max(n, 1)))
}
