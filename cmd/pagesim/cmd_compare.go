package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"pagesim/plots"
)

const compareHelp = `Usage: pagesim compare OLD NEW [--png FILE] [--no-plots]

Compare two reports — report directories or results.json files, e.g. the
same scenario before and after a change — the benchstat of page loads:
for every sweep point and strategy, the old and the new load time (the
median of the complete runs, with the 5th–95th percentiles and the number
of runs when there are several), the change of the median in %, and
whether the runs differ significantly (Mann–Whitney U test at α = 0.05:
"faster" or "slower", "~" when they do not; with one run on a side nothing
can be tested). Points are matched by the values of their swept
parameters, which must be the same in both. The table goes to standard
output, and a chart of the changes to FILE.

Flags:
  --png FILE  the chart of the changes (default "compare.png")
  --no-plots  no chart

Examples:
  pagesim compare before/ after/
  pagesim compare old/results.json new/results.json --png change.png
`

func compareCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("compare")
	pngFile := fs.String("png", "compare.png", "chart file")
	noPlots := fs.Bool("no-plots", false, "no chart")
	pos, err := parse(fs, args, compareHelp, stdout)
	if err != nil {
		if errors.Is(err, errHelped) {
			return nil
		}
		return err
	}
	if len(pos) != 2 {
		return usagef("compare: two reports expected, OLD and NEW (usage: pagesim compare OLD NEW)")
	}
	var reps [2]*plots.Report
	for i, p := range pos {
		if reps[i], err = readResults(p); err != nil {
			return err
		}
	}
	rows, err := plots.Compare(reps[0], reps[1])
	if err != nil {
		return badInput{fmt.Errorf("compare: %s and %s: %v", pos[0], pos[1], err)}
	}
	if err := plots.WriteCompare(stdout, reps[0].Params, rows, pos[0], pos[1]); err != nil {
		return err
	}
	if *noPlots {
		return nil
	}
	c, err := plots.CompareChart(reps[0].Params, rows, pos[0], pos[1])
	if err != nil {
		return err
	}
	f, err := os.Create(*pngFile)
	if err != nil {
		return badInput{fmt.Errorf("compare: --png %s: %v", *pngFile, err)}
	}
	if err := c.Render(f, "png"); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "pagesim: wrote %s\n", *pngFile)
	return nil
}

// readResults reads a report: a results.json file, or the one in a report
// directory.
func readResults(path string) (*plots.Report, error) {
	file := path
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		file = filepath.Join(path, "results.json")
	}
	f, err := os.Open(file)
	if err != nil {
		return nil, badInput{fmt.Errorf("compare: %v (expected a report directory or its results.json)", err)}
	}
	defer f.Close()
	r, err := plots.ReadJSON(f)
	if err != nil {
		return nil, badInput{fmt.Errorf("compare: %s: %v", file, err)}
	}
	return r, nil
}
