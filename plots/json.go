package plots

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"pagesim/model"
)

// JSONFormat is the value of the "format" field WriteJSON writes; it
// changes only if a field is renamed or its meaning changes (fields are
// added without changing it). Format 2 made "load_time_ms" null for a
// load that did not complete (format 1 gave the last byte of the objects
// that arrived) and added "complete", "incomplete", "incomplete_detail"
// and "reached_ms". Format 3 made an object's "url" absolute (with its
// scheme), its timing fields null for a phase it did not have or an
// instant it never reached (they were 0, or the neighbouring phase's
// time), its DNS phase its own connection's wait (it was the host's first
// lookup), and added "failed_ms". ReadJSON reads all three.
const JSONFormat = "pagesim-results/3"

// The earlier formats, which ReadJSON still reads: in format 1 a row was
// incomplete exactly when objects failed (a run cut off by its horizon
// made the whole run fail, with no report); formats 1 and 2 wrote every
// timing field as a number.
const (
	jsonFormat1 = "pagesim-results/1"
	jsonFormat2 = "pagesim-results/2"
)

// millis is a duration written to JSON as milliseconds, an exact decimal
// with up to six fraction digits (nanosecond resolution): 1500ms is 1500,
// 1.5µs is 0.0015.
type millis time.Duration

func (m millis) MarshalJSON() ([]byte, error) {
	return appendJSONMillis(nil, time.Duration(m)), nil
}

func (m *millis) UnmarshalJSON(b []byte) error {
	s := string(b)
	if s == "null" {
		return nil
	}
	neg := strings.HasPrefix(s, "-")
	t := strings.TrimPrefix(s, "-")
	whole, frac, hasFrac := strings.Cut(t, ".")
	exact := isDigits(whole) && (!hasFrac || (isDigits(frac) && len(frac) <= 6))
	if exact {
		w, err := strconv.ParseInt(whole, 10, 64)
		if err == nil && w <= math.MaxInt64/1_000_000-1 {
			f := int64(0)
			if hasFrac {
				f, _ = strconv.ParseInt(frac+strings.Repeat("0", 6-len(frac)), 10, 64)
			}
			d := w*1e6 + f
			if neg {
				d = -d
			}
			*m = millis(d)
			return nil
		}
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > float64(math.MaxInt64)/1e6 {
		return fmt.Errorf("milliseconds %s: not a finite number of milliseconds", s)
	}
	*m = millis(math.Round(v * 1e6))
	return nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

type jsonRow struct {
	Point    map[string]string `json:"point"`
	Strategy string            `json:"strategy"`
	Run      int               `json:"run"`
	// LoadTime is null for an incomplete load; Reached says how far it
	// got (omitted for a complete one).
	LoadTime         *millis `json:"load_time_ms"`
	Complete         *bool   `json:"complete,omitempty"` // always written; absent in format 1
	Incomplete       string  `json:"incomplete"`
	IncompleteDetail string  `json:"incomplete_detail"`
	Reached          *millis `json:"reached_ms,omitempty"`

	Connections    int          `json:"connections"`
	PacketsDown    int64        `json:"packets_down"`
	PacketsUp      int64        `json:"packets_up"`
	BytesDown      int64        `json:"bytes_down"`
	BytesUp        int64        `json:"bytes_up"`
	Retransmits    int64        `json:"retransmits"`
	Timeouts       int          `json:"timeouts"`
	Retries        int          `json:"retries"`
	Failed         int          `json:"failed"`
	DestroyedBytes int64        `json:"destroyed_bytes"`
	Truncated      int          `json:"truncated"`
	Events         uint64       `json:"events"`
	Objects        []jsonObject `json:"objects"`
	Conns          []jsonConn   `json:"conns"`
	Stalls         []jsonStall  `json:"stalls,omitempty"`
	Cwnd           []jsonCwnd   `json:"cwnd,omitempty"`

	// A row written without detail has these instead of objects, conns
	// and stalls (RowEncoder.AppendJSON).
	PeakConns   *int     `json:"peak_conns,omitempty"`
	StalledMs   millis   `json:"stalled_ms,omitempty"`
	StallCauses []string `json:"stall_causes,omitempty"`
	TTFB        *millis  `json:"ttfb_ms,omitempty"`
}

type jsonObject struct {
	ID         string `json:"id"`
	URL        string `json:"url"`
	Host       string `json:"host"`
	Size       int64  `json:"size_bytes"`
	Parent     int    `json:"parent"`
	Conn       int    `json:"conn"`
	Reused     bool   `json:"reused"`
	Retries    int    `json:"retries"`
	Failed     bool   `json:"failed"`
	Truncated  bool   `json:"truncated"`
	FailReason string `json:"fail_reason,omitempty"`
	// The timeline: null for what the object did not have (see
	// toJSONObject).
	Ready        *millis    `json:"ready_ms"`
	DNSStart     *millis    `json:"dns_start_ms"`
	ConnectStart *millis    `json:"connect_start_ms"`
	TCPDone      *millis    `json:"tcp_done_ms"`
	TLSDone      *millis    `json:"tls_done_ms"`
	RequestSent  *millis    `json:"request_sent_ms"`
	FirstByte    *millis    `json:"first_byte_ms"`
	LastByte     *millis    `json:"last_byte_ms"`
	FirstAttempt *millis    `json:"first_attempt_ms"`
	FailedAt     *millis    `json:"failed_ms,omitempty"`
	Receive      []jsonSpan `json:"receive,omitempty"`
}

// timeField is one timing field of an object: its time, its JSON value,
// and the part of the timeline it needs (model.ObjectResult.Has) — without
// it the field is null.
type timeField struct {
	t   *time.Duration
	j   **millis
	has model.Timing
}

// objectTimes lists the timing fields of o and j.
func objectTimes(o *model.ObjectResult, j *jsonObject) []timeField {
	return []timeField{
		{&o.Ready, &j.Ready, model.HasReady},
		{&o.DNSStart, &j.DNSStart, model.HasDNS},
		{&o.ConnectStart, &j.ConnectStart, model.HasConnect},
		{&o.TCPDone, &j.TCPDone, model.HasConnect},
		{&o.TLSDone, &j.TLSDone, model.HasTLS},
		{&o.RequestSent, &j.RequestSent, model.HasRequest},
		{&o.FirstByte, &j.FirstByte, model.HasFirstByte},
		{&o.LastByte, &j.LastByte, model.HasLastByte},
		{&o.FirstAttempt, &j.FirstAttempt, model.HasRequest},
	}
}

func toJSONObject(o model.ObjectResult) jsonObject {
	j := jsonObject{
		ID: o.ID, URL: o.URL, Host: o.Host, Size: int64(o.Size), Parent: o.Parent, Conn: o.Conn,
		Reused: o.Reused, Retries: o.Retries, Failed: o.Failed, Truncated: o.Truncated, FailReason: o.FailReason,
	}
	for _, f := range objectTimes(&o, &j) {
		if o.Has.Includes(f.has) {
			m := millis(*f.t)
			*f.j = &m
		}
	}
	if o.Failed {
		m := millis(o.FailedAt)
		j.FailedAt = &m
	}
	for _, sp := range o.Receive {
		j.Receive = append(j.Receive, jsonSpan{millis(sp.From), millis(sp.To), int64(sp.Bytes)})
	}
	return j
}

// fromJSONObject reads an object back. Format 3 says by null what the
// object did not have; formats 1 and 2 wrote every time as a number, so
// what it had is inferred: a completed object had every instant, a failed
// one those that are not zero, and a phase that takes time (their DNS
// phase is the host's lookup, as they drew it).
func fromJSONObject(j jsonObject, format string) model.ObjectResult {
	o := model.ObjectResult{
		ID: j.ID, URL: j.URL, Host: j.Host, Size: model.Bytes(j.Size), Parent: j.Parent, Conn: j.Conn,
		Reused: j.Reused, Retries: j.Retries, Failed: j.Failed, Truncated: j.Truncated, FailReason: j.FailReason,
	}
	for _, f := range objectTimes(&o, &j) {
		if *f.j != nil {
			*f.t = time.Duration(**f.j)
			if format == JSONFormat {
				o.Has |= f.has
			}
		}
	}
	if j.FailedAt != nil {
		o.FailedAt = time.Duration(*j.FailedAt)
	}
	if format != JSONFormat {
		switch {
		case !o.Failed:
			o.Has = model.HasReady | model.HasRequest | model.HasFirstByte | model.HasLastByte
		default:
			if o.Ready > 0 || o.Parent < 0 {
				o.Has |= model.HasReady
			}
			if o.RequestSent > 0 {
				o.Has |= model.HasRequest
			}
			if o.FirstByte > 0 {
				o.Has |= model.HasFirstByte
			}
		}
		if !o.Reused && o.TCPDone > o.ConnectStart {
			o.Has |= model.HasConnect
		}
		if o.ConnectStart > o.DNSStart {
			o.Has |= model.HasDNS
		}
		if o.TLSDone > o.TCPDone {
			o.Has |= model.HasTLS
		}
	}
	normalizeTimes(&o)
	for _, sp := range j.Receive {
		o.Receive = append(o.Receive, model.Span{From: time.Duration(sp.From), To: time.Duration(sp.To), Bytes: model.Bytes(sp.Bytes)})
	}
	return o
}

// normalizeTimes gives what an object did not have the times package
// model gives it (model.ObjectResult): an instant never reached is zero,
// a phase not had takes no time (no connection opened for it: every phase
// at its request; no DNS wait: DNS start at the connect; no TLS: done with
// TCP). The model's own results are unchanged by it, so a report read back
// is the one written.
func normalizeTimes(o *model.ObjectResult) {
	for _, f := range objectTimes(o, &jsonObject{}) {
		if f.has&(model.HasDNS|model.HasConnect|model.HasTLS) == 0 && !o.Has.Includes(f.has) {
			*f.t = 0
		}
	}
	if !o.Has.Includes(model.HasConnect) {
		o.Has &^= model.HasDNS | model.HasTLS
		o.DNSStart, o.ConnectStart, o.TCPDone, o.TLSDone = o.RequestSent, o.RequestSent, o.RequestSent, o.RequestSent
	}
	if !o.Has.Includes(model.HasDNS) {
		o.DNSStart = o.ConnectStart
	}
	if !o.Has.Includes(model.HasTLS) {
		o.TLSDone = o.TCPDone
	}
	if !o.Failed {
		o.FailedAt = 0
	}
}

// jsonSpan is a receive span of an object (model.Span).
type jsonSpan struct {
	From  millis `json:"from_ms"`
	To    millis `json:"to_ms"`
	Bytes int64  `json:"bytes"`
}

type jsonConn struct {
	ID       int    `json:"id"`
	Host     string `json:"host"`
	Protocol string `json:"protocol,omitempty"`
	Opened   millis `json:"opened_ms"`
	Ready    millis `json:"ready_ms"`
	Closed   millis `json:"closed_ms"`
	Requests int    `json:"requests"`
	End      string `json:"end"`
}

type jsonStall struct {
	Object int    `json:"object"`
	Conn   int    `json:"conn"`
	From   millis `json:"from_ms"`
	To     millis `json:"to_ms"`
	Cause  string `json:"cause"`
}

type jsonCwnd struct {
	Conn     int    `json:"conn"`
	At       millis `json:"at_ms"`
	Cwnd     int64  `json:"cwnd_bytes"`
	Ssthresh int64  `json:"ssthresh_bytes"`
}

type jsonHead struct {
	Format     string   `json:"format"`
	Scenario   string   `json:"scenario"`
	Params     []string `json:"params"`
	Strategies []string `json:"strategies"`
}

// JSONWriter writes results.json one row at a time, as one JSON document:
//
//	{"format": "pagesim-results/3", "scenario": NAME,
//	 "params": [YAML paths], "strategies": [names in order],
//	 "rows": [ROW, ...]}
//
// with one ROW per line, in the order written. A ROW holds "point" (an
// object from each swept parameter's YAML path to its value as written),
// "strategy", "run", "load_time_ms" (null when the load did not complete),
// "complete" (true or false), "incomplete" (why not: "failed objects",
// "horizon", "event budget"; "" when complete), "incomplete_detail" (the
// model's sentence about it), "reached_ms" (only for an incomplete load:
// the last byte of the objects that did arrive — how far it got, not a
// load time), the CSV counters under the same names (connections,
// packets_down, packets_up, bytes_down, bytes_up, retransmits, timeouts,
// retries, failed, destroyed_bytes), "truncated", "events", and:
//
//   - "objects": per object, in page order: id, url (absolute, with its
//     scheme), host, size_bytes, parent (index, -1 for the document), conn
//     (the connection that carried the final attempt, or the one dialled
//     for a failed object that never became ready; -1 if none), reused,
//     retries, failed, truncated, fail_reason and failed_ms (only for a
//     failed object: why, and when it was given up on), the timeline
//     in milliseconds from navigation start, each null when the object did
//     not have it: ready_ms (null: its parent failed first),
//     dns_start_ms (its connection's wait for a DNS lookup, ending at
//     connect_start_ms; null when that connection's host was already
//     resolved), connect_start_ms and tcp_done_ms (null unless a
//     connection was opened for it), tls_done_ms (null without a TLS
//     handshake on it), request_sent_ms, first_byte_ms, last_byte_ms
//     (null for a failed object), first_attempt_ms; and "receive" (omitted
//     when empty): the spans in which its body arrived, from_ms, to_ms,
//     bytes;
//   - "conns": per connection: id, host, protocol ("h1", "h2"),
//     opened_ms, ready_ms, closed_ms, requests, end;
//   - "stalls" (omitted when none): object, conn, from_ms, to_ms, cause;
//   - "cwnd" (omitted unless traced): conn, at_ms, cwnd_bytes,
//     ssthresh_bytes.
//
// Every *_ms value is an exact decimal number of milliseconds with up to
// six fraction digits, so ReadJSON restores the nanoseconds. The output
// depends only on the rows.
type JSONWriter struct {
	w   *bufio.Writer
	enc *RowEncoder
	buf []byte
	n   int
	err error
	// gather writes buffers to the file in place (writev), nil when the
	// writer is not a regular file on Linux; seps holds WriteLines's
	// buffers between calls.
	gather func(bufs [][]byte) error
	seps   [][]byte
}

// resultsBuffer is the buffer of results.csv and results.json: 1 MiB, so
// a study's tens of megabytes reach the kernel in a few hundred writes
// rather than thousands (on this project's 2-core reference machine, 90
// MB of results.json cost about 27 ms of system time in 64 KiB writes and
// 23 ms in 1 MiB ones). Rows that WriteLines gathers to the file in place
// pass it by.
const resultsBuffer = 1 << 20

// NewJSONWriter starts results.json on w with its head. strategies are
// the strategy names in report order.
func NewJSONWriter(w io.Writer, scenario string, params, strategies []string) (*JSONWriter, error) {
	head, err := json.Marshal(jsonHead{JSONFormat, scenario, nonNil(params), nonNil(strategies)})
	if err != nil {
		return nil, err
	}
	jw := &JSONWriter{w: bufio.NewWriterSize(w, resultsBuffer), enc: NewRowEncoder(scenario, params), gather: newGather(w)}
	// Splice "rows" into the head object: {...head..., "rows":[
	jw.w.Write(head[:len(head)-1])
	jw.w.WriteString(",\"rows\":[")
	return jw, nil
}

// Write writes one row's line, with its per-object detail or without it
// (RowEncoder.AppendJSON). A row without a result or with the wrong number
// of point values is an error.
func (jw *JSONWriter) Write(row Row, detail bool) error {
	if err := jw.enc.check("results.json", row); err != nil {
		return err
	}
	jw.buf = jw.enc.AppendJSON(jw.buf[:0], row, detail)
	return jw.WriteEncoded(jw.buf)
}

// WriteEncoded writes one row that RowEncoder.AppendJSON encoded.
func (jw *JSONWriter) WriteEncoded(line []byte) error {
	if jw.err != nil {
		return jw.err
	}
	if jw.n > 0 {
		jw.w.WriteByte(',')
	}
	jw.w.WriteByte('\n')
	_, jw.err = jw.w.Write(line)
	jw.n++
	return jw.err
}

// The separators WriteLines puts before a line.
var (
	firstSep = []byte("\n")
	nextSep  = []byte(",\n")
)

// WriteLines writes rows that RowEncoder.AppendJSON encoded, in order:
// the bytes WriteEncoded writes for each. To a regular file on Linux they
// go to the kernel in place, with writev, instead of being copied into the
// writer's buffer first: for a batch of lines the caller holds anyway
// (pagesim run's workers' buffers, held for about a megabyte of rows),
// that copy was the largest single cost of the goroutine that writes a
// study's results, about as much as the kernel's own copy into the page
// cache. The lines are not retained.
func (jw *JSONWriter) WriteLines(lines [][]byte) error {
	if jw.err != nil {
		return jw.err
	}
	if jw.gather == nil {
		for _, l := range lines {
			if err := jw.WriteEncoded(l); err != nil {
				return err
			}
		}
		return nil
	}
	// What is in the buffer (the head) goes first.
	if jw.err = jw.w.Flush(); jw.err != nil {
		return jw.err
	}
	bufs := jw.seps[:0]
	for _, l := range lines {
		if jw.n == 0 {
			bufs = append(bufs, firstSep)
		} else {
			bufs = append(bufs, nextSep)
		}
		bufs = append(bufs, l)
		jw.n++
	}
	jw.err = jw.gather(bufs)
	clear(bufs)
	jw.seps = bufs[:0]
	return jw.err
}

// Close ends the document and flushes it; it does not close the
// underlying writer.
func (jw *JSONWriter) Close() error {
	if jw.err != nil {
		return jw.err
	}
	jw.w.WriteString("\n]}\n")
	return jw.w.Flush()
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// JSONReader reads a results.json document row by row, in the order they
// were written, without holding more than one row. The head ("format",
// "scenario", "params", "strategies") must come before "rows", as
// JSONWriter writes them; unknown fields are ignored (later versions add
// fields).
type JSONReader struct {
	dec    *json.Decoder
	head   jsonHead
	raw    json.RawMessage
	n      int
	inRows bool
	done   bool
}

// NewJSONReader reads the head of a results.json document: its format
// must be JSONFormat or one of the two before it.
func NewJSONReader(rd io.Reader) (*JSONReader, error) {
	jr := &JSONReader{dec: json.NewDecoder(rd)}
	if err := jr.delim('{'); err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	for jr.dec.More() {
		key, err := jr.key()
		if err != nil {
			return nil, err
		}
		if seen[key] {
			return nil, jr.errorf("%q given twice", key)
		}
		seen[key] = true
		var dst any
		switch key {
		case "format":
			dst = &jr.head.Format
		case "scenario":
			dst = &jr.head.Scenario
		case "params":
			dst = &jr.head.Params
		case "strategies":
			dst = &jr.head.Strategies
		case "rows":
			if err := jr.checkFormat(); err != nil {
				return nil, err
			}
			if err := jr.delim('['); err != nil {
				return nil, err
			}
			jr.inRows = true
			return jr, nil
		default:
			dst = new(json.RawMessage)
		}
		if err := jr.dec.Decode(dst); err != nil {
			return nil, jr.errorf("%s: %v", key, err)
		}
	}
	if err := jr.checkFormat(); err != nil {
		return nil, err
	}
	jr.done = true // a document without rows
	return jr, nil
}

func (jr *JSONReader) checkFormat() error {
	if f := jr.head.Format; f != JSONFormat && f != jsonFormat2 && f != jsonFormat1 {
		return jr.errorf("format %q (%q, %q or %q expected)", f, JSONFormat, jsonFormat2, jsonFormat1)
	}
	return nil
}

func (jr *JSONReader) errorf(format string, args ...any) error {
	return fmt.Errorf("plots: results JSON: "+format, args...)
}

func (jr *JSONReader) delim(want json.Delim) error {
	t, err := jr.dec.Token()
	if err != nil {
		return jr.errorf("%v", err)
	}
	if d, ok := t.(json.Delim); !ok || d != want {
		return jr.errorf("%v where %q was expected", t, want)
	}
	return nil
}

func (jr *JSONReader) key() (string, error) {
	t, err := jr.dec.Token()
	if err != nil {
		return "", jr.errorf("%v", err)
	}
	k, ok := t.(string)
	if !ok {
		return "", jr.errorf("%v where a key was expected", t)
	}
	return k, nil
}

// Scenario, Params and Strategies are the head's; Params and Strategies
// are nil when empty.
func (jr *JSONReader) Scenario() string     { return jr.head.Scenario }
func (jr *JSONReader) Params() []string     { return nilIfEmpty(jr.head.Params) }
func (jr *JSONReader) Strategies() []string { return nilIfEmpty(jr.head.Strategies) }

// Next returns the next row, or io.EOF after the last. Empty slices of the
// result come back as nil. A missing point value is an error, and so is
// anything after the rows but more fields of the document.
func (jr *JSONReader) Next() (Row, error) {
	if jr.done {
		return Row{}, io.EOF
	}
	if !jr.dec.More() {
		if err := jr.delim(']'); err != nil {
			return Row{}, err
		}
		for jr.dec.More() {
			key, err := jr.key()
			if err != nil {
				return Row{}, err
			}
			switch key {
			case "format", "scenario", "params", "strategies", "rows":
				return Row{}, jr.errorf("%q after the rows (it belongs before them)", key)
			}
			if err := jr.dec.Decode(new(json.RawMessage)); err != nil {
				return Row{}, jr.errorf("%s: %v", key, err)
			}
		}
		if err := jr.delim('}'); err != nil {
			return Row{}, err
		}
		jr.done = true
		return Row{}, io.EOF
	}
	i := jr.n
	jr.raw = jr.raw[:0]
	if err := jr.dec.Decode(&jr.raw); err != nil {
		return Row{}, jr.errorf("rows[%d]: %v", i, err)
	}
	var j jsonRow
	if err := json.Unmarshal(jr.raw, &j); err != nil {
		return Row{}, jr.errorf("rows[%d]: %v", i, err)
	}
	jr.n++
	params := jr.head.Params
	row := Row{Strategy: j.Strategy, Run: j.Run, Result: fromJSONRow(j, jr.head.Format)}
	if j.PeakConns != nil {
		row.derived = &derivedFigures{peak: *j.PeakConns, stall: time.Duration(j.StalledMs), causes: j.StallCauses}
		if j.TTFB != nil {
			row.derived.ttfb, row.derived.hasTTFB = time.Duration(*j.TTFB), true
		}
	}
	if len(params) > 0 {
		row.Point = make([]string, len(params))
	}
	for k, p := range params {
		v, ok := j.Point[p]
		if !ok {
			return Row{}, jr.errorf("rows[%d].point: no value for %q (one per parameter in \"params\")", i, p)
		}
		row.Point[k] = v
	}
	if len(j.Point) != len(params) {
		return Row{}, jr.errorf("rows[%d].point: %d values for %d parameters", i, len(j.Point), len(params))
	}
	return row, nil
}

// Raw returns the last row Next read exactly as it was written (valid
// until the next call).
func (jr *JSONReader) Raw() []byte { return jr.raw }

// ReadJSON reads a document written by JSONWriter back into a Report, so
// a report can be re-drawn without simulating again: it keeps the full
// result of the runs the charts stand on (ChartRuns, at the first point). Absent "strategies"
// are taken in order of appearance. A document that JSONReader refuses, a
// row that Report.Add refuses, or no rows at all is an error.
func ReadJSON(rd io.Reader) (*Report, error) {
	jr, err := NewJSONReader(rd)
	if err != nil {
		return nil, err
	}
	r, err := NewReport(jr.Scenario(), jr.Params(), jr.Strategies())
	if err != nil {
		return nil, err
	}
	// The run the charts stand on is known only once every row is in (the
	// one closest to the median): keep every run of the charted points,
	// then only those.
	r.keepCharted = true
	for {
		row, err := jr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := r.Add(row); err != nil {
			return nil, err
		}
	}
	if err := r.check(); err != nil {
		return nil, err
	}
	r.keepCharted = false
	r.pruneKept()
	return r, nil
}

func nilIfEmpty(s []string) []string {
	if len(s) == 0 {
		return nil
	}
	return s
}

func fromJSONRow(j jsonRow, format string) *model.Result {
	res := &model.Result{
		Incomplete: model.Incomplete(j.Incomplete), IncompleteDetail: j.IncompleteDetail,
		Connections: j.Connections, PacketsDown: j.PacketsDown, PacketsUp: j.PacketsUp,
		BytesDown: j.BytesDown, BytesUp: j.BytesUp, Retransmits: j.Retransmits,
		Timeouts: j.Timeouts, Retries: j.Retries, Failed: j.Failed, Truncated: j.Truncated,
		DestroyedBytes: j.DestroyedBytes, Events: j.Events,
	}
	switch {
	case j.LoadTime != nil:
		res.LoadTime = time.Duration(*j.LoadTime)
	case j.Reached != nil:
		res.LoadTime = time.Duration(*j.Reached)
	}
	if j.Complete != nil {
		res.Complete = *j.Complete
	} else {
		// Format 1: a load was incomplete when objects failed.
		res.Complete = j.Failed == 0 && j.LoadTime != nil
		if !res.Complete && res.Incomplete == "" {
			res.Incomplete = model.IncompleteFailed
		}
	}
	for _, o := range j.Objects {
		res.Objects = append(res.Objects, fromJSONObject(o, format))
	}
	for _, c := range j.Conns {
		res.Conns = append(res.Conns, model.ConnResult{ID: c.ID, Host: c.Host, Protocol: c.Protocol, Opened: time.Duration(c.Opened),
			Ready: time.Duration(c.Ready), Closed: time.Duration(c.Closed), Requests: c.Requests, End: model.EndReason(c.End)})
	}
	for _, s := range j.Stalls {
		res.Stalls = append(res.Stalls, model.Stall{Object: s.Object, Conn: s.Conn,
			From: time.Duration(s.From), To: time.Duration(s.To), Cause: s.Cause})
	}
	for _, c := range j.Cwnd {
		res.Cwnd = append(res.Cwnd, model.CwndPoint{Conn: c.Conn, At: time.Duration(c.At),
			Cwnd: model.Bytes(c.Cwnd), Ssthresh: model.Bytes(c.Ssthresh)})
	}
	return res
}
