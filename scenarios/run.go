package scenarios

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"
	"sync"
	"sync/atomic"

	"pagesim/model"
)

// RunJobs runs model.Simulate for every job on workers goroutines
// (workers ≤ 0: one per CPU). results[i] belongs to jobs[i], and since
// every job carries its own seed and run number the results are
// bit-identical for any worker count. progress, if not nil, is called
// after each job with the number done so far; calls are serialized and
// done only grows.
//
// A load that does not complete is not a failure: its result says so
// (model.Result.Complete false, with the reason) and the other jobs run
// on. A failure — a configuration the model refuses (Parse checks every
// point, so only a Job changed after parsing can be one) or a panic in a
// simulation — returns the error of the lowest-indexed failing job,
// wrapped with that job's point, strategy and run: jobs are started in
// index order and, once one fails, jobs with a higher index are skipped,
// so which error is reported does not depend on scheduling.
func RunJobs(jobs []Job, workers int, progress func(done, total int)) ([]*model.Result, error) {
	return runJobsWith(context.Background(), jobs, workers, progress, model.Simulate)
}

// RunJobsContext is RunJobs that stops when ctx is done: no job starts
// after that, and it returns ctx's error at once, without waiting for the
// simulations under way (a simulation cannot be interrupted; their
// results are dropped).
func RunJobsContext(ctx context.Context, jobs []Job, workers int, progress func(done, total int)) ([]*model.Result, error) {
	return runJobsWith(ctx, jobs, workers, progress, model.Simulate)
}

func runJobsWith(ctx context.Context, jobs []Job, workers int, progress func(done, total int), sim func(model.Config) (*model.Result, error)) ([]*model.Result, error) {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, len(jobs)))
	results := make([]*model.Result, len(jobs))
	errs := make([]error, len(jobs))
	var next atomic.Int64
	var firstFail atomic.Int64
	firstFail.Store(int64(len(jobs)))
	var mu sync.Mutex
	done := 0
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(jobs) || int64(i) > firstFail.Load() || ctx.Err() != nil {
					return
				}
				res, err := runOne(sim, jobs[i].Config)
				if err == nil && res == nil {
					err = fmt.Errorf("simulation returned no result")
				}
				if err != nil {
					errs[i] = err
					for {
						cur := firstFail.Load()
						if int64(i) >= cur || firstFail.CompareAndSwap(cur, int64(i)) {
							break
						}
					}
				} else {
					results[i] = res
				}
				if progress != nil && ctx.Err() == nil {
					mu.Lock()
					done++
					progress(done, len(jobs))
					mu.Unlock()
				}
			}
		}()
	}
	finished := make(chan struct{})
	go func() { wg.Wait(); close(finished) }()
	select {
	case <-finished:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if f := int(firstFail.Load()); f < len(jobs) {
		return nil, fmt.Errorf("%s: %w", jobs[f].describe(), errs[f])
	}
	return results, nil
}

func runOne(sim func(model.Config) (*model.Result, error), cfg model.Config) (res *model.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("simulation panicked: %v\n%s", r, debug.Stack())
		}
	}()
	return sim(cfg)
}
