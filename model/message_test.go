package model

import (
	"testing"
	"time"
)

// TestZeroHeaderSize: server.header_size 0 is allowed (a textbook
// idealisation: only bodies count). The client must still learn a
// response's headers when its first body byte arrives — Keep-Alive max
// included — and an empty object with an empty header block must still
// complete (a response is never nothing on the wire: at least one byte of
// status line goes).
func TestZeroHeaderSize(t *testing.T) {
	const r = 100 * time.Millisecond
	for _, c := range []struct {
		st     Strategy
		rounds int
	}{{strat("serial"), 18}, {parallelN(5), 6}, {strat("keepalive"), 10}, {strat("persistent"), 10}, {strat("pipelined"), 3}} {
		t.Run(c.st.Name, func(t *testing.T) {
			cfg := textbookConfig(r, 8, c.st)
			cfg.Server.HeaderSize = 0
			cfg.Page.Objects[3].Size = 0
			res := simulate(t, cfg)
			if res.Failed != 0 || res.Retries != 0 || res.Timeouts != 0 {
				t.Fatalf("failed %d, retries %d, timeouts %d; want none", res.Failed, res.Retries, res.Timeouts)
			}
			if want := time.Duration(c.rounds) * r; !near(res.LoadTime, want, time.Microsecond) {
				t.Errorf("load time %v, want %d round trips = %v", res.LoadTime, c.rounds, want)
			}
			for i, o := range res.Objects {
				if o.FirstByte < o.RequestSent || o.FirstByte > o.LastByte {
					t.Errorf("object %d: first byte %v outside [request %v, last byte %v]", i, o.FirstByte, o.RequestSent, o.LastByte)
				}
			}
		})
	}
	t.Run("keepalive max=5", func(t *testing.T) {
		for _, name := range []string{"keepalive", "persistent", "pipelined"} {
			cfg := textbookConfig(r, 8, strat(name))
			cfg.Server.HeaderSize = 0
			cfg.Server.KeepAliveMax = 5
			res := simulate(t, cfg)
			if res.Failed != 0 || res.Retries != 0 || res.Connections != 2 || res.Conns[0].Requests != 5 {
				t.Errorf("%s: failed %d, retries %d, connections %d, first carried %d; want 0, 0, 2, 5 (max=5 read from the headers)",
					name, res.Failed, res.Retries, res.Connections, res.Conns[0].Requests)
			}
		}
	})
}
