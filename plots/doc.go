// Package plots turns simulation results into the report a user reads:
// results.csv, results.json, summary.md and PNG charts drawn with
// gonum.org/v1/plot.
//
// # What goes in
//
// Everything is built from model.Result values only (DESIGN §6, STYLE
// convention 7): one Row per sweep point × strategy × run, in the order the
// jobs were generated. A Row names its sweep point by the values of the
// swept parameters exactly as written in the scenario ("100ms", "1.5Mbps",
// "dumb"), parallel to the parameters' YAML paths ("network.rtt"). Nothing
// in this package reaches into the simulator; a report can be re-drawn
// from results.json alone (ReadJSON).
//
// Rows stream: a study of a million simulations never holds a million
// results. Each row is written to results.csv and results.json as it comes
// (CSVWriter, JSONWriter) and folded into a Report (NewReport, Add), which
// keeps per sweep point × strategy only what the summary and the charts
// read — the load times of the complete runs in run order, sums of the
// counters, the incomplete runs' count, reasons and first occurrence, the
// distinct stall causes — and the full result of only the runs the charts
// stand on (ChartRuns; a chosen run that was not kept is simulated again
// by the caller and handed over with Keep). The rows of one point and
// strategy must come in increasing run order, as jobs do.
//
// # What comes out
//
//   - CSVWriter: results.csv, one line per row, the columns of DESIGN §7 in
//     a fixed order (CSVHeader), then complete, incomplete, truncated and
//     ttfb_ms (the document's time to first byte); times in milliseconds
//     with three decimals (microsecond resolution), the load time empty
//     for an incomplete load, counters as integers. Byte-for-byte
//     deterministic.
//   - JSONWriter: results.json, the same rows plus every object's
//     timeline, every connection, every stall and, when traced, the
//     congestion window. Times are milliseconds written as exact decimals
//     (nanosecond resolution), so JSONReader gives back the very same rows
//     and ReadJSON the same Report.
//   - WriteSummary: markdown. How many loads did not complete and why, a
//     table of load time per point × strategy (with several runs, the
//     median and the 5th–95th percentiles, then a table of statistics:
//     medians and means with their 95 % confidence intervals, and each
//     strategy against the fastest), the best strategy per point or a
//     tie, and a few sentences
//     derived from the numbers on why it won: connections opened and how
//     many were open at once, bytes and packets on the link,
//     retransmissions, stalls, retries and failures, the incomplete loads
//     with the model's reason, and, for sweeps, where parallel connections
//     helped most and least.
//   - WriteTable: the plain-text table pagesim run prints.
//   - WriteHTML: index.html, the whole report on one self-contained page
//     (charts as data: URIs, sortable tables, the scenario, the version
//     and the command line).
//
// Rows are encoded without reflection (RowEncoder: the bytes encoding/json
// and encoding/csv write), on the worker that simulated them, which also
// derives their figures for the summary (Row.Derive), and written in order
// (CSVWriter.WriteEncoded, JSONWriter.WriteEncoded, or WriteLines for a
// batch written in place). How much of a run results.json holds is a
// Detail: every row's objects, connections,
// stalls and cwnd (DetailAll), only the charted runs' (DetailCharted, the
// default), or none (DetailNone). A row without its detail carries
// instead the three figures the summary derives from it — peak_conns,
// stalled_ms and stall_causes — so a Report read back from it (ReadJSON,
// or a merge of a study's shards) writes the same summary; its charts then
// need the charted runs given back (Keep).
//   - Charts: gonum/plot values (a Chart names its file stem and size; only
//     the caller decides file names). See Charts for the list.
//
// # Incomplete loads
//
// A load that did not complete (model.Result.Complete false: objects
// failed, or the run reached its horizon or event budget) has no load
// time. Its LoadTime only says how far it got, so it is never shown as a
// load time: results.csv leaves load_time_ms empty and says why in its
// complete and incomplete columns, results.json writes null (with the reason and
// "reached_ms"), summary.md writes "incomplete: REASON" in its cell (and
// explains it below the table), the load-time chart draws no bar for it,
// sweep charts mark it with ×, and its waterfall's title gives the reason
// instead of a load time and its axis covers everything that happened.
// With several runs, means and ranges are over the complete runs only, and
// the cell says how many were incomplete.
//
// # Choices
//
// The strategies ranked at a point are those whose every run completed;
// an incomplete load finishes early only because it stopped, so a
// strategy with one is never ranked, and when no strategy completed every
// run, no strategy is best there. The fastest is the ranked strategy with
// the lowest median load time (with one run, the lowest load time; equal
// ones go to the strategy listed first). With several runs it is the best
// only when it is significantly faster than every other ranked strategy —
// the Mann–Whitney U test at α = 0.05, as benchstat compares benchmarks —
// and otherwise the strategies it cannot be told apart from tie with it,
// and the summary says so (rank.go). Counters in the explanations are
// means over the runs.
//
// Waterfalls, congestion windows and load-time distributions are drawn
// at the points SetChartPoints chooses: by default the first — the
// scenario's first value of every swept parameter, stable when a sweep is
// extended —, or every point, or those with given values. Where one run
// must stand for many, it is the run whose load time is closest to the
// median, so a Monte Carlo study shows a typical load (with one run, run
// 0). The callers that trace congestion windows (Config.TraceCwnd) need
// only do so for those runs; ChartPoints.Includes and FocusRun say which
// before any result is in, ChartRuns once every row is, and a chosen run
// not kept is simulated again (see choice.go).
//
// # Statistics (stats.go)
//
// Several Monte Carlo runs give a sample of load times per point and
// strategy. Summarize gives its mean, median, 5th and 95th percentiles
// (Quantile: linear interpolation, type 7) and 95 % confidence intervals
// of the mean (Student's t) and of the median (order statistics, free of
// any assumption about the distribution; at least six runs). MannWhitney
// says whether two samples differ — the Mann–Whitney U test at α = 0.05,
// exact for small samples without ties, else the normal approximation
// with tie and continuity corrections, as benchstat does. Statistics come
// from gonum's stat and distuv.
//
// A waterfall shows each object's own phases (results.json's, built by
// package model from recorder events): its DNS phase is the wait of the
// connection opened for it, none on a connection to a host already
// resolved, and a failed object's bars end when it was given up on. Its
// legend, and the cwnd chart's, sit above the data area in room reserved
// for them, so they never cover what is drawn.
//
// The package never changes gonum/plot's package-level defaults; every
// style is set on the plot or plotter it belongs to.
package plots
