package model

import (
	"fmt"
	"testing"
	"time"
)

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

func TestTextbookRoundTrips(t *testing.T) {
	const r = 100 * time.Millisecond
	parallel5 := strat("parallel")
	parallel5.Conns = 5
	cases := []struct {
		name   string
		st     Strategy
		rounds int
		conns  int
	}{
		{"serial", strat("serial"), 18, 9},
		{"parallel(5)", parallel5, 6, 9},
		{"keepalive", strat("keepalive"), 10, 1},
		{"persistent", strat("persistent"), 10, 1},
		{"pipelined", strat("pipelined"), 3, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			res, err := Simulate(textbookConfig(r, 8, c.st))
			if err != nil {
				t.Fatal(err)
			}
			want := time.Duration(c.rounds) * r
			if d := res.LoadTime - want; d < -time.Microsecond || d > time.Microsecond {
				t.Errorf("load time = %v, want %d round trips = %v", res.LoadTime, c.rounds, want)
			}
			if res.Connections != c.conns {
				t.Errorf("connections = %d, want %d", res.Connections, c.conns)
			}
			if res.Failed != 0 || res.Retries != 0 {
				t.Errorf("failed %d, retries %d; want none", res.Failed, res.Retries)
			}
		})
	}
}
