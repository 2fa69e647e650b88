package h1

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/units"
	"pagesim/sim"
)

// logRecorder writes down every connection and request event with its
// time: two runs that log the same did the same.
type logRecorder struct {
	httpcore.NopRecorder
	now func() time.Duration
	b   strings.Builder
}

func (r *logRecorder) log(format string, args ...any) {
	fmt.Fprintf(&r.b, "%v ", r.now())
	fmt.Fprintf(&r.b, format, args...)
	r.b.WriteByte('\n')
}

func (r *logRecorder) ConnOpened(c httpcore.ConnID, host string, _ int) {
	r.log("open %d %s", c, host)
}
func (r *logRecorder) ConnReady(c httpcore.ConnID) { r.log("ready %d", c) }
func (r *logRecorder) ConnEnded(c httpcore.ConnID, why httpcore.EndReason) {
	r.log("end %d %v", c, why)
}
func (r *logRecorder) ConnReset(c httpcore.ConnID) { r.log("reset %d", c) }
func (r *logRecorder) RequestWritten(q *httpcore.Request, c httpcore.ConnID) {
	r.log("write %s on %d", q.Path, c)
}
func (r *logRecorder) ResponseDone(q *httpcore.Request, c httpcore.ConnID, truncated bool) {
	r.log("done %s on %d %v", q.Path, c, truncated)
}
func (r *logRecorder) Lost(q *httpcore.Request, c httpcore.ConnID, why httpcore.LossReason) {
	r.log("lost %s on %d %v", q.Path, c, why)
}
func (r *logRecorder) ObjectFailed(obj int, why string, _ int) { r.log("failed %d %s", obj, why) }

// TestKickWaitingShortcuts: kickWaiting, which stops walking the hosts
// blocked by MaxConns once the rest are plainly blocked, does exactly what
// dispatching every one of them in turn (referenceKick) does — on random
// pages of up to 60 hosts under random per-host and total caps, with
// pipelining, servers that refuse or close excess connections, Keep-Alive
// max and idle timeouts, and client timeouts. Its bookkeeping is also
// checked against a recount after every page.
func TestKickWaitingShortcuts(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 14))
	shortcuts, movedN, nested := 0, 0, 0
	for trial := range 300 {
		set := textbook(time.Duration(1+rng.IntN(50))*time.Millisecond, 0, httpcore.Strategy{
			Name:     "random",
			HTTP:     []httpcore.HTTPVersion{httpcore.HTTP10, httpcore.HTTP10KeepAlive, httpcore.HTTP11}[rng.IntN(3)],
			Conns:    1 + rng.IntN(6),
			MaxConns: 1 + rng.IntN(8),
		})
		set.strat.Pipeline = set.strat.HTTP == httpcore.HTTP11 && rng.IntN(2) == 0
		set.net.Down = units.BitRate(1+rng.IntN(50)) * units.Mbps
		set.net.Up = set.net.Down / 4
		if rng.IntN(3) == 0 {
			set.server.MaxConnsPerClient = 1 + rng.IntN(4)
			set.server.Excess = []httpcore.Excess{httpcore.ExcessRefuse, httpcore.ExcessClose}[rng.IntN(2)]
		}
		set.server.KeepAliveMax = rng.IntN(4)
		set.server.KeepAliveTimeout = time.Duration(rng.IntN(3)) * 50 * time.Millisecond
		set.client.IdleTimeout = time.Duration(rng.IntN(3)) * 70 * time.Millisecond
		hosts := 1 + rng.IntN(60)
		n := 1 + rng.IntN(120)
		for i := 1; i <= n; i++ {
			set.page.Objects = append(set.page.Objects, httpcore.Object{
				ID: fmt.Sprintf("o%d", i), Host: fmt.Sprintf("h%d.example", rng.IntN(hosts)),
				Path: fmt.Sprintf("/%d", i), Size: units.Bytes(1 + rng.IntN(40000)), Parent: rng.IntN(i),
			})
		}
		var logs [2]string
		for k, ref := range []bool{true, false} {
			useReferenceKick = ref
			h := newHarness(t, set)
			rec := &logRecorder{now: h.s.Now}
			h.browser.rec = rec
			h.page = httpcore.NewPageLoad(h.s, &set.page, h.browser, rec)
			h.page.Start()
			if err := h.s.Run(sim.Limits{Horizon: time.Hour}); err != nil {
				t.Fatal(err)
			}
			useReferenceKick = false
			if err := h.browser.checkWaiting(); err != nil {
				t.Fatalf("trial %d (reference %v): %v", trial, ref, err)
			}
			shortcuts += h.browser.rests
			movedN += h.browser.moved
			nested += h.browser.nested
			logs[k] = rec.b.String()
		}
		if logs[0] != logs[1] {
			t.Fatalf("trial %d: %+v\nthe shortcut kick differs from dispatching every host:\n%s", trial, set.strat, firstDiff(logs[0], logs[1]))
		}
	}
	if shortcuts == 0 {
		t.Fatal("no kick kept a rest of the list: the test does not reach the shortcut")
	}
	t.Logf("%d kicks kept a rest; %d hosts moved, %d nested kicks", shortcuts, movedN, nested)
}

// firstDiff shows the lines around where two logs part.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			lo := max(0, i-3)
			return fmt.Sprintf("reference:\n%s\nshortcut:\n%s", strings.Join(la[lo:min(len(la), i+3)], "\n"), strings.Join(lb[lo:min(len(lb), i+3)], "\n"))
		}
	}
	return fmt.Sprintf("one log is longer: %d vs %d lines", len(la), len(lb))
}

// checkWaiting recounts what kickWaiting keeps track of, between kicks.
func (cl *Client) checkWaiting() error {
	if cl.kicking != 0 {
		return fmt.Errorf("%d kicks still running", cl.kicking)
	}
	in := map[*hostPool]bool{}
	for _, p := range cl.waitTotal {
		if in[p] {
			return fmt.Errorf("host %s twice in the waiting list", p.name)
		}
		in[p] = true
	}
	odd := 0
	for _, p := range cl.hosts {
		if p.waiting != in[p] {
			return fmt.Errorf("host %s: waiting %v, in the list %v", p.name, p.waiting, in[p])
		}
		if want := p.waiting && !blockedHost(p); p.odd != want {
			return fmt.Errorf("host %s: odd %v, want %v", p.name, p.odd, want)
		}
		if p.odd {
			odd++
		}
	}
	if odd != cl.waitOdd {
		return fmt.Errorf("waitOdd %d, recount %d", cl.waitOdd, odd)
	}
	return nil
}
