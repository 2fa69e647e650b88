package scenarios

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sync/atomic"
	"testing"
	"time"

	"pagesim/model"
)

// TestJobAtAndJobIndex: Job(i) is Jobs()[i] for every example, and
// JobIndex finds each job's index from its point, strategy and run.
func TestJobAtAndJobIndex(t *testing.T) {
	for _, name := range append(Examples(), "") {
		s := mustParse(t, "runs: 3\nstrategies: [serial, {preset: parallel, conns: 2}]\nsweep:\n  network.rtt: [10ms, 20ms]\n  \"strategies[1].conns\": [2, 3]\n"+page1)
		if name != "" {
			var err error
			if s, err = Example(name); err != nil {
				t.Fatal(err)
			}
		}
		jobs, err := s.Jobs()
		if err != nil {
			t.Fatal(err)
		}
		if len(jobs) != s.NumJobs() {
			t.Fatalf("%s: %d jobs, NumJobs %d", name, len(jobs), s.NumJobs())
		}
		for i, want := range jobs {
			got, err := s.Job(i)
			if err != nil || !reflect.DeepEqual(got, want) {
				t.Fatalf("%s: Job(%d) = %+v, %v; want Jobs()[%d] %+v", name, i, got, err, i, want)
			}
			if k, ok := s.JobIndex(want.Point, want.Strategy, want.Run); !ok || k != i {
				t.Errorf("%s: JobIndex(%q, %s, %d) = %d, %v; want %d", name, want.Point, want.Strategy, want.Run, k, ok, i)
			}
		}
		for _, i := range []int{-1, len(jobs)} {
			if _, err := s.Job(i); err == nil {
				t.Errorf("%s: Job(%d) of %d: no error", name, i, len(jobs))
			}
		}
		if _, ok := s.JobIndex(jobs[0].Point, "no such strategy", 0); ok {
			t.Errorf("%s: JobIndex found an unknown strategy", name)
		}
		if _, ok := s.JobIndex(jobs[0].Point, jobs[0].Strategy, s.Runs); ok {
			t.Errorf("%s: JobIndex found run %d of %d", name, s.Runs, s.Runs)
		}
	}
}

// TestStreamOrderAndWindow: whatever the workers and however long each
// job takes, emit sees the jobs in order with what work made of them on
// the workers, and no more than Window results exist at once.
func TestStreamOrderAndWindow(t *testing.T) {
	s := mustParse(t, "runs: 12\nsweep: {network.rtt: [10ms, 20ms, 30ms]}\n"+page1)
	n := s.NumJobs()
	for _, c := range []struct{ workers, window int }{{1, 0}, {2, 1}, {3, 4}, {8, 5}, {16, 0}} {
		var alive, peak atomic.Int64
		sim := func(cfg model.Config) (*model.Result, error) {
			if a := alive.Add(1); a > peak.Load() {
				peak.Store(a)
			}
			time.Sleep(time.Duration(cfg.Run%5) * 20 * time.Microsecond) // out of order
			return fakeSim(cfg)
		}
		var got []int
		err := Stream(context.Background(), StreamConfig{N: n, Job: s.Job, Workers: c.workers, Window: c.window, Simulate: sim},
			func(j *Job, res *model.Result) (string, error) {
				return fmt.Sprintf("%d:%v", j.Index, res.LoadTime), nil
			},
			func(j *Job, v string) error {
				if want, _ := fakeSim(j.Config); v != fmt.Sprintf("%d:%v", j.Index, want.LoadTime) {
					t.Errorf("job %d: work gave %q", j.Index, v)
				}
				got = append(got, j.Index)
				alive.Add(-1)
				return nil
			})
		if err != nil {
			t.Fatal(err)
		}
		for i, k := range got {
			if k != i {
				t.Fatalf("workers %d: emitted job %d in place %d", c.workers, k, i)
			}
		}
		if len(got) != n {
			t.Errorf("workers %d: %d jobs emitted, want %d", c.workers, len(got), n)
		}
		if c.window > 0 && peak.Load() > int64(c.window) {
			t.Errorf("workers %d, window %d: %d results at once", c.workers, c.window, peak.Load())
		}
	}
}

// TestStreamErrors: an error of emit, work or making a job stops the
// stream with that error; the first in job order wins.
func TestStreamErrors(t *testing.T) {
	s := mustParse(t, "runs: 30"+page1)
	stop := errors.New("stop")
	var emitted int
	err := Stream(context.Background(), StreamConfig{N: s.NumJobs(), Job: s.Job, Workers: 4, Simulate: fakeSim},
		func(*Job, *model.Result) (int, error) { return 0, nil },
		func(j *Job, _ int) error {
			emitted++
			if j.Index == 5 {
				return stop
			}
			return nil
		})
	if !errors.Is(err, stop) || emitted != 6 {
		t.Errorf("emit error: %v after %d emitted; want stop after 6", err, emitted)
	}
	err = Stream(context.Background(), StreamConfig{N: s.NumJobs(), Job: s.Job, Workers: 4, Simulate: fakeSim},
		func(j *Job, _ *model.Result) (int, error) {
			if j.Run == 3 || j.Run == 20 {
				return 0, stop
			}
			return 0, nil
		}, func(*Job, int) error { return nil })
	if !errors.Is(err, stop) || err.Error() != "job 3 (strategy serial, run 3): stop" {
		t.Errorf("work error: %v", err)
	}
	err = Stream(context.Background(), StreamConfig{N: 3, Job: func(i int) (Job, error) { return Job{}, stop }, Simulate: fakeSim},
		func(*Job, *model.Result) (int, error) { return 0, nil }, func(*Job, int) error { return nil })
	if !errors.Is(err, stop) || err.Error() != "job 0: stop" {
		t.Errorf("job error: %v", err)
	}
}

// TestSweepSharesPage: sweep points that leave page: alone share the one
// decoded page (its objects are decoded once per scenario); a sweep of a
// page field gives each point its own.
func TestSweepSharesPage(t *testing.T) {
	objs := func(s *Scenario, i int) *model.Object {
		j, err := s.Job(i)
		if err != nil {
			t.Fatal(err)
		}
		return &j.Config.Page.Objects[0]
	}
	s := mustParse(t, "runs: 2\nstrategies: [browser]\nsweep: {network.rtt: [10ms, 20ms, 30ms]}\n"+page1)
	if a, b := objs(s, 0), objs(s, 5); a != b {
		t.Error("points of a network sweep decoded the page twice")
	}
	s = mustParse(t, "strategies: [browser]\nsweep: {\"page.objects[0].size\": [1KB, 2KB]}\n"+page1)
	if a, b := objs(s, 0), objs(s, 1); a == b || a.Size == b.Size {
		t.Errorf("points of a page sweep share their page (sizes %v, %v)", a.Size, b.Size)
	}
	s = mustParse(t, "seed: 3\nstrategies: [browser]\nsweep: {network.rtt: [10ms, 20ms]}\npage: {generate: {count: 5, size: 10KB}}\n")
	if a, b := objs(s, 0), objs(s, 1); a != b {
		t.Error("points of a generated page decoded it twice")
	}
	s.Seed = 4 // a generated page depends on the seed: decoded again
	if _, err := s.Job(0); err != nil {
		t.Fatal(err)
	}
}
