package scenarios

import (
	"bytes"
	"embed"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"pagesim/model"
	"pagesim/scenarios/internal/readfile"
)

//go:embed examples/*.yaml
var examplesFS embed.FS

// Param is one swept field: its YAML path as written in sweep: (the
// results.csv column name) and its values exactly as written.
type Param struct {
	Path   string
	Values []string
}

// Scenario is a parsed, validated scenario file.
type Scenario struct {
	// Name is name:, or the file's base name without extension.
	Name string
	// File is the file name errors and results refer to.
	File string
	// Seed selects the random streams (name: seed; default 1).
	Seed uint64
	// Runs is the number of Monte Carlo replications (default 1); job
	// runs are numbered 0..Runs-1.
	Runs int
	// Strategies are the strategies every sweep point is simulated
	// under, in file order (default: all seven presets). When a sweep
	// changes a strategy field (strategies[1].conns), the strategies of
	// each point are those decoded for it, and this holds the file's.
	Strategies []model.Strategy
	// Sweep lists the swept fields in file order. It describes the
	// sweep; Jobs expands the sweep as parsed.
	Sweep []Param
	// Warnings are problems that do not stop the scenario, in the same
	// form as errors: what looked wrong in a page.har recording
	// (har.Recording.Warnings), at the page.har key.
	Warnings ErrorList
	// Recorded is what a recording of the page says of its load
	// (page.recorded, or a page.har's pageTimings), to be drawn next to
	// the simulated loads; zero when the page was not recorded.
	Recorded Recorded

	root   *yaml.Node
	params []sweepParam
	env    *env
	// points caches the configuration of every sweep point for the seed
	// it was decoded with (a generated page depends on the seed).
	points     []point
	pointsSeed uint64
	// What Job needs besides points, made once (prepareJobs, under mu).
	mu               sync.Mutex
	pointValues      [][]string // each point's values as written
	paths            []string
	sweepsStrategies bool
}

// Recorded holds the instants a recording of the page gives (from
// navigation start); the simulation models neither — it has no parser or
// script — so they are only shown beside it. Zero: not recorded.
type Recorded struct {
	// DOMContentLoaded is page.recorded.dom_content_loaded (a HAR's
	// pageTimings.onContentLoad).
	DOMContentLoaded time.Duration
	// OnLoad is page.recorded.onload (a HAR's pageTimings.onLoad).
	OnLoad time.Duration
}

// MaxFileSize is the largest scenario file Load reads: 64 MiB, far more
// than a page of the largest generated size written out object by object.
// Load refuses larger files, and anything but a regular file (a directory,
// a device such as /dev/zero, a FIFO), before reading it.
const MaxFileSize = 64 << 20

// Load reads and parses a scenario file. Relative page.har paths are
// resolved against the file's directory. A file that is not a regular
// file or is larger than MaxFileSize is an error (not an ErrorList).
func Load(path string) (*Scenario, error) {
	data, err := readfile.Read(path, MaxFileSize, "scenario file")
	if err != nil {
		return nil, err
	}
	return parse(path, data, filepath.Dir(path))
}

// Parse parses a scenario; file names it in errors, and relative
// page.har paths are resolved against its directory. On failure the error
// is an ErrorList holding every problem found.
func Parse(file string, data []byte) (*Scenario, error) {
	return parse(file, data, filepath.Dir(file))
}

func parse(file string, data []byte, dir string) (*Scenario, error) {
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil && err != io.EOF {
		return nil, syntaxErrors(file, err)
	}
	var next yaml.Node
	if err := dec.Decode(&next); err != io.EOF {
		line := 1
		if err == nil && next.Line > 1 {
			line = next.Line - 1 // the "---" before it
		}
		return nil, ErrorList{{File: file, Line: line, Col: 1, Msg: "more than one YAML document (expected one scenario per file)"}}
	}
	root := firstContent(&doc)
	e := &env{dir: dir, har: &harCache{}}
	d := &decoder{file: file}
	base := d.decodeScenario(root, e, true)
	fits := d.checkSimulations(root, numPoints(base.sweep), len(base.strategies), base.runs)
	var points []point
	if fits && len(base.sweep) > 0 && d.checkSweepShape(root, base.sweep) {
		baseErrs := map[string]bool{}
		for _, err := range d.errs {
			baseErrs[err.Error()] = true
		}
		n := numPoints(base.sweep)
		// Each point is decoded into its place in points; only a point's
		// problems are kept beside it.
		type pointProblems struct {
			msg  string // pointTree's
			errs ErrorList
		}
		points = make([]point, n)
		probs := make([]pointProblems, n)
		forEachPoint(n, func(i int) {
			t, msg := pointTree(root, base.sweep, pointOf(base.sweep, i))
			if msg != "" {
				probs[i].msg = msg
				return
			}
			pd := &decoder{file: file}
			dec := pd.point(t, e)
			points[i], probs[i].errs = point{dec.cfg, dec.strategies}, pd.errs
		})
		for i := range probs {
			if msg := probs[i].msg; msg != "" { // checked by checkSweepShape; kept for safety
				d.errorf(base.sweep[0].keyNode, "sweep", "%s", msg)
				break
			}
			if len(probs[i].errs) == 0 {
				continue
			}
			vals := pointOf(base.sweep, i)
			for _, err := range probs[i].errs {
				if baseErrs[err.Error()] {
					continue
				}
				if k := atWhich(err, vals); k >= 0 {
					sp := base.sweep[k]
					if err.Path == strings.TrimPrefix(canonical(sp.segs), ".") {
						err.Path = index(join("sweep", sp.path), indexOfNode(sp.values, vals[k]))
					} else {
						// About a part of the path (hosts.NAME names no
						// host of the page), not the value: once, at the
						// sweep key.
						err.Line, err.Col, err.Path = sp.keyNode.Line, sp.keyNode.Column, join("sweep", sp.path)
					}
				} else {
					err.Msg += " (at sweep point " + describePoint(base.sweep, vals) + ")"
				}
				d.errs = append(d.errs, err)
			}
		}
	}
	if len(base.sweep) == 0 && len(d.errs) == 0 {
		d.validatePoint(root, e, base.cfg, base.strategies)
	}
	if len(d.errs) > 0 {
		return nil, d.errs.sortAndDedup()
	}
	if len(base.sweep) == 0 {
		points = []point{{base.cfg, base.strategies}}
	}
	d.warnFallbacks(root, points)
	s := &Scenario{
		Name: base.name, File: file, Seed: base.seed, Runs: base.runs,
		Strategies: base.strategies, Warnings: d.warns.sortAndDedup(), Recorded: d.recorded,
		root: root, params: base.sweep, env: e,
	}
	if s.Name == "" {
		s.Name = strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))
	}
	for _, p := range base.sweep {
		prm := Param{Path: p.path}
		for _, v := range p.values {
			prm.Values = append(prm.Values, v.Value)
		}
		s.Sweep = append(s.Sweep, prm)
	}
	s.points, s.pointsSeed = points, s.Seed
	return s, nil
}

// atWhich returns which of vals the error points at, or -1.
func atWhich(e *Error, vals []*yaml.Node) int {
	for k, v := range vals {
		if e.Line == v.Line && e.Col == v.Column {
			return k
		}
	}
	return -1
}

func indexOfNode(ns []*yaml.Node, n *yaml.Node) int {
	for i, x := range ns {
		if x == n {
			return i
		}
	}
	return 0
}

func describePoint(params []sweepParam, vals []*yaml.Node) string {
	parts := make([]string, len(params))
	for i, p := range params {
		parts[i] = p.path + "=" + vals[i].Value
	}
	return strings.Join(parts, ", ")
}

// Inputs lists the files the scenario read besides its own: the
// page.har recordings, by path, sorted. What a scenario simulates depends
// only on its file and these (a study's shards check that they all read
// the same).
func (s *Scenario) Inputs() []string { return s.env.har.paths() }

// Base returns the configuration as written in the file, before any sweep
// value is applied, decoded with s.Seed; Strategy and Run are unset.
func (s *Scenario) Base() (model.Config, error) {
	d := &decoder{file: s.File}
	out := d.decodeScenarioSeed(s.root, s.env, s.Seed)
	if len(d.errs) > 0 {
		return model.Config{}, d.errs.sortAndDedup()
	}
	return out.cfg, nil
}

// point is one decoded sweep point.
type point struct {
	cfg        model.Config
	strategies []model.Strategy // as decoded at this point (strategies[i].… can be swept)
}

// configs returns every sweep point, in point order, decoded with s.Seed.
func (s *Scenario) configs() ([]point, error) {
	if s.points != nil && s.pointsSeed == s.Seed {
		return s.points, nil
	}
	s.pointValues = nil
	n := numPoints(s.params)
	out := make([]point, n)
	errs := make([]error, n)
	forEachPoint(n, func(i int) {
		vals := pointOf(s.params, i)
		t, msg := pointTree(s.root, s.params, vals)
		if msg != "" {
			errs[i] = fmt.Errorf("%s: sweep point %s: %s", s.File, describePoint(s.params, vals), msg)
			return
		}
		d := &decoder{file: s.File}
		dec := d.decodeScenarioSeed(t, s.env, s.Seed)
		if len(d.errs) > 0 {
			errs[i] = d.errs.sortAndDedup()
			return
		}
		out[i] = point{dec.cfg, dec.strategies}
	})
	for _, err := range errs {
		if err != nil { // the first point's in order, as when decoded one by one
			return nil, err
		}
	}
	s.points, s.pointsSeed = out, s.Seed
	return out, nil
}

// decodeScenarioSeed decodes and validates t as if its seed: were seed.
func (d *decoder) decodeScenarioSeed(t *yaml.Node, e *env, seed uint64) *decoded {
	sv := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(seed)}
	t, _ = setPath(t, []seg{{key: "seed"}}, sv, "")
	return d.point(t, e)
}

// point decodes the tree of one sweep point and, if that found no error,
// validates it as the model will (validatePoint).
func (d *decoder) point(t *yaml.Node, e *env) *decoded {
	dec := d.decodeScenario(t, e, false)
	if len(d.errs) == 0 {
		d.validatePoint(t, e, dec.cfg, dec.strategies)
	}
	return dec
}

// MaxSimulations bounds the simulations of one scenario, sweep points ×
// strategies × runs: 100 000 000. Results stream out as they come, but
// the summary keeps each complete run's load time and run number (12
// bytes), so the bound keeps the aggregates of a whole study — merged from
// its shards, say — near a gigabyte, and a study within about ten
// CPU-hours per millisecond of simulation. A scenario over it is refused
// when it is parsed, before any sweep point is decoded or any job is made.
const MaxSimulations = 100_000_000

// simulations is points × strategies × runs, saturating at math.MaxInt
// instead of overflowing.
func simulations(points, strategies, runs int) int {
	n := 1
	for _, f := range []int{points, strategies, runs} {
		if f <= 0 {
			return 0
		}
		if n > math.MaxInt/f {
			return math.MaxInt
		}
		n *= f
	}
	return n
}

// checkSimulations reports a scenario of more than MaxSimulations
// simulations, at the runs: key when runs are replicated, else at the
// sweep: or strategies: key, and says whether it fits.
func (d *decoder) checkSimulations(root *yaml.Node, points, strategies, runs int) bool {
	n := simulations(points, strategies, runs)
	if n <= MaxSimulations {
		return true
	}
	at, path := root, ""
	for _, c := range []struct {
		key  string
		more bool
	}{{"runs", runs > 1}, {"sweep", points > 1}, {"strategies", true}} {
		if kn := rootKey(root, c.key); kn != nil && c.more {
			at, path = kn, c.key
			break
		}
	}
	total := strconv.Itoa(n)
	if n == math.MaxInt {
		total = "more than " + strconv.Itoa(math.MaxInt)
	}
	d.errorf(at, path, "%d %s × %d sweep %s × %d %s = %s simulations, more than the limit of %d (expected fewer runs, sweep values or strategies)",
		runs, plural(runs, "run", "runs"), points, plural(points, "point", "points"), strategies, plural(strategies, "strategy", "strategies"), total, MaxSimulations)
	return false
}

// rootKey returns the key node of k in the top-level mapping, or nil.
func rootKey(root *yaml.Node, k string) *yaml.Node {
	key, _ := keyValue(root, k)
	return key
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// NumJobs is the number of simulations Jobs expands the scenario into:
// sweep points × strategies × runs, computed without expanding anything
// (saturating at math.MaxInt).
func (s *Scenario) NumJobs() int {
	return simulations(numPoints(s.params), len(s.Strategies), s.Runs)
}

// Job is one simulation of a scenario: a sweep point under one strategy
// for one replication.
type Job struct {
	// Index is the job's position in the slice Jobs returned.
	Index int
	// Point holds the point's values, parallel to Scenario.Sweep, as
	// written in the file (empty without a sweep).
	Point []string
	// Strategy is the strategy's name.
	Strategy string
	// Run is the replication number, 0..Runs-1 (Config.Run).
	Run int
	// Config is the complete simulation input. Jobs of the same point
	// share Page, Hosts and Faults, which must be treated as read-only.
	Config model.Config

	paths []string
}

// Jobs expands the scenario into simulations: the Cartesian product of
// the sweep points × Strategies × runs, point-major: all jobs of the first
// point come first; within a point, strategies in order; within a
// strategy, runs 0..Runs-1. Sweep points are ordered like an odometer
// over the sweep keys in file order, the last key varying fastest. Job(i)
// makes any one of them without the others.
func (s *Scenario) Jobs() ([]Job, error) {
	n, err := s.prepareJobs()
	if err != nil {
		return nil, err
	}
	jobs := make([]Job, n)
	for i := range jobs {
		if jobs[i], err = s.Job(i); err != nil {
			return nil, err
		}
	}
	return jobs, nil
}

// prepareJobs checks that the scenario expands into jobs and decodes its
// sweep points (once per seed); it returns the number of jobs.
func (s *Scenario) prepareJobs() (int, error) {
	if s.Runs < 1 {
		return 0, fmt.Errorf("%s: runs is %d (expected 1 or more)", s.File, s.Runs)
	}
	if len(s.Strategies) == 0 {
		return 0, fmt.Errorf("%s: no strategies (expected at least one)", s.File)
	}
	n := s.NumJobs()
	if n > MaxSimulations {
		return 0, fmt.Errorf("%s: %d simulations, more than the limit of %d (expected fewer runs, sweep values or strategies)", s.File, n, MaxSimulations)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, err := s.configs(); err != nil {
		return 0, err
	}
	if s.pointValues == nil {
		s.paths = make([]string, len(s.params))
		for i, p := range s.params {
			s.paths[i] = p.path
			s.sweepsStrategies = s.sweepsStrategies || p.segs[0].key == "strategies"
		}
		s.pointValues = make([][]string, len(s.points))
		for pi := range s.points {
			vals := pointOf(s.params, pi)
			point := make([]string, len(vals))
			for i, v := range vals {
				point[i] = v.Value
			}
			s.pointValues[pi] = point
		}
	}
	return n, nil
}

// Job returns job i of Jobs (0 ≤ i < NumJobs) without making the others:
// a study of a million simulations holds one decoded configuration per
// sweep point, not one per job. It is safe for concurrent use, as long as
// the Scenario's fields are not changed meanwhile.
func (s *Scenario) Job(i int) (Job, error) {
	n, err := s.prepareJobs()
	if err != nil {
		return Job{}, err
	}
	if i < 0 || i >= n {
		return Job{}, fmt.Errorf("%s: job %d of %d: no such job", s.File, i, n)
	}
	perPoint := len(s.Strategies) * s.Runs
	pi, r := i/perPoint, i%s.Runs
	pt := s.points[pi]
	// Strategies is used as set (callers may change it), unless a
	// strategy field is swept: then each point has its own.
	strategies := s.Strategies
	if s.sweepsStrategies {
		strategies = pt.strategies
		if len(strategies) != len(s.Strategies) {
			return Job{}, fmt.Errorf("%s: sweep point %d has %d strategies, the scenario %d", s.File, pi, len(strategies), len(s.Strategies))
		}
	}
	st := strategies[(i/s.Runs)%len(s.Strategies)]
	cfg := pt.cfg
	cfg.Strategy, cfg.Seed, cfg.Run = st, s.Seed, r
	return Job{Index: i, Point: s.pointValues[pi], Strategy: st.Name, Run: r, Config: cfg, paths: s.paths}, nil
}

// StrategyNames lists the strategy names the jobs carry: the names of
// Strategies, then, when a sweep changes a strategy's name, the other
// names, in job order.
func (s *Scenario) StrategyNames() ([]string, error) {
	if _, err := s.prepareJobs(); err != nil {
		return nil, err
	}
	var out []string
	add := func(sts []model.Strategy) {
		for _, st := range sts {
			if !slices.Contains(out, st.Name) {
				out = append(out, st.Name)
			}
		}
	}
	add(s.Strategies)
	if s.sweepsStrategies {
		for _, pt := range s.points {
			add(pt.strategies)
		}
	}
	return out, nil
}

// JobIndex returns the index of the job of a sweep point (its values as
// written, as Job.Point holds them), strategy and run, and false when
// there is none.
func (s *Scenario) JobIndex(point []string, strategy string, run int) (int, bool) {
	if len(point) != len(s.params) || run < 0 || run >= s.Runs {
		return 0, false
	}
	pi := 0
	for k, p := range s.params {
		vi := slices.IndexFunc(p.values, func(v *yaml.Node) bool { return v.Value == point[k] })
		if vi < 0 {
			return 0, false
		}
		pi = pi*len(p.values) + vi
	}
	if _, err := s.prepareJobs(); err != nil {
		return 0, false
	}
	strategies := s.Strategies
	if s.sweepsStrategies {
		strategies = s.points[pi].strategies
	}
	si := slices.IndexFunc(strategies, func(st model.Strategy) bool { return st.Name == strategy })
	if si < 0 {
		return 0, false
	}
	return (pi*len(s.Strategies)+si)*s.Runs + run, true
}

// describeOr describes j, or job i when j was never made.
func (j *Job) describeOr(i int) string {
	if j.paths == nil && j.Point == nil && j.Strategy == "" {
		return fmt.Sprintf("job %d", i)
	}
	return j.describe()
}

func (j *Job) describe() string {
	var parts []string
	for i, v := range j.Point {
		if i < len(j.paths) {
			parts = append(parts, j.paths[i]+"="+v)
		} else {
			parts = append(parts, v)
		}
	}
	parts = append(parts, "strategy "+j.Strategy, fmt.Sprintf("run %d", j.Run))
	return fmt.Sprintf("job %d (%s)", j.Index, strings.Join(parts, ", "))
}

// Default returns the built-in default scenario (examples/default.yaml):
// one realistic page under all seven strategies on a narrow and a wide
// network.
func Default() *Scenario {
	s, err := Example("default")
	if err != nil {
		panic("scenarios: the embedded default scenario is broken: " + err.Error())
	}
	return s
}

// Examples lists the embedded example scenarios by name (file name
// without .yaml), sorted.
func Examples() []string {
	ents, _ := examplesFS.ReadDir("examples")
	var out []string
	for _, e := range ents {
		if n, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			out = append(out, n)
		}
	}
	sort.Strings(out)
	return out
}

// Example parses the embedded example scenario name (with or without
// .yaml). Its File is "examples/NAME.yaml".
func Example(name string) (*Scenario, error) {
	name = strings.TrimSuffix(name, ".yaml")
	file := "examples/" + name + ".yaml"
	data, err := examplesFS.ReadFile(file)
	if err != nil {
		return nil, noExample(name)
	}
	return parse(file, data, "examples")
}

// noExample is the error for an example name that is not embedded, with
// the closest name when one is close ("did you mean satellite?").
func noExample(name string) error {
	msg := fmt.Sprintf("scenarios: no example named %q", name)
	if sg := suggest(name, Examples()); sg != "" {
		msg += fmt.Sprintf("; did you mean %s?", sg)
	}
	return fmt.Errorf("%s (expected one of %s)", msg, strings.Join(Examples(), ", "))
}

// ExampleSource returns the YAML text of the embedded example name.
func ExampleSource(name string) ([]byte, error) {
	name = strings.TrimSuffix(name, ".yaml")
	data, err := examplesFS.ReadFile("examples/" + name + ".yaml")
	if err != nil {
		return nil, noExample(name)
	}
	return data, nil
}
