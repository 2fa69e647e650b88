package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"pagesim/plots"
)

// runShard runs shard o.shard of the study s into o.out/shard-I: its rows
// of results.csv and results.json and the manifest (shardFile), written
// last and moved into place with them, so that a shard directory with a
// manifest is complete. With o.resume a shard already complete there is
// not run again; with o.merge, once every shard of the study is complete,
// the study is merged into o.out/report.
func runShard(s *study, source string, o runOptions, start time.Time, stdout, stderr io.Writer) error {
	sc := s.sc
	fp, err := studyFingerprint(sc, source)
	if err != nil {
		return badInput{fmt.Errorf("run: %s: %v", sc.File, err)}
	}
	total := sc.NumJobs()
	m := &shardManifest{Format: shardFormat, Scenario: sc.Name, File: source, Fingerprint: fp,
		Shard: o.shard.index, Shards: o.shard.count, Jobs: total, Rows: o.shard.size(total),
		Detail: o.detail.String(), Charts: !o.noPlots, ChartsAll: s.chartPoints.All, ChartsAt: s.chartPoints.Match,
		Version: versionString()}
	for _, k := range recordedMarks(sc) {
		m.Marks = append(m.Marks, shardMark{k.Name, int64(k.At)})
	}
	dir := shardDir(o.out, o.shard)
	incomplete := 0
	done, err := readManifest(dir)
	if err == nil && o.resume && sameStudy(m, done) == "" && done.Shard == m.Shard && done.Rows == m.Rows {
		incomplete = done.Incomplete
		if !o.quiet {
			fmt.Fprintf(stderr, "pagesim: shard %v of %s is complete in %s; not run again (--resume)\n", o.shard, sc.File, dir)
		}
	} else {
		if err == nil && o.resume {
			// Not quiet even with -q: results are about to be replaced.
			fmt.Fprintf(stderr, "pagesim: warning: %s holds a complete shard of another study (%s); running shard %v of %s replaces it\n",
				dir, resumeMismatch(m, done), o.shard, sc.File)
		}
		if incomplete, err = s.runPart(m, dir, o, start, stderr); err != nil {
			return err
		}
		fmt.Fprintf(stdout, "shard %v: %d of %d simulations into %s\n", o.shard, m.Rows, total, dir)
	}
	if o.merge {
		rep, merged, err := mergeWhenComplete(o.out, m, o, stdout, stderr)
		if err != nil {
			return err
		}
		if merged {
			if n, total := rep.Incomplete(); n > 0 {
				return incompleteLoads{n: n, total: total, dir: filepath.Join(o.out, "report")}
			}
			return nil
		}
	}
	if incomplete > 0 {
		return incompleteLoads{n: incomplete, total: m.Rows, dir: dir}
	}
	return nil
}

// runPart simulates the shard's jobs into its staged directory and
// commits it with its manifest; it returns how many loads did not
// complete.
func (s *study) runPart(m *shardManifest, dir string, o runOptions, start time.Time, stderr io.Writer) (int, error) {
	ss, err := openSession("run", dir)
	if err != nil {
		return 0, err
	}
	defer ss.close()
	rep, err := s.simulate(ss, progressPhases(o.quiet, stderr))
	if err != nil {
		if _, ok := err.(interruptedErr); ok {
			return 0, err
		}
		return 0, fmt.Errorf("run: %s: shard %v: %w", s.sc.File, s.shard, err)
	}
	m.Incomplete, _ = rep.Incomplete()
	if err := ss.check(ss.st.write(ss.ctx, []reportFile{{name: shardFile, write: m.write}}, 1, nil)); err != nil {
		return 0, wrapRun(err)
	}
	// The old manifest goes first and the new one comes last: a merge
	// never sees a manifest beside rows it does not describe.
	if err := os.Remove(filepath.Join(dir, shardFile)); err != nil && !errors.Is(err, os.ErrNotExist) {
		return 0, fmt.Errorf("run: %w", err)
	}
	if err := ss.commit(); err != nil {
		return 0, fmt.Errorf("run: %w", err)
	}
	if !o.quiet {
		fmt.Fprintf(stderr, "pagesim: shard %v: %d of %d simulations in %.2fs; wrote %s\n", s.shard, m.Rows, m.Jobs, time.Since(start).Seconds(), dir)
	}
	return m.Incomplete, nil
}

// mergeWhenComplete merges the study in dir into dir/report when every
// shard of it is complete, under a lock so that shards finishing together
// merge once; merged says it did. A study already merged (dir holds a
// mark of its fingerprint) is not merged again.
func mergeWhenComplete(dir string, ref *shardManifest, o runOptions, stdout, stderr io.Writer) (rep *plots.Report, merged bool, err error) {
	unlock, err := lockFile(filepath.Join(dir, ".pagesim-merge.lock"))
	if err != nil {
		return nil, false, fmt.Errorf("run: --merge: %w", err)
	}
	defer unlock()
	mark := filepath.Join(dir, ".pagesim-merged")
	want := fmt.Sprintf("%s %d\n", ref.Fingerprint, ref.Shards)
	if b, err := os.ReadFile(mark); err == nil && string(b) == want {
		return nil, false, nil
	}
	var dirs []string
	for i := 0; i < ref.Shards; i++ {
		d := shardDir(dir, shardSpec{i, ref.Shards})
		m, err := readManifest(d)
		if err != nil || sameStudy(ref, m) != "" {
			return nil, false, nil // not yet: another shard merges when it is done
		}
		dirs = append(dirs, d)
	}
	out := filepath.Join(dir, "report")
	rep, err = mergeStudy(dirs, out, mergeOptions{noPlots: o.noPlots, quiet: o.quiet, workers: o.jobs, args: []string{dir}}, stdout, stderr)
	if err != nil {
		return nil, false, err
	}
	if err := os.WriteFile(mark, []byte(want), 0o644); err != nil {
		return nil, false, fmt.Errorf("run: --merge: %w", err)
	}
	return rep, true, nil
}

// mergeOptions are pagesim merge's flags.
type mergeOptions struct {
	noPlots bool
	quiet   bool
	workers int
	args    []string // the merge's command line, for index.html
}

// resumeMismatch says why --resume does not take the complete shard done
// in place of the shard m.
func resumeMismatch(m, done *shardManifest) string {
	if why := sameStudy(m, done); why != "" {
		return why
	}
	return fmt.Sprintf("shard %d with %d rows, not %d with %d", done.Shard, done.Rows, m.Shard, m.Rows)
}
