package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"

	"pagesim/model"
	"pagesim/plots"
	"pagesim/scenarios"
)

// A report is written whole or not at all. stageReport creates, before
// any simulation runs, a temporary directory beside the report directory
// — which also proves that the report can be written there — and every
// file goes into it; commit then moves the files into place, each by one
// rename. When anything fails before the commit (a full disk, SIGINT or
// SIGTERM, a chart that cannot be drawn), abort removes the temporary
// directory and an earlier report in the directory is left exactly as it
// was. The commit itself is not interrupted: the signals are caught while
// the run lasts, and checked only before it starts.

// staging is a report being written.
type staging struct {
	dir     string   // the report directory
	tmp     string   // the temporary directory, beside dir
	created []string // directories made for dir's parent, deepest first
}

// createReportFile creates one file of the report; tests substitute a
// failing one (a full disk).
var createReportFile = func(path string) (io.WriteCloser, error) { return os.Create(path) }

// stageReport prepares to write a report to dir: it creates dir's parent
// if needed and the temporary directory ".NAME.pagesim-*" in it, and, when
// dir exists, checks that files can be moved from there into dir.
func stageReport(dir string) (*staging, error) {
	dir = filepath.Clean(dir)
	st := &staging{dir: dir}
	parent := filepath.Dir(dir)
	for p := parent; ; p = filepath.Dir(p) {
		if _, err := os.Stat(p); err == nil || !errors.Is(err, os.ErrNotExist) {
			break
		}
		st.created = append(st.created, p)
		if filepath.Dir(p) == p {
			break
		}
	}
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return nil, err
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".pagesim-*")
	if err != nil {
		st.abort()
		return nil, err
	}
	st.tmp = tmp
	if err := os.Chmod(tmp, 0o755); err != nil { // it may become dir
		st.abort()
		return nil, err
	}
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		// Prove the commit can work: a file moved from tmp into dir.
		probe, err := os.CreateTemp(tmp, "probe-*")
		if err == nil {
			probe.Close()
			in := filepath.Join(dir, "."+filepath.Base(probe.Name()))
			if err = os.Rename(probe.Name(), in); err == nil {
				err = os.Remove(in)
			}
		}
		if err != nil {
			st.abort()
			return nil, err
		}
	}
	return st, nil
}

// reportFile is one file of a report and how to write it.
type reportFile struct {
	name  string
	write func(io.Writer) error
}

// reportFiles lists the files of a report: the three tables, index.html
// (page says what it shows besides the report), then one PNG per chart.
// Each chart is rendered once, for its file and the page.
func reportFiles(sc *scenarios.Scenario, jobs []scenarios.Job, results []*model.Result, rep *plots.Report, charts []plots.Chart, page plots.HTMLPage) []reportFile {
	params, strategies := rep.Params, rep.Strategies
	row := func(i int) plots.Row {
		j := jobs[i]
		return plots.Row{Point: j.Point, Strategy: j.Strategy, Run: j.Run, Result: results[i]}
	}
	files := []reportFile{
		{"results.csv", func(w io.Writer) error {
			cw := plots.NewCSVWriter(w, sc.Name, params)
			for i := range jobs {
				if err := cw.Write(row(i)); err != nil {
					return err
				}
			}
			return cw.Flush()
		}},
		{"results.json", func(w io.Writer) error {
			jw, err := plots.NewJSONWriter(w, sc.Name, params, strategies)
			if err != nil {
				return err
			}
			for i := range jobs {
				if err := jw.Write(row(i)); err != nil {
					return err
				}
			}
			return jw.Close()
		}},
		{"summary.md", func(w io.Writer) error { return plots.WriteSummary(w, rep) }},
	}
	pngs := make([]renderedChart, len(charts))
	files = append(files, reportFile{"index.html", func(w io.Writer) error {
		p := page
		for i, c := range charts {
			b, err := pngs[i].png(c)
			if err != nil {
				return err
			}
			p.Charts = append(p.Charts, plots.HTMLChart{Chart: c, PNG: b})
		}
		return plots.WriteHTML(w, rep, p)
	}})
	for i, c := range charts {
		files = append(files, reportFile{c.Name + ".png", func(w io.Writer) error {
			b, err := pngs[i].png(c)
			if err != nil {
				return err
			}
			_, err = w.Write(b)
			return err
		}})
	}
	return files
}

// renderedChart renders a chart's PNG once, for whichever file asks
// first (its own or index.html), and keeps it for the other.
type renderedChart struct {
	once sync.Once
	b    []byte
	err  error
}

func (rc *renderedChart) png(c plots.Chart) ([]byte, error) {
	rc.once.Do(func() {
		var buf bytes.Buffer
		rc.err = c.Render(&buf, "png")
		rc.b = buf.Bytes()
	})
	return rc.b, rc.err
}

// write writes the files into the temporary directory on up to workers
// goroutines, stopping early when ctx is done, and tells progress (when
// not nil) how many are written. Errors name the file as it will be
// called in the report directory.
func (st *staging) write(ctx context.Context, files []reportFile, workers int, progress func(done, total int)) error {
	errs := make([]error, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	written := 0
	wrote := func() {
		if progress == nil {
			return
		}
		mu.Lock()
		written++
		progress(written, len(files))
		mu.Unlock()
	}
	for w := 0; w < max(1, min(workers, len(files))); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := ctx.Err(); err != nil {
					errs[i] = err
					continue
				}
				if err := writeOne(filepath.Join(st.tmp, files[i].name), files[i].write); err != nil {
					errs[i] = fmt.Errorf("%s: %w", filepath.Join(st.dir, files[i].name), err)
				}
				wrote()
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return err
	}
	return errors.Join(errs...)
}

// writeOne writes one file through a buffer and closes it.
func writeOne(path string, write func(io.Writer) error) error {
	f, err := createReportFile(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(f, 1<<16)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}

// commit moves the report into place: the whole temporary directory when
// dir does not exist, else each file over the one of the same name (other
// files in dir are left alone).
func (st *staging) commit(files []reportFile) error {
	if _, err := os.Lstat(st.dir); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(st.tmp, st.dir); err != nil {
			st.abort()
			return err
		}
		return nil
	}
	for _, f := range files {
		if err := os.Rename(filepath.Join(st.tmp, f.name), filepath.Join(st.dir, f.name)); err != nil {
			st.abort()
			return fmt.Errorf("%s: %w", filepath.Join(st.dir, f.name), err)
		}
	}
	return os.Remove(st.tmp)
}

// abort removes the temporary directory and the directories made for it.
func (st *staging) abort() {
	if st.tmp != "" {
		os.RemoveAll(st.tmp)
	}
	for _, d := range st.created {
		os.Remove(d) // only if still empty
	}
}
