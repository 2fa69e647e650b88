package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"pagesim/scenarios"
	"pagesim/scenarios/har"
)

const validateHelp = `Usage: pagesim validate FILE.yaml...

Check scenario files without simulating: the problems of every file are
reported on standard error as FILE:LINE:COL: path.to.field: what is wrong
(what is expected), the first 50 of each file and then how many more there
are. Valid files get one line on standard output with the number of
simulations they expand to (counted, not expanded). Exit status 2 if any
file is invalid.

Examples:
  pagesim validate page.yaml
  pagesim validate scenarios/*.yaml
`

func validateCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("validate")
	files, err := parse(fs, args, validateHelp, stdout)
	if err != nil {
		if errors.Is(err, errHelped) {
			return nil
		}
		return err
	}
	if len(files) == 0 {
		return usagef("validate: no files given (usage: pagesim validate FILE.yaml...)")
	}
	bad := 0
	for _, f := range files {
		// Counting the simulations expands nothing: validating runs:
		// 1000000 takes no more time or memory than runs: 1.
		sc, err := scenarios.Load(f)
		if err != nil {
			bad++
			if isErrorList(err) {
				fmt.Fprintln(stderr, errorText(err))
			} else {
				fmt.Fprintf(stderr, "%s: %v\n", f, err)
			}
			continue
		}
		printWarnings(stderr, sc)
		points := 1
		for _, p := range sc.Sweep {
			points *= len(p.Values)
		}
		fmt.Fprintf(stdout, "%s: ok: %d simulations (%d %s × %d %s × %d %s)\n", f, sc.NumJobs(),
			points, plural(points, "point", "points"), len(sc.Strategies), plural(len(sc.Strategies), "strategy", "strategies"),
			sc.Runs, plural(sc.Runs, "run", "runs"))
	}
	if bad > 0 {
		return usagef("validate: %d of %d %s invalid", bad, len(files), plural(len(files), "file", "files"))
	}
	return nil
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

const presetsHelp = `Usage: pagesim presets

List the network presets that network.preset accepts: name, down and up
rates, the round-trip time pagesim uses, and where the numbers come from
(the source's name for the profile, and in the numbered notes below the
table what the source is and how its latency becomes pagesim's RTT).
A preset fills network.down, network.up and network.rtt; keys written in
the scenario override it.

Examples:
  pagesim presets
  pagesim presets | grep -i 3g
`

func presetsCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("presets")
	pos, err := parse(fs, args, presetsHelp, stdout)
	if err != nil {
		if errors.Is(err, errHelped) {
			return nil
		}
		return err
	}
	if len(pos) > 0 {
		return usagef("presets: takes no arguments (got %s)", strings.Join(pos, " "))
	}
	_, err = io.WriteString(stdout, presetsTable(scenarios.Presets()))
	return err
}

// presetsWidth is the width presets keeps its lines within.
const presetsWidth = 100

// presetsTable lists the presets one a line — name, rates, RTT and the
// source's own name for it — with what each source is, and how its
// latency becomes pagesim's RTT, said once in a numbered note below, so
// that every line fits presetsWidth columns.
func presetsTable(ps []scenarios.Preset) string {
	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tDOWN\tUP\tRTT\tSOURCE")
	var notes []string
	for _, p := range ps {
		// "WebPageTest connectivity profile "Cable"": the kind of source
		// goes into a note, its name for the profile stays.
		kind, name, ok := strings.Cut(p.Source, "\"")
		kind = strings.TrimSpace(kind)
		short := kind
		for _, cut := range []string{" connectivity", " network", " throttling"} {
			if i := strings.Index(short, cut); i > 0 {
				short = short[:i]
			}
		}
		if ok {
			short += " \"" + name
		}
		note := kind
		if p.Note != "" {
			note += "; " + p.Note
		}
		k := slices.Index(notes, note)
		if k < 0 {
			notes = append(notes, note)
			k = len(notes) - 1
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s [%d]\n", p.Name, p.Down, p.Up, p.RTT, short, k+1)
	}
	tw.Flush()
	b.WriteString("\n")
	for i, n := range notes {
		b.WriteString(wrap(fmt.Sprintf("[%d] ", i+1), n+".", presetsWidth))
	}
	return b.String()
}

// wrap writes text after prefix in lines of at most width runes, the
// lines after the first indented as far as the prefix.
func wrap(prefix, text string, width int) string {
	var b strings.Builder
	indent := strings.Repeat(" ", utf8.RuneCountInString(prefix))
	line := prefix
	for _, w := range strings.Fields(text) {
		if utf8.RuneCountInString(line)+1+utf8.RuneCountInString(w) > width && strings.TrimSpace(line) != strings.TrimSpace(prefix) {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = indent
		}
		if line != prefix && line != indent {
			line += " "
		}
		line += w
	}
	b.WriteString(line + "\n")
	return b.String()
}

const examplesHelp = `Usage: pagesim examples [NAME]

List the example scenarios built into pagesim, or print one's YAML to
start your own from.

Examples:
  pagesim examples
  pagesim examples satellite > my.yaml
  pagesim run --example satellite
`

func examplesCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("examples")
	pos, err := parse(fs, args, examplesHelp, stdout)
	if err != nil {
		if errors.Is(err, errHelped) {
			return nil
		}
		return err
	}
	switch len(pos) {
	case 0:
		var b bytes.Buffer
		tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
		for _, name := range scenarios.Examples() {
			src, err := scenarios.ExampleSource(name)
			if err != nil {
				return err
			}
			fmt.Fprintf(tw, "%s\t%s\n", name, firstComment(src))
		}
		tw.Flush()
		_, err := stdout.Write(b.Bytes())
		return err
	case 1:
		src, err := scenarios.ExampleSource(pos[0])
		if err != nil {
			return usagef("examples: %s: %v", pos[0], strings.TrimPrefix(err.Error(), "scenarios: "))
		}
		_, err = stdout.Write(src)
		return err
	}
	return usagef("examples: one NAME at most (got %s)", strings.Join(pos, " "))
}

// firstComment returns an example's one-line description: the first
// sentence of the file's leading comment, at most 90 characters.
func firstComment(src []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(src))
	var words []string
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" && len(words) == 0 {
			continue
		}
		t, ok := strings.CutPrefix(line, "#")
		if !ok {
			break
		}
		t = strings.TrimSpace(t)
		if t == "" {
			if len(words) > 0 {
				break
			}
			continue
		}
		words = append(words, strings.Fields(t)...)
	}
	text := strings.Join(words, " ")
	// The first sentence ends at ". " before a capital ("ch. 4" goes on).
	for i := 0; i+2 < len(text); i++ {
		if text[i] == '.' && text[i+1] == ' ' && text[i+2] >= 'A' && text[i+2] <= 'Z' {
			text = text[:i+1]
			break
		}
	}
	if r := []rune(text); len(r) > 90 {
		text = string(r[:89]) + "…"
	}
	return text
}

const importHARHelp = `Usage: pagesim import-har FILE.har [--keep-cached] > page.yaml

Turn a HAR recording (Chrome, Firefox, WebPageTest, Browsertime, DevTools,
Playwright; plain or gzip-compressed) into a complete scenario on standard
output: the page's objects and dependencies with the browser's own time
before each request and each response's server time, per-host DNS, TLS,
extra RTT, think time, recorded protocol and connections, the recording's
network (recorded, or estimated from its transfers), what it measured of
the load (DOMContentLoaded, onLoad: page.recorded, drawn on the
waterfalls), and the strategies, as-recorded among them. The header says
where every estimate comes from. The objects are written out in full, so
the scenario does not need the HAR file. A scenario may also load a HAR
directly with page: {har: FILE.har}; pagesim replay FILE.har says how
close the as-recorded replay comes.

Flags:
  --keep-cached  keep entries served from the browser cache (304s, 0-byte
                 transfers); skipped by default

Examples:
  pagesim import-har page.har > page.yaml
  pagesim import-har page.har --keep-cached > page.yaml && pagesim run page.yaml
`

func importHARCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("import-har")
	keep := fs.Bool("keep-cached", false, "keep cached entries")
	pos, err := parse(fs, args, importHARHelp, stdout)
	if err != nil {
		if errors.Is(err, errHelped) {
			return nil
		}
		return err
	}
	if len(pos) != 1 {
		return usagef("import-har: exactly one HAR file expected (usage: pagesim import-har FILE.har > page.yaml)")
	}
	rec, err := har.Load(pos[0], har.Options{KeepCached: *keep})
	if err != nil {
		return badInput{err}
	}
	for _, w := range rec.Warnings {
		fmt.Fprintf(stderr, "pagesim: import-har: %s: warning: %s\n", pos[0], w)
	}
	var b bytes.Buffer
	if err := har.WriteScenario(&b, rec, pos[0]); err != nil {
		return fmt.Errorf("import-har: %w", err)
	}
	_, err = stdout.Write(b.Bytes())
	return err
}

const versionHelp = `Usage: pagesim version

Print pagesim's module version, its VCS revision when known, and the Go
version and platform it was built with.

Examples:
  pagesim version
`

func versionCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("version")
	pos, err := parse(fs, args, versionHelp, stdout)
	if err != nil {
		if errors.Is(err, errHelped) {
			return nil
		}
		return err
	}
	if len(pos) > 0 {
		return usagef("version: takes no arguments")
	}
	_, err = fmt.Fprintln(stdout, versionString())
	return err
}

func versionString() string {
	v, rev, dirty := "unknown", "", false
	if bi, ok := debug.ReadBuildInfo(); ok {
		v = bi.Main.Version
		if v == "" {
			v = "(devel)"
		}
		for _, s := range bi.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value
			case "vcs.modified":
				dirty = s.Value == "true"
			}
		}
	}
	out := "pagesim " + v
	if rev != "" {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		out += " rev " + rev
		if dirty {
			out += "+modified"
		}
	}
	return out + " " + runtime.Version() + " " + runtime.GOOS + "/" + runtime.GOARCH
}
