package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"pagesim/plots"
	"pagesim/scenarios"
)

// A study's jobs are an ordered list indexed from 0 (scenarios.Job). Shard
// I of N is the jobs whose index is I modulo N: interleaved, so that every
// shard gets a share of every sweep point and strategy, and the k-th row
// of shard I is job I + k·N. Every job's randomness depends only on the
// scenario's seed, the run and the stream's name, so a job simulates the
// same wherever it runs, and merging the shards' rows back in job order
// gives the unsharded report byte for byte (DESIGN §8).

// shardSpec is shard index of count.
type shardSpec struct{ index, count int }

// whole is the unsharded run.
var whole = shardSpec{0, 1}

func (sp shardSpec) String() string { return fmt.Sprintf("%d/%d", sp.index, sp.count) }

// size is the number of the total jobs in the shard.
func (sp shardSpec) size(total int) int {
	if sp.index >= total {
		return 0
	}
	return (total - sp.index + sp.count - 1) / sp.count
}

// global is the job index of the shard's k-th job.
func (sp shardSpec) global(k int) int { return sp.index + k*sp.count }

// parseShard reads a --shard value: "I/N" (0 ≤ I < N), or where a batch
// engine hands the index in — "slurm" (SLURM_ARRAY_TASK_ID, less
// SLURM_ARRAY_TASK_MIN when set, of SLURM_ARRAY_TASK_COUNT: an array of
// consecutive task ids), "kubernetes/N" (an Indexed Job's
// JOB_COMPLETION_INDEX), "htcondor/N" (the ProcId of the job ad HTCondor
// names in _CONDOR_JOB_AD, the $(Process) of the submit file).
func parseShard(spec string, getenv func(string) string) (shardSpec, error) {
	envInt := func(name string) (int, error) {
		v := getenv(name)
		if v == "" {
			return 0, fmt.Errorf("%s is not set", name)
		}
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil {
			return 0, fmt.Errorf("%s=%q is not a whole number", name, v)
		}
		return n, nil
	}
	engine, count, hasCount := strings.Cut(spec, "/")
	var sp shardSpec
	var err error
	switch engine {
	case "slurm":
		if hasCount {
			return sp, fmt.Errorf("%q: slurm takes the count from SLURM_ARRAY_TASK_COUNT (expected --shard slurm)", spec)
		}
		if sp.index, err = envInt("SLURM_ARRAY_TASK_ID"); err != nil {
			return sp, fmt.Errorf("slurm: %v (expected to run as a task of an array job)", err)
		}
		if sp.count, err = envInt("SLURM_ARRAY_TASK_COUNT"); err != nil {
			return sp, fmt.Errorf("slurm: %v (expected to run as a task of an array job)", err)
		}
		if getenv("SLURM_ARRAY_TASK_MIN") != "" {
			lo, err := envInt("SLURM_ARRAY_TASK_MIN")
			if err != nil {
				return sp, fmt.Errorf("slurm: %v", err)
			}
			sp.index -= lo
		}
		if st := getenv("SLURM_ARRAY_TASK_STEP"); st != "" && st != "1" {
			return sp, fmt.Errorf("slurm: SLURM_ARRAY_TASK_STEP=%s (expected an array of consecutive task ids, --array=0-%d)", st, sp.count-1)
		}
	case "kubernetes", "htcondor":
		if !hasCount {
			return sp, fmt.Errorf("%q: the count is not in the environment (expected --shard %s/N)", spec, engine)
		}
		if sp.count, err = strconv.Atoi(count); err != nil {
			return sp, fmt.Errorf("%q: %q is not a whole number (expected --shard %s/N)", spec, count, engine)
		}
		if engine == "kubernetes" {
			if sp.index, err = envInt("JOB_COMPLETION_INDEX"); err != nil {
				return sp, fmt.Errorf("kubernetes: %v (expected to run in a pod of an Indexed Job)", err)
			}
		} else if sp.index, err = condorProcID(getenv); err != nil {
			return sp, fmt.Errorf("htcondor: %v", err)
		}
	default:
		i, err1 := strconv.Atoi(engine)
		n, err2 := strconv.Atoi(count)
		if !hasCount || err1 != nil || err2 != nil {
			return sp, fmt.Errorf("%q: expected I/N (e.g. 3/16), slurm, kubernetes/N or htcondor/N", spec)
		}
		sp = shardSpec{i, n}
	}
	if sp.count < 1 || sp.index < 0 || sp.index >= sp.count {
		return sp, fmt.Errorf("%q: shard %d of %d (expected 0 ≤ I < N)", spec, sp.index, sp.count)
	}
	return sp, nil
}

// condorProcID reads ProcId from the job ad HTCondor writes for a job
// (the file _CONDOR_JOB_AD names).
func condorProcID(getenv func(string) string) (int, error) {
	path := getenv("_CONDOR_JOB_AD")
	if path == "" {
		return 0, errors.New("_CONDOR_JOB_AD is not set (expected to run as an HTCondor job, or give --shard $(Process)/N in the submit file)")
	}
	f, err := os.Open(path)
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), "=")
		if ok && strings.TrimSpace(k) == "ProcId" {
			return strconv.Atoi(strings.TrimSpace(v))
		}
	}
	if err := sc.Err(); err != nil {
		return 0, err
	}
	return 0, fmt.Errorf("%s has no ProcId", path)
}

// shardFile is the manifest of a shard's partial report, written last:
// a shard directory that has it holds the shard's complete rows.
const shardFile = "shard.json"

// shardFormat is the manifest's format.
const shardFormat = "pagesim-shard/1"

// shardManifest says what a partial report is a part of.
type shardManifest struct {
	Format string `json:"format"`
	// Scenario is the scenario's name, File where it was read from (an
	// absolute path, or "example:NAME"), and Fingerprint the SHA-256 of
	// that file and of every recording it read (studyFingerprint).
	Scenario    string `json:"scenario"`
	File        string `json:"file"`
	Fingerprint string `json:"fingerprint"`
	Shard       int    `json:"shard"`
	Shards      int    `json:"shards"`
	// Jobs is the number of simulations of the whole study, Rows the
	// shard's, Incomplete how many of those did not complete.
	Jobs       int `json:"jobs"`
	Rows       int `json:"rows"`
	Incomplete int `json:"incomplete"`
	// Detail is results.json's --detail; Charts whether the runs the
	// charts stand on traced their congestion window (not with
	// --no-plots).
	Detail string `json:"detail"`
	Charts bool   `json:"charts"`
	// ChartsAll and ChartsAt are the points the charts are drawn at
	// (--charts: every point, or those with these values; neither: the
	// first), and Marks what a recording of the page measured, drawn on
	// the waterfalls: what the merge needs to draw the charts of the run.
	ChartsAll bool              `json:"charts_all,omitempty"`
	ChartsAt  map[string]string `json:"charts_at,omitempty"`
	Marks     []shardMark       `json:"marks,omitempty"`
	Version   string            `json:"pagesim"`
}

// shardMark is a plots.Mark in a manifest.
type shardMark struct {
	Name string `json:"name"`
	AtNs int64  `json:"at_ns"`
}

// chartPoints are the manifest's chart points.
func (m *shardManifest) chartPoints() plots.ChartPoints {
	return plots.ChartPoints{All: m.ChartsAll, Match: m.ChartsAt}
}

// marks are the manifest's marks.
func (m *shardManifest) marks() []plots.Mark {
	var out []plots.Mark
	for _, k := range m.Marks {
		out = append(out, plots.Mark{Name: k.Name, At: time.Duration(k.AtNs)})
	}
	return out
}

// studyFingerprint is the SHA-256 of what a scenario's simulations depend
// on: its file (or the embedded example) and the recordings it read.
func studyFingerprint(sc *scenarios.Scenario, file string) (string, error) {
	h := sha256.New()
	add := func(name string, read func() ([]byte, error)) error {
		b, err := read()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(b))
		h.Write(b)
		return nil
	}
	var err error
	if name, ok := strings.CutPrefix(file, "example:"); ok {
		err = add(file, func() ([]byte, error) { return scenarios.ExampleSource(name) })
	} else {
		err = add("scenario", func() ([]byte, error) { return os.ReadFile(file) })
	}
	if err != nil {
		return "", err
	}
	for _, p := range sc.Inputs() {
		if err := add(filepath.Base(p), func() ([]byte, error) { return os.ReadFile(p) }); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// readManifest reads the manifest of the shard in dir.
func readManifest(dir string) (*shardManifest, error) {
	b, err := os.ReadFile(filepath.Join(dir, shardFile))
	if err != nil {
		return nil, err
	}
	var m shardManifest
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, fmt.Errorf("%s: %v", filepath.Join(dir, shardFile), err)
	}
	if m.Format != shardFormat {
		return nil, fmt.Errorf("%s: format %q (expected %q)", filepath.Join(dir, shardFile), m.Format, shardFormat)
	}
	return &m, nil
}

func (m *shardManifest) write(w io.Writer) error {
	b, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// shardDir is where shard sp of a study in dir writes its partial report.
func shardDir(dir string, sp shardSpec) string {
	return filepath.Join(dir, "shard-"+strconv.Itoa(sp.index))
}

// sameStudy reports why shard manifest m is not a part of the study that
// ref is a part of ("" when it is).
func sameStudy(ref, m *shardManifest) string {
	switch {
	case m.Fingerprint != ref.Fingerprint:
		return fmt.Sprintf("another scenario or recording (fingerprint %.12s…, not %.12s…)", m.Fingerprint, ref.Fingerprint)
	case m.Shards != ref.Shards:
		return fmt.Sprintf("a study in %d shards, not %d", m.Shards, ref.Shards)
	case m.Jobs != ref.Jobs:
		return fmt.Sprintf("%d simulations, not %d", m.Jobs, ref.Jobs)
	case m.Detail != ref.Detail:
		return fmt.Sprintf("--detail %s, not %s", m.Detail, ref.Detail)
	case m.Charts != ref.Charts:
		return "run with and without --no-plots"
	case m.ChartsAll != ref.ChartsAll || !maps.Equal(m.ChartsAt, ref.ChartsAt):
		return "another --charts"
	}
	return ""
}
