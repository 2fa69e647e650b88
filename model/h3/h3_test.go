package h3

import (
	"testing"
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/units"
)

// TestRoundTrips checks the closed forms on the idealised network (r =
// 100 ms): a page of n objects on one origin over HTTP/3 loads in 1r of
// QUIC+TLS handshake, 1r for the document and, when it has children, 1r
// for all of them at once (each on its own stream); 0-RTT saves the
// handshake's round trip; a certificate flight larger than three times
// the client's 1 200-byte Initial adds one; a DNS lookup adds its time.
func TestRoundTrips(t *testing.T) {
	const r = 100 * time.Millisecond
	cases := []struct {
		name   string
		n      int
		size   units.Bytes
		cert   units.Bytes
		zero   bool
		dns    time.Duration
		rounds int
	}{
		{"one object", 0, 1000, 1000, false, 0, 2},
		{"one object, 0-RTT", 0, 1000, 1000, true, 0, 1},
		{"one object, 4 KB certificate", 0, 1000, 4000, false, 0, 3},
		{"one object, 4 KB certificate, 0-RTT (no certificate)", 0, 1000, 4000, true, 0, 1},
		{"one object, DNS 30 ms", 0, 1000, 1000, false, 30 * time.Millisecond, 2},
		{"document and 8 images", 8, 1000, 1000, false, 0, 3},
		{"document and 8 images, 0-RTT", 8, 1000, 1000, true, 0, 2},
		// 40 small images and their requests fit in the initial windows: still
		// one round (60 requests would not: they exceed the client's 13.5 KB).
		{"document and 40 small images", 40, 100, 1000, false, 0, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set := ideal(r, c.n)
			set.page = page(c.n, c.size)
			set.host.CertSize, set.host.ZeroRTT, set.host.DNS = c.cert, c.zero, c.dns
			h := newHarness(t, set)
			got := h.run(t)
			want := time.Duration(c.rounds)*r + c.dns
			if got < want || got > want+time.Millisecond {
				t.Errorf("loaded at %v, want %d round trips + DNS = %v", got, c.rounds, want)
			}
			if h.rec.conns != 1 || h.rec.failed != 0 || h.rec.lost != 0 {
				t.Errorf("%d connections, %d failed, %d lost; want one connection and nothing lost", h.rec.conns, h.rec.failed, h.rec.lost)
			}
		})
	}
}

// TestStreamLimit: with 4 streams allowed at once, 20 images go 4 at a
// time as the server raises the limit (MAX_STREAMS): more round trips
// than with the default 100, and never more than 4 requests open.
func TestStreamLimit(t *testing.T) {
	set := ideal(100*time.Millisecond, 20)
	set.quic.MaxStreams = 4
	h := newHarness(t, set)
	limited := h.run(t)
	free := newHarness(t, ideal(100*time.Millisecond, 20)).run(t)
	if len(h.rec.done) != 21 {
		t.Fatalf("%d of 21 objects", len(h.rec.done))
	}
	if limited < free+200*time.Millisecond {
		t.Errorf("20 images with 4 streams at a time in %v, with 100 in %v: the limit cost less than two round trips", limited, free)
	}
}

// TestFieldLists: a list's HTTP/1.1 text is the size the HTTP/1.x model
// gives its messages (client.request_size, server.header_size), so that
// both versions carry the same headers; QPACK with the static table alone
// encodes them in fewer bytes.
func TestFieldLists(t *testing.T) {
	text := func(start string, fs []headerField) int {
		n := len(start) + 2 + 2
		for _, f := range fs {
			if f.name == ":authority" {
				n += len("host: \r\n") + len(f.value)
			} else if f.name[0] != ':' {
				n += len(f.name) + 2 + len(f.value) + 2
			}
		}
		return n
	}
	for _, size := range []units.Bytes{300, 400, 1200} {
		fs := requestFields("GET", "cdn.example.com", "/img/logo.png", size)
		if got := text("GET /img/logo.png HTTP/1.1", fs); got != int(size) {
			t.Errorf("request of %v: HTTP/1.1 text %d B", size, got)
		}
		var q encoder
		if sec, _ := q.encode(fs, nil); sec.size >= size {
			t.Errorf("request of %v: QPACK section of %v, not smaller", size, sec.size)
		}
	}
	for _, size := range []units.Bytes{250, 600} {
		fs := responseFields("/img/logo.png", 12345, size)
		if got := text("HTTP/1.1 200 OK", fs); got != int(size) {
			t.Errorf("response of %v: HTTP/1.1 text %d B", size, got)
		}
	}
	// Below the fields' own size there is no filler.
	if fs := requestFields("GET", "a.example", "/", 10); fs[len(fs)-1].name == "cookie" {
		t.Errorf("a 10-byte request has a filler")
	}
}

// TestStaticTable checks entries of RFC 9204 Appendix A by index.
func TestStaticTable(t *testing.T) {
	if len(staticTable) != 99 {
		t.Fatalf("%d entries, want 99", len(staticTable))
	}
	cases := []struct {
		name, value string
		idx         int
		exact       bool
	}{
		{":authority", "", 0, true}, {":path", "/", 1, true}, {":method", "GET", 17, true}, {":scheme", "https", 23, true},
		{":status", "200", 25, true}, {"accept-encoding", "gzip, deflate, br", 31, true},
		{"content-type", "image/png", 50, true}, {"content-type", "text/html; charset=utf-8", 52, true},
		{"accept-language", "fr", 72, false}, {"user-agent", "x", 95, false}, {"x-frame-options", "sameorigin", 98, true},
		{"content-length", "12", 4, false}, {"x-unknown", "1", -1, false},
	}
	for _, c := range cases {
		idx, exact := staticLookup(c.name, c.value)
		if idx != c.idx || exact != c.exact {
			t.Errorf("%s: %s: index %d (exact %v), want %d (%v)", c.name, c.value, idx, exact, c.idx, c.exact)
		}
	}
}

// TestSectionSizes: field sections sized by hand from RFC 9204 §4.5 and
// RFC 7541's Huffman code.
func TestSectionSizes(t *testing.T) {
	var q encoder
	cases := []struct {
		name string
		fs   []headerField
		want units.Bytes
	}{
		// prefix 2 + three indexed static lines of 1 byte (17, 23, 1 < 63)
		{"indexed only", []headerField{{":method", "GET", false}, {":scheme", "https", false}, {":path", "/", false}}, 5},
		// prefix 2 + ":authority" by name (index 0, 4-bit prefix: 1 byte)
		// + "www.example.com" Huffman-coded in 12 bytes with a 1-byte length
		{"name reference", []headerField{{":authority", "www.example.com", false}}, 2 + 1 + 1 + 12},
		// prefix 2 + literal name "custom-key" (Huffman 8 bytes, 3-bit
		// prefix: the length 8 needs a second byte) + "custom-value" (9 + 1)
		{"literal name", []headerField{{"custom-key", "custom-value", false}}, 2 + 2 + 8 + 1 + 9},
	}
	for _, c := range cases {
		if sec, _ := q.encode(c.fs, nil); sec.size != c.want || sec.ric != 0 {
			t.Errorf("%s: %v bytes (ric %d), want %v", c.name, sec.size, sec.ric, c.want)
		}
	}
}

// TestDynamicTable: with a dynamic table, the fields that repeat on a
// connection (authority, user agent, cookie…) are sent once on the
// encoder stream and then by index: the second request's section is a
// fraction of the first's; without blocked streams allowed, a section
// references only acknowledged entries.
func TestDynamicTable(t *testing.T) {
	q := encoder{capacity: 4096, maxBlock: 100}
	first, ins1 := q.encode(requestFields("GET", "example.com", "/a.png", 400), nil)
	second, ins2 := q.encode(requestFields("GET", "example.com", "/b.png", 400), nil)
	if len(ins1) == 0 || len(ins2) != 0 {
		t.Errorf("insertions %d then %d, want some then none", len(ins1), len(ins2))
	}
	static, _ := (&encoder{}).encode(requestFields("GET", "example.com", "/b.png", 400), nil)
	if second.size*4 > static.size {
		t.Errorf("second request %v B with the table, %v B without: want under a quarter", second.size, static.size)
	}
	if first.ric == 0 || first.needEnc == 0 {
		t.Errorf("first section needs insert count %d, encoder bytes %d", first.ric, first.needEnc)
	}
	// No blocking allowed: the first section is literal, and so is the
	// next until the decoder acknowledges.
	q = encoder{capacity: 4096, maxBlock: 0}
	a, ins := q.encode(requestFields("GET", "example.com", "/a.png", 400), nil)
	b, _ := q.encode(requestFields("GET", "example.com", "/b.png", 400), nil)
	if a.ric != 0 || b.ric != 0 || len(ins) == 0 {
		t.Errorf("without blocked streams: ric %d, %d (want 0, 0), %d insertions", a.ric, b.ric, len(ins))
	}
	q.acknowledged(int64(len(ins)))
	if c, _ := q.encode(requestFields("GET", "example.com", "/c.png", 400), nil); c.ric == 0 || c.size*4 > static.size {
		t.Errorf("after the acknowledgement: %v B, ric %d", c.size, c.ric)
	}
}

// TestQPACKBlocking: over a lossy path, with a dynamic table and blocked
// streams allowed, some field sections wait for insertions that were
// lost (QPACK's head-of-line blocking); with no blocked streams allowed
// none ever does; every object arrives either way.
func TestQPACKBlocking(t *testing.T) {
	blocked := map[int]int{}
	for _, maxBlocked := range []int{100, 0} {
		for seed := 0; seed < 10; seed++ {
			set := ideal(50*time.Millisecond, 30)
			set.net.Down, set.net.Up = 10*units.Mbps, 10*units.Mbps
			set.net.Loss = 0.05
			set.h3.QPACKTable = 4096
			set.h3.QPACKBlockedStreams = maxBlocked
			set.page = page(30, 5*units.KB)
			h := newHarnessSeed(t, set, uint64(seed))
			h.run(t)
			if len(h.rec.done) != 31 {
				t.Fatalf("blocked %d, seed %d: %d of 31 objects", maxBlocked, seed, len(h.rec.done))
			}
			blocked[maxBlocked] += h.cl.Stats().Blocked
		}
	}
	if blocked[100] == 0 {
		t.Errorf("no section ever blocked in 10 lossy loads")
	}
	if blocked[0] != 0 {
		t.Errorf("%d sections blocked with SETTINGS_QPACK_BLOCKED_STREAMS 0", blocked[0])
	}
}

// TestResetStream: a response cut in the middle (close_mid_body) is a
// RESET_STREAM of that stream alone: the request is lost as truncated,
// sent again on the same connection, and the other responses go on.
func TestResetStream(t *testing.T) {
	set := ideal(100*time.Millisecond, 4)
	set.page = page(4, 20*units.KB)
	h := newHarnessFaults(t, set, []httpcore.Fault{{Kind: "close_mid_body", Object: 2, At: 0.5}})
	h.run(t)
	if len(h.rec.done) != 5 || h.rec.lost != 1 || h.rec.conns != 1 {
		t.Errorf("%d objects done, %d lost, %d connections; want 5, 1, 1", len(h.rec.done), h.rec.lost, h.rec.conns)
	}
	if h.rec.done[2] <= h.rec.done[1] {
		t.Errorf("the cut object finished at %v, before the others (%v)", h.rec.done[2], h.rec.done[1])
	}
}

// TestBroken: when no packet gets through, the handshake times out and
// every request goes to the fallback.
func TestBroken(t *testing.T) {
	set := ideal(100*time.Millisecond, 0)
	set.net.Loss = 1
	h := newHarness(t, set)
	h.run(t)
	if h.rec.fallback != 1 || !h.cl.Broken("example.com") || h.cl.Stats().Broken != 1 {
		t.Errorf("%d requests to the fallback, broken %v", h.rec.fallback, h.cl.Broken("example.com"))
	}
	if now := h.s.Now(); now != set.quic.HandshakeTimeout {
		t.Errorf("gave up at %v, want the handshake timeout %v", now, set.quic.HandshakeTimeout)
	}
}

// TestReadRate: with client.read_rate the application reads the
// connection at that pace, so a 400 KB page takes at least its size at
// the rate, and flow control holds the server back when the windows are
// small.
func TestReadRate(t *testing.T) {
	set := ideal(50*time.Millisecond, 3)
	set.page = page(3, 100*units.KB)
	set.client.ReadRate = 2 * units.Mbps
	h := newHarness(t, set)
	got := h.run(t)
	if min := (2 * units.Mbps).TxTime(400 * units.KB); got < min {
		t.Errorf("400 KB read at 2 Mbps in %v, faster than %v", got, min)
	}
	if len(h.rec.done) != 4 {
		t.Fatalf("%d of 4 objects", len(h.rec.done))
	}
	set.quic.MaxStreamData, set.quic.MaxData = 16*units.KB, 32*units.KB
	h = newHarness(t, set)
	if got2 := h.run(t); got2 < got || len(h.rec.done) != 4 {
		t.Errorf("with 16 KB windows: %v (%d objects), faster than with large ones (%v)", got2, len(h.rec.done), got)
	}
}
