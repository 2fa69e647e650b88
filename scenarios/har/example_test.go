package har_test

import (
	"fmt"
	"log"
	"os"

	"pagesim/scenarios/har"
)

func Example() {
	rec, err := har.Load("testdata/etat-lu.har", har.Options{})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%s by %s: %d objects on %d hosts, %d B, onLoad %v\n",
		rec.PageURL, rec.Creator, rec.Objects, len(rec.Hosts), rec.Bytes, rec.OnLoad)
	doc := rec.Page.Objects[2]
	fmt.Printf("document %s (after %s, %s)\n", doc.Path, rec.Page.Objects[doc.Parent].ID, rec.Meta[2].Dep)
	// Output:
	// http://www.etat.lu/ by chrome-har 0.3.2: 22 objects on 3 hosts, 336958 B, onLoad 670.441ms
	// document /fr/index.php (after www.etat.public.lu, redirect)
}

func ExampleWriteScenario() {
	rec, err := har.Load("testdata/mitmproxy-org-firefox.har", har.Options{})
	if err != nil {
		log.Fatal(err)
	}
	if err := har.WriteScenario(os.Stdout, rec, "mitmproxy-org-firefox.har"); err != nil {
		log.Fatal(err)
	}
	// Output:
	// # pagesim scenario imported from a HAR recording (pagesim import-har).
	// # source:    mitmproxy-org-firefox.har
	// # creator:   Firefox 111.0.1; browser: Firefox 111.0.1; HAR version 1.2
	// # page:      https://mitmproxy.org/
	// # title:     mitmproxy - an interactive HTTPS proxy
	// # entries:   14 in the file → 2 objects, 12 skipped
	// #   skipped: 3 × cached: 304 Not Modified
	// #   skipped: 4 × cached: all-zero timings (Firefox cache hit)
	// #   skipped: 5 × cached: empty timings (Firefox cache hit)
	// # bytes:     9380 B (sum of object sizes, bytes on the wire as recorded)
	// # onLoad:    270ms as recorded; recorded span of all objects 487ms; 0 objects started after onLoad (imported)
	// # protocols: h1 1, h3 1 as recorded (hosts.*.protocol and conns: the as-recorded strategy
	// #            replays each host over its own)
	// # base RTT:  32ms (the smallest per-host median TCP connect time), network.rtt below;
	// #            hosts.*.extra_rtt is relative to it.
	// # network:   not recorded, and no response has a receive phase to estimate it from: WebPageTest's default profile, cable
	// # client:    217ms of the browser's own time before requests, summed over the objects'
	// #            delays (each from its parent's recorded arrival, or after_fraction of it, to the
	// #            recorded request); client.cpu_scale scales it
	// # hosts:     extra_rtt, dns, tls, think, protocol and conns are estimates from the
	// #            recorded timings; change them freely.
	// name: mitmproxy-org-firefox
	// seed: 1
	// network: {preset: cable, rtt: 32ms}   # any preset: pagesim presets lists them
	// hosts:
	//   mitmproxy.org: {extra_rtt: 0ms, dns: 0ms, tls: "1.3", think: 0ms, protocol: "3", conns: 1}
	//   s3-us-west-2.amazonaws.com: {extra_rtt: 0ms, dns: 0ms, tls: "1.2", think: 28ms, h2: false, protocol: "1.1", conns: 1, tls_time: 2ms}
	// page:
	//   recorded: {dom_content_loaded: 208ms, onload: 270ms}   # as recorded; drawn on the waterfalls, not simulated
	//   objects:
	//     - {id: mitmproxy.org, url: "https://mitmproxy.org/", size: 5509B, think: 0ms}
	//     - {id: snapshots.mitmproxy.org, url: "https://s3-us-west-2.amazonaws.com/snapshots.mitmproxy.org?delimiter=/&prefix=", size: 3871B, after: mitmproxy.org, delay: 217ms, think: 28ms}
	// strategies: [serial, parallel, keepalive, persistent, pipelined, browser, h2, as-recorded]
}
