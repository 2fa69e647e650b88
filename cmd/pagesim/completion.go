package main

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"pagesim/model"
	"pagesim/scenarios"
)

const completionHelp = `Usage: pagesim completion bash|zsh|fish

Print a shell completion script for pagesim: its commands, each command's
flags, the embedded examples' names after --example and for examples,
scenario files (*.yaml) for run and validate, HAR files for import-har,
directories after -o.

Examples:
  source <(pagesim completion bash)                  # this shell
  pagesim completion bash > /etc/bash_completion.d/pagesim
  pagesim completion zsh > "${fpath[1]}/_pagesim"    # then restart zsh
  pagesim completion fish > ~/.config/fish/completions/pagesim.fish
`

// complFlag is a flag the completion scripts offer, and what its value
// is: "" (none: a boolean), "dir", "file", "example", "number" (any value:
// nothing to offer), "charts" (the values of run --charts), "detail" (of
// --detail).
type complFlag struct {
	name, value string
}

// complCmd is a command for the completion scripts: its flags and what
// its arguments are ("yaml", "har", "report": report folders and
// results.json files, "example", "command", "shell", or "" for none).
type complCmd struct {
	name  string
	flags []complFlag
	args  string
}

// completionCommands lists what the scripts complete, in the order of
// pagesim -h. TestCompletionMatchesHelp keeps it in step with every
// command's help.
func completionCommands() []complCmd {
	return []complCmd{
		{"run", []complFlag{{"-o", "dir"}, {"-j", "number"}, {"-q", ""}, {"--no-plots", ""}, {"--charts", "charts"}, {"--detail", "detail"},
			{"--example", "example"}, {"--shard", "number"}, {"--resume", ""}, {"--merge", ""}}, "yaml"},
		{"merge", []complFlag{{"-o", "dir"}, {"-j", "number"}, {"-q", ""}, {"--no-plots", ""}}, "report"},
		{"jobs", []complFlag{{"--slurm", ""}, {"--kubernetes", ""}, {"--htcondor", ""}, {"-n", "number"}, {"-o", "dir"}, {"-c", "number"},
			{"--mem", "number"}, {"--time", "number"}, {"--detail", "detail"}, {"--no-plots", ""}, {"--pagesim", "file"},
			{"--image", "number"}, {"--pvc", "number"}, {"--parallel", "number"}}, "yaml"},
		{"validate", nil, "yaml"},
		{"presets", nil, ""},
		{"examples", nil, "example"},
		{"import-har", []complFlag{{"--keep-cached", ""}}, "har"},
		{"replay", []complFlag{{"-o", "dir"}, {"-n", "number"}, {"--strategy", "strategy"}, {"--keep-cached", ""}}, "har"},
		{"compare", []complFlag{{"--png", "file"}, {"--no-plots", ""}}, "report"},
		{"version", nil, ""},
		{"completion", nil, "shell"},
		{"help", nil, "command"},
	}
}

var completionShells = []string{"bash", "zsh", "fish"}

func completionCmd(args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("completion")
	pos, err := parse(fs, args, completionHelp, stdout)
	if err != nil {
		if errors.Is(err, errHelped) {
			return nil
		}
		return err
	}
	if len(pos) != 1 {
		return usagef("completion: one shell expected (usage: pagesim completion %s)", strings.Join(completionShells, "|"))
	}
	var script string
	switch pos[0] {
	case "bash":
		script = bashCompletion()
	case "zsh":
		script = zshCompletion()
	case "fish":
		script = fishCompletion()
	default:
		return usagef("completion: unknown shell %q (expected %s)", pos[0], strings.Join(completionShells, ", "))
	}
	_, err = io.WriteString(stdout, script)
	return err
}

// completionWords are the words a script offers for a kind of value.
func completionWords(kind string) []string {
	switch kind {
	case "example":
		return scenarios.Examples()
	case "shell":
		return completionShells
	case "command":
		var out []string
		for _, c := range completionCommands() {
			out = append(out, c.name)
		}
		return out
	case "charts":
		return []string{"first", "all"}
	case "detail":
		return []string{"all", "charted", "none"}
	case "strategy":
		var out []string
		for _, s := range append(append([]model.Strategy{}, model.Strategies...), model.ReplayStrategies...) {
			out = append(out, s.Name)
		}
		return out
	}
	return nil
}

func commandNames() string { return strings.Join(completionWords("command"), " ") }

// bashCompletion is the script for bash (complete -F).
func bashCompletion() string {
	var b strings.Builder
	b.WriteString(`# bash completion for pagesim (pagesim completion bash).
_pagesim() {
    local cur prev cmd
    cur="${COMP_WORDS[COMP_CWORD]}"
    prev="${COMP_WORDS[COMP_CWORD-1]}"
    COMPREPLY=()
    if [ "$COMP_CWORD" -eq 1 ]; then
        COMPREPLY=( $(compgen -W "` + commandNames() + ` --version -h --help" -- "$cur") )
        return 0
    fi
    cmd="${COMP_WORDS[1]}"
    case "$cmd:$prev" in
`)
	for _, c := range completionCommands() {
		for _, f := range c.flags {
			switch f.value {
			case "":
				continue
			case "dir":
				fmt.Fprintf(&b, "        %s:%s) COMPREPLY=( $(compgen -d -- \"$cur\") ); return 0 ;;\n", c.name, f.name)
			case "file":
				fmt.Fprintf(&b, "        %s:%s) COMPREPLY=( $(compgen -f -- \"$cur\") ); return 0 ;;\n", c.name, f.name)
			case "number":
				fmt.Fprintf(&b, "        %s:%s) return 0 ;;\n", c.name, f.name)
			default:
				fmt.Fprintf(&b, "        %s:%s) COMPREPLY=( $(compgen -W \"%s\" -- \"$cur\") ); return 0 ;;\n", c.name, f.name, strings.Join(completionWords(f.value), " "))
			}
		}
	}
	b.WriteString("    esac\n    case \"$cmd\" in\n")
	for _, c := range completionCommands() {
		var flags []string
		for _, f := range c.flags {
			flags = append(flags, f.name)
		}
		flags = append(flags, "-h")
		fmt.Fprintf(&b, "        %s)\n            if [[ \"$cur\" == -* ]]; then COMPREPLY=( $(compgen -W \"%s\" -- \"$cur\") ); return 0; fi\n", c.name, strings.Join(flags, " "))
		switch c.args {
		case "yaml":
			b.WriteString("            COMPREPLY=( $(compgen -f -X '!*.y*ml' -- \"$cur\") $(compgen -d -- \"$cur\") ) ;;\n")
		case "har":
			b.WriteString("            COMPREPLY=( $(compgen -f -X '!*.har' -- \"$cur\") $(compgen -d -- \"$cur\") ) ;;\n")
		case "report":
			b.WriteString("            COMPREPLY=( $(compgen -f -X '!*.json' -- \"$cur\") $(compgen -d -- \"$cur\") ) ;;\n")
		case "":
			b.WriteString("            ;;\n")
		default:
			fmt.Fprintf(&b, "            COMPREPLY=( $(compgen -W \"%s\" -- \"$cur\") ) ;;\n", strings.Join(completionWords(c.args), " "))
		}
	}
	b.WriteString("    esac\n    return 0\n}\ncomplete -o filenames -F _pagesim pagesim\n")
	return b.String()
}

// zshCompletion is the script for zsh (a #compdef function).
func zshCompletion() string {
	var b strings.Builder
	b.WriteString("#compdef pagesim\n# zsh completion for pagesim (pagesim completion zsh).\n_pagesim() {\n")
	b.WriteString("    local -a commands\n    commands=(\n")
	for _, c := range completionCommands() {
		fmt.Fprintf(&b, "        '%s'\n", c.name)
	}
	b.WriteString("    )\n    if (( CURRENT == 2 )); then\n        _describe -t commands 'pagesim command' commands\n        _arguments '--version[print the version]' '(-h --help)'{-h,--help}'[help]'\n        return\n    fi\n")
	b.WriteString("    case ${words[2]} in\n")
	for _, c := range completionCommands() {
		fmt.Fprintf(&b, "        %s)\n            _arguments \\\n", c.name)
		for _, f := range c.flags {
			spec := ""
			switch f.value {
			case "dir":
				spec = ":directory:_files -/"
			case "file":
				spec = ":file:_files"
			case "number":
				spec = ":number:"
			case "":
			default:
				spec = fmt.Sprintf(":%s:(%s)", f.value, strings.Join(completionWords(f.value), " "))
			}
			fmt.Fprintf(&b, "                '%s[%s]%s' \\\n", f.name, strings.TrimLeft(f.name, "-"), spec)
		}
		b.WriteString("                '-h[help]' \\\n")
		switch c.args {
		case "yaml":
			b.WriteString("                '*:scenario:_files -g \"*.y(a|)ml\"'\n")
		case "har":
			b.WriteString("                '*:recording:_files -g \"*.har\"'\n")
		case "report":
			b.WriteString("                '*:report:_files -g \"*.json\"'\n")
		case "":
			b.WriteString("                \n")
		default:
			fmt.Fprintf(&b, "                '1:%s:(%s)'\n", c.args, strings.Join(completionWords(c.args), " "))
		}
		b.WriteString("            ;;\n")
	}
	b.WriteString("    esac\n}\ncompdef _pagesim pagesim\n")
	return b.String()
}

// fishCompletion is the script for fish (complete -c).
func fishCompletion() string {
	var b strings.Builder
	b.WriteString("# fish completion for pagesim (pagesim completion fish).\ncomplete -c pagesim -f\n")
	fmt.Fprintf(&b, "complete -c pagesim -n __fish_use_subcommand -a '%s'\n", commandNames())
	b.WriteString("complete -c pagesim -n __fish_use_subcommand -l version -d 'print the version'\n")
	for _, c := range completionCommands() {
		cond := "__fish_seen_subcommand_from " + c.name
		for _, f := range c.flags {
			opt := "-s " + strings.TrimPrefix(f.name, "-")
			if strings.HasPrefix(f.name, "--") {
				opt = "-l " + strings.TrimPrefix(f.name, "--")
			} else if len(f.name) > 2 {
				opt = "-o " + strings.TrimPrefix(f.name, "-")
			}
			switch f.value {
			case "":
				fmt.Fprintf(&b, "complete -c pagesim -n '%s' %s\n", cond, opt)
			case "dir":
				fmt.Fprintf(&b, "complete -c pagesim -n '%s' %s -r -a '(__fish_complete_directories)'\n", cond, opt)
			case "file":
				fmt.Fprintf(&b, "complete -c pagesim -n '%s' %s -r -F\n", cond, opt)
			case "number":
				fmt.Fprintf(&b, "complete -c pagesim -n '%s' %s -r\n", cond, opt)
			default:
				fmt.Fprintf(&b, "complete -c pagesim -n '%s' %s -r -a '%s'\n", cond, opt, strings.Join(completionWords(f.value), " "))
			}
		}
		switch c.args {
		case "yaml", "har", "report":
			exts := map[string]string{"yaml": "yaml yml", "har": "har", "report": "json"}[c.args]
			var parts []string
			for _, e := range strings.Fields(exts) {
				parts = append(parts, fmt.Sprintf("(__fish_complete_suffix .%s)", e))
			}
			fmt.Fprintf(&b, "complete -c pagesim -n '%s' -a '%s'\n", cond, strings.Join(parts, " "))
		case "":
		default:
			fmt.Fprintf(&b, "complete -c pagesim -n '%s' -a '%s'\n", cond, strings.Join(completionWords(c.args), " "))
		}
	}
	return b.String()
}

// sortedFlags are the flag names of c, sorted (for tests).
func (c complCmd) sortedFlags() []string {
	var out []string
	for _, f := range c.flags {
		out = append(out, f.name)
	}
	sort.Strings(out)
	return out
}
