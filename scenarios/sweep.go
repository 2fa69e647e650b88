package scenarios

import (
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// maxPoints bounds the number of sweep points (the product of the value
// counts); every point is decoded when the file is parsed.
const maxPoints = 100_000

// seg is one step of a resolved sweep path: a mapping key or a list index.
type seg struct {
	key   string
	idx   int
	isIdx bool
}

// sweepParam is one sweep: entry as written and resolved.
type sweepParam struct {
	path    string // as written: the CSV column name
	keyNode *yaml.Node
	segs    []seg
	values  []*yaml.Node
}

// sweep decodes the sweep section: a mapping from YAML paths of scalar
// fields to non-empty lists of scalar values. Each path is checked
// against the schema here and against the file's shape by
// checkSweepShape.
func (d *decoder) sweep(n *yaml.Node) []sweepParam {
	f := d.mapping(n, "sweep", rootSchema.keys["sweep"], "a mapping of YAML path → list of values, e.g. {network.rtt: [20ms, 100ms]}")
	if f == nil {
		return nil
	}
	var out []sweepParam
	seen := map[string]string{}
	points := 1
	for _, k := range f.keys {
		kn, vn := f.key[k], f.val[k]
		p := join("sweep", k)
		segs, msg := resolveSweepPath(k)
		if msg != "" {
			d.errorf(kn, p, "%s", msg)
			continue
		}
		canon := canonical(segs)
		if prev, dup := seen[canon]; dup {
			d.errorf(kn, p, "the same field as sweep key %q (expected each field swept once)", prev)
			continue
		}
		seen[canon] = k
		if vn.Kind != yaml.SequenceNode {
			d.errorf(vn, p, "got %s (expected a list of values, e.g. [20ms, 100ms])", kindName(vn))
			continue
		}
		if len(vn.Content) == 0 {
			d.errorf(vn, p, "empty list (expected at least one value)")
			continue
		}
		sp := sweepParam{path: k, keyNode: kn, segs: segs}
		good := true
		for i, en := range vn.Content {
			en = deref(en)
			if en.Kind != yaml.ScalarNode || en.ShortTag() == "!!null" {
				d.errorf(en, index(p, i), "got %s (expected a single value such as 100ms; only scalar fields can be swept)", kindName(en))
				good = false
				continue
			}
			sp.values = append(sp.values, en)
		}
		if !good {
			continue
		}
		points *= len(sp.values)
		if points > maxPoints {
			d.errorf(kn, p, "the sweep has more than %d points (expected fewer values)", maxPoints)
			return out
		}
		out = append(out, sp)
	}
	return out
}

// checkSweepShape reports sweep paths that go through a part of the file
// written in another shape (server.think.median when server.think is a
// duration, page.objects[9] when there are 3 objects).
func (d *decoder) checkSweepShape(root *yaml.Node, params []sweepParam) bool {
	ok := true
	for _, sp := range params {
		if _, msg := setPath(root, sp.segs, sp.values[0], ""); msg != "" {
			d.errorf(sp.keyNode, join("sweep", sp.path), "%s", msg)
			ok = false
		}
	}
	return ok
}

func canonical(segs []seg) string {
	var b strings.Builder
	for _, s := range segs {
		if s.isIdx {
			fmt.Fprintf(&b, "[%d]", s.idx)
		} else {
			b.WriteString("." + s.key)
		}
	}
	return b.String()
}

// splitPath splits "page.objects[2].size" or "page.objects.2.size" into
// tokens.
func splitPath(p string) ([]string, bool) {
	var toks []string
	for _, part := range strings.Split(p, ".") {
		for {
			i := strings.IndexByte(part, '[')
			if i < 0 {
				break
			}
			j := strings.IndexByte(part[i:], ']')
			if j < 0 {
				return nil, false
			}
			if i > 0 {
				toks = append(toks, part[:i])
			}
			toks = append(toks, part[i+1:i+j])
			part = part[i+j+1:]
		}
		if part != "" {
			toks = append(toks, part)
		} else if len(toks) == 0 {
			return nil, false
		}
	}
	return toks, len(toks) > 0
}

// resolveSweepPath checks a path against the schema and returns its
// steps, or a message saying what is wrong.
func resolveSweepPath(p string) ([]seg, string) {
	toks, ok := splitPath(p)
	if !ok {
		return nil, fmt.Sprintf("%q is not a YAML path (expected keys joined by dots, e.g. network.rtt)", p)
	}
	segs, msg := resolveIn(rootSchema, toks, "")
	return segs, msg
}

func resolveIn(sch *schema, toks []string, at string) ([]seg, string) {
	if len(toks) == 0 {
		if !sch.scalar {
			var what string
			switch {
			case sch.keys != nil:
				what = fmt.Sprintf("a section, not a scalar field (expected one of its keys: %s)", strings.Join(prefixAll(at, sch.order), ", "))
			case sch.elem != nil:
				what = fmt.Sprintf("a list, not a scalar field (expected an element's field, e.g. %s[0]…)", at)
			default:
				what = "a section, not a scalar field (expected a field inside it)"
			}
			return nil, fmt.Sprintf("%s is %s", at, what)
		}
		if sch.noSweep {
			return nil, fmt.Sprintf("%s cannot be swept (expected a field of network, tcp, client, server, hosts, proxy, page, strategies, faults or limits; use runs for replications)", at)
		}
		return nil, ""
	}
	t := toks[0]
	switch {
	case sch.elem != nil:
		i, err := strconv.Atoi(t)
		if err != nil || i < 0 {
			return nil, fmt.Sprintf("%s is a list (expected an index after it, e.g. %s[0])", at, at)
		}
		rest, msg := resolveIn(sch.elem, toks[1:], fmt.Sprintf("%s[%d]", at, i))
		return append([]seg{{idx: i, isIdx: true}}, rest...), msg
	case sch.anyKey != nil:
		if sch.noSweep {
			return nil, fmt.Sprintf("%s cannot be swept", at)
		}
		// Host names contain dots: take the longest name that leaves a
		// valid field path.
		var firstMsg string
		for k := len(toks) - 1; k >= 1; k-- {
			name := strings.Join(toks[:k], ".")
			rest, msg := resolveIn(sch.anyKey, toks[k:], join(at, name))
			if msg == "" {
				return append([]seg{{key: name}}, rest...), ""
			}
			if firstMsg == "" {
				firstMsg = msg
			}
		}
		if len(toks) == 1 {
			return nil, fmt.Sprintf("%s.%s is a section, not a scalar field (expected one of its keys: %s)", at, t, strings.Join(sch.anyKey.order, ", "))
		}
		return nil, firstMsg
	case sch.keys != nil:
		sub, found := sch.keys[t]
		if !found {
			msg := fmt.Sprintf("unknown field %q in sweep path", join(at, t))
			if sg := suggest(t, sch.order); sg != "" {
				msg += fmt.Sprintf("; did you mean %s?", join(at, sg))
			}
			return nil, fmt.Sprintf("%s (expected one of %s)", msg, strings.Join(prefixAll(at, sch.order), ", "))
		}
		rest, msg := resolveIn(sub, toks[1:], join(at, t))
		return append([]seg{{key: t}}, rest...), msg
	}
	return nil, fmt.Sprintf("%s is a scalar field (expected the path to end there)", at)
}

func prefixAll(at string, keys []string) []string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = join(at, k)
	}
	return out
}

// setPath returns a copy of n in which the node at segs is val. Only the
// nodes along the path are copied; the rest of the tree is shared, so the
// original is left untouched. Missing mappings are created (positioned at
// val, so that errors about them point into sweep:). A message is
// returned if the tree has another shape at the path.
func setPath(n *yaml.Node, segs []seg, val *yaml.Node, at string) (*yaml.Node, string) {
	n = deref(n)
	if len(segs) == 0 {
		return val, ""
	}
	s := segs[0]
	if s.isIdx {
		here := fmt.Sprintf("%s[%d]", at, s.idx)
		if n == nil || n.Kind != yaml.SequenceNode {
			return nil, fmt.Sprintf("%s is not written as a list in the file (expected a list with element %d)", at, s.idx)
		}
		if s.idx >= len(n.Content) {
			return nil, fmt.Sprintf("%s does not exist: %s has %d elements (expected an index below %d)", here, at, len(n.Content), len(n.Content))
		}
		child, msg := setPath(n.Content[s.idx], segs[1:], val, here)
		if msg != "" {
			return nil, msg
		}
		cp := *n
		cp.Content = append([]*yaml.Node(nil), n.Content...)
		cp.Content[s.idx] = child
		return &cp, ""
	}
	here := join(at, s.key)
	var cp yaml.Node
	switch {
	case n == nil || n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null":
		cp = yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: val.Line, Column: val.Column}
	case n.Kind == yaml.MappingNode:
		cp = *n
		cp.Content = append([]*yaml.Node(nil), n.Content...)
	case n.Kind == yaml.DocumentNode:
		return setPath(firstContent(n), segs, val, at)
	default:
		return nil, fmt.Sprintf("%s is written as %s, not a mapping (expected a mapping to reach %s)", at, kindName(n), here)
	}
	for i := 0; i+1 < len(cp.Content); i += 2 {
		if k := deref(cp.Content[i]); k.Kind == yaml.ScalarNode && k.Value == s.key {
			child, msg := setPath(cp.Content[i+1], segs[1:], val, here)
			if msg != "" {
				return nil, msg
			}
			cp.Content[i+1] = child
			return &cp, ""
		}
	}
	child, msg := setPath(nil, segs[1:], val, here)
	if msg != "" {
		return nil, msg
	}
	key := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s.key, Line: val.Line, Column: val.Column}
	cp.Content = append(cp.Content, key, child)
	return &cp, ""
}

func firstContent(doc *yaml.Node) *yaml.Node {
	if doc != nil && doc.Kind == yaml.DocumentNode && len(doc.Content) > 0 {
		return doc.Content[0]
	}
	return nil
}

// pointOf returns the value nodes of sweep point number i (the last sweep
// key varies fastest).
func pointOf(params []sweepParam, i int) []*yaml.Node {
	out := make([]*yaml.Node, len(params))
	for k := len(params) - 1; k >= 0; k-- {
		n := len(params[k].values)
		out[k] = params[k].values[i%n]
		i /= n
	}
	return out
}

func numPoints(params []sweepParam) int {
	n := 1
	for _, p := range params {
		n *= len(p.values)
	}
	return n
}

// pointTree returns the file's tree with the point's values set.
func pointTree(root *yaml.Node, params []sweepParam, vals []*yaml.Node) (*yaml.Node, string) {
	t := root
	for k, p := range params {
		var msg string
		if t, msg = setPath(t, p.segs, vals[k], ""); msg != "" {
			return nil, msg
		}
	}
	return t, ""
}
