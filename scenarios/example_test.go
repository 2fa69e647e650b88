package scenarios_test

import (
	"fmt"

	"pagesim/scenarios"
)

func ExampleParse() {
	src := []byte(`
name: two-links
network: {preset: dsl}
page:
  objects:
    - {id: html, url: http://example.com/, size: 42KB}
    - {url: http://example.com/a.gif, size: 3KB}
strategies: [serial, {preset: parallel, conns: 8, name: parallel8}]
sweep: {network.rtt: [20ms, 300ms]}
`)
	s, err := scenarios.Parse("two-links.yaml", src)
	if err != nil {
		fmt.Println(err)
		return
	}
	jobs, _ := s.Jobs()
	for _, j := range jobs {
		c := j.Config
		fmt.Println(j.Index, j.Point, j.Strategy, c.Network.RTT, c.Network.Down, len(c.Page.Objects), c.Page.Objects[1].ID)
	}
	// Output:
	// 0 [20ms] serial 20ms 1.5Mbps 2 a.gif
	// 1 [20ms] parallel8 20ms 1.5Mbps 2 a.gif
	// 2 [300ms] serial 300ms 1.5Mbps 2 a.gif
	// 3 [300ms] parallel8 300ms 1.5Mbps 2 a.gif
}

func ExampleParse_errors() {
	src := []byte(`
network: {rtt: 100, dwn: 1Mbps}
page:
  objects:
    - {url: http://example.com/, size: 42KB}
    - {url: http://example.com/a.gif, size: 3KB, after: htm}
`)
	_, err := scenarios.Parse("bad.yaml", src)
	fmt.Println(err)
	// Output:
	// bad.yaml:2:16: network.rtt: duration "100" needs a unit (e.g. 100ms; units us, ms, s)
	// bad.yaml:2:21: network.dwn: unknown key "dwn"; did you mean down? (known keys: down, header, loss, mss, preset, queue, rtt, ties, up)
	// bad.yaml:6:57: page.objects[1].after: no object has id "htm" (expected the id of another object)
}

func ExamplePresetByName() {
	p, _ := scenarios.PresetByName("DevTools Slow 4G")
	fmt.Println(p.Name, p.Down, p.Up, p.RTT)
	fmt.Println(p.Source)
	// Output:
	// devtools-slow4g 1.44Mbps 675kbps 562.5ms
	// Chrome DevTools network throttling preset "Slow 4G"
}
