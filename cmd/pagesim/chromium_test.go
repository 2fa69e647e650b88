package main

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// chromiumFlags keep a headless chromium from reaching the network or
// writing outside its own profile directory.
var chromiumFlags = []string{"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
	"--disable-component-update", "--disable-sync", "--no-first-run"}

// TestIndexHTMLInChromium opens a report's index.html in a real browser:
// chromium --dump-dom gives the DOM after the page has loaded, where the
// page's own script has recorded each image's decoded width
// (data-natural-width) and set data-loaded on the body; every image must
// have decoded at its width. A screenshot (--screenshot) must be a PNG of
// the window's size that is not blank. PAGESIM_CHROMIUM names the browser
// (.ci/run sets it after .ci/chromium.sh installs Debian's chromium);
// unset, the test skips, and set, a missing browser is a failure.
func TestIndexHTMLInChromium(t *testing.T) {
	browser := os.Getenv("PAGESIM_CHROMIUM")
	if browser == "" {
		t.Skip("set PAGESIM_CHROMIUM=chromium to open the HTML report in a browser (.ci/run does)")
	}
	path, err := exec.LookPath(browser)
	if err != nil {
		t.Fatalf("PAGESIM_CHROMIUM=%s: %v", browser, err)
	}
	withFake(t)
	out := filepath.Join(t.TempDir(), "out")
	if _, stderr, code := runCLI("run", writeScenario(t, smallScenario), "-q", "-o", out); code != 0 {
		t.Fatalf("run: exit %d: %s", code, stderr)
	}
	index := "file://" + filepath.Join(out, "index.html")
	run := func(extra ...string) []byte {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
		defer cancel()
		args := append(append(append([]string{}, chromiumFlags...), "--user-data-dir="+t.TempDir()), extra...)
		cmd := exec.CommandContext(ctx, path, append(args, index)...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		b, err := cmd.Output()
		if err != nil {
			t.Fatalf("%s %v: %v\n%s", browser, extra, err, stderr.String())
		}
		return b
	}
	dom, err := html.Parse(bytes.NewReader(run("--dump-dom")))
	if err != nil {
		t.Fatal(err)
	}
	var imgs int
	loaded := false
	walkNodes(dom, func(n *html.Node) {
		switch n.Data {
		case "body":
			loaded = attrOf(n, "data-loaded") == "true"
		case "img":
			imgs++
			w, nat := attrOf(n, "width"), attrOf(n, "data-natural-width")
			if nw, err := strconv.Atoi(nat); err != nil || nw <= 0 || nat != w {
				t.Errorf("image %d (%s): decoded width %q, width %q: it did not decode", imgs, attrOf(n, "alt"), nat, w)
			}
		}
	})
	if !loaded {
		t.Error("the page's load script did not run (no data-loaded on the body)")
	}
	if want := len(pngFiles(t, out)); imgs != want || imgs == 0 {
		t.Errorf("%d images in the page, %d charts in the report", imgs, want)
	}
	shot := filepath.Join(t.TempDir(), "shot.png")
	run("--hide-scrollbars", "--window-size=1280,1600", "--screenshot="+shot)
	f, err := os.Open(shot)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 1600 {
		t.Errorf("screenshot %v, want 1280×1600", b)
	}
	dark := 0
	for y := 0; y < img.Bounds().Dy(); y += 4 {
		for x := 0; x < img.Bounds().Dx(); x += 4 {
			if r, g, b, _ := img.At(x, y).RGBA(); r+g+b < 3*0x8000 {
				dark++
			}
		}
	}
	if dark < 100 {
		t.Errorf("the screenshot is blank (%d dark samples)", dark)
	}
}

func walkNodes(n *html.Node, f func(*html.Node)) {
	if n.Type == html.ElementNode {
		f(n)
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walkNodes(c, f)
	}
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

// pngFiles lists the charts of a report directory.
func pngFiles(t *testing.T, dir string) []string {
	t.Helper()
	m, err := filepath.Glob(filepath.Join(dir, "*.png"))
	if err != nil {
		t.Fatal(err)
	}
	return m
}
