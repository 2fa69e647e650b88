package plots

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"pagesim/model"
)

// cwndResult has conns connections, spread over hosts as perHost says
// (host i gets perHost[i] connections), each with two cwnd changes.
func cwndResult(perHost []int) *model.Result {
	res := &model.Result{Complete: true, LoadTime: time.Second}
	id := 0
	for h, k := range perHost {
		for j := 0; j < k; j++ {
			res.Conns = append(res.Conns, model.ConnResult{ID: id, Host: fmt.Sprintf("h%02d.example", h), Opened: 0, Ready: time.Millisecond,
				Closed: time.Second, End: model.EndClientClosed})
			res.Cwnd = append(res.Cwnd, model.CwndPoint{Conn: id, At: time.Millisecond, Cwnd: 14600},
				model.CwndPoint{Conn: id, At: 100 * time.Millisecond, Cwnd: model.Bytes(29200 + 1000*id)})
			id++
		}
	}
	return res
}

// TestCwndLegend: up to 20 connections each is named; beyond, the legend
// names hosts, those with the most connections first, and puts the rest
// together — it never has more than 8 entries.
func TestCwndLegend(t *testing.T) {
	for _, c := range []struct {
		name    string
		perHost []int
		want    []string
	}{
		{"one connection", []int{1}, []string{"c0 h00.example"}},
		{"20 connections", []int{10, 10}, nil}, // 20 entries, one per connection
		{"21 connections on 2 hosts", []int{1, 20}, []string{"h01.example (20 connections)", "h00.example (1 connection)"}},
		{"60 on 10 hosts", []int{2, 3, 4, 5, 6, 7, 8, 9, 10, 6}, []string{
			"h08.example (10 connections)", "h07.example (9 connections)", "h06.example (8 connections)", "h05.example (7 connections)",
			"h04.example (6 connections)", "h09.example (6 connections)", "h03.example (5 connections)",
			"other 3 hosts (9 connections)"}},
	} {
		f := &fixture{Scenario: "cw", Rows: []Row{{Strategy: "s", Result: cwndResult(c.perHost)}}}
		ch, strip, err := cwnd(f.report(t), f.Rows[0])
		if err != nil {
			t.Fatal(err)
		}
		renderPNG(t, ch)
		var got []string
		for _, it := range strip.items {
			got = append(got, it.name)
		}
		total := 0
		for _, k := range c.perHost {
			total += k
		}
		if c.want == nil {
			if len(got) != total {
				t.Errorf("%s: %d legend entries, want one per connection (%d)", c.name, len(got), total)
			}
			continue
		}
		if strings.Join(got, "; ") != strings.Join(c.want, "; ") {
			t.Errorf("%s: legend\n%q\nwant\n%q", c.name, got, c.want)
		}
	}
}
