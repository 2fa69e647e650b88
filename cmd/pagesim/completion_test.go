package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// helpFlags are the flags a command's help lists: the lines of its Flags
// section that start with a dash.
func helpFlags(help string) []string {
	_, flags, ok := strings.Cut(help, "\nFlags")
	if !ok {
		return nil
	}
	flags, _, _ = strings.Cut(flags, "\n\n")
	var out []string
	for _, m := range regexp.MustCompile(`(?m)^  (-{1,2}[a-z][a-z-]*)`).FindAllStringSubmatch(flags, -1) {
		out = append(out, m[1])
	}
	sort.Strings(out)
	return out
}

// TestCompletionMatchesHelp: the completion scripts offer every command,
// and for each exactly the flags its help lists.
func TestCompletionMatchesHelp(t *testing.T) {
	specs := map[string]complCmd{}
	for _, c := range completionCommands() {
		specs[c.name] = c
	}
	for name, c := range commands {
		spec, ok := specs[name]
		if !ok {
			t.Errorf("command %s is not completed", name)
			continue
		}
		if got, want := spec.sortedFlags(), helpFlags(c.help); !reflect.DeepEqual(got, want) && !(len(got) == 0 && len(want) == 0) {
			t.Errorf("%s: completion offers flags %v, its help lists %v", name, got, want)
		}
	}
	if _, ok := specs["help"]; !ok || len(specs) != len(commands)+1 {
		t.Errorf("completed commands %v: want those of pagesim and help", completionWords("command"))
	}
}

// completeBash runs the bash script's function on a command line (the
// word under the cursor last) in dir and returns what it offers.
func completeBash(t *testing.T, script, dir string, words ...string) []string {
	t.Helper()
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = "'" + w + "'"
	}
	cmd := exec.Command("bash", "-c", `source "$1"; COMP_WORDS=(`+strings.Join(quoted, " ")+`); COMP_CWORD=`+
		strconv.Itoa(len(words)-1)+`; _pagesim; printf '%s\n' "${COMPREPLY[@]}"`, "bash", script)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("bash: %v\n%s", err, out)
	}
	return strings.Fields(string(out))
}

func writeScript(t *testing.T, shell string) (script, dir string) {
	t.Helper()
	stdout, stderr, code := runCLI("completion", shell)
	if code != 0 {
		t.Fatalf("completion %s: exit %d: %s", shell, code, stderr)
	}
	dir = t.TempDir()
	script = filepath.Join(dir, "pagesim."+shell)
	if err := os.WriteFile(script, []byte(stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	work := filepath.Join(dir, "work")
	os.Mkdir(work, 0o755)
	for _, f := range []string{"page.yaml", "rec.har", "notes.txt"} {
		os.WriteFile(filepath.Join(work, f), nil, 0o644)
	}
	os.Mkdir(filepath.Join(work, "out"), 0o755)
	return script, work
}

// TestCompletionBash runs the bash script: commands, flags, example
// names, shells, and scenario files only for validate.
func TestCompletionBash(t *testing.T) {
	if _, err := exec.LookPath("bash"); err != nil {
		t.Skip("no bash")
	}
	script, work := writeScript(t, "bash")
	for _, c := range []struct {
		words []string
		want  []string
	}{
		{[]string{"pagesim", "ru"}, []string{"run"}},
		{[]string{"pagesim", "--ver"}, []string{"--version"}},
		{[]string{"pagesim", "run", "--ex"}, []string{"--example"}},
		{[]string{"pagesim", "run", "--example", "sat"}, []string{"satellite"}},
		{[]string{"pagesim", "examples", "hazard-dumb"}, []string{"hazard-dumb-proxy"}},
		{[]string{"pagesim", "completion", ""}, []string{"bash", "zsh", "fish"}},
		{[]string{"pagesim", "validate", ""}, []string{"out", "page.yaml"}},
		{[]string{"pagesim", "import-har", ""}, []string{"out", "rec.har"}},
		{[]string{"pagesim", "run", "-o", ""}, []string{"out"}},
		{[]string{"pagesim", "import-har", "--"}, []string{"--keep-cached"}},
	} {
		got := completeBash(t, script, work, c.words...)
		sort.Strings(got)
		want := append([]string(nil), c.want...)
		sort.Strings(want)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%q: bash offers %q, want %q", c.words, got, want)
		}
	}
}

// TestCompletionZshFish checks the zsh script's syntax and runs the fish
// script (complete -C). Without zsh or fish it skips — unless
// PAGESIM_COMPLETION_SHELLS is set, as .ci/run sets it after installing
// them, so CI cannot skip it silently.
func TestCompletionZshFish(t *testing.T) {
	required := os.Getenv("PAGESIM_COMPLETION_SHELLS") != ""
	for _, shell := range []string{"zsh", "fish"} {
		t.Run(shell, func(t *testing.T) {
			if _, err := exec.LookPath(shell); err != nil {
				if required {
					t.Fatalf("%s not installed, but PAGESIM_COMPLETION_SHELLS is set", shell)
				}
				t.Skipf("no %s (set PAGESIM_COMPLETION_SHELLS to require it)", shell)
			}
			script, work := writeScript(t, shell)
			if out, err := exec.Command(shell, "-n", script).CombinedOutput(); err != nil {
				t.Fatalf("%s -n: %v\n%s", shell, err, out)
			}
			if shell == "zsh" {
				out, err := exec.Command("zsh", "-c", `autoload -U compinit; compinit -u; source "$1"; whence -w _pagesim`, "zsh", script).CombinedOutput()
				if err != nil || !strings.Contains(string(out), "_pagesim: function") {
					t.Errorf("zsh: the script does not define _pagesim: %v\n%s", err, out)
				}
				return
			}
			for _, c := range []struct{ line, want string }{
				{"pagesim comp", "completion"},
				{"pagesim run --ex", "--example"},
				{"pagesim run --example sat", "satellite"},
				{"pagesim completion ", "fish"},
				{"pagesim validate ", "page.yaml"},
			} {
				cmd := exec.Command("fish", "--no-config", "-c", `source $argv[1]; complete -C $argv[2]`, script, c.line)
				cmd.Dir = work
				out, err := cmd.CombinedOutput()
				if err != nil || !strings.Contains("\n"+string(out), "\n"+c.want) {
					t.Errorf("fish: %q offers %q (%v), want %q among them", c.line, out, err, c.want)
				}
			}
		})
	}
}
