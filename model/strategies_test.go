package model

import (
	"testing"
	"time"
)

// TestNarrowVersusWide: parallel connections help when the page is
// latency-bound and not when it is bandwidth-bound (DESIGN §3: every
// connection shares the access link).
//
// On 56 kbps, 210 KB take 30 s to serialize whatever the strategy; the
// round trips a persistent connection spends one by one (≈20 × 100 ms) are
// a few percent of that, so parallel(4) can save at most that little — and
// it pays a handshake per object back. Worse: four initial windows (IW 10)
// queue ≈ 8 s of data at the modem while the RTO, estimated from the
// handshake's tiny segments, is a fraction of a second, so parallel
// connections suffer spurious RTOs and resend data that was only queued
// (F-RTO, RFC 5682, is not modelled): parallel(4) ends up slower.
//
// On 10 Mbps / 200 ms, a 10 KB object serializes in 8 ms, and the round
// trip dominates: persistent spends one round trip per object (20 in
// turn), HTTP/1.0 parallel(4) two per object (handshake + request) but four
// at once, i.e. half a round trip per object. Parallel(4) therefore gains
// close to 2× over persistent (bounded by 2× on the children, less with
// the shared HTML phase) and, against one HTTP/1.0 connection (serial, two
// round trips per object), close to 4×.
func TestNarrowVersusWide(t *testing.T) {
	page := tinyPage(20, 10*KB)
	page.Objects[0].Size = 10 * KB
	load := func(rtt time.Duration, rate BitRate, st Strategy) time.Duration {
		res := simulate(t, realConfig(rtt, rate, rate, page, st))
		if res.Failed != 0 {
			t.Fatalf("%s: %d objects failed", st.Name, res.Failed)
		}
		return res.LoadTime
	}
	// Narrow: bandwidth-bound.
	pers := load(100*time.Millisecond, 56*Kbps, strat("persistent"))
	par := load(100*time.Millisecond, 56*Kbps, parallelN(4))
	ser := load(100*time.Millisecond, 56*Kbps, strat("serial"))
	gain := float64(pers-par) / float64(pers)
	t.Logf("56 kbps: persistent %v, parallel(4) %v, serial %v: gain %.1f%%", pers, par, ser, 100*gain)
	if gain >= 0.10 {
		t.Errorf("56 kbps: parallel(4) gains %.1f%% over persistent, want under 10%% (the link is the bottleneck)", 100*gain)
	}
	if g := float64(ser-par) / float64(ser); g >= 0.10 {
		t.Errorf("56 kbps: parallel(4) gains %.1f%% over serial, want under 10%%", 100*g)
	}
	minTx := (56 * Kbps).TxTime(21 * 10 * KB)
	if par < minTx || pers < minTx {
		t.Errorf("56 kbps: load times %v / %v below the serialization time of the bodies %v", pers, par, minTx)
	}
	// Wide: latency-bound.
	pers = load(200*time.Millisecond, 10*Mbps, strat("persistent"))
	par = load(200*time.Millisecond, 10*Mbps, parallelN(4))
	ser = load(200*time.Millisecond, 10*Mbps, strat("serial"))
	t.Logf("10 Mbps / 200 ms: persistent %v, parallel(4) %v, serial %v: %.2f× and %.2f×", pers, par, ser,
		float64(pers)/float64(par), float64(ser)/float64(par))
	if f := float64(pers) / float64(par); f < 1.5 || f > 2 {
		t.Errorf("10 Mbps: parallel(4) is %.2f× faster than persistent, want between 1.5× and 2× (half a round trip per object against one)", f)
	}
	if f := float64(ser) / float64(par); f <= 2 {
		t.Errorf("10 Mbps: parallel(4) is %.2f× faster than serial, want more than 2× (four connections at once)", f)
	}
}

// TestIdleReuseMostRecent: idle connections are reused most recently used
// first (DESIGN §5, as browsers and Go's net/http do), and the client
// closes a connection idle longer than its own idle timeout.
func TestIdleReuseMostRecent(t *testing.T) {
	page := Page{Objects: []Object{
		{ID: "html", Host: "example.com", Path: "/", Size: 1 * KB, Parent: -1},
		{ID: "a", Host: "example.com", Path: "/a", Size: 1 * KB, Parent: 0},
		{ID: "b", Host: "example.com", Path: "/b", Size: 20 * KB, Parent: 0},
		{ID: "c", Host: "example.com", Path: "/c", Size: 200 * KB, Parent: 0},
		// Requested when all three are idle: c's connection finished last.
		{ID: "d", Host: "example.com", Path: "/d", Size: 1 * KB, Parent: 0, Delay: 2 * time.Second},
	}}
	cfg := realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, page, strat("browser"))
	res := simulate(t, cfg)
	if res.Failed != 0 || res.Connections != 3 {
		t.Fatalf("failed %d, connections %d; want 0, 3 (a reuses the document's)", res.Failed, res.Connections)
	}
	a, b, c, d := res.Objects[1], res.Objects[2], res.Objects[3], res.Objects[4]
	if !(a.LastByte < b.LastByte && b.LastByte < c.LastByte) {
		t.Fatalf("a, b, c end at %v, %v, %v; the test needs them in that order", a.LastByte, b.LastByte, c.LastByte)
	}
	if d.Conn != c.Conn || !d.Reused {
		t.Errorf("d on connection %d (reused %v), want c's connection %d (most recently used)", d.Conn, d.Reused, c.Conn)
	}

	// The client's own idle timeout: 500 ms, shorter than the server's.
	cfg = realConfig(50*time.Millisecond, 10*Mbps, 10*Mbps, tinyPage(1, 1*KB), strat("persistent"))
	cfg.Client.IdleTimeout = 500 * time.Millisecond
	cfg.Page.Objects[1].Delay = time.Second
	res = simulate(t, cfg)
	if res.Failed != 0 || res.Retries != 0 || res.Connections != 2 {
		t.Fatalf("failed %d, retries %d, connections %d; want 0, 0, 2", res.Failed, res.Retries, res.Connections)
	}
	c0 := res.Conns[0]
	if c0.End != "idle timeout (client)" || c0.Closed != res.Objects[0].LastByte+500*time.Millisecond {
		t.Errorf("first connection ended %q at %v, want the client's idle timeout at %v", c0.End, c0.Closed, res.Objects[0].LastByte+500*time.Millisecond)
	}
	if res.Objects[1].Reused || res.Objects[1].Conn != 1 {
		t.Errorf("child on connection %d (reused %v), want a new one", res.Objects[1].Conn, res.Objects[1].Reused)
	}
}
