package har

import (
	"encoding/json"
	"strconv"
	"strings"
	"time"
)

// When each entry's request went out and its response began, from its
// timings (HAR 1.2 §timings: blocked, dns, connect, send, wait, receive in
// that order; ssl inside connect, except in Firefox files, which report it
// separately), and WebPageTest's own start and end.

// useWPTTimes moves a WebPageTest entry to the start and end WebPageTest
// measured. WebPageTest 2.x and 18.x write startedDateTime as the moment
// the request was sent, yet the entry's dns and connect phases (and its
// time) begin earlier, at _all_start (ms from the page's start); its last
// byte is at _all_end. pageStart is the page's startedDateTime.
func (e *entry) useWPTTimes(pageStart time.Time) {
	if !e.allStart.set || e.allStart.v < 0 || pageStart.IsZero() {
		return
	}
	e.start = pageStart.Add(millis(e.allStart.v))
	if e.allEnd.set && e.allEnd.v >= e.allStart.v {
		e.dur = millis(e.allEnd.v - e.allStart.v)
	}
	e.end = e.start.Add(e.dur)
}

// setPhases sets when each phase began — dnsAt (after blocked), connAt
// (after dns), tlsAt (after the TCP part of connect; ssl is inside connect
// except for Firefox, which reports it after), sent (the request written)
// and firstByte (sent + send + wait) — all clamped to the entry's [start,
// end]. Phases not recorded (-1, absent) take no time.
func (e *entry) setPhases(firefox bool) {
	e.dnsAt, e.connAt, e.tlsAt, e.sent, e.firstByte = e.start, e.start, e.start, e.start, e.start
	t := e.timings
	if t == nil {
		e.firstByte = e.end // nothing recorded: the response is all one event
		return
	}
	clamp := func(ms float64) time.Time {
		at := e.start.Add(millis(ms))
		if at.After(e.end) {
			return e.end
		}
		return at
	}
	connect, ssl := pos(t.Connect), pos(t.SSL)
	tcp := connect
	if !firefox {
		tcp = max(0, connect-ssl)
	} else {
		connect += ssl
	}
	at := pos(t.Blocked)
	e.dnsAt = clamp(at)
	at += pos(t.DNS)
	e.connAt = clamp(at)
	e.tlsAt = clamp(at + tcp)
	at += connect
	e.sent = clamp(at)
	e.firstByte = clamp(at + pos(t.Send) + pos(t.Wait))
}

// contentLength is the Content-Length response header, -1 when absent or
// not a number. Headers are a list of {name, value}; anything else is
// ignored.
func contentLength(raw json.RawMessage) int64 {
	if len(raw) == 0 || raw[0] != '[' {
		return -1
	}
	var hs []struct {
		Name, Value optStr
	}
	if json.Unmarshal(raw, &hs) != nil {
		return -1
	}
	for _, h := range hs {
		if strings.EqualFold(strings.TrimSpace(h.Name.s), "content-length") {
			if n, err := strconv.ParseInt(strings.TrimSpace(h.Value.s), 10, 64); err == nil && n >= 0 {
				return n
			}
		}
	}
	return -1
}
