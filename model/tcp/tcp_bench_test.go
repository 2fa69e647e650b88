package tcp

import (
	"testing"
	"time"

	"pagesim/model/link"
	"pagesim/model/units"
	"pagesim/sim"
)

// benchTransfer simulates one connection: a 400-byte request and a
// response of size bytes over a down link of the given rate (default TCP,
// header 40 B, queue 100). It reports events per second of wall time and
// the simulated completion time; ns/op is the wall time per simulated
// transfer.
func benchTransfer(b *testing.B, rate units.BitRate, rtt time.Duration, size units.Bytes) {
	nw := link.DefaultConfig()
	nw.Down, nw.RTT = rate, rtt
	tc := DefaultConfig()
	b.ReportAllocs()
	var events uint64
	var simulated time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		s := sim.New()
		n, err := newNet(s, nw, tc, 1, 0)
		if err != nil {
			b.Fatal(err)
		}
		var got units.Bytes
		var done time.Duration
		client := &funcApp{
			established: func(e *Endpoint) { e.Write(400) },
			readable: func(e *Endpoint) {
				got += e.Read(0)
				if got == size && done == 0 {
					done = s.Now()
				}
				if e.EOF() {
					e.Close()
				}
			},
		}
		server := &funcApp{readable: func(e *Endpoint) {
			if e.Read(0) > 0 {
				e.Write(size)
				e.Shutdown()
			}
			if e.EOF() {
				e.Close()
			}
		}}
		n.Dial("server", link.ClientToServer, client, server).A.Connect()
		if err := s.Run(sim.Limits{Horizon: time.Hour}); err != nil {
			b.Fatal(err)
		}
		if got != size {
			b.Fatalf("received %d B of %d", got, size)
		}
		events += s.Events()
		simulated = done
	}
	b.StopTimer()
	if sec := b.Elapsed().Seconds(); sec > 0 {
		b.ReportMetric(float64(events)/sec, "events/s")
	}
	b.ReportMetric(float64(events)/float64(b.N), "events/transfer")
	b.ReportMetric(simulated.Seconds(), "sim-s/transfer")
}

// BenchmarkTransfer10MB100Mbps: 10 units.MB over 100 units.Mbps / 50 ms (slow start
// overflows the 100-packet queue: loss recovery included).
func BenchmarkTransfer10MB100Mbps(b *testing.B) {
	benchTransfer(b, 100*units.Mbps, 50*time.Millisecond, 10*units.MB)
}

// BenchmarkTransfer2MB1500kbps: 2 units.MB over 1.5 units.Mbps / 50 ms, the "2 units.MB
// page" of issue 2 (target: well under 1 ms of wall time).
func BenchmarkTransfer2MB1500kbps(b *testing.B) {
	benchTransfer(b, 1500*units.Kbps, 50*time.Millisecond, 2*units.MB)
}
