// Command pagesim simulates page loads under HTTP connection-management
// strategies and writes a report.
//
// Usage:
//
//	pagesim run [FILE.yaml] [-o DIR] [-j N] [-q] [--no-plots] [--charts WHICH] [--example NAME]
//	pagesim validate FILE.yaml...
//	pagesim presets
//	pagesim examples [NAME]
//	pagesim import-har FILE.har [--keep-cached] > page.yaml
//	pagesim replay FILE.har [-o DIR] [-n N] [--strategy NAME]
//	pagesim compare OLD NEW [--png FILE] [--no-plots]
//	pagesim version (or pagesim --version)
//	pagesim completion bash|zsh|fish
//
// "pagesim run" with no file runs the built-in default scenario: one
// realistic page under all six strategies on a narrow and a wide network.
// It writes DIR/results.csv, DIR/results.json, DIR/summary.md,
// DIR/index.html (the whole report on one self-contained page) and one PNG
// per chart (DIR/load-time.png, DIR/sweep-PARAM.png,
// DIR/waterfall-STRATEGY.png, DIR/cwnd-STRATEGY.png, and with several runs
// DIR/load-time-box.png and DIR/load-time-cdf.png; --charts chooses the
// points of the waterfalls); see package pagesim/plots for what each
// holds. Results are bit-identical for any -j (index.html differs only in
// the command line it shows). "pagesim compare OLD NEW" compares two
// reports point by point, with the Mann–Whitney U test, as text and a
// chart.
// Everything is validated before anything is simulated or written: a bad
// scenario writes no file.
//
// "pagesim replay FILE.har" replays a recording as it was recorded (the
// as-recorded strategy) and prints how far the replay is from the recorded
// onLoad and which objects moved most (package pagesim/scenarios/replay);
// with -o DIR it also writes the recorded and the replayed waterfall side
// by side, every object's times as CSV, and the imported scenario.
//
// Standard output carries results only (one line per sweep point and
// strategy; the YAML of import-har; the comparison of replay; the tables of
// presets and examples);
// progress and messages go to standard error. A progress bar is drawn on
// standard error when it is a terminal and the run takes more than about a
// second, and a plain line every 5 seconds otherwise, for the simulations
// and then for the writing of the report; -q silences it.
//
// Exit status: 0 on success (for run: every load completed); 3 when run
// wrote its report but some loads did not complete (objects failed, or a
// load reached the scenario's horizon or event budget: the report says
// which and why, and gives them no load time); 2 for bad input (a usage
// error, an invalid scenario or HAR file, a missing file, an output
// directory that cannot be written; nothing is written); 1 for an internal
// error; 130 or 143 when run was interrupted by SIGINT or SIGTERM.
//
// run writes its report whole or not at all: into a temporary directory
// beside the output directory, created before anything is simulated, and
// moved into place at the end. Interrupted (SIGINT, SIGTERM) or failing
// (a full disk), it leaves an earlier report as it was and no temporary
// file.
//
// The command is thin: all logic lives in pagesim/scenarios (loading,
// jobs), pagesim/model (simulation) and pagesim/plots (the report); main
// only calls run(args, stdout, stderr).
package main
