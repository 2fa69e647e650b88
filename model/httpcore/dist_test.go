package httpcore

import (
	"math"
	"math/rand/v2"
	"testing"
)

// TestDrawSaturates: every duration drawn from a distribution is in
// [0, MaxDraw], however heavy its tail.
func TestDrawSaturates(t *testing.T) {
	for _, d := range []Dist{
		{Kind: "lognormal", Value: 0.001, Sigma: 20},
		{Kind: "pareto", Value: 0.001, Sigma: 0.0001},
		{Kind: "exponential", Value: 1e300},
		{Kind: "fixed", Value: 1e300},
		{Kind: "uniform", Value: 0, Max: math.MaxFloat64},
	} {
		src := rand.NewPCG(1, 2)
		for i := 0; i < 2000; i++ {
			v := d.Duration(src)
			if v < 0 || v > MaxDraw {
				t.Fatalf("%+v: draw %v outside [0, %v]", d, v, MaxDraw)
			}
		}
	}
}
