package har

import (
	"math"
	"sort"
	"strings"

	"pagesim/model"
)

// hostSamples collects, for one host, the timings of its entries that went
// to the network, in milliseconds.
type hostSamples struct {
	tcp, dns, wait, sslRatio []float64
	tlsRecorded              string // from _securityDetails
	https                    bool
	protos                   map[string]int
}

// estimateHosts fills rec.Hosts and rec.BaseRTT from the timings.
//
// Samples come from every entry of the page that went to the network:
// imported entries, and 304 revalidations (a real round trip even when
// skipped). Entries served from the cache without a request are not used.
//
//   - TCP connect: connect minus ssl where the producer includes ssl in
//     connect (HAR 1.2; chrome-har, DevTools, WebPageTest); Firefox reports
//     ssl separately, so its connect is used as is. For h3, and whenever
//     ssl is more than 90 % of connect (Chrome's QUIC entries, where
//     transport and TLS share one round trip), the whole connect is the
//     sample. A value ≤ 0 (the -1 marker of a reused connection,
//     Browsertime's 0 for "unknown") is not a sample.
//   - RTT of a host: the median of its TCP connect samples. BaseRTT: the
//     smallest host RTT. ExtraRTT = host RTT − BaseRTT (≥ 0); 0 for a host
//     without samples (its connections were all reused or pre-opened).
//   - DNS: the median of the host's dns samples of at least 1 ms; smaller
//     values are answers from the browser's resolver cache, which the model
//     already treats as "no lookup". Zero when there are none.
//   - TLS: none for http URLs. The model's tls is a cost in round trips
//     before the first request ("1.2": two, "1.3": one), so it is judged
//     from the recorded handshake where there is one: "1.3" for h3 (QUIC
//     requires TLS 1.3); else the median of ssl / TCP connect ≥ 1.5 means
//     two round trips ("1.2"), less one ("1.3") — a TLS 1.2 handshake with
//     False Start (RFC 7918), as Chrome did it, costs one round trip and is
//     estimated as "1.3". Without a recorded handshake, the version in
//     _securityDetails.protocol (WebPageTest) decides; with neither, "1.2"
//     (the conservative choice: one more round trip).
//   - HTTP/2: a host whose entries on the network all say HTTP/1.x
//     (and none h2 or h3) did not speak HTTP/2 when recorded: NoH2, so an
//     HTTP/2 strategy replays it over HTTP/1.1.
//   - Think: the median over the host's entries of wait − host RTT, where
//     wait is time to first byte after the request was sent (it includes
//     one round trip), floored at 0. nil when no entry recorded a positive
//     wait.
func estimateHosts(rec *Recording, list []*entry, firefox bool) {
	samples := map[string]*hostSamples{}
	for _, e := range list {
		hs := samples[e.host]
		if hs == nil {
			hs = &hostSamples{protos: map[string]int{}}
			samples[e.host] = hs
		}
		if e.u.Scheme == "https" {
			hs.https = true
		}
		if (e.skip != "" && e.skip != SkipNotModified) || (e.cached != "" && e.cached != SkipNotModified) {
			continue // not on the network; estimates do not depend on KeepCached
		}
		hs.protos[e.proto]++
		if e.tlsProto != "" && hs.tlsRecorded == "" {
			hs.tlsRecorded = e.tlsProto
		}
		t := e.timings
		if t == nil {
			continue
		}
		connect, ssl := pos(t.Connect), pos(t.SSL)
		tcp := connect
		switch {
		case connect == 0:
		case e.proto == "h3" || (!firefox && ssl > 0.9*connect):
			// QUIC (h3) sets up transport and TLS 1.3 in one round trip,
			// and Chrome reports ssl ≈ connect for it: the whole connect
			// is the sample, and there is no TLS/TCP ratio to take.
			ssl = 0
		case ssl > 0 && !firefox:
			tcp = connect - ssl // ssl is part of connect (HAR 1.2 §timings)
		}
		if tcp > 0 {
			hs.tcp = append(hs.tcp, tcp)
			if ssl > 0 {
				hs.sslRatio = append(hs.sslRatio, ssl/tcp)
			}
		}
		if dns := pos(t.DNS); dns >= minDNSSampleMilli {
			hs.dns = append(hs.dns, dns)
		}
		if w := pos(t.Wait); w > 0 {
			hs.wait = append(hs.wait, w)
		}
	}

	base := math.Inf(1)
	for _, h := range rec.HostOrder {
		if hs := samples[h]; len(hs.tcp) > 0 {
			base = math.Min(base, median(hs.tcp))
		}
	}
	if math.IsInf(base, 1) {
		base = 0
	}
	rec.BaseRTT = millis(base)
	for _, h := range rec.HostOrder {
		hs := samples[h]
		host := model.DefaultHost() // TLS none, the default certificate size
		rtt := base
		if len(hs.tcp) > 0 {
			rtt = median(hs.tcp)
			host.ExtraRTT = millis(rtt - base)
		}
		if len(hs.dns) > 0 {
			host.DNS = millis(median(hs.dns))
		}
		if hs.https {
			host.TLS = tlsVersion(hs)
		}
		host.NoH2 = hs.protos["h1"] > 0 && hs.protos["h2"] == 0 && hs.protos["h3"] == 0
		if len(hs.wait) > 0 {
			think := make([]float64, len(hs.wait))
			for i, w := range hs.wait {
				think[i] = math.Max(0, w-rtt)
			}
			sec := millis(median(think)).Seconds()
			host.Think = &model.Dist{Kind: "fixed", Value: sec}
		}
		rec.Hosts[h] = host
	}
}

func tlsVersion(hs *hostSamples) model.TLSVersion {
	if hs.protos["h3"] > 0 {
		return model.TLS13
	}
	if len(hs.sslRatio) > 0 {
		if median(hs.sslRatio) >= 1.5 {
			return model.TLS12
		}
		return model.TLS13
	}
	if v := strings.ToUpper(hs.tlsRecorded); v != "" {
		if strings.Contains(v, "1.3") || strings.Contains(v, "QUIC") {
			return model.TLS13
		}
		return model.TLS12
	}
	return model.TLS12
}

// pos returns the value when it was recorded and positive, else 0 (-1
// markers, absent phases).
func pos(n optNum) float64 {
	if n.set && n.v > 0 {
		return n.v
	}
	return 0
}

// median of a non-empty slice (the mean of the middle two for even
// lengths). The slice is sorted in place.
func median(v []float64) float64 {
	sort.Float64s(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}
