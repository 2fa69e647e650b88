package httpcore

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"pagesim/model/internal/field"
)

// MaxDraw bounds every duration drawn from a distribution (a think time):
// a draw above it — the far tail of lognormal{sigma: 20} or of a pareto
// with shape 0.0001, which overflows a time.Duration as seconds — counts as
// MaxDraw, 1000 hours. That is far beyond any horizon (the default is one
// hour), so such a draw makes a load that does not finish, and the result
// says so, instead of an overflow into the past.
const MaxDraw = 1000 * time.Hour

// Sample draws one value from the distribution using src (values are never
// negative).
func (d Dist) Sample(src rand.Source) float64 {
	var v float64
	switch d.Kind {
	case "", "fixed":
		v = d.Value
	case "lognormal":
		v = distuv.LogNormal{Mu: math.Log(d.Value), Sigma: d.Sigma, Src: src}.Rand()
	case "exponential":
		if d.Value > 0 {
			v = distuv.Exponential{Rate: 1 / d.Value, Src: src}.Rand()
		}
	case "uniform":
		v = distuv.Uniform{Min: d.Value, Max: d.Max, Src: src}.Rand()
	case "pareto":
		v = distuv.Pareto{Xm: d.Value, Alpha: d.Sigma, Src: src}.Rand()
	}
	return math.Max(v, 0)
}

// Duration draws seconds from d and converts them to a duration in
// [0, MaxDraw].
func (d Dist) Duration(src rand.Source) time.Duration {
	v := d.Sample(src)
	if v <= 0 || math.IsNaN(v) {
		return 0
	}
	if v >= MaxDraw.Seconds() {
		return MaxDraw
	}
	return time.Duration(v * float64(time.Second))
}

// Validate checks the parameters of a distribution held by the field at
// path f.
func (d Dist) Validate(f string) error {
	bad := func(msg string) error { return field.Errorf(f, "%s", msg) }
	switch d.Kind {
	case "", "fixed", "exponential":
		if d.Value < 0 {
			return bad("must not be negative")
		}
	case "lognormal":
		if d.Value <= 0 || d.Sigma < 0 {
			return bad("lognormal needs a positive median and sigma ≥ 0")
		}
	case "uniform":
		if d.Value < 0 || d.Max < d.Value {
			return bad("uniform needs 0 ≤ min ≤ max")
		}
	case "pareto":
		if d.Value <= 0 || d.Sigma <= 0 {
			return bad("pareto needs a positive scale and shape")
		}
	default:
		return bad(fmt.Sprintf("unknown distribution %q (expected fixed, lognormal, exponential, uniform or pareto)", d.Kind))
	}
	return nil
}
