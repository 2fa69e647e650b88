package main

import (
	"fmt"
	"strings"

	"pagesim/model"
	"pagesim/plots"
	"pagesim/scenarios"
)

// simulateCharted completes a report for its charts: every run the charts
// stand on (plots.Report.ChartRuns) whose full result the report did not
// keep as the rows went by is simulated again, with its congestion window
// traced, and given to the report. A run is a deterministic function of
// its scenario, seed and run number, so it yields the very result its row
// has; Report.Keep checks that it does. Changing which runs are charted is
// a change in package plots only.
func simulateCharted(rep *plots.Report, jobFor func(plots.ChartRun) (scenarios.Job, error), sim func(model.Config) (*model.Result, error)) error {
	for _, cr := range rep.ChartRuns() {
		if cr.Kept {
			continue
		}
		j, err := jobFor(cr)
		if err != nil {
			return err
		}
		cfg := j.Config
		cfg.TraceCwnd = true
		res, err := sim(cfg)
		if err != nil {
			return fmt.Errorf("simulating run %d of %s again for its charts: %w", cr.Run, cr.Strategy, err)
		}
		if err := rep.Keep(cr, res); err != nil {
			return err
		}
	}
	return nil
}

// jobLookup finds a charted run among jobs.
func jobLookup(jobs []scenarios.Job) func(plots.ChartRun) (scenarios.Job, error) {
	return func(cr plots.ChartRun) (scenarios.Job, error) {
		for _, j := range jobs {
			if j.Run == cr.Run && j.Strategy == cr.Strategy && strings.Join(j.Point, "\x00") == strings.Join(cr.Point, "\x00") {
				return j, nil
			}
		}
		return scenarios.Job{}, fmt.Errorf("no job for run %d of %s at %q", cr.Run, cr.Strategy, cr.Point)
	}
}
