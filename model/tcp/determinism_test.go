package tcp

import (
	"fmt"
	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
	"testing"
	"time"
)

// Determinism: same seed and run, same trace; another run or seed,
// other drops.

func TestDeterminism(t *testing.T) {
	nw := link.DefaultConfig()
	nw.Loss = 0.01
	run := func(seed uint64, runNo int) *Trace {
		t.Helper()
		s, n := newTestNet(t, nw, DefaultConfig(), seed, runNo)
		tr := &Trace{Segments: true}
		n.SetTrace(tr)
		// Two connections at once, so that loss streams and the shared
		// link both matter.
		for i := 0; i < 2; i++ {
			var got units.Bytes
			client := &funcApp{
				established: func(e *Endpoint) { e.Write(400) },
				readable: func(e *Endpoint) {
					got += e.Read(0)
					if e.EOF() {
						e.Close()
					}
				},
			}
			server := &funcApp{readable: func(e *Endpoint) {
				if e.Read(0) > 0 {
					e.Write(500 * units.KB)
					e.Shutdown()
				}
				if e.EOF() {
					e.Close()
				}
			}}
			n.Dial(fmt.Sprintf("h%d", i), link.ClientToServer, client, server).A.Connect()
		}
		if err := s.Run(sim.Limits{Horizon: time.Hour}); err != nil {
			t.Fatal(err)
		}
		return tr
	}
	drops := func(tr *Trace) []Record {
		var d []Record
		for _, r := range tr.Records {
			if r.Kind == RecSegDrop {
				d = append(d, r)
			}
		}
		return d
	}
	a, b := run(7, 0), run(7, 0)
	if len(drops(a)) == 0 {
		t.Fatal("no drops at 1 % loss: the check would prove nothing")
	}
	if !slicesEqual(a.Records, b.Records) {
		n := min(len(a.Records), len(b.Records))
		i := 0
		for i < n && a.Records[i] == b.Records[i] {
			i++
		}
		t.Fatalf("same seed and run: traces differ (%d vs %d records), first difference at record %d", len(a.Records), len(b.Records), i)
	}
	others := []struct {
		name string
		seed uint64
		run  int
	}{
		{"next run number", 7, 1},
		{"another run number", 7, 2},
		{"another seed", 8, 0},
	}
	for _, o := range others {
		t.Run(o.name, func(t *testing.T) {
			c := run(o.seed, o.run)
			if len(drops(c)) == 0 {
				t.Fatal("no drops at 1 % loss")
			}
			if slicesEqual(drops(a), drops(c)) {
				t.Errorf("seed %d run %d drops exactly the packets of seed 7 run 0 (%d drops)", o.seed, o.run, len(drops(c)))
			}
		})
	}
}
