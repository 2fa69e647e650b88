package har

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const okEntry = `{"startedDateTime":"2020-01-01T00:00:00Z","time":1,"request":{"method":"GET","url":"https://a.example/"},"response":{"status":200,"bodySize":1},"timings":{"wait":1}}`

func TestBadInput(t *testing.T) {
	entries := func(es ...string) string {
		return `{"log":{"version":"1.2","creator":{"name":"x","version":"1"},"entries":[` + strings.Join(es, ",\n") + `]}}`
	}
	cases := []struct {
		name, in string
		want     []string // substrings of the error
	}{
		{"empty", "", []string{"bad.har: empty file"}},
		{"whitespace", " \n\t", []string{"bad.har: empty file"}},
		{"not JSON", "<html><body>hello</body></html>", []string{"bad.har:1:1: not valid JSON"}},
		{"garbage after a value", `{"log":{}} x`, []string{"bad.har:1:12: not valid JSON"}},
		{"truncated", entries(okEntry)[:120], []string{"bad.har:1:121: truncated"}},
		{"top level array", `[1,2]`, []string{"bad.har:1:1: not a HAR file: the top level is an array"}},
		{"top level string", `"har"`, []string{"not a HAR file: the top level is a string"}},
		{"no log", `{"foo":{"entries":[]}}`, []string{`not a HAR file: no "log" object`}},
		{"log not an object", `{"log":[]}`, []string{"bad.har:1:8: log: is an array (expected an object)"}},
		{"no entries", `{"log":{"version":"1.2"}}`, []string{"log.entries: missing"}},
		{"entries not an array", `{"log":{"entries":{}}}`, []string{"log.entries: is an object (expected an array)"}},
		{"entries empty", `{"log":{"entries":[]}}`, []string{"bad.har: no http(s) entries to import (0 entries"}},
		{"entry not an object", entries(okEntry, `42`), []string{"bad.har:2:1: log.entries[1]: is a number (expected an object)"}},
		{"missing url", entries(okEntry, okEntry, strings.Replace(okEntry, `"url":"https://a.example/"`, `"x":1`, 1)),
			[]string{"bad.har:3:1: log.entries[2].request.url: missing"}},
		{"url a number", entries(strings.Replace(okEntry, `"https://a.example/"`, `12`, 1)), []string{"log.entries[0].request.url: is a number (expected a string)"}},
		{"relative url", entries(strings.Replace(okEntry, `"https://a.example/"`, `"/x"`, 1)), []string{"log.entries[0].request.url: \"/x\" is not an absolute URL"}},
		{"no host", entries(strings.Replace(okEntry, `"https://a.example/"`, `"https:///x"`, 1)), []string{"bad.har: no http(s) entries to import (1 entries in the file; skipped: 1 × URL with no host or an invalid port)"}},
		{"missing request", entries(strings.Replace(okEntry, `"request"`, `"req"`, 1)), []string{"log.entries[0].request: missing"}},
		{"request a string", entries(strings.Replace(okEntry, `{"method":"GET","url":"https://a.example/"}`, `"GET /"`, 1)), []string{"log.entries[0].request: is a string (expected an object)"}},
		{"missing startedDateTime", entries(strings.Replace(okEntry, `"startedDateTime"`, `"started"`, 1)), []string{"log.entries[0].startedDateTime: missing"}},
		{"bad startedDateTime", entries(strings.Replace(okEntry, `2020-01-01T00:00:00Z`, `yesterday`, 1)), []string{"log.entries[0].startedDateTime: \"yesterday\" is not an ISO 8601 date-time"}},
		{"missing response", entries(strings.Replace(okEntry, `"response"`, `"resp"`, 1)), []string{"log.entries[0].response: missing"}},
		{"missing status", entries(strings.Replace(okEntry, `"status":200,`, ``, 1)), []string{"log.entries[0].response.status: missing"}},
		{"status a string", entries(strings.Replace(okEntry, `"status":200`, `"status":"OK"`, 1)), []string{`log.entries[0].response.status: is the string "OK" (expected a number)`}},
		{"bodySize an object", entries(strings.Replace(okEntry, `"bodySize":1`, `"bodySize":{}`, 1)), []string{"log.entries[0].response.bodySize: is an object (expected a number)"}},
		{"timings a string", entries(strings.Replace(okEntry, `{"wait":1}`, `"fast"`, 1)), []string{"log.entries[0].timings: is a string (expected an object)"}},
		{"timing a boolean", entries(strings.Replace(okEntry, `{"wait":1}`, `{"wait":true}`, 1)), []string{"log.entries[0].timings.wait: is a boolean (expected a number)"}},
		{"huge number", entries(strings.Replace(okEntry, `"time":1`, `"time":1e999`, 1)), []string{"log.entries[0].time: is an out-of-range number"}},
		{"creator a string", `{"log":{"creator":"me","entries":[]}}`, []string{"log.creator: is a string (expected an object)"}},
		{"pages not an array", `{"log":{"pages":5,"entries":[]}}`, []string{"log.pages: is a number (expected an array)"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec, err := Parse("bad.har", []byte(tc.in), Options{})
			if err == nil {
				t.Fatalf("no error; got %d objects", len(rec.Page.Objects))
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\n does not contain %q", err, w)
				}
			}
		})
	}
}

func TestLoad(t *testing.T) {
	if _, err := Load(filepath.Join(t.TempDir(), "nope.har"), Options{}); err == nil || !strings.Contains(err.Error(), "nope.har") {
		t.Errorf("Load of a missing file: err = %v, want one naming the file", err)
	}
	p := filepath.Join(t.TempDir(), "bom.har")
	data := append([]byte{0xEF, 0xBB, 0xBF}, `{"log":{"entries":[`+okEntry+`]}}`...)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	rec, err := Load(p, Options{})
	if err != nil {
		t.Fatalf("Load with a UTF-8 BOM: %v", err)
	}
	if rec.File != p || rec.Objects != 1 || rec.PageID != "" || rec.OnLoad != -1 {
		t.Errorf("rec = File %q Objects %d PageID %q OnLoad %v", rec.File, rec.Objects, rec.PageID, rec.OnLoad)
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"log":{"entries":[` + okEntry + `]}}`))
	f.Add([]byte(`{"log":{"pages":[{"id":"p","pageTimings":{"onLoad":5}}],"entries":[` + okEntry + `,` +
		strings.Replace(okEntry, `"status":200`, `"status":301,"redirectURL":"/b"`, 1) + `]}}`))
	f.Add([]byte(`{"log":{"entries":[{"startedDateTime":"2020-01-01T00:00:00+01:00","request":{"url":"http://x/"},"response":{"status":304},"timings":{},"_initiator":{"stack":{"parent":{"callFrames":[{"url":"http://x/"}]}}}}]}}`))
	f.Add([]byte(`{"log":{"entries":[{"startedDateTime":"2020-01-01T00:00:00Z","request":{"url":"https://a/"},"response":{"status":200,"_transferSize":"12"},"_bytesIn":"x"}]}}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"log":`))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := Parse("fuzz.har", data, Options{})
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.har") {
				t.Fatalf("error does not name the file: %v", err)
			}
			return
		}
		objs := rec.Page.Objects
		if len(objs) == 0 || objs[0].Parent != -1 {
			t.Fatalf("bad document: %+v", objs)
		}
		var sum int64
		ids := map[string]bool{}
		for i, o := range objs {
			if i > 0 && (o.Parent < 0 || o.Parent >= i) {
				t.Fatalf("object %d: parent %d", i, o.Parent)
			}
			if ids[o.ID] {
				t.Fatalf("duplicate id %q", o.ID)
			}
			ids[o.ID] = true
			sum += int64(o.Size)
		}
		if sum != rec.Bytes || rec.Objects+rec.Skipped != rec.Entries {
			t.Fatalf("counters: bytes %d vs %d, %d+%d vs %d", sum, rec.Bytes, rec.Objects, rec.Skipped, rec.Entries)
		}
		var buf strings.Builder
		if err := WriteScenario(&buf, rec, "fuzz.har"); err != nil {
			t.Fatal(err)
		}
	})
}

// TestBadRealFiles damages the real recordings: truncated at several
// points, and with one entry's URL removed. Each must give an error that
// names the file (and the entry), never a panic or a silent result.
func TestBadRealFiles(t *testing.T) {
	for _, tc := range recordings {
		data, err := os.ReadFile(filepath.Join("testdata", tc.file))
		if err != nil {
			t.Fatal(err)
		}
		for _, frac := range []float64{0.001, 0.3, 0.77, 0.999} {
			n := int(float64(len(data)) * frac)
			_, err := Parse(tc.file, data[:n], Options{})
			if err == nil || !strings.HasPrefix(err.Error(), tc.file+":") || !strings.Contains(err.Error(), "truncated") {
				t.Errorf("%s cut at %d bytes: err = %v, want a truncation error naming the file", tc.file, n, err)
			}
		}
	}
	// etat-lu.har: remove request.url from entry 12.
	data, err := os.ReadFile(filepath.Join("testdata", "etat-lu.har"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	entries := doc["log"].(map[string]any)["entries"].([]any)
	delete(entries[12].(map[string]any)["request"].(map[string]any), "url")
	broken, err := json.MarshalIndent(doc, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	_, err = Parse("etat-lu.har", broken, Options{})
	if err == nil || !strings.Contains(err.Error(), ": log.entries[12].request.url: missing") {
		t.Fatalf("err = %v, want log.entries[12].request.url: missing", err)
	}
	// The line:col points at the entry's opening brace.
	var line, col int
	if _, serr := fmt.Sscanf(strings.TrimPrefix(err.Error(), "etat-lu.har:"), "%d:%d:", &line, &col); serr != nil {
		t.Fatalf("no line:col in %q: %v", err, serr)
	}
	lines := strings.Split(string(broken), "\n")
	if line < 1 || line > len(lines) || col < 1 || col > len(lines[line-1]) || lines[line-1][col-1] != '{' {
		t.Fatalf("line %d col %d does not point at an entry's '{'", line, col)
	}
	// It is the 13th entry: 12 entries start before it.
	before := strings.Join(lines[:line-1], "\n")
	if n := strings.Count(before, `"startedDateTime"`); n != 12 {
		t.Errorf("line %d follows %d entries, want 12", line, n)
	}
}
