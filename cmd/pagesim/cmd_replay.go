package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"pagesim/model"
	"pagesim/plots"
	"pagesim/scenarios/har"
	"pagesim/scenarios/replay"
)

const replayHelp = `Usage: pagesim replay FILE.har [-o DIR] [-n N] [--strategy NAME] [--keep-cached]

Replay a HAR recording as it was recorded and say how far the replay is
from what the browser measured, before asking what-if questions of it.
The recording is imported as import-har imports it (its network, hosts,
client and server times) and simulated once under the as-recorded
strategy: each host with its recorded protocol and connections.

Printed: the recorded onLoad against the replay's — when the last of the
objects the recording had finished by its onLoad (the load set) arrived
in the replay — with the error, and the objects whose request or last
byte moved most, with their recorded and simulated start and end.

Flags:
  -o DIR         also write DIR/replay-STRATEGY.png (the recorded and the
                 replayed waterfall side by side), DIR/objects.csv (every
                 object, recorded and replayed) and DIR/scenario.yaml (the
                 imported scenario, to edit for what-ifs)
  -n N           list the N largest divergences (default 20; 0: none)
  --strategy S   replay under another strategy (default as-recorded)
  --keep-cached  keep entries served from the browser cache

Examples:
  pagesim replay page.har
  pagesim replay page.har -o replay-report -n 50
  pagesim replay page.har --strategy browser
`

func replayCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("replay")
	out := fs.String("o", "", "output directory")
	n := fs.Int("n", 20, "divergences to list")
	strategy := fs.String("strategy", replay.DefaultStrategy, "strategy")
	keep := fs.Bool("keep-cached", false, "keep cached entries")
	pos, err := parse(fs, args, replayHelp, stdout)
	if err != nil {
		if errors.Is(err, errHelped) {
			return nil
		}
		return err
	}
	if len(pos) != 1 {
		return usagef("replay: exactly one HAR file expected (usage: pagesim replay FILE.har)")
	}
	if *n < 0 {
		return usagef("replay: -n %d: expected 0 or more objects to list", *n)
	}
	if _, ok := model.StrategyByName(*strategy); !ok {
		var names []string
		for _, s := range append(append([]model.Strategy(nil), model.Strategies...), model.ReplayStrategies...) {
			names = append(names, s.Name)
		}
		return usagef("replay: --strategy %q: not a strategy preset (expected one of %s)", *strategy, strings.Join(names, ", "))
	}
	rec, err := har.Load(pos[0], har.Options{KeepCached: *keep})
	if err != nil {
		return badInput{err}
	}
	for _, w := range rec.Warnings {
		fmt.Fprintf(stderr, "pagesim: replay: %s: warning: %s\n", pos[0], w)
	}
	rp, err := replay.Run(rec, pos[0], *strategy)
	if err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	var b bytes.Buffer
	printReplay(&b, pos[0], rp, *n)
	if *out != "" {
		if err := writeReplay(*out, rp); err != nil {
			return err
		}
		fmt.Fprintf(&b, "\nwritten: %s\n", strings.Join([]string{
			filepath.Join(*out, replayFigure(rp)), filepath.Join(*out, "objects.csv"), filepath.Join(*out, "scenario.yaml")}, ", "))
	}
	_, err = stdout.Write(b.Bytes())
	return err
}

// msText prints a duration in milliseconds with one decimal.
func msText(d time.Duration) string {
	return strconv.FormatFloat(float64(d.Microseconds())/1000, 'f', 1, 64)
}

// printReplay writes the comparison: the page, the network, the load
// time against onLoad, and the n largest divergences.
func printReplay(w io.Writer, file string, rp *replay.Replay, n int) {
	rec := rp.Rec
	fmt.Fprintf(w, "replay of %s (%s)\n", file, orDash(strings.TrimSpace(rec.Creator+"; "+rec.Browser)))
	fmt.Fprintf(w, "page:     %s: %d objects on %d hosts, %d B\n", rec.PageURL, rec.Objects, len(rec.Hosts), rec.Bytes)
	fmt.Fprintf(w, "network:  %s; base RTT %s ms\n", rec.Network.Source, msText(rec.Network.RTT))
	res := rp.Result
	switch {
	case !res.Complete:
		fmt.Fprintf(w, "replay:   INCOMPLETE under %s: %s\n", rp.Strategy, orDash(res.IncompleteDetail))
	case rec.OnLoad < 0:
		fmt.Fprintf(w, "onLoad:   not recorded; replayed under %s, every object arrived by %s ms (recorded: %s ms)\n",
			rp.Strategy, msText(rp.Simulated), msText(rp.RecordedEnd))
	default:
		fmt.Fprintf(w, "onLoad:   %s ms recorded, %s ms replayed under %s: %+.1f %%\n",
			msText(rec.OnLoad), msText(rp.Simulated), rp.Strategy, 100*rp.Error)
		fmt.Fprintf(w, "          (over the load set: the %d of %d objects the recording had finished by its onLoad;\n", rp.LoadSet, rec.Objects)
		fmt.Fprintf(w, "          the last of them ended at %s ms in the recording, %s ms of it the browser's own time on its chain)\n",
			msText(rp.RecordedEnd), msText(rp.ChainClientTime))
	}
	if n == 0 {
		return
	}
	n = min(n, len(rp.Objects))
	fmt.Fprintf(w, "\nthe %d largest divergences of %d objects (ms from navigation start; start: the request made, end: the last byte):\n", n, len(rp.Objects))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "#\tobject\thost\trecorded start\treplayed\tΔ\trecorded end\treplayed\tΔ\t")
	for _, d := range rp.Objects[:n] {
		o := rec.Page.Objects[d.Index]
		id := d.ID
		if r := []rune(id); len(r) > 32 {
			id = string(r[:31]) + "…"
		}
		end, dEnd := msText(d.SimEnd), msText(d.SimEnd-d.RecEnd)
		if d.Failed {
			end, dEnd = "failed", "–"
		}
		mark := ""
		if !d.InLoad {
			mark = " *"
		}
		fmt.Fprintf(tw, "%d\t%s%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\n", d.Index, id, mark, o.Host,
			msText(d.RecStart), msText(d.SimStart), msText(d.SimStart-d.RecStart), msText(d.RecEnd), end, dEnd)
	}
	_ = tw.Flush()
	fmt.Fprintln(w, "(* not in the load set: the recording finished it after its onLoad)")
}

func orDash(s string) string {
	if s == "" || s == ";" {
		return "–"
	}
	return s
}

// replayFigure is the file name of the side-by-side waterfall.
func replayFigure(rp *replay.Replay) string { return "replay-" + replayStem(rp.Strategy) + ".png" }

func replayStem(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' {
			return r
		}
		return '_'
	}, s)
}

// writeReplay writes the figure, the objects' CSV and the scenario into
// dir (created if needed).
func writeReplay(dir string, rp *replay.Replay) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return badInput{fmt.Errorf("replay: -o %s: %v", dir, err)}
	}
	name := strings.TrimSuffix(strings.TrimSuffix(filepath.Base(rp.Rec.File), ".gz"), ".har")
	fig, err := plots.ReplayWaterfalls(name, rp.Strategy, replay.Recorded(rp.Rec), rp.Result)
	if err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	var png bytes.Buffer
	if err := fig.Render(&png, "png"); err != nil {
		return fmt.Errorf("replay: %w", err)
	}
	var rows bytes.Buffer
	cw := csv.NewWriter(&rows)
	_ = cw.Write([]string{"index", "id", "url", "in_load_set", "recorded_start_ms", "replayed_start_ms", "recorded_end_ms", "replayed_end_ms", "failed", "divergence_ms"})
	byIndex := make([]replay.ObjectDiff, len(rp.Objects))
	for _, d := range rp.Objects {
		byIndex[d.Index] = d
	}
	for _, d := range byIndex {
		_ = cw.Write([]string{strconv.Itoa(d.Index), d.ID, d.URL, strconv.FormatBool(d.InLoad),
			msText(d.RecStart), msText(d.SimStart), msText(d.RecEnd), msText(d.SimEnd), strconv.FormatBool(d.Failed), msText(d.Divergence)})
	}
	cw.Flush()
	for _, f := range []struct {
		name string
		data []byte
	}{{replayFigure(rp), png.Bytes()}, {"objects.csv", rows.Bytes()}, {"scenario.yaml", rp.Scenario}} {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
			return badInput{fmt.Errorf("replay: %v", err)}
		}
	}
	return nil
}
