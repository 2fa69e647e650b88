package har

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// This file decodes the JSON of a HAR file into raw structs that hold only
// the fields the importer reads. Response bodies (content.text), headers,
// cookies and the producers' many extra fields are never materialised:
// encoding/json skips unknown keys without allocating them, which keeps
// Parse fast on files with embedded bodies.

// optNum is an optional JSON number. Producers write numbers, null, and
// (WebPageTest, some proxies) numbers as strings; all three are accepted.
// Any other JSON kind is recorded in bad and reported by validation with
// the field's path, instead of aborting the decode with a pathless error.
type optNum struct {
	v   float64
	set bool
	bad string // JSON kind when the value is not a number ("an object", ...)
}

func (n *optNum) UnmarshalJSON(b []byte) error {
	*n = optNum{}
	switch b[0] {
	case 'n':
		return nil
	case '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			n.bad = "a malformed string"
			return nil
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return nil
		}
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			n.bad = "the string " + strconv.Quote(clip(s, 40))
			return nil
		}
		n.v, n.set = f, true
	case '{':
		n.bad = "an object"
	case '[':
		n.bad = "an array"
	case 't', 'f':
		n.bad = "a boolean"
	default:
		f, err := strconv.ParseFloat(string(b), 64)
		if err != nil || math.IsInf(f, 0) {
			n.bad = "an out-of-range number"
			return nil
		}
		n.v, n.set = f, true
	}
	return nil
}

// optStr is an optional JSON string; null means absent. Other kinds are
// recorded in bad, as for optNum.
type optStr struct {
	s   string
	set bool
	bad string
}

func (o *optStr) UnmarshalJSON(b []byte) error {
	*o = optStr{}
	switch b[0] {
	case 'n':
		return nil
	case '"':
		if err := json.Unmarshal(b, &o.s); err != nil {
			o.bad = "a malformed string"
			return nil
		}
		o.set = true
	case '{':
		o.bad = "an object"
	case '[':
		o.bad = "an array"
	case 't', 'f':
		o.bad = "a boolean"
	default:
		o.bad = "a number"
	}
	return nil
}

// optID is a connection id: producers write strings ("26487",
// "0x7fdc744c7400") or numbers (111). Any other JSON kind is ignored: an
// id is never required.
type optID struct{ s string }

func (o *optID) UnmarshalJSON(b []byte) error {
	*o = optID{}
	switch b[0] {
	case '"':
		var s string
		if json.Unmarshal(b, &s) == nil {
			o.s = strings.TrimSpace(s)
		}
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		o.s = string(b)
	}
	return nil
}

// optBool is an optional JSON boolean; any other kind reads as false (a
// flag is never required).
type optBool struct{ v bool }

func (o *optBool) UnmarshalJSON(b []byte) error {
	o.v = string(b) == "true"
	return nil
}

type rawNameVersion struct {
	Name    optStr `json:"name"`
	Version optStr `json:"version"`
}

func (nv *rawNameVersion) String() string {
	if nv == nil {
		return ""
	}
	return strings.TrimSpace(nv.Name.s + " " + nv.Version.s)
}

type rawPage struct {
	ID              optStr `json:"id"`
	Title           optStr `json:"title"`
	StartedDateTime optStr `json:"startedDateTime"`
	PageTimings     *struct {
		OnContentLoad optNum `json:"onContentLoad"`
		OnLoad        optNum `json:"onLoad"`
	} `json:"pageTimings"`
	// What producers record of the network and the client (network.go,
	// clienttime.go). _meta is decoded leniently: any JSON value.
	Meta         json.RawMessage `json:"_meta"`         // sitespeed.io/Browsertime: {"connectivity": "cable"}
	BwDown       optNum          `json:"_bwDown"`       // WebPageTest: kbps
	BwUp         optNum          `json:"_bwUp"`         // WebPageTest: kbps
	Latency      optNum          `json:"_latency"`      // WebPageTest: ms of added round trip
	PLR          optNum          `json:"_plr"`          // WebPageTest: packet loss, percent
	Connectivity optStr          `json:"_connectivity"` // WebPageTest: "Cable", "3G", …
	FullCPUpct   optNum          `json:"_fullyLoadedCPUpct"`
	DocCPUms     optNum          `json:"_docCPUms"`
	FullCPUms    optNum          `json:"_fullyLoadedCPUms"`
}

type rawLog struct {
	Version optStr
	Creator *rawNameVersion
	Browser *rawNameVersion
	Pages   []rawPage
}

type rawEntry struct {
	Pageref         optStr          `json:"pageref"`
	StartedDateTime optStr          `json:"startedDateTime"`
	Time            optNum          `json:"time"`
	Request         *rawRequest     `json:"request"`
	Response        *rawResponse    `json:"response"`
	Timings         *rawTimings     `json:"timings"`
	Initiator       json.RawMessage `json:"_initiator"`
	Protocol        optStr          `json:"_protocol"`  // WebPageTest
	BytesIn         optNum          `json:"_bytesIn"`   // WebPageTest: wire bytes incl. headers
	FromCache       optStr          `json:"_fromCache"` // DevTools: "memory" / "disk"
	Cached          optNum          `json:"_cached"`    // WebPageTest: 1 = from cache
	Priority        optStr          `json:"_priority"`  // Chrome: VeryHigh, High, Medium, Low, VeryLow
	Connection      optID           `json:"connection"` // chrome-har, DevTools: the connection's id
	Socket          optID           `json:"_socket"`    // WebPageTest: the connection's id
	AllStart        optNum          `json:"_all_start"` // WebPageTest: ms from the page's start to the entry's first phase
	AllEnd          optNum          `json:"_all_end"`   // WebPageTest: ms from the page's start to its last byte
	SecurityDetails *struct {
		Protocol optStr `json:"protocol"` // "TLS 1.2", "TLS 1.3"
	} `json:"_securityDetails"`
}

type rawRequest struct {
	Method optStr `json:"method"`
	URL    optStr `json:"url"`
}

type rawResponse struct {
	Status       optNum `json:"status"`
	HTTPVersion  optStr `json:"httpVersion"`
	RedirectURL  optStr `json:"redirectURL"`
	BodySize     optNum `json:"bodySize"`
	TransferSize optNum `json:"_transferSize"` // chrome-har, DevTools
	BytesIn      optNum `json:"_bytesIn"`
	FromCache    optStr `json:"_fromCache"`
	// ViaServiceWorker: DevTools' and chrome-har's
	// _fetchedViaServiceWorker.
	ViaServiceWorker optBool `json:"_fetchedViaServiceWorker"`
	Content          *struct {
		Size optNum `json:"size"`
	} `json:"content"`
	// Headers are read only for a Content-Length when no size field was
	// recorded (Playwright 1.7 writes -1 in all of them).
	Headers json.RawMessage `json:"headers"`
}

type rawTimings struct {
	Blocked optNum `json:"blocked"`
	DNS     optNum `json:"dns"`
	Connect optNum `json:"connect"`
	SSL     optNum `json:"ssl"`
	Send    optNum `json:"send"`
	Wait    optNum `json:"wait"`
	Receive optNum `json:"receive"`
}

// empty reports a timings object without any of the standard phases
// (Firefox writes {} for cache hits).
func (t *rawTimings) empty() bool {
	return !t.Blocked.set && !t.DNS.set && !t.Connect.set && !t.SSL.set &&
		!t.Send.set && !t.Wait.set && !t.Receive.set
}

// decoded is a HAR file after decoding, before interpretation.
type decoded struct {
	log     rawLog
	entries []rawEntry
	offsets []int64 // byte offset of each entry's '{' in the file
}

// posError is an error at a byte offset of the file.
type posError struct {
	off int64
	msg string
}

// decode walks the top level with a json.Decoder so that each entry's byte
// offset is known: errors then carry a line and column.
func decode(data []byte) (*decoded, *posError) {
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, &posError{-1, "empty file (expected a HAR document: a JSON object with a \"log\" key)"}
	}
	if err := json.Unmarshal(data, new(json.RawMessage)); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			// A cut inside an escape (\u00e9) is reported as a bad
			// escape at the very end: a truncation too.
			if strings.Contains(se.Error(), "unexpected end") || se.Offset >= int64(len(data))-6 && strings.Contains(se.Error(), "escape") {
				return nil, &posError{int64(len(data)), "truncated: the JSON ends before the document is complete"}
			}
			return nil, &posError{se.Offset - 1, "not valid JSON: " + se.Error()}
		}
		return nil, &posError{-1, "not valid JSON: " + err.Error()}
	}
	d := &decoded{}
	dec := json.NewDecoder(bytes.NewReader(data))
	tok, _ := dec.Token()
	if tok != json.Delim('{') {
		return nil, &posError{0, fmt.Sprintf("not a HAR file: the top level is %s (expected an object with a \"log\" key)", kindOfToken(tok))}
	}
	foundLog := false
	for dec.More() {
		key, _ := dec.Token()
		if key != "log" {
			if err := skipValue(dec); err != nil {
				return nil, &posError{dec.InputOffset(), err.Error()}
			}
			continue
		}
		foundLog = true
		if perr := d.decodeLog(dec, data); perr != nil {
			return nil, perr
		}
	}
	if !foundLog {
		return nil, &posError{0, "not a HAR file: no \"log\" object at the top level"}
	}
	if d.entries == nil {
		return nil, &posError{0, "log.entries: missing (not a HAR file?)"}
	}
	return d, nil
}

func (d *decoded) decodeLog(dec *json.Decoder, data []byte) *posError {
	start := nextValueOffset(data, dec.InputOffset())
	tok, _ := dec.Token()
	if tok != json.Delim('{') {
		return &posError{start, fmt.Sprintf("log: is %s (expected an object)", kindOfToken(tok))}
	}
	for dec.More() {
		k, _ := dec.Token()
		key, _ := k.(string)
		off := nextValueOffset(data, dec.InputOffset())
		var err error
		switch key {
		case "version":
			err = dec.Decode(&d.log.Version)
		case "creator":
			err = dec.Decode(&d.log.Creator)
		case "browser":
			err = dec.Decode(&d.log.Browser)
		case "pages":
			err = dec.Decode(&d.log.Pages)
		case "entries":
			if perr := d.decodeEntries(dec, data); perr != nil {
				return perr
			}
		default:
			err = skipValue(dec)
		}
		if err != nil {
			return &posError{off, typeErrorMessage("log."+key, err)}
		}
	}
	_, _ = dec.Token() // '}'
	return nil
}

func (d *decoded) decodeEntries(dec *json.Decoder, data []byte) *posError {
	start := nextValueOffset(data, dec.InputOffset())
	tok, _ := dec.Token()
	if tok != json.Delim('[') {
		return &posError{start, fmt.Sprintf("log.entries: is %s (expected an array)", kindOfToken(tok))}
	}
	d.entries = []rawEntry{}
	for i := 0; dec.More(); i++ {
		off := nextValueOffset(data, dec.InputOffset())
		var e rawEntry
		if err := dec.Decode(&e); err != nil {
			return &posError{off, typeErrorMessage(fmt.Sprintf("log.entries[%d]", i), err)}
		}
		d.entries = append(d.entries, e)
		d.offsets = append(d.offsets, off)
	}
	_, _ = dec.Token() // ']'
	return nil
}

// skipValue consumes one JSON value.
func skipValue(dec *json.Decoder) error {
	var skip json.RawMessage
	return dec.Decode(&skip)
}

// nextValueOffset returns the offset of the next value at or after off,
// skipping whitespace, ':' and ','.
func nextValueOffset(data []byte, off int64) int64 {
	for off < int64(len(data)) {
		switch data[off] {
		case ' ', '\t', '\r', '\n', ':', ',':
			off++
		default:
			return off
		}
	}
	return off
}

// typeErrorMessage turns a decode error into "path.field: is a number
// (expected an object)".
func typeErrorMessage(path string, err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		p := path
		if te.Field != "" {
			p += "." + te.Field
		}
		return fmt.Sprintf("%s: is %s (expected %s)", p, article(te.Value), jsonKindOf(te.Type.Kind().String()))
	}
	return path + ": " + err.Error()
}

func article(v string) string {
	switch {
	case v == "":
		return "of the wrong type"
	case strings.HasPrefix(v, "array"), strings.HasPrefix(v, "object"):
		return "an " + v
	case strings.HasPrefix(v, "number"):
		return "a number"
	}
	return "a " + v
}

func jsonKindOf(goKind string) string {
	switch goKind {
	case "struct", "map", "ptr":
		return "an object"
	case "slice", "array":
		return "an array"
	case "string":
		return "a string"
	case "bool":
		return "a boolean"
	}
	return "a number"
}

func kindOfToken(tok json.Token) string {
	switch t := tok.(type) {
	case json.Delim:
		if t == '[' {
			return "an array"
		}
		return "an object"
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	case nil:
		return "null"
	}
	return "something else"
}

// lineCol converts a byte offset into a 1-based line and column.
func lineCol(data []byte, off int64) (line, col int) {
	if off > int64(len(data)) {
		off = int64(len(data))
	}
	line = 1 + bytes.Count(data[:off], []byte{'\n'})
	col = int(off) - bytes.LastIndexByte(data[:off], '\n')
	return line, col
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
