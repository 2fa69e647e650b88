package scenarios

import (
	"math"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"pagesim/model"
)

// The keys of a replayed recording: the browser's own time before each
// request (client.cpu_scale, client.cpu_share), what the recording says
// of each host (hosts.NAME.protocol, hosts.NAME.conns, which the
// as-recorded strategy uses, and hosts.NAME.tls_time) and each response's
// recorded server time (page.objects[].think).

// clientTime decodes client.cpu_scale and client.cpu_share.
func (d *decoder) clientTime(f *fields, c *model.Client) {
	if n := f.get("cpu_scale"); n != nil {
		p := join(f.path, "cpu_scale")
		what := "a factor above 0, at most 1000, e.g. 2 for a CPU half as fast"
		if v, ok := d.factor(n, p, what); ok {
			if v <= 0 || v > model.MaxCPUScale {
				d.errorf(n, p, "%g is out of range (expected %s)", v, what)
			} else {
				c.CPUScale = v
			}
		}
	}
	if n := f.get("cpu_share"); n != nil {
		p := join(f.path, "cpu_share")
		if v, ok := d.percent(n, p, 0, 1, "more than 0% and at most 100% of each delay"); ok {
			if v == 0 {
				d.errorf(n, p, "must be more than 0%% (expected e.g. 70%%; 100%%, the default, scales all of each delay)")
			} else {
				c.CPUShare = v
			}
		}
	}
}

// factor decodes a plain number such as 2 or 0.5.
func (d *decoder) factor(n *yaml.Node, path, what string) (float64, bool) {
	s, ok := d.scalar(n, path, what)
	if !ok {
		return 0, false
	}
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		d.errorf(n, path, "%q is not a number (expected %s)", s, what)
		return 0, false
	}
	return v, true
}

// recordedHost decodes hosts.NAME.protocol and hosts.NAME.conns.
func (d *decoder) recordedHost(hf *fields, h *model.Host) {
	if pn := hf.get("protocol"); pn != nil {
		if v, ok := d.enum(pn, join(hf.path, "protocol"), "1.0", "1.1", "2", "3"); ok {
			h.Protocol = model.HTTPVersion(v)
		}
	}
	d.optInt(hf, "conns", &h.Conns, 1, 10_000, "1 to 10000 connections to the host at once")
	d.optDuration(hf, "tls_time", &h.TLSTime, false)
}

// objectThink decodes page.objects[].think, the server's time for that
// response (a recorded server time).
func (d *decoder) objectThink(f *fields, o *model.Object) {
	if n := f.get("think"); n != nil {
		if v, ok := d.duration(n, join(f.path, "think"), false); ok {
			o.Think = &v
		}
	}
}
