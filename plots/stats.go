package plots

import (
	"math"
	"slices"
	"sync"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// The statistics of Monte Carlo results: what summary.md, the HTML report
// and pagesim compare say about the load times of several runs. Every
// function takes a sample of values (load times in milliseconds) and
// leaves it unchanged; NaN in a result means "not defined for this
// sample" (too few values).

// Confidence is the level of every confidence interval, and Alpha the
// significance level of every comparison: 95 % and 0.05, as benchstat
// uses.
const (
	Confidence = 0.95
	Alpha      = 0.05
)

// Summary describes a sample.
type Summary struct {
	N                int
	Mean, Median     float64
	Min, Max         float64
	P5, P95          float64 // the 5th and 95th percentiles (Quantile)
	MeanLo, MeanHi   float64 // the Confidence interval of the mean (MeanCI)
	MedianLo         float64 // the Confidence interval of the median (MedianCI)
	MedianHi         float64
	MedianCILevel    float64 // the interval's actual coverage, at least Confidence
	MedianCIOrderLow int     // its order statistics, from 1: [x(l), x(n+1−l)]; 0 when none
}

// Summarize describes x (NaN where a statistic needs more values than x
// has: one for the mean and median, two for the mean's interval, six for
// the median's).
func Summarize(x []float64) Summary {
	s := Summary{N: len(x), Mean: math.NaN(), Median: math.NaN(), Min: math.NaN(), Max: math.NaN(),
		P5: math.NaN(), P95: math.NaN(), MeanLo: math.NaN(), MeanHi: math.NaN(), MedianLo: math.NaN(), MedianHi: math.NaN()}
	if len(x) == 0 {
		return s
	}
	sorted := slices.Clone(x)
	slices.Sort(sorted)
	s.Mean = stat.Mean(sorted, nil)
	s.Median = quantileSorted(sorted, 0.5)
	s.Min, s.Max = sorted[0], sorted[len(sorted)-1]
	s.P5, s.P95 = quantileSorted(sorted, 0.05), quantileSorted(sorted, 0.95)
	s.MeanLo, s.MeanHi = MeanCI(sorted, Confidence)
	l, level := medianCIOrder(len(sorted), Confidence)
	if l > 0 {
		s.MedianLo, s.MedianHi, s.MedianCILevel, s.MedianCIOrderLow = sorted[l-1], sorted[len(sorted)-l], level, l
	}
	return s
}

// Quantile is the p-quantile of x, 0 ≤ p ≤ 1, interpolated linearly
// between order statistics (Hyndman and Fan's type 7, the default of R
// and NumPy): for sorted x(1) ≤ … ≤ x(n), h = (n−1)p + 1 and the quantile
// is x(⌊h⌋) + (h − ⌊h⌋)(x(⌊h⌋+1) − x(⌊h⌋)). The median is Quantile(x,
// 0.5): the middle value, or the mean of the two middle ones.
func Quantile(x []float64, p float64) float64 {
	if len(x) == 0 || !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	sorted := slices.Clone(x)
	slices.Sort(sorted)
	return quantileSorted(sorted, p)
}

func quantileSorted(x []float64, p float64) float64 {
	h := float64(len(x)-1) * p
	lo := int(math.Floor(h))
	if lo >= len(x)-1 {
		return x[len(x)-1]
	}
	return x[lo] + (h-float64(lo))*(x[lo+1]-x[lo])
}

// MeanCI is the confidence interval of the mean of x at level conf:
// mean ± t(1−(1−conf)/2, n−1) · s/√n, with s the sample standard
// deviation and t Student's distribution — exact for normal samples, an
// approximation otherwise (load times are skewed: prefer the median's).
// NaN for fewer than two values.
func MeanCI(x []float64, conf float64) (lo, hi float64) {
	n := len(x)
	if n < 2 {
		return math.NaN(), math.NaN()
	}
	m, sd := stat.MeanStdDev(x, nil)
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(1 - (1-conf)/2)
	half := t * sd / math.Sqrt(float64(n))
	return m - half, m + half
}

// MedianCI is the distribution-free confidence interval of the median of
// x at level conf, from its order statistics: [x(l), x(n+1−l)] with l the
// largest rank such that the number B of values below the median —
// Binomial(n, ½) — falls in [l, n−l] with probability at least conf,
// that is 1 − 2·P(B ≤ l−1) ≥ conf (Conover, Practical Nonparametric
// Statistics, §3.2; benchstat's interval). It holds whatever the
// distribution of x. level is the interval's exact coverage; NaN, and
// level 0, when x is too small for one (fewer than six values at 95 %).
func MedianCI(x []float64, conf float64) (lo, hi, level float64) {
	l, level := medianCIOrder(len(x), conf)
	if l == 0 {
		return math.NaN(), math.NaN(), 0
	}
	sorted := slices.Clone(x)
	slices.Sort(sorted)
	return sorted[l-1], sorted[len(x)-l], level
}

// medianCIOrder is MedianCI's rank l (0: none) and coverage for n values.
func medianCIOrder(n int, conf float64) (l int, level float64) {
	if n < 1 {
		return 0, 0
	}
	b := distuv.Binomial{N: float64(n), P: 0.5}
	for k := n / 2; k >= 1; k-- {
		if cov := 1 - 2*b.CDF(float64(k-1)); cov >= conf-1e-12 {
			return k, cov
		}
	}
	return 0, 0
}

// Comparison is the outcome of MannWhitney.
type Comparison struct {
	N1, N2 int
	// U is the Mann–Whitney statistic of the first sample: the number of
	// pairs (x from the first, y from the second) with x > y, plus half the
	// pairs with x = y. Under the null hypothesis it is N1·N2/2 on average.
	U float64
	// P is the two-sided p-value; Exact says it is computed from the exact
	// distribution of U (no ties, both samples of at most
	// mannWhitneyExactLimit values), else from the normal approximation
	// with the tie and continuity corrections.
	P     float64
	Exact bool
	// Significant: P < Alpha.
	Significant bool
}

// mannWhitneyExactLimit is the largest sample for which MannWhitney uses
// the exact distribution of U, as benchstat does.
const mannWhitneyExactLimit = 50

// MannWhitney tests whether the samples x and y come from the same
// distribution against the alternative that one tends to be larger (the
// Mann–Whitney U test, or Wilcoxon rank-sum test; Mann and Whitney 1947),
// two-sided at level Alpha — the test benchstat uses to say whether two
// sets of benchmark runs differ. It assumes nothing of the distribution
// (load times are skewed and often multimodal). Without ties and with at
// most 50 values on each side the p-value comes from the exact
// distribution of U; otherwise from the normal approximation with the
// tie correction — the variance N1·N2/12 · ((n+1) − Σ(t³−t)/(n(n−1))),
// t the size of each group of equal values, n = N1+N2 — and the
// continuity correction (|U − N1·N2/2| reduced by ½). (benchstat also
// computes the exact distribution with ties for samples of at most 9
// values; this does not.) Samples whose values are all one and the same
// value have P = 1: nothing tells them apart. An empty sample has P =
// NaN and is never significant.
func MannWhitney(x, y []float64) Comparison {
	n1, n2 := len(x), len(y)
	c := Comparison{N1: n1, N2: n2, P: math.NaN()}
	if n1 == 0 || n2 == 0 {
		return c
	}
	type obs struct {
		v     float64
		first bool
	}
	all := make([]obs, 0, n1+n2)
	for _, v := range x {
		all = append(all, obs{v, true})
	}
	for _, v := range y {
		all = append(all, obs{v, false})
	}
	slices.SortStableFunc(all, func(a, b obs) int {
		switch {
		case a.v < b.v:
			return -1
		case a.v > b.v:
			return 1
		}
		return 0
	})
	// Ranks from 1, ties given their mean rank; R1 is the first sample's
	// rank sum and ties Σ(t³−t).
	r1, ties := 0.0, 0.0
	for i := 0; i < len(all); {
		j := i
		for j < len(all) && all[j].v == all[i].v {
			j++
		}
		rank := float64(i+1+j) / 2
		for k := i; k < j; k++ {
			if all[k].first {
				r1 += rank
			}
		}
		t := float64(j - i)
		ties += t*t*t - t
		i = j
	}
	c.U = r1 - float64(n1*(n1+1))/2
	mu := float64(n1*n2) / 2
	n := float64(n1 + n2)
	switch {
	case ties == n*n*n-n: // every value the same
		c.P = 1
	case ties == 0 && n1 <= mannWhitneyExactLimit && n2 <= mannWhitneyExactLimit:
		c.Exact = true
		small := math.Min(c.U, float64(n1*n2)-c.U)
		c.P = math.Min(1, 2*uCDF(n1, n2, int(math.Round(small))))
	default:
		sigma := math.Sqrt(float64(n1*n2) / 12 * ((n + 1) - ties/(n*(n-1))))
		d := math.Abs(c.U-mu) - 0.5
		d = math.Max(d, 0)
		c.P = 2 * distuv.UnitNormal.Survival(d/sigma)
	}
	c.Significant = c.P < Alpha
	return c
}

// uCDF is P(U ≤ u) for samples of m and n values without ties under the
// null hypothesis (uDist).
func uCDF(m, n, u int) float64 {
	if u < 0 {
		return 0
	}
	cdf := uDist(m, n)
	return cdf[min(u, len(cdf)-1)]
}

// uDists caches the distributions uDist computed: a report compares many
// pairs of cells with the same numbers of runs.
var uDists = struct {
	sync.Mutex
	m map[[2]int][]float64
}{m: map[[2]int][]float64{}}

// uDist is the cumulative distribution of U for samples of m and n values
// without ties under the null hypothesis, cdf[k] = P(U ≤ k), from the
// recurrence of Mann and Whitney (1947): the largest of the m+n values
// belongs to the first sample with probability m/(m+n), adding n to U,
// else to the second: p(m, n, k) = m/(m+n)·p(m−1, n, k−n) +
// n/(m+n)·p(m, n−1, k). For 50 against 50 it takes about 10 ms, once.
func uDist(m, n int) []float64 {
	key := [2]int{m, n}
	uDists.Lock()
	defer uDists.Unlock()
	if cdf, ok := uDists.m[key]; ok {
		return cdf
	}
	// prob[j][k] is P(U = k) for (i, j) values, built up row by row in i.
	prob := make([][]float64, n+1)
	for j := range prob {
		prob[j] = []float64{1} // no value in the first sample: U = 0
	}
	for i := 1; i <= m; i++ {
		next := make([][]float64, n+1)
		next[0] = []float64{1} // no value in the second sample: U = 0
		for j := 1; j <= n; j++ {
			row := make([]float64, i*j+1)
			a, b := float64(i)/float64(i+j), float64(j)/float64(i+j)
			for k := range row {
				if k-j >= 0 && k-j < len(prob[j]) {
					row[k] += a * prob[j][k-j] // the largest is the first sample's
				}
				if k < len(next[j-1]) {
					row[k] += b * next[j-1][k] // the largest is the second's
				}
			}
			next[j] = row
		}
		prob = next
	}
	cdf := prob[n]
	for k := 1; k < len(cdf); k++ {
		cdf[k] += cdf[k-1]
	}
	uDists.m[key] = cdf
	return cdf
}
