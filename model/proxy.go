package model

// proxy is one hop of the proxy chain (being written).
type proxy struct{}

func (w *world) buildProxies() error {
	cl := w.client
	cl.tls = true
	cl.dialer = func(host string, cc *clientConn) *Conn {
		o := w.origins[host]
		oc := o.accept(cc.wire)
		return w.net.Dial(host, ClientToServer, cc, oc)
	}
	return nil
}
