package scenarios

import (
	"go.yaml.in/yaml/v3"

	"pagesim/model"
	"pagesim/model/browser"
)

// warnFallbacks warns of each HTTP/2 or HTTP/3 strategy that reaches no
// host of the page over its protocol at any sweep point. The browser
// speaks HTTP/2 only to hosts over TLS whose server speaks it, or with
// h2.prior_knowledge, and HTTP/3 only to https hosts known to speak it
// (model/browser's Route); such a strategy loads the page as the
// protocol it falls back to, and its results repeat another column's —
// the surprise of an http:// page under the default presets. A scenario
// that means it (an http:// page compared with and without TLS in a
// sweep, say) is not warned: one point that reaches a host is enough.
func (d *decoder) warnFallbacks(root *yaml.Node, points []point) {
	type reach struct {
		http       model.HTTPVersion
		hosts      bool // some point has a host
		h1, h2, h3 bool // some host at some point is reached so
	}
	var names []string
	seen := map[string]*reach{}
	for _, p := range points {
		via := len(p.cfg.Proxy.Chain) > 0
		for _, st := range p.strategies {
			if st.AsRecorded || (st.HTTP != model.HTTP2 && st.HTTP != model.HTTP3) {
				continue
			}
			r := seen[st.Name]
			if r == nil {
				r = &reach{http: st.HTTP}
				seen[st.Name] = r
				names = append(names, st.Name)
			}
			for _, h := range p.cfg.Hosts {
				r.hosts = true
				switch browser.Route(st, h, via, false) {
				case browser.ProtoH3:
					r.h3 = true
				case browser.ProtoH2:
					r.h2 = true
				default:
					r.h1 = true
				}
			}
		}
	}
	at, path := rootKey(root, "strategies"), "strategies"
	if at == nil {
		at, path = rootKey(root, "page"), "page"
	}
	if at == nil {
		at, path = root, ""
	}
	for _, name := range names {
		r := seen[name]
		if !r.hosts {
			continue // no host at all (an error reported elsewhere)
		}
		switch {
		case r.http == model.HTTP2 && !r.h2:
			d.warnf(at, path, "strategy %s (http \"2\") reaches no host of the page over HTTP/2, so it loads the page over HTTP/1.1: "+
				"HTTP/2 goes to hosts reached over TLS whose server speaks it (hosts.NAME.tls, an https URL) and to http:// hosts only with h2.prior_knowledge, never through a proxy", name)
		case r.http == model.HTTP3 && !r.h3:
			fallback := "HTTP/1.1"
			switch {
			case r.h2 && r.h1:
				fallback = "HTTP/2 where a host speaks it, else HTTP/1.1, as http \"2\" would"
			case r.h2:
				fallback = "HTTP/2, as http \"2\" would"
			}
			d.warnf(at, path, "strategy %s (http \"3\") reaches no host of the page over HTTP/3, so it loads the page over %s: "+
				"HTTP/3 goes to https hosts known to speak it (hosts.NAME.h3), never through a proxy", name, fallback)
		}
	}
}
