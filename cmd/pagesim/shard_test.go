package main

import (
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestShardMergeIdentity: a study run in N interleaved shards and merged
// writes the very files an unsharded run writes — results.csv,
// results.json, summary.md, every chart — and prints the same table,
// for shard counts from 1 to more than there are simulations, with and
// without per-object detail (without it the merge simulates the charted
// runs again), and for a study with loads that do not complete (exit 3).
// The real simulator runs: the identity is that of the model's results.
func TestShardMergeIdentity(t *testing.T) {
	for _, c := range []struct {
		example string
		detail  string
		plots   bool
		shards  []int
		code    int
	}{
		{"dsl-news", "all", true, []int{3}, 0},
		{"dsl-news", "all", false, []int{1, 7, 81}, 0},
		{"dsl-news", "none", true, []int{4}, 0}, // the charted runs simulated again
		{"hazard-dumb-proxy", "charted", true, []int{2}, 0},
		{"hazard-idle-close-race", "all", true, []int{3}, 3},
	} {
		flags := []string{"-q", "-j", "2", "--detail", c.detail}
		if !c.plots {
			flags = append(flags, "--no-plots")
		}
		whole := filepath.Join(t.TempDir(), "whole")
		wantOut, stderr, code := runCLI(append([]string{"run", "--example", c.example, "-o", whole}, flags...)...)
		if code != c.code {
			t.Fatalf("%s: unsharded: exit %d, want %d: %s", c.example, code, c.code, stderr)
		}
		want := readDir(t, whole)
		for _, n := range c.shards {
			study := filepath.Join(t.TempDir(), "study")
			for i := n - 1; i >= 0; i-- { // in any order
				args := append([]string{"run", "--example", c.example, "--shard", strconv.Itoa(i) + "/" + strconv.Itoa(n), "-o", study}, flags...)
				if _, stderr, code := runCLI(args...); code != 0 && code != 3 {
					t.Fatalf("%s: shard %d/%d: exit %d: %s", c.example, i, n, code, stderr)
				}
			}
			merged := filepath.Join(t.TempDir(), "merged")
			margs := []string{"merge", study, "-o", merged, "-q"}
			if !c.plots {
				margs = append(margs, "--no-plots")
			}
			gotOut, stderr, code := runCLI(margs...)
			if code != c.code {
				t.Fatalf("%s: merge of %d shards: exit %d, want %d: %s", c.example, n, code, c.code, stderr)
			}
			got := readDir(t, merged)
			if len(got) != len(want) {
				t.Errorf("%s, %d shards: files %q, want %q", c.example, n, listDir(t, merged), listDir(t, whole))
			}
			for name, w := range want {
				if name == "index.html" {
					// It quotes its command line (pagesim merge …).
					if !strings.Contains(got[name], "pagesim merge") {
						t.Errorf("%s, %d shards: index.html does not quote the merge", c.example, n)
					}
					continue
				}
				if got[name] != w {
					t.Errorf("%s, %d shards, --detail %s: %s differs from the unsharded run's", c.example, n, c.detail, name)
				}
			}
			if gotOut != wantOut {
				t.Errorf("%s, %d shards: merge printed\n%s\nthe run printed\n%s", c.example, n, gotOut, wantOut)
			}
		}
	}
}

// TestShardResumeAndMerge: with --merge the last shard to finish merges
// the study, in whichever order the shards end; --resume does not run a
// complete shard again (a shard left without its manifest, as an
// interrupted one is, runs); the merged study is not merged twice.
func TestShardResumeAndMerge(t *testing.T) {
	withFake(t)
	file := writeScenario(t, smallScenario)
	study := filepath.Join(t.TempDir(), "study")
	shard := func(i int, extra ...string) (string, string, int) {
		return runCLI(append([]string{"run", file, "--shard", strconv.Itoa(i) + "/3", "-o", study, "--merge", "--resume"}, extra...)...)
	}
	for _, i := range []int{2, 0} {
		if _, stderr, code := shard(i, "-q"); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
	}
	if _, err := os.Stat(filepath.Join(study, "report")); !os.IsNotExist(err) {
		t.Fatal("merged before every shard was complete")
	}
	// Shard 0 again: complete, not run.
	before := readDir(t, shardDir(study, shardSpec{0, 3}))
	if _, stderr, code := shard(0); code != 0 || !strings.Contains(stderr, "not run again (--resume)") {
		t.Errorf("resuming a complete shard: exit %d, %q", code, stderr)
	}
	if got := readDir(t, shardDir(study, shardSpec{0, 3})); !reflect.DeepEqual(got, before) {
		t.Error("a complete shard was written again")
	}
	// Shard 1, interrupted after writing its rows but not its manifest.
	part := shardDir(study, shardSpec{1, 3})
	if err := os.MkdirAll(part, 0o755); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(part, "results.csv"), []byte("partial"), 0o644)
	stdout, stderr, code := shard(1, "-q")
	if code != 0 || !strings.Contains(stdout, "strategy") {
		t.Fatalf("the last shard: exit %d, stdout %q, stderr %q; want the merged table", code, stdout, stderr)
	}
	whole := filepath.Join(t.TempDir(), "whole")
	if _, stderr, code := runCLI("run", file, "-o", whole, "-q"); code != 0 {
		t.Fatal(stderr)
	}
	got, want := readDir(t, filepath.Join(study, "report")), readDir(t, whole)
	delete(got, "index.html") // it quotes its command line
	delete(want, "index.html")
	for name := range want {
		if got[name] != want[name] {
			t.Errorf("%s of the study merged by its last shard differs from the unsharded run's", name)
		}
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("the study merged by its last shard differs from the unsharded run: %q, want %q", listDir(t, filepath.Join(study, "report")), listDir(t, whole))
	}
	// Every shard complete and merged: running one again with --resume
	// neither simulates nor merges.
	os.WriteFile(filepath.Join(study, "report", "summary.md"), []byte("kept"), 0o644)
	if _, stderr, code := shard(2, "-q"); code != 0 {
		t.Fatal(stderr)
	}
	if b, _ := os.ReadFile(filepath.Join(study, "report", "summary.md")); string(b) != "kept" {
		t.Error("a merged study was merged again")
	}
}

// TestResumeOverAnotherStudy: --resume over a complete shard of another
// study runs this one, and says on stderr, even with -q, what it replaces.
func TestResumeOverAnotherStudy(t *testing.T) {
	withFake(t)
	file := writeScenario(t, smallScenario)
	other := writeScenario(t, strings.Replace(smallScenario, "seed: 7", "seed: 8", 1))
	study := filepath.Join(t.TempDir(), "study")
	if _, stderr, code := runCLI("run", file, "--shard", "0/3", "-o", study, "-q", "--resume"); code != 0 || stderr != "" {
		t.Fatalf("first shard: exit %d, stderr %q", code, stderr)
	}
	dir := shardDir(study, shardSpec{0, 3})
	first, err := readManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runCLI("run", other, "--shard", "0/3", "-o", study, "-q", "--resume")
	if code != 0 || !strings.Contains(stderr, "warning") || !strings.Contains(stderr, "another scenario or recording") {
		t.Fatalf("resume over another study: exit %d, stderr %q; want a warning naming the difference", code, stderr)
	}
	second, err := readManifest(dir)
	if err != nil {
		t.Fatal(err)
	}
	if second.Fingerprint == first.Fingerprint {
		t.Error("the other study's shard was not run")
	}
	// The same study again: complete, no warning.
	if _, stderr, code := runCLI("run", other, "--shard", "0/3", "-o", study, "-q", "--resume"); code != 0 || stderr != "" {
		t.Errorf("resuming the same study: exit %d, stderr %q", code, stderr)
	}
}

// TestMergeRefuses: a merge of shards that are not one whole study is bad
// input that names what is wrong, and writes nothing.
func TestMergeRefuses(t *testing.T) {
	withFake(t)
	file := writeScenario(t, smallScenario)
	other := writeScenario(t, strings.Replace(smallScenario, "seed: 7", "seed: 8", 1))
	study := filepath.Join(t.TempDir(), "study")
	for i := 0; i < 3; i++ {
		runCLI("run", file, "--shard", strconv.Itoa(i)+"/3", "-o", study, "-q")
	}
	otherScenario, otherCount, otherDetail := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b"), filepath.Join(t.TempDir(), "c")
	runCLI("run", other, "--shard", "1/3", "-o", otherScenario, "-q")
	runCLI("run", file, "--shard", "1/2", "-o", otherCount, "-q")
	runCLI("run", file, "--shard", "0/3", "-o", otherDetail, "-q", "--detail", "none")
	for _, c := range []struct {
		name string
		dirs []string
		want string
	}{
		{"a shard missing", []string{shardDir(study, shardSpec{0, 3}), shardDir(study, shardSpec{2, 3})}, "missing: 1"},
		{"a shard twice", []string{study, shardDir(study, shardSpec{2, 3})}, "given twice"},
		{"another scenario", []string{shardDir(study, shardSpec{0, 3}), shardDir(otherScenario, shardSpec{1, 3}), shardDir(study, shardSpec{2, 3})}, "another scenario or recording"},
		{"another count", []string{study, shardDir(otherCount, shardSpec{1, 2})}, "a study in 2 shards, not 3"},
		{"another detail", []string{shardDir(otherDetail, shardSpec{0, 3}), shardDir(study, shardSpec{1, 3}), shardDir(study, shardSpec{2, 3})}, "--detail charted, not none"},
		{"no shard", []string{t.TempDir()}, "holds no complete shard"},
	} {
		out := filepath.Join(t.TempDir(), "out")
		_, stderr, code := runCLI(append(append([]string{"merge"}, c.dirs...), "-o", out, "-q")...)
		if code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, %q; want 2 and %q", c.name, code, stderr, c.want)
		}
		if listDir(t, out) != nil {
			t.Errorf("%s: wrote %q", c.name, listDir(t, out))
		}
	}
}

func TestParseShard(t *testing.T) {
	adFile := filepath.Join(t.TempDir(), ".job.ad")
	os.WriteFile(adFile, []byte("ClusterId = 12\nProcId = 5\nOwner = \"u\"\n"), 0o644)
	env := func(kv ...string) func(string) string {
		return func(k string) string {
			for i := 0; i+1 < len(kv); i += 2 {
				if kv[i] == k {
					return kv[i+1]
				}
			}
			return ""
		}
	}
	for _, c := range []struct {
		name, spec string
		env        func(string) string
		want       shardSpec
		err        string
	}{
		{"explicit", "3/16", env(), shardSpec{3, 16}, ""},
		{"the only shard", "0/1", env(), shardSpec{0, 1}, ""},
		{"index = count", "16/16", env(), shardSpec{}, "expected 0 ≤ I < N"},
		{"negative", "-1/4", env(), shardSpec{}, "expected 0 ≤ I < N"},
		{"no count", "3", env(), shardSpec{}, "expected I/N"},
		{"words", "a/b", env(), shardSpec{}, "expected I/N"},
		{"slurm", "slurm", env("SLURM_ARRAY_TASK_ID", "7", "SLURM_ARRAY_TASK_COUNT", "8"), shardSpec{7, 8}, ""},
		{"slurm from 1", "slurm", env("SLURM_ARRAY_TASK_ID", "8", "SLURM_ARRAY_TASK_COUNT", "8", "SLURM_ARRAY_TASK_MIN", "1"), shardSpec{7, 8}, ""},
		{"slurm, not an array", "slurm", env(), shardSpec{}, "SLURM_ARRAY_TASK_ID is not set"},
		{"slurm with steps", "slurm", env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "4", "SLURM_ARRAY_TASK_STEP", "2"), shardSpec{}, "consecutive"},
		{"slurm with a count", "slurm/4", env(), shardSpec{}, "SLURM_ARRAY_TASK_COUNT"},
		{"kubernetes", "kubernetes/10", env("JOB_COMPLETION_INDEX", "9"), shardSpec{9, 10}, ""},
		{"kubernetes, no count", "kubernetes", env("JOB_COMPLETION_INDEX", "9"), shardSpec{}, "kubernetes/N"},
		{"kubernetes, index too big", "kubernetes/10", env("JOB_COMPLETION_INDEX", "10"), shardSpec{}, "expected 0 ≤ I < N"},
		{"htcondor", "htcondor/6", env("_CONDOR_JOB_AD", adFile), shardSpec{5, 6}, ""},
		{"htcondor, no ad", "htcondor/6", env(), shardSpec{}, "_CONDOR_JOB_AD is not set"},
	} {
		got, err := parseShard(c.spec, c.env)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: parseShard(%q) = %v, %v; want an error containing %q", c.name, c.spec, got, err, c.err)
			}
			continue
		}
		if err != nil || got != c.want {
			t.Errorf("%s: parseShard(%q) = %v, %v; want %v", c.name, c.spec, got, err, c.want)
		}
	}
}

// TestShardSizes: the shards partition the jobs, job k in shard k mod N at
// row k div N.
func TestShardSizes(t *testing.T) {
	for _, total := range []int{1, 7, 80} {
		for _, n := range []int{1, 2, 3, 7, 80, 81} {
			seen := make([]int, total)
			for i := 0; i < n; i++ {
				sp := shardSpec{i, n}
				for k := 0; k < sp.size(total); k++ {
					g := sp.global(k)
					if g >= total || g%n != i || g/n != k {
						t.Fatalf("%d jobs, shard %d/%d: row %d is job %d", total, i, n, k, g)
					}
					seen[g]++
				}
			}
			for g, c := range seen {
				if c != 1 {
					t.Fatalf("%d jobs in %d shards: job %d in %d shards", total, n, g, c)
				}
			}
		}
	}
}

// TestJobFiles: pagesim jobs writes a Slurm array script, a Kubernetes
// Indexed Job and an HTCondor submit file whose tasks run the shards of
// the study with --resume and --merge, each with the index where its
// engine hands it in.
func TestJobFiles(t *testing.T) {
	file := writeScenario(t, smallScenario)
	study := filepath.Join(t.TempDir(), "my study")
	for _, c := range []struct {
		engine string
		want   []string
	}{
		{"slurm", []string{"#!/bin/sh\n", "#SBATCH --array=0-4\n", "#SBATCH --cpus-per-task=2\n", "#SBATCH --mem=2G\n", "#SBATCH --time=1:00:00\n",
			"run '" + file + "' --shard slurm -o '" + study + "' --resume --merge -q -j 2 --detail none\n", `if [ "$status" -eq 3 ]; then status=0; fi`}},
		{"htcondor", []string{"executable     = /bin/sh\n", "queue 5\n", "request_cpus   = 2\n",
			"arguments      = \"-c ''", "run ''" + file + "'' --shard $(Process)/5 -o ''" + study + "'' --resume --merge -q -j 2 --detail none; status=$?"}},
		{"kubernetes", []string{"completionMode: Indexed\n", "completions: 5\n", "claimName: pagesim-study", "'/study/s.yaml' --shard kubernetes/5 -o '/study/my study'"}},
	} {
		stdout, stderr, code := runCLI("jobs", "--"+c.engine, file, "-n", "5", "-o", study, "-c", "2", "--mem", "2G", "--time", "1:00:00", "--detail", "none")
		if code != 0 {
			t.Fatalf("%s: exit %d: %s", c.engine, code, stderr)
		}
		for _, w := range c.want {
			if !strings.Contains(stdout, w) {
				t.Errorf("%s: the job file lacks %q:\n%s", c.engine, w, stdout)
			}
		}
		if c.engine == "kubernetes" {
			var job struct {
				Kind string
				Spec struct {
					CompletionMode string `yaml:"completionMode"`
					Completions    int
					Template       struct {
						Spec struct {
							Containers []struct {
								Command []string
								Args    []string
							}
						}
					}
				}
			}
			if err := yaml.Unmarshal([]byte(stdout), &job); err != nil {
				t.Fatalf("kubernetes: not YAML: %v\n%s", err, stdout)
			}
			ctr := job.Spec.Template.Spec.Containers
			if job.Kind != "Job" || job.Spec.Completions != 5 || len(ctr) != 1 || len(ctr[0].Args) != 1 || !strings.HasPrefix(ctr[0].Args[0], "'pagesim' run '/study/s.yaml'") {
				t.Errorf("kubernetes: %+v", job)
			}
		}
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"jobs", file, "-n", "2"}, "give one of --slurm"},
		{[]string{"jobs", "--slurm", "--htcondor", file, "-n", "2"}, "give one of --slurm"},
		{[]string{"jobs", "--slurm", file, "-n", "13"}, "expected 1 to 12 shards"},
		{[]string{"jobs", "--slurm", file}, "expected 1 to 12 shards"},
		{[]string{"jobs", "--slurm", file, "-n", "2", "--mem", "1G; rm -rf /"}, "letters, digits"},
	} {
		if _, stderr, code := runCLI(c.args...); code != 2 || !strings.Contains(stderr, c.want) {
			t.Errorf("%q: exit %d, %q; want 2 and %q", c.args, code, stderr, c.want)
		}
	}
}
