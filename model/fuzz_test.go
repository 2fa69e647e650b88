package model

import (
	"fmt"
	"testing"
	"time"
)

// FuzzSimulate drives the whole model with odd but valid settings — tiny
// and huge windows, slow links, loss, short timeouts, proxies, caps,
// faults, slow readers, HTTP/2's settings, HTTP/3 with 0-RTT, discovery,
// stream limits and a QPACK dynamic table — and checks that a run never panics, always ends,
// accounts for every object (completed, or failed with a reason), and
// says whether the load completed and, if not, why.
// Run it with: go test ./model -run '^$' -fuzz FuzzSimulate -fuzztime 60s
func FuzzSimulate(f *testing.F) {
	f.Add(uint8(0), uint16(50), uint16(1000), uint8(10), uint8(0), uint8(10), uint8(3), uint16(20), uint8(0), uint8(0), uint16(0), uint8(0))
	f.Add(uint8(4), uint16(5), uint16(56), uint8(2), uint8(30), uint8(1), uint8(8), uint16(200), uint8(3), uint8(5), uint16(300), uint8(0xff))
	f.Add(uint8(5), uint16(600), uint16(20000), uint8(1), uint8(5), uint8(4), uint8(5), uint16(1), uint8(7), uint8(2), uint16(50), uint8(0x5a))
	f.Fuzz(func(t *testing.T, strategy uint8, rttMs, downKbps uint16, queue, lossPct, initcwnd, nobj uint8, sizeKB uint16, proxy, kaMax uint8, kaTimeoutMs uint16, flags uint8) {
		cfg := Config{Network: DefaultNetwork(), TCP: DefaultTCP(), Client: DefaultClient(), Server: DefaultServer()}
		all := testStrategies()
		cfg.Strategy = all[int(strategy)%len(all)]
		if flags&0x80 != 0 {
			cfg.Strategy.Conns = 1 + int(flags&7)
		}
		cfg.Network.RTT = time.Duration(rttMs%2000) * time.Millisecond
		cfg.Network.Down = BitRate(1+int64(downKbps)) * Kbps
		cfg.Network.Up = cfg.Network.Down/2 + Kbps
		cfg.Network.Queue = 1 + int(queue)
		cfg.Network.Loss = float64(lossPct%40) / 100
		cfg.TCP.InitCwnd = 1 + int(initcwnd%32)
		cfg.TCP.Nagle = flags&1 != 0
		cfg.TCP.SACK = flags&2 == 0
		cfg.TCP.FRTO = flags&4 == 0
		if flags&8 != 0 {
			cfg.TCP.DelayedACK = 0
		}
		cfg.TCP.CC = []CongestionControl{NewReno, Reno, Cubic}[int(flags>>4)%3]
		cfg.Server.KeepAliveMax = int(kaMax % 10)
		cfg.Server.KeepAliveTimeout = time.Duration(kaTimeoutMs) * time.Millisecond
		if flags&16 != 0 {
			cfg.Server.Close = CloseFull
			cfg.Client.ReadRate = 200 * Kbps
		}
		if flags&32 != 0 {
			cfg.Server.MaxConnsPerClient = 2
			if flags&64 != 0 {
				cfg.Server.Excess = ExcessClose
			}
		}
		if flags&64 != 0 {
			cfg.Server.ContentLength = false
		}
		cfg.Client.Timeout = 5 * time.Second
		switch proxy % 5 {
		case 1:
			cfg.Proxy.Chain = []ProxyKind{ProxyDumb}
		case 2:
			cfg.Proxy.Chain = []ProxyKind{ProxySmart}
		case 3:
			cfg.Proxy.Chain = []ProxyKind{ProxySmart, ProxyDumb}
		case 4:
			cfg.Proxy.Chain = []ProxyKind{ProxyDumb, ProxySmart}
		}
		if proxy&8 != 0 {
			cfg.Proxy.Timeout = 2 * time.Second
			cfg.Client.ProxyConnection = true
		}
		n := 1 + int(nobj%12)
		size := Bytes(sizeKB%300) * KB
		for i := 0; i < n; i++ {
			o := Object{ID: fmt.Sprintf("o%d", i), Host: fmt.Sprintf("h%d.example", i%3), Path: fmt.Sprintf("/%d", i), Size: size + Bytes(i), Parent: -1}
			if i > 0 {
				o.Parent = (i - 1) / 2
				if i%4 == 0 {
					o.AfterFraction = 0.5
				}
				if i%5 == 0 {
					o.Method = "POST"
				}
				o.Delay = time.Duration(i%3) * 100 * time.Millisecond
			}
			cfg.Page.Objects = append(cfg.Page.Objects, o)
		}
		if proxy&16 != 0 {
			cfg.Faults = []Fault{{Kind: "close_mid_body", Object: n - 1, At: 0.5}}
		}
		cfg.Hosts = map[string]Host{"h1.example": {ExtraRTT: 30 * time.Millisecond, DNS: 20 * time.Millisecond, TLS: TLS12, CertSize: 4 * KB},
			"h2.example": {TLS: TLS13, CertSize: 6 * KB, ZeroRTT: flags&2 != 0, H3: []H3Mode{H3Known, H3Discover}[int(kaMax)%2]}}
		cfg.QUIC = DefaultQUIC()
		cfg.QUIC.Pacing = flags&4 != 0
		cfg.QUIC.MaxStreams = 4 + int(initcwnd%8)
		if flags&8 != 0 {
			cfg.H3.QPACKTable = 4096
			cfg.H3.QPACKBlockedStreams = int(queue % 3)
		}
		if cfg.Strategy.HTTP == HTTP2 || cfg.Strategy.HTTP == HTTP3 {
			// HTTP/2 settings from the same inputs: tiny to large windows,
			// stream limits, frame sizes, send buffers, GOAWAY after a few
			// requests, every scheduler, coalescing, prior knowledge.
			cfg.Strategy.H2.StreamWindow = Bytes(1+int(sizeKB)%70) * KB
			cfg.Strategy.H2.PriorKnowledge = flags&1 != 0
			cfg.Server.H2.MaxStreams = int(queue % 8)
			cfg.Server.H2.FrameSize = Bytes(1 + int(kaTimeoutMs)%16384)
			cfg.Server.H2.SendBuffer = Bytes(kaTimeoutMs) * 64
			cfg.Server.H2.MaxRequests = int(kaMax % 5)
			cfg.Server.H2.HeaderTable = Bytes(initcwnd) * 100
			cfg.Server.H2.Scheduler = []Scheduler{SchedFIFO, SchedRoundRobin, SchedTree, SchedUrgency}[int(proxy)%4]
			if flags&4 != 0 {
				for _, h := range []string{"h1.example", "h2.example"} {
					hc := cfg.Hosts[h]
					hc.Address, hc.Cert = "192.0.2.7", "*.example"
					cfg.Hosts[h] = hc
				}
			}
			for i := range cfg.Page.Objects {
				cfg.Page.Objects[i].Urgency = (i * int(lossPct)) % 8
				cfg.Page.Objects[i].Incremental = i%3 == 0
			}
		}
		if err := cfg.Validate(); err != nil {
			t.Skip(err)
		}
		res, err := Simulate(cfg)
		if err != nil {
			// A valid configuration always yields a result: reaching the
			// horizon or the event budget is a result that says so.
			t.Fatalf("Simulate: %v", err)
		}
		if res.Complete != (res.Incomplete == "") || res.Complete != (res.Failed == 0 && res.IncompleteDetail == "") {
			t.Errorf("complete %v, incomplete %q (%s), %d failed: inconsistent", res.Complete, res.Incomplete, res.IncompleteDetail, res.Failed)
		}
		done := 0
		for i, o := range res.Objects {
			switch {
			case o.Failed && o.FailReason == "":
				t.Errorf("object %d failed without a reason", i)
			case !o.Failed && o.LastByte < o.RequestSent:
				t.Errorf("object %d: last byte %v before request %v", i, o.LastByte, o.RequestSent)
			case !o.Failed:
				done++
			}
		}
		if done+res.Failed != len(cfg.Page.Objects) {
			t.Errorf("%d done + %d failed != %d objects", done, res.Failed, len(cfg.Page.Objects))
		}
	})
}
