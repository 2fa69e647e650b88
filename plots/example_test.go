package plots_test

import (
	"os"
	"time"

	"pagesim/model"
	"pagesim/plots"
)

func ExampleCSVWriter() {
	cw := plots.NewCSVWriter(os.Stdout, "demo", []string{"network.rtt"})
	for _, row := range []plots.Row{
		{Point: []string{"20ms"}, Strategy: "serial", Run: 0,
			Result: &model.Result{Complete: true, LoadTime: 812345678 * time.Nanosecond, Connections: 9, PacketsDown: 120, PacketsUp: 80, BytesDown: 150000, BytesUp: 9000}},
		{Point: []string{"20ms"}, Strategy: "browser", Run: 0,
			Result: &model.Result{Complete: true, LoadTime: 301 * time.Millisecond, Connections: 6, PacketsDown: 110, PacketsUp: 60, BytesDown: 149000, BytesUp: 7000, Retransmits: 2}},
	} {
		if err := cw.Write(row); err != nil {
			panic(err)
		}
	}
	if err := cw.Flush(); err != nil {
		panic(err)
	}
	// Output:
	// scenario,network.rtt,strategy,run,load_time_ms,connections,packets_down,packets_up,bytes_down,bytes_up,retransmits,timeouts,retries,failed,destroyed_bytes,complete,incomplete,truncated,ttfb_ms
	// demo,20ms,serial,0,812.346,9,120,80,150000,9000,0,0,0,0,0,true,,0,
	// demo,20ms,browser,0,301.000,6,110,60,149000,7000,2,0,0,0,0,true,,0,
}
