package main

import (
	"flag"
	"fmt"
	"io"
	"os"
)

func main() {
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ns3check:", err)
		os.Exit(1)
	}
}

func run(args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("ns3check", flag.ContinueOnError)
	fs.SetOutput(stderr)
	harness := fs.String("harness", "", "a built harness binary (default: build harness/pageload.cc with g++)")
	out := fs.String("o", "", "write the report here (default: standard output)")
	profile := fs.String("profile", "ns3", "pagesim's TCP profile")
	subset := fs.Bool("subset", false, "only the cases go test runs")
	jobs := fs.Int("j", 0, "parallel workers (0: one per CPU)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	bin := *harness
	if bin == "" {
		dir, err := os.MkdirTemp("", "ns3check")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		if bin, err = Build(dir); err != nil {
			return err
		}
	}
	cases := Grid()
	command := "go run ./cmd/ns3check -o docs/validation.md"
	if *subset {
		cases = Subset()
		command = "go run ./cmd/ns3check -subset"
	}
	rows, err := Compare(bin, *profile, cases, *jobs)
	if err != nil {
		return err
	}
	w := stdout
	if *out != "" {
		f, err := os.Create(*out)
		if err != nil {
			return err
		}
		defer f.Close()
		w = f
	}
	return Report(w, command, *profile, rows)
}
