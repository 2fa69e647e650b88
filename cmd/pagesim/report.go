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

	"pagesim/plots"
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
	names   []string // the report's files, in the order made
	open    []openFile
}

type openFile struct {
	name string
	f    io.WriteCloser
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

// reportFile is one file of a report and how to write it; with out set,
// it is not a file but text kept for after the commit (the table printed
// on standard output), made in the same pool as the files.
type reportFile struct {
	name  string
	write func(io.Writer) error
	out   *bytes.Buffer
}

// reportFiles lists the files written once the rows are in: summary.md,
// index.html (page says what it shows besides the report), then one PNG
// per chart, and last the table for standard output, into table. The
// summary is rendered once, for summary.md and the page, and each chart
// once, for its file and the page.
func reportFiles(rep *plots.Report, charts []plots.Chart, page plots.HTMLPage, table *bytes.Buffer) []reportFile {
	summary := sync.OnceValues(func() ([]byte, error) {
		var b bytes.Buffer
		err := plots.WriteSummary(&b, rep)
		return b.Bytes(), err
	})
	files := []reportFile{
		{name: "summary.md", write: func(w io.Writer) error {
			b, err := summary()
			if err != nil {
				return err
			}
			_, err = w.Write(b)
			return err
		}},
	}
	pngs := make([]renderedChart, len(charts))
	files = append(files, reportFile{name: "index.html", write: func(w io.Writer) error {
		p := page
		p.Summary = summary
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
		files = append(files, reportFile{name: c.Name + ".png", write: func(w io.Writer) error {
			b, err := pngs[i].png(c)
			if err != nil {
				return err
			}
			_, err = w.Write(b)
			return err
		}})
	}
	return append(files, reportFile{name: "the table for standard output", out: table,
		write: func(w io.Writer) error { return plots.WriteTable(w, rep) }})
}

// create makes a file of the report to be written as the rows come
// (results.csv, results.json); closeFiles closes them, abort too.
func (st *staging) create(name string) (io.Writer, error) {
	f, err := createReportFile(filepath.Join(st.tmp, name))
	if err != nil {
		return nil, st.fileErr(name, err)
	}
	st.names = append(st.names, name)
	st.open = append(st.open, openFile{name, f})
	return f, nil
}

func (st *staging) closeFiles() error {
	var errs []error
	for _, of := range st.open {
		if err := of.f.Close(); err != nil {
			errs = append(errs, st.fileErr(of.name, err))
		}
	}
	st.open = nil
	return errors.Join(errs...)
}

// fileErr names a file as it will be called in the report directory.
func (st *staging) fileErr(name string, err error) error {
	return fmt.Errorf("%s: %w", filepath.Join(st.dir, name), err)
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

// write writes the files into the temporary directory (or into their
// out) on up to workers goroutines, stopping early when ctx is done, and
// tells progress (when not nil) how many files are written. Errors name
// the file as it will be called in the report directory.
func (st *staging) write(ctx context.Context, files []reportFile, workers int, progress func(done, total int)) error {
	errs := make([]error, len(files))
	nFiles := 0
	for _, f := range files {
		if f.out == nil {
			nFiles++
		}
	}
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
		progress(written, nFiles)
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
				if out := files[i].out; out != nil {
					if err := files[i].write(out); err != nil {
						errs[i] = fmt.Errorf("%s: %w", files[i].name, err)
					}
					continue
				}
				if err := writeOne(filepath.Join(st.tmp, files[i].name), files[i].write); err != nil {
					errs[i] = st.fileErr(files[i].name, err)
				}
				wrote()
			}
		}()
	}
	for i := range files {
		if files[i].out == nil {
			st.names = append(st.names, files[i].name)
		}
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
func (st *staging) commit() error {
	if _, err := os.Lstat(st.dir); errors.Is(err, os.ErrNotExist) {
		if err := os.Rename(st.tmp, st.dir); err != nil {
			st.abort()
			return err
		}
		return nil
	}
	for _, name := range st.names {
		if err := os.Rename(filepath.Join(st.tmp, name), filepath.Join(st.dir, name)); err != nil {
			st.abort()
			return st.fileErr(name, err)
		}
	}
	return os.Remove(st.tmp)
}

// abort removes the temporary directory and the directories made for it.
func (st *staging) abort() {
	st.closeFiles()
	if st.tmp != "" {
		os.RemoveAll(st.tmp)
	}
	for _, d := range st.created {
		os.Remove(d) // only if still empty
	}
}

// session is a report being written in dir under signal handling: from
// openSession to its commit, SIGINT and SIGTERM stop the work and leave an
// earlier report in dir as it was.
type session struct {
	ctx         context.Context
	interrupted func() os.Signal
	stop        func()
	st          *staging
	committed   bool
}

// openSession catches the signals and stages a report for dir, which
// checks, before anything is simulated, that it can be written.
func openSession(cmd, dir string) (*session, error) {
	ctx, interrupted, stop := catchInterrupts()
	st, err := stageReport(dir)
	if err != nil {
		stop()
		return nil, usagef("%s: -o %s: cannot write the report there: %v", cmd, dir, err)
	}
	return &session{ctx: ctx, interrupted: interrupted, stop: stop, st: st}, nil
}

// close aborts an uncommitted report and stops catching the signals.
func (ss *session) close() {
	if !ss.committed {
		ss.st.abort()
	}
	ss.stop()
}

// check returns the interruption, if a signal came, else err.
func (ss *session) check(err error) error {
	if sig := ss.interrupted(); sig != nil {
		return interruptedErr{sig}
	}
	return err
}

// commit moves the report into place.
func (ss *session) commit() error {
	ss.committed = true // commit or abort, the staging is done with
	return ss.st.commit()
}

// resultFiles are results.csv and results.json of a staged report,
// written a row at a time.
type resultFiles struct {
	st *staging
	cw *plots.CSVWriter
	jw *plots.JSONWriter
	// held are rows given by writeHeld whose JSON lines wait to be written
	// together (heldBytes of them); lines is the batch's scratch.
	held      []*rowBuffers
	heldBytes int
	lines     [][]byte
}

// heldJSON is how many bytes of JSON lines writeHeld holds before it
// writes them in one batch: a megabyte, the size of the files' buffers.
const heldJSON = 1 << 20

// createResults starts results.csv and results.json in st.
func createResults(st *staging, scenario string, params, strategies []string) (*resultFiles, error) {
	csvFile, err := st.create("results.csv")
	if err != nil {
		return nil, err
	}
	jsonFile, err := st.create("results.json")
	if err != nil {
		return nil, err
	}
	jw, err := plots.NewJSONWriter(jsonFile, scenario, params, strategies)
	if err != nil {
		return nil, err
	}
	return &resultFiles{st: st, cw: plots.NewCSVWriter(csvFile, scenario, params), jw: jw}, nil
}

// write writes one row, encoded for each file.
func (rf *resultFiles) write(csvLine, jsonLine []byte) error {
	if err := rf.cw.WriteEncoded(csvLine); err != nil {
		return rf.st.fileErr("results.csv", err)
	}
	if err := rf.jw.WriteEncoded(jsonLine); err != nil {
		return rf.st.fileErr("results.json", err)
	}
	return nil
}

// writeHeld writes one row, as write does, but keeps b: its CSV line is
// written now and its JSON line with those of the rows after it, straight
// from their buffers (plots.JSONWriter.WriteLines), after which b goes back
// to rowBufferPool. The files get the same bytes as from write.
func (rf *resultFiles) writeHeld(b *rowBuffers) error {
	if err := rf.cw.WriteEncoded(b.csv); err != nil {
		return rf.st.fileErr("results.csv", err)
	}
	rf.held = append(rf.held, b)
	rf.heldBytes += len(b.json)
	if rf.heldBytes < heldJSON {
		return nil
	}
	return rf.writeHeldLines()
}

// writeHeldLines writes the held rows' JSON lines and lets their buffers
// go.
func (rf *resultFiles) writeHeldLines() error {
	if len(rf.held) == 0 {
		return nil
	}
	lines := rf.lines[:0]
	for _, b := range rf.held {
		lines = append(lines, b.json)
	}
	err := rf.jw.WriteLines(lines)
	clear(lines)
	rf.lines = lines[:0]
	for _, b := range rf.held {
		rowBufferPool.Put(b)
	}
	clear(rf.held)
	rf.held, rf.heldBytes = rf.held[:0], 0
	if err != nil {
		return rf.st.fileErr("results.json", err)
	}
	return nil
}

// close ends both files.
func (rf *resultFiles) close() error {
	if err := rf.writeHeldLines(); err != nil {
		return err
	}
	if err := rf.cw.Flush(); err != nil {
		return rf.st.fileErr("results.csv", err)
	}
	if err := rf.jw.Close(); err != nil {
		return rf.st.fileErr("results.json", err)
	}
	return rf.st.closeFiles()
}
