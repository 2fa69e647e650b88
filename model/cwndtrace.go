package model

import (
	"slices"
	"time"

	"pagesim/model/units"
)

// MaxCwndPoints bounds the congestion-window trace of one connection
// (Config.TraceCwnd): a chart is a thousand pixels wide, and a 5 GB
// transfer at 10 Gbps changes its window millions of times, which used to
// hold gigabytes for one charted run. When a connection's trace reaches
// the bound it is thinned to half: every run of four consecutive points
// becomes the two of them with the smallest and the largest window, in time
// order, so the path's extremes survive every thinning — the trace keeps
// its peaks and collapses, at a coarser time resolution. A trace that stays
// under the bound is kept whole, point for point.
const MaxCwndPoints = 4096

// cwndTrace collects the windows of each connection, bounded per
// connection, and gives them back in the order they were recorded.
type cwndTrace struct {
	byConn map[int][]cwndEntry
	order  []int // connections in order of first point
	seq    uint64
}

type cwndEntry struct {
	p   CwndPoint
	seq uint64 // order of recording, to merge the connections back
}

func (tr *cwndTrace) add(conn int, at time.Duration, cwnd, ssthresh units.Bytes) {
	if tr.byConn == nil {
		tr.byConn = map[int][]cwndEntry{}
	}
	l, seen := tr.byConn[conn]
	if !seen {
		tr.order = append(tr.order, conn)
	}
	tr.seq++
	l = append(l, cwndEntry{CwndPoint{Conn: conn, At: at, Cwnd: cwnd, Ssthresh: ssthresh}, tr.seq})
	if len(l) >= MaxCwndPoints {
		l = thinCwnd(l)
	}
	tr.byConn[conn] = l
}

// thinCwnd halves a trace, keeping of every four consecutive points the
// ones with the smallest and the largest window, in time order.
func thinCwnd(l []cwndEntry) []cwndEntry {
	out := l[:0]
	for i := 0; i < len(l); i += 4 {
		g := l[i:min(i+4, len(l))]
		lo, hi := 0, 0
		for j := range g {
			if g[j].p.Cwnd < g[lo].p.Cwnd {
				lo = j
			}
			if g[j].p.Cwnd > g[hi].p.Cwnd {
				hi = j
			}
		}
		a, b := g[min(lo, hi)], g[max(lo, hi)]
		out = append(out, a)
		if lo != hi {
			out = append(out, b)
		}
	}
	return out
}

// points returns every kept point in the order it was recorded.
func (tr *cwndTrace) points() []CwndPoint {
	n := 0
	for _, l := range tr.byConn {
		n += len(l)
	}
	if n == 0 {
		return nil
	}
	all := make([]cwndEntry, 0, n)
	for _, c := range tr.order {
		all = append(all, tr.byConn[c]...)
	}
	slices.SortFunc(all, func(a, b cwndEntry) int {
		switch {
		case a.seq < b.seq:
			return -1
		case a.seq > b.seq:
			return 1
		}
		return 0
	})
	out := make([]CwndPoint, len(all))
	for i, e := range all {
		out[i] = e.p
	}
	return out
}
