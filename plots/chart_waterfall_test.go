package plots

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"pagesim/model"
)

// yTicks returns the labelled ticks of the waterfall's object axis.
func yTicks(c Chart) []plot.Tick {
	var out []plot.Tick
	for _, t := range c.Plot.Y.Tick.Marker.Ticks(c.Plot.Y.Min, c.Plot.Y.Max) {
		if t.Label != "" {
			out = append(out, t)
		}
	}
	return out
}

// TestWaterfallEveryObject: every object has its row (the waterfall
// stopped at 150), labelled while rows are tall enough for a label; a page
// too long for full rows gets thinner rows, a label on every k-th, and a
// title that says so, within a bounded height.
func TestWaterfallEveryObject(t *testing.T) {
	for _, c := range []struct {
		objects, every int
	}{
		{1, 1}, {34, 1}, {256, 1}, {480, 1}, {481, 2}, {2000, 5}, {10000, 21},
	} {
		t.Run(fmt.Sprint(c.objects), func(t *testing.T) {
			res := fake{objects: c.objects, conns: 6, rtt: 20 * time.Millisecond, transfer: time.Millisecond}.result()
			f := &fixture{Scenario: "many", Rows: []Row{{Strategy: "browser", Result: res}}}
			ch, err := waterfallChart(f.report(t), f.Rows[0])
			if err != nil {
				t.Fatal(err)
			}
			if min, max := ch.Plot.Y.Min, ch.Plot.Y.Max; min > -0.5 || max < float64(c.objects)-0.5 {
				t.Errorf("object axis %v…%v does not hold %d rows", min, max, c.objects)
			}
			ticks := yTicks(ch)
			if want := (c.objects + c.every - 1) / c.every; len(ticks) != want {
				t.Errorf("%d labelled rows, want %d (every %d)", len(ticks), want, c.every)
			}
			last := fmt.Sprintf("%d. example.com/o%d", c.objects-1-(c.objects-1)%c.every+1, c.objects-1-(c.objects-1)%c.every)
			if c.objects > 1 && !strings.HasPrefix(ticks[len(ticks)-1].Label, last) {
				t.Errorf("last label %q, want it to start %q", ticks[len(ticks)-1].Label, last)
			}
			says := strings.Contains(ch.Plot.Title.Text, "every one drawn")
			if says != (c.every > 1) {
				t.Errorf("title %q: says rows are thinned %v, want %v", ch.Plot.Title.Text, says, c.every > 1)
			}
			if ch.Height > waterfallMaxHeight+4*vg.Inch {
				t.Errorf("height %v beyond the bound", ch.Height)
			}
		})
	}
}

func TestRowLabel(t *testing.T) {
	base := model.ObjectResult{URL: "https://cdn.example.com/img/a.jpg", Host: "cdn.example.com", Size: 3200, Conn: 4,
		Has: model.HasReady | model.HasConnect | model.HasRequest | model.HasFirstByte | model.HasLastByte}
	for _, c := range []struct {
		name string
		i    int
		mod  func(*model.ObjectResult)
		want string
	}{
		{"new connection", 0, func(*model.ObjectResult) {}, "1. cdn.example.com/img/a.jpg  3.2 KB  c4+"},
		{"reused", 11, func(o *model.ObjectResult) { o.Reused = true; o.Has &^= model.HasConnect }, "12. cdn.example.com/img/a.jpg  3.2 KB  c4"},
		{"no connection", 2, func(o *model.ObjectResult) { o.Conn = -1 }, "3. cdn.example.com/img/a.jpg  3.2 KB  –"},
		{"never connected", 2, func(o *model.ObjectResult) { o.Failed, o.Has = true, model.HasReady }, "3. cdn.example.com/img/a.jpg  3.2 KB  c4✗"},
		{"bytes", 0, func(o *model.ObjectResult) { o.Size = 43 }, "1. cdn.example.com/img/a.jpg  43 B  c4+"},
		{"megabytes", 0, func(o *model.ObjectResult) { o.Size = 1_050_000 }, "1. cdn.example.com/img/a.jpg  1.05 MB  c4+"},
		{"long path", 0, func(o *model.ObjectResult) {
			o.URL = "http://cdn.example.com/a/very/long/path/to/some/resource/file.js?v=123"
		}, "1. cdn.example.com/a/very/long/pat…ce/file.js?v=123  3.2 KB  c4+"},
		{"long host", 0, func(o *model.ObjectResult) { o.URL = "http://a-very-long-subdomain.of.some-cdn.example.com/x" },
			"1. a-very-long….example.com/x  3.2 KB  c4+"},
		{"format 1 URL without scheme", 0, func(o *model.ObjectResult) { o.URL = "cdn.example.com/img/a.jpg" }, "1. cdn.example.com/img/a.jpg  3.2 KB  c4+"},
	} {
		o := base
		c.mod(&o)
		if got := rowLabel(c.i, o, nil); got != c.want {
			t.Errorf("%s: rowLabel = %q, want %q", c.name, got, c.want)
		}
	}
}

// TestWaterfallLegendAboveRows: the legend is drawn in the room the
// title's padding leaves above the data area — the lines it needs at the
// data area's real width fit in what was reserved, and it stays below the
// title — so it never covers a bar, however many entries it has.
func TestWaterfallLegendAboveRows(t *testing.T) {
	full := fullReport()
	fullR := full.report(t)
	fullR.Marks = []Mark{{"recorded DOMContentLoaded", 500 * time.Millisecond}, {"recorded onLoad", 900 * time.Millisecond}}
	long := fake{objects: 40, conns: 6, rtt: 30 * time.Millisecond, transfer: 5 * time.Millisecond, dns: 20 * time.Millisecond, tls: 30 * time.Millisecond}.result()
	for i := range long.Objects {
		long.Objects[i].URL = "https://" + strings.Repeat("x", 40) + ".example.com/" + strings.Repeat("p", 80)
	}
	longF := &fixture{Scenario: "long", Rows: []Row{{Strategy: "s", Result: long}}}
	oneF := &fixture{Scenario: "one", Rows: []Row{{Strategy: "s", Result: fake{objects: 1, conns: 1, rtt: time.Millisecond}.result()}}}
	for _, c := range []struct {
		name string
		r    *Report
		row  Row
	}{
		{"every mark", fullR, full.Rows[0]},
		{"long labels", longF.report(t), longF.Rows[0]},
		{"one object", oneF.report(t), oneF.Rows[0]},
	} {
		ch, strip, err := waterfall(c.r, c.row)
		if err != nil {
			t.Fatal(err)
		}
		if len(strip.items) == 0 {
			t.Fatalf("%s: no legend", c.name)
		}
		img := vgimg.New(ch.Width, ch.Height)
		dc := draw.New(img)
		data := ch.Plot.DataCanvas(dc)
		need := strip.height(data.Max.X - data.Min.X)
		reserved := ch.Plot.Title.Padding - newPlot("", "", "").Title.Padding
		if need > reserved {
			t.Errorf("%s: the legend needs %v above the rows, %v reserved: it would cover the title", c.name, need, reserved)
		}
		titleBottom := dc.Max.Y - ch.Plot.Title.TextStyle.Rectangle(ch.Plot.Title.Text).Size().Y
		if data.Max.Y+need > titleBottom {
			t.Errorf("%s: legend top %v above the title's bottom %v", c.name, data.Max.Y+need, titleBottom)
		}
		if c.name == "every mark" {
			var names []string
			for _, it := range strip.items {
				names = append(names, it.name)
			}
			all := strings.Join(names, "; ")
			for _, want := range []string{"document arrived (", "recorded DOMContentLoaded (500.0 ms)", "recorded onLoad (900.0 ms)",
				"lost attempt", "stall", "failed (given up)", "queued", "receive"} {
				if !strings.Contains(all, want) {
					t.Errorf("legend %q lacks %q", all, want)
				}
			}
			// The incomplete load has no load-end mark.
			if strings.Contains(all, "load end") {
				t.Errorf("legend %q marks a load end of an incomplete load", all)
			}
		}
	}
}

// TestWaterfallMarks: the document's arrival is its last byte, the load
// end the load time (only for a complete load), then the report's marks.
func TestWaterfallMarks(t *testing.T) {
	res := fake{objects: 3, conns: 1, rtt: 10 * time.Millisecond, transfer: time.Millisecond}.result()
	r := &Report{Marks: []Mark{{"recorded onLoad", time.Second}}}
	got := waterfallMarks(r, res)
	want := []Mark{{"document arrived", res.Objects[0].LastByte}, {"load end", res.LoadTime}, {"recorded onLoad", time.Second}}
	if len(got) != len(want) {
		t.Fatalf("marks %+v, want %+v", got, want)
	}
	for i := range want {
		if got[i].Mark != want[i] {
			t.Errorf("mark %d = %+v, want %+v", i, got[i].Mark, want[i])
		}
	}
	res.Complete = false
	res.Objects[0].Has &^= model.HasLastByte
	if got := waterfallMarks(&Report{}, res); len(got) != 0 {
		t.Errorf("an incomplete load whose document never arrived has marks %+v", got)
	}
}

// TestSpansOfFailedObjects: a failed object's bars end when it was given
// up on — queued until then if it was never sent, waiting for an answer
// if it was — and one whose parent failed has none.
func TestSpansOfFailedObjects(t *testing.T) {
	ms := time.Millisecond
	for _, c := range []struct {
		name string
		o    model.ObjectResult
		want [][3]time.Duration
	}{
		{"parent failed", model.ObjectResult{Failed: true, FailedAt: 5 * ms}, nil},
		{"never sent", model.ObjectResult{Failed: true, Has: model.HasReady, Ready: 2 * ms, FailedAt: 9 * ms},
			[][3]time.Duration{{0, 2 * ms, 9 * ms}}},
		{"lost, no answer", model.ObjectResult{Failed: true, Has: model.HasReady | model.HasRequest, Ready: 2 * ms,
			DNSStart: 3 * ms, ConnectStart: 3 * ms, TCPDone: 3 * ms, TLSDone: 3 * ms, RequestSent: 3 * ms, FailedAt: 9 * ms},
			[][3]time.Duration{{0, 2 * ms, 3 * ms}, {4, 3 * ms, 9 * ms}}},
		{"cut short", model.ObjectResult{Failed: true, Has: model.HasReady | model.HasRequest | model.HasFirstByte, Ready: 2 * ms,
			DNSStart: 2 * ms, ConnectStart: 2 * ms, TCPDone: 2 * ms, TLSDone: 2 * ms, RequestSent: 2 * ms, FirstByte: 4 * ms, FailedAt: 9 * ms},
			[][3]time.Duration{{4, 2 * ms, 4 * ms}, {5, 4 * ms, 9 * ms}}},
	} {
		got := spans(c.o)
		if fmt.Sprint(got) != fmt.Sprint(c.want) {
			t.Errorf("%s: spans %v, want %v", c.name, got, c.want)
		}
	}
}

// TestTimeTicks: 7 to 16 labels at a round step whatever the range, in
// seconds from 10 s on.
func TestTimeTicks(t *testing.T) {
	for _, c := range []struct {
		hi         float64
		unit, last string
	}{
		{1, "ms", "1"}, {250, "ms", "240"}, {1200, "ms", "1200"}, {8400, "ms", "8000"}, {9999, "ms", "9000"},
		{10000, "s", "10"}, {68600, "s", "65"}, {127000, "s", "120"}, {3.6e6, "s", "3500"},
	} {
		ts := timeTicks{}.Ticks(0, c.hi)
		var labels []string
		for _, tk := range ts {
			if tk.Label != "" {
				labels = append(labels, tk.Label)
			}
		}
		if n := len(labels); n < 7 || n > 16 {
			t.Errorf("0…%v: %d labels %v, want 7 to 16", c.hi, n, labels)
		}
		if u := (timeTicks{}).unit(c.hi); u != c.unit || labels[len(labels)-1] != c.last {
			t.Errorf("0…%v: unit %s, last label %s; want %s, %s", c.hi, u, labels[len(labels)-1], c.unit, c.last)
		}
	}
}
