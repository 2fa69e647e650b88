package browser

import (
	"testing"

	"pagesim/model/httpcore"
)

// TestRoute: the protocol of a host's requests is a pure function of the
// strategy, the host's settings, a proxy in the way and QUIC's failure
// there — each row one rule of the package doc.
func TestRoute(t *testing.T) {
	h1 := httpcore.Strategy{HTTP: httpcore.HTTP11}
	h2 := httpcore.Strategy{HTTP: httpcore.HTTP2}
	h2c := httpcore.Strategy{HTTP: httpcore.HTTP2, H2: httpcore.H2Client{PriorKnowledge: true}}
	h3 := httpcore.Strategy{HTTP: httpcore.HTTP3}
	rec := httpcore.Strategy{HTTP: httpcore.HTTP11, AsRecorded: true}
	https := httpcore.Host{TLS: httpcore.TLS13}
	plain := httpcore.Host{TLS: httpcore.TLSNone}
	with := func(h httpcore.Host, f func(*httpcore.Host)) httpcore.Host { f(&h); return h }
	noH2 := with(https, func(h *httpcore.Host) { h.NoH2 = true })
	discover := with(https, func(h *httpcore.Host) { h.H3 = httpcore.H3Discover })
	none := with(https, func(h *httpcore.Host) { h.H3 = httpcore.H3None })
	recH3 := with(https, func(h *httpcore.Host) { h.Protocol = httpcore.HTTP3 })
	recH2 := with(https, func(h *httpcore.Host) { h.Protocol = httpcore.HTTP2 })
	for _, tc := range []struct {
		name          string
		st            httpcore.Strategy
		host          httpcore.Host
		proxy, broken bool
		want          Protocol
	}{
		{"HTTP/1.1 strategy", h1, https, false, false, ProtoH1},
		{"h2 over TLS (ALPN)", h2, https, false, false, ProtoH2},
		{"h2 strategy, cleartext host: HTTP/1.1", h2, plain, false, false, ProtoH1},
		{"h2c with prior knowledge", h2c, plain, false, false, ProtoH2},
		{"server without h2", h2, noH2, false, false, ProtoH1},
		{"h2 through a proxy", h2, https, true, false, ProtoH1},
		{"h3 to a known host", h3, https, false, false, ProtoH3},
		{"h3, first visit: HTTP/2", h3, discover, false, false, ProtoH2},
		{"h3, host without HTTP/3: HTTP/2", h3, none, false, false, ProtoH2},
		{"h3, QUIC failed: HTTP/2", h3, https, false, true, ProtoH2},
		{"h3, cleartext host: HTTP/1.1", h3, plain, false, false, ProtoH1},
		{"h3 through a proxy", h3, https, true, false, ProtoH1},
		{"h3, no h2 either: HTTP/1.1", h3, with(discover, func(h *httpcore.Host) { h.NoH2 = true }), false, false, ProtoH1},
		{"as recorded: h3", rec, recH3, false, false, ProtoH3},
		{"as recorded: h3 whose QUIC failed", rec, recH3, false, true, ProtoH2},
		{"as recorded: h2", rec, recH2, false, false, ProtoH2},
		{"as recorded: h1", rec, https, false, false, ProtoH1},
		{"as recorded through a proxy", rec, recH3, true, false, ProtoH1},
	} {
		if got := Route(tc.st, tc.host, tc.proxy, tc.broken); got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, got, tc.want)
		}
	}
}
