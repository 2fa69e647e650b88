package scenarios

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"pagesim/model"
)

// validatePoint runs the model's own validation (model.Config.Validate) on
// a point that decoded without error, once per strategy, and reports what
// it refuses at the place in t (the point's tree) where the field was
// written. The decoder checks each value as it reads it; this catches every
// rule the model enforces across fields (tcp.rwnd against network.mss, two
// faults on one object, …), so that nothing that cannot run passes
// validation. Points × strategies is what varies; runs are never expanded.
//
// A page is checked once however many points and strategies share it
// (env.validPages): model.Config.ValidateKnownPage gives what Validate
// would for a page that passed, and a page that did not is checked with
// each configuration as before, so the errors are the same either way.
func (d *decoder) validatePoint(t *yaml.Node, e *env, cfg model.Config, strategies []model.Strategy) {
	known := e.pageValid(cfg.Page)
	for _, st := range strategies {
		cfg.Strategy = st
		var err error
		if known {
			err = cfg.ValidateKnownPage()
		} else {
			err = cfg.Validate()
		}
		if err == nil {
			continue
		}
		var fe *model.FieldError
		if !errors.As(err, &fe) {
			d.errorf(t, "", "%v", err)
			continue
		}
		n, path, written := d.fieldNode(t, fe)
		msg := fe.Msg
		if !written {
			msg += fmt.Sprintf(" (%s is not written here: its value is a default or comes from the page)", path)
		}
		d.errorf(n, path, "%s", msg)
	}
}

// pageValid reports whether p passes Page.Validate, checking each page
// (its objects slice: sweep points share the decoded page) once.
func (e *env) pageValid(p model.Page) bool {
	id, named := pageIDOf(p)
	if !named {
		return false
	}
	e.mu.Lock()
	ok, seen := e.validPages[id]
	e.mu.Unlock()
	if seen {
		return ok
	}
	ok = p.Validate() == nil
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.validPages == nil {
		e.validPages = map[pageID]bool{}
	}
	e.validPages[id] = ok
	return ok
}

// related names, for a field a cross-field rule is stated on, the other
// field of the rule: when the first was not written (its default applies),
// the error points at the other if that was.
var related = map[string]string{
	"tcp.rwnd": "network.mss", // rwnd ≥ mss
}

// fieldNode finds where the field a *model.FieldError names was written in
// t, and the field's YAML path as the user wrote it. The model names
// fields by YAML path, with three differences the loader undoes: object
// indices are in the model's order (parents first), a strategy's fields
// are "strategy.X" with the strategy's name, and a host name contains
// dots. A field not written is reported at the related field (see
// related), else at its nearest written ancestor (for hosts and objects
// that come from the page, at page:), with written false.
func (d *decoder) fieldNode(t *yaml.Node, fe *model.FieldError) (n *yaml.Node, path string, written bool) {
	path = fe.Field
	var steps []string
	switch {
	case fe.Strategy != "" && strings.HasPrefix(fe.Field, "strategy."):
		k, ok := d.stratFile[fe.Strategy]
		if !ok {
			return rootKey(t, "strategies"), "strategies", false
		}
		steps = append([]string{"strategies", strconv.Itoa(k)}, strings.Split(strings.TrimPrefix(fe.Field, "strategy."), ".")...)
		path = fmt.Sprintf("strategies[%d].%s", k, strings.TrimPrefix(fe.Field, "strategy."))
	case strings.HasPrefix(fe.Field, "hosts."):
		return d.hostFieldNode(t, fe.Field)
	default:
		toks, ok := splitPath(fe.Field)
		if !ok {
			return t, path, false
		}
		steps = toks
		if len(toks) >= 3 && toks[0] == "page" && toks[1] == "objects" {
			i, err := strconv.Atoi(toks[2])
			if err != nil || i < 0 || i >= len(d.objFile) {
				// A generated or recorded page: its objects are not written.
				return nodeAt(t, []string{"page"}), path, false
			}
			steps[2] = strconv.Itoa(d.objFile[i])
			path = fmt.Sprintf("page.objects[%d]%s", d.objFile[i], fe.Field[len(fmt.Sprintf("page.objects[%d]", i)):])
		}
	}
	n, found := walk(t, steps)
	if found {
		return n, path, true
	}
	if r, ok := related[fe.Field]; ok {
		if rn, rfound := walk(t, strings.Split(r, ".")); rfound {
			return rn, path, false
		}
	}
	return n, path, false
}

// hostFieldNode is fieldNode for "hosts.NAME.FIELD": NAME is matched
// against the keys of hosts: as the decoder matches them (ignoring case).
// A host without an entry there has its settings from the page.
func (d *decoder) hostFieldNode(t *yaml.Node, field string) (*yaml.Node, string, bool) {
	rest := strings.TrimPrefix(field, "hosts.")
	hosts := deref(valueOf(t, "hosts"))
	if hosts != nil && hosts.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(hosts.Content); i += 2 {
			k := deref(hosts.Content[i])
			name := strings.ToLower(k.Value)
			if sub, ok := strings.CutPrefix(rest, name+"."); ok {
				if n, found := walk(hosts.Content[i+1], []string{sub}); found {
					return n, field, true
				}
				return k, field, false
			}
		}
	}
	return nodeAt(t, []string{"page"}), field, false
}

// walk follows steps (mapping keys; list indices as numbers) from n. It
// returns the node reached and true, or the deepest node found and false.
func walk(n *yaml.Node, steps []string) (*yaml.Node, bool) {
	cur := deref(n)
	for _, s := range steps {
		var next *yaml.Node
		switch {
		case cur == nil:
		case cur.Kind == yaml.MappingNode:
			next = valueOf(cur, s)
		case cur.Kind == yaml.SequenceNode:
			if i, err := strconv.Atoi(s); err == nil && i >= 0 && i < len(cur.Content) {
				next = cur.Content[i]
			}
		}
		if next == nil {
			return cur, false
		}
		cur = deref(next)
	}
	return cur, true
}

// nodeAt is walk without the flag.
func nodeAt(n *yaml.Node, steps []string) *yaml.Node {
	m, _ := walk(n, steps)
	return m
}

// valueOf returns the value of key k in mapping n, or nil.
func valueOf(n *yaml.Node, k string) *yaml.Node {
	_, v := keyValue(n, k)
	return v
}

// keyValue returns the key and value nodes of key k in mapping n, or nils.
func keyValue(n *yaml.Node, k string) (key, val *yaml.Node) {
	n = deref(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if kn := deref(n.Content[i]); kn.Kind == yaml.ScalarNode && kn.Value == k {
			return kn, n.Content[i+1]
		}
	}
	return nil, nil
}
