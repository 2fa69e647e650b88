package har

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"

	"pagesim/model"
)

// m is shorthand for a JSON object in test HARs.
type m = map[string]any

// mkHAR builds a HAR document from entries (pageref page_1 added).
func mkHAR(t *testing.T, creator string, pageTimings m, entries ...m) []byte {
	t.Helper()
	for _, e := range entries {
		if _, ok := e["pageref"]; !ok {
			e["pageref"] = "page_1"
		}
	}
	doc := m{"log": m{
		"version": "1.2",
		"creator": m{"name": creator, "version": "1"},
		"pages":   []any{m{"id": "page_1", "title": "t", "startedDateTime": "2020-01-01T00:00:00Z", "pageTimings": pageTimings}},
		"entries": entries,
	}}
	b, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// ent builds one entry starting at offset ms after 2020-01-01T00:00:00Z
// (UTC), lasting dur ms.
func ent(url string, startMs, dur float64, resp m, timings m) m {
	st := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(startMs * float64(time.Millisecond)))
	r := m{"status": 200, "httpVersion": "http/1.1", "content": m{"size": 100}, "redirectURL": ""}
	for k, v := range resp {
		r[k] = v
	}
	if timings == nil {
		timings = m{"blocked": 0, "dns": -1, "connect": -1, "ssl": -1, "send": 0, "wait": dur, "receive": 0}
	}
	return m{
		"startedDateTime": st.Format(time.RFC3339Nano),
		"time":            dur,
		"request":         m{"method": "GET", "url": url},
		"response":        r,
		"timings":         timings,
	}
}

func mustParse(t *testing.T, data []byte, opt Options) *Recording {
	t.Helper()
	rec, err := Parse("test.har", data, opt)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	checkSanity(t, rec)
	return rec
}

func parents(rec *Recording) []string {
	var out []string
	for _, o := range rec.Page.Objects {
		p := "-"
		if o.Parent >= 0 {
			p = rec.Page.Objects[o.Parent].ID
		}
		out = append(out, o.ID+"<"+p)
	}
	return out
}

func TestSizeFallbackChain(t *testing.T) {
	cases := []struct {
		name  string
		entry m // fields merged into the entry
		resp  m // fields merged into the response
		want  int64
	}{
		{"_transferSize wins", m{"_bytesIn": 900}, m{"_transferSize": 1234, "bodySize": 1000, "content": m{"size": 3000}}, 1234},
		{"WPT _bytesIn next", m{"_bytesIn": 900}, m{"bodySize": 1000, "content": m{"size": 3000}}, 900},
		{"WPT _bytesIn as a string", m{"_bytesIn": "901"}, m{"bodySize": 1000}, 901},
		{"bodySize", nil, m{"bodySize": 1000, "content": m{"size": 3000}}, 1000},
		{"bodySize 0 counts", nil, m{"bodySize": 0, "content": m{"size": 3000}}, 0},
		{"bodySize -1 falls to content.size", nil, m{"bodySize": -1, "content": m{"size": 3000}}, 3000},
		{"negative _transferSize ignored", nil, m{"_transferSize": -1, "bodySize": 10}, 10},
		{"nothing: 0", nil, m{"bodySize": -1, "content": m{}}, 0},
		{"fractional rounds", nil, m{"bodySize": 10.6}, 11},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			e := ent("https://a.example/x.js", 100, 10, tc.resp, nil)
			for k, v := range tc.entry {
				e[k] = v
			}
			data := mkHAR(t, "test", nil, ent("https://a.example/", 0, 50, m{"bodySize": 5}, nil), e)
			rec := mustParse(t, data, Options{})
			if got := int64(rec.Page.Objects[1].Size); got != tc.want {
				t.Errorf("size = %d, want %d", got, tc.want)
			}
		})
	}
}

func TestTimeZones(t *testing.T) {
	// b is written in +01:00 and starts, in absolute time, between the
	// document and c; c has no fractional seconds. Sorting by the strings
	// would put b last.
	doc := ent("https://a.example/", 0, 10, nil, nil)
	doc["startedDateTime"] = "2020-01-01T00:00:00.000Z"
	b := ent("https://a.example/b.css", 0, 10, nil, nil)
	b["startedDateTime"] = "2020-01-01T01:00:00.500+01:00"
	c := ent("https://a.example/c.css", 0, 10, nil, nil)
	c["startedDateTime"] = "2019-12-31T17:00:01-07:00"
	d := ent("https://a.example/d.css", 0, 10, nil, nil)
	d["startedDateTime"] = "2020-01-01T00:00:02+0000" // no colon in the offset
	rec := mustParse(t, mkHAR(t, "test", nil, c, doc, d, b), Options{})
	var got []string
	for _, o := range rec.Page.Objects {
		got = append(got, o.ID)
	}
	if want := "a.example b.css c.css d.css"; strings.Join(got, " ") != want {
		t.Errorf("order = %v, want %s", got, want)
	}
	if st := rec.Meta[2].Start; st != time.Second {
		t.Errorf("c.css starts at %v, want 1s", st)
	}
}

func TestDependencies(t *testing.T) {
	t.Run("redirect chain and initiators", func(t *testing.T) {
		r1 := ent("http://a.example/", 0, 10, m{"status": 301, "redirectURL": "https://www.a.example"}, nil)
		r2 := ent("https://www.a.example/", 20, 10, m{"status": 302, "redirectURL": "/home#top"}, nil)
		docu := ent("https://www.a.example/home", 40, 100, nil, nil)
		js := ent("https://cdn.example/app.js", 60, 100, nil, nil)
		js["_initiator"] = "https://www.a.example/home"
		img := ent("https://cdn.example/img.png", 300, 10, nil, nil)
		img["_initiator"] = m{"type": "script", "stack": m{"callFrames": []any{}, "parent": m{"callFrames": []any{m{"url": "https://cdn.example/app.js"}}}}}
		css := ent("https://cdn.example/a.css", 310, 10, nil, nil)
		css["_initiator"] = m{"type": "parser", "url": "https://www.a.example/home#frag"}
		late := ent("https://cdn.example/late.gif", 500, 10, nil, nil) // no initiator: latest finished = img or css
		unknown := ent("https://cdn.example/u.gif", 501, 10, nil, nil)
		unknown["_initiator"] = "https://nowhere.example/x.js" // not in the file: falls back
		rec := mustParse(t, mkHAR(t, "chrome-har", nil, r1, r2, docu, js, img, css, late, unknown), Options{})
		want := []string{"a.example<-", "www.a.example<a.example", "home<www.a.example", "app.js<home",
			"img.png<app.js", "a.css<home", "late.gif<a.css", "u.gif<a.css"}
		if got := parents(rec); strings.Join(got, " ") != strings.Join(want, " ") {
			t.Errorf("parents\n got %v\nwant %v", got, want)
		}
		deps := []string{DepDocument, DepRedirect, DepRedirect, DepInitiator, DepInitiator, DepInitiator, DepFinished, DepFinished}
		for i, d := range deps {
			if rec.Meta[i].Dep != d {
				t.Errorf("object %d: Dep = %q, want %q", i, rec.Meta[i].Dep, d)
			}
		}
		if rec.PageURL != "http://a.example/" {
			t.Errorf("PageURL = %q, want the first redirect", rec.PageURL)
		}
	})
	t.Run("no entry finished yet: the document", func(t *testing.T) {
		rec := mustParse(t, mkHAR(t, "x", nil,
			ent("https://a.example/", 0, 100, nil, nil),
			ent("https://a.example/1", 10, 100, nil, nil),
			ent("https://a.example/2", 105, 100, nil, nil),
			ent("https://a.example/3", 111, 10, nil, nil)), Options{})
		want := "a.example<- o1<a.example o2<a.example o3<o1"
		if got := strings.Join(parents(rec), " "); got != want {
			t.Errorf("parents = %s, want %s", got, want)
		}
	})
	t.Run("skipped entries re-parent their children", func(t *testing.T) {
		docu := ent("https://a.example/", 0, 100, nil, nil)
		cachedJS := ent("https://a.example/lib.js", 110, 5, m{"status": 304}, nil)
		cachedJS["_initiator"] = "https://a.example/"
		child := ent("https://a.example/data.json", 200, 10, nil, nil)
		child["_initiator"] = "https://a.example/lib.js"
		grandchild := ent("https://a.example/pic.png", 300, 10, nil, nil)
		grandchild["_initiator"] = "https://a.example/data.json"
		data := mkHAR(t, "x", nil, docu, cachedJS, child, grandchild)
		rec := mustParse(t, data, Options{})
		if got, want := strings.Join(parents(rec), " "), "a.example<- data.json<a.example pic.png<data.json"; got != want {
			t.Errorf("parents = %s, want %s", got, want)
		}
		if rec.SkipReasons[SkipNotModified] != 1 || rec.Skipped != 1 {
			t.Errorf("SkipReasons = %v", rec.SkipReasons)
		}
		rec = mustParse(t, data, Options{KeepCached: true})
		if got, want := strings.Join(parents(rec), " "), "a.example<- lib.js<a.example data.json<lib.js pic.png<data.json"; got != want {
			t.Errorf("KeepCached: parents = %s, want %s", got, want)
		}
		if rec.Meta[1].Cached != SkipNotModified {
			t.Errorf("kept cached entry: Cached = %q", rec.Meta[1].Cached)
		}
	})
}

func TestCachedEntries(t *testing.T) {
	docu := func() m { return ent("https://a.example/", 0, 50, nil, nil) }
	fromCache := ent("https://a.example/1.js", 60, 1, nil, nil)
	fromCache["_fromCache"] = "memory"
	wpt := ent("https://a.example/2.js", 60, 1, nil, nil)
	wpt["_cached"] = 1
	emptyTimings := func() m {
		return ent("https://a.example/logo.png", 60, 0, m{"bodySize": -1, "content": m{}, "httpVersion": ""}, m{})
	}
	zeroTimings := func() m {
		return ent("https://a.example/p.js", 60, 0, m{"bodySize": 4002},
			m{"blocked": 0, "dns": 0, "ssl": 0, "connect": 0, "send": 0, "wait": 0, "receive": 0})
	}
	negativeTimings := ent("https://a.example/n.js", 60, 0, nil,
		m{"blocked": -1, "dns": -1, "ssl": -1, "connect": -1, "send": -1, "wait": -1, "receive": -1})
	cases := []struct {
		name, creator string
		e             m
		reason        string
	}{
		{"304", "x", ent("https://a.example/1.js", 60, 5, m{"status": 304, "bodySize": 5509}, nil), SkipNotModified},
		{"_fromCache", "x", fromCache, SkipFromCache},
		{"WPT _cached", "x", wpt, SkipWPTCached},
		{"answered by a service worker", "x", ent("https://a.example/sw.js", 60, 3, m{"_fetchedViaServiceWorker": true}, nil), SkipServiceWorker},
		{"not via a service worker", "x", ent("https://a.example/sw.js", 60, 3, m{"_fetchedViaServiceWorker": false}, nil), ""},
		{"DevTools memory-cache duplicate", "x", ent("https://a.example/1.css", 60, 600,
			m{"bodySize": -1, "_transferSize": 0, "content": m{"size": 112400}, "httpVersion": "unknown"}, nil), SkipZeroTransfer},
		{"Firefox empty timings", "Firefox", emptyTimings(), SkipEmptyTimings},
		{"Firefox all-zero timings", "Firefox", zeroTimings(), SkipZeroTimings},
		{"empty timings, not Firefox", "chrome-har", emptyTimings(), SkipNoTimings},
		{"all-zero timings, not Firefox", "WebPagetest", zeroTimings(), SkipNoPositiveTimes},
		{"all -1 timings, not Firefox", "chrome-har", negativeTimings, SkipNoPositiveTimes},
		{"not cached: 204 beacon with _transferSize 0 and no content", "x", ent("https://a.example/b", 60, 5,
			m{"status": 204, "_transferSize": 0, "content": m{"size": 0}}, nil), ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := mkHAR(t, tc.creator, nil, docu(), tc.e)
			rec := mustParse(t, data, Options{})
			wantObjs := 1
			if tc.reason == "" {
				wantObjs = 2
			}
			if rec.Objects != wantObjs || rec.SkipReasons[tc.reason] != 2-wantObjs {
				t.Errorf("Objects = %d, SkipReasons = %v; want %d objects, reason %q", rec.Objects, rec.SkipReasons, wantObjs, tc.reason)
			}
			rec = mustParse(t, data, Options{KeepCached: true})
			if rec.Objects != 2 || rec.Meta[1].Cached != tc.reason {
				t.Errorf("KeepCached: Objects = %d, Cached = %q; want 2, %q", rec.Objects, rec.Meta[1].Cached, tc.reason)
			}
		})
	}
	t.Run("a cached document is kept", func(t *testing.T) {
		rec := mustParse(t, mkHAR(t, "Firefox", nil, ent("https://a.example/", 0, 5, m{"status": 304, "bodySize": 5509}, nil)), Options{})
		if rec.Objects != 1 || rec.Page.Objects[0].Size != 5509 {
			t.Errorf("Objects = %d, size %d; want the 304 document kept with its bodySize", rec.Objects, rec.Page.Objects[0].Size)
		}
	})
	t.Run("unknown pages and non-http URLs", func(t *testing.T) {
		other := ent("https://a.example/2", 60, 5, nil, nil)
		other["pageref"] = "page_2"
		rec := mustParse(t, mkHAR(t, "x", nil, docu(), other, ent("data:image/png;base64,AAAA", 70, 0, nil, nil)), Options{KeepCached: true})
		if rec.Objects != 1 || rec.SkipReasons[SkipUnknownPage] != 1 || rec.SkipReasons[SkipNotHTTP] != 1 {
			t.Errorf("Objects = %d, SkipReasons = %v", rec.Objects, rec.SkipReasons)
		}
	})
}

func TestHostEstimates(t *testing.T) {
	// Two hosts. near.example: connect 30 incl. ssl 20 (chrome-har: TCP =
	// 10 ms, ratio 2 → TLS 1.2); far.example: TCP 40 → extra 30 ms.
	docu := ent("https://near.example/", 0, 100, nil, m{"blocked": 1, "dns": 12, "connect": 30, "ssl": 20, "send": 0, "wait": 25, "receive": 5})
	a := ent("https://far.example/a", 110, 100, m{"httpVersion": "h2"}, m{"blocked": 1, "dns": 0.004, "connect": 60, "ssl": 20, "send": 0, "wait": 45, "receive": 5})
	b := ent("https://far.example/b", 120, 100, m{"httpVersion": "h2"}, m{"blocked": 60, "dns": -1, "connect": -1, "ssl": -1, "send": 0, "wait": 35, "receive": 5})
	c := ent("http://plain.example/c", 130, 10, nil, m{"blocked": -1, "dns": 5, "connect": 50, "send": 0, "wait": 20, "receive": 5})
	rec := mustParse(t, mkHAR(t, "chrome-har", nil, docu, a, b, c), Options{})
	if rec.BaseRTT != 10*time.Millisecond {
		t.Errorf("BaseRTT = %v, want 10ms (connect 30 − ssl 20)", rec.BaseRTT)
	}
	check := func(host string, extra, dns time.Duration, tls model.TLSVersion, think float64) {
		t.Helper()
		h, ok := rec.Hosts[host]
		if !ok {
			t.Fatalf("no host %s", host)
		}
		if h.ExtraRTT != extra || h.DNS != dns || h.TLS != tls || h.Think == nil ||
			h.Think.Kind != "fixed" || (h.Think.Value-think) > 1e-9 || (think-h.Think.Value) > 1e-9 {
			t.Errorf("%s = %+v (think %+v), want extra %v dns %v tls %s think %gs", host, h, h.Think, extra, dns, tls, think)
		}
	}
	check("near.example", 0, 12*time.Millisecond, model.TLS12, 0.015)                 // wait 25 − rtt 10
	check("far.example", 30*time.Millisecond, 0, model.TLS13, 0.005)                  // a's wait 45 − rtt 40 (b, sent on a's HTTP/2 connection while a was in flight, is no sample); ratio 0.5; dns 0.004 is a cache hit
	check("plain.example", 40*time.Millisecond, 5*time.Millisecond, model.TLSNone, 0) // wait 20 − rtt 50 → 0

	t.Run("Firefox connect excludes ssl", func(t *testing.T) {
		e := ent("https://a.example/", 0, 247, nil, m{"blocked": 89, "dns": 0, "connect": 32, "ssl": 66, "send": 0, "wait": 60, "receive": 0})
		rec := mustParse(t, mkHAR(t, "Firefox", nil, e), Options{})
		if rec.BaseRTT != 32*time.Millisecond {
			t.Errorf("BaseRTT = %v, want 32ms", rec.BaseRTT)
		}
		if h := rec.Hosts["a.example"]; h.TLS != model.TLS12 || h.Think == nil || h.Think.Value != 0.028 {
			t.Errorf("host = %+v think %+v, want TLS 1.2 (66/32 ≥ 1.5), think 28ms", h, h.Think)
		}
	})
	t.Run("Browsertime zeros are unknown", func(t *testing.T) {
		e := ent("http://a.example/", 0, 100, nil, m{"blocked": 10, "dns": 0, "connect": 0, "ssl": 0, "send": 0, "wait": 0, "receive": 39, "comment": ""})
		rec := mustParse(t, mkHAR(t, "Browsertime", m{"comment": ""}, e), Options{})
		h := rec.Hosts["a.example"]
		if rec.BaseRTT != 0 || h.DNS != 0 || h.ExtraRTT != 0 || h.Think != nil {
			t.Errorf("BaseRTT %v host %+v, want zeros and no think", rec.BaseRTT, h)
		}
		if rec.OnLoad != -1 {
			t.Errorf("OnLoad = %v, want -1 (not recorded)", rec.OnLoad)
		}
	})
	t.Run("h3 and recorded TLS version", func(t *testing.T) {
		q := ent("https://q.example/", 0, 100, m{"httpVersion": "h3"}, m{"connect": 8, "ssl": 8, "wait": 20})
		w := ent("https://w.example/", 10, 100, nil, m{"connect": -1, "ssl": -1, "wait": 20})
		w["_securityDetails"] = m{"protocol": "TLS 1.3"} // no handshake recorded: the version decides
		w2 := ent("https://w2.example/", 10, 100, nil, m{"connect": -1, "ssl": -1, "wait": 20})
		w2["_securityDetails"] = m{"protocol": "TLS 1.2"}
		rec := mustParse(t, mkHAR(t, "x", nil, q, w, w2), Options{})
		if rec.Hosts["q.example"].TLS != model.TLS13 || rec.Hosts["w.example"].TLS != model.TLS13 || rec.Hosts["w2.example"].TLS != model.TLS12 {
			t.Errorf("hosts = %+v", rec.Hosts)
		}
		if rec.BaseRTT != 8*time.Millisecond {
			t.Errorf("BaseRTT = %v, want 8ms (QUIC: the whole connect)", rec.BaseRTT)
		}
	})
}

func TestProtocols(t *testing.T) {
	cases := []struct{ wpt, hv, want string }{
		{"", "http/1.1", "h1"}, {"", "HTTP/1.1", "h1"}, {"", "http/1.0", "h1"},
		{"", "h2", "h2"}, {"", "spdy", "h2"}, {"", "HTTP/2.0", "h2"},
		{"", "h3", "h3"}, {"", "HTTP/3", "h3"}, {"", "h3-29", "h3"}, {"", "http/2+quic/46", "h3"},
		{"HTTP/2", "us:", "h2"}, {"HTTP/1.1", "", "h1"}, {"", "unknown", "unknown"}, {"", "", "unknown"},
	}
	for _, tc := range cases {
		if got := normProtocol(tc.wpt, tc.hv); got != tc.want {
			t.Errorf("normProtocol(%q, %q) = %q, want %q", tc.wpt, tc.hv, got, tc.want)
		}
	}
}

func TestProducerFiles(t *testing.T) {
	// Facts about each producer's file that the importer must get right.
	t.Run("WebPageTest: HAR 1.1, _protocol, TLS 1.2 (recorded and measured)", func(t *testing.T) {
		rec, _ := loadTestdata(t, "wikipedia-obama-wpt-chrome.har", Options{})
		if rec.Version != "1.1" || rec.Protocols["h2"] != 110 {
			t.Errorf("Version %q Protocols %v, want 1.1 and 110 × h2", rec.Version, rec.Protocols)
		}
		for h, hs := range rec.Hosts {
			if hs.TLS != model.TLS12 {
				t.Errorf("%s: TLS %s, want 1.2 (recorded TLS 1.2)", h, hs.TLS)
			}
		}
		if rec.Meta[0].URL != "https://en.wikipedia.org/wiki/Barack_Obama" {
			t.Errorf("document = %s", rec.Meta[0].URL)
		}
	})
	t.Run("chrome-har: spdy is h2, h3 kept, initiators used", func(t *testing.T) {
		rec, _ := loadTestdata(t, "cnet-com.har", Options{KeepCached: true})
		if rec.Protocols["h2"] != 149+13 || rec.Protocols["h1"] != 96 {
			t.Errorf("cnet Protocols = %v, want h2 162, h1 96", rec.Protocols)
		}
		rec, _ = loadTestdata(t, "ferguson-com.har", Options{})
		if rec.Protocols["h3"] != 5 {
			t.Errorf("ferguson Protocols = %v, want h3 5", rec.Protocols)
		}
		n := 0
		for _, md := range rec.Meta {
			if md.Dep == DepInitiator {
				n++
			}
		}
		if n < rec.Objects/2 {
			t.Errorf("only %d of %d objects found their parent from _initiator", n, rec.Objects)
		}
	})
	t.Run("chrome-har redirect chain", func(t *testing.T) {
		rec, _ := loadTestdata(t, "etat-lu.har", Options{})
		want := []string{"http://www.etat.lu/", "http://www.etat.public.lu/", "http://www.etat.public.lu/fr/index.php"}
		for i, u := range want {
			if rec.Meta[i].URL != u || (i > 0 && (rec.Page.Objects[i].Parent != i-1 || rec.Meta[i].Dep != DepRedirect)) {
				t.Errorf("object %d = %s parent %d dep %s, want %s after object %d by redirect", i, rec.Meta[i].URL, rec.Page.Objects[i].Parent, rec.Meta[i].Dep, u, i-1)
			}
		}
	})
	t.Run("DevTools: no browser; cache duplicates do not change estimates", func(t *testing.T) {
		rec, _ := loadTestdata(t, "github-com-devtools.har", Options{})
		if rec.Browser != "" || rec.Creator != "WebInspector 537.36" {
			t.Errorf("Creator %q Browser %q", rec.Creator, rec.Browser)
		}
		kept, _ := loadTestdata(t, "github-com-devtools.har", Options{KeepCached: true})
		if !reflect.DeepEqual(rec.Hosts, kept.Hosts) || rec.BaseRTT != kept.BaseRTT {
			t.Errorf("host estimates depend on KeepCached:\n%+v\n%+v", rec.Hosts, kept.Hosts)
		}
		if kept.Objects != 20 || kept.Protocols["unknown"] != 4 {
			t.Errorf("KeepCached: %d objects, protocols %v; want 20 and 4 unknown", kept.Objects, kept.Protocols)
		}
	})
	t.Run("Browsertime: no onLoad, +01:00", func(t *testing.T) {
		rec, _ := loadTestdata(t, "theverge-com.har", Options{})
		if rec.OnLoad != -1 || rec.Title != "" {
			t.Errorf("OnLoad %v Title %q", rec.OnLoad, rec.Title)
		}
	})
	t.Run("Firefox: -07:00, warm cache", func(t *testing.T) {
		rec, _ := loadTestdata(t, "mitmproxy-org-firefox.har", Options{})
		if rec.BaseRTT != 32*time.Millisecond {
			t.Errorf("BaseRTT = %v, want 32ms (connect excludes ssl)", rec.BaseRTT)
		}
		if rec.Page.Objects[0].Host != "mitmproxy.org" || rec.Meta[0].Status != 304 {
			t.Errorf("document = %+v %+v", rec.Page.Objects[0], rec.Meta[0])
		}
	})
}

func TestManyObjects(t *testing.T) {
	// 10 000 entries: every one after the document, each a script that
	// initiates the next, with a cached one every 100 (re-parented).
	es := []m{ent("https://a.example/", 0, 10, nil, nil)}
	for i := 1; i < 10000; i++ {
		u := "https://a.example/s" + itoa(int64(i)) + ".js"
		resp := m{}
		if i%100 == 0 {
			resp["status"] = 304
		}
		e := ent(u, float64(10*i), 5, resp, nil)
		if i > 1 {
			e["_initiator"] = "https://a.example/s" + itoa(int64(i-1)) + ".js"
		}
		es = append(es, e)
	}
	rec := mustParse(t, mkHAR(t, "x", nil, es...), Options{})
	if rec.Objects != 10000-99 || rec.SkipReasons[SkipNotModified] != 99 {
		t.Fatalf("Objects %d, SkipReasons %v", rec.Objects, rec.SkipReasons)
	}
	// s101.js was initiated by the skipped s100.js: its parent is s99.js.
	for i, o := range rec.Page.Objects {
		if o.ID == "s101.js" && rec.Page.Objects[o.Parent].ID != "s99.js" {
			t.Errorf("s101.js (object %d) after %s, want s99.js", i, rec.Page.Objects[o.Parent].ID)
		}
	}
}

func TestDeterministic(t *testing.T) {
	for _, f := range []string{"cnet-com.har", "mitmproxy-org-firefox.har"} {
		var outs [2]string
		var recs [2]*Recording
		for k := range outs {
			rec, _ := loadTestdata(t, f, Options{})
			var b strings.Builder
			if err := WriteScenario(&b, rec, f); err != nil {
				t.Fatal(err)
			}
			outs[k], recs[k] = b.String(), rec
		}
		if outs[0] != outs[1] || !reflect.DeepEqual(recs[0], recs[1]) {
			t.Errorf("%s: two imports differ", f)
		}
	}
}

// TestUniqueIDs: repeated names get -2, -3, … in order, skipping a suffix
// that is itself the name of an earlier object; the cost stays linear in
// the number of copies (BenchmarkImportDuplicateURLs measures it).
func TestUniqueIDs(t *testing.T) {
	ids := newIDSet()
	var got []string
	for _, id := range []string{"poll", "poll-3", "poll", "poll", "poll", "x", "poll-2", "poll"} {
		got = append(got, ids.unique(id))
	}
	want := []string{"poll", "poll-3", "poll-2", "poll-4", "poll-5", "x", "poll-2-2", "poll-6"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ids %q, want %q", got, want)
	}
}

// TestRecordingOddities: what real recordings carry — aborted requests,
// statuses out of range, empty or odd protocol strings, invalid ports,
// pagerefs to no page, negative timings, wrong dates, absurd sizes — is
// imported or skipped with a stated reason, or warned about; it never
// makes the import fail.
func TestRecordingOddities(t *testing.T) {
	docu := func() m { return ent("https://a.example/", 0, 50, nil, nil) }
	with := func(e m, k string, v any) m { e[k] = v; return e }
	tests := []struct {
		name    string
		creator string
		entries []m
		objects int    // objects imported
		skipped string // the skip reason of the one skipped entry ("" none)
		warning string // a substring of a warning ("" none)
		check   func(*testing.T, *Recording)
	}{
		{"WebPageTest aborted request, status -2", "WebPagetest", []m{docu(), ent("https://a.example/x.js", 60, 5, m{"status": -2}, nil)},
			1, SkipAborted, "", nil},
		{"status 0", "x", []m{docu(), ent("https://a.example/x.js", 60, 5, m{"status": 0}, nil)}, 1, SkipNoResponse, "", nil},
		{"status 2000", "x", []m{docu(), ent("https://a.example/x.js", 60, 5, m{"status": 2000}, nil)}, 1, SkipBadStatus, "", nil},
		{"status 200.5", "x", []m{docu(), ent("https://a.example/x.js", 60, 5, m{"status": 200.5}, nil)}, 1, SkipBadStatus, "", nil},
		{"an aborted document is kept", "WebPagetest", []m{ent("https://a.example/", 0, 50, m{"status": -2}, nil)}, 1, "", "",
			func(t *testing.T, r *Recording) {
				if r.Meta[0].Status != -2 {
					t.Errorf("document status %d, want -2 as recorded", r.Meta[0].Status)
				}
			}},
		{"empty httpVersion", "x", []m{docu(), ent("https://a.example/x.js", 60, 5, m{"httpVersion": ""}, nil)}, 2, "", "",
			func(t *testing.T, r *Recording) {
				if r.Meta[1].Protocol != "unknown" {
					t.Errorf("protocol %q, want unknown", r.Meta[1].Protocol)
				}
			}},
		{"odd protocol strings", "x", []m{docu(), ent("https://a.example/x.js", 60, 5, m{"httpVersion": "us:"}, nil),
			with(ent("https://a.example/y.js", 70, 5, m{"httpVersion": "HTTP/2.0 (cached?)"}, nil), "_protocol", "QUIC/46")}, 3, "", "",
			func(t *testing.T, r *Recording) {
				if r.Meta[1].Protocol != "unknown" || r.Meta[2].Protocol != "h3" {
					t.Errorf("protocols %q %q, want unknown h3", r.Meta[1].Protocol, r.Meta[2].Protocol)
				}
			}},
		{"method 000", "x", []m{docu(), with(ent("https://a.example/x", 60, 5, nil, nil), "request", m{"method": "000", "url": "https://a.example/x"})},
			1, SkipBadMethod, `request.method "000"`, nil},
		{"port 0", "x", []m{docu(), ent("https://a.example:0/x.js", 60, 5, nil, nil)}, 1, SkipBadHost, "port 0 is not valid", nil},
		{"port 99999", "x", []m{docu(), ent("http://a.example:99999/x.js", 60, 5, nil, nil)}, 1, SkipBadHost, "port 99999 is not valid", nil},
		{"default port is the same host", "x", []m{docu(), ent("https://A.example:443/x.js", 60, 5, nil, nil)}, 2, "", "",
			func(t *testing.T, r *Recording) {
				if len(r.Hosts) != 1 || r.Page.Objects[1].Host != "a.example" || r.Meta[1].URL != "https://a.example/x.js" {
					t.Errorf("hosts %v, object host %q, URL %q; want one host a.example", r.HostOrder, r.Page.Objects[1].Host, r.Meta[1].URL)
				}
			}},
		{"pageref naming no page", "x", []m{docu(), with(ent("https://a.example/x.js", 60, 5, nil, nil), "pageref", "page_9")}, 1, SkipUnknownPage,
			`an entry skipped because its pageref names no page of log.pages ("page_1") (1×; first: log.entries[1].pageref "page_9")`, nil},
		{"negative timing", "chrome-har", []m{docu(), ent("https://a.example/x.js", 60, 5, nil,
			m{"blocked": 0, "dns": -1, "connect": -1, "ssl": -1, "send": 0, "wait": 5, "receive": -5})}, 2, "",
			"a negative timing other than -1", nil},
		{"a date in 1970", "x", []m{docu(), with(ent("https://a.example/x.js", 60, 5, nil, nil), "startedDateTime", "1970-01-01T00:00:00Z")}, 2, "",
			"an implausible startedDateTime (1×; first: log.entries[1]: 1970-01-01T00:00:00Z)", func(t *testing.T, r *Recording) {
				if !strings.Contains(strings.Join(r.Warnings, "\n"), "a startedDateTime is probably wrong") {
					t.Errorf("warnings %q lack the span", r.Warnings)
				}
			}},
		{"5 GB object", "x", []m{docu(), ent("https://a.example/x.iso", 60, 5, m{"_transferSize": 5e9}, nil)}, 2, "",
			"an object of more than 1 GiB on the wire, imported as recorded (1×; first: log.entries[1]: 5000000000 B)", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			data := mkHAR(t, tc.creator, nil, tc.entries...)
			rec, err := Parse("odd.har", data, Options{})
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			checkSanity(t, rec)
			if rec.Objects != tc.objects {
				t.Errorf("%d objects, want %d (skipped %v)", rec.Objects, tc.objects, rec.SkipReasons)
			}
			if tc.skipped != "" && rec.SkipReasons[tc.skipped] != 1 {
				t.Errorf("skip reasons %v, want one %q", rec.SkipReasons, tc.skipped)
			}
			warnings := strings.Join(rec.Warnings, "\n")
			if (tc.warning == "") != (warnings == "") || !strings.Contains(warnings, tc.warning) {
				t.Errorf("warnings %q, want %q", rec.Warnings, tc.warning)
			}
			var b strings.Builder
			if err := WriteScenario(&b, rec, "odd.har"); err != nil {
				t.Fatal(err)
			}
			if tc.skipped != "" && !strings.Contains(b.String(), "#   skipped: 1 × "+tc.skipped) {
				t.Errorf("the header does not state the skip:\n%s", b.String())
			}
			if tc.warning != "" && !strings.Contains(b.String(), "# warning:   ") {
				t.Errorf("the header does not carry the warning:\n%s", b.String())
			}
			if tc.check != nil {
				tc.check(t, rec)
			}
		})
	}
	t.Run("pageref naming another page", func(t *testing.T) {
		var doc map[string]any
		other := with(ent("https://a.example/x.js", 60, 5, nil, nil), "pageref", "page_2")
		if err := json.Unmarshal(mkHAR(t, "x", nil, docu(), other), &doc); err != nil {
			t.Fatal(err)
		}
		lg := doc["log"].(map[string]any)
		lg["pages"] = append(lg["pages"].([]any), m{"id": "page_2", "title": "second"})
		data, _ := json.Marshal(doc)
		rec := mustParse(t, data, Options{})
		if rec.Objects != 1 || rec.SkipReasons[SkipOtherPage] != 1 || len(rec.Warnings) != 0 {
			t.Errorf("objects %d, skipped %v, warnings %q; want the page_2 entry skipped as another page's", rec.Objects, rec.SkipReasons, rec.Warnings)
		}
	})
}

// TestChromePriorities: Chrome's recorded priorities become the urgencies
// Chrome sends; a recording without them gets the defaults.
func TestChromePriorities(t *testing.T) {
	for in, want := range map[string]int{"VeryHigh": 0, "High": 1, "Medium": 2, "Low": 3, "VeryLow": 4, " low ": 3, "": -1, "urgent": -1} {
		if got := chromeUrgency(in); got != want {
			t.Errorf("chromeUrgency(%q) = %d, want %d", in, got, want)
		}
	}
	rec, err := Load("testdata/cnet-com.har", Options{})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[int]int{}
	for _, o := range rec.Page.Objects {
		seen[o.Urgency]++
	}
	if rec.Page.Objects[0].Urgency != 0 || seen[1] == 0 || seen[3] == 0 || seen[5]+seen[6]+seen[7] > 0 {
		t.Errorf("cnet.com urgencies %v (document %d): want the document at 0, High and Low objects at 1 and 3, nothing beyond 4", seen, rec.Page.Objects[0].Urgency)
	}
	ff, err := Load("testdata/mitmproxy-org-firefox.har", Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i, o := range ff.Page.Objects {
		if o.Urgency != DefaultUrgency(i) {
			t.Errorf("Firefox recording, object %d: urgency %d, want the default %d", i, o.Urgency, DefaultUrgency(i))
		}
	}
}
