package plots

import (
	"bytes"
	"image/png"
	"testing"
	"time"

	"pagesim/model"
)

// TestReplayWaterfalls: the recorded and the replayed waterfall share one
// time axis and render side by side; results of different pages are
// refused.
func TestReplayWaterfalls(t *testing.T) {
	obj := func(id string, ready, last time.Duration, conn int) model.ObjectResult {
		return model.ObjectResult{ID: id, Conn: conn, Ready: ready, DNSStart: ready, ConnectStart: ready, TCPDone: ready, TLSDone: ready,
			RequestSent: ready, FirstByte: ready + (last-ready)/2, LastByte: last, Parent: -1}
	}
	rec := &model.Result{Complete: true, LoadTime: 900 * time.Millisecond, Objects: []model.ObjectResult{
		obj("html", 0, 300*time.Millisecond, -1), obj("img", 400*time.Millisecond, 900*time.Millisecond, -1)}}
	sim := &model.Result{Complete: true, LoadTime: 1500 * time.Millisecond, Objects: []model.ObjectResult{
		obj("html", 0, 250*time.Millisecond, 0), obj("img", 300*time.Millisecond, 1500*time.Millisecond, 0)}}
	p, err := ReplayWaterfalls("page", "as-recorded", rec, sim)
	if err != nil {
		t.Fatal(err)
	}
	if p.Name != "replay-as-recorded" || p.Left.Plot.X.Max != p.Right.Plot.X.Max || p.Left.Plot.X.Max < 1500 {
		t.Errorf("name %q, x max %g and %g: want one axis covering both (≥ 1500 ms)", p.Name, p.Left.Plot.X.Max, p.Right.Plot.X.Max)
	}
	var b bytes.Buffer
	if err := p.Render(&b, "png"); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&b)
	if err != nil || img.Bounds().Dx() <= img.Bounds().Dy() {
		t.Errorf("rendered %v (%v), want two charts side by side", img.Bounds(), err)
	}
	sim.Objects = sim.Objects[:1]
	if _, err := ReplayWaterfalls("page", "as-recorded", rec, sim); err == nil {
		t.Error("different pages: no error")
	}
}
