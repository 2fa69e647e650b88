package replay

import (
	"fmt"
	"math"
	"strings"
	"testing"
	"time"

	"pagesim/model"
	"pagesim/scenarios/har"
)

// A three-object recording: the document 0–100 ms, a script 150–300 ms
// (50 ms after it), an image 400–900 ms; onLoad at 350 ms, so the image
// (ended after it) is not in the load set.
func recording(t *testing.T, onLoad string) *har.Recording {
	t.Helper()
	ent := func(url string, start, dur int) string {
		return fmt.Sprintf(`{"startedDateTime":"2020-01-01T00:00:00.%03dZ","time":%d,"request":{"method":"GET","url":%q},
			"response":{"status":200,"httpVersion":"http/1.1","content":{"size":1000}},
			"timings":{"blocked":0,"dns":-1,"connect":-1,"send":0,"wait":%d,"receive":0},"pageref":"p"}`, start, dur, url, dur)
	}
	doc := `{"log":{"version":"1.2","creator":{"name":"t","version":"1"},
		"pages":[{"id":"p","startedDateTime":"2020-01-01T00:00:00Z","pageTimings":{"onLoad":` + onLoad + `}}],
		"entries":[` + strings.Join([]string{ent("http://a.example/", 0, 100), ent("http://a.example/s.js", 150, 150), ent("http://a.example/i.png", 400, 500)}, ",") + `]}}`
	rec, err := har.Parse("t.har", []byte(doc), har.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// result fabricates a replay whose objects became ready and ended at the
// given times (ms).
func result(times ...[2]int) *model.Result {
	r := &model.Result{Complete: true}
	for _, tm := range times {
		r.Objects = append(r.Objects, model.ObjectResult{Ready: time.Duration(tm[0]) * time.Millisecond, LastByte: time.Duration(tm[1]) * time.Millisecond})
	}
	return r
}

func TestCompare(t *testing.T) {
	rec := recording(t, "350")
	c := Compare(rec, result([2]int{0, 120}, [2]int{170, 420}, [2]int{400, 700}))
	if c.LoadSet != 2 || c.RecordedEnd != 300*time.Millisecond || c.Simulated != 420*time.Millisecond {
		t.Errorf("load set %d ending %v recorded, %v replayed; want 2 (the image ended after onLoad), 300ms, 420ms", c.LoadSet, c.RecordedEnd, c.Simulated)
	}
	if want := 420.0/350 - 1; math.Abs(c.Error-want) > 1e-9 {
		t.Errorf("error %g, want %g", c.Error, want)
	}
	if c.Last != 1 || c.ChainClientTime != 50*time.Millisecond {
		t.Errorf("last %d, chain client time %v; want the script, 50ms (its delay after the document)", c.Last, c.ChainClientTime)
	}
	// Divergences: the image 200 ms (end), the script 120 ms, the document 20 ms.
	var order []int
	for _, d := range c.Objects {
		order = append(order, d.Index)
	}
	if fmt.Sprint(order) != "[2 1 0]" || c.Objects[0].Divergence != 200*time.Millisecond || c.Objects[0].InLoad {
		t.Errorf("order %v, first %+v; want [2 1 0], the image diverging 200ms, not in the load set", order, c.Objects[0])
	}
	// A failed object of the load set: no error.
	bad := result([2]int{0, 120}, [2]int{170, 420}, [2]int{400, 700})
	bad.Objects[1].Failed = true
	if c := Compare(rec, bad); !math.IsNaN(c.Error) {
		t.Errorf("a failed object in the load set: error %g, want NaN", c.Error)
	}
	// No onLoad: every object, no error.
	if c := Compare(recording(t, "-1"), result([2]int{0, 120}, [2]int{170, 420}, [2]int{400, 700})); c.LoadSet != 3 || !math.IsNaN(c.Error) || c.Simulated != 700*time.Millisecond {
		t.Errorf("no onLoad: load set %d, error %g, simulated %v; want 3, NaN, 700ms", c.LoadSet, c.Error, c.Simulated)
	}
}

func TestRecorded(t *testing.T) {
	rec := recording(t, "350")
	r := Recorded(rec)
	if len(r.Objects) != 3 || r.LoadTime != 350*time.Millisecond || !r.Complete {
		t.Fatalf("%d objects, load %v; want 3, the onLoad", len(r.Objects), r.LoadTime)
	}
	if o := r.Objects[2]; o.Ready != 400*time.Millisecond || o.LastByte != 900*time.Millisecond || o.Conn != -1 || o.FirstByte != 900*time.Millisecond {
		t.Errorf("the image %+v, want ready 400ms, first and last byte 900ms, no connection", o)
	}
}

// TestRun replays a recording end to end: the as-recorded strategy by
// default, any preset by name, an unknown name refused.
func TestRun(t *testing.T) {
	rec := recording(t, "350")
	rp, err := Run(rec, "t.har", "")
	if err != nil {
		t.Fatal(err)
	}
	if rp.Strategy != DefaultStrategy || rp.Config.Strategy.Name != "as-recorded" || !rp.Result.Complete || rp.LoadSet != 2 || math.IsNaN(rp.Error) {
		t.Errorf("replay %s (%s): complete %v, load set %d, error %g", rp.Strategy, rp.Config.Strategy.Name, rp.Result.Complete, rp.LoadSet, rp.Error)
	}
	if rp, err := Run(rec, "t.har", "serial"); err != nil || rp.Config.Strategy.Name != "serial" {
		t.Errorf("serial: %v", err)
	}
	if _, err := Run(rec, "t.har", "fastest"); err == nil {
		t.Error("an unknown strategy: no error")
	}
}
