package scenarios

import (
	"strings"
	"testing"
)

// TestWarnFallbacks: an HTTP/2 or HTTP/3 strategy that reaches no host of
// the page over its protocol, at any sweep point, is warned of at the
// strategies: key (else page:), naming the strategy and what it falls
// back to; one point or one host that it reaches is enough to say
// nothing.
func TestWarnFallbacks(t *testing.T) {
	const httpPage = "page: {objects: [{id: a, url: http://a.example/, size: 1KB}, {id: b, url: http://b.example/, size: 1KB, after: a}]}\n"
	const mixedPage = "page: {objects: [{id: a, url: http://a.example/, size: 1KB}, {id: b, url: https://b.example/, size: 1KB, after: a}]}\n"
	cases := []struct {
		name, yaml string
		want       []string // one substring per warning, in order
	}{
		{"http page, the default presets", httpPage,
			[]string{`2:1: page: strategy h2 (http "2") reaches no host of the page over HTTP/2, so it loads the page over HTTP/1.1`,
				`2:1: page: strategy h3 (http "3") reaches no host of the page over HTTP/3, so it loads the page over HTTP/1.1`}},
		{"one https host", mixedPage + "strategies: [h2, h3]\n", nil},
		{"named strategies", httpPage + "strategies: [browser, h2]\n",
			[]string{`3:1: strategies: strategy h2 (http "2")`}},
		{"prior knowledge", httpPage + "strategies: [{name: h2c, http: \"2\", h2: {prior_knowledge: true}}]\n", nil},
		{"h3 to a host that speaks only h2", mixedPage + "hosts: {b.example: {h3: none}}\nstrategies: [h3]\n",
			[]string{`strategy h3 (http "3") reaches no host of the page over HTTP/3, so it loads the page over HTTP/2 where a host speaks it`}},
		{"h3 to https hosts that speak only h2", "page: {objects: [{id: a, url: https://a.example/, size: 1KB}]}\nhosts: {a.example: {h3: none}}\nstrategies: [h3]\n",
			[]string{`strategy h3 (http "3") reaches no host of the page over HTTP/3, so it loads the page over HTTP/2, as http "2" would`}},
		{"a sweep point over TLS", httpPage + "strategies: [h2]\nsweep: {hosts.a.example.tls: [none, \"1.3\"]}\n", nil},
		{"a sweep, no point over TLS", httpPage + "strategies: [h2]\nsweep: {network.rtt: [10ms, 20ms]}\n",
			[]string{`strategy h2 (http "2") reaches no host`}},
		{"through a proxy", mixedPage + "proxy: {chain: [smart]}\nstrategies: [h2]\n",
			[]string{`strategy h2 (http "2") reaches no host`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Parse("w.yaml", []byte("name: w\n"+c.yaml))
			if err != nil {
				t.Fatal(err)
			}
			if len(s.Warnings) != len(c.want) {
				t.Fatalf("warnings %q, want %d", s.Warnings.Error(), len(c.want))
			}
			for i, w := range c.want {
				if got := s.Warnings[i].Error(); !strings.Contains(got, w) {
					t.Errorf("warning %d: %q, want it to contain %q", i, got, w)
				}
			}
		})
	}
}
