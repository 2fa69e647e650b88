package main

import (
	"fmt"

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
	return simulateRuns(rep, rep.ChartRuns(), jobFor, sim)
}

// simulateRuns simulates again, traced, the runs of crs not Kept and
// gives them to the report.
func simulateRuns(rep *plots.Report, crs []plots.ChartRun, jobFor func(plots.ChartRun) (scenarios.Job, error), sim func(model.Config) (*model.Result, error)) error {
	for _, cr := range crs {
		if cr.Kept {
			continue
		}
		j, err := jobFor(cr)
		if err != nil {
			return err
		}
		cfg := j.Config
		cfg.TraceCwnd = true
		if sim == nil {
			sim = model.Simulate
		}
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
