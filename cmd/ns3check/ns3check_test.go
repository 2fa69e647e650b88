package main

import (
	"errors"
	"math"
	"os"
	"strings"
	"testing"
	"time"
)

func TestSizes(t *testing.T) {
	cases := []struct {
		spec string
		want []int64
		err  bool
	}{
		{"10000,5000x3", []int64{10000, 5000, 5000, 5000}, false},
		{"1460", []int64{1460}, false},
		{"0", nil, true},
		{"5000x0", nil, true},
		{"x3", nil, true},
		{"", nil, true},
	}
	for _, c := range cases {
		got, err := sizes(c.spec)
		if (err != nil) != c.err || len(got) != len(c.want) {
			t.Errorf("sizes(%q) = %v, %v; want %v (error %v)", c.spec, got, err, c.want, c.err)
			continue
		}
		for i := range got {
			if got[i] != c.want[i] {
				t.Errorf("sizes(%q)[%d] = %d, want %d", c.spec, i, got[i], c.want[i])
			}
		}
	}
}

// TestCaseConfig: the pagesim side of a case is the harness's network and
// application: every object one request of 300 B and a response of its
// size, on the ns3 profile with ns-3's tie rule.
func TestCaseConfig(t *testing.T) {
	c := Case{RTT: 100 * time.Millisecond, Down: 1.5, Up: 0.5, Queue: 7, Page: "10000,5000x2", Strategy: "parallel-persistent", Conns: 6, Runs: 1}
	cfg, err := c.Config("ns3", 1)
	if err != nil {
		t.Fatal(err)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatalf("the configuration is invalid: %v", err)
	}
	nw := cfg.Network
	if nw.RTT != c.RTT || nw.Down != 1500_000 || nw.Up != 500_000 || nw.Queue != 7 || nw.Header != 42 || nw.MSS != 1460 || nw.Ties != "ns3" {
		t.Errorf("network %+v does not match the case", nw)
	}
	if cfg.Strategy.Name != "browser" || cfg.Strategy.Conns != 6 || len(cfg.Page.Objects) != 3 || cfg.Client.RequestSize != 300 || cfg.Server.HeaderSize != 0 {
		t.Errorf("strategy %+v, %d objects, request %v, response header %v", cfg.Strategy, len(cfg.Page.Objects), cfg.Client.RequestSize, cfg.Server.HeaderSize)
	}
	args := strings.Join(c.args(3), " ")
	for _, want := range []string{"--rtt=100", "--down=1.5", "--up=0.5", "--queue=7", "--objects=10000,5000x2", "--strategy=parallel-persistent", "--conns=6", "--run=3"} {
		if !strings.Contains(args, want) {
			t.Errorf("harness flags %q lack %s", args, want)
		}
	}
}

func TestSummarize(t *testing.T) {
	rows := []Row{{Diff: 0.1}, {Diff: -2}, {Diff: 0.5}, {Diff: 7}, {Diff: -0.2}}
	for i := range rows {
		rows[i].NS3.Complete = true
	}
	s := Summarize(rows)
	if s.N != 5 || s.Median != 0.5 || s.Worst != 7 || s.Over1 != 2 || s.Over5 != 1 || s.P90 != 7 {
		t.Errorf("Summarize = %+v", s)
	}
}

// TestAgainstNS3 runs the subset of the grid on both simulators. It needs
// ns-3.37 and g++; set PAGESIM_NS3=1 to require them (CI does): then a
// missing ns-3 fails the test instead of skipping it.
func TestAgainstNS3(t *testing.T) {
	if os.Getenv("PAGESIM_NS3") == "" {
		t.Skip("PAGESIM_NS3 is not set: the ns-3 cross-check is not required here")
	}
	bin, err := Build(t.TempDir())
	if errors.Is(err, ErrNoNS3) {
		t.Fatalf("PAGESIM_NS3 is set but %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	rows, err := Compare(bin, "ns3", Subset(), 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 20 {
		t.Fatalf("only %d cases ran", len(rows))
	}
	for _, r := range rows {
		if !r.NS3.Complete || !r.Pagesim.Complete {
			t.Errorf("%s: incomplete (ns-3 %v, pagesim %v)", r.Case.Name(), r.NS3.Complete, r.Pagesim.Complete)
			continue
		}
		if math.Abs(r.Diff) > 1 {
			t.Errorf("%s: ns-3 %.3f ms, pagesim %.3f ms: %+.2f %%, want within 1 %%", r.Case.Name(), r.NS3.LoadMs, r.Pagesim.LoadMs, r.Diff)
		}
	}
}
