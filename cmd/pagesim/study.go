package main

import (
	"context"
	"fmt"
	"sync"

	"pagesim/model"
	"pagesim/plots"
	"pagesim/scenarios"
)

// study runs the simulations of a scenario into a staged report: each
// result is encoded for results.csv and results.json on the worker that
// simulated it, and the encoded rows are written, and folded into the
// report's aggregates, in job order as the jobs finish. No result outlives
// its row but those the charts stand on, so the memory of a run does not
// grow with its number of simulations.
type study struct {
	sc         *scenarios.Scenario
	firstPoint []string // the first sweep point
	params     []string // the swept parameters' paths
	charts     bool     // charts will be drawn: trace their runs' cwnd
	// chartPoints are the points the charts are drawn at (--charts).
	chartPoints plots.ChartPoints
	detail      plots.Detail
	workers     int
	shard       shardSpec // the jobs run: shard.index, +shard.count, …
	progress    func(done, total int)
}

// encodedRow is one job's row, encoded, with its result for the report.
type encodedRow struct {
	row plots.Row
	buf *rowBuffers
}

type rowBuffers struct{ csv, json []byte }

var rowBufferPool = sync.Pool{New: func() any { return new(rowBuffers) }}

// part is the shard run: shard, or the whole study.
func (s *study) part() shardSpec {
	if s.shard.count == 0 {
		return whole
	}
	return s.shard
}

// job makes the shard's job k, tracing its congestion window when a chart
// will draw it.
func (s *study) job(k int) (scenarios.Job, error) {
	j, err := s.sc.Job(s.part().global(k))
	if err == nil && s.charts && s.charted(&j) {
		j.Config.TraceCwnd = true
	}
	return j, err
}

// charted reports whether a job is a run the charts will stand on, as far
// as can be known before any result is in: run 0 at a charted point (the
// charts take the run closest to the median, simulated again if it is
// another).
func (s *study) charted(j *scenarios.Job) bool {
	return j.Run == 0 && s.chartPoints.Includes(s.params, j.Point, s.firstPoint)
}

// jobFor finds the job of a run the charts stand on.
func (s *study) jobFor(cr plots.ChartRun) (scenarios.Job, error) {
	i, ok := s.sc.JobIndex(cr.Point, cr.Strategy, cr.Run)
	if !ok {
		return scenarios.Job{}, fmt.Errorf("no job for run %d of strategy %q at %q", cr.Run, cr.Strategy, cr.Point)
	}
	return s.sc.Job(i)
}

// simulate runs the study into the session's staged report, with the
// progress of its "simulations" phase.
func (s *study) simulate(ss *session, phase func(what string) (func(done, total int), func())) (*plots.Report, error) {
	progress, finish := phase("simulations")
	s.progress = progress
	relaxGC()
	rep, err := s.run(ss.ctx, ss.st)
	finish()
	return rep, ss.check(err)
}

// run simulates every job, writes results.csv and results.json into the
// staging directory and returns the report's aggregates.
func (s *study) run(ctx context.Context, st *staging) (*plots.Report, error) {
	params := reportParams(s.sc)
	strategies, err := s.sc.StrategyNames()
	if err != nil {
		return nil, err
	}
	rep, err := newReport(s.sc, params, strategies, s.chartPoints)
	if err != nil {
		return nil, err
	}
	rf, err := createResults(st, s.sc.Name, params, strategies)
	if err != nil {
		return nil, err
	}
	enc := plots.NewRowEncoder(s.sc.Name, params)
	work := func(j *scenarios.Job, res *model.Result) (encodedRow, error) {
		row := plots.Row{Point: j.Point, Strategy: j.Strategy, Run: j.Run, Result: res}
		row.Derive() // here, not in the collector's rep.Add
		b := rowBufferPool.Get().(*rowBuffers)
		b.csv = enc.AppendCSV(b.csv[:0], row)
		b.json = enc.AppendJSON(b.json[:0], row, s.detail.Includes(s.charted(j)))
		return encodedRow{row, b}, nil
	}
	emit := func(j *scenarios.Job, e encodedRow) error {
		if err := rf.writeHeld(e.buf); err != nil {
			return err
		}
		return rep.Add(e.row)
	}
	err = scenarios.Stream(ctx, scenarios.StreamConfig{N: s.part().size(s.sc.NumJobs()), Job: s.job, Workers: s.workers,
		Simulate: simulate, Progress: s.progress}, work, emit)
	if err != nil {
		return nil, err
	}
	if err := rf.close(); err != nil {
		return nil, err
	}
	return rep, nil
}

// newReport makes the report of a scenario: its chart points and the
// marks of what a recording of the page measured, drawn on the waterfalls.
func newReport(sc *scenarios.Scenario, params, strategies []string, cp plots.ChartPoints) (*plots.Report, error) {
	rep, err := plots.NewReport(sc.Name, params, strategies)
	if err != nil {
		return nil, err
	}
	if err := rep.SetChartPoints(cp); err != nil {
		return nil, err
	}
	rep.Marks = recordedMarks(sc)
	return rep, nil
}

// recordedMarks are the instants a recording of the page measured.
func recordedMarks(sc *scenarios.Scenario) []plots.Mark {
	var out []plots.Mark
	if d := sc.Recorded.DOMContentLoaded; d > 0 {
		out = append(out, plots.Mark{Name: "recorded DOMContentLoaded", At: d})
	}
	if d := sc.Recorded.OnLoad; d > 0 {
		out = append(out, plots.Mark{Name: "recorded onLoad", At: d})
	}
	return out
}

func reportParams(sc *scenarios.Scenario) []string {
	var out []string
	for _, p := range sc.Sweep {
		out = append(out, p.Path)
	}
	return out
}
