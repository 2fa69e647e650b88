package main

import (
	"fmt"
	"time"

	"pagesim/model"
)

// fakeSimulate stands in for model.Simulate in the in-process tests: a
// deterministic function of the configuration (objects fetched in page
// order over Strategy.Conns connections, each paying a handshake when
// the strategy does not reuse connections). It is not a model of anything;
// it only gives the report plausible, varied numbers.
func fakeSimulate(cfg model.Config) (*model.Result, error) {
	res := &model.Result{}
	rtt := cfg.Network.RTT
	conns := max(1, cfg.Strategy.Conns)
	reuse := cfg.Strategy.HTTP == model.HTTP11
	free := make([]time.Duration, conns)
	var docEnd time.Duration
	for i, o := range cfg.Page.Objects {
		c := i % conns
		xfer := cfg.Network.Down.TxTime(o.Size) * time.Duration(conns)
		ready := docEnd
		if i == 0 {
			ready = 0
		}
		start := max(ready, free[c])
		or := model.ObjectResult{ID: o.ID, Host: o.Host, URL: "http://" + o.Host + o.Path, Size: o.Size, Parent: o.Parent, Ready: ready}
		or.DNSStart, or.ConnectStart = start, start
		if !reuse || i < conns {
			or.Conn = len(res.Conns)
			or.TCPDone = start + rtt
			res.Conns = append(res.Conns, model.ConnResult{ID: or.Conn, Host: o.Host, Opened: start, Ready: or.TCPDone, End: "closed by server"})
		} else {
			or.Conn, or.Reused = c, true
			or.TCPDone = start
		}
		or.TLSDone, or.RequestSent, or.FirstAttempt = or.TCPDone, or.TCPDone, or.TCPDone
		// What the timeline has, as the model says it (model.Timing), so
		// that results.json carries it.
		or.Has = model.HasReady | model.HasRequest | model.HasFirstByte | model.HasLastByte
		if !or.Reused {
			or.Has |= model.HasConnect
		}
		or.FirstByte = or.RequestSent + rtt
		or.LastByte = or.FirstByte + xfer + time.Duration(cfg.Run)*time.Microsecond
		res.Conns[or.Conn].Closed = or.LastByte
		res.Conns[or.Conn].Requests++
		free[c] = or.LastByte
		if i == 0 {
			docEnd = or.LastByte
		}
		res.Objects = append(res.Objects, or)
		res.LoadTime = max(res.LoadTime, or.LastByte)
		res.BytesDown += int64(o.Size) + 250
		res.BytesUp += 400
		res.PacketsDown += int64(o.Size)/1460 + 1
		res.PacketsUp += 2
	}
	res.Connections = len(res.Conns)
	res.Complete = true
	if cfg.TraceCwnd {
		for _, c := range res.Conns {
			res.Cwnd = append(res.Cwnd, model.CwndPoint{Conn: c.ID, At: c.Ready, Cwnd: 14600},
				model.CwndPoint{Conn: c.ID, At: c.Ready + rtt, Cwnd: 29200})
		}
	}
	return res, nil
}

// failingSimulate fails like a simulator bug would.
func failingSimulate(model.Config) (*model.Result, error) {
	return nil, fmt.Errorf("did not finish: horizon reached")
}
