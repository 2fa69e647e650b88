package main

import (
	"bufio"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadmeCommands runs every command of the README's ```sh blocks with
// the built binary ("go run ./cmd/pagesim" and "pagesim" both mean it), in
// a scratch directory, and checks that each succeeds and that every run
// writes its report. "go test" lines are what is running now and are
// skipped.
func TestReadmeCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and runs examples")
	}
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	cmds := readmeCommands(t, filepath.Join(root, "README.md"))
	if len(cmds) < 5 {
		t.Fatalf("found %d commands in README.md; the sh blocks were not parsed", len(cmds))
	}
	bin := pagesimBinary(t)
	dir := t.TempDir()
	ran := 0
	for _, line := range cmds {
		args := strings.Fields(line)
		switch {
		case len(args) >= 2 && args[0] == "go" && args[1] == "test":
			continue
		case len(args) >= 3 && args[0] == "go" && args[1] == "run" && args[2] == "./cmd/pagesim":
			args = args[3:]
		case len(args) >= 1 && args[0] == "pagesim":
			args = args[1:]
		default:
			t.Errorf("README command %q is neither pagesim nor go test: add it to this test", line)
			continue
		}
		var redirect string
		for i, a := range args {
			if a == ">" && i+1 < len(args) {
				redirect = args[i+1]
				args = args[:i]
				break
			}
		}
		for i, a := range args {
			if strings.HasPrefix(a, "scenarios/") { // repository paths
				args[i] = filepath.Join(root, a)
			}
		}
		cmd := exec.Command(bin, args...)
		cmd.Dir = dir
		out, err := cmd.Output()
		if err != nil {
			t.Errorf("%s: %v", line, err)
			continue
		}
		ran++
		if redirect != "" {
			if err := os.WriteFile(filepath.Join(dir, redirect), out, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if len(args) > 0 && args[0] == "run" {
			out := "report"
			for i, a := range args {
				if a == "-o" && i+1 < len(args) {
					out = args[i+1]
				}
			}
			if _, err := os.Stat(filepath.Join(dir, out, "results.csv")); err != nil {
				t.Errorf("%s: no results.csv: %v", line, err)
			}
		}
	}
	if ran == 0 {
		t.Fatal("no README command ran")
	}
}

// readmeCommands returns the command lines of the ```sh blocks, comments
// stripped.
func readmeCommands(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cmds []string
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "```sh"):
			in = true
		case strings.HasPrefix(line, "```"):
			in = false
		case in:
			if i := strings.Index(line, " #"); i >= 0 {
				line = line[:i]
			}
			if line = strings.TrimSpace(line); line != "" {
				cmds = append(cmds, line)
			}
		}
	}
	return cmds
}
