package h3

import (
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/quic"
	"pagesim/model/units"
	"pagesim/sim"
)

// serverConn is an origin's side of one HTTP/3 connection: it reads each
// request stream, thinks, and answers on the same stream — HEADERS, one
// DATA frame, FIN — in whatever order the requests finish thinking, each
// stream independently. It is the server endpoint's quic.App.
type serverConn struct {
	env     *Env
	o       *httpcore.Origin
	w       *wire
	ses     session
	ep      *quic.Endpoint
	release bool // holds a slot of the origin's per-client cap
	closed  bool
	// blocked are the request streams whose field sections wait for
	// insertions.
	blocked []*quic.Stream
	stats   *Stats
}

// srvStream is one request stream at the server.
type srvStream struct {
	pending units.Bytes
	blocked *unit
	req     *httpcore.Request
	started bool
}

func newServerConn(env *Env, o *httpcore.Origin, w *wire, stats *Stats) *serverConn {
	return &serverConn{env: env, o: o, w: w, stats: stats}
}

// Accept applies the origin's cap on one client's connections
// (server.max_conns_per_client, server.excess): refused, or accepted and
// closed at once.
func (sc *serverConn) Accept(e *quic.Endpoint) bool {
	sc.ep = e
	switch sc.o.Admit() {
	case httpcore.Refuse:
		return false
	case httpcore.AdmitClose:
		sc.env.S.After(0, sim.Func(func(time.Duration) { e.Close() }))
	default:
		sc.release = true
	}
	sc.ses.unblocked = sc.retryBlocked
	// A server does not assume the client's settings (RFC 9114
	// §7.2.4.2): its encoder waits for the client's SETTINGS.
	sc.ses.open(e, sc.w, sc.env.H3, false)
	return true
}

func (sc *serverConn) Connected(*quic.Endpoint)        {}
func (sc *serverConn) Ready(*quic.Endpoint)            {}
func (sc *serverConn) StreamsAvailable(*quic.Endpoint) {}

func (sc *serverConn) StreamOpened(e *quic.Endpoint, s *quic.Stream) {
	if s.ID&2 == 0 {
		s.Data = &srvStream{}
	}
}

// Readable reads a request stream (or one of the client's unidirectional
// streams).
func (sc *serverConn) Readable(s *quic.Stream) {
	if sc.closed || sc.ses.peerUni(s) {
		return
	}
	ss, _ := s.Data.(*srvStream)
	if ss == nil {
		s.Read(0)
		return
	}
	ss.pending += s.Read(0)
	sc.parse(s, ss)
}

func (sc *serverConn) parse(s *quic.Stream, ss *srvStream) {
	if ss.blocked != nil {
		if !sc.ses.decodable(ss.blocked) {
			return
		}
		sc.ses.decoded(ss.blocked, s.ID)
		ss.req = ss.blocked.req
		ss.blocked = nil
	}
	fr := sc.w.of(s.ID)
	for ss.pending > 0 && ss.req == nil {
		ev, used := fr.Next(ss.pending)
		if used == 0 {
			break
		}
		ss.pending -= used
		if ev.Complete() && ev.M.kind == uHeaders {
			if !sc.ses.decodable(ev.M) {
				ss.blocked = ev.M
				sc.blocked = append(sc.blocked, s)
				sc.stats.Blocked++
				return
			}
			sc.ses.decoded(ev.M, s.ID)
			ss.req = ev.M.req
		}
	}
	if ss.req != nil && s.EOF() && !ss.started {
		ss.started = true
		sc.serve(s, ss.req)
	}
}

// retryBlocked parses the requests whose field sections waited for
// insertions.
func (sc *serverConn) retryBlocked() {
	q := sc.blocked
	sc.blocked = nil
	for _, s := range q {
		sc.parse(s, s.Data.(*srvStream))
	}
}

// serve answers r on s after the origin's think time. A close_mid_body
// fault writes the given fraction of the body and resets the stream
// (RESET_STREAM): HTTP/3's way to abandon one response without closing
// the connection.
func (sc *serverConn) serve(s *quic.Stream, r *httpcore.Request) {
	size, fault, think := sc.o.Response(r.Obj)
	sc.env.S.After(think, sim.Func(func(time.Duration) {
		if sc.closed {
			return
		}
		h := sc.ses.headers(responseFields(r.Path, size, sc.env.Server.HeaderSize))
		h.length = size
		sc.w.write(s, h)
		if size > 0 {
			d := dataFrame(size)
			sc.w.of(s.ID).Push(d)
			if fault >= 0 {
				s.Write(d.hdr + units.Bytes(float64(size)*fault))
				s.Reset()
				return
			}
			s.Write(d.Len())
		}
		s.CloseWrite()
	}))
}

func (sc *serverConn) Closed(e *quic.Endpoint, err error) {
	sc.closed = true
	if sc.release {
		sc.release = false
		sc.o.Release()
	}
}
