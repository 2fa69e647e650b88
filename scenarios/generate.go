package scenarios

import (
	"fmt"
	"math"
	"math/rand/v2"

	"go.yaml.in/yaml/v3"

	"pagesim/model"
	"pagesim/scenarios/internal/reqline"
	"pagesim/sim"
)

// maxGenerated bounds page.generate.count and maxGeneratedSize each drawn
// size (a heavy-tailed Pareto can draw absurd values).
const (
	maxGenerated     = 100_000
	maxGeneratedSize = model.GiB
)

// generate decodes page.generate and builds the page. Draws come from the
// stream sim.NewStream(seed, 0, "page.generate") in a fixed order (per
// object: size, then host, then parent), so the same seed always gives
// the same page and the runs of a scenario share it.
func (d *decoder) generate(n *yaml.Node, seed uint64) (model.Page, map[string]model.Host) {
	const p = "page.generate"
	sch := rootSchema.keys["page"].keys["generate"]
	f := d.mapping(n, p, sch, "{count: N, size: SIZE or {dist: …}, hosts: N or [names], depth: D}")
	if f == nil {
		return model.Page{}, nil
	}
	ok := true
	count := 0
	if cn := f.get("count"); cn != nil {
		v, good := d.integer(cn, join(p, "count"), 1, maxGenerated, fmt.Sprintf("1 to %d objects, the document included", maxGenerated))
		count, ok = int(v), good
	} else {
		d.errorf(f.node, p, "missing count (expected count: number of objects, e.g. 40)")
		ok = false
	}
	var size model.Dist
	if sn := f.get("size"); sn != nil {
		v, good := d.dist(sn, join(p, "size"), false)
		size, ok = v, ok && good
	} else {
		d.errorf(f.node, p, "missing size (expected size: 10KB or {dist: lognormal, median: 10KB, sigma: 1})")
		ok = false
	}
	hosts := []string{"host1.example"}
	if hn := f.get("hosts"); hn != nil {
		hn = deref(hn)
		switch hn.Kind {
		case yaml.ScalarNode:
			v, good := d.integer(hn, join(p, "hosts"), 1, 1000, "1 to 1000 hosts, or a list of host names")
			if good {
				hosts = hosts[:0]
				for i := 1; i <= int(v); i++ {
					hosts = append(hosts, fmt.Sprintf("host%d.example", i))
				}
			}
			ok = ok && good
		case yaml.SequenceNode:
			hosts = hosts[:0]
			seen := map[string]bool{}
			for i, en := range hn.Content {
				ep := index(join(p, "hosts"), i)
				if s, good := d.scalar(en, ep, "a host name"); good {
					h, err := reqline.Host(s)
					switch {
					case err != nil:
						d.errorf(en, ep, "%v", err)
						ok = false
					case seen[h]:
						d.errorf(en, ep, "repeated host name %q (expected distinct names)", s)
						ok = false
					}
					seen[h] = true
					hosts = append(hosts, h)
				} else {
					ok = false
				}
			}
			if len(hn.Content) == 0 {
				d.errorf(hn, join(p, "hosts"), "empty list (expected at least one host name)")
				ok = false
			}
		default:
			d.errorf(hn, join(p, "hosts"), "got %s (expected a number of hosts or a list of host names)", kindName(hn))
			ok = false
		}
	}
	depth := 1
	d.optInt(f, "depth", &depth, 1, maxGenerated, "1 or more levels of dependency below the document")
	if !ok {
		return model.Page{}, nil
	}
	return generatePage(seed, count, size, hosts, depth), nil
}

// generatePage builds count objects: obj0 is the document (path /, on
// hosts[0]); the others are spread over depth levels in order (level
// 1 + (i-1)·depth/(count-1)), each placed on a host drawn uniformly and
// depending on an object drawn uniformly from the level above (level 0 is
// the document). Sizes are drawn from size by drawSize.
func generatePage(seed uint64, count int, size model.Dist, hosts []string, depth int) model.Page {
	src := sim.NewStream(seed, 0, "page.generate")
	rng := rand.New(src)
	depth = min(depth, max(count-1, 1))
	objs := make([]model.Object, count)
	var levels [][]int // object indices per level
	levels = append(levels, []int{0})
	for i := range objs {
		o := model.Object{ID: fmt.Sprintf("obj%d", i), Size: drawSize(size, src), Method: "GET", Parent: -1}
		if i == 0 {
			o.Host, o.Path = hosts[0], "/"
			objs[i] = o
			continue
		}
		o.Host = hosts[rng.IntN(len(hosts))]
		o.Path = fmt.Sprintf("/obj%d", i)
		lvl := 1 + (i-1)*depth/(count-1)
		for len(levels) <= lvl {
			levels = append(levels, nil)
		}
		above := levels[lvl-1]
		o.Parent = above[rng.IntN(len(above))]
		levels[lvl] = append(levels[lvl], i)
		objs[i] = o
	}
	return model.Page{Objects: objs}
}

// drawSize draws one object size from dist with model.Dist.Sample, the
// sampler think times use, and makes it a whole number of bytes in
// [1 B, maxGeneratedSize]. A draw beyond the bound — the far tail of a
// heavy lognormal or pareto, up to +Inf — saturates at it, as think-time
// draws saturate at model.MaxDraw; a NaN (no distribution that validates
// yields one) counts as beyond the bound too, never as a small size. A
// uniform distribution with min = max is its value without a draw, as it
// always was here: Sample would consume a draw and change every later one.
func drawSize(dist model.Dist, src rand.Source) model.Bytes {
	var v float64
	if dist.Kind == "uniform" && dist.Max <= dist.Value {
		v = dist.Value
	} else {
		v = dist.Sample(src)
	}
	if !(v < float64(maxGeneratedSize)) { // also NaN
		return maxGeneratedSize
	}
	return max(1, model.Bytes(math.Round(v)))
}
