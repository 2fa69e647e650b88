// Package h1 is HTTP/1.x connection management as HTTP: The Definitive
// Guide, ch. 4, describes it: serial, parallel, Keep-Alive, persistent and
// pipelined connections, and the chapter's hazards.
//
// The client (client.go, conn.go) has per-host pools of connections. A
// strategy says which HTTP version it speaks, how many connections it may
// open per host and in all, and whether it pipelines (pipeline.go). It
// reuses idle connections most recently used first; opens a new one when
// the caps allow; closes the least recently used idle connection of
// another host when the total cap is reached; honours the server's
// Keep-Alive max and timeout; gives up on a connection whose response does
// not progress for Client.Timeout. Each response's headers decide the
// connection's future (keepalive.go): HTTP/1.0 closes; HTTP/1.0 with
// Connection: Keep-Alive persists only if the response says Keep-Alive
// too; HTTP/1.1 persists unless Connection: close; a body without
// Content-Length ends with the connection. Lost requests go to
// httpcore.ShouldRetry.
//
// The server (server.go) answers each connection's requests in order after
// the origin's think time, keeps connections alive as the request and its
// Keep-Alive max/timeout allow, closes an idle connection at its timeout
// whatever is in flight, gives a new connection up to 60 s (or its
// Keep-Alive timeout, if longer) for its first request — a model
// assumption after Apache's Timeout and nginx's client_header_timeout —
// and closes by half-close (lingering: it keeps reading) or full close.
//
// Messages (message.go) carry the headers the chapter's mechanisms read —
// Connection, Keep-Alive, Proxy-Connection, Content-Length — as flags on a
// message whose header block and body are byte counts on the TCP stream,
// read through an httpcore.Framer: a receiver learns a header only once
// its bytes have arrived. TLS flights (tls.go) are messages too.
//
// Proxies (proxy.go, smartproxy.go) are HTTP/1.x intermediaries, so they
// live here: a dumb proxy is an HTTP/1.0 blind relay that forwards
// Connection: Keep-Alive untouched and, after the first response, waits for
// the server to close — the chapter's hang; a smart proxy speaks HTTP/1.1,
// answers the client itself (understanding Proxy-Connection), strips
// hop-by-hop headers and fetches through its own persistent connections.
// Chains of both are allowed. TLS is not modelled through proxies.
package h1
