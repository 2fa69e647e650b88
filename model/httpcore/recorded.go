package httpcore

import "pagesim/model/internal/field"

// What a host was recorded doing (Host.Protocol, Host.Conns), for the
// as-recorded strategy. A HAR import writes both; users may edit them.

// recordedProtocols are the values Host.Protocol may take: "1.1" for a
// host the browser spoke HTTP/1.x to over persistent connections, "1.0"
// for one where every request had a connection of its own (the server
// closed after each response), "2" and "3" for HTTP/2 and HTTP/3 (which
// package browser routes to those transports).
var recordedProtocols = []HTTPVersion{HTTP10, HTTP11, HTTP2, HTTP3}

// maxRecordedConns bounds Host.Conns: no browser opens more to one host.
const maxRecordedConns = 10_000

func (h Host) validateRecorded(name string) error {
	switch h.Protocol {
	case "":
	default:
		ok := false
		for _, p := range recordedProtocols {
			ok = ok || h.Protocol == p
		}
		if !ok {
			return field.Errorf("hosts."+name+".protocol", "unknown protocol %q (expected \"1.0\", \"1.1\", \"2\" or \"3\")", h.Protocol)
		}
	}
	if h.Conns > maxRecordedConns {
		return field.Errorf("hosts."+name+".conns", "at most %d connections, got %d", maxRecordedConns, h.Conns)
	}
	return nil
}

// RecordedRoute is how strategy st carries host h's requests over
// HTTP/1.x: the version and the per-host connection limit. For an
// as-recorded strategy a host recorded over HTTP/1.x gets its recorded
// version (1.1, or 1.0: a connection per request) and its recorded number
// of connections; a host recorded over
// HTTP/2 or HTTP/3 goes over HTTP/1.1 with the strategy's Conns (the
// browser's six), since this simulator has no such transport yet, and a
// host without a recorded protocol takes the strategy's settings. Every
// other strategy uses its own HTTP and Conns for every host.
func RecordedRoute(st Strategy, h Host) (HTTPVersion, int) {
	if !st.AsRecorded {
		return st.HTTP, st.Conns
	}
	switch h.Protocol {
	case HTTP10, HTTP11:
		conns := st.Conns
		if h.Conns > 0 {
			conns = h.Conns
		}
		return h.Protocol, conns
	}
	return HTTP11, st.Conns
}
