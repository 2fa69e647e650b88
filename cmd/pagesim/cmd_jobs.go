package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"pagesim/plots"
	"pagesim/scenarios"
)

const jobsHelp = `Usage: pagesim jobs --slurm|--kubernetes|--htcondor SCENARIO.yaml -n N [-o STUDY] [flags]

Write to standard output the job file that runs a study on a batch
engine: N shards of the scenario's simulations (pagesim run --shard), each
into STUDY/shard-I, and then the merge into STUDY/report, byte for byte the
report an unsharded pagesim run writes. Every task runs

  pagesim run SCENARIO --shard ENGINE -o STUDY --resume --merge -q -j CPUS

so the last shard to finish merges the study (under a lock), and
submitting the same file again after an interruption, a failed node or a
time limit runs only the shards that are not complete. Loads that did not
complete (exit status 3) are reported in the report, not a failed task.
The scenario, its recordings, STUDY and the pagesim binary must be on a
filesystem every node sees.

Flags:
  --slurm         an sbatch array script (--array=0-N-1; the index from
                  SLURM_ARRAY_TASK_ID): sbatch FILE
  --kubernetes    an Indexed Job (the index from JOB_COMPLETION_INDEX)
                  whose pods mount a PersistentVolumeClaim at /study
                  holding the scenario and its recordings: kubectl apply
                  -f FILE
  --htcondor      a submit file queueing N jobs (the index from
                  $(Process)): condor_submit FILE
  -n N            shards (1 to the number of simulations)
  -o STUDY        the study's directory (default: study-NAME beside the
                  scenario)
  -c CPUS         cores per shard, pagesim run -j (default 1)
  --mem SIZE      memory per shard, as the engine writes it (default 1G:
                  a shard holds a window of results, not its rows)
  --time LIMIT    Slurm time limit per task (default none: the partition's)
  --detail D      results.json detail, as pagesim run (default charted)
  --no-plots      no charts in the report
  --pagesim PATH  the pagesim the tasks run (default: this one's path;
                  "pagesim" in the Kubernetes image)
  --image IMAGE   Kubernetes: the container image with pagesim on its PATH
                  (default pagesim:latest)
  --pvc CLAIM     Kubernetes: the claim mounted at /study (default
                  pagesim-study)
  --parallel P    Kubernetes: pods at once (default: min(N, 16))

Examples:
  pagesim jobs --slurm sweep.yaml -n 64 > sweep.sbatch && sbatch sweep.sbatch
  pagesim jobs --kubernetes sweep.yaml -n 64 --image registry.example/pagesim:1 > job.yaml
  pagesim jobs --htcondor sweep.yaml -n 64 > sweep.sub && condor_submit sweep.sub
`

type jobsOptions struct {
	engine   string
	shards   int
	study    string
	cpus     int
	mem      string
	time     string
	detail   string
	noPlots  bool
	pagesim  string
	image    string
	pvc      string
	parallel int
}

func jobsCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("jobs")
	var o jobsOptions
	slurm := fs.Bool("slurm", false, "Slurm array job")
	kube := fs.Bool("kubernetes", false, "Kubernetes Indexed Job")
	condor := fs.Bool("htcondor", false, "HTCondor submit file")
	fs.IntVar(&o.shards, "n", 0, "shards")
	fs.StringVar(&o.study, "o", "", "study directory")
	fs.IntVar(&o.cpus, "c", 1, "cores per shard")
	fs.StringVar(&o.mem, "mem", "1G", "memory per shard")
	fs.StringVar(&o.time, "time", "", "Slurm time limit")
	fs.StringVar(&o.detail, "detail", plots.DefaultDetail.String(), "results.json detail")
	fs.BoolVar(&o.noPlots, "no-plots", false, "no charts")
	fs.StringVar(&o.pagesim, "pagesim", "", "the pagesim binary")
	fs.StringVar(&o.image, "image", "pagesim:latest", "container image")
	fs.StringVar(&o.pvc, "pvc", "pagesim-study", "PersistentVolumeClaim")
	fs.IntVar(&o.parallel, "parallel", 0, "pods at once")
	pos, err := parse(fs, args, jobsHelp, stdout)
	if err != nil {
		if errors.Is(err, errHelped) {
			return nil
		}
		return err
	}
	var engines []string
	for name, on := range map[string]bool{"slurm": *slurm, "kubernetes": *kube, "htcondor": *condor} {
		if on {
			engines = append(engines, name)
		}
	}
	if len(engines) != 1 {
		return usagef("jobs: give one of --slurm, --kubernetes, --htcondor")
	}
	o.engine = engines[0]
	if len(pos) != 1 {
		return usagef("jobs: one scenario file expected (usage: pagesim jobs --%s SCENARIO.yaml -n N)", o.engine)
	}
	if o.cpus < 1 {
		return usagef("jobs: -c %d: must be at least 1", o.cpus)
	}
	if _, err := plots.ParseDetail(o.detail); err != nil {
		return usagef("jobs: --detail %s: expected all, charted or none", o.detail)
	}
	for flag, v := range map[string]string{"--mem": o.mem, "--time": o.time, "--image": o.image, "--pvc": o.pvc} {
		if !safeWord.MatchString(v) && v != "" {
			return usagef("jobs: %s %q: letters, digits and ._:/@+- only", flag, v)
		}
	}
	sc, err := scenarios.Load(pos[0])
	if err != nil {
		if !isErrorList(err) {
			err = badInput{err}
		}
		return err
	}
	total := sc.NumJobs()
	if o.shards < 1 || o.shards > total {
		return usagef("jobs: -n %d: expected 1 to %d shards (the scenario's simulations)", o.shards, total)
	}
	scenario, err := filepath.Abs(pos[0])
	if err != nil {
		return err
	}
	if o.study == "" {
		o.study = filepath.Join(filepath.Dir(scenario), "study-"+fileStemOf(sc.Name))
	}
	if o.study, err = filepath.Abs(o.study); err != nil {
		return err
	}
	if o.pagesim == "" {
		if o.engine == "kubernetes" {
			o.pagesim = "pagesim"
		} else if o.pagesim, err = os.Executable(); err != nil {
			return err
		}
	}
	if o.parallel <= 0 {
		o.parallel = min(o.shards, 16)
	}
	var text string
	switch o.engine {
	case "slurm":
		text = slurmScript(sc, scenario, total, o)
	case "kubernetes":
		text = kubernetesJob(sc, scenario, total, o)
	default:
		text = condorSubmit(sc, scenario, total, o)
	}
	_, err = io.WriteString(stdout, text)
	return err
}

// safeWord is what a flag value spliced into a job file may hold.
var safeWord = regexp.MustCompile(`^[A-Za-z0-9._:/@+-]+$`)

// fileStemOf keeps letters, digits and ._- of a name, for a job or file
// name.
func fileStemOf(name string) string {
	var b strings.Builder
	for _, c := range name {
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '_', c == '-':
			b.WriteRune(c)
		default:
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 {
		return "study"
	}
	return b.String()
}

// shq quotes s for a POSIX shell.
func shq(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// runArgs is the pagesim run command of a task, for a shell.
func runArgs(pagesim, scenario, shard, study string, o jobsOptions) string {
	args := []string{shq(pagesim), "run", shq(scenario), "--shard", shard, "-o", shq(study),
		"--resume", "--merge", "-q", "-j", fmt.Sprint(o.cpus)}
	if o.detail != plots.DefaultDetail.String() {
		args = append(args, "--detail", o.detail)
	}
	if o.noPlots {
		args = append(args, "--no-plots")
	}
	return strings.Join(args, " ")
}

// exitOK turns exit status 3 (loads that did not complete: reported) into
// success for the engine, and keeps every other.
const exitOK = `status=$?; if [ "$status" -eq 3 ]; then status=0; fi; exit "$status"`

func header(sc *scenarios.Scenario, scenario string, total int, o jobsOptions, submit string) string {
	per := (total + o.shards - 1) / o.shards
	return fmt.Sprintf(`# pagesim study %q (%s): %d simulations in %d shards (at most %d each),
# written by pagesim jobs --%s. Each task runs one shard into %s/shard-I and the
# last one to finish merges the study into %s/report (pagesim run --merge).
# Submit with: %s
# After an interruption, submit it again: the complete shards are not run again
# (--resume), and the merge happens once the last one is done.
`, sc.Name, scenario, total, o.shards, per, o.engine, o.study, o.study, submit)
}

func slurmScript(sc *scenarios.Scenario, scenario string, total int, o jobsOptions) string {
	var b strings.Builder
	b.WriteString("#!/bin/sh\n")
	b.WriteString(header(sc, scenario, total, o, "sbatch FILE"))
	fmt.Fprintf(&b, "#SBATCH --job-name=pagesim-%s\n", fileStemOf(sc.Name))
	fmt.Fprintf(&b, "#SBATCH --array=0-%d\n", o.shards-1)
	b.WriteString("#SBATCH --ntasks=1\n")
	fmt.Fprintf(&b, "#SBATCH --cpus-per-task=%d\n", o.cpus)
	fmt.Fprintf(&b, "#SBATCH --mem=%s\n", o.mem)
	if o.time != "" {
		fmt.Fprintf(&b, "#SBATCH --time=%s\n", o.time)
	}
	fmt.Fprintf(&b, "%s\n%s\n", runArgs(o.pagesim, scenario, "slurm", o.study, o), exitOK)
	return b.String()
}

func kubernetesJob(sc *scenarios.Scenario, scenario string, total int, o jobsOptions) string {
	inPod := "/study/" + filepath.Base(scenario)
	study := "/study/" + filepath.Base(o.study)
	name := strings.ToLower(fileStemOf(sc.Name))
	name = strings.Trim(strings.NewReplacer("_", "-", ".", "-").Replace(name), "-")
	if len(name) > 40 {
		name = name[:40]
	}
	cmd := runArgs(o.pagesim, inPod, fmt.Sprintf("kubernetes/%d", o.shards), study, o) + "; " + exitOK
	var b strings.Builder
	b.WriteString(header(sc, scenario, total, o, "kubectl apply -f FILE"))
	fmt.Fprintf(&b, `# The pods mount the claim %s at /study: copy %s (and the
# recordings it reads) there first; the study is written to %s.
apiVersion: batch/v1
kind: Job
metadata:
  name: pagesim-%s
spec:
  completionMode: Indexed
  completions: %d
  parallelism: %d
  backoffLimit: %d
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: pagesim
          image: %s
          command: ["/bin/sh", "-c"]
          args:
            - %s
          resources:
            requests: {cpu: "%d", memory: "%s"}
          volumeMounts:
            - {name: study, mountPath: /study}
      volumes:
        - name: study
          persistentVolumeClaim: {claimName: %s}
`, o.pvc, filepath.Base(scenario), study, name, o.shards, o.parallel, 3*o.shards, o.image, yamlQuote(cmd), o.cpus, kubeMem(o.mem), o.pvc)
	return b.String()
}

// kubeMem writes a Slurm-style size (1G, 512M) as Kubernetes does (1Gi,
// 512Mi).
func kubeMem(s string) string {
	if n := len(s); n > 0 && strings.ContainsRune("KMGT", rune(s[n-1])) {
		return s + "i"
	}
	return s
}

// yamlQuote writes s as a double-quoted YAML scalar.
func yamlQuote(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

func condorSubmit(sc *scenarios.Scenario, scenario string, total int, o jobsOptions) string {
	cmd := runArgs(o.pagesim, scenario, fmt.Sprintf("$(Process)/%d", o.shards), o.study, o) + "; " + exitOK
	stem := fileStemOf(sc.Name)
	var b strings.Builder
	b.WriteString(header(sc, scenario, total, o, "condor_submit FILE"))
	fmt.Fprintf(&b, `universe       = vanilla
executable     = /bin/sh
arguments      = "-c '%s'"
request_cpus   = %d
request_memory = %s
output         = pagesim-%s-$(Process).out
error          = pagesim-%s-$(Process).err
log            = pagesim-%s.log
should_transfer_files = NO
queue %d
`, condorQuote(cmd), o.cpus, o.mem, stem, stem, stem, o.shards)
	return b.String()
}

// condorQuote escapes a command for the single-quoted part of HTCondor's
// new argument syntax: every single quote and every double quote in it is
// doubled.
func condorQuote(s string) string {
	return strings.NewReplacer(`'`, `''`, `"`, `""`).Replace(s)
}
