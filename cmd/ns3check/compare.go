package main

import (
	"fmt"
	"math"
	"runtime"
	"sort"
	"sync"
)

// Row is one case run by both simulators: the mean over its replications.
type Row struct {
	Case    Case
	NS3     Outcome
	Pagesim Outcome
	// Diff is (pagesim − ns-3) / ns-3 of the mean load time, in percent.
	Diff float64
	// Incomplete counts replications that did not finish in either
	// simulator (they are left out of the means).
	Incomplete int
	// SE is the standard error of Diff, in percentage points, from the
	// spread of the replications (0 with one).
	SE float64
}

// Compare runs every case on both simulators with jobs workers (0: one per
// CPU); rows come back in case order whatever the number of workers.
func Compare(bin, profile string, cases []Case, jobs int) ([]Row, error) {
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	rows := make([]Row, len(cases))
	errs := make([]error, len(cases))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < jobs; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				rows[i], errs[i] = compareOne(bin, profile, cases[i])
			}
		}()
	}
	for i := range cases {
		next <- i
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return rows, nil
}

func compareOne(bin, profile string, c Case) (Row, error) {
	r := Row{Case: c}
	var n3, ps float64
	var a3, aps []float64
	n := 0
	for run := 1; run <= max(1, c.Runs); run++ {
		a, err := RunNS3(bin, c, run)
		if err != nil {
			return r, err
		}
		b, err := RunPagesim(c, profile, run)
		if err != nil {
			return r, fmt.Errorf("%s: %v", c.Name(), err)
		}
		if !a.Complete || !b.Complete {
			r.Incomplete++
			continue
		}
		n++
		n3 += a.LoadMs
		ps += b.LoadMs
		a3, aps = append(a3, a.LoadMs), append(aps, b.LoadMs)
		r.NS3.PktsDown += a.PktsDown
		r.NS3.PktsUp += a.PktsUp
		r.NS3.DropsDown += a.DropsDown + a.DropsUp
		r.NS3.Conns = a.Conns
		r.Pagesim.PktsDown += b.PktsDown
		r.Pagesim.PktsUp += b.PktsUp
		r.Pagesim.Conns = b.Conns
	}
	if n == 0 {
		return r, nil
	}
	r.NS3.LoadMs, r.Pagesim.LoadMs = n3/float64(n), ps/float64(n)
	r.NS3.Complete, r.Pagesim.Complete = true, true
	r.Diff = 100 * (r.Pagesim.LoadMs - r.NS3.LoadMs) / r.NS3.LoadMs
	if n > 1 {
		r.SE = 100 * math.Sqrt(variance(a3)/float64(n)+variance(aps)/float64(n)) / r.NS3.LoadMs
	}
	return r, nil
}

// variance is the sample variance of xs.
func variance(xs []float64) float64 {
	var m float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	var v float64
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return v / float64(len(xs)-1)
}

// Stats summarizes the absolute differences of a set of rows.
type Stats struct {
	N                  int
	Median, P90, Worst float64 // |Diff|, percent
	WorstRow           Row
	Over1, Over5       int // rows above 1 % and 5 %
	Incomplete         int
}

// Summarize computes the statistics of rows (nearest-rank percentiles).
func Summarize(rows []Row) Stats {
	var s Stats
	var d []float64
	for _, r := range rows {
		if r.Incomplete > 0 && !r.NS3.Complete {
			s.Incomplete++
			continue
		}
		a := math.Abs(r.Diff)
		d = append(d, a)
		if a > s.Worst || len(d) == 1 {
			s.Worst, s.WorstRow = a, r
		}
		if a > 1 {
			s.Over1++
		}
		if a > 5 {
			s.Over5++
		}
	}
	s.N = len(d)
	if s.N == 0 {
		return s
	}
	sort.Float64s(d)
	s.Median = d[(s.N-1)/2]
	s.P90 = d[int(math.Ceil(0.9*float64(s.N)))-1]
	return s
}
