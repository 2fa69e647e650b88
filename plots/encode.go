package plots

import (
	"fmt"
	"slices"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"pagesim/model"
)

// Rows are encoded by hand, without reflection: a row of results.json is
// most of the cost of writing a report, and encoding it is done on the
// worker that simulated it, in parallel, while the rows are written in
// order. The bytes are those encoding/json and encoding/csv would write
// (tests compare them on every kind of value).

// Detail is how much per-object detail results.json holds (pagesim run
// --detail).
type Detail int

const (
	// DetailAll: every row has its objects, connections, stalls and, when
	// traced, congestion window.
	DetailAll Detail = iota
	// DetailCharted: only the rows of run 0 at each charted point have
	// them (every row of a scenario with one point and one run). The
	// default (DefaultDetail).
	DetailCharted
	// DetailNone: no row has them.
	DetailNone
)

// DefaultDetail is pagesim run's and pagesim jobs' --detail when none is
// given: DetailCharted. A row without its detail still carries every
// figure the summary and results.csv show, so what the default drops is
// the timelines of every run but run 0 at each charted point (the charts
// of pagesim run never read them back from results.json; a merge of
// shards takes a median run other than 0 from simulating it again) — for
// a sweep, nearly all of results.json (sweep-1000's 8 000 rows of a
// 21-object page: 90 MB with DetailAll, 3.5 MB with DetailCharted), whose
// writing can cost a tenth of the simulations' time; a study that wants
// every run's timeline asks for DetailAll.
const DefaultDetail = DetailCharted

var detailNames = []string{"all", "charted", "none"}

func (d Detail) String() string {
	if d >= 0 && int(d) < len(detailNames) {
		return detailNames[d]
	}
	return "Detail(" + strconv.Itoa(int(d)) + ")"
}

// ParseDetail reads "all", "charted" or "none".
func ParseDetail(s string) (Detail, error) {
	if i := slices.Index(detailNames, s); i >= 0 {
		return Detail(i), nil
	}
	return 0, fmt.Errorf("plots: detail %q (expected all, charted or none)", s)
}

// Includes reports whether a row gets its detail: always under DetailAll,
// for a charted run under DetailCharted, never under DetailNone.
func (d Detail) Includes(charted bool) bool {
	return d == DetailAll || d == DetailCharted && charted
}

// RowEncoder encodes the rows of one scenario for results.csv and
// results.json. It is safe for concurrent use.
type RowEncoder struct {
	scenario string
	params   []string
	order    []int // params indices in key order, as JSON objects list them
}

// NewRowEncoder makes the encoder of a scenario sweeping params.
func NewRowEncoder(scenario string, params []string) *RowEncoder {
	e := &RowEncoder{scenario: scenario, params: slices.Clone(params)}
	for i := range params {
		e.order = append(e.order, i)
	}
	slices.SortFunc(e.order, func(a, b int) int {
		switch {
		case params[a] < params[b]:
			return -1
		case params[a] > params[b]:
			return 1
		}
		return 0
	})
	return e
}

// check reports a row that cannot be encoded.
func (e *RowEncoder) check(file string, row Row) error {
	if row.Result == nil {
		return fmt.Errorf("plots: %s: row %s, run %d: no result", file, row.Strategy, row.Run)
	}
	if len(row.Point) != len(e.params) {
		return fmt.Errorf("plots: %s: row %s, run %d: %d point values for %d parameters", file, row.Strategy, row.Run, len(row.Point), len(e.params))
	}
	return nil
}

// AppendCSV appends row's line of results.csv (CSVWriter) to dst. The row
// must have a result and one value per parameter.
func (e *RowEncoder) AppendCSV(dst []byte, row Row) []byte {
	res := row.Result
	dst = appendCSVField(dst, e.scenario)
	for _, v := range row.Point {
		dst = appendCSVField(append(dst, ','), v)
	}
	dst = appendCSVField(append(dst, ','), row.Strategy)
	dst = strconv.AppendInt(append(dst, ','), int64(row.Run), 10)
	dst = append(dst, ',')
	if res.Complete {
		dst = appendMillis3(dst, res.LoadTime)
	}
	for _, v := range [...]int64{int64(res.Connections), res.PacketsDown, res.PacketsUp, res.BytesDown, res.BytesUp,
		res.Retransmits, int64(res.Timeouts), int64(res.Retries), int64(res.Failed), res.DestroyedBytes} {
		dst = strconv.AppendInt(append(dst, ','), v, 10)
	}
	dst = strconv.AppendBool(append(dst, ','), res.Complete)
	dst = appendCSVField(append(dst, ','), string(res.Incomplete))
	dst = strconv.AppendInt(append(dst, ','), int64(res.Truncated), 10)
	dst = append(dst, ',')
	if ttfb, ok := rowTTFB(row); ok {
		dst = appendMillis3(dst, ttfb)
	}
	return append(dst, '\n')
}

// rowTTFB is the document's time to first byte (documentTTFB), from the
// row's detail or, for a row read without it, its derived figures.
func rowTTFB(row Row) (time.Duration, bool) {
	if d := row.derived; d != nil {
		return d.ttfb, d.hasTTFB
	}
	res := row.Result
	if len(res.Objects) == 0 || !res.Objects[0].Has.Includes(model.HasFirstByte) {
		return 0, false
	}
	return res.Objects[0].FirstByte, true
}

// appendCSVRecord appends a line of fields, quoted as encoding/csv quotes
// them.
func appendCSVRecord(dst []byte, fields []string) []byte {
	for i, f := range fields {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendCSVField(dst, f)
	}
	return append(dst, '\n')
}

// appendCSVField appends one field, quoted (RFC 4180) when it holds a
// comma, a quote or a line break, starts with a space, or is `\.`, as
// encoding/csv.Writer decides.
func appendCSVField(dst []byte, f string) []byte {
	quote := f == `\.`
	for i := 0; i < len(f) && !quote; i++ {
		switch f[i] {
		case ',', '"', '\n', '\r':
			quote = true
		}
	}
	if !quote && f != "" {
		r, _ := utf8.DecodeRuneInString(f)
		quote = unicode.IsSpace(r)
	}
	if !quote {
		return append(dst, f...)
	}
	dst = append(dst, '"')
	for i := 0; i < len(f); i++ {
		if f[i] == '"' {
			dst = append(dst, '"')
		}
		dst = append(dst, f[i])
	}
	return append(dst, '"')
}

// appendMillis3 is millis3 appended: d in milliseconds with exactly three
// decimals, rounded half away from zero to the microsecond.
func appendMillis3(dst []byte, d time.Duration) []byte {
	neg := d < 0
	if neg {
		d = -d
	}
	us := (int64(d) + 500) / 1000
	if neg && us != 0 {
		dst = append(dst, '-')
	}
	dst = strconv.AppendInt(dst, us/1000, 10)
	f := us % 1000
	return append(dst, '.', byte('0'+f/100), byte('0'+f/10%10), byte('0'+f%10))
}

// AppendJSON appends row's line of results.json (JSONWriter, without the
// separator) to dst. With detail false — or when the row was read from a
// results.json without its detail — "objects", "conns", "stalls" and
// "cwnd" are left out and the figures the summary derives from them are
// written instead: "peak_conns" (the most connections open at once),
// "stalled_ms" (the time objects spent stalled), "stall_causes" (the
// distinct causes, omitted when none) and "ttfb_ms" (the document's time to
// first byte, results.csv's column; null when none of it arrived). The row must have a result and one
// value per parameter.
func (e *RowEncoder) AppendJSON(dst []byte, row Row, detail bool) []byte {
	res := row.Result
	dst = append(dst, `{"point":{`...)
	for i, k := range e.order {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONString(dst, e.params[k])
		dst = appendJSONString(append(dst, ':'), row.Point[k])
	}
	dst = append(dst, `},"strategy":`...)
	dst = appendJSONString(dst, row.Strategy)
	dst = strconv.AppendInt(append(dst, `,"run":`...), int64(row.Run), 10)
	dst = append(dst, `,"load_time_ms":`...)
	if res.Complete {
		dst = appendJSONMillis(dst, res.LoadTime)
	} else {
		dst = append(dst, "null"...)
	}
	dst = strconv.AppendBool(append(dst, `,"complete":`...), res.Complete)
	dst = appendJSONString(append(dst, `,"incomplete":`...), string(res.Incomplete))
	dst = appendJSONString(append(dst, `,"incomplete_detail":`...), res.IncompleteDetail)
	if !res.Complete {
		dst = appendJSONMillis(append(dst, `,"reached_ms":`...), res.LoadTime)
	}
	dst = appendJSONInt(dst, `,"connections":`, int64(res.Connections))
	dst = appendJSONInt(dst, `,"packets_down":`, res.PacketsDown)
	dst = appendJSONInt(dst, `,"packets_up":`, res.PacketsUp)
	dst = appendJSONInt(dst, `,"bytes_down":`, res.BytesDown)
	dst = appendJSONInt(dst, `,"bytes_up":`, res.BytesUp)
	dst = appendJSONInt(dst, `,"retransmits":`, res.Retransmits)
	dst = appendJSONInt(dst, `,"timeouts":`, int64(res.Timeouts))
	dst = appendJSONInt(dst, `,"retries":`, int64(res.Retries))
	dst = appendJSONInt(dst, `,"failed":`, int64(res.Failed))
	dst = appendJSONInt(dst, `,"destroyed_bytes":`, res.DestroyedBytes)
	dst = appendJSONInt(dst, `,"truncated":`, int64(res.Truncated))
	dst = strconv.AppendUint(append(dst, `,"events":`...), res.Events, 10)
	if d := row.derived; d != nil || !detail {
		return append(appendBrief(dst, row), '}')
	}
	dst = append(dst, `,"objects":[`...)
	for i := range res.Objects {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONObject(dst, &res.Objects[i])
	}
	dst = append(dst, `],"conns":[`...)
	for i, c := range res.Conns {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendJSONInt(dst, `{"id":`, int64(c.ID))
		dst = appendJSONString(append(dst, `,"host":`...), c.Host)
		if c.Protocol != "" {
			dst = appendJSONString(append(dst, `,"protocol":`...), c.Protocol)
		}
		dst = appendJSONMillis(append(dst, `,"opened_ms":`...), c.Opened)
		dst = appendJSONMillis(append(dst, `,"ready_ms":`...), c.Ready)
		dst = appendJSONMillis(append(dst, `,"closed_ms":`...), c.Closed)
		dst = appendJSONInt(dst, `,"requests":`, int64(c.Requests))
		dst = appendJSONString(append(dst, `,"end":`...), string(c.End))
		dst = append(dst, '}')
	}
	dst = append(dst, ']')
	if len(res.Stalls) > 0 {
		dst = append(dst, `,"stalls":[`...)
		for i, s := range res.Stalls {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONInt(dst, `{"object":`, int64(s.Object))
			dst = appendJSONInt(dst, `,"conn":`, int64(s.Conn))
			dst = appendJSONMillis(append(dst, `,"from_ms":`...), s.From)
			dst = appendJSONMillis(append(dst, `,"to_ms":`...), s.To)
			dst = appendJSONString(append(dst, `,"cause":`...), s.Cause)
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	if len(res.Cwnd) > 0 {
		dst = append(dst, `,"cwnd":[`...)
		for i, c := range res.Cwnd {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONInt(dst, `{"conn":`, int64(c.Conn))
			dst = appendJSONMillis(append(dst, `,"at_ms":`...), c.At)
			dst = appendJSONInt(dst, `,"cwnd_bytes":`, int64(c.Cwnd))
			dst = appendJSONInt(dst, `,"ssthresh_bytes":`, int64(c.Ssthresh))
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}

// appendBrief writes the derived figures of a row without detail: its
// derived ones when the row was read so, else computed from its result.
func appendBrief(dst []byte, row Row) []byte {
	res, d := row.Result, row.figuresOf()
	var peak int
	var stall time.Duration
	var causes []string
	if d != nil {
		peak, stall, causes = d.peak, d.stall, d.causes
	} else {
		peak, stall, causes = peakConns(res), stallTime(res), resultStallCauses(res)
	}
	dst = appendJSONInt(dst, `,"peak_conns":`, int64(peak))
	dst = appendJSONMillis(append(dst, `,"stalled_ms":`...), stall)
	if len(causes) > 0 {
		dst = append(dst, `,"stall_causes":[`...)
		for i, c := range causes {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, c)
		}
		dst = append(dst, ']')
	}
	dst = append(dst, `,"ttfb_ms":`...)
	if ttfb, ok := rowTTFB(row); ok {
		return appendJSONMillis(dst, ttfb)
	}
	return append(dst, "null"...)
}

func appendJSONObject(dst []byte, o *model.ObjectResult) []byte {
	dst = appendJSONString(append(dst, `{"id":`...), o.ID)
	dst = appendJSONString(append(dst, `,"url":`...), o.URL)
	dst = appendJSONString(append(dst, `,"host":`...), o.Host)
	dst = appendJSONInt(dst, `,"size_bytes":`, int64(o.Size))
	dst = appendJSONInt(dst, `,"parent":`, int64(o.Parent))
	dst = appendJSONInt(dst, `,"conn":`, int64(o.Conn))
	dst = strconv.AppendBool(append(dst, `,"reused":`...), o.Reused)
	dst = appendJSONInt(dst, `,"retries":`, int64(o.Retries))
	dst = strconv.AppendBool(append(dst, `,"failed":`...), o.Failed)
	dst = strconv.AppendBool(append(dst, `,"truncated":`...), o.Truncated)
	if o.FailReason != "" {
		dst = appendJSONString(append(dst, `,"fail_reason":`...), o.FailReason)
	}
	// The timeline: null for a phase the object did not have or an
	// instant it never reached (model.ObjectResult.Has).
	dst = appendJSONTime(dst, `,"ready_ms":`, o, o.Ready, model.HasReady)
	dst = appendJSONTime(dst, `,"dns_start_ms":`, o, o.DNSStart, model.HasDNS)
	dst = appendJSONTime(dst, `,"connect_start_ms":`, o, o.ConnectStart, model.HasConnect)
	dst = appendJSONTime(dst, `,"tcp_done_ms":`, o, o.TCPDone, model.HasConnect)
	dst = appendJSONTime(dst, `,"tls_done_ms":`, o, o.TLSDone, model.HasTLS)
	dst = appendJSONTime(dst, `,"request_sent_ms":`, o, o.RequestSent, model.HasRequest)
	dst = appendJSONTime(dst, `,"first_byte_ms":`, o, o.FirstByte, model.HasFirstByte)
	dst = appendJSONTime(dst, `,"last_byte_ms":`, o, o.LastByte, model.HasLastByte)
	dst = appendJSONTime(dst, `,"first_attempt_ms":`, o, o.FirstAttempt, model.HasRequest)
	if o.Failed {
		dst = appendJSONMillis(append(dst, `,"failed_ms":`...), o.FailedAt)
	}
	if len(o.Receive) > 0 {
		dst = append(dst, `,"receive":[`...)
		for i, sp := range o.Receive {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONMillis(append(dst, `{"from_ms":`...), sp.From)
			dst = appendJSONMillis(append(dst, `,"to_ms":`...), sp.To)
			dst = appendJSONInt(dst, `,"bytes":`, int64(sp.Bytes))
			dst = append(dst, '}')
		}
		dst = append(dst, ']')
	}
	return append(dst, '}')
}

// appendJSONTime writes one timing field of o: its time when o has the
// part of the timeline it belongs to, else null.
func appendJSONTime(dst []byte, key string, o *model.ObjectResult, t time.Duration, has model.Timing) []byte {
	dst = append(dst, key...)
	if !o.Has.Includes(has) {
		return append(dst, "null"...)
	}
	return appendJSONMillis(dst, t)
}

func appendJSONInt(dst []byte, key string, v int64) []byte {
	dst = append(dst, key...)
	switch {
	case 0 <= v && v < 10:
		return append(dst, byte('0'+v)) // parents, connections, retries: mostly one digit
	case v > 0:
		return appendDecimal(dst, uint64(v))
	}
	return strconv.AppendInt(dst, v, 10)
}

// appendDecimal writes u in decimal, right to left into a buffer appended
// once (sizes and counts, for which strconv's call chain cost more).
func appendDecimal(dst []byte, u uint64) []byte {
	var buf [20]byte
	return append(dst, buf[putDecimal(buf[:], len(buf), u):]...)
}

// putDecimal writes the digits of u into buf so that they end before
// index end, and returns the index of the first.
func putDecimal(buf []byte, end int, u uint64) int {
	i := end
	for {
		i--
		buf[i] = byte('0' + u%10)
		if u /= 10; u == 0 {
			return i
		}
	}
}

// appendJSONMillis writes d as an exact decimal number of milliseconds
// with up to six fraction digits (see millis).
func appendJSONMillis(dst []byte, d time.Duration) []byte {
	v := int64(d)
	if v < 0 {
		dst = append(dst, '-')
		if v == -v { // math.MinInt64 has no positive counterpart
			return append(dst, "9223372036854.775808"...)
		}
		v = -v
	}
	// Right to left into one buffer: up to six fraction digits without
	// their trailing zeros, the point, the whole milliseconds. (Eleven of
	// these a page object: one pass and one append instead of strconv's
	// call chain and a second append.)
	var buf [24]byte
	i := len(buf)
	u, frac := uint64(v)/1e6, uint64(v)%1e6
	if frac != 0 {
		n := 6
		for frac%10 == 0 {
			frac /= 10
			n--
		}
		for ; n > 0; n-- {
			i--
			buf[i] = byte('0' + frac%10)
			frac /= 10
		}
		i--
		buf[i] = '.'
	}
	return append(dst, buf[putDecimal(buf[:], i, u):]...)
}

const hexDigits = "0123456789abcdef"

// jsonPlain marks the bytes appendJSONString copies unchanged: ASCII
// other than control characters, '"', '\\' and the HTML-sensitive '<',
// '>' and '&'.
var jsonPlain = func() (t [256]bool) {
	for b := byte(0x20); b < utf8.RuneSelf; b++ {
		t[b] = b != '"' && b != '\\' && b != '<' && b != '>' && b != '&'
	}
	return t
}()

// appendJSONString writes s as a JSON string the way encoding/json does:
// `"` and `\` escaped, \b \f \n \r \t by name, other control characters
// and <, >, & as \u00XX, U+2028 and U+2029 as \u2028 and \u2029, and each
// byte of invalid UTF-8 as \ufffd.
func appendJSONString(dst []byte, s string) []byte {
	// Ids, URLs and host names rarely need escaping: copy the plain
	// prefix whole and escape from the first byte that is not.
	i := 0
	for i < len(s) && jsonPlain[s[i]] {
		i++
	}
	dst = append(dst, '"')
	if i == len(s) {
		dst = append(dst, s...)
		return append(dst, '"')
	}
	start := 0
	for i < len(s) {
		b := s[i]
		if b < utf8.RuneSelf {
			esc := ""
			switch {
			case b == '"':
				esc = `\"`
			case b == '\\':
				esc = `\\`
			case b == '\b':
				esc = `\b`
			case b == '\f':
				esc = `\f`
			case b == '\n':
				esc = `\n`
			case b == '\r':
				esc = `\r`
			case b == '\t':
				esc = `\t`
			case b < 0x20 || b == '<' || b == '>' || b == '&':
				dst = append(dst, s[start:i]...)
				dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
				i++
				start = i
				continue
			default:
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			dst = append(dst, esc...)
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
