package main

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
	"strings"
	"text/tabwriter"

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
rates, the round-trip time pagesim uses, and where the numbers come from.
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
	var b bytes.Buffer
	tw := tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "NAME\tDOWN\tUP\tRTT\tSOURCE")
	for _, p := range scenarios.Presets() {
		src := p.Source
		if p.Note != "" {
			src += " — " + p.Note
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", p.Name, p.Down, p.Up, p.RTT, src)
	}
	tw.Flush()
	_, err = stdout.Write(b.Bytes())
	return err
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
			return usagef("examples: %s: no such example (have: %s)", pos[0], strings.Join(scenarios.Examples(), ", "))
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
network (recorded, or estimated from its transfers), and the strategies,
as-recorded among them. The header says where every estimate comes from.
A scenario may also load a HAR directly with page: {har: FILE.har}; pagesim
replay FILE.har says how close the as-recorded replay comes.

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
