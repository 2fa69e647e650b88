package browser

import "pagesim/model/httpcore"

// recordedRoute is Route for the as-recorded strategy: each host over the
// protocol its recording used (hosts.NAME.protocol), when the transport
// can carry it — HTTP/3 and HTTP/2 need TLS (or, for HTTP/2, the
// strategy's prior knowledge), and a host whose QUIC failed falls back to
// HTTP/2 as a browser does. Everything else goes over HTTP/1.x, with the
// version and connection count of httpcore.RecordedRoute.
func recordedRoute(st httpcore.Strategy, h httpcore.Host, quicBroken bool) Protocol {
	tls := h.TLS.Handshakes()
	switch h.Protocol {
	case httpcore.HTTP3:
		if tls && !quicBroken {
			return ProtoH3
		}
		if tls {
			return ProtoH2
		}
	case httpcore.HTTP2:
		if tls || st.H2.PriorKnowledge {
			return ProtoH2
		}
	}
	return ProtoH1
}
