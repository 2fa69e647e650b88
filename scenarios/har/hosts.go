package har

import (
	"math"
	"sort"
	"strings"
	"time"

	"pagesim/model"
)

// hostSamples collects, for one host, the timings of its entries that went
// to the network, in milliseconds.
type hostSamples struct {
	tcp, dns, sslRatio []float64
	ssl                []float64 // handshake times of its new connections
	tlsRecorded        string    // from _securityDetails
	https              bool
	protos             map[string]int
	net                []*entry // the host's entries that went to the network, in start order
}

// estimateHosts fills rec.Hosts and rec.BaseRTT from the timings.
//
// Samples come from every entry of the page that went to the network:
// imported entries, and 304 revalidations (a real round trip even when
// skipped). Entries served from the cache without a request are not used.
//
//   - TCP connect: connect minus ssl where the producer includes ssl in
//     connect (HAR 1.2; chrome-har, DevTools, WebPageTest); Firefox reports
//     ssl separately, so its connect is used as is. For h3 the whole
//     connect is the sample (QUIC's transport and TLS share one round
//     trip). When ssl is 90 % of connect or more (gQUIC entries Chrome
//     labels "spdy", or a TLS handshake far longer than its round trips)
//     there is no TCP sample: the TCP part is a sliver. A value ≤ 0 (the -1 marker of a reused connection,
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
//   - Think: the median of wait − host RTT, where wait is the time to the
//     first byte after the request was sent (it includes one round trip),
//     floored at 0, over the host's requests that were alone on their
//     connection when sent (connections.go): a request multiplexed behind
//     others on an HTTP/2 or HTTP/3 connection waits for their responses
//     too, which is not server time. The first request on every
//     connection is alone, so every host with a recorded wait has a
//     sample. nil when no entry recorded a positive wait.
//   - Protocol and Conns: the protocol most of the host's requests used
//     (h1 → "1.1", h2 → "2", h3 → "3"; none when unknown) and the most
//     connections it had open at once (connections.go).
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
		hs.net = append(hs.net, e)
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
		case e.proto == "h3":
			// QUIC (h3) sets up transport and TLS 1.3 in one round trip,
			// and Chrome reports ssl ≈ connect for it: the whole connect
			// is the sample, and there is no TLS/TCP ratio to take.
			ssl = 0
		case ssl > 0 && !firefox && ssl >= 0.9*connect:
			// The TCP part is a sliver: a QUIC connection Chrome labelled
			// otherwise (gQUIC as "spdy"), or a TLS handshake far longer
			// than its round trips (a slow server). Neither gives a round
			// trip; the handshake still counts for tls_time.
			tcp = 0
		case ssl > 0 && !firefox:
			tcp = connect - ssl // ssl is part of connect (HAR 1.2 §timings)
		}
		if tcp > 0 {
			hs.tcp = append(hs.tcp, tcp)
			if ssl > 0 {
				hs.sslRatio = append(hs.sslRatio, ssl/tcp)
			}
		}
		if ssl > 0 {
			hs.ssl = append(hs.ssl, ssl)
		}
		if dns := pos(t.DNS); dns >= minDNSSampleMilli {
			hs.dns = append(hs.dns, dns)
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
			host.TLSTime = tlsTime(hs.ssl, host.TLS, rtt)
		}
		host.NoH2 = hs.protos["h1"] > 0 && hs.protos["h2"] == 0 && hs.protos["h3"] == 0
		use := connectionUse(hs.net)
		var think []float64
		for i, e := range hs.net {
			if w := waitOf(e); w > 0 && use.alone[i] {
				th := math.Max(0, w-rtt)
				think = append(think, th)
				if e.obj >= 0 {
					d := millis(th)
					rec.Page.Objects[e.obj].Think = &d
				}
			}
		}
		if len(think) > 0 {
			sec := millis(median(think)).Seconds()
			host.Think = &model.Dist{Kind: "fixed", Value: sec}
		}
		proto := recordedProtocol(hs.protos)
		if proto == "" && use.multiplexed {
			proto = "h2"
		}
		switch proto {
		case "h1":
			host.Protocol, host.Conns = model.HTTP11, use.peak
			if use.noReuse {
				host.Protocol = model.HTTP10
			}
		case "h2":
			host.Protocol, host.Conns = model.HTTP2, use.peak
		case "h3":
			host.Protocol, host.Conns = model.HTTP3, use.peak
		}
		rec.Hosts[h] = host
	}
}

// tlsTime is the server's own handshake time: the median over the host's
// recorded handshakes of ssl minus the round trips version v takes (two
// for TLS 1.2, one for 1.3) at the host's round trip rtt, floored at 0.
// Zero without a recorded handshake.
func tlsTime(ssl []float64, v model.TLSVersion, rtt float64) time.Duration {
	if len(ssl) == 0 {
		return 0
	}
	k := 1.0
	if v == model.TLS12 {
		k = 2
	}
	over := make([]float64, len(ssl))
	for i, s := range ssl {
		over[i] = math.Max(0, s-k*rtt)
	}
	return millis(median(over))
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

// waitOf is an entry's recorded wait in milliseconds, 0 when absent.
func waitOf(e *entry) float64 {
	if e.timings == nil {
		return 0
	}
	return pos(e.timings.Wait)
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
