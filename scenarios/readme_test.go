package scenarios

import (
	"os"
	"strings"
	"testing"
)

// TestReadmeScenario parses the scenario shown in README.md, and checks
// that the README's reference names every key the loader knows.
func TestReadmeScenario(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	start := strings.Index(text, "```yaml\n")
	if start < 0 {
		t.Fatal("README.md has no yaml block")
	}
	body := text[start+len("```yaml\n"):]
	body = body[:strings.Index(body, "```")]
	sc, err := Parse("README.md", []byte(body))
	if err != nil {
		t.Fatalf("the README's scenario does not parse:\n%v", err)
	}
	if jobs, err := sc.Jobs(); err != nil || len(jobs) != 5*9 {
		t.Errorf("README scenario: %d jobs (%v), want 5 strategies × 9 sweep points", len(jobs), err)
	}
	// Every leaf of the schema appears in the reference, as `section.key`
	// (hosts.NAME.key, page.objects[].key, strategies[].key, faults[].key).
	var walk func(prefix string, s *schema)
	walk = func(prefix string, s *schema) {
		if s.anyKey != nil {
			walk(prefix+".NAME", s.anyKey)
			return
		}
		if s.elem != nil && s.keys == nil {
			if s.elem.keys != nil {
				walk(prefix+"[]", s.elem)
			}
			return
		}
		for _, k := range s.order {
			path := k
			if prefix != "" {
				path = prefix + "." + k
			}
			c := s.keys[k]
			if c.keys != nil && !strings.HasSuffix(path, "think") && !strings.HasSuffix(path, "size") || c.anyKey != nil || c.elem != nil && c.elem.keys != nil {
				walk(path, c)
				continue
			}
			short := path[strings.LastIndex(path, ".")+1:]
			if !strings.Contains(text, "`"+path+"`") && !(strings.HasPrefix(path, "strategies[]") || strings.HasPrefix(path, "faults[]")) {
				t.Errorf("README.md's reference does not mention `%s`", path)
			}
			if !strings.Contains(text, short) {
				t.Errorf("README.md does not mention %s", short)
			}
		}
	}
	walk("", rootSchema)
}
