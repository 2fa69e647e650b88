package tcp

import (
	"time"

	"pagesim/model/units"
)

// RecordKind is the type of a trace record.
type RecordKind uint8

// Trace record kinds.
const (
	RecSegSent    RecordKind = iota + 1 // a segment left an endpoint
	RecSegRecv                          // a segment reached an endpoint
	RecSegDrop                          // a segment was dropped on the access link (Note: queue, loss, rule)
	RecRetransmit                       // a segment was sent again (Note: fast, rto)
	RecRTO                              // the retransmission timer expired
	RecCwnd                             // cwnd or ssthresh changed
	RecState                            // the TCP state changed (Note: new state)
	RecDestroyed                        // a RST destroyed Len unread bytes
	RecProbe                            // a tail loss probe was sent (RFC 8985 §7)
)

var recNames = [...]string{"", "sent", "recv", "drop", "retransmit", "rto", "cwnd", "state", "destroyed", "probe"}

func (k RecordKind) String() string {
	if int(k) < len(recNames) {
		return recNames[k]
	}
	return "?"
}

// Record is one typed trace record.
type Record struct {
	At       time.Duration
	Kind     RecordKind
	Conn     int
	Client   bool // the endpoint is the connection's active (client) side
	Seq      Seq
	Len      units.Bytes
	Flags    string // for segments: S, A, F, R, P letters
	Cwnd     units.Bytes
	Ssthresh units.Bytes
	Note     string
}

// Trace collects records. Segment records are many; set Segments to record
// them (tests and debugging), leave it false for everything else.
type Trace struct {
	Segments bool
	Records  []Record
}

func (t *Trace) add(r Record) { t.Records = append(t.Records, r) }

// Count returns how many records have kind k.
func (t *Trace) Count(k RecordKind) int {
	n := 0
	for i := range t.Records {
		if t.Records[i].Kind == k {
			n++
		}
	}
	return n
}

func flagString(f uint8) string {
	b := make([]byte, 0, 5)
	for i, c := range "SAFRP" {
		if f&(1<<i) != 0 {
			b = append(b, byte(c))
		}
	}
	return string(b)
}
