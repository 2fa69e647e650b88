package har

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"pagesim/model"
)

// WriteScenario writes rec as a complete scenario YAML (DESIGN §7): a
// comment header saying where it came from, name, seed, a network preset
// the user can change, the hosts with their estimates, every object as
// {id, url, size, after}, and all six named strategies. harPath is the
// source file as the user named it (it appears in the header only; the
// objects are written out in full, so the scenario does not need the HAR
// file). This is what `pagesim import-har FILE.har > page.yaml` prints.
func WriteScenario(w io.Writer, rec *Recording, harPath string) error {
	if rec == nil || len(rec.Page.Objects) == 0 {
		return fmt.Errorf("har: WriteScenario: the recording has no objects")
	}
	if len(rec.Meta) != len(rec.Page.Objects) {
		return fmt.Errorf("har: WriteScenario: %d objects but %d meta records (a Recording from Parse has one per object)",
			len(rec.Page.Objects), len(rec.Meta))
	}
	bw := bufio.NewWriter(w)
	p := func(format string, args ...any) { fmt.Fprintf(bw, format, args...) }

	p("# pagesim scenario imported from a HAR recording (pagesim import-har).\n")
	p("# source:    %s\n", oneLine(harPath))
	p("# creator:   %s; browser: %s; HAR version %s\n", orNone(rec.Creator), orNone(rec.Browser), orNone(rec.Version))
	p("# page:      %s\n", oneLine(rec.PageURL))
	if rec.Title != "" {
		p("# title:     %s\n", oneLine(rec.Title))
	}
	p("# entries:   %d in the file → %d objects, %d skipped\n", rec.Entries, rec.Objects, rec.Skipped)
	for _, r := range sortedKeys(rec.SkipReasons) {
		p("#   skipped: %d × %s\n", rec.SkipReasons[r], r)
	}
	for _, w := range rec.Warnings {
		p("# warning:   %s\n", oneLine(w))
	}
	p("# bytes:     %d B (sum of object sizes, bytes on the wire as recorded)\n", rec.Bytes)
	if rec.OnLoad >= 0 {
		p("# onLoad:    %s as recorded; recorded span of all objects %s\n", fmtDur(rec.OnLoad), fmtDur(rec.Span))
	} else {
		p("# onLoad:    not recorded; recorded span of all objects %s\n", fmtDur(rec.Span))
	}
	var protos []string
	for _, k := range sortedKeys(rec.Protocols) {
		protos = append(protos, fmt.Sprintf("%s %d", k, rec.Protocols[k]))
	}
	p("# protocols: %s as recorded (the strategies below decide how the page is replayed)\n", strings.Join(protos, ", "))
	if rec.BaseRTT > 0 {
		p("# base RTT:  %s (the smallest per-host median TCP connect time). hosts.*.extra_rtt is\n", fmtDur(rec.BaseRTT))
		p("#            relative to it; set network.rtt: %s to replay the recorded distances.\n", fmtDur(rec.BaseRTT))
	} else {
		p("# base RTT:  not recorded (no entry has a TCP connect time); hosts.*.extra_rtt are 0.\n")
	}
	p("# hosts:     extra_rtt, dns, tls and think are estimates from the recorded timings;\n")
	p("#            change them freely.\n")
	p("name: %s\n", yamlString(scenarioName(harPath, rec)))
	p("seed: 1\n")
	p("network: {preset: cable}   # any preset: pagesim presets lists them\n")
	if len(rec.HostOrder) > 0 {
		p("hosts:\n")
		for _, h := range rec.HostOrder {
			hs := rec.Hosts[h]
			tls := string(hs.TLS)
			if tls == "" {
				tls = string(model.TLSNone)
			}
			p("  %s: {extra_rtt: %s, dns: %s, tls: %s", yamlString(h), fmtDur(hs.ExtraRTT), fmtDur(hs.DNS), yamlString(tls))
			if hs.Think != nil {
				p(", think: %s", fmtDur(time.Duration(hs.Think.Value*1e9)))
			}
			if hs.NoH2 {
				p(", h2: false")
			}
			p("}\n")
		}
	}
	p("page:\n")
	if rec.OnContentLoad >= 0 || rec.OnLoad >= 0 {
		var marks []string
		if rec.OnContentLoad >= 0 {
			marks = append(marks, "dom_content_loaded: "+fmtDur(rec.OnContentLoad))
		}
		if rec.OnLoad >= 0 {
			marks = append(marks, "onload: "+fmtDur(rec.OnLoad))
		}
		p("  recorded: {%s}   # as recorded; drawn on the waterfalls, not simulated\n", strings.Join(marks, ", "))
	}
	p("  objects:\n")
	objs := rec.Page.Objects
	for i, o := range objs {
		p("    - {id: %s, url: %s, size: %dB", yamlString(o.ID), yamlString(rec.Meta[i].URL), int64(o.Size))
		if o.Parent >= 0 && o.Parent < len(objs) {
			p(", after: %s", yamlString(objs[o.Parent].ID))
		}
		if o.Method != "" && o.Method != "GET" {
			p(", method: %s", yamlString(o.Method))
		}
		if o.Urgency != DefaultUrgency(i) {
			p(", priority: %d", o.Urgency)
		}
		p("}\n")
	}
	p("strategies: [serial, parallel, keepalive, persistent, pipelined, browser, h2]\n")
	return bw.Flush()
}

// yamlString writes s as a plain scalar when that is unambiguous, else as
// a double-quoted scalar (JSON string syntax, which YAML 1.2 accepts).
func yamlString(s string) string {
	plain := s != ""
	for i, r := range s {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r == '_' ||
			(i > 0 && (r >= '0' && r <= '9' || r == '-' || r == '.'))
		if !ok {
			plain = false
			break
		}
	}
	switch strings.ToLower(s) {
	case "true", "false", "yes", "no", "on", "off", "null", "y", "n", "none", "~":
		plain = plain && s == "none"
	}
	if plain {
		return s
	}
	b, _ := json.Marshal(s)
	return strings.NewReplacer(`\u003c`, "<", `\u003e`, ">", `\u0026`, "&").Replace(string(b))
}

// fmtDur prints d in milliseconds, to the microsecond: "0ms", "12ms",
// "12.345ms".
func fmtDur(d time.Duration) string {
	us := d.Round(time.Microsecond).Microseconds()
	if us%1000 == 0 {
		return strconv.FormatInt(us/1000, 10) + "ms"
	}
	return strconv.FormatFloat(float64(us)/1000, 'f', -1, 64) + "ms"
}

func scenarioName(harPath string, rec *Recording) string {
	base := filepath.Base(harPath)
	if harPath == "" {
		base = filepath.Base(rec.File)
	}
	base = strings.TrimSuffix(base, filepath.Ext(base))
	var b strings.Builder
	for _, r := range base {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			b.WriteRune(r)
		} else {
			b.WriteByte('-')
		}
	}
	if b.Len() == 0 || base == "." {
		return "har-import"
	}
	return b.String()
}

func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r < ' ' {
			return ' '
		}
		return r
	}, s)
}

func orNone(s string) string {
	if s == "" {
		return "(not recorded)"
	}
	return oneLine(s)
}

func sortedKeys(m map[string]int) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
