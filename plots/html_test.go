package plots

import (
	"bytes"
	"encoding/base64"
	"image/png"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// htmlReport writes the HTML report of fixture f with every chart.
func htmlReport(t *testing.T, f *fixture, scenario string) ([]byte, []Chart) {
	t.Helper()
	r := f.report(t)
	charts, err := Charts(r)
	if err != nil {
		t.Fatal(err)
	}
	page := HTMLPage{Version: "pagesim test", Command: "pagesim run s.yaml -o out", ScenarioFile: "s.yaml", Scenario: []byte(scenario)}
	for _, c := range charts {
		page.Charts = append(page.Charts, HTMLChart{Chart: c, PNG: renderPNG(t, c)})
	}
	var b bytes.Buffer
	if err := WriteHTML(&b, r, page); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), charts
}

// walk calls f on every element node of n's tree.
func walk(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, f)
	}
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var rec func(*html.Node)
	rec = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			rec(c)
		}
	}
	rec(n)
	return b.String()
}

// TestWriteHTML parses the HTML report with golang.org/x/net/html: it
// is self-contained (nothing refers outside the page but data: URIs and
// #fragments), has every chart as a PNG that decodes at the chart's size,
// the summary's tables and the results table sortable, the scenario's
// text, the version and the command line, and both scripts.
func TestWriteHTML(t *testing.T) {
	const scenario = "name: test-sweep\npage: {objects: [{url: http://a.com/<x>, size: 1KB}]}\n"
	page, charts := htmlReport(t, fullReport(), scenario)
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	var imgs, sortable, scripts int
	var title, pre, meta string
	ids := map[string]bool{}
	walk(doc, func(n *html.Node) {
		for _, key := range []string{"src", "href"} {
			if v, ok := attr(n, key); ok && !strings.HasPrefix(v, "data:") && !strings.HasPrefix(v, "#") {
				t.Errorf("<%s %s=%q> refers outside the page", n.Data, key, v)
			}
		}
		if id, ok := attr(n, "id"); ok {
			ids[id] = true
		}
		switch n.Data {
		case "link", "iframe", "object", "embed":
			t.Errorf("<%s> in a self-contained page", n.Data)
		case "title":
			title = nodeText(n)
		case "pre":
			pre = nodeText(n)
		case "p":
			if c, _ := attr(n, "class"); c == "meta" {
				meta = nodeText(n)
			}
		case "script":
			scripts++
			if _, ok := attr(n, "src"); ok {
				t.Error("a script loaded from elsewhere")
			}
		case "table":
			if c, _ := attr(n, "class"); c == "sortable" {
				sortable++
			}
		case "img":
			src, _ := attr(n, "src")
			data, ok := strings.CutPrefix(src, "data:image/png;base64,")
			if !ok {
				t.Errorf("image %q is not an embedded PNG", src[:min(len(src), 40)])
				return
			}
			b, err := base64.StdEncoding.DecodeString(data)
			if err != nil {
				t.Errorf("image: %v", err)
				return
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Errorf("image does not decode: %v", err)
				return
			}
			c := charts[imgs]
			if w, _ := attr(n, "width"); img.Bounds().Dx() != int(c.Width.Dots(96)+0.999) || w != strconv.Itoa(img.Bounds().Dx()) {
				t.Errorf("image %d (%s): %d px wide, width=%q, want the chart's", imgs, c.Name, img.Bounds().Dx(), w)
			}
			imgs++
		}
	})
	if imgs != len(charts) {
		t.Errorf("%d images, want one per chart (%d)", imgs, len(charts))
	}
	if title != "pagesim: test-sweep" || !strings.Contains(meta, "pagesim test") || !strings.Contains(meta, "pagesim run s.yaml -o out") {
		t.Errorf("title %q, meta %q", title, meta)
	}
	if pre != scenario {
		t.Errorf("scenario shown as %q, want %q", pre, scenario)
	}
	// The summary has the point table and the statistics table; then the
	// results table.
	if sortable != 3 {
		t.Errorf("%d sortable tables, want 3", sortable)
	}
	if scripts != 1 {
		t.Errorf("%d scripts, want 1", scripts)
	}
	for _, id := range []string{"summary", "results", "charts", "scenario", "chart-load-time", "chart-waterfall-serial"} {
		if !ids[id] {
			t.Errorf("no element with id %q", id)
		}
	}
}

// TestMarkdownHTML: the subset of markdown summary.md uses.
func TestMarkdownHTML(t *testing.T) {
	for _, c := range []struct{ md, want string }{
		{"# a \\* b", "<h2>a * b</h2>\n"},
		{"## Why", "<h3>Why</h3>\n"},
		{"`x_y` is **bold**, \\_ and <b>", "<p><code>x_y</code> is <strong>bold</strong>, _ and &lt;b&gt;</p>\n"},
		{"line one\nline two", "<p>line one line two</p>\n"},
		{"| a | b \\| c |\n|---|---:|\n| `1` | **2** |",
			"<table class=\"sortable\">\n<thead><tr><th>a</th><th>b | c</th></tr></thead>\n<tbody>\n<tr><td><code>1</code></td><td class=\"n\"><strong>2</strong></td></tr>\n</tbody>\n</table>\n"},
	} {
		if got := markdownHTML(c.md, 2); got != c.want {
			t.Errorf("markdownHTML(%q) =\n%q\nwant\n%q", c.md, got, c.want)
		}
	}
}
