package main

import (
	"os"
	"strings"

	"pagesim/plots"
	"pagesim/scenarios"
)

// htmlPage is what index.html shows besides the report: the pagesim
// version, the command line (args are run's), and the scenario's text —
// the file as read, or the embedded example's.
func htmlPage(args []string, file, example string) plots.HTMLPage {
	p := plots.HTMLPage{Version: versionString(), Command: commandLine(append([]string{"pagesim", "run"}, args...))}
	switch {
	case file != "":
		p.ScenarioFile = file
		p.Scenario, _ = os.ReadFile(file) // it was just loaded; if it went away, the page says nothing
	default:
		if example == "" {
			example = "default"
			p.ScenarioFile = "the built-in default scenario (pagesim examples default)"
		} else {
			p.ScenarioFile = "the embedded example " + example + " (pagesim examples " + example + ")"
		}
		p.Scenario, _ = scenarios.ExampleSource(example)
	}
	return p
}

// commandLine writes args as a shell would read them back: a word with
// anything but letters, digits and -_./=,:@+% in single quotes.
func commandLine(args []string) string {
	out := make([]string, len(args))
	for i, a := range args {
		plain := a != ""
		for _, r := range a {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=,:@+%", r)) {
				plain = false
				break
			}
		}
		if plain {
			out[i] = a
		} else {
			out[i] = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
	}
	return strings.Join(out, " ")
}
