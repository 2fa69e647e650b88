package scenarios

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"go.yaml.in/yaml/v3"

	"pagesim/model"
	"pagesim/model/link"
	"pagesim/model/tcp"
)

// decoded is everything a scenario file says, for one sweep point.
type decoded struct {
	name       string
	seed       uint64
	runs       int
	cfg        model.Config // Strategy, Run unset
	strategies []model.Strategy
	sweep      []sweepParam
}

// env is what decoding needs beyond the tree: where relative HAR paths
// start, and how a HAR is loaded.
type env struct {
	dir string
	har *harCache
	// mu guards pages, validPages and hosts: sweep points are decoded in
	// parallel (forEachPoint). Each is filled in outside it and stored if
	// no other goroutine stored one first, so a page, its validity and its
	// host names are still worked out once per page in all but a race.
	mu sync.Mutex
	// pages holds each page: section decoded without error, by its node
	// and the seed (a generated page depends on it). Sweep points share
	// the file's nodes wherever the sweep changes nothing, so every point
	// of a sweep that leaves page: alone gets the one decoded page: its
	// objects are decoded once per scenario and shared, read-only, by
	// every job.
	pages map[pageKey]decodedPage
	// validPages holds whether each decoded page passed Page.Validate
	// (validatePoint). Pages are never changed once decoded.
	validPages map[pageID]bool
	// hosts holds the sorted host names of each decoded page (hostNames).
	hosts map[pageID][]string
}

// hostNames returns the page's hosts, sorted, each once, working them out
// once per page however many sweep points share it. The slice is shared:
// callers must not change it.
func (e *env) hostNames(p model.Page) []string {
	id, ok := pageIDOf(p)
	e.mu.Lock()
	names, seen := e.hosts[id]
	e.mu.Unlock()
	if ok && seen {
		return names
	}
	set := map[string]bool{}
	names = nil
	for _, o := range p.Objects {
		if !set[o.Host] {
			set[o.Host] = true
			names = append(names, o.Host)
		}
	}
	sort.Strings(names)
	if ok {
		e.mu.Lock()
		defer e.mu.Unlock()
		if first, seen := e.hosts[id]; seen {
			return first
		}
		if e.hosts == nil {
			e.hosts = map[pageID][]string{}
		}
		e.hosts[id] = names
	}
	return names
}

// pageID names a decoded page by its objects slice. The pointer in a key
// keeps that slice alive as long as the env, so no later page of the same
// env can be allocated at its address.
type pageID struct {
	first *model.Object
	n     int
}

// pageIDOf names p; a page without objects has no name.
func pageIDOf(p model.Page) (pageID, bool) {
	if len(p.Objects) == 0 {
		return pageID{}, false
	}
	return pageID{&p.Objects[0], len(p.Objects)}, true
}

type pageKey struct {
	node *yaml.Node
	seed uint64
}

type decodedPage struct {
	page  model.Page
	hosts map[string]model.Host
}

// decodeScenario decodes the whole tree. With withSweep the sweep section
// is decoded too (only the file as written needs it; sweep points reuse
// the result).
func (d *decoder) decodeScenario(root *yaml.Node, e *env, withSweep bool) *decoded {
	out := &decoded{seed: 1, runs: 1}
	cfg := &out.cfg
	cfg.Network = model.DefaultNetwork()
	cfg.TCP = model.DefaultTCP()
	cfg.Client = model.DefaultClient()
	cfg.Server = model.DefaultServer()
	f := d.mapping(root, "", rootSchema, "a mapping of scenario sections (name, network, page, strategies, …)")
	if f == nil {
		return out
	}
	if n := f.get("name"); n != nil {
		if s, ok := d.scalar(n, "name", "a name"); ok {
			out.name = s
		}
	}
	if n := f.get("seed"); n != nil {
		if s, ok := d.scalar(n, "seed", "a whole number ≥ 0"); ok {
			v, err := strconv.ParseUint(s, 10, 64)
			if err != nil {
				d.errorf(n, "seed", "%q is not a whole number ≥ 0 (expected e.g. 1)", s)
			} else {
				out.seed = v
			}
		}
	}
	d.optInt(f, "runs", &out.runs, 1, MaxSimulations, "1 to 100000000 replications")
	cfg.Seed = out.seed

	d.network(f.get("network"), &cfg.Network)
	d.tcp(f.get("tcp"), &cfg.TCP) // tcp.rwnd ≥ network.mss is model's rule (validatePoint)
	if tf := f.get("tcp"); tf != nil && cfg.Network.Ties == "" && profileOf(tf) == tcp.ProfileNS3 {
		// tcp: {profile: ns3} reproduces ns-3 on its link too: ns-3's order
		// of an arrival and a departure at one instant, unless
		// network.ties says otherwise.
		cfg.Network.Ties = link.TiesNS3
	}
	cfg.QUIC = model.DefaultQUIC()
	cfg.H3 = model.DefaultH3()
	d.quic(f.get("quic"), &cfg.QUIC)
	d.h3(f.get("h3"), &cfg.H3)
	d.client(f.get("client"), &cfg.Client)
	d.server(f.get("server"), &cfg.Server)
	d.proxy(f.get("proxy"), &cfg.Proxy)

	page, pageHosts, pageOK := d.page(f.get("page"), f.node, out.seed, e)
	cfg.Page = page
	cfg.Hosts = d.hosts(f.get("hosts"), e, page, pageHosts, pageOK)
	cfg.Faults = d.faults(f.get("faults"), page, pageOK)

	d.limits(f.get("limits"), cfg)

	if n := f.get("strategies"); n != nil {
		out.strategies = d.strategies(n)
	} else {
		out.strategies = append([]model.Strategy(nil), model.Strategies...)
	}
	if withSweep {
		if n := f.get("sweep"); n != nil {
			out.sweep = d.sweep(n)
		}
	}
	return out
}

// maxEventsLimit bounds limits.max_events: 10^12 events are days of work,
// far beyond any page load.
const maxEventsLimit = 1_000_000_000_000

// limits decodes limits: the bounds of every simulation of the scenario
// (model.Config.Horizon and MaxEvents); unset, the model's defaults.
func (d *decoder) limits(n *yaml.Node, cfg *model.Config) {
	if n == nil {
		return
	}
	f := d.mapping(n, "limits", rootSchema.keys["limits"], "{horizon: DURATION, max_events: N}")
	if f == nil {
		return
	}
	if hn := f.get("horizon"); hn != nil {
		if v, ok := d.duration(hn, "limits.horizon", false); ok {
			if v <= 0 || v > model.MaxHorizon {
				d.errorf(hn, "limits.horizon", "%s is out of range (expected more than 0 and at most %dh of simulated time; default %dh)",
					hn.Value, model.MaxHorizon/time.Hour, model.DefaultHorizon/time.Hour)
			} else {
				cfg.Horizon = v
			}
		}
	}
	if en := f.get("max_events"); en != nil {
		if v, ok := d.integer(en, "limits.max_events", 1, maxEventsLimit, fmt.Sprintf("1 to %d engine events per simulation; default %d", int64(maxEventsLimit), model.DefaultMaxEvents)); ok {
			cfg.MaxEvents = uint64(v)
		}
	}
}

func (d *decoder) network(n *yaml.Node, nw *model.Network) {
	if n == nil {
		return
	}
	f := d.mapping(n, "network", rootSchema.keys["network"], "a mapping of network keys (preset, rtt, down, up, …)")
	if f == nil {
		return
	}
	if pn := f.get("preset"); pn != nil {
		if s, ok := d.scalar(pn, "network.preset", "a preset name, e.g. cable"); ok {
			if p, found := PresetByName(s); found {
				nw.Down, nw.Up, nw.RTT = p.Down, p.Up, p.RTT
			} else {
				msg := fmt.Sprintf("unknown preset %q", s)
				if sg := suggestPreset(s); sg != "" {
					msg += fmt.Sprintf("; did you mean %s?", sg)
				}
				d.errorf(pn, "network.preset", "%s (expected one of %s; `pagesim presets` lists them)", msg, strings.Join(presetNames(), ", "))
			}
		}
	}
	d.optDuration(f, "rtt", &nw.RTT, false)
	d.optRate(f, "down", &nw.Down, 1, "a positive rate")
	d.optRate(f, "up", &nw.Up, 1, "a positive rate")
	d.optInt(f, "queue", &nw.Queue, 1, math.MaxInt32, "a queue of at least 1 packet")
	if ln := f.get("loss"); ln != nil {
		if v, ok := d.percent(ln, "network.loss", 0, 1, "0% to 100%"); ok {
			nw.Loss = v
		}
	}
	d.optSize(f, "mss", &nw.MSS, 1, "a positive segment size, e.g. 1460B")
	d.optSize(f, "header", &nw.Header, 0, "per-packet overhead, 0B or more")
	optEnum(d, f, "ties", &nw.Ties, link.TiesDepartureFirst, link.TiesNS3)
}

func (d *decoder) tcp(n *yaml.Node, t *model.TCP) *fields {
	if n == nil {
		return nil
	}
	f := d.mapping(n, "tcp", rootSchema.keys["tcp"], "a mapping of TCP keys (initcwnd, rwnd, cc, …)")
	if f == nil {
		return nil
	}
	if pn := f.get("profile"); pn != nil {
		// A profile is a complete configuration; the keys written next to
		// it override it, because they are applied after.
		if v, ok := d.enum(pn, "tcp.profile", tcp.Profiles()...); ok {
			*t, _ = tcp.Profile(v)
		}
	}
	d.optInt(f, "initcwnd", &t.InitCwnd, 1, 1_000_000, "1 to 1000000 segments")
	d.optSize(f, "rwnd", &t.RWnd, 1, "a positive window, e.g. 64KiB")
	optEnum(d, f, "cc", &t.CC, model.Reno, model.NewReno, model.Cubic)
	optEnum(d, f, "slow_start_increase", &t.SlowStartIncrease, model.SSIncreaseRFC5681, model.SSIncreaseABC2, model.SSIncreaseLinux)
	d.optDuration(f, "delayed_ack", &t.DelayedACK, true)
	d.optBool(f, "quickack", &t.QuickAck)
	d.optDuration(f, "min_rto", &t.MinRTO, false)
	if n := f.get("min_rto"); n != nil && t.MinRTO == 0 {
		d.errorf(n, "tcp.min_rto", "must be positive (expected e.g. 200ms)")
		t.MinRTO = model.DefaultTCP().MinRTO
	}
	d.optBool(f, "nagle", &t.Nagle)
	d.optBool(f, "sack", &t.SACK)
	d.optBool(f, "frto", &t.FRTO)
	d.optBool(f, "slow_start_after_idle", &t.SlowStartAfterIdle)
	optEnum(d, f, "recovery", &t.Recovery, tcp.RecoveryReno, tcp.RecoveryNewReno, tcp.RecoverySACK)
	optEnum(d, f, "ca_increase", &t.CAIncrease, tcp.CAIncreaseBytes, tcp.CAIncreasePerACK)
	optEnum(d, f, "ack_counting", &t.AckCounting, tcp.AckBytes, tcp.AckSegments)
	d.optBool(f, "cwnd_validation", &t.CwndValidation)
	d.optBool(f, "limited_transmit", &t.LimitedTransmit)
	d.optBool(f, "ack_first_data", &t.AckFirstData)
	optEnum(d, f, "push", &t.Push, tcp.PushImmediate, tcp.PushAutocork, tcp.PushTimestep)
	optEnum(d, f, "hystart", &t.HyStart, tcp.HyStartOff, tcp.HyStartLinux)
	optEnum(d, f, "prr", &t.PRR, tcp.PRROff, tcp.PRRRFC6937, tcp.PRRLinux, tcp.PRRNS3)
	optEnum(d, f, "rto_reset", &t.RTOReset, tcp.RTOResetSample, tcp.RTOResetACK)
	optEnum(d, f, "rto_formula", &t.RTOFormula, tcp.RTOFormulaRFC6298, tcp.RTOFormulaLinux)
	d.optInt(f, "nextseg_rules", &t.NextSegRules, 2, 4, "2, 3 or 4 NextSeg rules")
	d.optBool(f, "partial_ack_retransmit", &t.PartialAckRetransmit)
	optEnum(d, f, "cwnd_unit", &t.CwndUnit, tcp.CwndPackets, tcp.CwndBytes)
	d.optBool(f, "rack", &t.RACK)
	d.optBool(f, "tlp", &t.TLP)
	d.optDuration(f, "initial_rto", &t.InitialRTO, false)
	if n := f.get("initial_rto"); n != nil && t.InitialRTO == 0 {
		d.errorf(n, "tcp.initial_rto", "must be positive (expected e.g. 1s)")
		t.InitialRTO = model.DefaultTCP().InitialRTO
	}
	d.optSize(f, "syn_options", &t.SynOptions, 0, "0B to 40B of options")
	d.optBool(f, "ssthresh_from_pipe", &t.SsthreshFromPipe)
	d.optBool(f, "loss_exit_above_recover", &t.LossExitAboveRecover)
	return f
}

func (d *decoder) client(n *yaml.Node, c *model.Client) {
	if n == nil {
		return
	}
	f := d.mapping(n, "client", rootSchema.keys["client"], "a mapping of client keys (request_size, timeout, …)")
	if f == nil {
		return
	}
	d.optSize(f, "request_size", &c.RequestSize, 1, "a positive size, e.g. 400B")
	d.optDuration(f, "timeout", &c.Timeout, true)
	d.optDuration(f, "idle_timeout", &c.IdleTimeout, true)
	d.optBool(f, "proxy_connection", &c.ProxyConnection)
	d.clientTime(f, c)
	if rn := f.get("read_rate"); rn != nil {
		if s, ok := d.scalar(rn, "client.read_rate", "a rate, e.g. 1Mbps, or unlimited"); ok {
			if isOff(s) || strings.EqualFold(s, "unlimited") {
				c.ReadRate = 0
			} else {
				d.optRate(f, "read_rate", &c.ReadRate, 0, "a rate, or unlimited")
			}
		}
	}
}

func (d *decoder) server(n *yaml.Node, s *model.Server) {
	if n == nil {
		return
	}
	sch := rootSchema.keys["server"]
	f := d.mapping(n, "server", sch, "a mapping of server keys (think, header_size, keepalive, …)")
	if f == nil {
		return
	}
	if tn := f.get("think"); tn != nil {
		if v, ok := d.dist(tn, "server.think", true); ok {
			s.Think = v
		}
	}
	d.optSize(f, "header_size", &s.HeaderSize, 0, "0B or more")
	if kn := f.get("keepalive"); kn != nil {
		if kf := d.mapping(kn, "server.keepalive", sch.keys["keepalive"], "{max: N, timeout: DURATION}"); kf != nil {
			d.optInt(kf, "max", &s.KeepAliveMax, 0, math.MaxInt32, "0 (unlimited) or more requests per connection")
			d.optDuration(kf, "timeout", &s.KeepAliveTimeout, true)
		}
	}
	d.optInt(f, "max_conns_per_client", &s.MaxConnsPerClient, 0, math.MaxInt32, "0 (no cap) or more connections")
	optEnum(d, f, "excess", &s.Excess, model.ExcessRefuse, model.ExcessClose)
	optEnum(d, f, "close", &s.Close, model.CloseHalf, model.CloseFull)
	d.optBool(f, "content_length", &s.ContentLength)
	if hn := f.get("h2"); hn != nil {
		if hf := d.mapping(hn, "server.h2", sch.keys["h2"], "a mapping of HTTP/2 keys (max_streams, scheduler, send_buffer, …)"); hf != nil {
			h := &s.H2
			d.optInt(hf, "max_streams", &h.MaxStreams, 0, math.MaxInt32, "0 (unlimited) or more concurrent streams")
			d.optSize(hf, "header_table", &h.HeaderTable, 0, "0B (no dynamic table) or more")
			d.optSize(hf, "frame_size", &h.FrameSize, 0, "0B (16384B) to 16384B")
			if h.FrameSize > 16384 {
				d.errorf(hf.get("frame_size"), "server.h2.frame_size", "%v is above 16384B, the client's SETTINGS_MAX_FRAME_SIZE (expected at most 16384B)", h.FrameSize)
				h.FrameSize = 0
			}
			optEnum(d, hf, "scheduler", &h.Scheduler, model.SchedFIFO, model.SchedRoundRobin, model.SchedTree, model.SchedUrgency)
			d.optSize(hf, "send_buffer", &h.SendBuffer, 0, "0B (no bound) or more")
			d.optInt(hf, "max_requests", &h.MaxRequests, 0, math.MaxInt32, "0 (unlimited) or more streams per connection")
		}
	}
}

func (d *decoder) proxy(n *yaml.Node, p *model.Proxy) {
	if n == nil {
		return
	}
	f := d.mapping(n, "proxy", rootSchema.keys["proxy"], "{kind: none|dumb|smart} or {chain: [smart, dumb]}")
	if f == nil {
		return
	}
	kn, cn := f.get("kind"), f.get("chain")
	if kn != nil && cn != nil {
		d.errorf(f.key["chain"], "proxy.chain", "kind and chain are exclusive (expected one of them)")
	}
	if kn != nil {
		var k model.ProxyKind
		optEnum(d, f, "kind", &k, model.ProxyNone, model.ProxyDumb, model.ProxySmart)
		if k != "" && k != model.ProxyNone {
			p.Chain = []model.ProxyKind{k}
		}
	} else if cn != nil {
		cn = deref(cn)
		if cn.Kind != yaml.SequenceNode {
			d.errorf(cn, "proxy.chain", "got %s (expected a list such as [smart, dumb])", kindName(cn))
		} else {
			for i, en := range cn.Content {
				if v, ok := d.enum(en, index("proxy.chain", i), string(model.ProxyDumb), string(model.ProxySmart)); ok {
					p.Chain = append(p.Chain, model.ProxyKind(v))
				}
			}
		}
	}
	d.optDuration(f, "timeout", &p.Timeout, true)
}

// hosts builds Config.Hosts: one entry for every host of the page,
// starting from model.DefaultHost (TLS 1.3 for hosts reached by https),
// then what a HAR recording estimated, then the keys written in hosts:.
func (d *decoder) hosts(n *yaml.Node, e *env, page model.Page, fromPage map[string]model.Host, pageOK bool) map[string]model.Host {
	names := e.hostNames(page)
	out := make(map[string]model.Host, len(names))
	for _, h := range names {
		out[h] = model.DefaultHost()
	}
	for h, v := range fromPage {
		out[h] = v
	}
	if n == nil {
		return out
	}
	sch := rootSchema.keys["hosts"]
	f := d.mapping(n, "hosts", sch, "a mapping of host name → {extra_rtt, dns, tls, cert_size, think, h2, address, cert, h3, zero_rtt, protocol, conns, tls_time}")
	if f == nil {
		return out
	}
	for _, key := range f.keys {
		p := join("hosts", key)
		hf := d.mapping(f.val[key], p, sch.anyKey, "{extra_rtt, dns, tls, cert_size, think, h2, address, cert, h3, zero_rtt, protocol, conns, tls_time}")
		name := strings.ToLower(key) // URL hosts are lower-cased
		h, known := out[name]
		if !known && pageOK {
			// Settings for a host the page never contacts have no effect:
			// most likely a typo, and a sweep over them would give
			// identical points, so it is an error, not a warning.
			msg := fmt.Sprintf("no object of the page is on host %q, so its settings would have no effect", name)
			if sg := suggest(name, names); sg != "" {
				msg += fmt.Sprintf("; did you mean %s?", sg)
			}
			d.errorf(f.key[key], p, "%s (expected one of the page's hosts: %s)", msg, strings.Join(names, ", "))
		}
		if hf == nil {
			continue
		}
		if !known {
			h = model.DefaultHost()
		}
		d.optDuration(hf, "extra_rtt", &h.ExtraRTT, false)
		d.optDuration(hf, "dns", &h.DNS, true)
		if tn := hf.get("tls"); tn != nil {
			s, ok := d.scalar(tn, join(p, "tls"), `one of none | "1.2" | "1.3"`)
			if ok {
				switch s {
				case "none", "off", "false":
					h.TLS = model.TLSNone
				case "1.2", "1.3":
					h.TLS = model.TLSVersion(s)
				default:
					d.errorf(tn, join(p, "tls"), `unknown TLS version %q (expected one of none | "1.2" | "1.3")`, s)
				}
			}
		}
		d.optSize(hf, "cert_size", &h.CertSize, 0, "0B or more")
		optEnum(d, hf, "h3", &h.H3, model.H3Known, model.H3Discover, model.H3None)
		d.optBool(hf, "zero_rtt", &h.ZeroRTT)
		if bn := hf.get("h2"); bn != nil {
			speaks := !h.NoH2
			d.optBool(hf, "h2", &speaks)
			h.NoH2 = !speaks
		}
		for _, k := range []struct {
			key string
			dst *string
		}{{"address", &h.Address}, {"cert", &h.Cert}} {
			if vn := hf.get(k.key); vn != nil {
				if v, ok := d.scalar(vn, join(p, k.key), "a name, e.g. 192.0.2.1 or *.example.com"); ok {
					*k.dst = v
				}
			}
		}
		if tn := hf.get("think"); tn != nil {
			if v, ok := d.dist(tn, join(p, "think"), true); ok {
				h.Think = &v
			}
		}
		d.recordedHost(hf, &h)
		out[name] = h
	}
	return out
}

func (d *decoder) faults(n *yaml.Node, page model.Page, pageOK bool) []model.Fault {
	if n == nil {
		return nil
	}
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "faults", "got %s (expected a list of {kind: close_mid_body, object: ID, at: 50%%})", kindName(n))
		return nil
	}
	ids := map[string]int{}
	var idList []string
	for i, o := range page.Objects {
		ids[o.ID] = i
		idList = append(idList, o.ID)
	}
	var out []model.Fault
	for i, en := range n.Content {
		p := index("faults", i)
		f := d.mapping(en, p, rootSchema.keys["faults"].elem, "{kind: close_mid_body, object: ID, at: 50%}")
		if f == nil {
			continue
		}
		ft := model.Fault{Object: -1, At: 0.5}
		ok := true
		if kn := f.get("kind"); kn != nil {
			k, good := d.enum(kn, join(p, "kind"), "close_mid_body")
			ft.Kind, ok = k, good
		} else {
			d.errorf(f.node, p, "missing kind (expected kind: close_mid_body)")
			ok = false
		}
		if on := f.get("object"); on != nil {
			if s, good := d.scalar(on, join(p, "object"), "an object id"); good {
				if idx, found := ids[s]; found {
					ft.Object = idx
				} else if pageOK {
					msg := fmt.Sprintf("no object has id %q", s)
					if sg := suggest(s, idList); sg != "" {
						msg += fmt.Sprintf("; did you mean %s?", sg)
					}
					d.errorf(on, join(p, "object"), "%s (expected the id of a page object)", msg)
					ok = false
				}
			} else {
				ok = false
			}
		} else {
			d.errorf(f.node, p, "missing object (expected object: ID)")
			ok = false
		}
		if an := f.get("at"); an != nil {
			v, good := d.percent(an, join(p, "at"), 0, 1, "0% to 100% of the body")
			ft.At, ok = v, ok && good
		}
		if ok {
			out = append(out, ft)
		}
	}
	return out
}

func (d *decoder) strategies(n *yaml.Node) []model.Strategy {
	n = deref(n)
	if n.Kind != yaml.SequenceNode {
		d.errorf(n, "strategies", "got %s (expected a list of preset names or {name, preset, …} mappings)", kindName(n))
		return nil
	}
	if len(n.Content) == 0 {
		d.errorf(n, "strategies", "empty list (expected at least one strategy; omit the key for all seven presets)")
		return nil
	}
	var names []string
	for _, s := range append(append([]model.Strategy(nil), model.Strategies...), model.ReplayStrategies...) {
		names = append(names, s.Name)
	}
	presetList := strings.Join(names, ", ")
	lookup := func(vn *yaml.Node, p, s string) (model.Strategy, bool) {
		if st, ok := model.StrategyByName(s); ok {
			return st, true
		}
		msg := fmt.Sprintf("unknown strategy preset %q", s)
		if sg := suggest(s, names); sg != "" {
			msg += fmt.Sprintf("; did you mean %s?", sg)
		}
		d.errorf(vn, p, "%s (expected one of %s)", msg, presetList)
		return model.Strategy{}, false
	}
	var out []model.Strategy
	seen := map[string]int{}
	for i, en := range n.Content {
		p := index("strategies", i)
		en = deref(en)
		var st model.Strategy
		nameNode := en
		if en.Kind == yaml.ScalarNode {
			s, ok := d.scalar(en, p, "a strategy preset name")
			if !ok {
				continue
			}
			if st, ok = lookup(en, p, s); !ok {
				continue
			}
		} else {
			sch := rootSchema.keys["strategies"].elem
			f := d.mapping(en, p, sch, "a preset name or {name, preset, http, conns, max_conns, pipeline, pipeline_depth, h2}")
			if f == nil {
				continue
			}
			ok := true
			if pn := f.get("preset"); pn != nil {
				s, good := d.scalar(pn, join(p, "preset"), "a strategy preset name")
				if good {
					st, good = lookup(pn, join(p, "preset"), s)
				}
				ok = good
			} else {
				st = model.Strategy{Conns: 1}
				if !f.has("http") {
					d.errorf(f.node, p, "needs preset or http (expected e.g. {preset: parallel, conns: 8} or {name: mine, http: \"1.1\", conns: 2})")
					ok = false
				}
			}
			if nn := f.get("name"); nn != nil {
				if s, good := d.scalar(nn, join(p, "name"), "a name"); good && s != "" {
					st.Name = s
					nameNode = nn
				} else {
					if good {
						d.errorf(nn, join(p, "name"), "empty name (expected a name for results)")
					}
					ok = false
				}
			} else if !f.has("preset") {
				d.errorf(f.node, p, "needs a name when no preset is given (expected name: …)")
				ok = false
			}
			optEnum(d, f, "http", &st.HTTP, model.HTTP10, model.HTTP10KeepAlive, model.HTTP11, model.HTTP2, model.HTTP3)
			d.optInt(f, "conns", &st.Conns, 1, 10_000, "1 to 10000 connections per host")
			d.optInt(f, "max_conns", &st.MaxConns, 0, 1_000_000, "0 (no cap) to 1000000 connections over all hosts")
			d.optBool(f, "pipeline", &st.Pipeline)
			d.optInt(f, "pipeline_depth", &st.PipelineDepth, 0, 1_000_000, "0 (unlimited) to 1000000 requests outstanding")
			if st.Pipeline && st.HTTP != "" && st.HTTP != model.HTTP11 {
				d.errorf(f.get("pipeline"), join(p, "pipeline"), "pipelining needs a persistent connection (expected http: \"1.1\")")
				ok = false
			}
			if hn := f.get("h2"); hn != nil {
				ok = d.strategyH2(hn, join(p, "h2"), sch.keys["h2"], &st) && ok
			}
			if !ok {
				continue
			}
		}
		if prev, dup := seen[st.Name]; dup {
			d.errorf(nameNode, p, "duplicate strategy name %q (also strategies[%d]; expected unique names, set name:)", st.Name, prev)
			continue
		}
		seen[st.Name] = i
		if d.stratFile == nil {
			d.stratFile = map[string]int{}
		}
		d.stratFile[st.Name] = i
		out = append(out, st)
	}
	return out
}

// strategyH2 decodes a strategy's h2: settings (they apply when it speaks
// http "2").
func (d *decoder) strategyH2(n *yaml.Node, p string, sch *schema, st *model.Strategy) bool {
	f := d.mapping(n, p, sch, "{stream_window, conn_window, header_table, prior_knowledge}")
	if f == nil {
		return false
	}
	nerr := len(d.errs)
	h := &st.H2
	const most = "0B (the RFC default) to 2147483647B"
	d.optSize(f, "stream_window", &h.StreamWindow, 0, most)
	d.optSize(f, "conn_window", &h.ConnWindow, 0, most)
	d.optSize(f, "header_table", &h.HeaderTable, 0, most)
	for _, k := range []struct {
		key string
		v   model.Bytes
	}{{"stream_window", h.StreamWindow}, {"conn_window", h.ConnWindow}, {"header_table", h.HeaderTable}} {
		if k.v > 1<<31-1 {
			d.errorf(f.get(k.key), join(p, k.key), "%v is above 2147483647B, the largest window (expected %s)", k.v, most)
		}
	}
	d.optBool(f, "prior_knowledge", &h.PriorKnowledge)
	return len(d.errs) == nerr
}

// profileOf returns the tcp.profile a tcp mapping names, or "".
func profileOf(n *yaml.Node) string {
	if n.Kind != yaml.MappingNode {
		return ""
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == "profile" {
			return n.Content[i+1].Value
		}
	}
	return ""
}
