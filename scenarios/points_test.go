package scenarios

import (
	"reflect"
	"runtime"
	"testing"
)

// loadWith parses text with GOMAXPROCS procs.
func loadWith(t *testing.T, procs int, text string) (*Scenario, error) {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	return Parse("points.yaml", []byte(text))
}

// TestPointsInParallel: sweep points decoded on several goroutines
// (forEachPoint) give the jobs, and the errors, that one goroutine gives:
// a sweep of the page (a page decoded per point, on whichever goroutine
// gets it), and one with invalid values at scattered points.
func TestPointsInParallel(t *testing.T) {
	good := `name: points
network: {rtt: 50ms}
page:
  generate: {count: 12, size: 8KB, hosts: [a.example, b.example], depth: 1}
sweep:
  page.generate.count: [3, 5, 8, 13, 21, 34, 55, 89]
  network.rtt: [10ms, 20ms, 40ms, 80ms, 160ms]
  tcp.initcwnd: [1, 2, 4, 10]
`
	one, err := loadWith(t, 1, good)
	if err != nil {
		t.Fatal(err)
	}
	many, err := loadWith(t, 4, good)
	if err != nil {
		t.Fatal(err)
	}
	if one.NumJobs() != many.NumJobs() || one.NumJobs() < 160 {
		t.Fatalf("%d and %d jobs, want the same, at least 160 (enough points for goroutines)", one.NumJobs(), many.NumJobs())
	}
	for i := range one.NumJobs() {
		a, err1 := one.Job(i)
		b, err2 := many.Job(i)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if !reflect.DeepEqual(a, b) {
			t.Fatalf("job %d differs decoded in parallel:\n%+v\nwant\n%+v", i, b.Config.Network, a.Config.Network)
		}
	}
	bad := `name: points
page:
  generate: {count: 5, size: 8KB, depth: 1}
sweep:
  network.rtt: [10ms, 20ms, -5ms, 40ms, 80ms, 160ms, nonsense, 320ms]
  tcp.initcwnd: [1, 2, 0, 4, 6, 8, 10, 12, 16, 20, 24, -1]
`
	_, err1 := loadWith(t, 1, bad)
	_, err2 := loadWith(t, 4, bad)
	if err1 == nil || err2 == nil {
		t.Fatalf("invalid sweep values loaded: %v, %v", err1, err2)
	}
	if err1.Error() != err2.Error() {
		t.Errorf("errors decoded in parallel:\n%v\nwant\n%v", err2, err1)
	}
}

// TestForEachPointPanic: a panic while decoding a point is raised in the
// caller, not lost on another goroutine.
func TestForEachPointPanic(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(4))
	defer func() {
		if r := recover(); r != "point 77" {
			t.Errorf("recovered %v, want point 77's panic", r)
		}
	}()
	forEachPoint(1000, func(i int) {
		if i == 77 {
			panic("point 77")
		}
	})
}
