package main

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"os/exec"
	"strconv"
	"strings"

	"pagesim/cmd/ns3check/ns3build"
)

// pageloadSource is the reference harness: an ns-3.37 program that loads a
// page over ns-3's TcpSocketBase (harness/pageload.cc; its README is
// ../../../shared/ns3/README.md of the workplace, summarized in doc.go).
//
//go:embed harness/pageload.cc
var pageloadSource []byte

// ErrNoNS3 is returned by Build when ns-3's headers or g++ are missing.
var ErrNoNS3 = ns3build.ErrNoNS3

// Build compiles the harness into dir and returns the binary's path.
func Build(dir string) (string, error) { return ns3build.Build(dir, pageloadSource) }

// Outcome is what one simulator reports for one run of a case.
type Outcome struct {
	Complete  bool
	LoadMs    float64
	Conns     int
	PktsDown  int64
	PktsUp    int64
	DropsDown int64
	DropsUp   int64
}

// ns3Line is the part of the harness's JSON line that is compared.
type ns3Line struct {
	Complete  bool     `json:"complete"`
	LoadMs    *float64 `json:"load_time_ms"`
	TCPConns  int      `json:"tcp_conns"`
	DropsUp   int64    `json:"drops_up"`
	DropsDown int64    `json:"drops_down"`
	PktsUp    int64    `json:"pkts_up"`
	PktsDown  int64    `json:"pkts_down"`
}

// args are the harness's flags for replication run (1-based) of c.
func (c Case) args(run int) []string {
	a := []string{
		"--rtt=" + strconv.FormatFloat(float64(c.RTT.Microseconds())/1000, 'f', -1, 64),
		"--down=" + strconv.FormatFloat(c.Down, 'f', -1, 64),
		"--up=" + strconv.FormatFloat(c.Up, 'f', -1, 64),
		"--queue=" + strconv.Itoa(c.Queue),
		"--objects=" + c.Page,
		"--strategy=" + c.Strategy,
		"--conns=" + strconv.Itoa(c.Conns),
		"--run=" + strconv.Itoa(run),
	}
	if c.Loss > 0 {
		a = append(a, "--loss="+strconv.FormatFloat(c.Loss, 'f', -1, 64))
	}
	return a
}

// RunNS3 runs replication run of c on the harness binary.
func RunNS3(bin string, c Case, run int) (Outcome, error) {
	out, err := exec.Command(bin, c.args(run)...).Output()
	if err != nil {
		return Outcome{}, fmt.Errorf("%s %s: %v", bin, strings.Join(c.args(run), " "), err)
	}
	var l ns3Line
	if err := json.Unmarshal(out, &l); err != nil {
		return Outcome{}, fmt.Errorf("harness output %q: %v", out, err)
	}
	o := Outcome{Complete: l.Complete && l.LoadMs != nil, Conns: l.TCPConns, PktsDown: l.PktsDown, PktsUp: l.PktsUp,
		DropsDown: l.DropsDown, DropsUp: l.DropsUp}
	if l.LoadMs != nil {
		o.LoadMs = *l.LoadMs
	}
	return o, nil
}
