package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// slurmStudy is the sweep TestSlurm runs: 4 points × 3 strategies × 3
// runs with loss, so that every run differs.
const slurmStudy = `name: slurm-sweep
runs: 3
network: {loss: 1%}
page:
  generate: {count: 12, size: 8KB, hosts: [a.example.com, b.example.com], depth: 1}
strategies: [serial, browser, pipelined]
sweep: {network.rtt: [20ms, 100ms], network.down: [1Mbps, 10Mbps]}
`

// TestSlurm submits a study to a real Slurm: the array script pagesim
// jobs --slurm writes, run by slurmd as 4 array tasks, each a shard, the
// last of which merges the study; the merged report must be the unsharded
// run's byte for byte. Submitting it again (what one does after an
// interruption) runs no shard again. It needs a Slurm cluster (.ci/slurm.sh
// starts a single-node one, and .ci/run sets PAGESIM_SLURM): it is skipped
// only when PAGESIM_SLURM is unset, and fails when it is set and Slurm
// does not work.
func TestSlurm(t *testing.T) {
	if os.Getenv("PAGESIM_SLURM") == "" {
		t.Skip("PAGESIM_SLURM is not set: .ci/slurm.sh runs this test on a single-node Slurm")
	}
	for _, tool := range []string{"sbatch", "sinfo"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Fatalf("PAGESIM_SLURM is set but %s is missing: %v", tool, err)
		}
	}
	bin := pagesimBinary(t)
	dir := t.TempDir()
	scenario := filepath.Join(dir, "study.yaml")
	if err := os.WriteFile(scenario, []byte(slurmStudy), 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(name string, args ...string) string {
		t.Helper()
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
		defer cancel()
		cmd := exec.CommandContext(ctx, name, args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run(bin, "run", scenario, "-o", filepath.Join(dir, "whole"), "-q")
	study := filepath.Join(dir, "study")
	script := run(bin, "jobs", "--slurm", scenario, "-n", "4", "-o", study)
	job := filepath.Join(dir, "study.sbatch")
	if err := os.WriteFile(job, []byte(script), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("sinfo: %s", run("sinfo", "-N", "-h", "-o", "%N %t %c CPUs"))
	t.Logf("sbatch: %s", run("sbatch", "--wait", job))

	got, want := readDir(t, filepath.Join(study, "report")), readDir(t, filepath.Join(dir, "whole"))
	if len(want) < 5 || !reflect.DeepEqual(listDir(t, filepath.Join(study, "report")), listDir(t, filepath.Join(dir, "whole"))) {
		t.Fatalf("the study merged on Slurm has files %q, the unsharded run %q", listDir(t, filepath.Join(study, "report")), listDir(t, filepath.Join(dir, "whole")))
	}
	for name := range want {
		if name != "index.html" && got[name] != want[name] { // index.html quotes its command line
			t.Errorf("%s of the study merged on Slurm differs from the unsharded run's", name)
		}
	}
	// Each task ran its shard (its log says so) as a task of the array.
	logs, _ := filepath.Glob(filepath.Join(dir, "slurm-*_*.out"))
	if len(logs) != 4 {
		t.Errorf("%d task logs, want 4: %q", len(logs), logs)
	}
	for _, l := range logs {
		b, _ := os.ReadFile(l)
		if !strings.Contains(string(b), "/4: ") {
			t.Errorf("%s: %q; want a shard's line", l, b)
		}
	}
	// Submitted again, every shard is complete and nothing runs.
	manifests := func() []time.Time {
		var out []time.Time
		for i := 0; i < 4; i++ {
			fi, err := os.Stat(filepath.Join(shardDir(study, shardSpec{i, 4}), shardFile))
			if err != nil {
				t.Fatal(err)
			}
			out = append(out, fi.ModTime())
		}
		return out
	}
	before := manifests()
	run("sbatch", "--wait", job)
	if after := manifests(); !reflect.DeepEqual(after, before) {
		t.Errorf("shards were run again on resubmission: manifests written at %v, then %v", before, after)
	}
	if again := readDir(t, filepath.Join(study, "report")); !reflect.DeepEqual(again, got) {
		t.Error("the report changed on resubmission")
	}
}
