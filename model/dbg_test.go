package model

import (
	"fmt"
	"testing"
	"time"
)

func TestDbgH3(t *testing.T) {
	for _, name := range []string{"browser", "h3"} {
		for _, zr := range []bool{false, true} {
			cfg := textbookConfig(100*time.Millisecond, 0, strat(name))
			cfg.QUIC = DefaultQUIC()
			cfg.QUIC.UDPHeader = 0
			cfg.Page = tinyPage(8, 1000)
			cfg.Hosts = map[string]Host{"example.com": {TLS: TLS13, CertSize: 1000, ZeroRTT: zr}}
			res, err := Simulate(cfg)
			if err != nil {
				t.Fatal(err)
			}
			fmt.Println(name, zr, res.LoadTime, res.Complete, res.IncompleteDetail, res.Connections, res.PacketsDown, res.PacketsUp, res.BytesDown, res.BytesUp)
			for _, o := range res.Objects[:3] {
				fmt.Printf("   %s conn %d sent %v first %v last %v tcp %v tls %v\n", o.ID, o.Conn, o.RequestSent, o.FirstByte, o.LastByte, o.TCPDone, o.TLSDone)
			}
		}
	}
}
