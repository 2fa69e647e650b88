package plots

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// FuzzReadJSON: ReadJSON never panics, and whatever it accepts, the rows
// JSONReader reads write back to a document that reads as the same rows.
// Fuzz with -fuzzminimizetime 0: minimizing the large seed stalls the
// engine.
func FuzzReadJSON(f *testing.F) {
	f.Add(string(fullReport().json(f)))
	f.Add(`{"format":"pagesim-results/1","scenario":"s","params":[],"strategies":["a"],"rows":[{"point":{},"strategy":"a","load_time_ms":1e400}]}`)
	f.Add(`{"format":"pagesim-results/1","rows":[{"strategy":"a","load_time_ms":-0.0000001,"objects":[{"ready_ms":12.5}]}]}`)
	f.Add(`{"format":"pagesim-results/2","rows":[{"strategy":"a","load_time_ms":null,"complete":false,"incomplete":"horizon","reached_ms":3600000},` +
		`{"strategy":"b","load_time_ms":null,"complete":true},{"strategy":"c","load_time_ms":5,"complete":false}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		r, err := ReadJSON(strings.NewReader(in))
		if err != nil {
			return
		}
		jr, rows := readRows(t, []byte(in))
		fx := &fixture{Scenario: jr.Scenario(), Params: jr.Params(), Strategies: r.Strategies, Rows: rows}
		out := fx.json(t)
		jr2, rows2 := readRows(t, out)
		if !reflect.DeepEqual(rows, rows2) || jr2.Scenario() != jr.Scenario() || !reflect.DeepEqual(jr2.Params(), jr.Params()) {
			t.Fatalf("round trip differs")
		}
		// Everything else accepts it too.
		fx.csv(t)
		var b bytes.Buffer
		if err := WriteSummary(&b, r); err != nil {
			t.Fatal(err)
		}
		if err := WriteTable(&b, r); err != nil {
			t.Fatal(err)
		}
		if _, err := Charts(r); err != nil {
			t.Fatal(err)
		}
	})
}
