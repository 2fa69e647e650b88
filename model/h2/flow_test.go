package h2

import (
	"testing"

	"pagesim/model/units"
)

// TestRecvWindowUpdates is the receiver's rule: a WINDOW_UPDATE returns
// every byte read so far once they exceed half the window, and nothing
// before.
func TestRecvWindowUpdates(t *testing.T) {
	cases := []struct {
		name   string
		size   units.Bytes
		reads  []units.Bytes
		expect []units.Bytes // the increment after each read
	}{
		{"RFC window, segments", 65535, []units.Bytes{16384, 16383, 1, 16384, 16384, 1},
			[]units.Bytes{0, 0, 32768, 0, 32768, 0}},
		{"exactly half is not more than half", 100, []units.Bytes{50, 1}, []units.Bytes{0, 51}},
		{"one read over the whole window", 1000, []units.Bytes{1000}, []units.Bytes{1000}},
		{"window of one byte", 1, []units.Bytes{1, 1}, []units.Bytes{1, 1}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			w := recvWindow{size: c.size}
			for i, n := range c.reads {
				if got := w.consumed(n); got != c.expect[i] {
					t.Errorf("read %d (%d B): update %d, want %d", i, n, got, c.expect[i])
				}
			}
		})
	}
}

// TestSendWindowNeverNegative: taking more than the credit is a broken
// invariant, and says so.
func TestSendWindowNeverNegative(t *testing.T) {
	w := sendWindow{credit: 10}
	w.take(10)
	w.give(5)
	defer func() {
		if recover() == nil {
			t.Errorf("taking 6 B of a 5 B window did not panic")
		}
	}()
	w.take(6)
}
