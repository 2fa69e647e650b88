package model

import (
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/quic"
	"pagesim/model/tcp"
	"pagesim/model/units"
	"pagesim/sim"
)

// recorder builds a Result from the typed events of a page load
// (httpcore.Recorder): the result is made of what the browser observed,
// never of the protocol machinery's state.
type recorder struct {
	s   *sim.Sim
	res *Result
	// cwndTrace holds the server windows of each connection, bounded
	// (MaxCwndPoints), until finish puts them in Result.Cwnd.
	cwndTrace cwndTrace
	done      []bool // per object: its response completed
	// per connection (ConnID = index into res.Conns): when TCP was done
	// and when it began waiting for a DNS lookup (-1: it did not wait),
	// for the phases of the objects it carries.
	tcpDone []time.Duration
	dnsFrom []time.Duration
	// tcpConn and quicConn map a TCP or QUIC connection's id to the
	// ConnID of the browser connection over it (-1: not the browser's).
	tcpConn  []int
	quicConn []int
	timeouts int
	retries  int
	// proto names the protocol of a host's connections.
	proto func(host string) string
	// down is the access link's down rate and packet the serialization
	// time of a full packet on it, for the receive spans.
	down   units.TxClock
	packet time.Duration
	// firstSpans holds each object's first receive span (Received).
	firstSpans []Span
	// urls are the objects' URLs and urlKeys what they were made of
	// (newRecorder).
	urls    []string
	urlKeys []urlKey
}

// urlKey is what an object's URL is made of.
type urlKey struct{ scheme, host, path string }

// newRecorder makes the recorder of a run of page p. prev, the recorder
// of the worker's previous run (nil: none), lends its URLs: an object
// whose scheme, host and path are those of the object at the same index
// then, as in a study whose jobs share one page, takes the URL made then
// instead of concatenating it again (a string comparison of identical
// strings is a pointer comparison).
func newRecorder(s *sim.Sim, p *Page, nw *Network, proto func(host string) string, prev *recorder) *recorder {
	n := len(p.Objects)
	rec := &recorder{s: s, res: &Result{}, done: make([]bool, n), proto: proto,
		down: units.NewTxClock(nw.Down), packet: nw.Down.TxTime(nw.MSS + nw.Header)}
	rec.res.Objects = make([]ObjectResult, n)
	rec.firstSpans = make([]Span, n)
	if prev != nil {
		rec.urls, rec.urlKeys = prev.urls, prev.urlKeys
	}
	known := min(len(rec.urls), n)
	rec.urls, rec.urlKeys = append(rec.urls[:known], make([]string, n-known)...), append(rec.urlKeys[:known], make([]urlKey, n-known)...)
	for i := range p.Objects {
		o := &p.Objects[i]
		if k := (urlKey{o.Scheme, o.Host, o.Path}); i >= known || rec.urlKeys[i] != k {
			rec.urls[i], rec.urlKeys[i] = o.URL(), k
		}
		r := &rec.res.Objects[i]
		r.ID, r.URL, r.Host, r.Size, r.Parent, r.Conn = o.ID, rec.urls[i], o.Host, o.Size, o.Parent, -1
	}
	return rec
}

// DNSDone: an object's DNS phase is its own connection's wait (ConnDNS),
// not the host's lookup.
func (rec *recorder) DNSDone(host string, start time.Duration) {}

func (rec *recorder) ConnOpened(c httpcore.ConnID, host string, tcpID int) {
	proto := "h3"
	if tcpID >= 0 {
		proto = rec.proto(host) // a TCP connection: HTTP/2 or HTTP/1.x, as the browser routes the host over TCP
	}
	rec.res.Conns = append(rec.res.Conns, ConnResult{ID: int(c), Host: host, Protocol: proto, Opened: rec.s.Now()})
	rec.tcpDone = append(rec.tcpDone, 0)
	rec.dnsFrom = append(rec.dnsFrom, -1)
	if tcpID < 0 {
		return // over QUIC (quicOpened)
	}
	for len(rec.tcpConn) <= tcpID {
		rec.tcpConn = append(rec.tcpConn, -1)
	}
	rec.tcpConn[tcpID] = int(c)
}

func (rec *recorder) ConnDNS(c httpcore.ConnID, from time.Duration) { rec.dnsFrom[c] = from }

// quicOpened maps QUIC connection q to browser connection c.
func (rec *recorder) quicOpened(c httpcore.ConnID, q *quic.Conn) {
	for len(rec.quicConn) <= q.ID {
		rec.quicConn = append(rec.quicConn, -1)
	}
	rec.quicConn[q.ID] = int(c)
}

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
	o.Receive = o.Receive[:0] // the spans are the final attempt's
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

// Received adds n bytes read now to the object's receive spans (Span).
func (rec *recorder) Received(r *httpcore.Request, c httpcore.ConnID, n units.Bytes) {
	now := rec.s.Now()
	o := &rec.res.Objects[r.Obj]
	from := max(now-min(rec.down.TxTime(n), rec.packet), o.RequestSent)
	if k := len(o.Receive); k > 0 && from-o.Receive[k-1].To <= rec.packet {
		sp := &o.Receive[k-1]
		sp.To = now
		sp.Bytes += n
		return
	}
	if k := len(o.Receive); k > 0 {
		from = max(from, o.Receive[k-1].To)
	}
	if cap(o.Receive) == 0 {
		// Every object's first span comes from one array (firstSpans);
		// a second one moves the object's spans to their own.
		o.Receive = rec.firstSpans[r.Obj:r.Obj:(r.Obj + 1)]
	}
	o.Receive = append(o.Receive, Span{From: from, To: now, Bytes: n})
	if len(o.Receive) > MaxReceiveSpans {
		o.Receive = mergeClosest(o.Receive)
	}
}

// mergeClosest merges the two adjacent spans with the smallest gap
// between them (the earliest such pair on a tie).
func mergeClosest(sp []Span) []Span {
	best := 0
	for i := 1; i+1 < len(sp); i++ {
		if sp[i+1].From-sp[i].To < sp[best+1].From-sp[best].To {
			best = i
		}
	}
	sp[best].To = sp[best+1].To
	sp[best].Bytes += sp[best+1].Bytes
	return append(sp[:best+1], sp[best+2:]...)
}

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

// cwnd and quicCwnd record a congestion-window change of a server
// endpoint (the page flows from the server side).
func (rec *recorder) cwnd(e *tcp.Endpoint) {
	rec.serverCwnd(e.IsClient(), e.Conn().ID, rec.tcpConn, e.Cwnd(), e.Ssthresh())
}

func (rec *recorder) quicCwnd(e *quic.Endpoint) {
	rec.serverCwnd(e.IsClient(), e.Conn().ID, rec.quicConn, e.Cwnd(), e.Ssthresh())
}

// serverCwnd records the windows of transport connection id, whose
// browser connection ids maps, unless this is the client's side.
func (rec *recorder) serverCwnd(client bool, id int, ids []int, cwnd, ssthresh units.Bytes) {
	if client {
		return
	}
	conn := -1
	if id < len(ids) {
		conn = ids[id]
	}
	rec.cwndTrace.add(conn, rec.s.Now(), cwnd, ssthresh)
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
