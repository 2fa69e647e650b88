package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// newFlagSet returns a FlagSet that reports nothing itself: parse prints
// help and turns errors into bad-input errors.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// errHelped says help was printed and the command should stop with
// success.
var errHelped = errors.New("help printed")

// parse parses args with fs, allowing flags after positional arguments
// ("run x.yaml -o out"); "--" ends the flags. -h and --help print help to
// stdout and return errHelped.
func parse(fs *flag.FlagSet, args []string, help string, stdout io.Writer) ([]string, error) {
	var pos []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprint(stdout, help)
			return nil, errHelped
		}
		if err != nil {
			return nil, usagef("%s: %v (see pagesim %s -h)", fs.Name(), err, fs.Name())
		}
		rest := fs.Args()
		consumed := len(args) - len(rest)
		if consumed > 0 && args[consumed-1] == "--" {
			return append(pos, rest...), nil
		}
		if len(rest) == 0 {
			return pos, nil
		}
		if strings.HasPrefix(rest[0], "-") && rest[0] != "-" {
			// Parse stopped at a flag it did not consume: cannot happen
			// with ContinueOnError, but never loop forever.
			return nil, usagef("%s: cannot parse %q", fs.Name(), rest[0])
		}
		pos = append(pos, rest[0])
		args = rest[1:]
	}
}
