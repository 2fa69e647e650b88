package scenarios

import (
	"slices"
	"sync"

	"pagesim/model"
	"pagesim/scenarios/har"
)

// harPage is what a HAR recording contributes to a scenario.
type harPage struct {
	page     model.Page
	hosts    map[string]model.Host
	warnings []string // har.Recording.Warnings
	recorded Recorded // its pageTimings
}

// harCache loads each (path, keep_cached) once per scenario, so that sweep
// points do not re-read the recording.
type harCache struct {
	mu sync.Mutex
	m  map[harKey]harResult
}

type harKey struct {
	path string
	keep bool
}

type harResult struct {
	rec *harPage
	err error
}

func (c *harCache) load(path string, keep bool) (*harPage, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	k := harKey{path, keep}
	if r, ok := c.m[k]; ok {
		return r.rec, r.err
	}
	rec, err := loadHAR(path, keep)
	if c.m == nil {
		c.m = map[harKey]harResult{}
	}
	c.m[k] = harResult{rec, err}
	return rec, err
}

// paths lists the recordings loaded, sorted.
func (c *harCache) paths() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	var out []string
	for k := range c.m {
		if !slices.Contains(out, k.path) {
			out = append(out, k.path)
		}
	}
	slices.Sort(out)
	return out
}

// loadHAR is the one hook to package scenarios/har.
func loadHAR(path string, keepCached bool) (*harPage, error) {
	rec, err := har.Load(path, har.Options{KeepCached: keepCached})
	if err != nil {
		return nil, err
	}
	hp := &harPage{page: rec.Page, hosts: rec.Hosts, warnings: rec.Warnings}
	if rec.OnContentLoad > 0 {
		hp.recorded.DOMContentLoaded = rec.OnContentLoad
	}
	if rec.OnLoad > 0 {
		hp.recorded.OnLoad = rec.OnLoad
	}
	return hp, nil
}
