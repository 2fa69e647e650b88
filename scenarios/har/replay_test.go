package har

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pagesim/model"
)

// The importer's replay mechanisms, case by case: client time, connection
// use, server and TLS time, the network, and the producers' oddities it
// reads through (gzip, zone-less times, Content-Length, WebPageTest's
// start). Each case builds a small HAR whose answer follows from its
// numbers.

// TestClientTimeCases: a request's trigger is its parent's last byte plus
// the recorded gap, or — made while the parent arrived — the same share of
// the parent's body, or its first byte when made before any of it.
func TestClientTimeCases(t *testing.T) {
	// The document: sent at once, first byte at 40 ms (wait 40), last at
	// 140 ms (receive 100).
	doc := func() m {
		return ent("http://a.example/", 0, 140, nil, m{"blocked": 0, "dns": -1, "connect": -1, "send": 0, "wait": 40, "receive": 100})
	}
	for _, c := range []struct {
		name      string
		startMs   float64
		wantFrac  float64 // model's AfterFraction: 0 = the whole parent
		wantDelay time.Duration
	}{
		{"after the parent, gap 60 ms", 200, 0, 60 * time.Millisecond},
		{"just at the parent's end", 140, 0, 0},
		{"a quarter into its body", 65, 0.25, 0},
		{"three quarters into its body", 115, 0.75, 0},
		{"before its first byte", 20, minFraction, 0},
		{"at its first byte", 40, minFraction, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			child := ent("http://a.example/x.js", c.startMs, 10, nil, nil)
			child["_initiator"] = "http://a.example/"
			rec := mustParse(t, mkHAR(t, "chrome-har", nil, doc(), child), Options{})
			o := rec.Page.Objects[1]
			if o.Parent != 0 || rec.Meta[1].Dep != DepInitiator {
				t.Fatalf("parent %d (%s), want the document by its initiator", o.Parent, rec.Meta[1].Dep)
			}
			if d := o.AfterFraction - c.wantFrac; d > 1e-9 || d < -1e-9 || o.Delay != c.wantDelay {
				t.Errorf("after_fraction %g, delay %v; want %g, %v", o.AfterFraction, o.Delay, c.wantFrac, c.wantDelay)
			}
		})
	}
	// Client time follows the re-parenting of skipped entries: a child of
	// a cached entry waits for the cached entry's own parent.
	cached := ent("http://a.example/c.css", 150, 5, m{"status": 304}, nil)
	child := ent("http://a.example/img.png", 300, 10, nil, nil)
	child["_initiator"] = "http://a.example/c.css"
	rec := mustParse(t, mkHAR(t, "chrome-har", nil, doc(), cached, child), Options{})
	if o := rec.Page.Objects[1]; o.Parent != 0 || o.Delay != 160*time.Millisecond {
		t.Errorf("child of a skipped 304: parent %d, delay %v; want the document, 160ms (from its end at 140 ms)", o.Parent, o.Delay)
	}
	if rec.ClientTime != 160*time.Millisecond {
		t.Errorf("ClientTime %v, want 160ms", rec.ClientTime)
	}
}

// TestConnectionUse: connections per host from recorded ids, or one per
// origin for HTTP/2, or the requests in flight for HTTP/1.1; a request sent
// behind others on one HTTP/2 connection is no server-time sample.
func TestConnectionUse(t *testing.T) {
	h1 := func(url string, start, dur float64, conn string) m {
		e := ent(url, start, dur, nil, m{"blocked": 0, "dns": -1, "connect": -1, "send": 0, "wait": dur, "receive": 0})
		if conn != "" {
			e["connection"] = conn
		}
		return e
	}
	h2 := func(url string, start, wait float64, conn string) m {
		e := ent(url, start, wait+10, m{"httpVersion": "h2"}, m{"blocked": 0, "dns": -1, "connect": -1, "send": 0, "wait": wait, "receive": 10})
		if conn != "" {
			e["connection"] = conn
		}
		return e
	}
	version := func(e m, v string) m { e["response"].(m)["httpVersion"] = v; return e }
	unknown := func(e m) m { return version(e, "") }
	for _, c := range []struct {
		name      string
		creator   string
		entries   []m
		host      string
		wantProto model.HTTPVersion
		wantConns int
		wantThink time.Duration // the host's think (its alone requests' median wait; RTT 0 here)
	}{
		{"HTTP/1.1, three at once, no ids", "chrome-har", []m{
			h1("http://a.example/", 0, 50, ""), h1("http://b.example/1", 60, 100, ""), h1("http://b.example/2", 61, 100, ""), h1("http://b.example/3", 62, 100, ""),
			h1("http://b.example/4", 200, 20, "")}, "b.example", model.HTTP11, 3, 100 * time.Millisecond},
		{"HTTP/1.1 ids: two connections reused", "chrome-har", []m{
			h1("http://a.example/", 0, 50, "1"), h1("http://b.example/1", 60, 100, "7"), h1("http://b.example/2", 61, 100, "8"), h1("http://b.example/3", 170, 30, "7"),
			h1("http://b.example/4", 171, 30, "8")}, "b.example", model.HTTP11, 2, 65 * time.Millisecond},
		{"HTTP/2 without ids: one connection, only the first request is alone", "chrome-har", []m{
			h1("http://a.example/", 0, 50, ""), h2("https://c.example/1", 60, 30, ""), h2("https://c.example/2", 61, 200, ""), h2("https://c.example/3", 62, 300, "")},
			"c.example", "2", 1, 30 * time.Millisecond},
		{"HTTP/2 with two connection ids", "chrome-har", []m{
			h1("http://a.example/", 0, 50, ""), h2("https://c.example/1", 60, 30, "5"), h2("https://c.example/2", 61, 50, "6"), h2("https://c.example/3", 62, 300, "5")},
			"c.example", "2", 2, 40 * time.Millisecond},
		{"protocol not recorded, requests overlapping on one connection: HTTP/2", "WebPagetest", []m{
			h1("http://a.example/", 0, 50, ""), unknown(h2("https://c.example/1", 60, 30, "9")), unknown(h2("https://c.example/2", 61, 50, "9"))},
			"c.example", "2", 1, 30 * time.Millisecond},
		{"HTTP/2.0, as Firefox writes it", "Firefox", []m{
			h1("http://a.example/", 0, 50, ""), version(h2("https://c.example/1", 60, 30, ""), "2.0"), version(h2("https://c.example/2", 61, 50, ""), "2.0")},
			"c.example", "2", 1, 30 * time.Millisecond},
		{"Firefox writes ports, not ids", "Firefox", []m{
			h1("http://a.example/", 0, 50, "80"), h1("http://b.example/1", 60, 100, "80"), h1("http://b.example/2", 61, 100, "80")},
			"b.example", model.HTTP11, 2, 100 * time.Millisecond},
	} {
		t.Run(c.name, func(t *testing.T) {
			rec := mustParse(t, mkHAR(t, c.creator, nil, c.entries...), Options{})
			h := rec.Hosts[c.host]
			if h.Protocol != c.wantProto || h.Conns != c.wantConns || h.Think == nil || !near(time.Duration(h.Think.Value*1e9), c.wantThink) {
				t.Errorf("%s: protocol %q conns %d think %+v; want %q %d %v", c.host, h.Protocol, h.Conns, h.Think, c.wantProto, c.wantConns, c.wantThink)
			}
		})
	}
	// Own think only for the requests alone on their connection.
	rec := mustParse(t, mkHAR(t, "chrome-har", nil, h1("http://a.example/", 0, 50, ""),
		h2("https://c.example/1", 60, 30, ""), h2("https://c.example/2", 61, 200, "")), Options{})
	if o1, o2 := rec.Page.Objects[1], rec.Page.Objects[2]; o1.Think == nil || *o1.Think != 30*time.Millisecond || o2.Think != nil {
		t.Errorf("HTTP/2 thinks: first %v, second %v; want 30ms of its own, none (multiplexed behind the first)", o1.Think, o2.Think)
	}
}

func near(a, b time.Duration) bool { return a-b < time.Microsecond && b-a < time.Microsecond }

// TestNoReuse: an HTTP/1.x host where every request set up its own
// connection is protocol "1.0"; one reused connection makes it "1.1".
func TestNoReuse(t *testing.T) {
	fresh := func(url string, start float64) m {
		return ent(url, start, 80, nil, m{"blocked": -1, "dns": -1, "connect": 30, "send": 0, "wait": 40, "receive": 10})
	}
	reused := ent("http://a.example/r", 300, 50, nil, m{"blocked": -1, "dns": -1, "connect": -1, "send": 0, "wait": 40, "receive": 10})
	rec := mustParse(t, mkHAR(t, "WebPagetest", nil, fresh("http://a.example/", 0), fresh("http://a.example/1", 100), fresh("http://a.example/2", 100)), Options{})
	if h := rec.Hosts["a.example"]; h.Protocol != model.HTTP10 || h.Conns != 2 {
		t.Errorf("every request on a new connection: protocol %q conns %d, want \"1.0\", 2", h.Protocol, h.Conns)
	}
	rec = mustParse(t, mkHAR(t, "WebPagetest", nil, fresh("http://a.example/", 0), fresh("http://a.example/1", 100), reused), Options{})
	if h := rec.Hosts["a.example"]; h.Protocol != model.HTTP11 {
		t.Errorf("one reused connection: protocol %q, want \"1.1\"", h.Protocol)
	}
}

// TestTLSHandshakeTime: a handshake far longer than its round trips is
// the server's own time (tls_time), not distance: it gives the host no
// round-trip sample (ferguson.com's 692 ms handshake in a 696 ms connect
// made its host seem 692 ms away), and its excess over two round trips is
// the server's.
func TestTLSHandshakeTime(t *testing.T) {
	doc := ent("https://a.example/", 0, 760, nil, m{"blocked": 0, "dns": -1, "connect": 695.6, "ssl": 691.9, "send": 0, "wait": 50, "receive": 14.4})
	other := ent("http://b.example/x", 800, 20, nil, m{"blocked": 0, "dns": -1, "connect": 3.7, "send": 0, "wait": 10, "receive": 6.3})
	rec := mustParse(t, mkHAR(t, "chrome-har", nil, doc, other), Options{})
	h := rec.Hosts["a.example"]
	if rec.BaseRTT != 3700*time.Microsecond || h.ExtraRTT != 0 {
		t.Errorf("base RTT %v, extra %v; want 3.7ms (b.example's connect), 0 (no sample of its own)", rec.BaseRTT, h.ExtraRTT)
	}
	if h.TLS != model.TLS12 || h.TLSTime != 684500*time.Microsecond {
		t.Errorf("tls %s, tls_time %v; want 1.2 (ssl ≫ 1.5 RTT), 684.5ms (691.9 − 2 × 3.7)", h.TLS, h.TLSTime)
	}
}

// TestRecordedNetwork: WebPageTest's rates, a named profile, or the
// estimate from the largest transfers.
func TestRecordedNetwork(t *testing.T) {
	// Two responses of 100 KB, each received over 100 ms, overlapping by
	// half: while each arrived, 150 KB came in 100 ms: 12 Mbps.
	big := func(url string, start float64) m {
		return ent(url, start, 110, m{"_transferSize": 100000}, m{"blocked": 0, "dns": -1, "connect": -1, "send": 0, "wait": 10, "receive": 100})
	}
	entries := func() []m {
		return []m{ent("http://a.example/", 0, 10, m{"_transferSize": 1000}, nil), big("http://a.example/1", 10), big("http://a.example/2", 60)}
	}
	for _, c := range []struct {
		name     string
		page     m
		want     Network
		recorded bool
	}{
		{"estimated", nil, Network{Down: 12 * model.Mbps, Up: 3 * model.Mbps}, false},
		{"WebPageTest rates and loss", m{"_bwDown": 5000, "_bwUp": 1000, "_latency": 28, "_plr": 1}, Network{Down: 5 * model.Mbps, Up: 1 * model.Mbps, RTT: 28 * time.Millisecond, Loss: 0.01}, true},
		{"WebPageTest profile", m{"_connectivity": "3GFast"}, Network{Preset: "3gfast"}, true},
		{"Browsertime profile", m{"_meta": m{"connectivity": "cable"}}, Network{Preset: "cable"}, true},
		{"Browsertime's fios typo", m{"_meta": m{"connectivity": "fois"}}, Network{Preset: "fios"}, true},
		{"native is no profile", m{"_meta": m{"connectivity": "native"}}, Network{Down: 12 * model.Mbps, Up: 3 * model.Mbps}, false},
		{"_meta of the wrong kind", m{"_meta": "cable"}, Network{Down: 12 * model.Mbps, Up: 3 * model.Mbps}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := mkHAR(t, "chrome-har", nil, entries()...)
			if c.page != nil {
				var doc map[string]any
				_ = json.Unmarshal(data, &doc)
				p := doc["log"].(map[string]any)["pages"].([]any)[0].(map[string]any)
				for k, v := range c.page {
					p[k] = v
				}
				data, _ = json.Marshal(doc)
			}
			n := mustParse(t, data, Options{}).Network
			if n.Preset != c.want.Preset || n.Down != c.want.Down || n.Up != c.want.Up || n.RTT != c.want.RTT ||
				n.Loss != c.want.Loss || n.Recorded != c.recorded || n.Source == "" {
				t.Errorf("network %+v, want %+v (recorded %v)", n, c.want, c.recorded)
			}
		})
	}
	// Nothing to estimate from: no receive phase anywhere.
	n := mustParse(t, mkHAR(t, "chrome-har", nil, ent("http://a.example/", 0, 10, nil, nil)), Options{}).Network
	if n.Down != 0 || n.Preset != "" || !strings.Contains(n.Source, "cable") {
		t.Errorf("no receive phase: %+v, want no rates and cable named in the source", n)
	}
}

// TestReadsThrough: gzip, times without a zone, Content-Length, and
// WebPageTest's real start.
func TestReadsThrough(t *testing.T) {
	plain := mkHAR(t, "chrome-har", nil, ent("http://a.example/", 0, 10, nil, nil), ent("http://a.example/x", 20, 10, nil, nil))
	var z bytes.Buffer
	zw := gzip.NewWriter(&z)
	_, _ = zw.Write(plain)
	_ = zw.Close()
	a, b := mustParse(t, plain, Options{}), mustParse(t, z.Bytes(), Options{})
	if a.Objects != b.Objects || a.Bytes != b.Bytes || a.Span != b.Span {
		t.Errorf("gzip: %d objects %d B span %v, plain %d %d %v", b.Objects, b.Bytes, b.Span, a.Objects, a.Bytes, a.Span)
	}
	if _, err := Parse("x.har.gz", z.Bytes()[:z.Len()/2], Options{}); err == nil || !strings.Contains(err.Error(), "truncated") {
		t.Errorf("truncated gzip: %v, want a truncation error", err)
	}
	if _, err := Parse("x.har.gz", append([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}, "not deflate"...), Options{}); err == nil || !strings.Contains(err.Error(), "not a valid gzip file") {
		t.Errorf("corrupt gzip: %v, want an error saying so", err)
	}

	naive := ent("http://a.example/x", 20, 10, m{"content": m{"size": -1}, "bodySize": -1,
		"headers": []any{m{"name": "Content-Length", "value": "4521"}}}, nil)
	naive["startedDateTime"] = "2020-01-01T00:00:00.020"
	rec := mustParse(t, mkHAR(t, "Playwright", nil, ent("http://a.example/", 0, 10, nil, nil), naive), Options{})
	if rec.Page.Objects[1].Size != 4521 || rec.Meta[1].Start != 20*time.Millisecond {
		t.Errorf("Playwright entry: size %d at %v, want 4521 B (Content-Length) at 20ms (no zone read as UTC)", rec.Page.Objects[1].Size, rec.Meta[1].Start)
	}
	if !strings.Contains(strings.Join(rec.Warnings, "\n"), "without a zone offset") {
		t.Errorf("warnings %q, want one about the zone-less time", rec.Warnings)
	}

	// WebPageTest: startedDateTime is when the request was sent (after 50
	// ms of DNS and connect); _all_start says when the entry began.
	w := ent("http://a.example/x", 250, 100, nil, m{"blocked": -1, "dns": 20, "connect": 30, "send": 0, "wait": 40, "receive": 10})
	w["_all_start"], w["_all_end"] = "200", 300
	rec = mustParse(t, mkHAR(t, "WebPagetest", nil, ent("http://a.example/", 0, 100, nil, nil), w), Options{})
	if m1 := rec.Meta[1]; m1.Start != 200*time.Millisecond || m1.Duration != 100*time.Millisecond || m1.Sent != 250*time.Millisecond || m1.FirstByte != 290*time.Millisecond {
		t.Errorf("WebPageTest entry: start %v, duration %v, sent %v, first byte %v; want 200ms, 100ms, 250ms, 290ms", m1.Start, m1.Duration, m1.Sent, m1.FirstByte)
	}
}

// TestOnLoadNotRead: the recorded onLoad changes nothing the importer
// estimates; it is only reported.
func TestOnLoadNotRead(t *testing.T) {
	for _, f := range []string{"cnet-com.har", "wikipedia-obama-wpt-chrome.har"} {
		data := readTestdata(t, f)
		var doc map[string]any
		if err := json.Unmarshal(data, &doc); err != nil {
			t.Fatal(err)
		}
		pt := doc["log"].(map[string]any)["pages"].([]any)[0].(map[string]any)["pageTimings"].(map[string]any)
		pt["onLoad"] = 123456.0
		other, _ := json.Marshal(doc)
		a, b := mustParse(t, data, Options{}), mustParse(t, other, Options{})
		if b.OnLoad != 123456*time.Millisecond {
			t.Fatalf("%s: OnLoad %v, want the edited 123456ms", f, b.OnLoad)
		}
		var wa, wb bytes.Buffer
		_ = WriteScenario(&wa, a, f)
		_ = WriteScenario(&wb, b, f)
		strip := func(s string) string {
			var keep []string
			for _, l := range strings.Split(s, "\n") {
				// The header's onLoad line, and page.recorded — what the
				// recording measured, drawn on the waterfalls beside the
				// simulated load, never simulated.
				if !strings.HasPrefix(l, "# onLoad:") && !strings.HasPrefix(l, "  recorded: {") {
					keep = append(keep, l)
				}
			}
			return strings.Join(keep, "\n")
		}
		if strip(wa.String()) != strip(wb.String()) {
			t.Errorf("%s: the imported scenario depends on pageTimings.onLoad", f)
		}
	}
}

func readTestdata(t *testing.T, file string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// TestEstimateAgainstProfile checks the bandwidth estimate against the one
// recording whose throttling profile is named: Browsertime's Firefox load
// of Wikipedia on sitespeed.io's cable profile (5 Mbps down). With the
// profile removed, the estimate from the transfers must find the rate the
// link was throttled to (it is a lower bound; within 10 %).
func TestEstimateAgainstProfile(t *testing.T) {
	zr, err := gzip.NewReader(bytes.NewReader(readTestdata(t, "wikipedia-obama-browsertime-firefox.har.gz")))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.NewDecoder(zr).Decode(&doc); err != nil {
		t.Fatal(err)
	}
	for _, p := range doc["log"].(map[string]any)["pages"].([]any) {
		delete(p.(map[string]any), "_meta")
	}
	data, _ := json.Marshal(doc)
	n := mustParse(t, data, Options{}).Network
	if n.Recorded || n.Preset != "" || n.Down < 4500*model.Kbps || n.Down > 5000*model.Kbps {
		t.Errorf("without its profile: %+v; want an estimate of 4.5–5 Mbps (cable is 5 Mbps)", n)
	}
	if with := mustParse(t, readTestdata(t, "wikipedia-obama-browsertime-firefox.har.gz"), Options{}).Network; with.Preset != "cable" || !with.Recorded {
		t.Errorf("with its profile: %+v, want preset cable", with)
	}
}
