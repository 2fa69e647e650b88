package har

import (
	"errors"
	"fmt"
	"math"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"

	"pagesim/model"
	"pagesim/scenarios/internal/readfile"
	"pagesim/scenarios/internal/reqline"
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
	// recorded (Browsertime 1.0) or negative. OnContentLoad is its
	// pageTimings.onContentLoad (DOMContentLoaded), likewise. The
	// simulation does not model either (it has no parser or script); they
	// are kept to be drawn next to the simulated load.
	OnLoad, OnContentLoad time.Duration
	// Span is the time from the first object's start to the last object's
	// end, as recorded.
	Span time.Duration
	// Bytes is the sum of the objects' sizes.
	Bytes int64
	// Protocols counts the objects by normalised protocol: "h1", "h2",
	// "h3", or "unknown" when the producer did not say (DevTools writes
	// "unknown", Firefox "" on cache hits).
	Protocols map[string]int
	// Warnings are what looked wrong in the recording without stopping
	// the import, one sentence each, grouped by kind with a count and the
	// first instance: negative timings other than -1, dates far from the
	// rest, implausible sizes, pagerefs that name no page. WriteScenario
	// writes them into the scenario's header.
	Warnings []string
	// Network is what the recording says of its network, or what could be
	// estimated (network.go).
	Network Network
	// CPUShare is the main thread's busy share of the load where the
	// producer recorded it (WebPageTest's _fullyLoadedCPUpct / 100); 0
	// when not recorded. DocCPU and FullCPU are WebPageTest's _docCPUms
	// and _fullyLoadedCPUms (0: not recorded), for the header.
	CPUShare        float64
	DocCPU, FullCPU time.Duration
	// ClientTime is the sum of the objects' delays: the browser's own
	// time before their requests (clienttime.go).
	ClientTime time.Duration
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
	// Duration the entry's total time. The phases began, from Objects[0]'s
	// start: DNS (after any wait for a connection), Connect (TCP), TLS,
	// Sent (the request went out), FirstByte (its response began); a phase
	// that did not happen takes no time.
	Start, Duration   time.Duration
	DNS, Connect, TLS time.Duration
	Sent, FirstByte   time.Duration
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
	// SkipServiceWorker is a response the page's service worker gave
	// (response._fetchedViaServiceWorker): not the network's.
	SkipServiceWorker = "cached: answered by a service worker"
	SkipEmptyTimings  = "cached: empty timings (Firefox cache hit)"
	SkipZeroTimings   = "cached: all-zero timings (Firefox cache hit)"
	// The same two in a file Firefox did not write: nothing was measured,
	// which is not evidence of a cache hit; they are skipped like cached
	// entries (and kept with KeepCached) under their own names.
	SkipNoTimings       = "not measured: empty timings"
	SkipNoPositiveTimes = "not measured: no positive timing and time 0"
	SkipNotHTTP         = "not an http(s) URL"
	SkipBadHost         = "URL with no host or an invalid port"
	SkipBadMethod       = "not an HTTP method"
	SkipNoResponse      = "no response (status 0)"
	SkipAborted         = "aborted (negative status; WebPageTest writes -2 for a cancelled request)"
	SkipBadStatus       = "not an HTTP status (above 999 or not a whole number)"
	SkipOtherPage       = "belongs to another page"
	SkipUnknownPage     = "pageref names no page of log.pages"
)

// Plausibility bounds behind Recording.Warnings.
const (
	// maxPlausibleSize: an object larger than this on the wire is warned
	// about (it is imported as recorded, up to 2^50 B).
	maxPlausibleSize = 1 << 30
	// maxPlausibleSpan: entries spread over more than this are warned
	// about (a wrong startedDateTime decides which entry is the document).
	maxPlausibleSpan = time.Hour
)

// minDNSSampleMilli: shorter dns times are resolver-cache answers.
const minDNSSampleMilli = 1.0

// MaxFileSize is the largest HAR file Load reads: 512 MiB. Recordings
// with every response body embedded reach tens of megabytes; a larger file
// is refused before it is read, as is anything but a regular file (a
// directory, a device such as /dev/zero, a FIFO).
const MaxFileSize = 512 << 20

// Load reads and parses a HAR file (at most MaxFileSize bytes, a regular
// file).
func Load(path string, opt Options) (*Recording, error) {
	data, err := readfile.Read(path, MaxFileSize, "HAR file")
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
	badStatus string // skip reason of a status out of range
	badHost   string // why the URL's host cannot be used ("" = fine)
	badMethod string // the method, when it is not one (for a warning)
	cached    string // cache reason (also when kept)
	obj       int    // index in Page.Objects; -1 when skipped
	parent    int    // index into the page's entry list; -1 for the document
	dep       string

	rawFromCache string // _fromCache ("memory", "disk")
	wptCached    bool   // WebPageTest _cached != 0
	// viaServiceWorker: response._fetchedViaServiceWorker is true.
	viaServiceWorker bool
	transferZero     bool // _transferSize 0 while content.size > 0

	// When the request went out and its response began (phases.go),
	// connID the connection it went on ("" when not recorded), and
	// WebPageTest's own start and end (ms from the page's start; set
	// when recorded).
	dnsAt, connAt, tlsAt time.Time
	sent, firstByte      time.Time
	connID               string
	connection           string // the entry's `connection` field, an id only for some producers
	allStart, allEnd     optNum
	// delay and fraction: the browser's own time before the request and
	// how much of the parent had arrived when it could first have been
	// made (clienttime.go).
	delay    time.Duration
	fraction float64
}

// Parse interprets data (the bytes of a HAR file called name, or of a
// gzip-compressed one) as a recording. Errors name the file, the line and column, and the field:
// "page.har:12:5: log.entries[3].request.url: missing".
func Parse(name string, data []byte, opt Options) (*Recording, error) {
	if isGzip(data) {
		var err error
		if data, err = gunzip(data); err != nil {
			return nil, fmt.Errorf("%s: %v", name, err)
		}
	}
	data = trimBOM(data)
	d, perr := decode(data)
	if perr != nil {
		return nil, fileError(name, data, perr)
	}
	rec := &Recording{
		File:          name,
		Version:       d.log.Version.s,
		Creator:       d.log.Creator.String(),
		Browser:       d.log.Browser.String(),
		Entries:       len(d.entries),
		SkipReasons:   map[string]int{},
		Protocols:     map[string]int{},
		Hosts:         map[string]model.Host{},
		OnLoad:        -1,
		OnContentLoad: -1,
	}
	if len(d.log.Pages) > 0 {
		p := d.log.Pages[0]
		rec.PageID = p.ID.s
		rec.Title = strings.TrimSpace(p.Title.s)
		if p.PageTimings != nil && p.PageTimings.OnLoad.set && p.PageTimings.OnLoad.v >= 0 {
			rec.OnLoad = millis(p.PageTimings.OnLoad.v)
		}
		if p.PageTimings != nil && p.PageTimings.OnContentLoad.set && p.PageTimings.OnContentLoad.v >= 0 {
			rec.OnContentLoad = millis(p.PageTimings.OnContentLoad.v)
		}
	}
	firefox := strings.Contains(strings.ToLower(rec.Creator), "firefox")
	pages := map[string]bool{}
	var pageIDs []string
	for _, p := range d.log.Pages {
		pages[p.ID.s] = true
		pageIDs = append(pageIDs, strconv.Quote(p.ID.s))
	}
	var warn warnings

	var list []*entry
	for i := range d.entries {
		e, err := convert(i, &d.entries[i], &warn)
		if err != nil {
			return nil, fileError(name, data, &posError{d.offsets[i], err.Error()})
		}
		switch {
		case e.u.Scheme != "http" && e.u.Scheme != "https":
			e.skip = SkipNotHTTP
		case e.badHost != "":
			e.skip = SkipBadHost
			warn.add("an entry skipped for its URL's host", fmt.Sprintf("log.entries[%d].request.url: %s", i, e.badHost))
		case e.badMethod != "":
			e.skip = SkipBadMethod
			warn.add("an entry skipped for a request.method that is not an HTTP method", e.badMethod)
		case rec.PageID != "" && e.pageref != "" && !pages[e.pageref]:
			e.skip = SkipUnknownPage
			warn.add("an entry skipped because its pageref names no page of log.pages ("+strings.Join(pageIDs, ", ")+")",
				fmt.Sprintf("log.entries[%d].pageref %q", i, e.pageref))
		case rec.PageID != "" && e.pageref != "" && e.pageref != rec.PageID:
			e.skip = SkipOtherPage
		}
		if e.skip != "" {
			rec.skip(e.skip)
			continue
		}
		list = append(list, &e.entry)
	}
	if len(list) == 0 {
		msg := fmt.Sprintf("%s: no http(s) entries to import (%d entries in the file", name, len(d.entries))
		var why []string
		for _, r := range sortedKeys(rec.SkipReasons) {
			why = append(why, fmt.Sprintf("%d × %s", rec.SkipReasons[r], r))
		}
		if len(why) > 0 {
			msg += "; skipped: " + strings.Join(why, ", ")
		}
		return nil, errors.New(msg + ")")
	}
	var pageStart time.Time
	if len(d.log.Pages) > 0 {
		pageStart, _, _ = parseTime(d.log.Pages[0].StartedDateTime.s)
	}
	// Firefox and Firebug write the server's port in `connection`, not an
	// id; WebPageTest's _socket is one whatever the browser.
	portsNotIDs := firefox || strings.Contains(strings.ToLower(rec.Creator), "firebug")
	for _, e := range list {
		e.useWPTTimes(pageStart)
		e.setPhases(firefox)
		if e.connID == "" && !portsNotIDs {
			e.connID = e.connection
		}
	}
	sort.SliceStable(list, func(a, b int) bool { return list[a].start.Before(list[b].start) })

	for i, e := range list {
		e.cached = cacheReason(e, firefox)
		switch {
		case i == 0:
			// The navigation's first entry is the document whatever its
			// status: a page needs one.
		case e.cached != "" && !opt.KeepCached:
			e.skip = e.cached
		case e.badStatus != "":
			e.skip = e.badStatus
		case e.status == 0:
			e.skip = SkipNoResponse
		}
	}
	checkPlausible(list, &warn)
	dependencies(list)
	buildObjects(rec, list)
	estimateHosts(rec, list, firefox)
	var page *rawPage
	if len(d.log.Pages) > 0 {
		page = &d.log.Pages[0]
		if v := page.FullCPUpct; v.set && v.v > 0 && v.v <= 100 {
			rec.CPUShare = v.v / 100
		}
		rec.DocCPU, rec.FullCPU = millis(page.DocCPUms.v), millis(page.FullCPUms.v)
	}
	network(rec, page, list)
	rec.ClientTime = clientTimeTotal(list)
	rec.Warnings = warn.list()
	return rec, nil
}

// checkPlausible warns about dates and sizes no real page load has.
func checkPlausible(list []*entry, warn *warnings) {
	first, last := list[0].start, list[0].end
	for _, e := range list {
		if y := e.start.Year(); y < 1991 || y > 2100 {
			warn.add("an implausible startedDateTime", fmt.Sprintf("log.entries[%d]: %s", e.idx, e.start.Format(time.RFC3339)))
		}
		if e.end.After(last) {
			last = e.end
		}
		if e.size > maxPlausibleSize {
			warn.add("an object of more than 1 GiB on the wire, imported as recorded",
				fmt.Sprintf("log.entries[%d]: %d B", e.idx, e.size))
		}
	}
	if span := last.Sub(first); span > maxPlausibleSpan {
		warn.add(fmt.Sprintf("the entries span %s, from %s to %s: a startedDateTime is probably wrong (the earliest entry is taken as the document)",
			span.Round(time.Second), first.Format(time.RFC3339), last.Format(time.RFC3339)), "")
	}
}

// warnings collects Recording.Warnings: one line per kind, with how many
// times it occurred and its first instance.
type warnings struct {
	kinds []string
	n     map[string]int
	first map[string]string
}

func (w *warnings) add(kind, instance string) {
	if w.n == nil {
		w.n, w.first = map[string]int{}, map[string]string{}
	}
	if w.n[kind] == 0 {
		w.kinds = append(w.kinds, kind)
		w.first[kind] = instance
	}
	w.n[kind]++
}

func (w *warnings) list() []string {
	var out []string
	for _, k := range w.kinds {
		s := k
		if w.first[k] != "" {
			s = fmt.Sprintf("%s (%d×; first: %s)", k, w.n[k], w.first[k])
		}
		out = append(out, s)
	}
	return out
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

// convert validates raw entry i and converts it. Values the simulator
// cannot use (a status out of range, a URL's invalid port) are not errors:
// the entry is marked for skipping with the reason (badStatus, badHost).
func convert(i int, r *rawEntry, warn *warnings) (*pentry, error) {
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
	t, naive, err := parseTime(r.StartedDateTime.s)
	if err != nil {
		return nil, fmt.Errorf("%s: %q is not an ISO 8601 date-time (expected e.g. 2018-04-20T11:16:53.435Z or with an offset +01:00)",
			at("startedDateTime"), clip(r.StartedDateTime.s, 40))
	}
	if naive {
		warn.add("a startedDateTime without a zone offset, read as UTC", fmt.Sprintf("%s %q", at("startedDateTime"), clip(r.StartedDateTime.s, 40)))
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
	var herr error
	e.host, herr = reqline.HostKey(u.Scheme, u.Host)
	if herr != nil || u.Host == "" {
		e.badHost = fmt.Sprintf("%q has no host", clip(r.Request.URL.s, 60))
		if u.Host != "" {
			e.badHost = fmt.Sprintf("%q: %v", clip(r.Request.URL.s, 60), herr)
		}
	}
	if r.Request.Method.bad != "" {
		return nil, bad("request.method", r.Request.Method.bad, "a string")
	}
	e.method = strings.ToUpper(strings.TrimSpace(r.Request.Method.s))
	if e.method == "" {
		e.method = "GET"
	}
	if !reqline.IsMethod(e.method) {
		e.badMethod = fmt.Sprintf("%s %q", at("request.method"), clip(e.method, 20))
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
	switch st := resp.Status.v; {
	case st < 0:
		e.badStatus = SkipAborted
	case st > 999 || st != math.Trunc(st):
		e.badStatus = SkipBadStatus
	}
	if math.Abs(resp.Status.v) < 1e6 {
		e.status = int(resp.Status.v)
	} else {
		e.status = -1
	}
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
		if f.n.set && f.n.v < 0 && f.n.v != -1 && (f.field == "time" || strings.HasPrefix(f.field, "timings.")) {
			// HAR 1.2 allows -1 ("does not apply") and no other negative
			// time; such a value is read as not recorded.
			warn.add("a negative timing other than -1 (\"does not apply\"), read as not recorded",
				fmt.Sprintf("%s = %v", at(f.field), f.n.v))
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
	e.connID, e.connection = r.Socket.s, r.Connection.s
	e.allStart, e.allEnd = r.AllStart, r.AllEnd
	e.rawFromCache = strings.TrimSpace(r.FromCache.s + resp.FromCache.s)
	e.wptCached = r.Cached.set && r.Cached.v != 0
	e.viaServiceWorker = resp.ViaServiceWorker.v
	e.transferZero = resp.TransferSize.set && resp.TransferSize.v == 0 &&
		resp.Content != nil && resp.Content.Size.set && resp.Content.Size.v > 0
	return e, nil
}

// wireSize applies the documented fallback chain for the bytes of an
// object: _transferSize → _bytesIn → bodySize (if ≥ 0) → content.size →
// the Content-Length header → 0.
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
	if n := contentLength(resp.Headers); n >= 0 {
		return roundBytes(float64(n))
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
// a few producers write the offset without a colon. A time without any
// zone (Playwright 1.7 writes half its entries so) is read as UTC, and
// naive says so.
func parseTime(s string) (t time.Time, naive bool, err error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05.999999999Z0700"} {
		if t, err = time.Parse(layout, s); err == nil {
			return t, false, nil
		}
	}
	if t, e2 := time.Parse("2006-01-02T15:04:05.999999999", s); e2 == nil {
		return t, true, nil
	}
	return time.Time{}, false, err
}

// canonical is the URL used to match initiators and redirects: fragment
// dropped, scheme and host lower case, default port dropped, empty path
// "/".
func canonical(u *url.URL) string {
	c := *u
	c.Fragment, c.RawFragment = "", ""
	c.Scheme = strings.ToLower(c.Scheme)
	c.Host, _ = reqline.HostKey(c.Scheme, c.Host) // as the scenario loader reads it
	if c.Path == "" && c.Opaque == "" {
		c.Path, c.RawPath = "/", ""
	}
	return c.String()
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
		case v == "h3" || v == "3" || v == "3.0" || strings.HasPrefix(v, "h3-") || strings.HasPrefix(v, "http/3") ||
			strings.HasPrefix(v, "quic") || strings.HasPrefix(v, "http/2+quic"):
			return "h3"
		case v == "h2" || v == "h2c" || v == "2" || v == "2.0" || strings.HasPrefix(v, "http/2") || strings.HasPrefix(v, "spdy"):
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
