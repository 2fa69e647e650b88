package har

import (
	"bytes"
	"pagesim/scenarios/golden"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.yaml.in/yaml/v3"
)

// yamlScenario is the part of the scenario schema WriteScenario writes.
type yamlScenario struct {
	Name    string                       `yaml:"name"`
	Seed    int                          `yaml:"seed"`
	Network map[string]string            `yaml:"network"`
	Client  map[string]string            `yaml:"client"`
	Hosts   map[string]map[string]string `yaml:"hosts"`
	Page    struct {
		Recorded map[string]string   `yaml:"recorded"`
		Objects  []map[string]string `yaml:"objects"`
	} `yaml:"page"`
	Strategies []string `yaml:"strategies"`
}

func TestWriteScenario(t *testing.T) {
	for _, tc := range recordings {
		t.Run(tc.file, func(t *testing.T) {
			rec, _ := loadTestdata(t, tc.file, Options{})
			var buf bytes.Buffer
			if err := WriteScenario(&buf, rec, "recordings/"+tc.file); err != nil {
				t.Fatal(err)
			}
			out := buf.String()
			var sc yamlScenario
			dec := yaml.NewDecoder(strings.NewReader(out))
			dec.KnownFields(true)
			if err := dec.Decode(&sc); err != nil {
				t.Fatalf("output is not the expected YAML: %v\n%s", err, clip(out, 2000))
			}
			if want := strings.TrimSuffix(strings.TrimSuffix(tc.file, ".gz"), ".har"); sc.Name != want || sc.Seed != 1 {
				t.Errorf("name %q seed %d, want %q 1", sc.Name, sc.Seed, want)
			}
			// The network: a recorded profile as a preset, or recorded or
			// estimated rates, with the base RTT.
			if (sc.Network["preset"] == "") == (sc.Network["down"] == "") || (sc.Network["down"] == "") != (sc.Network["up"] == "") {
				t.Errorf("network = %v, want a preset or both rates", sc.Network)
			}
			if rec.BaseRTT > 0 && sc.Network["rtt"] != fmtDur(rec.BaseRTT) {
				t.Errorf("network.rtt = %q, want the base RTT %s", sc.Network["rtt"], fmtDur(rec.BaseRTT))
			}
			if got := strings.Join(sc.Strategies, " "); got != "serial parallel keepalive persistent pipelined browser h2 as-recorded" {
				t.Errorf("strategies = %s", got)
			}
			// The recorded page timings, kept for the waterfalls.
			for k, v := range map[string]time.Duration{"dom_content_loaded": rec.OnContentLoad, "onload": rec.OnLoad} {
				if got, want := sc.Page.Recorded[k], fmtDur(v); v >= 0 && got != want || v < 0 && got != "" {
					t.Errorf("page.recorded.%s = %q, want %q (recorded %v)", k, got, want, v)
				}
			}
			if len(sc.Page.Objects) != rec.Objects {
				t.Fatalf("%d objects in the YAML, want %d", len(sc.Page.Objects), rec.Objects)
			}
			ids := map[string]bool{}
			var bytesSum int64
			for i, o := range sc.Page.Objects {
				obj := rec.Page.Objects[i]
				if o["id"] != obj.ID || o["url"] != rec.Meta[i].URL || o["size"] != itoa(int64(obj.Size))+"B" {
					t.Errorf("object %d = %v, want id %s url %s size %dB", i, o, obj.ID, rec.Meta[i].URL, obj.Size)
				}
				if i == 0 && o["after"] != "" {
					t.Errorf("document has after: %s", o["after"])
				}
				if i > 0 && !ids[o["after"]] {
					t.Errorf("object %d: after %q is not an earlier object", i, o["after"])
				}
				ids[o["id"]] = true
				bytesSum += int64(obj.Size)
			}
			if bytesSum != rec.Bytes {
				t.Errorf("sizes sum to %d, Bytes %d", bytesSum, rec.Bytes)
			}
			if len(sc.Hosts) != len(rec.Hosts) {
				t.Errorf("%d hosts in the YAML, want %d", len(sc.Hosts), len(rec.Hosts))
			}
			for h, hs := range sc.Hosts {
				if _, ok := rec.Hosts[h]; !ok {
					t.Errorf("host %q not in the recording", h)
				}
				for _, k := range []string{"extra_rtt", "dns", "tls"} {
					if hs[k] == "" {
						t.Errorf("host %q: no %s", h, k)
					}
				}
			}
			for _, w := range []string{"# source:    recordings/" + tc.file, "# entries:   ", "# bytes:     " + itoa(rec.Bytes) + " B", "# onLoad:    ",
				"# network:   " + rec.Network.Source, "# client:    " + fmtDur(rec.ClientTime)} {
				if !strings.Contains(out, w) {
					t.Errorf("header lacks %q", w)
				}
			}
			if tc.file == "etat-lu.har" {
				checkGolden(t, filepath.Join("testdata", "etat-lu.yaml"), out)
			}
		})
	}
}

func TestWriteScenarioQuoting(t *testing.T) {
	cases := map[string]string{
		"html": "html", "a.css": "a.css", "1.2": `"1.2"`, "none": "none", "yes": `"yes"`, "null": `"null"`,
		"": `""`, "a b": `"a b"`, "x#y": `"x#y"`, "-x": `"-x"`, "http://a/?q=1&b": `"http://a/?q=1&b"`,
		"quote\"d": `"quote\"d"`, "tab\t": `"tab\t"`,
	}
	for in, want := range cases {
		if got := yamlString(in); got != want {
			t.Errorf("yamlString(%q) = %s, want %s", in, got, want)
		}
		var back string
		if err := yaml.Unmarshal([]byte("v: "+yamlString(in)), &struct {
			V *string `yaml:"v"`
		}{&back}); err != nil || back != in {
			t.Errorf("yamlString(%q) = %s reads back as %q (%v)", in, yamlString(in), back, err)
		}
	}
	if err := WriteScenario(&bytes.Buffer{}, &Recording{}, "x.har"); err == nil {
		t.Error("WriteScenario of an empty recording: no error")
	}
}

func itoa(v int64) string { return strconv.FormatInt(v, 10) }

// checkGolden compares got with the file at path (package golden).
func checkGolden(t *testing.T, path, got string) { golden.File(t, path, []byte(got)) }
