// Package replay replays a HAR recording as it was recorded and sets the
// replay beside the recording: the load time against the recorded onLoad,
// and every object's recorded and simulated start and end, the largest
// divergences first. It is what `pagesim replay FILE.har` prints, and what
// docs/realism.md measures over the repository's recordings.
//
// # The replay
//
// Run imports the recording as `pagesim import-har` does (package har:
// its network, hosts, objects with their client time and server time),
// loads that scenario and simulates it once under one strategy, by
// default as-recorded: each host with its recorded protocol and
// connections.
//
// # What is compared
//
// A browser fires the load event once the document and every resource
// the load waits for have arrived; a HAR records when that was
// (pageTimings.onLoad) but not which resources it waited for, and many
// entries start or end after it (beacons, ads, lazy images, XHRs). The
// replay's load time is therefore taken over the same objects the
// recording shows the load waited for: those whose response had ended by
// the recorded onLoad (the load set). Simulated is when the last of them
// arrived in the replay; Error is Simulated ÷ onLoad − 1. Only this
// comparison reads the recorded onLoad: the importer and the model do
// not, so the replay's timing is the model's, never an echo of the
// recording. Without an onLoad (Browsertime 1.0) the load set is every
// object and there is no error.
//
// A divergence of one object is the larger of how much earlier or later
// its request was made (recorded start against the simulated moment it
// became requestable) and how much earlier or later its last byte came.
package replay

import (
	"bytes"
	"fmt"
	"math"
	"sort"
	"time"

	"pagesim/model"
	"pagesim/scenarios"
	"pagesim/scenarios/har"
)

// DefaultStrategy is the strategy a replay uses unless told otherwise.
const DefaultStrategy = "as-recorded"

// Replay is a recording, the scenario the importer wrote for it, its
// simulation under one strategy, and the comparison of the two.
type Replay struct {
	Rec      *har.Recording
	Scenario []byte // the imported scenario, as `pagesim import-har` prints it
	Strategy string
	Config   model.Config
	Result   *model.Result
	Comparison
}

// Comparison sets a replay beside its recording.
type Comparison struct {
	// OnLoad is the recorded onLoad; -1 when not recorded.
	OnLoad time.Duration
	// LoadSet is how many objects the load set holds: those whose
	// recorded response had ended by OnLoad (every object without one).
	LoadSet int
	// RecordedEnd is when the last of them ended in the recording;
	// Simulated when the last of them arrived in the replay.
	RecordedEnd, Simulated time.Duration
	// Error is Simulated / OnLoad − 1; NaN without an onLoad or when the
	// replay did not complete.
	Error float64
	// Last is the object of the load set that ended last in the
	// recording, and ChainClientTime the browser's own time (the delays)
	// along its chain of parents, itself included: how much of the
	// recorded load was the browser's, not the network's.
	Last            int
	ChainClientTime time.Duration
	// Objects holds every object, the largest divergence first (ties in
	// page order).
	Objects []ObjectDiff
}

// ObjectDiff is one object, recorded and replayed.
type ObjectDiff struct {
	Index   int // in the page
	ID, URL string
	// InLoad: the object is in the load set.
	InLoad bool
	// Recorded: when the request was made and when the response ended;
	// Simulated: when it became requestable and when its last byte came.
	RecStart, RecEnd time.Duration
	SimStart, SimEnd time.Duration
	// Failed: the object did not arrive in the replay.
	Failed bool
	// Divergence is max(|SimStart − RecStart|, |SimEnd − RecEnd|).
	Divergence time.Duration
}

// Run replays rec (read from harPath, which the scenario's header names)
// under the named strategy ("" for DefaultStrategy) and compares.
func Run(rec *har.Recording, harPath, strategy string) (*Replay, error) {
	if strategy == "" {
		strategy = DefaultStrategy
	}
	st, ok := model.StrategyByName(strategy)
	if !ok {
		return nil, fmt.Errorf("replay: unknown strategy %q", strategy)
	}
	var y bytes.Buffer
	if err := har.WriteScenario(&y, rec, harPath); err != nil {
		return nil, err
	}
	sc, err := scenarios.Parse(harPath+".yaml", y.Bytes())
	if err != nil {
		return nil, fmt.Errorf("replay: the imported scenario does not load (a bug): %w", err)
	}
	sc.Strategies = []model.Strategy{st}
	jobs, err := sc.Jobs()
	if err != nil {
		return nil, err
	}
	res, err := model.Simulate(jobs[0].Config)
	if err != nil {
		return nil, err
	}
	return &Replay{Rec: rec, Scenario: y.Bytes(), Strategy: strategy, Config: jobs[0].Config, Result: res, Comparison: Compare(rec, res)}, nil
}

// Compare sets res, a simulation of rec's page, beside rec.
func Compare(rec *har.Recording, res *model.Result) Comparison {
	c := Comparison{OnLoad: rec.OnLoad, Error: math.NaN()}
	complete := res.Complete
	for i, m := range rec.Meta {
		if i >= len(res.Objects) {
			break
		}
		o := res.Objects[i]
		d := ObjectDiff{Index: i, ID: rec.Page.Objects[i].ID, URL: m.URL, RecStart: m.Start, RecEnd: m.Start + m.Duration,
			SimStart: o.Ready, SimEnd: o.LastByte, Failed: o.Failed}
		d.InLoad = rec.OnLoad < 0 || d.RecEnd <= rec.OnLoad
		d.Divergence = max(abs(d.SimStart-d.RecStart), abs(d.SimEnd-d.RecEnd))
		if d.InLoad {
			c.LoadSet++
			if d.RecEnd >= c.RecordedEnd {
				c.Last = i
			}
			c.RecordedEnd = max(c.RecordedEnd, d.RecEnd)
			c.Simulated = max(c.Simulated, d.SimEnd)
			complete = complete && !o.Failed
		}
		c.Objects = append(c.Objects, d)
	}
	if rec.OnLoad > 0 && complete {
		c.Error = c.Simulated.Seconds()/rec.OnLoad.Seconds() - 1
	}
	for i := c.Last; i >= 0 && i < len(rec.Page.Objects); i = rec.Page.Objects[i].Parent {
		c.ChainClientTime += rec.Page.Objects[i].Delay
	}
	sort.SliceStable(c.Objects, func(a, b int) bool { return c.Objects[a].Divergence > c.Objects[b].Divergence })
	return c
}

func abs(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

// Recorded is the recording as a simulation result, for a waterfall drawn
// beside the replay's: each object's recorded phases (request made,
// DNS, connect, TLS, request sent, first byte, last byte; Has says which
// took time), no connection ids (Conn −1), LoadTime the recorded onLoad
// (the last end without one).
func Recorded(rec *har.Recording) *model.Result {
	r := &model.Result{Complete: true}
	var last time.Duration
	for i, m := range rec.Meta {
		o := rec.Page.Objects[i]
		end := m.Start + m.Duration
		last = max(last, end)
		or := model.ObjectResult{
			ID: o.ID, URL: m.URL, Host: o.Host, Size: o.Size, Parent: o.Parent, Conn: -1,
			Ready: m.Start, DNSStart: m.DNS, ConnectStart: m.Connect, TCPDone: m.TLS, TLSDone: m.Sent,
			RequestSent: m.Sent, FirstByte: m.FirstByte, LastByte: end, FirstAttempt: m.Sent,
			Has: model.HasReady | model.HasRequest | model.HasFirstByte | model.HasLastByte,
		}
		// The phases the recording timed (model.ObjectResult.Has).
		if or.TCPDone > or.ConnectStart {
			or.Has |= model.HasConnect
			if or.ConnectStart > or.DNSStart {
				or.Has |= model.HasDNS
			}
			if or.TLSDone > or.TCPDone {
				or.Has |= model.HasTLS
			}
		}
		r.Objects = append(r.Objects, or)
	}
	r.LoadTime = last
	if rec.OnLoad > 0 {
		r.LoadTime = rec.OnLoad
	}
	return r
}
