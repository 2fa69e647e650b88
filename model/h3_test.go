package model

import (
	"testing"
	"time"
)

// h3Textbook is the idealised network of the closed forms for HTTP/3 as
// for HTTP/1.x: a 100 Gbps link, no header below the payload (network
// and UDP), delayed ACK off, on a host with TLS 1.3 and a certificate
// that fits in the server's first flight.
func h3Textbook(rtt time.Duration, nobj int, st Strategy) Config {
	cfg := textbookConfig(rtt, nobj, st)
	cfg.QUIC = DefaultQUIC()
	cfg.QUIC.UDPHeader = 0
	cfg.Hosts = map[string]Host{"example.com": {TLS: TLS13, CertSize: 1000}}
	return cfg
}

// TestH3RoundTrips checks the closed forms through the whole
// model: one small object over HTTP/3 costs 1 RTT of handshake and 1 of
// request (+ DNS); with 0-RTT, 1 RTT; over HTTPS on TCP with TLS 1.3 (the
// fallback, as HTTP/2 would be), 3; a certificate flight larger than 3×
// the client's Initial adds a round trip. A first visit (h3: discover), a
// host without HTTP/3 and a proxy all go over TCP.
func TestH3RoundTrips(t *testing.T) {
	const r = 100 * time.Millisecond
	h3 := strat("h3")
	cases := []struct {
		name   string
		st     Strategy
		host   Host
		proxy  []ProxyKind
		rounds int
		conns  int
	}{
		{"h3", h3, Host{TLS: TLS13, CertSize: 1000}, nil, 2, 1},
		{"h3, DNS 30 ms", h3, Host{TLS: TLS13, CertSize: 1000, DNS: 30 * time.Millisecond}, nil, 2, 1},
		{"h3, 0-RTT", h3, Host{TLS: TLS13, CertSize: 1000, ZeroRTT: true}, nil, 1, 1},
		{"h3, certificate beyond 3× the Initial", h3, Host{TLS: TLS13, CertSize: 4 * KB}, nil, 3, 1},
		{"browser, TLS 1.3 over TCP", strat("browser"), Host{TLS: TLS13, CertSize: 1000}, nil, 3, 1},
		{"h3, first visit (discover)", h3, Host{TLS: TLS13, CertSize: 1000, H3: H3Discover}, nil, 3, 1},
		{"h3, host without HTTP/3", h3, Host{TLS: TLS13, CertSize: 1000, H3: H3None}, nil, 3, 1},
		// TLS is not modelled through proxies: TCP's handshake and the
		// request, through the proxy's own connection.
		{"h3 through a smart proxy", h3, Host{TLS: TLS13, CertSize: 1000}, []ProxyKind{ProxySmart}, 2, 1},
	}
	if h2, ok := StrategyByName("h2"); ok {
		// HTTP/2 over TCP with TLS 1.3: TCP, TLS, the request.
		cases = append(cases, struct {
			name   string
			st     Strategy
			host   Host
			proxy  []ProxyKind
			rounds int
			conns  int
		}{"h2, TLS 1.3 over TCP", h2, Host{TLS: TLS13, CertSize: 1000}, nil, 3, 1})
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			cfg := h3Textbook(r, 0, c.st)
			cfg.Hosts = map[string]Host{"example.com": c.host}
			cfg.Proxy.Chain = c.proxy
			res := simulate(t, cfg)
			want := time.Duration(c.rounds)*r + c.host.DNS
			if res.LoadTime < want || res.LoadTime > want+time.Millisecond {
				t.Errorf("load %v, want %d round trips (+ DNS) = %v", res.LoadTime, c.rounds, want)
			}
			if res.Connections != c.conns {
				t.Errorf("%d connections, want %d", res.Connections, c.conns)
			}
			checkInvariants(t, cfg, res)
		})
	}
}

// TestH3ManyObjects: a document and 30 images over HTTP/3 take three
// round trips on the idealised network — handshake, document, and every
// image at once on its own stream of the one connection — where the
// browser over TCP with TLS 1.3 needs 3 for the document and 3 for the
// five new connections plus the reused one, then more for the images
// beyond six.
func TestH3ManyObjects(t *testing.T) {
	const r = 100 * time.Millisecond
	h3 := simulate(t, h3Textbook(r, 30, strat("h3")))
	br := simulate(t, h3Textbook(r, 30, strat("browser")))
	if got := h3.LoadTime; got < 3*r || got > 3*r+time.Millisecond {
		t.Errorf("h3: %v, want 3 round trips", got)
	}
	if h3.Connections != 1 || br.Connections != 6 {
		t.Errorf("connections: h3 %d, browser %d; want 1 and 6", h3.Connections, br.Connections)
	}
	// browser: 3r for the document, then 6 images per round trip on the
	// connections, the five new ones after their 2r handshakes: 3r + 2r +
	// 5 × 1r.
	if got := br.LoadTime; got < 10*r || got > 10*r+time.Millisecond {
		t.Errorf("browser: %v, want 10 round trips", got)
	}
}
