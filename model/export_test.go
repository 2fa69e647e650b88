package model

import "time"

// What the external tests (package model_test) use of the internal ones.

// BenchPage is benchPage: the benchmarks' page of n objects.
func BenchPage(n int) Page { return benchPage(n) }

// BenchConfig is the benchmarks' configuration of an n-object page over
// the given round trip, 1.5 Mbps down and 384 kbps up, under the named
// strategy.
func BenchConfig(n int, rtt time.Duration, strategy string) Config {
	cfg := benchConfig(n, strat(strategy))
	cfg.Network.RTT = rtt
	return cfg
}
