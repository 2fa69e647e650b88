package scenarios

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// Error is one problem in a scenario file. Its text has the form
//
//	FILE:LINE:COL: path.to.field: what is wrong (what is expected)
//
// Line and Col are 1-based and point at the offending key or value; Path is
// the field's YAML path (sequence elements as [i]), empty for problems of
// the file as a whole (a YAML syntax error).
type Error struct {
	File      string
	Line, Col int
	Path, Msg string
}

func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d:%d", e.Line, e.Col)
	}
	b.WriteString(": ")
	if e.Path != "" {
		b.WriteString(e.Path)
		b.WriteString(": ")
	}
	b.WriteString(e.Msg)
	return b.String()
}

// ErrorList is every problem found in one scenario file, sorted by
// position. It implements error; its text is one Error per line.
type ErrorList []*Error

func (l ErrorList) Error() string {
	s := make([]string, len(l))
	for i, e := range l {
		s[i] = e.Error()
	}
	return strings.Join(s, "\n")
}

// sortAndDedup orders the list by position (then path, then message) and
// drops exact repeats, which arise when every sweep point re-reports the
// same problem.
func (l ErrorList) sortAndDedup() ErrorList {
	sort.SliceStable(l, func(i, j int) bool {
		a, b := l[i], l[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Col != b.Col {
			return a.Col < b.Col
		}
		if a.Path != b.Path {
			return a.Path < b.Path
		}
		return a.Msg < b.Msg
	})
	out := l[:0]
	for i, e := range l {
		if i > 0 && *e == *l[i-1] {
			continue
		}
		out = append(out, e)
	}
	return out
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// syntaxErrors converts an error of the YAML parser into an ErrorList
// (the parser reports only a line).
func syntaxErrors(file string, err error) ErrorList {
	var out ErrorList
	var lines []string
	if te, ok := err.(*yaml.TypeError); ok {
		lines = te.Errors
	} else {
		lines = []string{err.Error()}
	}
	for _, msg := range lines {
		e := &Error{File: file, Line: 1, Col: 1}
		msg = strings.TrimPrefix(msg, "yaml: ")
		if m := yamlLineRE.FindStringSubmatch("yaml: " + msg); m != nil {
			e.Line, _ = strconv.Atoi(m[1])
			msg = m[2]
		}
		e.Msg = "YAML syntax error: " + msg + " (a YAML mapping of scenario sections)"
		out = append(out, e)
	}
	return out
}

// Closest returns the word of known closest to word by edit distance
// (a swapped pair of letters counts as one edit), or a known word word
// begins, or "" if none is close enough to be a plausible misspelling:
// what the errors' "did you mean …?" names.
func Closest(word string, known []string) string { return suggest(word, known) }

// suggest returns the known key closest to key by edit distance, or "" if
// none is close enough to be a plausible misspelling.
func suggest(key string, known []string) string {
	best, bestD := "", 1<<30
	lk := strings.ToLower(key)
	for _, k := range known {
		d := editDistance(lk, strings.ToLower(k))
		if d < bestD {
			best, bestD = k, d
		}
	}
	limit := 2
	if len(key) <= 3 {
		limit = 1
	}
	if len(key) >= 8 {
		limit = 3
	}
	if bestD <= limit {
		return best
	}
	// A prefix or suffix of a known key ("keep" for "keepalive").
	for _, k := range known {
		if len(lk) >= 3 && (strings.HasPrefix(k, lk) || strings.HasPrefix(lk, k) && len(k) >= 3) {
			return k
		}
	}
	return ""
}

// editDistance is the Damerau–Levenshtein (optimal string alignment)
// distance, so a swapped pair of letters counts as one edit.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}
