package h1

import (
	"time"

	"pagesim/model/httpcore"
	"pagesim/model/link"
	"pagesim/model/tcp"
	"pagesim/sim"
)

// Proxies sit at the far end of the access link (an ISP or corporate
// proxy): the client's connections to the first proxy cross the access
// link, connections between proxies cost nothing, and the last proxy's
// connections to a server cross that server's extra delay. HTTP: The
// Definitive Guide, ch. 4, "Keep-Alive and dumb proxies", is the model:
//
//   - A dumb proxy is an HTTP/1.0 blind relay. It reads the first request
//     to learn where to connect, forwards it with every header untouched
//     (Connection: Keep-Alive included, which it does not understand),
//     relays the response, and then waits for the server to close. A
//     second request on the same client connection is ignored. When the
//     server, told Keep-Alive, keeps the connection open, the client's
//     next request hangs until a timeout fires: the server's Keep-Alive
//     timeout (it closes, the proxy relays the close), the proxy's own
//     timeout, or the client's response timeout.
//   - A smart proxy speaks HTTP/1.1: it parses requests, answers the
//     client itself (honouring Connection: Keep-Alive and, because it
//     knows it is a proxy, Proxy-Connection: Keep-Alive), and fetches from
//     the next hop through its own persistent connections. Hop-by-hop
//     headers (Connection, Keep-Alive, Proxy-Connection and those named in
//     Connection) are not forwarded (RFC 9110 §7.6.1): every forwarded
//     request is a new message.
//
// Proxies are HTTP/1.x intermediaries, so they live in this package: they
// parse its messages and reuse its server and client. Simplifications: TLS
// is not modelled through proxies (a proxied page is plain HTTP, as in the
// chapter); a smart proxy forwards the requests of one client connection
// one at a time, in order.
type proxy struct {
	env   *Env
	kind  httpcore.ProxyKind
	index int
	alloc *allocs // the browser client's (Client.alloc)
	// next dials the next hop (a proxy's front or the origin).
	next func(host string, a tcp.App, wr *wire) *tcp.Conn
	// smart proxies: their upstream client and their front settings.
	client *Client
	front  httpcore.Server
}

// Env is what the HTTP/1.x layer needs of a simulation beyond what every
// transport shares: the TCP stack, the origins' settings (a smart proxy's
// front takes their header size), the proxy chain, and the recorder of the
// smart proxies' upstream clients.
type Env struct {
	*httpcore.Env
	TCP      *tcp.Stack
	Server   httpcore.Server
	Proxy    httpcore.Proxy
	ProxyRec httpcore.Recorder
}

// NewBrowser builds the browser's client for strat and cfg, with the proxy
// chain of env in front of the origins.
func NewBrowser(env *Env, strat httpcore.Strategy, cfg httpcore.Client) *Client {
	cl := newClient(env.S, env.Rec, env.IDs, strat, cfg)
	cl.dns = env.DNS
	if strat.AsRecorded {
		cl.hostRoute = func(host string) (httpcore.HTTPVersion, int) {
			return httpcore.RecordedRoute(strat, env.Hosts(host))
		}
	}
	chain := env.Proxy.Chain
	proxies := make([]*proxy, len(chain))
	cl.proxies = proxies
	for i, k := range chain {
		proxies[i] = &proxy{env: env, kind: k, index: i, alloc: &cl.alloc}
	}
	// next hop of each proxy, from the server side back
	for i := len(chain) - 1; i >= 0; i-- {
		p := proxies[i]
		if i == len(chain)-1 {
			p.next = func(host string, a tcp.App, wr *wire) *tcp.Conn {
				return env.TCP.Dial(host, link.EdgeToServer, a, acceptOrigin(env.S, env.Origins[host], wr, &cl.alloc))
			}
		} else {
			nx := proxies[i+1]
			p.next = func(host string, a tcp.App, wr *wire) *tcp.Conn {
				return env.TCP.Dial(host, link.EdgeToEdge, a, nx.accept(wr))
			}
		}
		if p.kind == httpcore.ProxySmart {
			p.initSmart(len(chain), cfg)
		}
	}
	if len(chain) == 0 {
		cl.tlsFor = func(host string) (httpcore.TLSVersion, bool) { return env.Hosts(host).TLS, true }
		cl.dial = func(host string, c *clientConn) *tcp.Conn {
			return env.TCP.Dial(host, link.ClientToServer, c, acceptOrigin(env.S, env.Origins[host], c.wire, &cl.alloc))
		}
		return cl
	}
	cl.viaProxy = true
	first := proxies[0]
	cl.dial = func(host string, c *clientConn) *tcp.Conn {
		return env.TCP.Dial(host, link.ClientToEdge, c, first.accept(c.wire))
	}
	return cl
}

func newClient(s *sim.Sim, rec httpcore.Recorder, ids *httpcore.ConnIDs, strat httpcore.Strategy, cfg httpcore.Client) *Client {
	return &Client{s: s, rec: rec, ids: ids, strat: strat, cfg: cfg, hosts: map[string]*hostPool{}}
}

// accept builds the proxy's side of a new client-facing connection.
func (p *proxy) accept(wr *wire) tcp.App {
	if p.kind == httpcore.ProxyDumb {
		r := &relay{p: p, dw: wr}
		r.idle = p.env.S.NewTimer(sim.Func(r.onIdle))
		return r
	}
	sc := newServerConn(p.env.S, &p.front, httpcore.TLSNone, 0, wr, p, p.alloc)
	sc.proxyFront = true
	return sc
}

// ---- dumb proxy: a blind relay ----

// relay is one client connection through a dumb proxy and the upstream
// connection it opened for it.
type relay struct {
	p    *proxy
	down *tcp.Endpoint // client-facing endpoint (passive side)
	dw   *wire         // what the client connection carries
	up   *tcp.Endpoint // upstream endpoint (active side), nil until the first request
	uw   *wire
	// first is the request the relay forwards; requests after it are
	// ignored (the proxy waits for the server to close).
	first  *message
	closed bool
	idle   *sim.Timer
}

func (r *relay) Accept(e *tcp.Endpoint) bool {
	r.down = e
	return true
}

func (r *relay) Established(e *tcp.Endpoint) {
	if e == r.up && r.first != nil {
		r.uw.up.Push(r.first) // forwarded as is: every header untouched
		r.up.Write(r.first.Len())
	}
	r.touch()
}

func (r *relay) Readable(e *tcp.Endpoint) {
	if e == r.down {
		r.fromClient()
	} else {
		r.fromServer()
	}
}

// fromClient reads the client's bytes: the first request opens the
// upstream connection; later requests are read and ignored.
func (r *relay) fromClient() {
	n := r.down.Read(0)
	for n > 0 {
		ev, used := r.dw.up.Next(n)
		if used == 0 {
			break
		}
		n -= used
		if ev.Complete() && ev.M.kind == msgRequest && r.first == nil {
			r.first = ev.M
			r.uw = &wire{}
			c := r.p.next(ev.M.host, r, r.uw)
			r.up = c.A
			r.up.Connect()
			r.touch()
		}
	}
	// Requests after the first are not relayed, so they are no activity
	// for the proxy's idle timer: it keeps counting from the last byte it
	// relayed, and the hang it ends lasts exactly proxy.timeout.
	if r.down.EOF() {
		r.shutdown(false)
	}
}

// fromServer relays the server's bytes to the client unchanged.
func (r *relay) fromServer() {
	n := r.up.Read(0)
	if n > 0 && !r.closed {
		rest := n
		for rest > 0 {
			ev, used := r.uw.down.Next(rest)
			if used == 0 {
				break
			}
			rest -= used
			if ev.First() {
				r.dw.down.Push(ev.M)
			}
		}
		r.down.Write(n)
		r.touch()
	}
	if r.up.EOF() {
		// The server closed: so does the proxy, toward the client.
		r.shutdown(false)
	}
}

func (r *relay) touch() {
	if t := r.p.env.Proxy.Timeout; t > 0 && !r.closed {
		r.idle.ResetAfter(t)
	}
}

// onIdle: the proxy's own timeout ends a relay that saw no traffic.
func (r *relay) onIdle(now time.Duration) { r.shutdown(false) }

// shutdown closes both sides (abort: with a RST).
func (r *relay) shutdown(abort bool) {
	if r.closed {
		return
	}
	r.closed = true
	r.idle.Stop()
	for _, e := range []*tcp.Endpoint{r.down, r.up} {
		if e == nil || !e.Open() {
			continue
		}
		if abort {
			e.Abort()
		} else {
			e.Close()
		}
	}
}

func (r *relay) Closed(e *tcp.Endpoint, err error) {
	r.shutdown(err != nil)
}
