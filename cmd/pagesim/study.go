package main

import (
	"context"
	"fmt"
	"io"
	"sync"
	"time"

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
	firstPoint []string // the first sweep point (plots.FocusRun)
	charts     bool     // charts will be drawn: trace their runs' cwnd
	detail     plots.Detail
	workers    int
	shard      shardSpec // the jobs run: shard.index, +shard.count, …
	progress   func(done, total int)
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

func (s *study) charted(j *scenarios.Job) bool { return plots.FocusRun(j.Point, s.firstPoint, j.Run) }

// jobFor finds the job of a run the charts stand on.
func (s *study) jobFor(cr plots.ChartRun) (scenarios.Job, error) {
	i, ok := s.sc.JobIndex(cr.Point, cr.Strategy, cr.Run)
	if !ok {
		return scenarios.Job{}, fmt.Errorf("no job for run %d of strategy %q at %q", cr.Run, cr.Strategy, cr.Point)
	}
	return s.sc.Job(i)
}

// simulate runs the study into the session's staged report: the progress
// bar on a terminal, then run.
func (s *study) simulate(ss *session, quiet bool, stderr io.Writer) (*plots.Report, error) {
	var bar *progressBar
	if !quiet && isTerminal(stderr) {
		bar = newProgressBar(stderr, time.Now)
		s.progress = bar.update
	}
	relaxGC()
	rep, err := s.run(ss.ctx, ss.st)
	if bar != nil {
		bar.finish()
	}
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
	rep, err := plots.NewReport(s.sc.Name, params, strategies)
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
		b := rowBufferPool.Get().(*rowBuffers)
		b.csv = enc.AppendCSV(b.csv[:0], row)
		b.json = enc.AppendJSON(b.json[:0], row, s.detail.Includes(s.charted(j)))
		return encodedRow{row, b}, nil
	}
	emit := func(j *scenarios.Job, e encodedRow) error {
		if err := rf.write(e.buf.csv, e.buf.json); err != nil {
			return err
		}
		rowBufferPool.Put(e.buf)
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

func reportParams(sc *scenarios.Scenario) []string {
	var out []string
	for _, p := range sc.Sweep {
		out = append(out, p.Path)
	}
	return out
}
