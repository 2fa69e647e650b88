package main

import (
	"fmt"
	"slices"
	"strings"

	"pagesim/plots"
	"pagesim/scenarios"
)

// chartPoints reads run's --charts: "first" (the default: the first sweep
// point), "all", or a point named by swept values — a comma-separated
// list of VALUE or PARAM=VALUE, each value as written in the scenario's
// sweep ("cable", "network.rtt=100ms,network.down=1.5Mbps", "100ms"). A
// bare value must belong to exactly one swept parameter. The charts are
// drawn at every point with all the values given.
func chartPoints(spec string, sweep []scenarios.Param) (plots.ChartPoints, error) {
	switch spec {
	case "", "first":
		return plots.ChartPoints{}, nil
	case "all":
		return plots.ChartPoints{All: true}, nil
	}
	if len(sweep) == 0 {
		return plots.ChartPoints{}, usagef("run: --charts %s: the scenario sweeps nothing, so it has one point (use first or all)", spec)
	}
	match := map[string]string{}
	var all []string
	for _, p := range sweep {
		all = append(all, p.Values...)
	}
	for _, item := range strings.Split(spec, ",") {
		item = strings.TrimSpace(item)
		param, value, named := strings.Cut(item, "=")
		if !named {
			param, value = "", item
		}
		var owners []string
		for _, p := range sweep {
			if (!named || p.Path == param) && slices.Contains(p.Values, value) {
				owners = append(owners, p.Path)
			}
		}
		switch {
		case named && !slices.ContainsFunc(sweep, func(p scenarios.Param) bool { return p.Path == param }):
			return plots.ChartPoints{}, usagef("run: --charts %s: %s is not swept (swept: %s)", spec, param, sweptList(sweep))
		case len(owners) == 0:
			msg := fmt.Sprintf("run: --charts %s: no swept parameter has the value %q", spec, value)
			if sg := scenarios.Closest(value, all); sg != "" {
				msg += fmt.Sprintf("; did you mean %s?", sg)
			}
			return plots.ChartPoints{}, usagef("%s (expected first, all, or values of %s)", msg, sweptList(sweep))
		case len(owners) > 1:
			return plots.ChartPoints{}, usagef("run: --charts %s: %q is a value of %s; say which, e.g. %s=%s", spec, value, strings.Join(owners, " and "), owners[0], value)
		}
		if prev, ok := match[owners[0]]; ok && prev != value {
			return plots.ChartPoints{}, usagef("run: --charts %s: two values of %s (%s and %s)", spec, owners[0], prev, value)
		}
		match[owners[0]] = value
	}
	return plots.ChartPoints{Match: match}, nil
}

// sweptList names the swept parameters with their values: "network.rtt
// (20ms, 100ms), proxy.kind (none, dumb)".
func sweptList(sweep []scenarios.Param) string {
	parts := make([]string, len(sweep))
	for i, p := range sweep {
		parts[i] = fmt.Sprintf("%s (%s)", p.Path, strings.Join(p.Values, ", "))
	}
	return strings.Join(parts, ", ")
}
