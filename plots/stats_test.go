package plots

import (
	"fmt"
	"math"
	"math/big"
	"testing"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol || a == b }

// TestQuantile: type 7, checked against NumPy's default (np.percentile)
// on small samples.
func TestQuantile(t *testing.T) {
	for _, c := range []struct {
		x    []float64
		p    float64
		want float64
	}{
		{[]float64{3}, 0.5, 3},
		{[]float64{1, 2}, 0.5, 1.5},
		{[]float64{5, 1, 3}, 0.5, 3},
		{[]float64{4, 1, 3, 2}, 0.5, 2.5},
		// np.percentile([1..10], 5) = 1.45; 95 → 9.55.
		{[]float64{10, 9, 8, 7, 6, 5, 4, 3, 2, 1}, 0.05, 1.45},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.95, 9.55},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0, 1},
		{[]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 1, 10},
		// np.percentile([15, 20, 35, 40, 50], 40) = 29.
		{[]float64{15, 20, 35, 40, 50}, 0.4, 29},
	} {
		if got := Quantile(c.x, c.p); !near(got, c.want, 1e-12) {
			t.Errorf("Quantile(%v, %v) = %v, want %v", c.x, c.p, got, c.want)
		}
	}
	if !math.IsNaN(Quantile(nil, 0.5)) || !math.IsNaN(Quantile([]float64{1}, 1.5)) {
		t.Error("Quantile of nothing, or beyond 1, is not NaN")
	}
}

// binomCoverage is 1 − 2·P(B ≤ l−1) for B ~ Binomial(n, ½), exactly,
// counting subsets: the reference for MedianCI's ranks.
func binomCoverage(n, l int) float64 {
	below := new(big.Int)
	for k := 0; k < l; k++ {
		below.Add(below, new(big.Int).Binomial(int64(n), int64(k)))
	}
	total := new(big.Int).Lsh(big.NewInt(1), uint(n))
	f, _ := new(big.Rat).SetFrac(new(big.Int).Sub(total, new(big.Int).Lsh(below, 1)), total).Float64()
	return f
}

// TestMedianCI: the ranks of the distribution-free interval, checked
// against published tables (Conover's; n = 10 → x(2)…x(9) covering
// 97.9 %, n = 20 → x(6)…x(15) 95.9 %, n = 100 → x(40)…x(61) 96.5 %) and
// against an exact count for every n up to 60: the coverage is at least
// 95 %, and one rank further in would not be.
func TestMedianCI(t *testing.T) {
	for _, c := range []struct {
		n, l  int
		level float64
	}{
		{5, 0, 0}, {6, 1, 0.96875}, {10, 2, 0.978515625}, {20, 6, 0.9586105}, {100, 40, 0.9648},
	} {
		l, level := medianCIOrder(c.n, Confidence)
		if l != c.l || !near(level, c.level, 1e-4) {
			t.Errorf("n=%d: rank %d coverage %.6f, want %d, %.6f", c.n, l, level, c.l, c.level)
		}
	}
	for n := 1; n <= 60; n++ {
		l, level := medianCIOrder(n, Confidence)
		if l == 0 {
			if n >= 6 || binomCoverage(n, 1) >= Confidence {
				t.Errorf("n=%d: no interval, but [x(1), x(n)] covers %v", n, binomCoverage(n, 1))
			}
			continue
		}
		if exact := binomCoverage(n, l); !near(level, exact, 1e-9) || exact < Confidence {
			t.Errorf("n=%d: rank %d covers %v (exactly %v), want at least %v", n, l, level, exact, Confidence)
		}
		if l+1 <= n/2 && binomCoverage(n, l+1) >= Confidence {
			t.Errorf("n=%d: rank %d, but %d also covers %v", n, l, l+1, binomCoverage(n, l+1))
		}
	}
	x := []float64{9, 1, 8, 2, 7, 3, 6, 4, 5, 10}
	lo, hi, level := MedianCI(x, Confidence)
	if lo != 2 || hi != 9 || !near(level, 0.978515625, 1e-12) {
		t.Errorf("MedianCI(1…10) = [%v, %v] at %v, want [2, 9] at 0.9785", lo, hi, level)
	}
	if lo, hi, _ := MedianCI(x[:5], Confidence); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("MedianCI of 5 values = [%v, %v], want none", lo, hi)
	}
}

// TestMeanCI: mean ± t·s/√n, against a hand computation: 1…10 has mean
// 5.5, s = 3.02765, t(0.975, 9) = 2.262157 → ±2.16585.
func TestMeanCI(t *testing.T) {
	lo, hi := MeanCI([]float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, Confidence)
	if !near(lo, 5.5-2.165852, 1e-5) || !near(hi, 5.5+2.165852, 1e-5) {
		t.Errorf("MeanCI(1…10) = [%v, %v], want 5.5 ± 2.16585", lo, hi)
	}
	if lo, hi := MeanCI([]float64{3}, Confidence); !math.IsNaN(lo) || !math.IsNaN(hi) {
		t.Errorf("MeanCI of one value = [%v, %v], want NaN", lo, hi)
	}
	if lo, hi := MeanCI([]float64{4, 4, 4}, Confidence); lo != 4 || hi != 4 {
		t.Errorf("MeanCI of equal values = [%v, %v], want [4, 4]", lo, hi)
	}
}

func TestSummarize(t *testing.T) {
	s := Summarize([]float64{10, 1, 9, 2, 8, 3, 7, 4, 6, 5})
	if s.N != 10 || s.Mean != 5.5 || s.Median != 5.5 || s.Min != 1 || s.Max != 10 || !near(s.P5, 1.45, 1e-12) || !near(s.P95, 9.55, 1e-12) ||
		s.MedianLo != 2 || s.MedianHi != 9 || s.MedianCIOrderLow != 2 {
		t.Errorf("Summarize(1…10) = %+v", s)
	}
	if s := Summarize(nil); s.N != 0 || !math.IsNaN(s.Median) || !math.IsNaN(s.MeanLo) {
		t.Errorf("Summarize(nil) = %+v", s)
	}
}

// uCDFBrute counts, over every way of choosing which m of m+n distinct
// values belong to the first sample, how often U ≤ u: the reference for
// the recurrence.
func uCDFBrute(m, n, u int) float64 {
	total, hits := 0, 0
	for mask := 0; mask < 1<<(m+n); mask++ {
		if popcount(mask) != m {
			continue
		}
		total++
		// Values 0…m+n−1; U counts pairs first > second.
		U, seconds := 0, 0
		for v := 0; v < m+n; v++ {
			if mask&(1<<v) != 0 {
				U += seconds
			} else {
				seconds++
			}
		}
		if U <= u {
			hits++
		}
	}
	return float64(hits) / float64(total)
}

func popcount(x int) int {
	n := 0
	for ; x != 0; x &= x - 1 {
		n++
	}
	return n
}

// TestMannWhitney checks the exact p-values against full enumeration and
// benchstat's table of the smallest p for n against n (3: 0.1, 4:
// 0.0286, 5: 0.00794), and the normal approximation with ties against a
// published example (ClickHouse's test of mannWhitneyUTest: U = 223, p =
// 0.5426959774289482).
func TestMannWhitney(t *testing.T) {
	for m := 1; m <= 6; m++ {
		for n := 1; n <= 6; n++ {
			for u := -1; u <= m*n; u++ {
				if got, want := uCDF(m, n, u), uCDFBrute(m, n, u); !near(got, want, 1e-12) {
					t.Fatalf("P(U ≤ %d | %d, %d) = %v, want %v", u, m, n, got, want)
				}
			}
		}
	}
	sep := func(n int) ([]float64, []float64) {
		x, y := make([]float64, n), make([]float64, n)
		for i := range x {
			x[i], y[i] = float64(i), float64(100+i)
		}
		return x, y
	}
	for _, c := range []struct {
		n    int
		p    float64
		sign bool
	}{{2, 1.0 / 3, false}, {3, 0.1, false}, {4, 0.02857142857142857, true}, {5, 0.007936507936507936, true}} {
		x, y := sep(c.n)
		r := MannWhitney(x, y)
		if !r.Exact || r.U != 0 || !near(r.P, c.p, 1e-12) || r.Significant != c.sign {
			t.Errorf("%d vs %d separated: %+v, want exact U 0 p %v significant %v", c.n, c.n, r, c.p, c.sign)
		}
		if r2 := MannWhitney(y, x); r2.U != float64(c.n*c.n) || r2.P != r.P {
			t.Errorf("swapped: %+v, want U %d and the same p", r2, c.n*c.n)
		}
	}
	// The published example: ties (530, 180, 111, 261 twice each), so the
	// normal approximation with both corrections.
	x := []float64{310, 195, 530, 155, 530, 245, 385, 450, 465, 545, 170, 180, 125, 180, 230, 75, 430, 480, 495, 295}
	y := []float64{116, 171, 176, 421, 111, 326, 481, 111, 346, 441, 261, 411, 206, 521, 456, 446, 296, 51, 426, 261}
	r := MannWhitney(x, y)
	if r.Exact || r.U != 223 || !near(r.P, 0.5426959774289482, 1e-12) || r.Significant {
		t.Errorf("ClickHouse's example: %+v, want approximate U 223 p 0.5426959774289482, not significant", r)
	}
	for _, c := range []struct {
		name string
		x, y []float64
		p    float64
	}{
		{"identical constant samples", []float64{5, 5, 5}, []float64{5, 5, 5, 5}, 1},
		{"one side constant, the other apart", []float64{5, 5, 5, 5, 5, 5}, []float64{7, 7, 7, 7, 7, 7}, -1},
		{"empty", nil, []float64{1}, math.NaN()},
	} {
		r := MannWhitney(c.x, c.y)
		switch {
		case math.IsNaN(c.p):
			if !math.IsNaN(r.P) || r.Significant {
				t.Errorf("%s: %+v, want no p-value", c.name, r)
			}
		case c.p < 0:
			// 6 against 6, all tied within each side: z = (18 − 0.5)/σ,
			// σ² = 36/12 · (13 − 2·210/132).
			sigma := math.Sqrt(3 * (13 - 420.0/132))
			want := math.Erfc(17.5 / sigma / math.Sqrt2)
			if !near(r.P, want, 1e-12) || !r.Significant {
				t.Errorf("%s: %+v, want p %v, significant", c.name, r, want)
			}
		default:
			if r.P != c.p || r.Significant {
				t.Errorf("%s: %+v, want p %v", c.name, r, c.p)
			}
		}
	}
}

func ExampleMannWhitney() {
	serial := []float64{5310, 5402, 5298, 5377, 5350, 5321}
	browser := []float64{1750, 1802, 1766, 1791, 1749, 1770}
	c := MannWhitney(serial, browser)
	fmt.Printf("U = %v, p = %.4f, significant: %v\n", c.U, c.P, c.Significant)
	// Output: U = 36, p = 0.0022, significant: true
}
