package scenarios

import (
	"testing"
	"time"

	"pagesim/model"
)

// The unit parsers live in package model; they are fuzzed here, where
// user input reaches them.

var unitSeeds = []string{
	"", "0", "1", "1.5", "-1ms", "100ms", "1.5s", "250us", "250µs", "1h2m", "NaN", "Infms", "1e309ms",
	"42KB", "4MiB", "1460B", "1.5MB", "-3KB", "1e400B", "9223372036854775807B", "0.0001B",
	"56kbps", "1.5Mbps", "1Gbps", "1Kbps", "-1bps", "1e30Gbps", " 10 Mbps ", "kbps", "B",
}

func FuzzParseBytes(f *testing.F) {
	for _, s := range unitSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b, err := model.ParseBytes(s)
		if err != nil {
			return
		}
		if b < 0 {
			t.Fatalf("ParseBytes(%q) = %d, negative", s, b)
		}
		if b < 1<<50 {
			back, err := model.ParseBytes(b.String())
			if err != nil || back != b {
				t.Fatalf("ParseBytes(%q) = %d, printed %q, parsed back as %d, %v", s, b, b.String(), back, err)
			}
		}
	})
}

func FuzzParseBitRate(f *testing.F) {
	for _, s := range unitSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := model.ParseBitRate(s)
		if err != nil {
			return
		}
		if r < 0 {
			t.Fatalf("ParseBitRate(%q) = %d, negative", s, r)
		}
		if r < 1<<50 {
			back, err := model.ParseBitRate(r.String())
			if err != nil || back != r {
				t.Fatalf("ParseBitRate(%q) = %d, printed %q, parsed back as %d, %v", s, r, r.String(), back, err)
			}
		}
		if r > 0 {
			_ = r.TxTime(1500) // must not panic or divide by zero
		}
	})
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range unitSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := model.ParseDuration(s)
		if err != nil {
			return
		}
		if d < 0 {
			t.Fatalf("ParseDuration(%q) = %v, negative", s, d)
		}
		back, err := model.ParseDuration(d.String())
		if err != nil || back != d {
			t.Fatalf("ParseDuration(%q) = %v, printed %q, parsed back as %v, %v", s, d, d.String(), back, err)
		}
		_ = time.Duration(d)
	})
}
