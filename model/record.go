package model

import (
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/tcp"
	"pagesim/model/units"
	"pagesim/sim"
)

// recorder builds a Result from the typed events of a page load
// (httpcore.Recorder): the result is made of what the browser observed,
// never of the protocol machinery's state.
type recorder struct {
	s    *sim.Sim
	res  *Result
	done []bool // per object: its response completed
	// per connection (ConnID = index into res.Conns): when TCP was done
	// and when it began waiting for a DNS lookup (-1: it did not wait),
	// for the phases of the objects it carries.
	tcpDone []time.Duration
	dnsFrom []time.Duration
	// tcpConn maps a TCP connection's id to the ConnID of the browser
	// connection over it (-1: not the browser's).
	tcpConn  []int
	timeouts int
	retries  int
}

func newRecorder(s *sim.Sim, p *Page) *recorder {
	rec := &recorder{s: s, res: &Result{}, done: make([]bool, len(p.Objects))}
	rec.res.Objects = make([]ObjectResult, len(p.Objects))
	for i := range p.Objects {
		o := &p.Objects[i]
		rec.res.Objects[i] = ObjectResult{ID: o.ID, URL: o.URL(), Host: o.Host, Size: o.Size, Parent: o.Parent, Conn: -1}
	}
	return rec
}

// DNSDone: an object's DNS phase is its own connection's wait (ConnDNS),
// not the host's lookup.
func (rec *recorder) DNSDone(host string, start time.Duration) {}

func (rec *recorder) ConnOpened(c httpcore.ConnID, host string, tcpID int) {
	rec.res.Conns = append(rec.res.Conns, ConnResult{ID: int(c), Host: host, Opened: rec.s.Now()})
	rec.tcpDone = append(rec.tcpDone, 0)
	rec.dnsFrom = append(rec.dnsFrom, -1)
	for len(rec.tcpConn) <= tcpID {
		rec.tcpConn = append(rec.tcpConn, -1)
	}
	rec.tcpConn[tcpID] = int(c)
}

func (rec *recorder) ConnDNS(c httpcore.ConnID, from time.Duration) { rec.dnsFrom[c] = from }

func (rec *recorder) ConnConnected(c httpcore.ConnID) { rec.tcpDone[c] = rec.s.Now() }

func (rec *recorder) ConnReady(c httpcore.ConnID) { rec.res.Conns[c].Ready = rec.s.Now() }

func (rec *recorder) ConnEnded(c httpcore.ConnID, why httpcore.EndReason) {
	if cr := &rec.res.Conns[c]; cr.End == "" {
		cr.End = why
		cr.Closed = rec.s.Now()
	}
}

func (rec *recorder) ConnReset(c httpcore.ConnID) {
	if cr := &rec.res.Conns[c]; cr.End != EndReset {
		cr.Reset = true
	}
}

func (rec *recorder) ObjectReady(obj int) {
	o := &rec.res.Objects[obj]
	o.Ready = rec.s.Now()
	o.Has |= HasReady
}

// RequestWritten fixes the object's phases: a request on a connection
// opened for it (after it became ready) carries that connection's TCP and
// TLS phases, and its DNS phase when the connection waited for a lookup
// (from when the object became ready, if the wait began earlier); a
// reused connection has none. Each attempt starts the timeline afresh
// from the request on.
func (rec *recorder) RequestWritten(r *httpcore.Request, c httpcore.ConnID) {
	now := rec.s.Now()
	o := &rec.res.Objects[r.Obj]
	o.RequestSent = now
	if r.Attempts == 1 {
		o.FirstAttempt = now
	}
	o.Conn = int(c)
	o.Reused = r.Reused
	o.FirstByte = 0
	o.Has = o.Has&^(HasDNS|HasConnect|HasTLS|HasFirstByte) | HasRequest
	cr := &rec.res.Conns[c]
	if !r.Reused && cr.Opened >= o.Ready {
		o.ConnectStart = cr.Opened
		o.TCPDone = rec.tcpDone[c]
		o.TLSDone = cr.Ready
		o.DNSStart = cr.Opened
		o.Has |= HasConnect
		if cr.Ready > o.TCPDone {
			o.Has |= HasTLS // a TLS handshake takes a round trip
		}
		if from := rec.dnsFrom[c]; from >= 0 && max(from, o.Ready) < cr.Opened {
			o.DNSStart = max(from, o.Ready)
			o.Has |= HasDNS
		}
	} else {
		o.DNSStart, o.ConnectStart, o.TCPDone, o.TLSDone = now, now, now, now
	}
}

func (rec *recorder) FirstByte(r *httpcore.Request) {
	o := &rec.res.Objects[r.Obj]
	o.FirstByte = r.FirstAt
	o.Has |= HasFirstByte
}

// Received: the result keeps an object's first and last byte, not every
// byte range between them.
func (rec *recorder) Received(*httpcore.Request, httpcore.ConnID, units.Bytes) {}

func (rec *recorder) ResponseDone(r *httpcore.Request, c httpcore.ConnID, truncated bool) {
	rec.res.Conns[c].Requests++
	o := &rec.res.Objects[r.Obj]
	o.LastByte = rec.s.Now()
	if !o.Has.Includes(HasFirstByte) {
		o.FirstByte = r.FirstAt
	}
	o.Has |= HasFirstByte | HasLastByte
	o.Truncated = truncated
	o.Retries = r.Retries
	rec.done[r.Obj] = true
}

func (rec *recorder) Lost(r *httpcore.Request, c httpcore.ConnID, why httpcore.LossReason) {
	rec.res.Stalls = append(rec.res.Stalls, Stall{Object: r.Obj, Conn: int(c), From: r.SentAt, To: rec.s.Now(), Reason: why, Cause: why.String()})
}

func (rec *recorder) Retried(r *httpcore.Request) { rec.retries++ }

func (rec *recorder) DialFailed(r *httpcore.Request, c httpcore.ConnID) {
	rec.res.Objects[r.Obj].Conn = int(c)
}

func (rec *recorder) ObjectFailed(obj int, why string, retries int) {
	o := &rec.res.Objects[obj]
	o.Failed = true
	o.FailedAt = rec.s.Now()
	o.FailReason = why
	o.Retries = retries
}

func (rec *recorder) ResponseTimeout(c httpcore.ConnID) { rec.timeouts++ }

// cwnd records a congestion-window change of a server endpoint (the page
// flows from the server side).
func (rec *recorder) cwnd(e *tcp.Endpoint) {
	if e.IsClient() {
		return
	}
	conn := -1
	if id := e.Conn().ID; id < len(rec.tcpConn) {
		conn = rec.tcpConn[id]
	}
	rec.res.Cwnd = append(rec.res.Cwnd, CwndPoint{Conn: conn, At: rec.s.Now(), Cwnd: e.Cwnd(), Ssthresh: e.Ssthresh()})
}

// proxyRecorder hears the events of a smart proxy's upstream client: its
// losses are stalls of the objects it fetches (with no browser connection
// to draw them on), and its retries and timeouts count in the page's
// totals; its connections are not the browser's and are not recorded.
type proxyRecorder struct {
	httpcore.NopRecorder
	rec *recorder
}

func (p proxyRecorder) Lost(r *httpcore.Request, c httpcore.ConnID, why httpcore.LossReason) {
	p.rec.res.Stalls = append(p.rec.res.Stalls, Stall{Object: r.Obj, Conn: -1, From: r.SentAt, To: p.rec.s.Now(),
		Reason: why, Via: ProxySmart, Cause: "proxy " + string(ProxySmart) + ": " + why.String()})
}

func (p proxyRecorder) Retried(r *httpcore.Request) { p.rec.retries++ }

func (p proxyRecorder) ResponseTimeout(c httpcore.ConnID) { p.rec.timeouts++ }
