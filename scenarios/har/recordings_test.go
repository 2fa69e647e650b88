package har

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"
)

// The recordings in testdata, with facts published in testdata/SOURCES.md
// (computed there with jq/python, not by this package).
var recordings = []struct {
	file    string
	entries int
	hosts   int   // distinct request hosts (SOURCES "Hosts")
	keepAll int64 // bytes with KeepCached, by the fallback chain: _transferSize sum, else WPT _bytesIn sum, else bodySize sum
	onLoad  time.Duration
	cached  int // entries counted as cached (besides the document); see the test
}{
	{"etat-lu.har", 22, 3, 336958, 670441 * time.Microsecond, 0},
	{"thegreenwebfoundation-org.har", 51, 11, 704951, 1573977 * time.Microsecond, 0},
	{"cnet-com.har", 258, 74, 3171971, 2946398 * time.Microsecond, 2},
	{"ferguson-com.har", 174, 41, 2521396, 5386001 * time.Microsecond, 0},
	{"theverge-com.har", 244, 91, 2372376, -1, 0},
	{"wikipedia-obama-wpt-chrome.har", 110, 3, 1368170, 3233 * time.Millisecond, 0},
	{"github-com-devtools.har", 20, 5, 649714, 4262567 * time.Microsecond, 3},
	{"mitmproxy-org-firefox.har", 14, 2, 125000, 270 * time.Millisecond, 12},
	// The second set (SOURCES.md, issue 13); for files of several pages
	// the hosts, bytes and onLoad are the first page's, computed with
	// python over its entries (pageref) by the same chain, the
	// Content-Length header last.
	{"cnn-com-chrome-har-capturer.har", 292, 96, 2609508, 4158441 * time.Microsecond, 3},
	{"cnn-com-firebug.har", 145, 42, 2423765, 11288 * time.Millisecond, 0},
	{"nytimes-com-wpt.har", 328, 73, 2472531, 2797 * time.Millisecond, 0},
	{"aftonbladet-se-wpt.har", 212, 34, 1384333, 6656 * time.Millisecond, 0},
	{"ryanair-com-wpt.har", 304, 43, 2362420, 19607 * time.Millisecond, 0},
	{"wikimediafoundation-org.har", 108, 2, 1172731, 778706 * time.Microsecond, 0},
	{"wikipedia-obama-wpt-firefox.har", 111, 3, 1355414, 10161 * time.Millisecond, 0},
	{"wikipedia-obama-browsertime-firefox.har.gz", 551, 3, 1447159, 6306 * time.Millisecond, 0},
	{"w3-org-playwright.har", 37, 1, 329875, 28263 * time.Millisecond, 0},
	{"w3-org-wpt-ie.har", 34, 1, 130449, 1386 * time.Millisecond, 0},
}

// indep is an independent, map-based reading of a HAR file: what the
// importer should produce, computed without its code.
type indep struct {
	objects int
	hosts   map[string]bool
	bytes   int64
	skipped int // cached, by the rules of doc.go
	// otherPage: entries of another page of log.pages; unusable: entries
	// (not the document) with no response (status 0 or less). Both are
	// skipped whatever KeepCached says.
	otherPage, unusable int
}

func num(m map[string]any, k string) (float64, bool) {
	switch v := m[k].(type) {
	case float64:
		return v, true
	case string: // WebPageTest 2.x writes numbers as strings
		f, err := strconv.ParseFloat(strings.TrimSpace(v), 64)
		return f, err == nil
	}
	return 0, false
}

func independent(t *testing.T, data []byte, keepCached bool) indep {
	t.Helper()
	if len(data) > 2 && data[0] == 0x1f && data[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if data, err = io.ReadAll(zr); err != nil {
			t.Fatal(err)
		}
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	log := doc["log"].(map[string]any)
	page := ""
	if pages, _ := log["pages"].([]any); len(pages) > 0 {
		page, _ = pages[0].(map[string]any)["id"].(string)
	}
	var entries []any
	otherPage := 0
	for _, e := range log["entries"].([]any) {
		if ref, _ := e.(map[string]any)["pageref"].(string); page == "" || ref == page {
			entries = append(entries, e)
		} else {
			otherPage++
		}
	}
	type ent struct {
		start time.Time
		m     map[string]any
	}
	var es []ent
	for _, e := range entries {
		m := e.(map[string]any)
		st, err := time.Parse(time.RFC3339Nano, m["startedDateTime"].(string))
		if err != nil { // Playwright 1.7: no zone, UTC
			if st, err = time.Parse("2006-01-02T15:04:05.999999999", m["startedDateTime"].(string)); err != nil {
				t.Fatal(err)
			}
		}
		es = append(es, ent{st, m})
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].start.Before(es[j].start) })
	out := indep{hosts: map[string]bool{}, otherPage: otherPage}
	for i, e := range es {
		req := e.m["request"].(map[string]any)
		resp := e.m["response"].(map[string]any)
		status, _ := num(resp, "status")
		content, _ := resp["content"].(map[string]any)
		csize, hasC := num(content, "size")
		tr, hasTr := num(resp, "_transferSize")
		timings, _ := e.m["timings"].(map[string]any)
		positive := false
		for _, k := range []string{"blocked", "dns", "connect", "ssl", "send", "wait", "receive"} {
			if v, ok := num(timings, k); ok && v > 0 {
				positive = true
			}
		}
		tm, _ := num(e.m, "time")
		cached := status == 304 || e.m["_fromCache"] != nil ||
			(hasTr && tr == 0 && hasC && csize > 0) || len(timings) == 0 || (tm == 0 && !positive)
		if i > 0 && cached && !keepCached {
			out.skipped++
			continue
		}
		if i > 0 && status <= 0 {
			out.unusable++
			continue
		}
		u, err := url.Parse(req["url"].(string))
		if err != nil {
			t.Fatal(err)
		}
		out.objects++
		out.hosts[strings.ToLower(u.Host)] = true
		// The fallback chain, as doc.go states it.
		var size float64
		if v, ok := num(resp, "_transferSize"); ok && v >= 0 {
			size = v
		} else if v, ok := num(e.m, "_bytesIn"); ok && v >= 0 {
			size = v
		} else if v, ok := num(resp, "bodySize"); ok && v >= 0 {
			size = v
		} else if hasC && csize >= 0 {
			size = csize
		} else if hs, ok := resp["headers"].([]any); ok {
			for _, h := range hs {
				if hm, _ := h.(map[string]any); strings.EqualFold(fmt.Sprint(hm["name"]), "content-length") {
					if v, err := strconv.ParseFloat(fmt.Sprint(hm["value"]), 64); err == nil {
						size = v
					}
				}
			}
		}
		out.bytes += int64(math.Round(size))
	}
	return out
}

func loadTestdata(t *testing.T, file string, opt Options) (*Recording, []byte) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	rec, err := Parse(file, data, opt)
	if err != nil {
		t.Fatalf("Parse(%s): %v", file, err)
	}
	return rec, data
}

func TestRecordings(t *testing.T) {
	for _, tc := range recordings {
		for _, keep := range []bool{false, true} {
			name := tc.file
			if keep {
				name += "/keep-cached"
			}
			t.Run(name, func(t *testing.T) {
				rec, data := loadTestdata(t, tc.file, Options{KeepCached: keep})
				want := independent(t, data, keep)
				if rec.Entries != tc.entries {
					t.Errorf("Entries = %d, want %d", rec.Entries, tc.entries)
				}
				if got := len(rec.Page.Objects); got != want.objects || rec.Objects != got {
					t.Errorf("objects = %d (Objects %d), want %d", got, rec.Objects, want.objects)
				}
				if rec.Objects+rec.Skipped != rec.Entries {
					t.Errorf("Objects %d + Skipped %d != Entries %d", rec.Objects, rec.Skipped, rec.Entries)
				}
				sum := 0
				for _, n := range rec.SkipReasons {
					sum += n
				}
				if sum != rec.Skipped {
					t.Errorf("SkipReasons sum to %d, Skipped = %d: %v", sum, rec.Skipped, rec.SkipReasons)
				}
				if len(rec.Hosts) != len(want.hosts) {
					t.Errorf("hosts = %d, want %d", len(rec.Hosts), len(want.hosts))
				}
				for h := range want.hosts {
					if _, ok := rec.Hosts[h]; !ok {
						t.Errorf("host %q missing", h)
					}
				}
				if rec.Bytes != want.bytes {
					t.Errorf("Bytes = %d, want %d", rec.Bytes, want.bytes)
				}
				if keep {
					if rec.Bytes != tc.keepAll {
						t.Errorf("Bytes = %d, want %d (SOURCES.md)", rec.Bytes, tc.keepAll)
					}
					if len(rec.Hosts) != tc.hosts {
						t.Errorf("hosts = %d, want %d (SOURCES.md)", len(rec.Hosts), tc.hosts)
					}
					if rec.Skipped != want.otherPage+want.unusable {
						t.Errorf("Skipped = %d with KeepCached, want %d (other pages) + %d (no response): %v", rec.Skipped, want.otherPage, want.unusable, rec.SkipReasons)
					}
				} else if rec.Skipped-want.otherPage-want.unusable != tc.cached || want.skipped != tc.cached {
					t.Errorf("Skipped = %d − %d other pages − %d without response (independent %d), want %d cached: %v",
						rec.Skipped, want.otherPage, want.unusable, want.skipped, tc.cached, rec.SkipReasons)
				}
				if rec.OnLoad != tc.onLoad {
					t.Errorf("OnLoad = %v, want %v", rec.OnLoad, tc.onLoad)
				}
				checkSanity(t, rec)
			})
		}
	}
}

// checkSanity asserts the invariants every Recording must hold.
func checkSanity(t *testing.T, rec *Recording) {
	t.Helper()
	objs := rec.Page.Objects
	if len(objs) == 0 {
		t.Fatal("no objects")
	}
	if objs[0].Parent != -1 {
		t.Errorf("Objects[0].Parent = %d, want -1 (the document)", objs[0].Parent)
	}
	if len(rec.Meta) != len(objs) {
		t.Fatalf("len(Meta) = %d, want %d", len(rec.Meta), len(objs))
	}
	ids := map[string]bool{}
	var sum int64
	protos := 0
	for i, o := range objs {
		if i > 0 && (o.Parent < 0 || o.Parent >= i) {
			t.Errorf("object %d (%s): Parent = %d, want 0 ≤ parent < %d", i, o.ID, o.Parent, i)
		}
		if ids[o.ID] {
			t.Errorf("object %d: duplicate id %q", i, o.ID)
		}
		ids[o.ID] = true
		if o.ID == "" || strings.ContainsAny(o.ID, " :#{}[],&*!|>'\"%@`") {
			t.Errorf("object %d: id %q is not YAML-safe", i, o.ID)
		}
		if o.Size < 0 {
			t.Errorf("object %d: negative size %d", i, o.Size)
		}
		if _, ok := rec.Hosts[o.Host]; !ok {
			t.Errorf("object %d: host %q not in Hosts", i, o.Host)
		}
		if !strings.HasPrefix(o.Path, "/") {
			t.Errorf("object %d: path %q does not start with /", i, o.Path)
		}
		if i > 0 && rec.Meta[i].Start < rec.Meta[i-1].Start {
			t.Errorf("object %d starts at %v, before object %d (%v)", i, rec.Meta[i].Start, i-1, rec.Meta[i-1].Start)
		}
		sum += int64(o.Size)
	}
	for _, n := range rec.Protocols {
		protos += n
	}
	if sum != rec.Bytes {
		t.Errorf("Bytes = %d, sum of sizes = %d", rec.Bytes, sum)
	}
	if protos != len(objs) {
		t.Errorf("Protocols count %d objects, want %d", protos, len(objs))
	}
	if len(rec.HostOrder) != len(rec.Hosts) {
		t.Errorf("HostOrder has %d hosts, Hosts %d", len(rec.HostOrder), len(rec.Hosts))
	}
	for h, hs := range rec.Hosts {
		if hs.ExtraRTT < 0 || hs.DNS < 0 || (hs.Think != nil && hs.Think.Value < 0) {
			t.Errorf("host %s: negative estimate %+v", h, hs)
		}
	}
	if rec.BaseRTT < 0 {
		t.Errorf("BaseRTT = %v", rec.BaseRTT)
	}
}

func TestRecordingSummaries(t *testing.T) {
	for _, tc := range recordings {
		rec, _ := loadTestdata(t, tc.file, Options{})
		deps := map[string]int{}
		for _, m := range rec.Meta {
			deps[m.Dep]++
		}
		t.Logf("%-32s objs %3d hosts %2d bytes %8d base %v onload %v span %v protos %v deps %v skips %v",
			tc.file, rec.Objects, len(rec.Hosts), rec.Bytes, rec.BaseRTT, rec.OnLoad, rec.Span, rec.Protocols, deps, rec.SkipReasons)
	}
}
