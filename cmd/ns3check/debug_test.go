package main

import (
	"fmt"
	"os"
	"testing"
	"time"

	"pagesim/model"
	"pagesim/model/tcp"
)

func TestDebugTrace(t *testing.T) {
	if os.Getenv("DBG") == "" {
		t.Skip()
	}
	var rtt time.Duration
	rtt, _ = time.ParseDuration(os.Getenv("RTT"))
	var bw float64
	fmt.Sscan(os.Getenv("BW"), &bw)
	q := 1000
	fmt.Sscan(os.Getenv("Q"), &q)
	c := Case{RTT: rtt, Down: bw, Up: bw, Queue: q, Page: os.Getenv("PAGE"), Strategy: os.Getenv("ST"), Conns: 6, Runs: 1}
	cfg, err := c.Config(os.Getenv("PROF"), 1)
	if err != nil {
		t.Fatal(err)
	}
	tr := &tcp.Trace{Segments: true}
	cfg.Trace = tr
	res, err := model.Simulate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range tr.Records {
		if os.Getenv("KIND") != "" && r.Kind.String() != os.Getenv("KIND") {
			continue
		}
		fmt.Printf("%.6f %s conn=%d client=%v seq=%d len=%d %s cwnd=%d ssth=%d %s\n", r.At.Seconds(), r.Kind, r.Conn, r.Client, r.Seq, r.Len, r.Flags, r.Cwnd, r.Ssthresh, r.Note)
	}
	fmt.Println("load", res.LoadTime)
}

func TestDebugObjects(t *testing.T) {
	if os.Getenv("DBG") == "" {
		t.Skip()
	}
	rtt, _ := time.ParseDuration(os.Getenv("RTT"))
	var bw float64
	fmt.Sscan(os.Getenv("BW"), &bw)
	q := 1000
	fmt.Sscan(os.Getenv("Q"), &q)
	c := Case{RTT: rtt, Down: bw, Up: bw, Queue: q, Page: os.Getenv("PAGE"), Strategy: os.Getenv("ST"), Conns: 6, Runs: 1}
	cfg, _ := c.Config(os.Getenv("PROF"), 1)
	res, err := model.Simulate(cfg)
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range res.Objects {
		fmt.Printf("%d %d %+v\n", i, o.Conn, o)
	}
}
