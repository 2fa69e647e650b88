// Package har imports HAR (HTTP Archive) recordings of real page loads as
// pagesim pages, so that a page recorded by a browser, WebPageTest,
// sitespeed.io/Browsertime, Playwright or a proxy can be replayed as it was
// recorded (the as-recorded strategy) and then under every what-if.
//
// Parse (or Load) reads a HAR file, plain or gzip-compressed, into a
// Recording: a model.Page (the objects, who triggered whom, how much of
// its parent each waited for, the browser's own time before each request,
// each response's server time), per-host estimates (model.Host, with the
// protocol and the connections the recording used), the network it ran on
// (recorded or estimated) and what the file says about itself (producer,
// onLoad, counts, why entries were skipped). WriteScenario prints a
// Recording as a complete scenario YAML; it is what `pagesim import-har
// FILE.har > page.yaml` writes.
//
// The importer reads pageTimings.onLoad only to report it
// (Recording.OnLoad): no estimate depends on it, so that a replay's load
// time, compared with the recorded onLoad, is a test of the model and not
// an echo of the recording.
//
// # What is imported
//
// One page: the first in log.pages (entries whose pageref names another
// page are skipped; with no pages every entry belongs to the page).
// Entries are sorted by startedDateTime, parsed as RFC 3339 with its zone
// offset (producers write "Z", "+00:00", "+01:00", "-07:00", with or
// without fractional seconds); a time without a zone (Playwright 1.7
// writes half its entries so) is read as UTC, with a warning. WebPageTest
// writes startedDateTime as the moment the request was sent although the
// entry's DNS and connect phases began earlier; its _all_start and
// _all_end (milliseconds from the page's start) are used instead. The first entry is the document,
// Objects[0], whatever it is: when the navigation was redirected, the first
// redirect is the document and the chain follows as objects, each after
// the one that redirected to it.
//
// Real recordings carry entries the simulator cannot use. None of them
// makes the import fail; each is skipped, counted in
// Recording.SkipReasons under its reason, and listed in the scenario's
// header:
//   - a non-http(s) URL (data:, blob:), or one with no host or a port
//     outside 1–65535;
//   - a method that is not an HTTP method;
//   - status 0 (no response), a negative status (an aborted request:
//     WebPageTest writes -2), or one above 999 or not a whole number — the
//     document excepted, which is kept whatever its status;
//   - a pageref that names another page of log.pages, or no page at all.
//
// What looks wrong without stopping the import is warned about in
// Recording.Warnings (and in the header), one line per kind with a count
// and the first instance: negative timings other than -1 (read as not
// recorded), a startedDateTime before 1991 or after 2100, entries spread
// over more than an hour (a wrong date decides which entry is the
// document), objects of more than 1 GiB on the wire, and the skips for a
// URL, a method or a pageref. Whatever the importer accepts,
// WriteScenario writes a scenario the loader accepts (FuzzImportedScenario
// checks it).
//
// For each entry the object gets the URL's host (lower case, default port
// dropped, as the scenario loader reads URLs) and path with query
// (fragment dropped), the method, and a size:
// the bytes on the wire as the producer recorded them, by the first of
//
//  1. response._transferSize (chrome-har, DevTools: wire bytes, headers
//     included),
//  2. _bytesIn (WebPageTest: wire bytes, headers included),
//  3. response.bodySize when it is 0 or more (WebPageTest and Browsertime
//     put the compressed body here; -1 means unknown),
//  4. response.content.size (the decoded body; the HAR spec's meaning),
//  5. the response's Content-Length header (Playwright 1.7 writes -1 in
//     every size field),
//  6. 0.
//
// Negative values in any of them mean "not recorded" and fall through; a
// number written as a string ("1234") is accepted. Because the chain
// prefers wire bytes, a size may include the response's headers, which the
// simulator's server adds again (server.header_size); the difference is a
// few hundred bytes per object. The status and protocol are kept in
// Recording.Meta: the protocol is normalised to h1, h2 or h3 (WebPageTest's
// _protocol is preferred, because WPT 18.09 garbles httpVersion to "us:";
// chrome-har's "spdy" is h2; "unknown" when nothing usable was recorded).
// Per host it becomes hosts.NAME.protocol (below), which the as-recorded
// strategy replays. Chrome's recorded _priority becomes the object's RFC
// 9218 urgency as Chrome sends it (VeryHigh 0, High 1, Medium 2, Low 3,
// VeryLow 4 — DevTools' names for net::RequestPriority HIGHEST … IDLE);
// without one an object gets 3, the document 0 (DefaultUrgency).
//
// # Dependencies
//
// Each object's parent (model.Object.Parent, the `after:` of the YAML) is,
// by the first rule that applies:
//
//  1. redirect: the earlier entry whose 3xx response's redirectURL
//     (resolved against its URL) is this entry's URL;
//  2. initiator: the latest earlier entry whose URL is the recorded
//     _initiator: a string (chrome-har, WebPageTest), an object's "url", or
//     the first call frame with a URL in its "stack" (DevTools, searching
//     parent stacks for async calls);
//  3. finished-before: the entry with the latest end among those that had
//     finished (start + time) when this one started;
//  4. the document.
//
// Every parent precedes its child in Objects. Recording.Meta[i].Dep says
// which rule applied.
//
// # Client time
//
// An object could first have been requested when its parent had arrived
// — all of it, or, for a request made while the parent was still
// arriving (HTML's preload scanner), the part that had arrived. The
// recording says when the browser actually asked; the difference is the
// browser's own time (parsing, script, layout, timers, its scheduling),
// kept as the object's delay, and the part of the parent as its
// after_fraction (clienttime.go):
//
//   - a request started after its parent's last byte waits for all of it
//     and then the gap (delay);
//   - one started during the parent's receive phase waits for the same
//     fraction of the parent's body, as if it arrived evenly, and no more;
//   - one started before the parent's first body byte (a Link preload, or
//     a parent the rules above got wrong) waits for its first byte only.
//
// Recording.ClientTime is the sum of the delays. Where WebPageTest
// recorded how busy the main thread was (_fullyLoadedCPUpct), the share
// becomes client.cpu_share (Recording.CPUShare): client.cpu_scale then
// scales only that part of each delay; _docCPUms and _fullyLoadedCPUms are
// shown in the header. Chrome's _queued time (a request held back by its
// scheduler of delayable requests on HTTP/1.1) is not separated: it is part
// of the recorded start, and so of the delay.
//
// # Cached entries
//
// An entry counts as served from the cache, and is skipped unless
// Options.KeepCached, when:
//   - its status is 304 (a revalidation; Firefox records the cached body's
//     size in bodySize even then);
//   - it has _fromCache (DevTools) or WebPageTest's _cached ≠ 0;
//   - its response was answered by the page's service worker
//     (_fetchedViaServiceWorker);
//   - _transferSize is 0 while content.size > 0: content arrived but no
//     byte crossed the wire (DevTools memory-cache duplicates, chrome-har's
//     cache-served scripts);
//   - its timings object is empty, {} (Firefox cache hits);
//   - no timing phase is positive and time is 0 (Firefox cache hits with
//     all-zero timings).
//
// The last two are called cache hits only in files Firefox wrote; in any
// other they are skipped the same way as "not measured" (SkipNoTimings,
// SkipNoPositiveTimes), since a Chrome entry of -1 timings is not a cache
// hit.
//
// Skipped entries are counted in Recording.SkipReasons by reason. Their
// children are re-parented to the skipped entry's nearest kept ancestor,
// so skipping never breaks a dependency chain. The document is never
// skipped (a page needs one), even when it was a 304.
//
// # Host estimates
//
// Recording.Hosts gets, for every host of the page, estimates from the
// timings of its entries that went to the network (imported entries and
// 304 revalidations). In HAR timings -1 means "not applicable" (a reused
// connection) and Browsertime 1.0 writes 0 for "unknown"; neither is a
// sample.
//   - RTT: the median TCP connect time of the host, where the TCP part is
//     connect − ssl for producers that include ssl in connect (HAR 1.2:
//     chrome-har, DevTools, WebPageTest) and connect itself for Firefox,
//     which reports ssl separately. For h3 (QUIC sets up transport and
//     TLS together; Chrome reports ssl ≈ connect) the whole connect is the
//     sample; when ssl is 90 % of connect or more otherwise (gQUIC entries
//     Chrome labels "spdy", or a handshake far longer than its round
//     trips) there is none. Recording.BaseRTT is the smallest host RTT,
//     the nearest server; each host's ExtraRTT is its RTT − BaseRTT,
//     floored at 0, and 0 for hosts without a connect sample.
//   - DNS: the median of the host's dns times of 1 ms or more (shorter
//     ones are answers from the browser's resolver cache).
//   - TLS: none for http. For https the model's tls is a cost in round
//     trips before the request, so it is judged from the recorded
//     handshake: "1.3" for h3; else a median ssl / TCP-connect ratio of
//     1.5 or more means two round trips ("1.2"), less means one ("1.3");
//     a TLS 1.2 handshake with False Start (RFC 7918) costs one round trip
//     and so comes out as "1.3". Without a recorded handshake, the version
//     in _securityDetails (WebPageTest) decides; with neither, "1.2". What
//     the recorded handshakes took beyond those round trips (median of
//     ssl − k × host RTT) is the server's own handshake time, tls_time.
//   - Think: the server's time, wait − host RTT (wait, the time to first
//     byte, includes one round trip), floored at 0, from the host's
//     requests that were alone on their connection when sent: on an
//     HTTP/2 or HTTP/3 connection a request multiplexed behind others
//     waits for their responses too, which is not server time (the first
//     request on every connection is alone; connections.go). Each such
//     request keeps its own as page.objects[].think; the host's think, the
//     median of them, serves the others. nil when no entry recorded a
//     positive wait.
//   - Protocol and Conns: the protocol most of the host's requests used
//     (h1 → "1.1", h2 → "2", h3 → "3"), "1.0" for an HTTP/1.x host where
//     every request (two or more) set up a connection of its own, and the
//     most connections open to it at once — by the recorded connection
//     ids (chrome-har and DevTools `connection`, WebPageTest `_socket`;
//     Firefox and Firebug write the port there, not an id), else one for
//     an HTTP/2 or HTTP/3 host and the most requests in flight for an
//     HTTP/1.x one.
//   - HTTP/2: a host whose entries on the network were all HTTP/1.x (none
//     h2 or h3) gets NoH2 (h2: false), so an HTTP/2 strategy replays it
//     over HTTP/1.1, as the browser did.
//
// The estimates are written into the scenario's hosts: so that users see
// and can change them.
//
// # Network
//
// Recording.Network is the network the recording ran on, written as the
// scenario's network: with the base RTT as network.rtt, and the header
// says where it came from (network.go):
//
//  1. rates the producer recorded: WebPageTest's _bwDown and _bwUp (kbps),
//     with _plr as the loss and _latency as the round trip when no connect
//     time was recorded;
//  2. a connectivity profile it names (WebPageTest's _connectivity,
//     sitespeed.io's and Browsertime's _meta.connectivity: cable, 3g, …),
//     as the loader's preset with those rates; "native" means unthrottled,
//     which names no rate;
//  3. an estimate: for each of the five largest responses with a receive
//     phase, the bytes every response received during its receive phase
//     (each spread evenly over its own) over that time — the aggregate
//     rate the link carried while the largest transfers ran; the highest.
//     It is a lower bound of the link's rate. The uplink, which requests
//     barely use, is a quarter of it (WebPageTest's FIOS and DSL ratio);
//  4. with nothing to estimate from (no receive phase anywhere), cable.
//
// # Errors
//
// Load reads only a regular file of at most MaxFileSize (512 MiB); a
// directory, a device or a FIFO, or a larger file, is refused before it is
// read, with the limit in the message. Bad input never panics. Errors name the file, the line and column where
// possible, and the field: "page.har:3:1: log.entries[2].request.url:
// missing", "page.har:1:121: truncated: ...", "page.har:1:1: not a HAR
// file: ...". Errors are for a file that is not a HAR: required per entry
// are startedDateTime (an RFC 3339 date), request.url (absolute) and
// response.status (a number); a field of the wrong JSON type is an error
// too. A file whose every entry is skipped is an error that says why.
// time, timings and request.method are optional (time falls back to the
// sum of the positive timings, the method to GET).
//
// # Deliberately ignored
//
// Headers other than Content-Length (for a size nothing else records),
// cookies, request and response bodies (content.text is never decoded),
// priorities, _chunks, chrome-har's _queued (part of the recorded start,
// see Client time), paint timings, pageTimings other than onContentLoad
// and onLoad (which are only reported, and drawn on the waterfalls as
// page.recorded), server IP addresses, and request sizes (the client's
// request_size applies).
package har
