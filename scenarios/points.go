package scenarios

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// pointsPerGoroutine is the fewest sweep points worth a goroutine of
// their own in forEachPoint; a sweep point takes about 6 µs to decode
// and validate (the 1 000-point docs/bench/sweep-1000.yaml, in
// BenchmarkLoadSweep1000), a goroutine well under one.
const pointsPerGoroutine = 32

// forEachPoint calls f for each of the points 0..n-1, spread over the
// machine's cores in blocks taken in turn: each point is decoded
// independently (pointTree copies what it changes; env's caches lock),
// and f stores what it finds at the point's index, so the result is the
// same for any spread. Loading is the part of a run before the first
// simulation, and a shard of a study loads every point: on two cores a
// 100 000-point sweep loads in about half the time. A panic in f is
// raised again in the caller.
func forEachPoint(n int, f func(i int)) {
	workers := min(runtime.GOMAXPROCS(0), n/pointsPerGoroutine)
	if workers <= 1 {
		for i := range n {
			f(i)
		}
		return
	}
	const block = 8
	var next atomic.Int64
	var wg sync.WaitGroup
	var panicked atomic.Pointer[any]
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() {
				if r := recover(); r != nil {
					panicked.CompareAndSwap(nil, &r)
				}
			}()
			for {
				lo := int(next.Add(block)) - block
				if lo >= n || panicked.Load() != nil {
					return
				}
				for i := lo; i < min(lo+block, n); i++ {
					f(i)
				}
			}
		}()
	}
	wg.Wait()
	if p := panicked.Load(); p != nil {
		panic(*p)
	}
}
