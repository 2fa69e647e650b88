package plots

import (
	"fmt"
	"time"

	"pagesim/model"
)

// fake builds a plausible result by hand: the document on connection 0,
// then its children spread over conns connections, each connection
// carrying its objects one after another. rtt and per-object transfer
// time set the timeline; nothing here runs the simulator.
type fake struct {
	objects  int
	conns    int // connections open at once
	perObj   bool
	rtt      time.Duration
	transfer time.Duration
	dns      time.Duration
	tls      time.Duration
	cwnd     bool
}

func (f fake) result() *model.Result {
	res := &model.Result{}
	ms := time.Millisecond
	connFree := map[int]time.Duration{}
	connOf := func(i int) (int, bool) {
		if f.perObj {
			return i, true
		}
		if i == 0 {
			return 0, true
		}
		c := (i - 1) % f.conns
		return c, c != 0 && i <= f.conns
	}
	var docEnd time.Duration
	nextConn := 0
	for i := 0; i < f.objects; i++ {
		o := model.ObjectResult{ID: fmt.Sprintf("o%d", i), Host: "example.com", Size: 1000, Parent: 0}
		o.URL = "http://example.com/" + o.ID
		if i == 0 {
			o.ID, o.Parent = "html", -1
		} else {
			o.Ready = docEnd
		}
		c, fresh := connOf(i)
		start := max(o.Ready, connFree[c])
		if f.perObj {
			start = max(o.Ready, connFree[-1]) // one at a time
		}
		if fresh {
			o.Conn = nextConn
			nextConn++
			o.DNSStart = start
			if i == 0 {
				o.ConnectStart = start + f.dns
			} else {
				o.ConnectStart = start
			}
			o.TCPDone = o.ConnectStart + f.rtt
			o.TLSDone = o.TCPDone + f.tls
			res.Conns = append(res.Conns, model.ConnResult{ID: o.Conn, Host: o.Host, Opened: o.ConnectStart, Ready: o.TLSDone})
		} else {
			o.Conn = c
			if f.perObj {
				o.Conn = i
			}
			o.Reused = true
			o.DNSStart, o.ConnectStart, o.TCPDone, o.TLSDone = start, start, start, start
		}
		o.Has = model.HasReady | model.HasRequest | model.HasFirstByte | model.HasLastByte
		if fresh {
			o.Has |= model.HasConnect
			if o.ConnectStart > o.DNSStart {
				o.Has |= model.HasDNS
			}
			if f.tls > 0 {
				o.Has |= model.HasTLS
			}
		}
		o.RequestSent = o.TLSDone
		o.FirstAttempt = o.RequestSent
		o.FirstByte = o.RequestSent + f.rtt
		o.LastByte = o.FirstByte + f.transfer
		connFree[c] = o.LastByte
		connFree[-1] = o.LastByte
		if i == 0 {
			docEnd = o.LastByte
		}
		res.Objects = append(res.Objects, o)
		res.LoadTime = max(res.LoadTime, o.LastByte)
		res.BytesDown += 1000 + 290
		res.BytesUp += 440
		res.PacketsDown += 2
		res.PacketsUp += 2
		res.Conns[len(res.Conns)-1].Requests++
	}
	for i := range res.Conns {
		res.Conns[i].Closed = res.LoadTime
		res.Conns[i].End = "closed by client"
		if f.perObj {
			res.Conns[i].Closed = res.Objects[i].LastByte
			res.Conns[i].End = "closed by server"
		}
		res.PacketsDown += 2
		res.PacketsUp += 3
		if f.cwnd {
			c := res.Conns[i]
			res.Cwnd = append(res.Cwnd,
				model.CwndPoint{Conn: c.ID, At: c.Ready, Cwnd: 14600, Ssthresh: 1 << 30},
				model.CwndPoint{Conn: c.ID, At: c.Ready + f.rtt, Cwnd: 29200, Ssthresh: 1 << 30})
		}
	}
	res.Connections = len(res.Conns)
	res.Events = uint64(100 * f.objects)
	res.Complete = true
	_ = ms
	return res
}

// sweepReport is a two-parameter sweep over three strategies, two runs.
func sweepReport() *Report {
	r := &Report{Scenario: "test-sweep", Params: []string{"network.rtt", "network.down"},
		Strategies: []string{"serial", "pipelined", "browser"}}
	for _, rtt := range []string{"20ms", "300ms"} {
		for _, down := range []string{"56kbps", "10Mbps"} {
			d, _ := model.ParseDuration(rtt)
			xfer := 200 * time.Millisecond
			if down == "10Mbps" {
				xfer = 2 * time.Millisecond
			}
			for _, s := range r.Strategies {
				for run := 0; run < 2; run++ {
					f := fake{objects: 6, conns: 1, rtt: d, transfer: xfer + time.Duration(run)*time.Millisecond}
					switch s {
					case "serial":
						f.perObj = true
					case "browser":
						f.conns = 6
						if down == "56kbps" {
							f.transfer = 6 * xfer // they share the link
						}
					}
					r.Rows = append(r.Rows, Row{Point: []string{rtt, down}, Strategy: s, Run: run, Result: f.result()})
				}
			}
		}
	}
	return r
}
