package scenarios

import (
	"testing"

	"pagesim/model"
)

func TestExamplesParse(t *testing.T) {
	names := Examples()
	want := []string{"3g-mobile", "default", "dsl-news", "narrow-vs-wide", "satellite", "textbook"}
	for _, w := range want {
		found := false
		for _, n := range names {
			found = found || n == w
		}
		if !found {
			t.Errorf("Examples() = %v, missing %q", names, w)
		}
	}
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			s, err := Example(name)
			if err != nil {
				t.Fatalf("Example(%q): %v", name, err)
			}
			jobs, err := s.Jobs()
			if err != nil {
				t.Fatalf("Jobs: %v", err)
			}
			if len(jobs) == 0 {
				t.Fatal("no jobs")
			}
			for _, j := range jobs {
				checkConfig(t, j.Config)
			}
		})
	}
}

// checkConfig asserts the invariants every decoded configuration must
// satisfy, whatever the file said.
func checkConfig(t *testing.T, c model.Config) {
	t.Helper()
	objs := c.Page.Objects
	if len(objs) == 0 {
		t.Fatal("page has no objects")
	}
	if objs[0].Parent != -1 {
		t.Errorf("Objects[0].Parent = %d, want -1", objs[0].Parent)
	}
	ids := map[string]bool{}
	for i, o := range objs {
		if i > 0 && (o.Parent < 0 || o.Parent >= i) {
			t.Errorf("object %d (%s): Parent %d not in [0,%d)", i, o.ID, o.Parent, i)
		}
		if ids[o.ID] {
			t.Errorf("duplicate id %q", o.ID)
		}
		ids[o.ID] = true
		if _, ok := c.Hosts[o.Host]; !ok {
			t.Errorf("object %s: host %q has no Hosts entry", o.ID, o.Host)
		}
		if o.Method == "" || o.Path == "" || o.Host == "" {
			t.Errorf("object %s: empty method/path/host: %+v", o.ID, o)
		}
	}
	if c.Network.Down <= 0 || c.Network.Up <= 0 || c.Network.MSS <= 0 || c.Network.Queue < 1 {
		t.Errorf("bad network %+v", c.Network)
	}
	if c.Strategy.Name == "" || c.Strategy.Conns < 1 {
		t.Errorf("bad strategy %+v", c.Strategy)
	}
}
