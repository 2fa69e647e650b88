package model

import "pagesim/model/tcp"

// The TCP trace (package tcp): typed records of segments, drops,
// retransmissions, timeouts, cwnd and state changes, for tests and
// debugging. Config.Trace receives them.
type (
	Trace      = tcp.Trace
	Record     = tcp.Record
	RecordKind = tcp.RecordKind
)

// Trace record kinds.
const (
	RecSegSent    = tcp.RecSegSent
	RecSegRecv    = tcp.RecSegRecv
	RecSegDrop    = tcp.RecSegDrop
	RecRetransmit = tcp.RecRetransmit
	RecRTO        = tcp.RecRTO
	RecCwnd       = tcp.RecCwnd
	RecState      = tcp.RecState
	RecDestroyed  = tcp.RecDestroyed
	RecProbe      = tcp.RecProbe
)
