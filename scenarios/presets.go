package scenarios

import (
	"strings"
	"time"

	"pagesim/model"
)

// Preset is a named access network (YAML network.preset). Down, Up and RTT
// fill network.down, network.up and network.rtt; keys written explicitly
// in the scenario override them.
type Preset struct {
	// Name is what network.preset takes (lookup ignores case, spaces,
	// '-' and '_').
	Name string
	// Source says where the numbers come from and the name the source
	// gives the profile.
	Source string
	// Down and Up are the link rates.
	Down, Up model.BitRate
	// RTT is the round-trip time pagesim uses (see the package doc for how
	// per-request latencies are mapped to it).
	RTT  time.Duration
	Note string
}

const (
	srcWPT        = "WebPageTest connectivity profile"
	srcLighthouse = "Lighthouse throttling preset"
	srcDevTools   = "Chrome DevTools network throttling preset"
	srcFirefox    = "Firefox DevTools network throttling preset"

	noteWPT    = "packet-level RTT (WebPageTest shapes packets with its latency figure)"
	notePerReq = "per-request latency in the source, used here as the packet-level RTT"
	noteLHSim  = "Lighthouse's simulated-throttling RTT, used here as the packet-level RTT"
)

func kbps(v float64) model.BitRate { return model.BitRate(v * 1000) }

func ms(v float64) time.Duration { return time.Duration(v * float64(time.Millisecond)) }

// presets is the table behind Presets, in listing order: WebPageTest names
// unprefixed, every other source prefixed with its name.
var presets = []Preset{
	{"cable", srcWPT + " \"Cable\"", kbps(5000), kbps(1000), ms(28), noteWPT},
	{"dsl", srcWPT + " \"DSL\"", kbps(1500), kbps(384), ms(50), noteWPT},
	{"fios", srcWPT + " \"FIOS\"", kbps(20000), kbps(5000), ms(4), noteWPT},
	{"dial", srcWPT + " \"Dial\" (56K modem)", kbps(49), kbps(30), ms(120), noteWPT},
	{"3g", srcWPT + " \"3G\"", kbps(1600), kbps(768), ms(300), noteWPT},
	{"3gfast", srcWPT + " \"3GFast\"", kbps(1600), kbps(768), ms(150), noteWPT},
	{"3gslow", srcWPT + " \"3GSlow\"", kbps(400), kbps(400), ms(400), noteWPT},
	{"4g", srcWPT + " \"4G\"", kbps(9000), kbps(9000), ms(170), noteWPT},
	{"lte", srcWPT + " \"LTE\"", kbps(12000), kbps(12000), ms(70), noteWPT},
	{"edge", srcWPT + " \"Edge\"", kbps(240), kbps(200), ms(840), noteWPT},
	{"2g", srcWPT + " \"2G\"", kbps(280), kbps(256), ms(800), noteWPT},

	{"lighthouse-mobileslow4g", srcLighthouse + " \"mobileSlow4G\"", kbps(1638.4), kbps(750), ms(150), noteLHSim},
	{"lighthouse-mobileregular3g", srcLighthouse + " \"mobileRegular3G\"", kbps(700), kbps(700), ms(300), noteLHSim},
	{"lighthouse-desktopdense4g", srcLighthouse + " \"desktopDense4G\"", kbps(10240), kbps(10240), ms(40), noteLHSim},

	{"devtools-3g", srcDevTools + " \"3G\"", kbps(400), kbps(400), ms(2000), notePerReq},
	{"devtools-slow4g", srcDevTools + " \"Slow 4G\"", kbps(1440), kbps(675), ms(562.5), notePerReq},
	{"devtools-fast4g", srcDevTools + " \"Fast 4G\"", kbps(8100), kbps(1350), ms(165), notePerReq},

	{"firefox-gprs", srcFirefox + " \"GPRS\"", kbps(50), kbps(20), ms(500), notePerReq},
	{"firefox-regular2g", srcFirefox + " \"Regular 2G\"", kbps(250), kbps(50), ms(300), notePerReq},
	{"firefox-good2g", srcFirefox + " \"Good 2G\"", kbps(450), kbps(150), ms(150), notePerReq},
	{"firefox-regular3g", srcFirefox + " \"Regular 3G\"", kbps(750), kbps(250), ms(100), notePerReq},
	{"firefox-good3g", srcFirefox + " \"Good 3G\"", kbps(1500), kbps(750), ms(40), notePerReq},
	{"firefox-regular4g", srcFirefox + " \"Regular 4G / LTE\"", kbps(4000), kbps(3000), ms(20), notePerReq},
	{"firefox-dsl", srcFirefox + " \"DSL\"", kbps(2000), kbps(1000), ms(5), notePerReq},
	{"firefox-wifi", srcFirefox + " \"Wi-Fi\"", kbps(30000), kbps(15000), ms(2), notePerReq},
}

// Presets returns every network preset, WebPageTest's first, then
// Lighthouse, Chrome DevTools and Firefox. The slice is a copy.
func Presets() []Preset { return append([]Preset(nil), presets...) }

// PresetByName looks a preset up by name, ignoring case, spaces, '-' and
// '_' ("DevTools Slow 4G" finds devtools-slow4g).
func PresetByName(name string) (Preset, bool) {
	n := normPreset(name)
	for _, p := range presets {
		if normPreset(p.Name) == n {
			return p, true
		}
	}
	return Preset{}, false
}

func normPreset(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '_':
			return -1
		}
		return r
	}, strings.ToLower(s))
}

// suggestPreset says which presets a mistyped name may have meant ("" if
// none): those whose name, without case, spaces, dashes and underscores,
// begins or ends with the name so written ("slow4g": devtools-slow4g;
// "lighthouse-mobile": one of the Lighthouse presets), else the closest
// by edit distance ("3gslw": 3gslow).
func suggestPreset(s string) string {
	n := normPreset(s)
	var hits, norm []string
	for _, p := range presets {
		pn := normPreset(p.Name)
		norm = append(norm, pn)
		if len(n) >= 3 && pn != n && (strings.HasPrefix(pn, n) || strings.HasSuffix(pn, n)) {
			hits = append(hits, p.Name)
		}
	}
	switch len(hits) {
	case 0:
	case 1:
		return hits[0]
	default:
		return "one of " + strings.Join(hits, ", ")
	}
	if sg := suggest(n, norm); sg != "" {
		for _, p := range presets {
			if normPreset(p.Name) == sg {
				return p.Name
			}
		}
	}
	return ""
}

func presetNames() []string {
	s := make([]string, len(presets))
	for i, p := range presets {
		s[i] = p.Name
	}
	return s
}
