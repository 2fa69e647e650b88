package main

import (
	"fmt"
	"time"

	"pagesim/model"
	"pagesim/model/link"
	"pagesim/model/tcp"
	"pagesim/model/units"
)

// Config is the pagesim configuration that stands for a case: the
// harness's network (one link, rtt/2 each way, a drop-tail queue of
// c.Queue packets per direction, 42 bytes of PPP, IP and TCP header per
// packet), TCP as the ns3 profile, a 300-byte request and responses of
// exactly the object's size (no header bytes), one host without DNS or
// TLS, and the strategy that does what the harness's does.
func (c Case) Config(profile string, run int) (model.Config, error) {
	sz, err := sizes(c.Page)
	if err != nil {
		return model.Config{}, err
	}
	t, ok := tcp.Profile(profile)
	if !ok {
		return model.Config{}, fmt.Errorf("unknown tcp profile %q", profile)
	}
	cfg := model.Config{Network: model.DefaultNetwork(), TCP: t, Client: model.DefaultClient(), Server: model.DefaultServer()}
	nw := &cfg.Network
	nw.RTT = c.RTT
	nw.Down = units.BitRate(c.Down * 1e6)
	nw.Up = units.BitRate(c.Up * 1e6)
	nw.Queue = c.Queue
	nw.Loss = c.Loss
	nw.MSS = 1460
	nw.Header = 42
	nw.Ties = link.TiesNS3
	cfg.TCP.RWnd = 4 * units.MiB // --buf
	cfg.Client.RequestSize = 300
	cfg.Client.Timeout = 0
	cfg.Client.IdleTimeout = 0
	cfg.Server.HeaderSize = 0
	cfg.Server.KeepAliveMax = 0
	cfg.Server.KeepAliveTimeout = 0
	cfg.Server.Close = model.CloseFull // the harness's server calls Close()
	for i, s := range sz {
		o := model.Object{ID: fmt.Sprintf("o%d", i), Host: "server", Path: fmt.Sprintf("/%d", i), Size: units.Bytes(s), Parent: 0}
		if i == 0 {
			o.Parent = -1
		}
		cfg.Page.Objects = append(cfg.Page.Objects, o)
	}
	strategy := map[string]string{"serial": "serial", "parallel": "parallel", "persistent": "persistent",
		"pipelined": "pipelined", "parallel-persistent": "browser"}[c.Strategy]
	st, ok := model.StrategyByName(strategy)
	if !ok {
		return model.Config{}, fmt.Errorf("no pagesim strategy for %q", c.Strategy)
	}
	if c.Strategy == "parallel" || c.Strategy == "parallel-persistent" {
		st.Conns = c.Conns
	}
	cfg.Strategy = st
	cfg.Seed, cfg.Run = 1, run
	cfg.Horizon = time.Hour
	return cfg, nil
}

// RunPagesim simulates replication run of c with the named TCP profile.
func RunPagesim(c Case, profile string, run int) (Outcome, error) {
	cfg, err := c.Config(profile, run)
	if err != nil {
		return Outcome{}, err
	}
	res, err := model.Simulate(cfg)
	if err != nil {
		return Outcome{}, err
	}
	return Outcome{Complete: res.Complete, LoadMs: float64(res.LoadTime) / 1e6, Conns: res.Connections,
		PktsDown: res.PacketsDown, PktsUp: res.PacketsUp}, nil
}
