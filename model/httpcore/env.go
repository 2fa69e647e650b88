package httpcore

import "pagesim/sim"

// Env is what every HTTP transport of one simulation shares: the engine,
// the origin servers and what they serve, the per-host settings, the
// browser's DNS cache, the recorder of the browser's events and the
// numbering of its connections. The protocol packages (h1, …) add their
// transport (a TCP stack, the link for QUIC) and their own settings.
type Env struct {
	S       *sim.Sim
	Origins map[string]*Origin
	Content *Content
	// Hosts returns the settings of a host (the defaults for one the
	// scenario does not name).
	Hosts func(host string) Host
	DNS   *Resolver
	Rec   Recorder
	IDs   *ConnIDs
}

// ConnIDs numbers a client's connections, from 0 in the order they are
// dialled, whatever protocol carries them: a Recorder's ConnIDs.
type ConnIDs struct{ next ConnID }

// Next returns the next connection's id.
func (c *ConnIDs) Next() ConnID {
	id := c.next
	c.next++
	return id
}
