package scenarios

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"

	"pagesim/model"
)

// decoder turns the yaml.Node tree of a scenario into typed values,
// collecting every problem with its position instead of stopping at the
// first. Its methods never panic on any tree the YAML parser can produce.
type decoder struct {
	file  string
	errs  ErrorList
	warns ErrorList // problems that do not stop the scenario
	// Where decoded values were written, for validatePoint: objFile[i] is
	// the position in page.objects of model object i (objects are
	// reordered so that parents come first); stratFile the position in
	// strategies of each strategy by name.
	objFile   []int
	stratFile map[string]int
	// recorded is page.recorded, or what a page.har gave.
	recorded Recorded
}

func (d *decoder) warnf(n *yaml.Node, path, format string, args ...any) {
	e := &Error{File: d.file, Line: n.Line, Col: n.Column, Path: path, Msg: fmt.Sprintf(format, args...)}
	d.warns = append(d.warns, e)
}

func (d *decoder) errorf(n *yaml.Node, path, format string, args ...any) {
	e := &Error{File: d.file, Line: 1, Col: 1, Path: path, Msg: fmt.Sprintf(format, args...)}
	if n != nil && n.Line > 0 {
		e.Line, e.Col = n.Line, n.Column
	}
	d.errs = append(d.errs, e)
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

func index(path string, i int) string { return fmt.Sprintf("%s[%d]", path, i) }

// deref follows YAML aliases (*anchor) to the node they name. The parser
// refuses undefined aliases; the depth bound guards against pathological
// trees.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && i < 100; i++ {
		n = n.Alias
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "nothing"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "an unexpected node"
}

// fields is a checked mapping: its keys are known to the schema and
// unique.
type fields struct {
	node *yaml.Node // the mapping
	path string
	key  map[string]*yaml.Node
	val  map[string]*yaml.Node
	keys []string // in file order
}

func (f *fields) get(k string) *yaml.Node {
	if f == nil {
		return nil
	}
	return f.val[k]
}

func (f *fields) has(k string) bool { return f.get(k) != nil }

// mapping checks that n is a mapping whose keys sch knows, reporting
// unknown keys (with the closest known one) and repeated keys. It returns
// nil if n is not a mapping. A null node (a key with nothing after it) is
// taken as an empty mapping.
func (d *decoder) mapping(n *yaml.Node, path string, sch *schema, what string) *fields {
	n = deref(n)
	f := &fields{node: n, path: path, key: map[string]*yaml.Node{}, val: map[string]*yaml.Node{}}
	if n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" {
		return f
	}
	if n.Kind != yaml.MappingNode {
		d.errorf(n, path, "got %s (expected %s)", kindName(n), what)
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		kn, vn := deref(n.Content[i]), deref(n.Content[i+1])
		if kn.Kind != yaml.ScalarNode {
			d.errorf(kn, path, "a key must be a plain name, got %s", kindName(kn))
			continue
		}
		k := kn.Value
		if prev, dup := f.key[k]; dup {
			d.errorf(kn, join(path, k), "repeated key (first written at line %d)", prev.Line)
			continue
		}
		if sch != nil && sch.anyKey == nil {
			if _, ok := sch.keys[k]; !ok {
				msg := fmt.Sprintf("unknown key %q", k)
				if s := suggest(k, sch.order); s != "" {
					msg += fmt.Sprintf("; did you mean %s?", s)
				}
				d.errorf(kn, join(path, k), "%s (known keys: %s)", msg, strings.Join(sch.order, ", "))
				continue
			}
		}
		f.key[k], f.val[k] = kn, vn
		f.keys = append(f.keys, k)
	}
	return f
}

// scalar returns the text of a scalar node, reporting other kinds.
func (d *decoder) scalar(n *yaml.Node, path, what string) (string, bool) {
	n = deref(n)
	if n.Kind != yaml.ScalarNode || n.ShortTag() == "!!null" {
		d.errorf(n, path, "got %s (expected %s)", kindName(n), what)
		return "", false
	}
	return n.Value, true
}

// isOff reports whether s disables a duration ("off", "none", "0").
func isOff(s string) bool {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "off", "none", "false":
		return true
	}
	return false
}

// duration decodes "100ms". With allowOff, "off" (or "none") gives zero.
func (d *decoder) duration(n *yaml.Node, path string, allowOff bool) (time.Duration, bool) {
	what := "a duration, e.g. 100ms"
	if allowOff {
		what = "a duration, e.g. 100ms, or off"
	}
	s, ok := d.scalar(n, path, what)
	if !ok {
		return 0, false
	}
	if allowOff && (isOff(s) || n.ShortTag() == "!!bool" && s != "true") {
		return 0, true
	}
	v, err := model.ParseDuration(s)
	if err != nil {
		if allowOff {
			msg := err.Error()
			if strings.HasSuffix(msg, ")") {
				msg = strings.TrimSuffix(msg, ")") + ", or off)"
			}
			d.errorf(n, path, "%s", msg)
		} else {
			d.errorf(n, path, "%v", err)
		}
		return 0, false
	}
	return v, true
}

func (d *decoder) size(n *yaml.Node, path string) (model.Bytes, bool) {
	s, ok := d.scalar(n, path, "a size, e.g. 42KB")
	if !ok {
		return 0, false
	}
	v, err := model.ParseBytes(s)
	if err != nil {
		d.errorf(n, path, "%v", err)
		return 0, false
	}
	return v, true
}

func (d *decoder) rate(n *yaml.Node, path string) (model.BitRate, bool) {
	s, ok := d.scalar(n, path, "a rate, e.g. 1.5Mbps")
	if !ok {
		return 0, false
	}
	v, err := model.ParseBitRate(s)
	if err != nil {
		d.errorf(n, path, "%v", err)
		return 0, false
	}
	return v, true
}

// integer decodes a whole number in [lo, hi].
func (d *decoder) integer(n *yaml.Node, path string, lo, hi int64, what string) (int64, bool) {
	s, ok := d.scalar(n, path, "a whole number: "+what)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.ReplaceAll(s, "_", ""), 10, 64)
	if err != nil {
		d.errorf(n, path, "%q is not a whole number (expected %s)", s, what)
		return 0, false
	}
	if v < lo || v > hi {
		d.errorf(n, path, "%d is out of range (expected %s)", v, what)
		return 0, false
	}
	return v, true
}

func (d *decoder) boolean(n *yaml.Node, path string) (bool, bool) {
	s, ok := d.scalar(n, path, "true or false")
	if !ok {
		return false, false
	}
	switch strings.ToLower(s) {
	case "true":
		return true, true
	case "false":
		return false, true
	}
	d.errorf(n, path, "%q is not a boolean (expected true or false)", s)
	return false, false
}

func (d *decoder) enum(n *yaml.Node, path string, choices ...string) (string, bool) {
	what := strings.Join(choices, " | ")
	s, ok := d.scalar(n, path, "one of "+what)
	if !ok {
		return "", false
	}
	for _, c := range choices {
		if s == c {
			return s, true
		}
	}
	for _, c := range choices {
		if strings.EqualFold(s, c) {
			return c, true
		}
	}
	msg := fmt.Sprintf("unknown value %q", s)
	if sg := suggest(s, choices); sg != "" {
		msg += fmt.Sprintf("; did you mean %s?", sg)
	}
	d.errorf(n, path, "%s (expected one of %s)", msg, what)
	return "", false
}

// percent decodes "0.5%" into 0.005, in [lo, hi] (fractions). A bare 0 is
// accepted; any other bare number must carry the % sign.
func (d *decoder) percent(n *yaml.Node, path string, lo, hi float64, what string) (float64, bool) {
	s, ok := d.scalar(n, path, "a percentage, e.g. 1%")
	if !ok {
		return 0, false
	}
	t := strings.TrimSpace(s)
	num, hasPct := strings.CutSuffix(t, "%")
	v, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		d.errorf(n, path, "%q is not a percentage (expected %s, e.g. 50%%)", s, what)
		return 0, false
	}
	if !hasPct && v != 0 {
		d.errorf(n, path, "%q needs a %% sign (e.g. %s%%; %s)", s, num, what)
		return 0, false
	}
	f := v / 100
	if f < lo || f > hi {
		d.errorf(n, path, "%s is out of range (expected %s)", s, what)
		return 0, false
	}
	return f, true
}

// The opt* helpers decode key k of f into *dst when it is present,
// leaving the default otherwise.

func (d *decoder) optDuration(f *fields, k string, dst *time.Duration, allowOff bool) {
	if n := f.get(k); n != nil {
		if v, ok := d.duration(n, join(f.path, k), allowOff); ok {
			*dst = v
		}
	}
}

func (d *decoder) optSize(f *fields, k string, dst *model.Bytes, min model.Bytes, what string) {
	if n := f.get(k); n != nil {
		if v, ok := d.size(n, join(f.path, k)); ok {
			if v < min {
				d.errorf(n, join(f.path, k), "%v is too small (expected at least %v: %s)", v, min, what)
				return
			}
			*dst = v
		}
	}
}

func (d *decoder) optRate(f *fields, k string, dst *model.BitRate, min model.BitRate, what string) {
	if n := f.get(k); n != nil {
		if v, ok := d.rate(n, join(f.path, k)); ok {
			if v < min {
				d.errorf(n, join(f.path, k), "%v is too small (expected at least %v: %s)", v, min, what)
				return
			}
			*dst = v
		}
	}
}

func (d *decoder) optInt(f *fields, k string, dst *int, lo, hi int64, what string) {
	if n := f.get(k); n != nil {
		if v, ok := d.integer(n, join(f.path, k), lo, hi, what); ok {
			*dst = int(v)
		}
	}
}

func (d *decoder) optBool(f *fields, k string, dst *bool) {
	if n := f.get(k); n != nil {
		if v, ok := d.boolean(n, join(f.path, k)); ok {
			*dst = v
		}
	}
}

func optEnum[T ~string](d *decoder, f *fields, k string, dst *T, choices ...T) {
	if n := f.get(k); n != nil {
		cs := make([]string, len(choices))
		for i, c := range choices {
			cs[i] = string(c)
		}
		if v, ok := d.enum(n, join(f.path, k), cs...); ok {
			*dst = T(v)
		}
	}
}

// distKind says which parameters each distribution takes, in the order
// they fill model.Dist (Value, Sigma, Max).
var distParams = map[string][]string{
	"fixed":       {"value"},
	"lognormal":   {"median", "sigma"},
	"exponential": {"mean"},
	"uniform":     {"min", "max"},
	"pareto":      {"scale", "shape"},
}

var distNames = []string{"fixed", "lognormal", "exponential", "uniform", "pareto"}

// dist decodes a distribution of times (isTime) or sizes: a scalar (a
// fixed value) or {dist: NAME, …parameters}. Times are stored in seconds,
// sizes in bytes (model.Dist).
func (d *decoder) dist(n *yaml.Node, path string, isTime bool) (model.Dist, bool) {
	n = deref(n)
	unitVal := func(n *yaml.Node, p string) (float64, bool) {
		if isTime {
			v, ok := d.duration(n, p, false)
			return v.Seconds(), ok
		}
		v, ok := d.size(n, p)
		return float64(v), ok
	}
	if n.Kind == yaml.ScalarNode {
		v, ok := unitVal(n, path)
		return model.Dist{Kind: "fixed", Value: v}, ok
	}
	what := "a size, e.g. 10KB, or {dist: lognormal, median: 10KB, sigma: 1}"
	if isTime {
		what = "a duration, e.g. 10ms, or {dist: exponential, mean: 10ms}"
	}
	f := d.mapping(n, path, distSchema(), what)
	if f == nil {
		return model.Dist{}, false
	}
	kind := "fixed"
	if kn := f.get("dist"); kn != nil {
		k, ok := d.enum(kn, join(path, "dist"), distNames...)
		if !ok {
			return model.Dist{}, false
		}
		kind = k
	}
	params := distParams[kind]
	ok := true
	for _, k := range f.keys {
		if k == "dist" {
			continue
		}
		found := false
		for _, p := range params {
			found = found || p == k
		}
		if !found {
			d.errorf(f.key[k], join(path, k), "does not apply to dist %s (expected %s)", kind, strings.Join(params, ", "))
			ok = false
		}
	}
	out := model.Dist{Kind: kind}
	if kind == "lognormal" {
		out.Sigma = 1
	}
	for i, p := range params {
		vn := f.get(p)
		if vn == nil {
			if kind == "lognormal" && p == "sigma" {
				continue // default 1
			}
			d.errorf(f.node, path, "dist %s needs %s (expected %s)", kind, p, strings.Join(params, ", "))
			ok = false
			continue
		}
		pp := join(path, p)
		var v float64
		var good bool
		if p == "sigma" || p == "shape" {
			s, sok := d.scalar(vn, pp, "a plain number")
			if sok {
				x, err := strconv.ParseFloat(s, 64)
				if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || x < 0 || (p == "shape" && x == 0) {
					d.errorf(vn, pp, "%q is not valid (expected a plain number, %s)", s, map[bool]string{true: "greater than 0", false: "0 or more"}[p == "shape"])
				} else {
					v, good = x, true
				}
			}
		} else {
			v, good = unitVal(vn, pp)
		}
		if !good {
			ok = false
			continue
		}
		switch i {
		case 0:
			out.Value = v
		case 1:
			if kind == "uniform" {
				out.Max = v
			} else {
				out.Sigma = v
			}
		}
	}
	if ok && kind == "uniform" && out.Max < out.Value {
		d.errorf(f.get("max"), join(path, "max"), "%s is below min %s (expected max ≥ min)", f.get("max").Value, f.get("min").Value)
		ok = false
	}
	if ok && (kind == "pareto" || kind == "lognormal") && out.Value <= 0 {
		d.errorf(f.node, path, "dist %s needs a positive %s", kind, params[0])
		ok = false
	}
	return out, ok
}
