package har

import (
	"fmt"
	"math"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	"pagesim/model"
)

// Options controls the import.
type Options struct {
	// KeepCached keeps entries that were served from the browser's cache
	// (304 revalidations, `_fromCache`, `_transferSize` 0 with content,
	// Firefox cache hits with empty or all-zero timings, WebPageTest
	// `_cached`) as objects. Default false: they are skipped, counted in
	// Recording.SkipReasons, and their children re-parented to their
	// parent. Kept cached entries get the size the fallback chain gives
	// (often 0, or the cached body size for Firefox 304s).
	KeepCached bool
}

// Recording is a HAR file turned into a page and per-host estimates.
type Recording struct {
	// Page is the object set. Objects[0] is the navigation's first entry
	// (the first redirect when the navigation was redirected); every
	// Parent index is smaller than the object's own index.
	Page model.Page
	// Meta holds, for each object of Page (same index), what the recording
	// said about it that model.Object has no field for.
	Meta []ObjectMeta
	// Hosts holds per-host estimates, keyed by the host of the objects'
	// URLs (lower case, with ":port" only when the port is not the
	// scheme's default). Think is a fixed *model.Dist in seconds, nil when
	// the host had no usable wait time.
	Hosts map[string]model.Host
	// HostOrder lists the keys of Hosts in order of first use by an
	// object (deterministic output).
	HostOrder []string
	// File is the name the recording was parsed under.
	File string
	// Version is log.version ("1.2"; WebPageTest writes "1.1").
	Version string
	// Creator and Browser are log.creator and log.browser as "name
	// version"; "" when absent (the DevTools export has no browser).
	Creator, Browser string
	// PageURL is the URL of Objects[0]; Title the page's title ("" when
	// absent or empty).
	PageURL, Title string
	// PageID is the id of the page imported (the first of log.pages; ""
	// when the file has no pages).
	PageID string
	// Entries is the number of entries in the file, Objects the number
	// imported (len(Page.Objects)).
	Entries, Objects int
	// Skipped is the number of entries not turned into objects; SkipReasons
	// counts them by reason. Entries == Objects + Skipped.
	Skipped     int
	SkipReasons map[string]int
	// OnLoad is the page's recorded pageTimings.onLoad; -1 when not
	// recorded (Browsertime 1.0) or negative.
	OnLoad time.Duration
	// Span is the time from the first object's start to the last object's
	// end, as recorded.
	Span time.Duration
	// Bytes is the sum of the objects' sizes.
	Bytes int64
	// Protocols counts the objects by normalised protocol: "h1", "h2",
	// "h3", or "unknown" when the producer did not say (DevTools writes
	// "unknown", Firefox "" on cache hits).
	Protocols map[string]int
	// BaseRTT is the round trip the network's base RTT is estimated as:
	// the smallest per-host median TCP connect time (connect minus ssl
	// where the producer includes ssl in connect). Every host's ExtraRTT
	// is its own median minus BaseRTT. Zero when no entry recorded a
	// connect time.
	BaseRTT time.Duration
}

// ObjectMeta is per-object information from the recording.
type ObjectMeta struct {
	// URL is the request URL without its fragment.
	URL string
	// Entry is the index in log.entries.
	Entry int
	// Status is the HTTP status; Protocol "h1", "h2", "h3" or "unknown".
	Status   int
	Protocol string
	// Start is the offset of the request's start from Objects[0]'s start;
	// Duration the entry's total time.
	Start, Duration time.Duration
	// Dep says how the parent was found: "document" (Objects[0] and the
	// last-resort fallback), "redirect", "initiator", "finished-before".
	Dep string
	// Cached is the reason the entry counts as served from cache ("" when
	// it does not). Cached objects exist only with Options.KeepCached, or
	// when the document itself was cached (it is always kept).
	Cached string
}

// Skip reasons (keys of Recording.SkipReasons).
const (
	SkipNotModified  = "cached: 304 Not Modified"
	SkipFromCache    = "cached: _fromCache"
	SkipWPTCached    = "cached: WebPageTest _cached"
	SkipZeroTransfer = "cached: _transferSize 0 with content"
	SkipEmptyTimings = "cached: empty timings (Firefox cache hit)"
	SkipZeroTimings  = "cached: all-zero timings (Firefox cache hit)"
	SkipNotHTTP      = "not an http(s) URL"
	SkipNoResponse   = "no response (status 0)"
	SkipOtherPage    = "belongs to another page"
)

// minDNSSampleMilli: shorter dns times are resolver-cache answers.
const minDNSSampleMilli = 1.0

// Load reads and parses a HAR file.
func Load(path string, opt Options) (*Recording, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("har: %w", err)
	}
	return Parse(path, data, opt)
}

// entry is one HAR entry after validation.
type entry struct {
	idx       int // index in log.entries
	u         *url.URL
	canon     string // canonical URL (no fragment, default port dropped)
	host      string
	method    string
	status    int
	start     time.Time
	dur       time.Duration
	end       time.Time
	size      int64
	proto     string
	redirect  string // canonical redirect target, for 3xx with redirectURL
	initiator string // canonical initiator URL
	tlsProto  string // _securityDetails.protocol
	urgency   int    // from Chrome's _priority; -1: not recorded
	timings   *rawTimings
	skip      string // reason the entry is skipped ("" = imported)
	cached    string // cache reason (also when kept)
	parent    int    // index into the page's entry list; -1 for the document
	dep       string

	rawFromCache string // _fromCache ("memory", "disk")
	wptCached    bool   // WebPageTest _cached != 0
	transferZero bool   // _transferSize 0 while content.size > 0
}

// Parse interprets data (the bytes of a HAR file called name) as a
// recording. Errors name the file, the line and column, and the field:
// "page.har:12:5: log.entries[3].request.url: missing".
func Parse(name string, data []byte, opt Options) (*Recording, error) {
	data = trimBOM(data)
	d, perr := decode(data)
	if perr != nil {
		return nil, fileError(name, data, perr)
	}
	rec := &Recording{
		File:        name,
		Version:     d.log.Version.s,
		Creator:     d.log.Creator.String(),
		Browser:     d.log.Browser.String(),
		Entries:     len(d.entries),
		SkipReasons: map[string]int{},
		Protocols:   map[string]int{},
		Hosts:       map[string]model.Host{},
		OnLoad:      -1,
	}
	if len(d.log.Pages) > 0 {
		p := d.log.Pages[0]
		rec.PageID = p.ID.s
		rec.Title = strings.TrimSpace(p.Title.s)
		if p.PageTimings != nil && p.PageTimings.OnLoad.set && p.PageTimings.OnLoad.v >= 0 {
			rec.OnLoad = millis(p.PageTimings.OnLoad.v)
		}
	}
	firefox := strings.Contains(strings.ToLower(rec.Creator), "firefox")

	var list []*entry
	for i := range d.entries {
		e, err := convert(i, &d.entries[i])
		if err != nil {
			return nil, fileError(name, data, &posError{d.offsets[i], err.Error()})
		}
		switch {
		case rec.PageID != "" && e.pageref != "" && e.pageref != rec.PageID:
			e.skip = SkipOtherPage
		case e.u.Scheme != "http" && e.u.Scheme != "https":
			e.skip = SkipNotHTTP
		}
		if e.skip != "" {
			rec.skip(e.skip)
			continue
		}
		list = append(list, &e.entry)
	}
	if len(list) == 0 {
		return nil, fmt.Errorf("%s: no http(s) entries to import (%d entries in the file)", name, len(d.entries))
	}
	sort.SliceStable(list, func(a, b int) bool { return list[a].start.Before(list[b].start) })

	for i, e := range list {
		e.cached = cacheReason(e)
		switch {
		case i == 0:
			// The navigation's first entry is the document whatever its
			// status: a page needs one.
		case e.cached != "" && !opt.KeepCached:
			e.skip = e.cached
		case e.status == 0:
			e.skip = SkipNoResponse
		}
	}
	dependencies(list)
	buildObjects(rec, list)
	estimateHosts(rec, list, firefox)
	return rec, nil
}

func (rec *Recording) skip(reason string) {
	rec.Skipped++
	rec.SkipReasons[reason]++
}

// pentry is an entry plus the fields only Parse needs.
type pentry struct {
	entry
	pageref string
}

// convert validates raw entry i and converts it.
func convert(i int, r *rawEntry) (*pentry, error) {
	at := func(field string) string { return fmt.Sprintf("log.entries[%d].%s", i, field) }
	bad := func(field, kind, want string) error {
		return fmt.Errorf("%s: is %s (expected %s)", at(field), kind, want)
	}
	e := &pentry{entry: entry{idx: i}}
	// Required fields (HAR 1.2 §entries): startedDateTime, request.url,
	// response.status. time, timings and request.method are read when
	// present.
	if r.StartedDateTime.bad != "" {
		return nil, bad("startedDateTime", r.StartedDateTime.bad, "an ISO 8601 date-time string")
	}
	if !r.StartedDateTime.set || r.StartedDateTime.s == "" {
		return nil, fmt.Errorf("%s: missing", at("startedDateTime"))
	}
	t, err := parseTime(r.StartedDateTime.s)
	if err != nil {
		return nil, fmt.Errorf("%s: %q is not an ISO 8601 date-time (expected e.g. 2018-04-20T11:16:53.435Z or with an offset +01:00)",
			at("startedDateTime"), clip(r.StartedDateTime.s, 40))
	}
	e.start = t
	if r.Request == nil {
		return nil, fmt.Errorf("%s: missing", at("request"))
	}
	if r.Request.URL.bad != "" {
		return nil, bad("request.url", r.Request.URL.bad, "a string")
	}
	if !r.Request.URL.set || strings.TrimSpace(r.Request.URL.s) == "" {
		return nil, fmt.Errorf("%s: missing", at("request.url"))
	}
	u, err := url.Parse(strings.TrimSpace(r.Request.URL.s))
	if err != nil || u.Scheme == "" {
		return nil, fmt.Errorf("%s: %q is not an absolute URL", at("request.url"), clip(r.Request.URL.s, 60))
	}
	e.u = u
	e.canon = canonical(u)
	e.host = hostKey(u)
	if (u.Scheme == "http" || u.Scheme == "https") && e.host == "" {
		return nil, fmt.Errorf("%s: %q has no host", at("request.url"), clip(r.Request.URL.s, 60))
	}
	if r.Request.Method.bad != "" {
		return nil, bad("request.method", r.Request.Method.bad, "a string")
	}
	e.method = strings.ToUpper(strings.TrimSpace(r.Request.Method.s))
	if e.method == "" {
		e.method = "GET"
	}
	if r.Response == nil {
		return nil, fmt.Errorf("%s: missing", at("response"))
	}
	resp := r.Response
	if resp.Status.bad != "" {
		return nil, bad("response.status", resp.Status.bad, "a number")
	}
	if !resp.Status.set {
		return nil, fmt.Errorf("%s: missing", at("response.status"))
	}
	if resp.Status.v < 0 || resp.Status.v > 999 || resp.Status.v != math.Trunc(resp.Status.v) {
		return nil, fmt.Errorf("%s: %v is not an HTTP status (expected 0 or 100–999)", at("response.status"), resp.Status.v)
	}
	e.status = int(resp.Status.v)
	if r.Pageref.bad != "" {
		return nil, bad("pageref", r.Pageref.bad, "a string")
	}
	e.pageref = r.Pageref.s

	// Every other number: a wrong JSON kind is an error, a missing value
	// is "not recorded".
	nums := []struct {
		field string
		n     *optNum
	}{
		{"time", &r.Time}, {"_bytesIn", &r.BytesIn}, {"_cached", &r.Cached},
		{"response.bodySize", &resp.BodySize}, {"response._transferSize", &resp.TransferSize},
		{"response._bytesIn", &resp.BytesIn},
	}
	if resp.Content != nil {
		nums = append(nums, struct {
			field string
			n     *optNum
		}{"response.content.size", &resp.Content.Size})
	}
	if tm := r.Timings; tm != nil {
		for _, f := range []struct {
			field string
			n     *optNum
		}{{"blocked", &tm.Blocked}, {"dns", &tm.DNS}, {"connect", &tm.Connect}, {"ssl", &tm.SSL},
			{"send", &tm.Send}, {"wait", &tm.Wait}, {"receive", &tm.Receive}} {
			nums = append(nums, struct {
				field string
				n     *optNum
			}{"timings." + f.field, f.n})
		}
	}
	for _, f := range nums {
		if f.n.bad != "" {
			return nil, bad(f.field, f.n.bad, "a number")
		}
	}
	strs := []struct {
		field string
		s     *optStr
	}{{"response.httpVersion", &resp.HTTPVersion}, {"response.redirectURL", &resp.RedirectURL},
		{"_protocol", &r.Protocol}, {"_fromCache", &r.FromCache}, {"response._fromCache", &resp.FromCache}}
	for _, f := range strs {
		if f.s.bad != "" {
			return nil, bad(f.field, f.s.bad, "a string")
		}
	}

	e.timings = r.Timings
	e.dur = entryDuration(r)
	e.end = e.start.Add(e.dur)
	e.size = wireSize(r)
	e.proto = normProtocol(r.Protocol.s, resp.HTTPVersion.s)
	e.urgency = chromeUrgency(r.Priority.s)
	if r.SecurityDetails != nil {
		e.tlsProto = r.SecurityDetails.Protocol.s
	}
	if e.status >= 300 && e.status < 400 && strings.TrimSpace(resp.RedirectURL.s) != "" {
		if ru, err := u.Parse(strings.TrimSpace(resp.RedirectURL.s)); err == nil {
			e.redirect = canonical(ru)
		}
	}
	if iu := initiatorURL(r.Initiator); iu != "" {
		if pu, err := url.Parse(iu); err == nil && pu.Scheme != "" {
			e.initiator = canonical(pu)
		}
	}
	e.rawFromCache = strings.TrimSpace(r.FromCache.s + resp.FromCache.s)
	e.wptCached = r.Cached.set && r.Cached.v != 0
	e.transferZero = resp.TransferSize.set && resp.TransferSize.v == 0 &&
		resp.Content != nil && resp.Content.Size.set && resp.Content.Size.v > 0
	return e, nil
}

// wireSize applies the documented fallback chain for the bytes of an
// object: _transferSize → _bytesIn → bodySize (if ≥ 0) → content.size → 0.
func wireSize(r *rawEntry) int64 {
	resp := r.Response
	switch {
	case resp.TransferSize.set && resp.TransferSize.v >= 0:
		return roundBytes(resp.TransferSize.v)
	case r.BytesIn.set && r.BytesIn.v >= 0:
		return roundBytes(r.BytesIn.v)
	case resp.BytesIn.set && resp.BytesIn.v >= 0:
		return roundBytes(resp.BytesIn.v)
	case resp.BodySize.set && resp.BodySize.v >= 0:
		return roundBytes(resp.BodySize.v)
	case resp.Content != nil && resp.Content.Size.set && resp.Content.Size.v >= 0:
		return roundBytes(resp.Content.Size.v)
	}
	return 0
}

func roundBytes(v float64) int64 {
	if v > 1<<50 { // a petabyte object is a corrupt file, not a page
		return 1 << 50
	}
	return int64(math.Round(v))
}

// entryDuration is the entry's time, or the sum of its positive timings
// when time is absent.
func entryDuration(r *rawEntry) time.Duration {
	if r.Time.set && r.Time.v >= 0 {
		return millis(r.Time.v)
	}
	if t := r.Timings; t != nil {
		sum := 0.0
		for _, n := range []optNum{t.Blocked, t.DNS, t.Connect, t.Send, t.Wait, t.Receive} {
			if n.set && n.v > 0 {
				sum += n.v
			}
		}
		return millis(sum)
	}
	return 0
}

// millis converts HAR milliseconds to a Duration, rounded to the
// microsecond (HAR producers record at most microseconds) and capped at a
// day so that corrupt values cannot overflow.
func millis(ms float64) time.Duration {
	if math.IsNaN(ms) || ms <= 0 {
		return 0
	}
	if ms > 86400e3 {
		ms = 86400e3
	}
	return time.Duration(math.Round(ms*1e3)) * time.Microsecond
}

// parseTime parses startedDateTime. RFC 3339 with or without fractional
// seconds and with any zone offset ("Z", "+00:00", "+01:00", "-07:00");
// a few producers write the offset without a colon.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	var err error
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700"} {
		var t time.Time
		if t, err = time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, err
}

// canonical is the URL used to match initiators and redirects: fragment
// dropped, scheme and host lower case, default port dropped, empty path
// "/".
func canonical(u *url.URL) string {
	c := *u
	c.Fragment, c.RawFragment = "", ""
	c.Scheme = strings.ToLower(c.Scheme)
	c.Host = hostKeyOf(c.Scheme, c.Host)
	if c.Path == "" && c.Opaque == "" {
		c.Path, c.RawPath = "/", ""
	}
	return c.String()
}

func hostKey(u *url.URL) string { return hostKeyOf(strings.ToLower(u.Scheme), u.Host) }

func hostKeyOf(scheme, host string) string {
	h := strings.ToLower(host)
	if (scheme == "http" && strings.HasSuffix(h, ":80")) || (scheme == "https" && strings.HasSuffix(h, ":443")) {
		h = h[:strings.LastIndexByte(h, ':')]
	}
	return h
}

// chromeUrgency maps Chrome's recorded priority (_priority, DevTools'
// names for its net::RequestPriority: VeryHigh = HIGHEST, High = MEDIUM,
// Medium = LOW, Low = LOWEST, VeryLow = IDLE) to the RFC 9218 urgency
// Chrome sends for it (0 to 4); -1 when none is recorded.
func chromeUrgency(p string) int {
	switch strings.ToLower(strings.TrimSpace(p)) {
	case "veryhigh", "highest":
		return 0
	case "high":
		return 1
	case "medium":
		return 2
	case "low":
		return 3
	case "verylow", "lowest", "idle":
		return 4
	}
	return -1
}

// normProtocol maps the producers' labels to h1/h2/h3. WebPageTest's
// _protocol wins over httpVersion, which WPT 18.09 garbles ("us:").
func normProtocol(wpt, httpVersion string) string {
	for _, s := range []string{wpt, httpVersion} {
		v := strings.ToLower(strings.TrimSpace(s))
		switch {
		case v == "":
			continue
		case v == "h3" || strings.HasPrefix(v, "h3-") || strings.HasPrefix(v, "http/3") ||
			strings.HasPrefix(v, "quic") || strings.HasPrefix(v, "http/2+quic"):
			return "h3"
		case v == "h2" || v == "h2c" || strings.HasPrefix(v, "http/2") || strings.HasPrefix(v, "spdy"):
			return "h2"
		case v == "http/1.1" || v == "http/1.0" || v == "http/0.9" || v == "1.1" || v == "1.0":
			return "h1"
		}
	}
	return "unknown"
}

func trimBOM(b []byte) []byte {
	if len(b) >= 3 && b[0] == 0xEF && b[1] == 0xBB && b[2] == 0xBF {
		return b[3:]
	}
	return b
}

func fileError(name string, data []byte, pe *posError) error {
	if pe.off < 0 {
		return fmt.Errorf("%s: %s", name, pe.msg)
	}
	l, c := lineCol(data, pe.off)
	return fmt.Errorf("%s:%d:%d: %s", name, l, c, pe.msg)
}
