package model

import (
	"fmt"
	"testing"
	"time"
)

// simulate runs cfg and fails the test on an error.
func simulate(t testing.TB, cfg Config) *Result {
	t.Helper()
	res, err := Simulate(cfg)
	if err != nil {
		t.Fatalf("Simulate: %v", err)
	}
	return res
}

// realConfig is a modern setting with the documented defaults (headers,
// delayed ACK, IW 10) on the given link.
func realConfig(rtt time.Duration, down, up BitRate, page Page, st Strategy) Config {
	cfg := Config{Network: DefaultNetwork(), TCP: DefaultTCP(), Client: DefaultClient(), Server: DefaultServer(), Strategy: st, Page: page}
	cfg.Network.RTT = rtt
	cfg.Network.Down, cfg.Network.Up = down, up
	return cfg
}

// parallelN is the parallel preset with n connections per host.
func parallelN(n int) Strategy {
	s := strat("parallel")
	s.Conns = n
	s.Name = fmt.Sprintf("parallel(%d)", n)
	return s
}

// dataSegments counts the data-carrying segments one side sent (first
// transmissions and retransmissions alike).
func dataSegments(tr *Trace, client bool) int {
	n := 0
	for _, r := range tr.Records {
		if r.Kind == RecSegSent && r.Client == client && r.Len > 0 {
			n++
		}
	}
	return n
}

func near(got, want, tol time.Duration) bool {
	d := got - want
	return d >= -tol && d <= tol
}

// maxOpen returns the most connections (of host, or of every host when
// host is "") whose [Opened, Closed) intervals overlap, counting only
// those keep accepts. Connections still open at the end count to
// infinity.
func maxOpen(conns []ConnResult, host string, keep func(ConnResult) bool) int {
	type ev struct {
		at    time.Duration
		delta int
	}
	var evs []ev
	for _, c := range conns {
		if host != "" && c.Host != host || keep != nil && !keep(c) {
			continue
		}
		evs = append(evs, ev{c.Opened, +1})
		if c.End != "open" {
			evs = append(evs, ev{c.Closed, -1})
		}
	}
	// Closes before opens at the same instant: [Opened, Closed) intervals.
	for i := 1; i < len(evs); i++ {
		for j := i; j > 0 && (evs[j].at < evs[j-1].at || evs[j].at == evs[j-1].at && evs[j].delta < evs[j-1].delta); j-- {
			evs[j], evs[j-1] = evs[j-1], evs[j]
		}
	}
	n, m := 0, 0
	for _, e := range evs {
		n += e.delta
		m = max(m, n)
	}
	return m
}

// textbookConfig is the chapter's idealised setting: transmission is
// negligible (a very fast link, no header overhead, tiny objects), no think
// time, no DNS or TLS, delayed ACK off.
func textbookConfig(rtt time.Duration, nobj int, st Strategy) Config {
	cfg := Config{Network: DefaultNetwork(), TCP: DefaultTCP(), Client: DefaultClient(), Server: DefaultServer(), Strategy: st}
	cfg.Network.RTT = rtt
	cfg.Network.Down, cfg.Network.Up = 100*Gbps, 100*Gbps
	cfg.Network.Header = 0
	cfg.TCP.DelayedACK = 0
	cfg.Page = tinyPage(nobj, 1)
	return cfg
}

// tinyPage is an HTML document with n children of size each, on one host.
func tinyPage(n int, size Bytes) Page {
	p := Page{Objects: []Object{{ID: "html", Host: "example.com", Path: "/", Size: size, Parent: -1}}}
	for i := 1; i <= n; i++ {
		p.Objects = append(p.Objects, Object{ID: fmt.Sprintf("img%d", i), Host: "example.com", Path: fmt.Sprintf("/%d.gif", i), Size: size, Parent: 0})
	}
	return p
}

func strat(name string) Strategy {
	s, ok := StrategyByName(name)
	if !ok {
		panic(name)
	}
	return s
}
