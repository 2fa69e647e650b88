package model

import (
	"testing"
	"time"

	"pagesim/model/units"
)

// TestCwndTraceBounded: a connection's trace never holds MaxCwndPoints
// points, keeps its largest and smallest windows however often it is
// thinned, stays in recording order, and a short trace is kept whole.
func TestCwndTraceBounded(t *testing.T) {
	var tr cwndTrace
	const n = 200_000
	var peak, trough units.Bytes = 0, 1 << 40
	for i := 0; i < n; i++ {
		// a sawtooth with one tall peak and one deep trough in the middle
		w := units.Bytes(10_000 + (i%997)*100)
		switch i {
		case n / 3:
			w = 5_000_000
		case 2 * n / 3:
			w = 1
		}
		peak, trough = max(peak, w), min(trough, w)
		tr.add(0, time.Duration(i)*time.Microsecond, w, 0)
		if i%5 == 0 {
			tr.add(1, time.Duration(i)*time.Microsecond, 7, 0) // a second, short-lived pattern
		}
	}
	var short cwndTrace
	for i := 0; i < 10; i++ {
		short.add(3, time.Duration(i), units.Bytes(i), 0)
	}
	if got := short.points(); len(got) != 10 || got[9].Cwnd != 9 {
		t.Errorf("a short trace: %d points %v, want all 10", len(got), got)
	}
	pts := tr.points()
	count := map[int]int{}
	var hi, lo units.Bytes = 0, 1 << 40
	for i, p := range pts {
		count[p.Conn]++
		if p.Conn == 0 {
			hi, lo = max(hi, p.Cwnd), min(lo, p.Cwnd)
		}
		if i > 0 && p.At < pts[i-1].At {
			t.Fatalf("point %d at %v before point %d at %v", i, p.At, i-1, pts[i-1].At)
		}
	}
	for c, k := range count {
		if k >= MaxCwndPoints {
			t.Errorf("connection %d kept %d points, want fewer than %d", c, k, MaxCwndPoints)
		}
	}
	if hi != peak || lo != trough {
		t.Errorf("kept extremes %d..%d, want %d..%d", lo, hi, trough, peak)
	}
}

// TestCwndTraceOfABigTransfer: one large object at a high rate (millions
// of window changes) leaves a bounded trace in the Result.
func TestCwndTraceOfABigTransfer(t *testing.T) {
	cfg := textbookConfig(20*time.Millisecond, 0, strat("persistent"))
	cfg.Network.Down, cfg.Network.Up = 10*Gbps, 10*Gbps
	cfg.Network.Queue = 10_000
	cfg.Page.Objects[0].Size = 200 * MB
	cfg.TraceCwnd = true
	cfg.Trace = &Trace{}
	res := simulate(t, cfg)
	server := 0
	for _, r := range cfg.Trace.Records {
		if r.Kind == RecCwnd && !r.Client {
			server++
		}
	}
	if server < MaxCwndPoints {
		t.Fatalf("only %d window changes: the case does not exercise the bound", server)
	}
	per := map[int]int{}
	for _, p := range res.Cwnd {
		per[p.Conn]++
	}
	if len(res.Cwnd) == 0 {
		t.Fatal("no cwnd trace")
	}
	for c, k := range per {
		if k >= MaxCwndPoints {
			t.Errorf("connection %d: %d points, want fewer than %d", c, k, MaxCwndPoints)
		}
	}
}
