package httpcore

import (
	"fmt"
	"math"
	"sort"

	"pagesim/model/internal/field"
)

// Each Validate returns a *field.Error naming the field at fault by its
// YAML path, the first one found in a fixed order (so that the same
// configuration always gives the same error).

// Validate checks a strategy; its fields are named "strategy.FIELD" with
// the strategy's name in the error.
func (st Strategy) Validate() error {
	bad := func(f, format string, args ...any) error {
		return &field.Error{Field: "strategy." + f, Strategy: st.Name, Msg: fmt.Sprintf(format, args...)}
	}
	switch st.HTTP {
	case HTTP10, HTTP10KeepAlive, HTTP11, HTTP2, HTTP3:
	default:
		return bad("http", "unknown version %q (expected 1.0, 1.0+keepalive, 1.1, 2 or 3)", st.HTTP)
	}
	if st.Conns < 1 {
		return bad("conns", "must be at least 1, got %d", st.Conns)
	}
	if err := firstNegative("strategy.", namedValue{"max_conns", int64(st.MaxConns)}, namedValue{"pipeline_depth", int64(st.PipelineDepth)}); err != nil {
		err.(*field.Error).Strategy = st.Name
		return err
	}
	if st.Pipeline && st.HTTP != HTTP11 {
		return bad("pipeline", "pipelining needs http 1.1, got %s", st.HTTP)
	}
	return st.H2.Validate(st.Name)
}

// Validate checks the client settings.
func (cl Client) Validate() error {
	if cl.RequestSize <= 0 {
		return field.Errorf("client.request_size", "must be positive, got %d B", int64(cl.RequestSize))
	}
	if cl.CPUScale < 0 || cl.CPUScale > MaxCPUScale || math.IsNaN(cl.CPUScale) {
		return field.Errorf("client.cpu_scale", "must be a factor above 0 and at most %g, got %g", float64(MaxCPUScale), cl.CPUScale)
	}
	if cl.CPUShare < 0 || cl.CPUShare > 1 || math.IsNaN(cl.CPUShare) {
		return field.Errorf("client.cpu_share", "must be between 0 and 1, got %g", cl.CPUShare)
	}
	return firstNegative("client.", namedValue{"timeout", int64(cl.Timeout)}, namedValue{"idle_timeout", int64(cl.IdleTimeout)}, namedValue{"read_rate", int64(cl.ReadRate)})
}

// Validate checks the server settings.
func (sv Server) Validate() error {
	if err := firstNegative("server.", namedValue{"header_size", int64(sv.HeaderSize)}, namedValue{"keepalive.max", int64(sv.KeepAliveMax)},
		namedValue{"keepalive.timeout", int64(sv.KeepAliveTimeout)}, namedValue{"max_conns_per_client", int64(sv.MaxConnsPerClient)}); err != nil {
		return err
	}
	switch sv.Close {
	case CloseHalf, CloseFull:
	default:
		return field.Errorf("server.close", "unknown style %q (expected half or full)", sv.Close)
	}
	switch sv.Excess {
	case ExcessRefuse, ExcessClose:
	default:
		return field.Errorf("server.excess", "unknown policy %q (expected refuse or close)", sv.Excess)
	}
	if err := sv.Think.Validate("server.think"); err != nil {
		return err
	}
	return sv.H2.Validate()
}

// Validate checks the page: at least one object, unique ids, the document
// first, every parent earlier than its child.
func (p Page) Validate() error {
	objs := p.Objects
	if len(objs) == 0 {
		return field.Errorf("page", "no objects")
	}
	ids := map[string]int{}
	for i, o := range objs {
		where := func(f string) string { return fmt.Sprintf("page.objects[%d].%s", i, f) } // built only for an error
		if o.ID != "" {
			if j, dup := ids[o.ID]; dup {
				return field.Errorf(where("id"), "%q already used by page.objects[%d]", o.ID, j)
			}
			ids[o.ID] = i
		}
		if o.Host == "" {
			return field.Errorf(where("url"), "no host")
		}
		if o.Scheme != "" && o.Scheme != "http" && o.Scheme != "https" {
			return field.Errorf(where("url"), "scheme %q (expected http or https)", o.Scheme)
		}
		if o.Size < 0 {
			return field.Errorf(where("size"), "negative")
		}
		if i == 0 && o.Parent != -1 {
			return field.Errorf(where("after"), "the first object is the document and has no parent")
		}
		if i > 0 && (o.Parent < 0 || o.Parent >= i) {
			return field.Errorf(where("after"), "parent index %d must name an earlier object", o.Parent)
		}
		if o.AfterFraction < 0 || o.AfterFraction > 1 || math.IsNaN(o.AfterFraction) {
			return field.Errorf(where("after_fraction"), "must be between 0 and 1, got %g", o.AfterFraction)
		}
		if o.Delay < 0 {
			return field.Errorf(where("delay"), "negative")
		}
		if o.Think != nil && (*o.Think < 0 || *o.Think > MaxDraw) {
			return field.Errorf(where("think"), "must be between 0 and %v, got %v", MaxDraw, *o.Think)
		}
		if o.Urgency < 0 || o.Urgency > 7 {
			return field.Errorf(where("priority"), "urgency must be 0 (most urgent) to 7 (RFC 9218), got %d", o.Urgency)
		}
	}
	return nil
}

// ValidateHosts checks the per-host settings, in host-name order.
func ValidateHosts(hosts map[string]Host) error {
	names := make([]string, 0, len(hosts))
	for name := range hosts {
		names = append(names, name)
	}
	sort.Strings(names) // the same error every time when several hosts are wrong
	for _, name := range names {
		h := hosts[name]
		switch h.TLS {
		case "", TLSNone, TLS12, TLS13:
		default:
			return field.Errorf("hosts."+name+".tls", "unknown version %q (expected none, 1.2 or 1.3)", h.TLS)
		}
		switch h.H3 {
		case "", H3Known, H3Discover, H3None:
		default:
			return field.Errorf("hosts."+name+".h3", "unknown mode %q (expected known, discover or none)", h.H3)
		}
		if err := firstNegative("hosts."+name+".", namedValue{"extra_rtt", int64(h.ExtraRTT)}, namedValue{"dns", int64(h.DNS)}, namedValue{"cert_size", int64(h.CertSize)}, namedValue{"conns", int64(h.Conns)}, namedValue{"tls_time", int64(h.TLSTime)}); err != nil {
			return err
		}
		if err := h.validateRecorded(name); err != nil {
			return err
		}
		if h.Think != nil {
			if err := h.Think.Validate("hosts." + name + ".think"); err != nil {
				return err
			}
		}
	}
	return nil
}

// Validate checks the proxy chain.
func (p Proxy) Validate() error {
	for i, k := range p.Chain {
		switch k {
		case ProxyDumb, ProxySmart:
		default:
			return field.Errorf(fmt.Sprintf("proxy.chain[%d]", i), "unknown kind %q (expected dumb or smart)", k)
		}
	}
	return nil
}

// ValidateFaults checks faults against the page: known kinds, existing
// objects, one fault per object.
func ValidateFaults(faults []Fault, p Page) error {
	faulted := map[int]int{}
	for i, f := range faults {
		at := func(f string) string { return fmt.Sprintf("faults[%d].%s", i, f) }
		if f.Kind != "close_mid_body" {
			return field.Errorf(at("kind"), "unknown fault %q (expected close_mid_body)", f.Kind)
		}
		if f.Object < 0 || f.Object >= len(p.Objects) {
			return field.Errorf(at("object"), "no such object")
		}
		if j, dup := faulted[f.Object]; dup {
			// One fault per object: the response is cut once, so a second
			// fault on it could never fire (before, the later one silently
			// replaced the first).
			return field.Errorf(at("object"), "%s already has a fault (faults[%d]); expected one fault per object", p.Objects[f.Object].ID, j)
		}
		faulted[f.Object] = i
		if f.At < 0 || f.At > 1 || math.IsNaN(f.At) {
			return field.Errorf(at("at"), "must be between 0%% and 100%%")
		}
	}
	return nil
}

// namedValue is a named numeric setting, for firstNegative.
type namedValue struct {
	name string
	v    int64
}

// firstNegative returns an error naming the first field whose value is
// negative.
func firstNegative(prefix string, fs ...namedValue) error {
	for _, f := range fs {
		if f.v < 0 {
			return field.Errorf(prefix+f.name, "must not be negative, got %d", f.v)
		}
	}
	return nil
}
