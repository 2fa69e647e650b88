package har

import (
	"sort"
	"strconv"
	"time"
)

// How a host's requests shared connections in the recording: how many
// connections were open to it at once (hosts.NAME.conns, the as-recorded
// strategy's limit for an HTTP/1.1 host), and which requests had their
// connection to themselves when they were sent (the samples of the
// server-time estimate, hosts.go).
//
// The connection of an entry is its recorded id (`connection` in Chrome
// exports and chrome-har, `_socket` in WebPageTest) where the producer
// writes one; Firefox and Firebug write the server's port there, which is
// not an id, so their files count as having none. Without an id, HTTP/2
// and HTTP/3 requests of a host share one connection (browsers open one
// per origin), and each HTTP/1.x request is on a connection of its own
// while it is in flight (there is no pipelining in browsers).
//
//   - Connections: the most connections whose lifetimes — from the first
//     request sent on one to the last byte received on it — overlap; for
//     HTTP/1.x without ids, the most requests in flight at once (sent to
//     last byte). At least 1.
//   - Alone: no earlier request on the same connection was still waiting
//     for its last byte when this one was sent; always, over HTTP/1.x.
//     Requests whose protocol was not recorded count as HTTP/2 here, and
//     when such requests overlap on one recorded connection the host is
//     taken to have spoken HTTP/2 (multiplexed). On an HTTP/2 or HTTP/3
//     connection a request sent behind others waits for their responses
//     as well as for the server, so its wait overstates server time.

// connKey names an entry's connection for this analysis.
func connKey(e *entry, i int) string {
	switch {
	case e.connID != "":
		return "id " + e.connID
	case e.proto == "h2" || e.proto == "h3":
		return "one " + e.proto
	}
	return "own " + strconv.Itoa(i) // a connection of its own
}

// connUse is what connectionUse found for one host.
type connUse struct {
	// peak is the most connections open at once (at least 1).
	peak int
	// alone says, per entry, whether it was alone on its connection when
	// sent.
	alone []bool
	// multiplexed: requests of unknown protocol overlapped on one recorded
	// connection, which only HTTP/2 (or HTTP/3) does.
	multiplexed bool
	// noReuse: every request (two or more) set up a connection of its own
	// (a recorded connect time each, and no id shared) although one was
	// sent after an earlier response had ended: the server did not keep
	// connections open, as HTTP/1.0 without Keep-Alive.
	noReuse bool
}

// connectionUse analyses es, one host's entries that went to the network.
func connectionUse(es []*entry) connUse {
	type span struct{ from, to time.Time }
	life := map[string]*span{}
	var order []string
	byConn := map[string][]int{}
	for i, e := range es {
		k := connKey(e, i)
		if s, ok := life[k]; ok {
			if e.sent.Before(s.from) {
				s.from = e.sent
			}
			if e.end.After(s.to) {
				s.to = e.end
			}
		} else {
			life[k] = &span{e.sent, e.end}
			order = append(order, k)
		}
		byConn[k] = append(byConn[k], i)
	}
	type ev struct {
		at    time.Time
		delta int
	}
	evs := make([]ev, 0, 2*len(order))
	for _, k := range order {
		evs = append(evs, ev{life[k].from, +1}, ev{life[k].to, -1})
	}
	// Ends before starts at the same instant: a connection reused at once
	// is one, not two.
	sort.SliceStable(evs, func(a, b int) bool {
		if !evs[a].at.Equal(evs[b].at) {
			return evs[a].at.Before(evs[b].at)
		}
		return evs[a].delta < evs[b].delta
	})
	var u connUse
	n := 0
	for _, x := range evs {
		n += x.delta
		u.peak = max(u.peak, n)
	}
	u.peak = max(u.peak, 1)

	// No reuse is evidence only where a request could have reused a
	// connection: one was sent after an earlier response had ended.
	var firstEnd time.Time
	for _, e := range es {
		if firstEnd.IsZero() || e.end.Before(firstEnd) {
			firstEnd = e.end
		}
	}
	chance := false
	u.noReuse = len(es) >= 2
	for _, e := range es {
		if e.timings == nil || pos(e.timings.Connect) == 0 || e.connID != "" && len(byConn["id "+e.connID]) > 1 {
			u.noReuse = false
		}
		chance = chance || !e.sent.Before(firstEnd)
	}
	u.noReuse = u.noReuse && chance

	alone := make([]bool, len(es))
	for _, k := range order {
		idx := byConn[k]
		sort.SliceStable(idx, func(a, b int) bool { return es[idx[a]].sent.Before(es[idx[b]].sent) })
		var busyUntil time.Time
		for _, i := range idx {
			// HTTP/1.x carries one request at a time (browsers do not
			// pipeline): an overlap there is the recording's rounding.
			h1 := es[i].proto == "h1"
			busy := busyUntil.After(es[i].sent)
			alone[i] = h1 || !busy
			// Requests of unknown protocol overlapping on one recorded
			// connection were multiplexed.
			u.multiplexed = u.multiplexed || busy && es[i].proto == "unknown" && es[i].connID != ""
			if es[i].end.After(busyUntil) {
				busyUntil = es[i].end
			}
		}
	}
	u.alone = alone
	return u
}

// recordedProtocol is the protocol a host spoke in the recording: the
// most common among its entries on the network ("unknown" left out),
// newer first on a tie; "" when none is known.
func recordedProtocol(protos map[string]int) string {
	best, n := "", 0
	for _, p := range []string{"h3", "h2", "h1"} {
		if protos[p] > n {
			best, n = p, protos[p]
		}
	}
	return best
}
