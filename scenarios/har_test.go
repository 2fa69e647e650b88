package scenarios

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"pagesim/scenarios/har"
)

func TestPageHAR(t *testing.T) {
	rec, err := har.Load(filepath.Join("testdata", "etat-lu.har"), har.Options{})
	if err != nil {
		t.Fatalf("har.Load: %v", err)
	}
	if len(rec.HostOrder) < 2 {
		t.Fatalf("recording has %d hosts; the test needs 2", len(rec.HostOrder))
	}
	h0, h1 := rec.HostOrder[0], rec.HostOrder[1]

	// A scenario in another directory than the HAR: the path is relative
	// to the scenario file.
	dir := t.TempDir()
	data, err := os.ReadFile(filepath.Join("testdata", "etat-lu.har"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(dir, "rec"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "rec", "page.har"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	src := "page: {har: rec/page.har}\nhosts: {" + h0 + ": {dns: 77ms}}\nsweep: {network.rtt: [10ms, 20ms]}\n"
	path := filepath.Join(dir, "s.yaml")
	if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := Load(path)
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	jobs, err := s.Jobs()
	if err != nil {
		t.Fatal(err)
	}
	c := jobs[0].Config
	if len(c.Page.Objects) != len(rec.Page.Objects) {
		t.Errorf("%d objects, want the recording's %d", len(c.Page.Objects), len(rec.Page.Objects))
	}
	want0 := rec.Hosts[h0]
	want0.DNS = 77 * time.Millisecond // written in hosts: wins
	if got := c.Hosts[h0]; got.DNS != want0.DNS || got.ExtraRTT != want0.ExtraRTT || got.TLS != want0.TLS {
		t.Errorf("hosts[%s] = %+v, want the recording's estimate with dns 77ms: %+v", h0, got, want0)
	}
	if got, want := c.Hosts[h1], rec.Hosts[h1]; got.DNS != want.DNS || got.ExtraRTT != want.ExtraRTT || got.TLS != want.TLS {
		t.Errorf("hosts[%s] = %+v, want the recording's estimate %+v", h1, got, want)
	}
	for _, j := range jobs {
		checkConfig(t, j.Config)
	}
}

// TestRecordedTimings: page.recorded gives the recorded DOMContentLoaded
// and onLoad; a page.har gives its pageTimings unless page.recorded says
// otherwise; bad values are errors at the key.
func TestRecordedTimings(t *testing.T) {
	s := mustParse(t, "page: {objects: [{url: http://a.com/, size: 1KB}], recorded: {dom_content_loaded: 543ms, onload: 1.5s}}")
	if want := (Recorded{DOMContentLoaded: 543 * time.Millisecond, OnLoad: 1500 * time.Millisecond}); s.Recorded != want {
		t.Errorf("recorded %+v, want %+v", s.Recorded, want)
	}
	if s := mustParse(t, "page: {objects: [{url: http://a.com/, size: 1KB}]}"); s.Recorded != (Recorded{}) {
		t.Errorf("recorded %+v without page.recorded", s.Recorded)
	}
	_, err := Parse("s.yaml", []byte("page: {objects: [{url: http://a.com/, size: 1KB}], recorded: {onload: 5, dcl: 1s}}"))
	for _, want := range []string{`page.recorded.onload: duration "5" needs a unit`, `page.recorded.dcl: unknown key "dcl"`} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("bad page.recorded: %v, want %q", err, want)
		}
	}
	dir := t.TempDir()
	har, err := os.ReadFile("testdata/etat-lu.har")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "p.har"), har, 0o644)
	for _, c := range []struct {
		yaml string
		want Recorded
	}{
		{"page: {har: p.har}\n", Recorded{DOMContentLoaded: 542719 * time.Microsecond, OnLoad: 670441 * time.Microsecond}},
		{"page: {har: p.har, recorded: {onload: 1s}}\n", Recorded{DOMContentLoaded: 542719 * time.Microsecond, OnLoad: time.Second}},
	} {
		f := filepath.Join(dir, "s.yaml")
		os.WriteFile(f, []byte(c.yaml), 0o644)
		s, err := Load(f)
		if err != nil {
			t.Fatal(err)
		}
		if s.Recorded != c.want {
			t.Errorf("%q: recorded %+v, want %+v", c.yaml, s.Recorded, c.want)
		}
	}
}
