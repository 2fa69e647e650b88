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
