package plots

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"fmt"
	"html"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// HTMLPage is what the HTML report shows besides the report itself.
type HTMLPage struct {
	// Version is the pagesim version that wrote it ("pagesim v1.2.0 rev
	// 1a2b3c go1.26 linux/amd64"), Command the command line that ran it.
	Version, Command string
	// ScenarioFile names the scenario ("page.yaml", "example satellite")
	// and Scenario is its text as written (shown at most
	// MaxHTMLScenario bytes of it).
	ScenarioFile string
	Scenario     []byte
	// Charts are the report's charts, each with its PNG (Chart.Render),
	// in the order they are shown.
	Charts []HTMLChart
	// Summary, when not nil, gives what WriteSummary writes for the
	// report (a caller that writes summary.md too renders it once); nil
	// renders it here. WriteHTML asks for it only once the page's own
	// tables are rendered, so a summary rendered meanwhile on another
	// goroutine (pagesim run's report pool) is not waited for.
	Summary func() ([]byte, error)
}

// HTMLChart is a chart of the HTML report: its name and PNG.
type HTMLChart struct {
	Chart Chart
	PNG   []byte
}

// MaxHTMLScenario bounds the scenario text the HTML report includes.
const MaxHTMLScenario = 1 << 20

// maxHTMLResults bounds the rows of the HTML report's results table (one
// per point × strategy); results.csv has every run.
const maxHTMLResults = 5000

// WriteHTML writes report/index.html: one self-contained page — no
// network, no external file, readable offline — with the summary
// (summary.md's text), a table of results per point × strategy, every
// chart as an image embedded as a data: URI, the scenario it came from,
// the pagesim version and the command line. Every table sorts by a
// column when its header is clicked (a few lines of inline script); a
// second script records, once the page has loaded, each image's decoded
// width in its data-natural-width attribute and sets data-loaded on the
// body, so a headless browser's DOM says whether every image decoded. The
// output depends only on its arguments.
func WriteHTML(w io.Writer, r *Report, page HTMLPage) error {
	if err := r.check(); err != nil {
		return err
	}
	var results bytes.Buffer
	writeHTMLResults(&results, r)
	var md string
	if page.Summary != nil {
		b, err := page.Summary()
		if err != nil {
			return err
		}
		md = string(b)
	} else {
		var summary bytes.Buffer
		if err := WriteSummary(&summary, r); err != nil {
			return err
		}
		md = summary.String()
	}
	bw := bufio.NewWriter(w)
	e := html.EscapeString
	title := "pagesim: " + r.Scenario
	fmt.Fprintf(bw, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>%s</title>\n<style>%s</style>\n</head>\n<body>\n", e(title), htmlStyle)
	fmt.Fprintf(bw, "<header>\n<h1>%s</h1>\n<p class=\"meta\">%s", e(r.Scenario), e(page.Version))
	if page.Command != "" {
		fmt.Fprintf(bw, " · <code>%s</code>", e(page.Command))
	}
	bw.WriteString("</p>\n<nav><a href=\"#summary\">Summary</a> · <a href=\"#results\">Results</a>")
	if len(page.Charts) > 0 {
		bw.WriteString(" · <a href=\"#charts\">Charts</a>")
	}
	bw.WriteString(" · <a href=\"#scenario\">Scenario</a></nav>\n</header>\n")

	bw.WriteString("<section id=\"summary\">\n<h2>Summary</h2>\n")
	// summary.md's title is the page's.
	if strings.HasPrefix(md, "# ") {
		_, md, _ = strings.Cut(md, "\n")
	}
	bw.WriteString(markdownHTML(md, 2))
	bw.WriteString("</section>\n")

	bw.WriteString("<section id=\"results\">\n<h2>Results</h2>\n")
	bw.Write(results.Bytes())
	bw.WriteString("</section>\n")

	if len(page.Charts) > 0 {
		bw.WriteString("<section id=\"charts\">\n<h2>Charts</h2>\n<p>")
		for i, c := range page.Charts {
			if i > 0 {
				bw.WriteString(" · ")
			}
			fmt.Fprintf(bw, "<a href=\"#chart-%s\">%s</a>", e(c.Chart.Name), e(c.Chart.Name))
		}
		bw.WriteString("</p>\n")
		for _, c := range page.Charts {
			wpx, hpx := int(math.Ceil(c.Chart.Width.Dots(96))), int(math.Ceil(c.Chart.Height.Dots(96)))
			fmt.Fprintf(bw, "<figure id=\"chart-%s\">\n<img src=\"data:image/png;base64,%s\" width=\"%d\" height=\"%d\" alt=\"%s\">\n<figcaption>%s.png</figcaption>\n</figure>\n",
				e(c.Chart.Name), base64.StdEncoding.EncodeToString(c.PNG), wpx, hpx, e(firstLine(c.Chart.Plot.Title.Text)), e(c.Chart.Name))
		}
		bw.WriteString("</section>\n")
	}

	bw.WriteString("<section id=\"scenario\">\n<h2>Scenario</h2>\n")
	if page.ScenarioFile != "" {
		fmt.Fprintf(bw, "<p>%s</p>\n", e(page.ScenarioFile))
	}
	src := page.Scenario
	cut := len(src) > MaxHTMLScenario
	if cut {
		src = src[:MaxHTMLScenario]
		for len(src) > 0 && !utf8.Valid(src) {
			src = src[:len(src)-1]
		}
	}
	fmt.Fprintf(bw, "<pre>%s</pre>\n", e(string(src)))
	if cut {
		fmt.Fprintf(bw, "<p>(the first %d of %d bytes)</p>\n", len(src), len(page.Scenario))
	}
	bw.WriteString("</section>\n")
	fmt.Fprintf(bw, "<script>%s</script>\n</body>\n</html>\n", htmlScript)
	return bw.Flush()
}

// writeHTMLResults writes the table of results: per point and strategy,
// the runs, the median (or only) load time with the 5th and 95th
// percentiles and the mean, the counters' means and the incomplete runs.
func writeHTMLResults(w *bytes.Buffer, r *Report) {
	g := newGrid(r)
	e := html.EscapeString
	w.WriteString("<table class=\"sortable\">\n<thead><tr>")
	for _, p := range r.Params {
		fmt.Fprintf(w, "<th>%s</th>", e(p))
	}
	for _, h := range []string{"strategy", "runs", "median ms", "p5 ms", "p95 ms", "mean ms", "connections", "retransmits", "retries", "failed", "incomplete"} {
		fmt.Fprintf(w, "<th>%s</th>", h)
	}
	w.WriteString("</tr></thead>\n<tbody>\n")
	// The cells are written piece by piece rather than with fmt: this
	// table has a row per point and strategy, up to maxHTMLResults.
	td := func(text string) {
		w.WriteString("<td>")
		writeEscapedHTML(w, text)
		w.WriteString("</td>")
	}
	tdNum := func(text string) {
		w.WriteString("<td class=\"n\">")
		w.WriteString(text)
		w.WriteString("</td>")
	}
	msCell := func(v float64) {
		if math.IsNaN(v) {
			w.WriteString("<td></td>")
			return
		}
		tdNum(fmtMs(v))
	}
	n := 0
	for p, point := range g.points {
		for s, name := range g.strategies {
			c := g.cells[p][s]
			if c.empty() {
				continue
			}
			if n == maxHTMLResults {
				break
			}
			n++
			w.WriteString("<tr>")
			for _, v := range point {
				td(v)
			}
			st := c.stats()
			td(name)
			tdNum(strconv.Itoa(c.n))
			msCell(st.Median)
			msCell(st.P5)
			msCell(st.P95)
			msCell(st.Mean)
			for _, k := range []counter{fConnections, fRetransmits, fRetries, fFailed} {
				tdNum(num(c.meanOf(k)))
			}
			inc := ""
			if c.incomplete() > 0 {
				inc = strconv.Itoa(c.incomplete()) + ": " + c.reasons()
			}
			td(inc)
			w.WriteString("</tr>\n")
		}
	}
	w.WriteString("</tbody>\n</table>\n")
	if total := len(g.points) * len(g.strategies); n < total {
		fmt.Fprintf(w, "<p>The first %d of %d rows; results.csv has every run.</p>\n", n, total)
	}
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

// markdownHTML turns the markdown WriteSummary writes into HTML: "#" and
// "##" headings (shifted down to level base and base+1), paragraphs,
// pipe tables (sortable; "---:" columns right-aligned), **bold**, `code`
// and the backslash escapes mdEscape writes. It is not a general
// markdown converter: it knows the subset summary.md uses.
func markdownHTML(md string, base int) string {
	var b strings.Builder
	b.Grow(len(md) + len(md)/2)
	heading := func(level int, text string) {
		l := strconv.Itoa(level)
		b.WriteString("<h" + l + ">")
		writeInlineHTML(&b, text)
		b.WriteString("</h" + l + ">\n")
	}
	for _, block := range strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n\n") {
		block = strings.Trim(block, "\n")
		if block == "" {
			continue
		}
		lines := strings.Split(block, "\n")
		switch {
		case strings.HasPrefix(block, "## "):
			heading(base+1, strings.TrimPrefix(lines[0], "## "))
		case strings.HasPrefix(block, "# "):
			heading(base, strings.TrimPrefix(lines[0], "# "))
		case strings.HasPrefix(lines[0], "|") && len(lines) >= 2 && strings.HasPrefix(lines[1], "|-"):
			writeTableHTML(&b, lines)
		default:
			b.WriteString("<p>")
			writeInlineHTML(&b, strings.Join(lines, " "))
			b.WriteString("</p>\n")
		}
	}
	return b.String()
}

// writeTableHTML writes a pipe table to b as a sortable HTML table.
func writeTableHTML(b *strings.Builder, lines []string) {
	head := splitRow(lines[0])
	var right []bool
	for _, r := range splitRow(lines[1]) {
		right = append(right, strings.HasSuffix(strings.TrimSpace(r), ":"))
	}
	b.WriteString("<table class=\"sortable\">\n<thead><tr>")
	for _, h := range head {
		b.WriteString("<th>")
		writeInlineHTML(b, h)
		b.WriteString("</th>")
	}
	b.WriteString("</tr></thead>\n<tbody>\n")
	var cells []string
	for _, l := range lines[2:] {
		b.WriteString("<tr>")
		cells = appendRowCells(cells[:0], l)
		for i, c := range cells {
			if i < len(right) && right[i] {
				b.WriteString("<td class=\"n\">")
			} else {
				b.WriteString("<td>")
			}
			writeInlineHTML(b, c)
			b.WriteString("</td>")
		}
		b.WriteString("</tr>\n")
	}
	b.WriteString("</tbody>\n</table>\n")
}

// splitRow splits "| a | b \| c |" into its cells, "a" and "b \| c" (an
// escaped pipe stays in its cell, still escaped for writeInlineHTML).
func splitRow(line string) []string { return appendRowCells(nil, line) }

// appendRowCells appends splitRow(line)'s cells to dst: substrings of
// line, nothing copied.
func appendRowCells(dst []string, line string) []string {
	line = strings.TrimSpace(line)
	line = strings.TrimPrefix(line, "|")
	line = strings.TrimSuffix(line, "|")
	start := 0
	for i := 0; i < len(line); i++ {
		switch {
		case line[i] == '\\' && i+1 < len(line):
			i++
		case line[i] == '|':
			dst = append(dst, strings.TrimSpace(line[start:i]))
			start = i + 1
		}
	}
	return append(dst, strings.TrimSpace(line[start:]))
}

// writeInlineHTML writes the inline markdown of summary.md to b as HTML:
// `code` (taken literally), **bold**, backslash escapes, the rest escaped.
func writeInlineHTML(b *strings.Builder, s string) {
	bold := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_|[]()#", s[i+1]) >= 0:
			writeEscapedHTML(b, s[i+1:i+2])
			i++
		case c == '`':
			end := strings.IndexByte(s[i+1:], '`')
			if end < 0 {
				b.WriteByte('`')
				continue
			}
			b.WriteString("<code>")
			writeEscapedHTML(b, s[i+1:i+1+end])
			b.WriteString("</code>")
			i += end + 1
		case c == '*' && i+1 < len(s) && s[i+1] == '*':
			if bold {
				b.WriteString("</strong>")
			} else {
				b.WriteString("<strong>")
			}
			bold = !bold
			i++
		default:
			writeEscapedHTML(b, s[i:i+1])
		}
	}
	if bold {
		b.WriteString("</strong>")
	}
}

// writeEscapedHTML writes html.EscapeString(s) to w without making the
// string: the five bytes it escapes (<, >, &, ' and ") as it does, every
// other byte as it is. The report's tables call it for every cell.
func writeEscapedHTML(w io.StringWriter, s string) {
	start := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '&':
			esc = "&amp;"
		case '\'':
			esc = "&#39;"
		case '"':
			esc = "&#34;"
		default:
			continue
		}
		w.WriteString(s[start:i])
		w.WriteString(esc)
		start = i + 1
	}
	w.WriteString(s[start:])
}

// htmlStyle is the page's style sheet.
const htmlStyle = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",sans-serif;margin:0 auto;max-width:1250px;padding:0 1em 3em;color:#222;line-height:1.45}
header{border-bottom:1px solid #ccc;margin-bottom:1em}
.meta{color:#555;font-size:.9em}
code,pre{font-family:ui-monospace,"Liberation Mono",monospace;font-size:.9em}
pre{background:#f6f6f6;padding:.8em;overflow:auto;max-height:40em;border:1px solid #ddd}
table{border-collapse:collapse;margin:.8em 0;font-size:.9em}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
td.n{text-align:right;font-variant-numeric:tabular-nums}
th{background:#f0f0f0;cursor:pointer;user-select:none}
th[aria-sort=ascending]::after{content:" ▲"}
th[aria-sort=descending]::after{content:" ▼"}
figure{margin:1.5em 0}
figure img{max-width:100%;height:auto;border:1px solid #eee}
figcaption{color:#555;font-size:.85em}
`

// htmlScript sorts a table by the column whose header is clicked (numbers
// as numbers, the rest as text; again to reverse), and records each
// image's decoded width once the page has loaded.
const htmlScript = `
document.querySelectorAll("table.sortable th").forEach(function (th) {
  th.addEventListener("click", function () {
    var table = th.closest("table"), body = table.tBodies[0], col = th.cellIndex;
    var asc = th.getAttribute("aria-sort") !== "ascending";
    table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", asc ? "ascending" : "descending");
    var key = function (tr) {
      var t = tr.cells[col] ? tr.cells[col].textContent.trim() : "";
      var m = t.match(/^[-+]?[0-9]*\.?[0-9]+(e[-+]?[0-9]+)?/i);
      return m ? [0, parseFloat(m[0])] : [1, t];
    };
    Array.from(body.rows).sort(function (a, b) {
      var x = key(a), y = key(b), c = x[0] - y[0] || (x[1] < y[1] ? -1 : x[1] > y[1] ? 1 : 0);
      return asc ? c : -c;
    }).forEach(function (tr) { body.appendChild(tr); });
  });
});
window.addEventListener("load", function () {
  document.querySelectorAll("img").forEach(function (img) {
    img.setAttribute("data-natural-width", String(img.naturalWidth));
  });
  document.body.setAttribute("data-loaded", "true");
});
`
