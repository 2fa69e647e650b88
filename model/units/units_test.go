package units

import (
	"math"
	"testing"
	"time"
)

func TestTxTimeSaturates(t *testing.T) {
	if got := BitRate(1).TxTime(5 * GB * 1000); got != time.Duration(math.MaxInt64) {
		t.Errorf("5 TB at 1 bps: %v, want the largest duration", got)
	}
	if got, want := (100 * Gbps).TxTime(1500), 120*time.Nanosecond; got != want {
		t.Errorf("1500 B at 100 Gbps: %v, want %v", got, want)
	}
	if got, want := (3 * Bps).TxTime(1), 2666666667*time.Nanosecond; got != want {
		t.Errorf("1 B at 3 bps: %v, want %v (rounded up)", got, want)
	}
}

// TestParseErrors: every error names the units; a bare number says which
// unit to add, an unknown unit is named.
func TestParseErrors(t *testing.T) {
	for _, c := range []struct {
		parse func(string) error
		in    string
		want  string
	}{
		{func(s string) error { _, err := ParseBytes(s); return err }, "1TB", `size "1TB": unknown unit "TB" (units B, KB, KiB, MB, MiB, GB, GiB)`},
		{func(s string) error { _, err := ParseBytes(s); return err }, "2 kb", `size "2 kb": unknown unit "kb" (units B, KB, KiB, MB, MiB, GB, GiB)`},
		{func(s string) error { _, err := ParseBytes(s); return err }, "1460", `size "1460" needs a unit (e.g. 1460B or 1460KB; units B, KB, KiB, MB, MiB, GB, GiB)`},
		{func(s string) error { _, err := ParseBytes(s); return err }, "lots", `size "lots" is not a number with a unit (e.g. 42KB; units B, KB, KiB, MB, MiB, GB, GiB)`},
		{func(s string) error { _, err := ParseBytes(s); return err }, "-3KB", `"-3KB" is negative`},
		{func(s string) error { _, err := ParseBitRate(s); return err }, "5TBps", `rate "5TBps": unknown unit "TBps" (units bps, kbps, Mbps, Gbps)`},
		{func(s string) error { _, err := ParseBitRate(s); return err }, "1.5", `rate "1.5" needs a unit (e.g. 1.5Mbps; units bps, kbps, Mbps, Gbps)`},
		{func(s string) error { _, err := ParseDuration(s); return err }, "2d", `duration "2d": unknown unit "d" (units us, ms, s)`},
		{func(s string) error { _, err := ParseDuration(s); return err }, "100", `duration "100" needs a unit (e.g. 100ms; units us, ms, s)`},
	} {
		if err := c.parse(c.in); err == nil || err.Error() != c.want {
			t.Errorf("%q: %v, want %s", c.in, err, c.want)
		}
	}
	for _, ok := range []string{"1460B", "42KB", "4MiB", "1.5MB", "1e3KB"} {
		if _, err := ParseBytes(ok); err != nil {
			t.Errorf("ParseBytes(%q): %v", ok, err)
		}
	}
}

// TestTxClock: a TxClock answers as TxTime at its rate, whatever the
// order of sizes (repeats, changes, zero and negative sizes).
func TestTxClock(t *testing.T) {
	for _, r := range []BitRate{56 * Kbps, 1500 * Kbps, 10 * Gbps} {
		c := NewTxClock(r)
		for _, b := range []Bytes{1500, 1500, 52, 1500, 0, -1, -1, 1, 1500, 64 * KB, 52} {
			if got, want := c.TxTime(b), r.TxTime(b); got != want {
				t.Fatalf("rate %v, %v: %v, want %v", r, b, got, want)
			}
		}
	}
}
