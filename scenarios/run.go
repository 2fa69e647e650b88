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
// wrapped with that job's point, strategy and run, whatever the
// scheduling.
//
// RunJobs holds every result; Stream hands them over in order instead.
func RunJobs(jobs []Job, workers int, progress func(done, total int)) ([]*model.Result, error) {
	return RunJobsContext(context.Background(), jobs, workers, progress)
}

// RunJobsContext is RunJobs that stops when ctx is done: no job starts
// after that, and it returns ctx's error at once, without waiting for the
// simulations under way (a simulation cannot be interrupted; their
// results are dropped).
func RunJobsContext(ctx context.Context, jobs []Job, workers int, progress func(done, total int)) ([]*model.Result, error) {
	return runJobsWith(ctx, jobs, workers, progress, nil)
}

func runJobsWith(ctx context.Context, jobs []Job, workers int, progress func(done, total int), sim func(model.Config) (*model.Result, error)) ([]*model.Result, error) {
	results := make([]*model.Result, 0, len(jobs))
	err := Stream(ctx, StreamConfig{
		N:        len(jobs),
		Job:      func(i int) (Job, error) { return jobs[i], nil },
		Workers:  workers,
		Simulate: sim,
		Progress: progress,
	}, func(_ *Job, res *model.Result) (*model.Result, error) { return res, nil },
		func(_ *Job, res *model.Result) error { results = append(results, res); return nil })
	if err != nil {
		return nil, err
	}
	return results, nil
}

// StreamConfig says which jobs Stream runs and how.
type StreamConfig struct {
	// N is the number of jobs, and Job makes job i for 0 ≤ i < N (a
	// scenario's Job, or a shard's slice of them). Job may be called from
	// several goroutines at once.
	N   int
	Job func(i int) (Job, error)
	// Workers is the number of simulations run at once (≤ 0: one per
	// CPU).
	Workers int
	// Window bounds how many jobs may be started, or done and waiting for
	// an earlier one, ahead of the last one handed over (0: 16 per worker,
	// at least 64): the memory of a stream is Window results, whatever N.
	Window int
	// Simulate runs one job (nil: each worker runs its jobs on a
	// model.Simulator of its own, which reuses the memory of the job
	// before).
	Simulate func(model.Config) (*model.Result, error)
	// Progress, if not nil, is called after each job is handed over with
	// the number handed over so far; calls are serialized.
	Progress func(done, total int)
}

// Stream runs the jobs of cfg on cfg.Workers goroutines. Right after
// simulating a job, its worker calls work with the job and its result —
// to encode it, say, in parallel with the other workers — and emit is
// called with the job and what work returned in job order, one call at a
// time, on the calling goroutine, as soon as every job before it was
// handed over. A result not kept by work or emit is garbage once emit
// returns.
//
// Every job carries its own seed and run number, so what emit sees is
// bit-identical for any number of workers. The first error — of making,
// simulating (a panic included) or working on a job, in job order, or of
// emit — stops the stream: no job starts after it, and Stream returns it,
// wrapped with the job's point, strategy and run. When ctx is done, Stream
// returns ctx's error at once, without waiting for the simulations under
// way (their results are dropped).
func Stream[T any](ctx context.Context, cfg StreamConfig, work func(*Job, *model.Result) (T, error), emit func(*Job, T) error) error {
	workers := cfg.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = max(1, min(workers, cfg.N))
	window := cfg.Window
	if window <= 0 {
		window = max(64, 16*workers)
	}
	type item struct {
		i   int
		job Job
		v   T
		err error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// A worker takes a token before it takes a job; the emitter gives the
	// token back once the job is handed over. So at most window jobs are
	// between being taken and being handed over, done holds them all
	// without blocking, and job i's slot in pending, i % window, is free.
	tokens := make(chan struct{}, window)
	done := make(chan item, window)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sim := cfg.Simulate
			if sim == nil {
				var m model.Simulator
				sim = m.Simulate
			}
			for {
				select {
				case <-ctx.Done():
					return
				case tokens <- struct{}{}:
				}
				i := int(next.Add(1) - 1)
				if i >= cfg.N || ctx.Err() != nil {
					<-tokens // not taken after all: let the others finish
					return
				}
				it := item{i: i}
				if it.job, it.err = cfg.Job(i); it.err == nil {
					var res *model.Result
					if res, it.err = runOne(sim, it.job.Config); it.err == nil {
						it.v, it.err = work(&it.job, res)
					}
				}
				if it.err != nil {
					it.err = fmt.Errorf("%s: %w", it.job.describeOr(i), it.err)
				}
				done <- it
			}
		}()
	}
	pending := make([]*item, window)
	for emitted := 0; emitted < cfg.N; {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case it := <-done:
			pending[it.i%window] = &it
		}
		for emitted < cfg.N {
			it := pending[emitted%window]
			if it == nil || it.i != emitted {
				break
			}
			pending[emitted%window] = nil
			if it.err != nil {
				return it.err
			}
			if err := emit(&it.job, it.v); err != nil {
				return err
			}
			emitted++
			<-tokens
			if cfg.Progress != nil {
				cfg.Progress(emitted, cfg.N)
			}
		}
	}
	wg.Wait()
	return ctx.Err()
}

func runOne(sim func(model.Config) (*model.Result, error), cfg model.Config) (res *model.Result, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("simulation panicked: %v\n%s", r, debug.Stack())
		}
	}()
	res, err = sim(cfg)
	if err == nil && res == nil {
		err = fmt.Errorf("simulation returned no result")
	}
	return res, err
}
