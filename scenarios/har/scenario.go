package har

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"pagesim/model"
)

// WriteScenario writes rec as a complete scenario YAML (DESIGN §7): a
// comment header saying where it came from and where each estimate comes
// from, name, seed, the recording's network (Recording.Network), the
// client's CPU share when recorded, the hosts with their estimates, every
// object as {id, url, size, after, after_fraction, delay, think, …}, and
// the six named strategies, h2 and as-recorded. harPath is the
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
		// Reported only: nothing imported depends on onLoad.
		after := 0
		for _, m := range rec.Meta {
			if m.Start > rec.OnLoad {
				after++
			}
		}
		p("# onLoad:    %s as recorded; recorded span of all objects %s; %d objects started after onLoad (imported)\n",
			fmtDur(rec.OnLoad), fmtDur(rec.Span), after)
	} else {
		p("# onLoad:    not recorded; recorded span of all objects %s\n", fmtDur(rec.Span))
	}
	var protos []string
	for _, k := range sortedKeys(rec.Protocols) {
		protos = append(protos, fmt.Sprintf("%s %d", k, rec.Protocols[k]))
	}
	p("# protocols: %s as recorded (hosts.*.protocol and conns: the as-recorded strategy\n", strings.Join(protos, ", "))
	p("#            replays each host over its own)\n")
	if rec.BaseRTT > 0 {
		p("# base RTT:  %s (the smallest per-host median TCP connect time), network.rtt below;\n", fmtDur(rec.BaseRTT))
		p("#            hosts.*.extra_rtt is relative to it.\n")
	} else {
		p("# base RTT:  not recorded (no entry has a TCP connect time); hosts.*.extra_rtt are 0.\n")
	}
	p("# network:   %s\n", oneLine(rec.Network.Source))
	p("# client:    %s of the browser's own time before requests, summed over the objects'\n", fmtDur(rec.ClientTime))
	p("#            delays (each from its parent's recorded arrival, or after_fraction of it, to the\n")
	p("#            recorded request); client.cpu_scale scales it\n")
	if rec.CPUShare > 0 {
		p("#            (the main thread was busy %s of the load, WebPageTest's _fullyLoadedCPUpct:\n", fmtPercent(rec.CPUShare))
		p("#            client.cpu_share; _docCPUms %s, _fullyLoadedCPUms %s)\n", orDash(rec.DocCPU), orDash(rec.FullCPU))
	}
	p("# hosts:     extra_rtt, dns, tls, think, protocol and conns are estimates from the\n")
	p("#            recorded timings; change them freely.\n")
	p("name: %s\n", yamlString(scenarioName(harPath, rec)))
	p("seed: 1\n")
	p("network: %s   # any preset: pagesim presets lists them\n", networkYAML(rec.Network))
	if rec.CPUShare > 0 {
		p("client: {cpu_share: %s}\n", fmtPercent(rec.CPUShare))
	}
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
			if hs.Protocol != "" {
				p(", protocol: %s", yamlString(string(hs.Protocol)))
			}
			if hs.Conns > 0 {
				p(", conns: %d", hs.Conns)
			}
			if hs.TLSTime > 0 {
				p(", tls_time: %s", fmtDur(hs.TLSTime))
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
		if o.AfterFraction > 0 && o.AfterFraction < 1 {
			p(", after_fraction: %s", fmtPercent(o.AfterFraction))
		}
		if o.Delay > 0 {
			p(", delay: %s", fmtDur(o.Delay))
		}
		if o.Think != nil {
			p(", think: %s", fmtDur(*o.Think))
		}
		p("}\n")
	}
	p("strategies: [serial, parallel, keepalive, persistent, pipelined, browser, h2, as-recorded]\n")
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

// fmtPercent prints a fraction as a percentage to four decimals, at
// least 0.0001%: "27.3072%".
func fmtPercent(f float64) string {
	s := strconv.FormatFloat(math.Max(math.Round(f*1e6), 1)/1e4, 'f', -1, 64)
	return s + "%"
}

func orDash(d time.Duration) string {
	if d <= 0 {
		return "not recorded"
	}
	return fmtDur(d)
}

// networkYAML is the scenario's network: the recorded profile as a preset,
// the recorded or estimated rates, else cable; with the base RTT.
func networkYAML(n Network) string {
	var parts []string
	switch {
	case n.Preset != "":
		parts = append(parts, "preset: "+n.Preset)
	case n.Down > 0:
		parts = append(parts, "down: "+n.Down.String(), "up: "+n.Up.String())
	default:
		parts = append(parts, "preset: cable")
	}
	if n.RTT > 0 {
		parts = append(parts, "rtt: "+fmtDur(n.RTT))
	}
	if n.Loss > 0 {
		parts = append(parts, "loss: "+fmtPercent(n.Loss))
	}
	return "{" + strings.Join(parts, ", ") + "}"
}

func scenarioName(harPath string, rec *Recording) string {
	base := filepath.Base(harPath)
	if harPath == "" {
		base = filepath.Base(rec.File)
	}
	base = strings.TrimSuffix(base, ".gz")
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
