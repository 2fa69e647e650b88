package main

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// A Case is one page load both simulators run: the network, the page and
// the strategy, in the reference harness's terms (pageload.cc flags).
type Case struct {
	Group    string        // the table the case belongs to (lossless, small queue, random loss)
	RTT      time.Duration // round-trip propagation delay
	Down, Up float64       // link rates, Mbps
	Queue    int           // drop-tail queue per direction, packets
	Loss     float64       // i.i.d. loss per packet and direction, 0..1
	Page     string        // object sizes, pageload.cc's --objects syntax ("10000,5000x10")
	Strategy string        // pageload.cc's --strategy
	Conns    int           // K for parallel and parallel-persistent
	Runs     int           // replications (random loss); 1 otherwise
}

// Name identifies a case in tables and test names.
func (c Case) Name() string {
	s := fmt.Sprintf("rtt=%v down=%gMbps q=%d %s %s", c.RTT, c.Down, c.Queue, c.Strategy, c.Page)
	if c.Loss > 0 {
		s += fmt.Sprintf(" loss=%g%%", c.Loss*100)
	}
	return s
}

// sizes expands a --objects specification into object sizes in bytes.
func sizes(spec string) ([]int64, error) {
	var out []int64
	for _, item := range strings.Split(spec, ",") {
		size, count, found := strings.Cut(item, "x")
		n := 1
		if found {
			v, err := strconv.Atoi(count)
			if err != nil || v < 1 {
				return nil, fmt.Errorf("bad count in %q", item)
			}
			n = v
		}
		b, err := strconv.ParseInt(size, 10, 64)
		if err != nil || b < 1 {
			return nil, fmt.Errorf("bad size in %q", item)
		}
		for i := 0; i < n; i++ {
			out = append(out, b)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("empty page %q", spec)
	}
	return out, nil
}

// Strategies are the harness's strategies, in table order.
var Strategies = []string{"serial", "parallel", "persistent", "pipelined", "parallel-persistent"}

// Pages are the pages of the grid: the harness's example page (a 10 KB
// HTML and ten 5 KB images), a heavier page with a few large and many
// small objects, one object of one segment, and one of 100 KB.
var Pages = []string{"10000,5000x10", "30000,60000x2,20000x4,2000x12", "1460", "100000"}

// Grid returns the cases of the full cross-check: lossless (rtt 20/100/300
// ms × down 0.5/1.5/10/100 Mbps × 5 strategies × the pages, queue 1000),
// small queues (5, 10 and 20 packets) and random loss (0.5 % and 2 %, 30
// replications each).
func Grid() []Case {
	var cs []Case
	for _, page := range Pages {
		for _, rtt := range []time.Duration{20 * time.Millisecond, 100 * time.Millisecond, 300 * time.Millisecond} {
			for _, bw := range []float64{0.5, 1.5, 10, 100} {
				for _, s := range Strategies {
					cs = append(cs, Case{Group: "lossless", RTT: rtt, Down: bw, Up: bw, Queue: 1000, Page: page, Strategy: s, Conns: 6, Runs: 1})
				}
			}
		}
	}
	for _, q := range []int{5, 10, 20} {
		for _, rtt := range []time.Duration{20 * time.Millisecond, 100 * time.Millisecond} {
			for _, bw := range []float64{1.5, 10} {
				for _, s := range Strategies {
					cs = append(cs, Case{Group: "small queue", RTT: rtt, Down: bw, Up: bw, Queue: q, Page: Pages[1], Strategy: s, Conns: 6, Runs: 1})
				}
			}
		}
	}
	for _, loss := range []float64{0.005, 0.02} {
		for _, rtt := range []time.Duration{20 * time.Millisecond, 100 * time.Millisecond} {
			for _, s := range Strategies {
				cs = append(cs, Case{Group: "random loss", RTT: rtt, Down: 10, Up: 10, Queue: 1000, Loss: loss, Page: Pages[1], Strategy: s, Conns: 6, Runs: 30})
			}
		}
	}
	return cs
}

// Subset is the part of the grid go test runs: a few lossless cases per
// strategy that exercise slow start, the delayed-ACK rules and the
// pipelined burst, cheap enough for CI.
func Subset() []Case {
	var cs []Case
	for _, c := range Grid() {
		if c.Group != "lossless" {
			continue
		}
		if (c.RTT == 100*time.Millisecond && (c.Down == 1.5 || c.Down == 100) && (c.Page == Pages[0] || c.Page == Pages[1])) ||
			(c.RTT == 20*time.Millisecond && c.Down == 0.5 && c.Page == Pages[0]) {
			cs = append(cs, c)
		}
	}
	return cs
}
