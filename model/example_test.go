package model_test

import (
	"fmt"

	"pagesim/model"
)

// The README's "Use it from Go" snippet: a two-object page under the
// browser strategy with every default.
func ExampleSimulate() {
	cfg := model.Config{Network: model.DefaultNetwork(), TCP: model.DefaultTCP(),
		Client: model.DefaultClient(), Server: model.DefaultServer()}
	cfg.Strategy, _ = model.StrategyByName("browser")
	cfg.Page = model.Page{Objects: []model.Object{
		{ID: "html", Host: "example.com", Path: "/", Size: 40 * model.KB, Parent: -1},
		{ID: "a.jpg", Host: "example.com", Path: "/a.jpg", Size: 80 * model.KB, Parent: 0},
	}}
	res, err := model.Simulate(cfg)
	fmt.Println(res.LoadTime, res.Connections, err)
	// Output:
	// 296.016ms 1 <nil>
}
