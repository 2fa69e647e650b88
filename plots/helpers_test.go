package plots

import (
	"bytes"
	"fmt"
	"io"
	"slices"
	"testing"
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

// fixture is a report written out in full, as a run adds it row by row.
type fixture struct {
	Scenario   string
	Params     []string
	Strategies []string
	Rows       []Row
}

// build adds every row to a new Report.
func (f *fixture) build() (*Report, error) {
	r, err := NewReport(f.Scenario, f.Params, f.Strategies)
	if err != nil {
		return nil, err
	}
	for _, row := range f.Rows {
		if err := r.Add(row); err != nil {
			return nil, err
		}
	}
	return r, nil
}

func (f *fixture) report(t testing.TB) *Report {
	t.Helper()
	r, err := f.build()
	if err != nil {
		t.Fatal(err)
	}
	// As pagesim run does, hand over the charted runs the report did not
	// keep (the run closest to the median is known only at the end).
	for _, cr := range r.ChartRuns() {
		if cr.Kept {
			continue
		}
		for _, row := range f.Rows {
			if row.Strategy == cr.Strategy && row.Run == cr.Run && slices.Equal(row.Point, cr.Point) {
				if err := r.Keep(cr, row.Result); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	return r
}

// strategies are the names a report of f lists: Strategies, or the order
// of first appearance.
func (f *fixture) strategies() []string {
	if len(f.Strategies) > 0 {
		return f.Strategies
	}
	var out []string
	for _, row := range f.Rows {
		if !slices.Contains(out, row.Strategy) {
			out = append(out, row.Strategy)
		}
	}
	return out
}

// csv writes f's results.csv.
func (f *fixture) csv(t testing.TB) string {
	t.Helper()
	var b bytes.Buffer
	cw := NewCSVWriter(&b, f.Scenario, f.Params)
	for _, row := range f.Rows {
		if err := cw.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := cw.Flush(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// json writes f's results.json.
func (f *fixture) json(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	jw, err := NewJSONWriter(&b, f.Scenario, f.Params, f.strategies())
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range f.Rows {
		if err := jw.Write(row, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := jw.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// readRows reads every row of a results.json document.
func readRows(t testing.TB, doc []byte) (*JSONReader, []Row) {
	t.Helper()
	jr, err := NewJSONReader(bytes.NewReader(doc))
	if err != nil {
		t.Fatal(err)
	}
	var rows []Row
	for {
		row, err := jr.Next()
		if err != nil {
			if err == io.EOF {
				return jr, rows
			}
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
}

// sweepReport is a two-parameter sweep over three strategies, two runs.
func sweepReport() *fixture {
	r := &fixture{Scenario: "test-sweep", Params: []string{"network.rtt", "network.down"},
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
