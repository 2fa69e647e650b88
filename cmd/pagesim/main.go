package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"strings"

	"pagesim/scenarios"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "pagesim:", errorText(err))
	}
	os.Exit(exitCode(err))
}

// badInput marks an error caused by the user's input (flags, files),
// which exits with status 2.
type badInput struct{ err error }

func (b badInput) Error() string { return b.err.Error() }
func (b badInput) Unwrap() error { return b.err }

// usagef is a bad-input error with a formatted message.
func usagef(format string, args ...any) error {
	return badInput{fmt.Errorf(format, args...)}
}

// maxShownErrors is how many problems of one file are printed; the rest
// are only counted (a generated file can have tens of thousands, and the
// first ones are what to fix first).
const maxShownErrors = 50

// errorText is err as printed: the problems of a scenario file one per
// line, at most maxShownErrors of them and then how many more there are.
func errorText(err error) string {
	var el scenarios.ErrorList
	if !errors.As(err, &el) || len(el) <= maxShownErrors {
		return err.Error()
	}
	return el[:maxShownErrors].Error() + fmt.Sprintf("\n… and %d more problems (%d in all; fix these first)", len(el)-maxShownErrors, len(el))
}

// exitCode maps an error to the exit status: 0 none, 3 a report written
// with incomplete loads, 2 bad input, 1 the rest (an internal error).
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if errors.As(err, new(incompleteLoads)) {
		return 3
	}
	var ie interruptedErr
	if errors.As(err, &ie) {
		return ie.code()
	}
	var bi badInput
	var el scenarios.ErrorList
	var e *scenarios.Error
	if errors.As(err, &bi) || errors.As(err, &el) || errors.As(err, &e) || errors.Is(err, fs.ErrNotExist) {
		return 2
	}
	return 1
}

// run is the whole command: it parses args, does the work and returns
// the error to report. It never calls os.Exit.
func run(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, mainUsage)
		return usagef("no command given (see pagesim -h)")
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "--version", "-version":
		return versionCmd(rest, stdout, stderr)
	case "-h", "-help", "--help", "help":
		if len(rest) > 0 {
			if c, ok := commands[rest[0]]; ok {
				fmt.Fprint(stdout, c.help)
				return nil
			}
			return usagef("help: unknown command %q (commands: %s)", rest[0], strings.Join(completionWords("command")[:len(completionWords("command"))-1], ", "))
		}
		fmt.Fprint(stdout, mainUsage)
		return nil
	}
	c, ok := commands[cmd]
	if !ok {
		msg := fmt.Sprintf("unknown command %q", cmd)
		names := completionWords("command")
		if sg := scenarios.Closest(cmd, names); sg != "" {
			msg += fmt.Sprintf("; did you mean %s?", sg)
		}
		return usagef("%s (commands: %s; see pagesim -h)", msg, strings.Join(names[:len(names)-1], ", "))
	}
	return c.run(rest, stdout, stderr)
}

type command struct {
	run  func(args []string, stdout, stderr io.Writer) error
	help string
}

var commands map[string]command

func init() {
	commands = map[string]command{
		"run":        {runCmd, runHelp},
		"merge":      {mergeCmd, mergeHelp},
		"jobs":       {jobsCmd, jobsHelp},
		"validate":   {validateCmd, validateHelp},
		"presets":    {presetsCmd, presetsHelp},
		"examples":   {examplesCmd, examplesHelp},
		"import-har": {importHARCmd, importHARHelp},
		"replay":     {replayCmd, replayHelp},
		"version":    {versionCmd, versionHelp},
		"completion": {completionCmd, completionHelp},
		"compare":    {compareCmd, compareHelp},
	}
}

const mainUsage = `pagesim simulates a web page loading under HTTP connection strategies
(serial, parallel, keepalive, persistent, pipelined, browser) and writes a
report: results.csv, results.json, summary.md and PNG charts.

Usage:
  pagesim run [FILE.yaml] [-o DIR] [-j N] [-q] [--no-plots] [--charts WHICH] [--detail D] [--example NAME]
  pagesim run FILE.yaml --shard I/N [-o STUDY] [--resume] [--merge]   # one shard of a study
  pagesim merge STUDY... [-o DIR]                                      # its shards into one report
  pagesim jobs --slurm|--kubernetes|--htcondor FILE.yaml -n N         # the job file of a study
  pagesim validate FILE.yaml...
  pagesim presets
  pagesim examples [NAME]
  pagesim import-har FILE.har [--keep-cached] > page.yaml
  pagesim replay FILE.har [-o DIR] [-n N] [--strategy NAME]
  pagesim compare OLD NEW [--png FILE]   # two reports, point by point
  pagesim version                  # or pagesim --version
  pagesim completion bash|zsh|fish # a shell completion script

Start here:
  pagesim run                      # the built-in default scenario, into ./report
  pagesim run --example satellite  # an embedded example (see pagesim examples)

Run "pagesim COMMAND -h" for a command's flags and examples.

Exit status: 0 success (every load completed); 3 report written, but some
loads did not complete (see its summary.md); 2 bad input, nothing written;
1 internal error; 130/143 interrupted by SIGINT/SIGTERM, nothing written.
`
