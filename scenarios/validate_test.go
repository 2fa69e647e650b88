package scenarios

import (
	"strings"
	"testing"

	"go.yaml.in/yaml/v3"

	"pagesim/model"
)

// TestModelRulesAtLoad: every rule model.Config.Validate enforces is
// checked while loading, with the file, line and column of the field, or
// of the related or nearest written field when the one at fault took its
// default (network: {mss: 5MiB} passed validate and failed at run time
// with exit 1 and no position; two faults on one object silently kept
// the later one).
func TestModelRulesAtLoad(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"mss above the default rwnd", "network: {mss: 5MiB}" + page1,
			`s.yaml:1:16: tcp.rwnd: must be at least one MSS (5242880 B), got 4194304 B (tcp.rwnd is not written here: its value is a default or comes from the page)`},
		{"mss above a written rwnd", "network: {mss: 5MiB}\ntcp: {rwnd: 1MiB}" + page1,
			`s.yaml:2:13: tcp.rwnd: must be at least one MSS (5242880 B), got 1048576 B`},
		{"swept mss above the default rwnd", "sweep: {network.mss: [1460B, 5MiB]}" + page1,
			`s.yaml:1:9: sweep.network.mss: must be at least one MSS (5242880 B), got 4194304 B (tcp.rwnd is not written here: its value is a default or comes from the page)`},
		{"two faults on one object", "faults: [{kind: close_mid_body, object: b, at: 10%}, {kind: close_mid_body, object: b, at: 90%}]" +
			"\npage: {objects: [{url: http://a.com/, size: 1KB}, {url: http://a.com/b, size: 5KB}]}",
			`s.yaml:1:85: faults[1].object: b already has a fault (faults[0]); expected one fault per object`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse("s.yaml", []byte(tc.src))
			if err == nil || err.Error() != tc.want {
				t.Errorf("got  %v\nwant %s", err, tc.want)
			}
		})
	}
}

// TestFieldNode maps the fields model names in its errors back to where
// they are written, for each way the model's path differs from the file.
func TestFieldNode(t *testing.T) {
	src := `network: {rtt: 50ms}
hosts: {CDN.Example.com: {dns: 5ms}}
strategies: [serial, {preset: parallel, conns: 8}]
page:
  objects:
    - {id: html, url: http://a.com/, size: 1KB}
    - {id: late, url: http://a.com/l, size: 1KB, after: early, delay: 5ms}
    - {id: early, url: https://cdn.example.com/e, size: 1KB}
`
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	root := firstContent(&doc)
	d := &decoder{file: "f.yaml"}
	dec := d.decodeScenario(root, &env{har: &harCache{}}, false)
	if len(d.errs) > 0 {
		t.Fatal(d.errs)
	}
	if got := dec.cfg.Page.Objects[1].ID; got != "early" {
		t.Fatalf("model object 1 is %s; the test wants the reordering", got)
	}
	tests := []struct {
		name      string
		fe        model.FieldError
		line, col int
		path      string
		written   bool
	}{
		{"plain field", model.FieldError{Field: "network.rtt"}, 1, 16, "network.rtt", true},
		{"unwritten field in a written section", model.FieldError{Field: "network.queue"}, 1, 10, "network.queue", false},
		{"unwritten section", model.FieldError{Field: "client.timeout"}, 1, 1, "client.timeout", false},
		{"reordered object", model.FieldError{Field: "page.objects[2].delay"}, 7, 71, "page.objects[1].delay", true},
		{"object moved up", model.FieldError{Field: "page.objects[1].url"}, 8, 24, "page.objects[2].url", true},
		{"strategy by name", model.FieldError{Field: "strategy.conns", Strategy: "parallel"}, 3, 48, "strategies[1].conns", true},
		{"strategy written as a preset name", model.FieldError{Field: "strategy.conns", Strategy: "serial"}, 3, 14, "strategies[0].conns", false},
		{"host with dots, key in another case", model.FieldError{Field: "hosts.cdn.example.com.dns"}, 2, 32, "hosts.cdn.example.com.dns", true},
		{"host field not written", model.FieldError{Field: "hosts.cdn.example.com.tls"}, 2, 9, "hosts.cdn.example.com.tls", false},
		{"host of the page only", model.FieldError{Field: "hosts.a.com.tls"}, 5, 3, "hosts.a.com.tls", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			n, path, written := d.fieldNode(root, &tc.fe)
			if n == nil || n.Line != tc.line || n.Column != tc.col || path != tc.path || written != tc.written {
				line, col := 0, 0
				if n != nil {
					line, col = n.Line, n.Column
				}
				t.Errorf("got %d:%d %s written=%v; want %d:%d %s written=%v", line, col, path, written, tc.line, tc.col, tc.path, tc.written)
			}
		})
	}
	if !strings.Contains(src, "CDN.Example.com") {
		t.Fatal("the host key must be in another case")
	}
}

// TestURLPorts: https://a.com:443/ and https://a.com/ are one host (they
// were two), and a port outside 1–65535 is an error at the URL (ports 0
// and 99999 were accepted).
func TestURLPorts(t *testing.T) {
	c := mustBase(t, mustParse(t, "page: {objects: [{url: \"https://A.com:443/\", size: 1KB}, {url: \"https://a.com/x\", size: 1KB}, {url: \"http://a.com:8080/y\", size: 1KB}]}"))
	if len(c.Hosts) != 2 || c.Page.Objects[0].Host != "a.com" || c.Page.Objects[1].Host != "a.com" || c.Page.Objects[2].Host != "a.com:8080" {
		t.Errorf("hosts %v, objects on %q %q %q; want a.com twice and a.com:8080", c.Hosts, c.Page.Objects[0].Host, c.Page.Objects[1].Host, c.Page.Objects[2].Host)
	}
	for _, port := range []string{"0", "99999"} {
		_, err := Parse("s.yaml", []byte("page: {objects: [{url: http://a.com/, size: 1KB}, {url: \"http://a.com:"+port+"/\", size: 1KB}]}"))
		want := `s.yaml:1:57: page.objects[1].url: "http://a.com:` + port + `/": port ` + port + ` is not valid (expected 1–65535)`
		if err == nil || err.Error() != want {
			t.Errorf("port %s: %v\nwant %s", port, err, want)
		}
	}
}
