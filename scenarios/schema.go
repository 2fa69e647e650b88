package scenarios

import "sort"

// schema describes the shape of a scenario file: which keys a mapping may
// hold, which positions are scalars. It is the one list of known keys: the
// decoder checks every mapping against it (and suggests the closest key
// for a misspelt one) and sweep paths are resolved through it.
type schema struct {
	keys   map[string]*schema // fixed keys of a mapping
	order  []string           // the keys, sorted, for suggestions and messages
	anyKey *schema            // a mapping with free keys (hosts: NAME → …)
	elem   *schema            // a sequence of these
	scalar bool               // a scalar is accepted here (sweepable)
	// noSweep marks a scalar that may not be swept (name, seed, runs).
	noSweep bool
}

func leaf() *schema { return &schema{scalar: true} }

type kv struct {
	k string
	s *schema
}

func obj(fields ...kv) *schema {
	s := &schema{keys: map[string]*schema{}}
	for _, f := range fields {
		s.keys[f.k] = f.s
		s.order = append(s.order, f.k)
	}
	sort.Strings(s.order)
	return s
}

func leaves(names ...string) []kv {
	out := make([]kv, len(names))
	for i, n := range names {
		out[i] = kv{n, leaf()}
	}
	return out
}

func seqOf(s *schema) *schema { return &schema{elem: s} }

// orScalar marks a mapping that may also be written as a scalar
// (server.think: 10ms or server.think: {dist: …}).
func orScalar(s *schema) *schema { s.scalar = true; return s }

var distKeys = []string{"dist", "value", "median", "sigma", "mean", "min", "max", "scale", "shape"}

func distSchema() *schema { return orScalar(obj(leaves(distKeys...)...)) }

var (
	networkKeys = []string{"preset", "rtt", "down", "up", "queue", "loss", "mss", "header", "ties"}
	tcpKeys     = []string{"initcwnd", "rwnd", "cc", "slow_start_increase", "delayed_ack", "quickack", "min_rto", "nagle", "sack", "frto", "slow_start_after_idle",
		"profile", "recovery", "ca_increase", "ack_counting", "cwnd_validation", "limited_transmit", "ack_first_data", "push", "hystart", "prr",
		"rto_reset", "initial_rto", "syn_options", "ssthresh_from_pipe", "loss_exit_above_recover", "rto_formula", "rack", "tlp", "nextseg_rules", "partial_ack_retransmit", "cwnd_unit"}
	quicKeys = []string{"cc", "initcwnd", "max_datagram", "udp_header", "cid_len", "max_ack_delay", "ack_threshold", "pacing",
		"max_data", "max_stream_data", "max_streams", "idle_timeout", "handshake_timeout", "scheduler", "hystart"}
	h3Keys       = []string{"qpack_table", "qpack_blocked_streams"}
	clientKeys   = []string{"request_size", "timeout", "idle_timeout", "proxy_connection", "read_rate", "cpu_scale", "cpu_share"}
	objectKeys   = []string{"id", "url", "size", "after", "after_fraction", "delay", "method", "priority", "incremental", "think"}
	strategyKeys = []string{"name", "preset", "http", "conns", "max_conns", "pipeline", "pipeline_depth"}
	// HTTP/2: a strategy's client settings, the servers' settings.
	strategyH2Keys = []string{"stream_window", "conn_window", "header_table", "prior_knowledge"}
	serverH2Keys   = []string{"max_streams", "header_table", "frame_size", "scheduler", "send_buffer", "max_requests"}
	faultKeys      = []string{"kind", "object", "at"}
)

var rootSchema = func() *schema {
	noSweep := func() *schema { return &schema{scalar: true, noSweep: true} }
	server := obj(append(leaves("header_size", "max_conns_per_client", "excess", "close", "content_length"),
		kv{"think", distSchema()},
		kv{"keepalive", obj(leaves("max", "timeout")...)}, kv{"h2", obj(leaves(serverH2Keys...)...)})...)
	hosts := &schema{anyKey: obj(append(leaves("extra_rtt", "dns", "tls", "cert_size", "h2", "address", "cert", "h3", "zero_rtt", "protocol", "conns", "tls_time"), kv{"think", distSchema()})...)}
	proxy := obj(kv{"kind", leaf()}, kv{"chain", seqOf(leaf())}, kv{"timeout", leaf()})
	gen := obj(kv{"count", leaf()}, kv{"size", distSchema()}, kv{"hosts", orScalar(seqOf(leaf()))}, kv{"depth", leaf()})
	page := obj(kv{"objects", seqOf(obj(leaves(objectKeys...)...))}, kv{"generate", gen},
		kv{"har", leaf()}, kv{"keep_cached", leaf()},
		kv{"recorded", obj(kv{"dom_content_loaded", noSweep()}, kv{"onload", noSweep()})})
	return obj(
		kv{"name", noSweep()}, kv{"seed", noSweep()}, kv{"runs", noSweep()},
		kv{"network", obj(leaves(networkKeys...)...)},
		kv{"tcp", obj(leaves(tcpKeys...)...)},
		kv{"quic", obj(leaves(quicKeys...)...)},
		kv{"h3", obj(leaves(h3Keys...)...)},
		kv{"client", obj(leaves(clientKeys...)...)},
		kv{"server", server},
		kv{"hosts", hosts},
		kv{"proxy", proxy},
		kv{"page", page},
		kv{"strategies", seqOf(orScalar(obj(append(leaves(strategyKeys...), kv{"h2", obj(leaves(strategyH2Keys...)...)})...)))},
		kv{"sweep", &schema{anyKey: seqOf(leaf()), noSweep: true}},
		kv{"faults", seqOf(obj(leaves(faultKeys...)...))},
		kv{"limits", obj(leaves("horizon", "max_events")...)},
	)
}()
