package har_test

import (
	"bytes"
	"math"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"pagesim/scenarios"
	"pagesim/scenarios/har"
)

var files = []string{
	"etat-lu.har", "thegreenwebfoundation-org.har", "cnet-com.har", "ferguson-com.har",
	"theverge-com.har", "wikipedia-obama-wpt-chrome.har", "github-com-devtools.har", "mitmproxy-org-firefox.har",
	"cnn-com-chrome-har-capturer.har", "cnn-com-firebug.har", "nytimes-com-wpt.har", "aftonbladet-se-wpt.har",
	"ryanair-com-wpt.har", "wikimediafoundation-org.har", "wikipedia-obama-wpt-firefox.har",
	"wikipedia-obama-browsertime-firefox.har.gz", "w3-org-playwright.har", "w3-org-wpt-ie.har",
}

// TestRoundTrip checks that what WriteScenario prints is a valid scenario
// for the scenario loader, and that it describes the same page and hosts
// as the Recording.
func TestRoundTrip(t *testing.T) {
	for _, f := range files {
		t.Run(f, func(t *testing.T) {
			rec, err := har.Load(filepath.Join("testdata", f), har.Options{})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			if err := har.WriteScenario(&buf, rec, f); err != nil {
				t.Fatal(err)
			}
			sc, err := scenarios.Parse("imported/"+f+".yaml", buf.Bytes())
			if err != nil {
				t.Fatalf("scenarios.Parse of the output: %v", err)
			}
			if len(sc.Strategies) != 8 || sc.Strategies[7].Name != "as-recorded" {
				t.Errorf("strategies %v, want the six named ones, h2 and as-recorded", sc.Strategies)
			}
			cfg, err := sc.Base()
			if err != nil {
				t.Fatal(err)
			}
			n := rec.Network
			if n.Preset == "" && n.Down > 0 && (cfg.Network.Down != n.Down || cfg.Network.Up != n.Up) {
				t.Errorf("network %v/%v, want the recording's %v/%v", cfg.Network.Down, cfg.Network.Up, n.Down, n.Up)
			}
			if n.RTT > 0 && cfg.Network.RTT != n.RTT.Round(time.Microsecond) {
				t.Errorf("network.rtt %v, want the recording's %v", cfg.Network.RTT, n.RTT)
			}
			if math.Abs(cfg.Client.CPUShare-rec.CPUShare) > 1e-6 && !(rec.CPUShare == 0 && cfg.Client.CPUShare == 0) {
				t.Errorf("client.cpu_share %g, want %g", cfg.Client.CPUShare, rec.CPUShare)
			}
			got, want := cfg.Page.Objects, rec.Page.Objects
			if len(got) != len(want) {
				t.Fatalf("%d objects, want %d", len(got), len(want))
			}
			for i := range want {
				g, w := got[i], want[i]
				if g.ID != w.ID || g.Host != w.Host || g.Path != w.Path || g.Size != w.Size || g.Parent != w.Parent ||
					g.Delay != w.Delay.Round(time.Microsecond) || math.Abs(g.AfterFraction-w.AfterFraction) > 1e-6 {
					t.Errorf("object %d = %+v, want %+v", i, g, w)
				}
			}
			for h, w := range rec.Hosts {
				g, ok := cfg.Hosts[h]
				if !ok {
					t.Errorf("host %s missing", h)
					continue
				}
				if g.ExtraRTT != w.ExtraRTT.Round(time.Microsecond) || g.DNS != w.DNS.Round(time.Microsecond) || g.TLS != w.TLS {
					t.Errorf("host %s = %+v, want %+v", h, g, w)
				}
				if (g.Think == nil) != (w.Think == nil) || (w.Think != nil && math.Abs(g.Think.Value-w.Think.Value) > 1e-6) {
					t.Errorf("host %s think = %+v, want %+v", h, g.Think, w.Think)
				}
				if g.Protocol != w.Protocol || g.Conns != w.Conns {
					t.Errorf("host %s protocol %q conns %d, want %q %d", h, g.Protocol, g.Conns, w.Protocol, w.Conns)
				}
			}
		})
	}
}

// TestPageHAR checks page: {har: FILE} in a scenario: the path is relative
// to the scenario file, and the page is the Recording's.
func TestPageHAR(t *testing.T) {
	for _, keep := range []bool{false, true} {
		y := []byte("name: t\npage: {har: mitmproxy-org-firefox.har" + map[bool]string{false: "", true: ", keep_cached: true"}[keep] + "}\n")
		sc, err := scenarios.Parse(filepath.Join("testdata", "page.yaml"), y)
		if err != nil {
			t.Fatalf("keep %v: %v", keep, err)
		}
		cfg, err := sc.Base()
		if err != nil {
			t.Fatal(err)
		}
		rec, err := har.Load(filepath.Join("testdata", "mitmproxy-org-firefox.har"), har.Options{KeepCached: keep})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(cfg.Page, rec.Page) {
			t.Errorf("keep %v: page differs from the Recording's:\n got %+v\nwant %+v", keep, cfg.Page, rec.Page)
		}
	}
}

// FuzzImportedScenario: whatever recording the importer accepts, the
// scenario it writes loads (import-har never writes a scenario that cannot
// run) and describes the recording's page.
func FuzzImportedScenario(f *testing.F) {
	entry := func(url, status, extra string) string {
		return `{"startedDateTime":"2020-01-01T00:00:00.` + status[len(status)-1:] + `Z","time":1,"request":{"method":"GET","url":"` + url +
			`"},"response":{"status":` + status + `,"bodySize":10` + extra + `},"timings":{"wait":1,"receive":-5}}`
	}
	for _, es := range [][]string{
		{entry("https://a.example/", "200", "")},
		{entry("https://A.example:443/", "200", ""), entry("https://a.example:0/x", "200", ""), entry("http://a.example:8080/y?q=1#f", "-2", "")},
		{entry("https://a.example/", "301", `,"redirectURL":"/b"`), entry("https://a.example/b", "200", `,"_transferSize":5e9`)},
		{entry("https://[::1]:8443/%7Euser/", "200", ""), entry("https://a.example/\"quoted\"", "200.5", "")},
	} {
		f.Add([]byte(`{"log":{"creator":{"name":"fuzz"},"pages":[{"id":"p"}],"entries":[` + strings.Join(es, ",") + `]}}`))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := har.Parse("fuzz.har", data, har.Options{})
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := har.WriteScenario(&buf, rec, "fuzz.har"); err != nil {
			t.Fatal(err)
		}
		sc, err := scenarios.Parse("imported.yaml", buf.Bytes())
		if err != nil {
			t.Fatalf("the imported scenario does not load: %v\n%s", err, buf.Bytes())
		}
		cfg, err := sc.Base()
		if err != nil {
			t.Fatal(err)
		}
		if len(cfg.Page.Objects) != len(rec.Page.Objects) {
			t.Fatalf("%d objects loaded, %d imported", len(cfg.Page.Objects), len(rec.Page.Objects))
		}
		for i, o := range rec.Page.Objects {
			if g := cfg.Page.Objects[i]; g.ID != o.ID || g.Host != o.Host || g.Size != o.Size || g.Parent != o.Parent {
				t.Fatalf("object %d loads as %+v, imported as %+v", i, g, o)
			}
		}
	})
}
