package har

import (
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"pagesim/model"
)

// Network is what a recording says of the network it ran on, or what can
// be estimated from it. WriteScenario writes it as the scenario's
// network: section and says in the header which it is.
type Network struct {
	// Preset is a network preset of the scenario loader (pagesim presets)
	// whose rates are the recording's: the connectivity profile the
	// producer names (WebPageTest's _connectivity, sitespeed.io's and
	// Browsertime's _meta.connectivity). "" when none is named.
	Preset string
	// Down and Up are the link's rates when the producer wrote them
	// (WebPageTest's _bwDown, _bwUp) or, with neither they nor a profile,
	// as estimated (EstimatedFrom). Zero with a Preset, or when nothing
	// could be estimated (the scenario then uses cable).
	Down, Up model.BitRate
	// RTT is the base round trip: Recording.BaseRTT, or WebPageTest's
	// _latency when no connect time was recorded. Zero: not known (the
	// preset's).
	RTT time.Duration
	// Loss is WebPageTest's _plr as a fraction; 0 when not recorded.
	Loss float64
	// Recorded: the rates are the producer's (a profile or its fields),
	// not an estimate.
	Recorded bool
	// Source says where the numbers come from, one line for the header.
	Source string
}

// profileAliases maps the producers' profile names to the loader's
// presets with the same rates. WebPageTest's names are the presets'
// (Cable, DSL, FIOS, Dial, 3G, 3GFast, 3GSlow, 4G, LTE, Edge, 2G);
// Browsertime's profiles (lib/connectivity/trafficShapeParser.js) have
// WebPageTest's rates under the same names, plus "fois" (sic: FIOS) and
// "3gem" (3GSlow's 400/400 kbps). Their RTTs differ (Browsertime's newer
// profiles halve them), which does not matter here: the round trip comes
// from the recording's own connect times.
var profileAliases = map[string]string{
	"cable": "cable", "dsl": "dsl", "fios": "fios", "fois": "fios", "dial": "dial",
	"3g": "3g", "3gfast": "3gfast", "3gslow": "3gslow", "3gem": "3gslow",
	"4g": "4g", "lte": "lte", "edge": "edge", "2g": "2g",
}

// Bandwidth estimate (estimateRate).
const (
	// rateSamples: the estimate looks at the transfers of the this many
	// largest responses.
	rateSamples = 5
	// upShare: the uplink is not estimable (requests are small); it is
	// taken as this fraction of the estimated downlink, the ratio of
	// WebPageTest's FIOS and DSL profiles (Cable's is 1/5).
	upShare = 0.25
)

// recordedNetwork reads the page's network fields; base is the
// recording's base RTT.
func recordedNetwork(p *rawPage, base time.Duration) Network {
	n := Network{RTT: base}
	if p == nil {
		return n
	}
	if p.PLR.set && p.PLR.v > 0 && p.PLR.v <= 100 {
		n.Loss = p.PLR.v / 100
	}
	if n.RTT == 0 && p.Latency.set && p.Latency.v > 0 {
		n.RTT = millis(p.Latency.v)
	}
	if p.BwDown.set && p.BwDown.v > 0 {
		n.Down = model.BitRate(math.Round(p.BwDown.v * 1000))
		n.Up = n.Down
		if p.BwUp.set && p.BwUp.v > 0 {
			n.Up = model.BitRate(math.Round(p.BwUp.v * 1000))
		}
		n.Recorded = true
		n.Source = fmt.Sprintf("recorded: WebPageTest _bwDown %g kbps, _bwUp %g kbps", p.BwDown.v, p.BwUp.v)
		if n.Loss > 0 {
			n.Source += fmt.Sprintf(", _plr %g%%", p.PLR.v)
		}
		return n
	}
	name, who := p.Connectivity.s, "WebPageTest _connectivity"
	if name == "" {
		name, who = metaConnectivity(p.Meta), "sitespeed.io/Browsertime _meta.connectivity"
	}
	if preset, ok := profileAliases[strings.ToLower(strings.TrimSpace(name))]; ok {
		n.Preset, n.Recorded = preset, true
		n.Source = fmt.Sprintf("recorded: %s %q, the rates of preset %s", who, name, preset)
	} else if name != "" {
		n.Source = fmt.Sprintf("%s %q names no throttling profile", who, clip(name, 30))
	}
	return n
}

// metaConnectivity is _meta.connectivity, "" when _meta is not an object
// with a string there.
func metaConnectivity(raw json.RawMessage) string {
	if len(raw) == 0 || raw[0] != '{' {
		return ""
	}
	var m struct {
		Connectivity optStr `json:"connectivity"`
	}
	if json.Unmarshal(raw, &m) != nil {
		return ""
	}
	return m.Connectivity.s
}

// estimateRate estimates the downlink from the page's transfers: for each
// of the rateSamples largest responses that have a receive phase, the
// bytes every response received while it was receiving (each response's
// bytes spread evenly over its own receive phase) divided by its receive
// time — the aggregate rate the link carried during the largest
// transfers. The estimate is the highest. It is a lower bound of the
// link's rate: the transfers may not have filled it. Zero when no
// response has a receive phase.
func estimateRate(list []*entry) (model.BitRate, string) {
	var net []*entry
	for _, e := range list {
		if e.skip == "" && e.cached == "" && e.end.After(e.firstByte) {
			net = append(net, e)
		}
	}
	if len(net) == 0 {
		return 0, ""
	}
	big := append([]*entry(nil), net...)
	sort.SliceStable(big, func(a, b int) bool { return big[a].size > big[b].size })
	big = big[:min(rateSamples, len(big))]
	best, bestObj := 0.0, ""
	for _, s := range big {
		from, to := s.firstByte, s.end
		bytes := 0.0
		for _, e := range net {
			lo, hi := maxTime(from, e.firstByte), minTime(to, e.end)
			if hi.After(lo) {
				bytes += float64(e.size) * float64(hi.Sub(lo)) / float64(e.end.Sub(e.firstByte))
			}
		}
		if r := bytes * 8 / to.Sub(from).Seconds(); r > best {
			best, bestObj = r, s.u.RequestURI()
		}
	}
	rate := model.BitRate(math.Round(best/1000) * 1000) // to the kbps
	if rate <= 0 {
		return 0, ""
	}
	return rate, fmt.Sprintf("estimated: %v, the aggregate throughput while the largest responses arrived (highest during %s); uplink %g× that",
		rate, clip(bestObj, 40), upShare)
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// network decides rec.Network: the recorded profile or rates, else the
// estimate, else nothing (the scenario falls back to cable).
func network(rec *Recording, p *rawPage, list []*entry) {
	n := recordedNetwork(p, rec.BaseRTT)
	if !n.Recorded {
		why := n.Source
		if r, src := estimateRate(list); r > 0 {
			n.Down, n.Up, n.Source = r, model.BitRate(math.Round(float64(r)*upShare/1000)*1000), src
		} else {
			n.Source = "not recorded, and no response has a receive phase to estimate it from: WebPageTest's default profile, cable"
		}
		if why != "" {
			n.Source = why + "; " + n.Source
		}
	}
	rec.Network = n
}
