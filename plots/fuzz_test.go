package plots

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
)

// FuzzReadJSON: ReadJSON never panics, and whatever it accepts writes
// back to a document it reads as the same report. Fuzz with
// -fuzzminimizetime 0: minimizing the large seed stalls the engine.
func FuzzReadJSON(f *testing.F) {
	var b bytes.Buffer
	if err := WriteJSON(&b, fullReport()); err != nil {
		f.Fatal(err)
	}
	f.Add(b.String())
	f.Add(`{"format":"pagesim-results/1","scenario":"s","params":[],"strategies":["a"],"rows":[{"point":{},"strategy":"a","load_time_ms":1e400}]}`)
	f.Add(`{"format":"pagesim-results/1","rows":[{"strategy":"a","load_time_ms":-0.0000001,"objects":[{"ready_ms":12.5}]}]}`)
	f.Add(`{"format":"pagesim-results/2","rows":[{"strategy":"a","load_time_ms":null,"complete":false,"incomplete":"horizon","reached_ms":3600000},` +
		`{"strategy":"b","load_time_ms":null,"complete":true},{"strategy":"c","load_time_ms":5,"complete":false}]}`)
	f.Fuzz(func(t *testing.T, in string) {
		r, err := ReadJSON(strings.NewReader(in))
		if err != nil {
			return
		}
		var out bytes.Buffer
		if err := WriteJSON(&out, r); err != nil {
			t.Fatalf("accepted report does not write: %v", err)
		}
		r2, err := ReadJSON(&out)
		if err != nil {
			t.Fatalf("written report does not read: %v\n%s", err, out.String())
		}
		if !reflect.DeepEqual(r, r2) {
			t.Fatalf("round trip differs")
		}
		// Everything else accepts it too.
		if err := WriteCSV(&out, r); err != nil {
			t.Fatal(err)
		}
		if err := WriteSummary(&out, r); err != nil {
			t.Fatal(err)
		}
		if _, err := Charts(r); err != nil {
			t.Fatal(err)
		}
	})
}
