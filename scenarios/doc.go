// Package scenarios reads pagesim's scenario files: YAML documents that
// describe a page, a network, the protocol settings and the connection
// strategies to compare, and turn them into model.Config values, one per
// simulation.
//
// # Loading and validation
//
// Load reads a file; Parse takes bytes. Load reads only regular files of
// at most MaxFileSize (64 MiB) and refuses anything else (a directory, a
// device such as /dev/zero, a FIFO) before reading it; a page.har is read
// under har.MaxFileSize (512 MiB) the same way. The YAML is decoded strictly from
// its node tree, so every problem is reported with its position, and all
// problems of a file are reported together (an ErrorList, sorted by
// position), each in the form
//
//	FILE:LINE:COL: path.to.field: what is wrong (what is expected)
//
// Unknown keys (with the closest known key: "did you mean rtt?"),
// repeated keys, values of the wrong type, numbers without their unit,
// values out of range, unknown presets, after: references to ids that do
// not exist, dependency cycles, duplicate ids and strategy names, and
// sweeps over fields that do not exist are all errors; a file holding more
// than one YAML document is too. Every point of the sweep is then checked,
// under each strategy, by the model's own validation
// (model.Config.Validate), and what it refuses is reported at the field
// it names — or, when that field took its default, at the other field of
// the rule (network.mss for tcp.rwnd) or the nearest section written — so
// that whatever passes validation can run. Nothing in a scenario file can make the
// loader panic (FuzzParse checks it). Problems that do not stop the
// scenario (what looked wrong in a page.har recording) are listed, in the
// same form, in Scenario.Warnings.
//
// Scenario.Jobs expands a parsed scenario into simulations and RunJobs runs
// them on several goroutines with bit-identical results for any number of
// workers. A large study needs neither all its jobs nor all its results at
// once: Scenario.Job(i) makes job i alone (NumJobs counts them, JobIndex
// finds one by point, strategy and run), and Stream runs jobs on workers
// that each reuse a model.Simulator, handing the results over in job order
// with at most a window of them in memory. The scenario's page is decoded
// once and shared, read-only, by every sweep point that leaves page: alone
// and so by every job. Default returns the built-in default scenario;
// Examples and Example give the other embedded examples (examples/*.yaml).
//
// # Units
//
// Quantities carry their unit, parsed by model.ParseDuration,
// model.ParseBytes and model.ParseBitRate. A bare number where a unit is
// needed is an error that says which unit to add.
//
//   - durations: us (or µs), ms, s (also ns, m, h): 100ms, 1.5s
//   - sizes: B; KB = 1000 B, MB, GB (SI); KiB = 1024 B, MiB, GiB: 42KB, 4MiB
//   - rates: bps, kbps, Mbps, Gbps (SI, bits per second): 56kbps, 1.5Mbps
//   - percentages: a number with %: 0.5%, 50% (a bare 0 is accepted)
//   - booleans: true or false
//
// Durations whose zero means "disabled" (tcp.delayed_ack, client.timeout,
// client.idle_timeout, server.keepalive.timeout, proxy.timeout, hosts.H.dns,
// quic.max_ack_delay, quic.idle_timeout, quic.handshake_timeout) also accept
// off, and so does the size h3.qpack_table.
//
// # Scenario reference
//
// Every key is optional except page. The defaults are model's documented
// defaults (model.DefaultNetwork, DefaultTCP, DefaultQUIC, DefaultH3,
// DefaultClient, DefaultServer, DefaultHost).
//
// Top level:
//
//	name        text. Shown in results. Default: the file name without .yaml.
//	seed        whole number ≥ 0. Selects every random stream (loss, think
//	            times, page.generate). Default 1.
//	runs        whole number 1–100000000. Monte Carlo replications; each run
//	            r (0..runs-1) draws from independent streams
//	            (model.Config.Run). Default 1. Sweep points × strategies ×
//	            runs is at most MaxSimulations (100000000); a scenario over
//	            it is an error at
//	            runs (or sweep, or strategies), found without expanding it.
//
// network — the client's access link, the bottleneck all connections share:
//
//	preset      a network preset name (below). Fills down, up and rtt; keys
//	            written explicitly override it. Default none.
//	rtt         duration. Round-trip propagation delay client ↔ servers
//	            (each direction gets rtt/2). Default 50ms; 0 allowed.
//	down        rate, > 0. Server → client. Default 10Mbps.
//	up          rate, > 0. Client → server. Default 10Mbps.
//	queue       whole number ≥ 1. Drop-tail buffer per direction, in packets.
//	            Default 100.
//	loss        percentage 0%–100%. I.i.d. packet loss per direction. Default 0%.
//	mss         size > 0. TCP payload bytes per packet. Default 1460B.
//	header      size ≥ 0. Per-packet overhead (IP + TCP headers). Default 40B;
//	            0B for textbook cases.
//	ties        departure-first | ns3. A packet that reaches a full queue as
//	            the one ahead of it finishes: room for it, or ns-3.37's
//	            order of the two events. Default departure-first.
//
// tcp — every TCP endpoint. The defaults are those of a Linux 6.x server
// (go doc pagesim/model/tcp lists them with the kernel's names):
//
//	profile                linux | ns3 | rfc. A complete configuration to
//	                       start from; keys written next to it override it.
//	                       ns3 reproduces ns-3.37's TcpSocketBase (and sets
//	                       network.ties: ns3 unless it is written); rfc is
//	                       the plain RFC 5681 sender. Default linux.
//	initcwnd               whole number ≥ 1, segments. Initial congestion
//	                       window. Default 10 (RFC 6928); 1–4 for HTTP/1.0-era
//	                       stacks (RFC 3390).
//	rwnd                   size ≥ network.mss. Advertised receive window.
//	                       Default 4MiB.
//	cc                     reno | newreno | cubic. Default cubic.
//	hystart                linux | off. Slow-start exit on an ACK train or a
//	                       delay increase (Linux CUBIC's HyStart). Default
//	                       linux.
//	slow_start_increase    rfc5681 | abc2 | linux. Growth per ACK in slow
//	                       start. Default linux.
//	ca_increase            bytes | per-ack. Reno's congestion avoidance: one
//	                       SMSS per cwnd of acknowledged bytes (RFC 3465), or
//	                       SMSS²/cwnd per ACK (RFC 5681 eq. 3, ns-3). Default
//	                       bytes.
//	ack_counting           bytes | segments. Whole segments only, the rest
//	                       banked (ns-3). Default bytes.
//	cwnd_unit              packets | bytes. What cwnd counts: segments
//	                       whatever their size (Linux), or bytes (RFC 5681,
//	                       ns-3). Default packets.
//	cwnd_validation        boolean. No window growth while the application
//	                       limits the sender (RFC 7661). Default true.
//	recovery               reno | newreno | sack. Loss recovery; unset: sack
//	                       with SACK, else reno for cc: reno, newreno
//	                       otherwise.
//	prr                    linux | rfc6937 | ns3 | off. Proportional Rate
//	                       Reduction in SACK recovery (RFC 6937); off: RFC
//	                       6675's cwnd = ssthresh. Default linux.
//	nextseg_rules          2 | 3 | 4. How many of RFC 6675's NextSeg rules
//	                       SACK recovery uses: lost holes and new data (2),
//	                       un-SACKed data below the highest SACK (3, as
//	                       ns-3), the rescue retransmission (4). Default 2.
//	partial_ack_retransmit boolean. A partial ACK in SACK recovery
//	                       retransmits the next hole at once (ns-3).
//	                       Default false.
//	rack                   boolean. RACK time-based loss detection (RFC 8985
//	                       §6) instead of RFC 6675's IsLost. Default true.
//	tlp                    boolean. Tail loss probe (RFC 8985 §7). Default
//	                       true.
//	limited_transmit       boolean. A new segment for each of the first two
//	                       duplicate ACKs (RFC 3042). Default true.
//	push                   autocork | immediate | timestep. When written data
//	                       goes: Linux's autocorking (writes coalesced within
//	                       an instant while data is in flight), at once, or
//	                       one nanosecond later (ns-3). Default autocork.
//	delayed_ack            duration, or off. Delayed-ACK timer (an ACK for
//	                       every second segment or when it fires). Default 40ms.
//	quickack               boolean. Acknowledge at once at connection start.
//	                       Default true.
//	ack_first_data         boolean. Acknowledge the first data segment after
//	                       the handshake at once (ns-3). Default false.
//	min_rto                duration > 0. Lower bound of the retransmission
//	                       timeout. Default 200ms.
//	rto_formula            linux | rfc6298. linux: SRTT + max(4·RTTVAR,
//	                       min_rto); rfc6298: max(SRTT + 4·RTTVAR, min_rto).
//	                       Default linux.
//	rto_reset              sample | ack. A backed-off RTO returns with a new
//	                       RTT sample (Karn), or with any new ACK (ns-3).
//	                       Default sample.
//	initial_rto            duration > 0. The SYN's timeout before any RTT
//	                       sample. Default 1s.
//	syn_options            size 0B–40B. TCP option bytes on a SYN and SYN-ACK.
//	                       Default 20B.
//	ssthresh_from_pipe     boolean. Halve the pipe instead of FlightSize on a
//	                       loss (ns-3). Default false.
//	loss_exit_above_recover
//	                       boolean. After a timeout, the ACK that ends
//	                       recovery grows cwnd only for what it acknowledges
//	                       above the recovery point (ns-3). Default false.
//	nagle                  boolean. Nagle's algorithm. Default false.
//	sack                   boolean. Selective acknowledgments (RFC 2018) and
//	                       SACK-based loss recovery (RFC 6675); false leaves
//	                       NewReno (or Reno) recovery. Default true.
//	frto                   boolean. F-RTO (RFC 5682): a timeout whose next
//	                       two ACKs acknowledge data never resent is
//	                       declared spurious and the window reduction
//	                       undone. Default true (as Linux).
//	slow_start_after_idle  boolean. Restart slow start after an idle RTO.
//	                       Default true.
//
// quic — every QUIC endpoint (model.QUIC; HTTP/3 under strategies with
// http "3", RFC 9000, 9001, 9002):
//
//	cc                 newreno | cubic. Congestion controller (RFC 9002 §7,
//	                   RFC 9438). Default: follows tcp.cc (reno and newreno
//	                   give newreno).
//	initcwnd           whole number ≥ 2, datagrams. Initial window. Default
//	                   10 (RFC 9002 §7.2).
//	max_datagram       size, 1200B–65527B. UDP payload of a datagram, QUIC
//	                   headers and AEAD tags included. Default 1350B
//	                   (quiche's and Chrome's).
//	udp_header         size ≥ 0. Per-datagram IPv4 + UDP overhead on the
//	                   link. Default 28B; 0B for textbook cases.
//	cid_len            size, 0B–20B. Destination connection ID in every
//	                   packet header. Default 8B.
//	max_ack_delay      duration ≤ 16383ms, or off. Longest delay of the ACK
//	                   of an ack-eliciting 1-RTT packet. Default 25ms.
//	ack_threshold      whole number ≥ 1. Ack-eliciting packets per immediate
//	                   ACK. Default 2.
//	pacing             boolean. Pace at 1.25 × cwnd / smoothed RTT (RFC
//	                   9002 §7.7). Default false.
//	max_data           size > 0. Connection receive window (MAX_DATA).
//	                   Default 15MiB (Chrome's).
//	max_stream_data    size > 0. Stream receive window (MAX_STREAM_DATA).
//	                   Default 6MiB (Chrome's).
//	max_streams        whole number ≥ 4. Streams of each kind the peer may
//	                   have open at once (MAX_STREAMS). Default 100.
//	idle_timeout       duration, or off. Discard a connection after this
//	                   long without a packet. Default 30s.
//	handshake_timeout  duration, or off. Give up a handshake; the host's
//	                   requests then go over TCP. Default 10s.
//	scheduler          sequential | round_robin. How a sender shares packets
//	                   among streams: in stream-ID order (RFC 9218's default
//	                   priority) or a packet each in turn. Default sequential.
//	hystart            quiche | linux | off. Slow-start exit on a delay
//	                   increase (quiche's HybridSlowStart, as Chrome's QUIC)
//	                   or as tcp.hystart's linux (an ACK train too).
//	                   Default quiche.
//
// h3 — HTTP/3 (model.H3, RFC 9114) and QPACK (RFC 9204):
//
//	qpack_table            size, or off. QPACK dynamic table capacity. Default
//	                       off (static table only).
//	qpack_blocked_streams  whole number ≥ 0. Streams that may wait for
//	                       insertions still on their way; 0: none (the
//	                       encoder references only acknowledged entries).
//	                       Default 100.
//
// client — the browser:
//
//	request_size      size > 0. A request's header block. Default 400B.
//	timeout           duration, or off. How long the client waits for a
//	                  response before abandoning the connection. Default 30s.
//	idle_timeout      duration, or off. How long it keeps an idle persistent
//	                  connection. Default 90s.
//	proxy_connection  boolean. Send "Proxy-Connection: Keep-Alive" instead of
//	                  "Connection: Keep-Alive" to a proxy. Default false.
//	read_rate         rate, or unlimited. The pace at which the application
//	                  reads its receive buffer. Default unlimited (reads at once).
//	cpu_scale         number > 0, ≤ 1000. Multiplies the CPU share of every
//	                  object's delay (the browser's own time before the
//	                  request), like Lantern's CPU slowdown: 2 is a CPU half
//	                  as fast. Default 1.
//	cpu_share         percentage > 0%, ≤ 100%. The part of each delay that
//	                  is CPU work and scales with cpu_scale; the rest (timers,
//	                  waits) does not. A HAR import writes it when the
//	                  recording says how busy the main thread was. Default 100%.
//
// server — every origin server:
//
//	think                 duration or distribution (below). Time between a
//	                      request's last byte and the response's first.
//	                      Default 0ms.
//	header_size           size ≥ 0. A response's header block. Default 250B.
//	keepalive.max         whole number ≥ 0. Requests per persistent
//	                      connection (Keep-Alive: max). Default 100; 0 unlimited.
//	keepalive.timeout     duration, or off. Idle time before the server closes
//	                      (Keep-Alive: timeout). Default 15s.
//	max_conns_per_client  whole number ≥ 0. Cap on one client's connections.
//	                      Default 0 (no cap).
//	excess                refuse | close. What happens to connections over the
//	                      cap: a RST to the SYN, or accept then close. Default
//	                      refuse.
//	close                 half | full. Lingering half-close, or a full close
//	                      (late data draws a RST). Default half.
//	content_length        boolean. Responses carry Content-Length; false means
//	                      close-delimited HTTP/1.0 bodies. Default true.
//	                      HTTP/1.x only (HTTP/2 frames every body).
//	h2.max_streams        whole number ≥ 0. SETTINGS_MAX_CONCURRENT_STREAMS:
//	                      streams beyond it are refused (RST_STREAM
//	                      REFUSED_STREAM) and retried. Default 100; 0 unlimited.
//	h2.header_table       size ≥ 0. SETTINGS_HEADER_TABLE_SIZE: the dynamic
//	                      table the client's HPACK encoder may use. Default
//	                      4096B; 0B no dynamic table.
//	h2.frame_size         size 0B–16384B. The largest DATA frame payload the
//	                      server writes. Default 16384B (0B means 16384B).
//	h2.scheduler          fifo | round-robin | tree | rfc9218. How the server
//	                      chooses the next frame among ready streams: first
//	                      come; one frame each in turn; RFC 7540's dependency
//	                      tree (Chrome's exclusive chain); RFC 9218 urgency,
//	                      then incremental. Default tree.
//	h2.send_buffer        size ≥ 0. The most bytes written to TCP but not yet
//	                      sent: frames are chosen only while the backlog is
//	                      below it (a deep buffer defeats priorities; 16KiB is
//	                      a TCP_NOTSENT_LOWAT server's). Default 4MiB; 0B no
//	                      bound.
//	h2.max_requests       whole number ≥ 0. Streams served on one connection,
//	                      then GOAWAY. Default 1000; 0 unlimited.
//
// An HTTP/2 server closes an idle connection at keepalive.timeout, with
// GOAWAY; keepalive.max does not apply to it.
//
// keepalive, close and content_length are HTTP/1.x's; an HTTP/3 connection
// lasts until quic.idle_timeout, and its framing always delimits a body.
//
// A distribution is written {dist: KIND, parameters}; its values take the
// field's unit (durations for think, sizes for page.generate.size):
//
//	fixed        value                      (a bare value means this)
//	lognormal    median, sigma (default 1)  sigma is the σ of the log, ≥ 0
//	exponential  mean
//	uniform      min, max                   max ≥ min
//	pareto       scale, shape               scale x_m > 0, shape α > 0
//
// hosts — per-host additions, keyed by the host name as in the object URLs
// (lower case, with :port when the URL has one that is not the scheme's
// default; keys match case-insensitively).
// A key that names no host of the page would have no effect, so it is an
// error with the closest host of the page ("did you mean
// cdn.example.com?"), in hosts: as in a sweep path
// (hosts.cdn.exmaple.com.tls). Every host of the page gets an entry: the defaults,
// TLS 1.3 if any of its URLs is https, then what a HAR recording estimated,
// then the keys written here (written keys win):
//
//	extra_rtt   duration. Added to network.rtt for this host. Default 0.
//	dns         duration, or off. Lookup before the first connection.
//	            Default 0 (cached).
//	tls         none | "1.2" | "1.3". Handshake on each new TCP connection
//	            (1.2: two round trips, 1.3: one). Default none for http://
//	            hosts, "1.3" for https:// hosts. HTTP/3 always runs TLS 1.3
//	            inside QUIC's handshake, whatever this says.
//	cert_size   size ≥ 0. The server's certificate flight. Default 4KB.
//	think       duration or distribution. Overrides server.think for this
//	            host. Default: server.think.
//	h3          known | discover | none. What the browser knows of the host's
//	            HTTP/3 under a strategy with http "3": known, from an
//	            earlier visit (QUIC from the first request); discover, a
//	            first visit (the first connection is over TCP, its
//	            responses' Alt-Svc tells the browser, and the page keeps the
//	            connections it has); none, no HTTP/3. Default known.
//	zero_rtt    boolean. The browser resumes a session from an earlier
//	            visit: a QUIC handshake without certificate, the first
//	            requests in 0-RTT packets. HTTP/3 only. Default false.
//	h2          boolean. The server speaks HTTP/2 (selects h2 in ALPN); false
//	            sends an HTTP/2 strategy's requests to it over HTTP/1.1.
//	            Default true.
//	address     text. The server's address as DNS gives it. Hosts with the
//	            same address and the same cert share one HTTP/2 connection
//	            (RFC 9113 §9.1.1). Default: an address of its own.
//	cert        text. The certificate the server presents (hosts naming the
//	            same one are covered by it). Default: one of its own.
//	protocol    "1.1" | "1.0" | "2" | "3". The HTTP version a recording saw
//	            the host speak, "1.0" for HTTP/1.x without persistent
//	            connections (every request on a connection of its own); a
//	            HAR import writes it, and only the as-recorded strategy uses
//	            it (HTTP/2 and HTTP/3 need TLS, or h2c prior knowledge).
//	            Default: the strategy's.
//	conns       whole number 1–10000. How many connections the recording
//	            had open to the host at once; the as-recorded strategy's
//	            per-host limit for an HTTP/1.1 host. Default: the strategy's.
//	tls_time    duration. The server's own time in each TLS handshake
//	            before its first flight (signing, an OCSP fetch, a busy
//	            server). Default 0.
//
// proxy — proxies between the client and every server:
//
//	kind        none | dumb | smart. One proxy: dumb is an HTTP/1.0 blind
//	            relay that forwards Connection headers untouched; smart is an
//	            HTTP/1.1 proxy that strips hop-by-hop headers. Default none.
//	chain       list of dumb | smart, client side first, instead of kind:
//	            [smart, dumb].
//	timeout     duration, or off. How long a proxy waits on an idle relayed
//	            connection. Default off.
//
// page — exactly one of objects, generate and har:
//
//	objects     a list of objects (below); the first is the base document.
//	generate    a generated page (below).
//	har         path to a HAR recording, relative to the scenario file's
//	            directory (package scenarios/har imports it; its per-host
//	            estimates fill hosts:).
//	keep_cached boolean, only with har. Keep entries the browser served from
//	            its cache. Default false.
//	recorded    {dom_content_loaded, onload}: durations from navigation
//	            start that a recording of the page measured (import-har
//	            writes the HAR's pageTimings.onContentLoad and onLoad here;
//	            with har: they come from the file unless written). Not
//	            simulated — the model has no parser or script — but drawn
//	            on the waterfalls beside the simulated load
//	            (Scenario.Recorded). Not sweepable. Default none.
//
// An object of page.objects:
//
//	url             absolute http:// or https:// URL (required). Its host
//	                and path (with query) become model.Object.Host and Path.
//	                The host is lower-cased and the scheme's default port
//	                dropped (https://a.com:443/ is host a.com); a port must
//	                be 1–65535.
//	size            size ≥ 0 (required). Response body.
//	id              text. Default: the URL path's last element ("a.gif"),
//	                or objN (N its 0-based position) if that is empty or
//	                already taken. Ids are unique.
//	after           id of the object whose arrival triggers this request.
//	                Default: the base document. Not allowed on the document.
//	                An object may be written before its parent; it is then
//	                moved after it (stable order), so Objects[0] stays the
//	                document and every parent precedes its children.
//	after_fraction  percentage, > 0% and ≤ 100%. Request once this much of
//	                the parent has arrived (a preload scanner). Default 100%.
//	delay           duration. Client time (parse, script) between the
//	                trigger and the request; client.cpu_scale scales it.
//	                Default 0.
//	method          HTTP method. Default GET; only idempotent methods are
//	                retried automatically.
//	priority        whole number 0–7. RFC 9218 urgency, 0 the most urgent:
//	                what HTTP/2 signals to the server (the Priority header
//	                and Chrome's dependency tree). Default 3, and 0 for the
//	                document (generated and HAR pages get the same).
//	incremental     boolean. RFC 9218 incremental: the response may be
//	                interleaved with others of its urgency. Default false.
//	think           duration. The server's time for this response, between
//	                the request's last byte and the response's first (a HAR
//	                import writes the recorded one). Default: the host's think.
//
// page.generate builds a page from a seeded random stream
// (sim.NewStream(seed, 0, "page.generate"), drawn with gonum's distuv), so
// the same seed always gives the same page and every run shares it:
//
//	count       whole number 1–100000 (required). Objects, the document
//	            included.
//	size        size or distribution (required). Each object's size, rounded
//	            to whole bytes, at least 1B and at most 1GiB: a larger draw
//	            (the far tail of a heavy lognormal or pareto) counts as 1GiB.
//	hosts       a number of hosts (named host1.example, host2.example, …) or
//	            a list of distinct host names (lower-cased, optionally with
//	            a port). Default 1. The document is on the first;
//	            every other object on one drawn uniformly.
//	depth       whole number ≥ 1. Levels of dependency below the document:
//	            objects are spread over the levels in order, each depending
//	            on an object drawn from the level above. Default 1.
//
// Generated objects are named obj0 (the document, path /) to obj{count-1}
// (path /objN).
//
// strategies — a list; each entry is a preset name (serial, parallel,
// keepalive, persistent, pipelined, browser, h2, h3: model.StrategyByName;
// as-recorded: model.ReplayStrategies, each host with its recorded protocol
// and connections) or a mapping that starts from a preset and overrides
// fields:
//
//	name            the name shown in results. Default: the preset's.
//	                Required without preset. Names are unique.
//	preset          a preset name to start from.
//	http            "1.0" | "1.0+keepalive" | "1.1" | "2" | "3". Required
//	                without preset. HTTP/2 goes to hosts reached over TLS
//	                (ALPN) whose server speaks it, to http:// hosts only with
//	                h2.prior_knowledge; the others, and every host behind a
//	                proxy, get HTTP/1.1 with conns and max_conns. "3": HTTP/3
//	                over QUIC to the https hosts known to speak it, what "2"
//	                would choose for the others. A "2" or "3" strategy
//	                that reaches no host over its protocol at any sweep
//	                point gets a warning: it repeats another's results.
//	conns           whole number 1–10000. Connections per host.
//	                Default: the preset's, else 1.
//	max_conns       whole number ≥ 0. Cap over all hosts (TCP connections;
//	                QUIC's are not counted). Default 0 (none).
//	pipeline        boolean. HTTP/1.1 pipelining (needs http "1.1").
//	pipeline_depth  whole number ≥ 0. Requests outstanding per connection
//	                when pipelining. Default 0 (unlimited).
//	h2.stream_window    size 0B–2147483647B. SETTINGS_INITIAL_WINDOW_SIZE,
//	                    each stream's receive window. Default 0B: the RFC's
//	                    65535B (the h2 preset: 6MiB, Chrome's).
//	h2.conn_window      size 0B–2147483647B. The connection's receive window.
//	                    Default 0B: 65535B (h2: 15MiB).
//	h2.header_table     size 0B–2147483647B. SETTINGS_HEADER_TABLE_SIZE, the
//	                    server's HPACK table for responses. Default 0B: 4096B
//	                    (h2: 64KiB).
//	h2.prior_knowledge  boolean. Speak h2c to http:// hosts. Default false.
//
// Default: all eight presets, in the order above.
//
// faults — injected events, a list of:
//
//	kind        close_mid_body: the server closes the connection part-way
//	            through a response body (required).
//	object      the id of the object whose response is cut (required).
//	at          percentage 0%–100%: how much of the body is sent first.
//	            Default 50%.
//
// limits — the bounds of every simulation of the scenario. A load still
// running when one is reached is incomplete (model.Result.Complete false,
// with the reason): it has no load time and is never ranked.
//
//	horizon     duration, more than 0 and at most 240h (model.MaxHorizon).
//	            Simulated time after which a load is cut off
//	            (model.Config.Horizon). Default 1h (model.DefaultHorizon).
//	max_events  whole number 1 to 10^12. Engine events one simulation may
//	            process (model.Config.MaxEvents): a bound on the work of a
//	            configuration that churns. Default 100000000
//	            (model.DefaultMaxEvents).
//
// sweep — a mapping from the YAML path of a scalar field to a list of
// values: the scenario is simulated at every point of the Cartesian
// product. Paths are keys joined by dots; list elements are [i] (or .i);
// host names may contain dots: network.rtt, network.preset, tcp.initcwnd,
// proxy.kind, client.proxy_connection, server.keepalive.timeout,
// server.think.median, hosts.cdn.example.com.tls, page.objects[3].size,
// page.generate.count, strategies[1].conns. Values are written as in the
// field itself, and each point is validated exactly like a written value
// (an error points at the value inside sweep:). A swept field need not be
// written elsewhere in the file; a path through a part written in another
// shape (server.think.median when server.think is a duration) or a list
// element that does not exist is an error. name, seed, runs and sweep
// cannot be swept. Points are ordered like an odometer over the sweep keys
// in file order, the last key varying fastest; results.csv names each
// swept column by its path and holds the value as written.
//
// # Jobs
//
// Scenario.Jobs returns one Job per point × strategy × run, point-major:
// all jobs of the first point, within a point the strategies in order,
// within a strategy runs 0..runs-1. Each job's Config is complete
// (Seed = seed, Run = run); jobs of the same point share the read-only
// Page, Hosts and Faults.
//
// # Network presets
//
// Presets lists them with their source; PresetByName ignores case, spaces,
// '-' and '_'. WebPageTest's connectivity profiles keep their own names
// (cable, dsl, fios, dial, 3g, 3gfast, 3gslow, 4g, lte, edge, 2g); the
// others carry their source as a prefix: lighthouse-mobileslow4g,
// lighthouse-mobileregular3g, lighthouse-desktopdense4g, devtools-3g,
// devtools-slow4g, devtools-fast4g, firefox-gprs, firefox-regular2g,
// firefox-good2g, firefox-regular3g, firefox-good3g, firefox-regular4g,
// firefox-dsl, firefox-wifi (so dsl is WebPageTest's 1.5 Mbps profile and
// firefox-dsl Firefox's 2 Mbps one).
//
// How each source's latency becomes network.rtt:
//
//   - WebPageTest shapes traffic at the packet level (its traffic shaper
//     delays every packet), so its latency figure is already a round-trip
//     time and is used unchanged.
//   - Chrome DevTools and Firefox throttle at the request level: they add
//     their latency once to each request, not to each packet, so a
//     100-packet response pays it once. pagesim models packets, so it uses
//     their latency figure as the packet-level RTT. Every round trip
//     (handshake, slow-start rounds) then pays it, which makes these
//     presets slower in pagesim than in the browser that defined them,
//     especially for large objects; they are kept for their familiar names
//     and rates.
//   - Lighthouse's presets describe its simulated throttling, whose RTT
//     is applied per round trip of its connection model; it is used as the
//     RTT. (Lighthouse's applied "devtools" throttling multiplies that
//     figure by 3.75 for the per-request latency; pagesim does not.)
//
// # HAR recordings
//
// page.har loads a recording through package scenarios/har (har.Load with
// Options.KeepCached from page.keep_cached); each file is read once per
// parsed scenario, however many sweep points use it.
package scenarios
