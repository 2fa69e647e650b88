package model

import (
	"testing"
	"time"
)

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
