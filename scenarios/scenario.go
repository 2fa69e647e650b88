package scenarios

import (
	"bytes"
	"embed"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

	"pagesim/model"
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
	// form as errors: a hosts: entry that no object of the page uses.
	Warnings ErrorList

	root   *yaml.Node
	params []sweepParam
	env    *env
	// points caches the configuration of every sweep point for the seed
	// it was decoded with (a generated page depends on the seed).
	points     []point
	pointsSeed uint64
}

// Load reads and parses a scenario file. Relative page.har paths are
// resolved against the file's directory.
func Load(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
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
	var points []point
	if len(base.sweep) > 0 && d.checkSweepShape(root, base.sweep) {
		baseErrs := map[string]bool{}
		for _, err := range d.errs {
			baseErrs[err.Error()] = true
		}
		n := numPoints(base.sweep)
		for i := 0; i < n; i++ {
			vals := pointOf(base.sweep, i)
			t, msg := pointTree(root, base.sweep, vals)
			if msg != "" { // checked by checkSweepShape; kept for safety
				d.errorf(base.sweep[0].keyNode, "sweep", "%s", msg)
				break
			}
			pd := &decoder{file: file}
			dec := pd.decodeScenario(t, e, false)
			points = append(points, point{dec.cfg, dec.strategies})
			for _, err := range pd.errs {
				if baseErrs[err.Error()] {
					continue
				}
				if k := atWhich(err, vals); k >= 0 {
					err.Path = index(join("sweep", base.sweep[k].path), indexOfNode(base.sweep[k].values, vals[k]))
				} else {
					err.Msg += " (at sweep point " + describePoint(base.sweep, vals) + ")"
				}
				d.errs = append(d.errs, err)
			}
		}
	}
	if len(d.errs) > 0 {
		return nil, d.errs.sortAndDedup()
	}
	s := &Scenario{
		Name: base.name, File: file, Seed: base.seed, Runs: base.runs,
		Strategies: base.strategies, Warnings: d.warns.sortAndDedup(),
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
	if len(base.sweep) == 0 {
		points = []point{{base.cfg, base.strategies}}
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
	n := numPoints(s.params)
	out := make([]point, 0, n)
	for i := 0; i < n; i++ {
		vals := pointOf(s.params, i)
		t, msg := pointTree(s.root, s.params, vals)
		if msg != "" {
			return nil, fmt.Errorf("%s: sweep point %s: %s", s.File, describePoint(s.params, vals), msg)
		}
		d := &decoder{file: s.File}
		dec := d.decodeScenarioSeed(t, s.env, s.Seed)
		if len(d.errs) > 0 {
			return nil, d.errs.sortAndDedup()
		}
		out = append(out, point{dec.cfg, dec.strategies})
	}
	s.points, s.pointsSeed = out, s.Seed
	return out, nil
}

// decodeScenarioSeed decodes t as if its seed: were seed.
func (d *decoder) decodeScenarioSeed(t *yaml.Node, e *env, seed uint64) *decoded {
	sv := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!int", Value: fmt.Sprint(seed)}
	t, _ = setPath(t, []seg{{key: "seed"}}, sv, "")
	return d.decodeScenario(t, e, false)
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
// over the sweep keys in file order, the last key varying fastest.
func (s *Scenario) Jobs() ([]Job, error) {
	if s.Runs < 1 {
		return nil, fmt.Errorf("%s: runs is %d (expected 1 or more)", s.File, s.Runs)
	}
	if len(s.Strategies) == 0 {
		return nil, fmt.Errorf("%s: no strategies (expected at least one)", s.File)
	}
	cfgs, err := s.configs()
	if err != nil {
		return nil, err
	}
	paths := make([]string, len(s.params))
	for i, p := range s.params {
		paths[i] = p.path
	}
	jobs := make([]Job, 0, len(cfgs)*len(s.Strategies)*s.Runs)
	// Strategies is used as set (callers may change it), unless a
	// strategy field is swept: then each point has its own.
	sweepsStrategies := false
	for _, p := range s.params {
		sweepsStrategies = sweepsStrategies || p.segs[0].key == "strategies"
	}
	for pi, pt := range cfgs {
		base := pt.cfg
		vals := pointOf(s.params, pi)
		point := make([]string, len(vals))
		for i, v := range vals {
			point[i] = v.Value
		}
		strategies := s.Strategies
		if sweepsStrategies {
			strategies = pt.strategies
		}
		for _, st := range strategies {
			for r := 0; r < s.Runs; r++ {
				cfg := base
				cfg.Strategy, cfg.Seed, cfg.Run = st, s.Seed, r
				jobs = append(jobs, Job{Index: len(jobs), Point: point, Strategy: st.Name, Run: r, Config: cfg, paths: paths})
			}
		}
	}
	return jobs, nil
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
		return nil, fmt.Errorf("scenarios: no example named %q (expected one of %s)", name, strings.Join(Examples(), ", "))
	}
	return parse(file, data, "examples")
}

// ExampleSource returns the YAML text of the embedded example name.
func ExampleSource(name string) ([]byte, error) {
	name = strings.TrimSuffix(name, ".yaml")
	data, err := examplesFS.ReadFile("examples/" + name + ".yaml")
	if err != nil {
		return nil, fmt.Errorf("scenarios: no example named %q (expected one of %s)", name, strings.Join(Examples(), ", "))
	}
	return data, nil
}
