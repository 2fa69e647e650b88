package h1

import "pagesim/model/httpcore"

// Pipelining (RFC 9112 §9.3.2): requests are written on a persistent
// connection before earlier responses have arrived; the server answers
// them in order (server.go), so one slow response holds up every response
// behind it — the head-of-line blocking HTTP/2 was made to remove.

// pipelineConn returns a persistent connection with room in its pipeline
// for the next request of p — the least loaded one first — or nil. Not
// with a non-idempotent request on either side (§9.3.2: clients SHOULD NOT
// pipeline them — lost with the connection, they cannot be retried): a
// POST waits for an idle connection, and nothing is pipelined behind one
// until its response has come.
func (cl *Client) pipelineConn(p *hostPool) *clientConn {
	if !cl.strat.Pipeline || cl.strat.HTTP != httpcore.HTTP11 || !httpcore.Idempotent(p.queue[0].Method) {
		return nil
	}
	var best *clientConn
conns:
	for _, c := range p.conns {
		if !c.canPipeline() {
			continue
		}
		for _, r := range c.inflight {
			if !httpcore.Idempotent(r.Method) {
				continue conns
			}
		}
		if best == nil || len(c.inflight) < len(best.inflight) {
			best = c
		}
	}
	return best
}

// canPipeline: a persistent connection with room for one more request in
// its pipeline.
func (c *clientConn) canPipeline() bool {
	if c.state != connReady || c.noMore || c.kaLeft == 0 || !c.ep.Open() {
		return false
	}
	if d := c.cl.strat.PipelineDepth; d > 0 && len(c.inflight) >= d {
		return false
	}
	// Keep-Alive max: no more requests than the server said it would take.
	return c.kaLeft < 0 || len(c.inflight) < c.kaLeft
}
