package har

import (
	"container/heap"
	"encoding/json"
	"time"
)

// Dependency kinds (ObjectMeta.Dep).
const (
	DepDocument  = "document"        // Objects[0], or no better parent found
	DepRedirect  = "redirect"        // the target of an earlier 3xx's redirectURL
	DepInitiator = "initiator"       // the entry that fetched the _initiator URL
	DepFinished  = "finished-before" // the entry that finished last before this one started
)

// dependencies sets parent and dep of every entry of list (sorted by start;
// list[0] is the document). Rules, first match wins:
//  1. redirect: an earlier entry answered 3xx with a redirectURL equal to
//     this entry's URL (each redirect is consumed once);
//  2. initiator: the producer recorded an _initiator URL and an earlier
//     entry has that URL (the latest such entry);
//  3. finished-before: the entry with the latest end among those that had
//     finished when this one started;
//  4. the document.
//
// Cached entries take part like the others; buildObjects re-parents the
// children of skipped entries.
func dependencies(list []*entry) {
	lastByURL := map[string]int{}
	pendingRedirect := map[string]int{}
	var running endHeap
	best := -1
	var bestEnd time.Time
	for i, e := range list {
		if i == 0 {
			e.parent, e.dep = -1, DepDocument
		} else {
			for running.Len() > 0 && !running[0].end.After(e.start) {
				f := heap.Pop(&running).(ended)
				if best < 0 || !f.end.Before(bestEnd) {
					best, bestEnd = f.idx, f.end
				}
			}
			e.parent, e.dep = 0, DepDocument
			if j, ok := pendingRedirect[e.canon]; ok {
				e.parent, e.dep = j, DepRedirect
				delete(pendingRedirect, e.canon)
			} else if j, ok := lastByURL[e.initiator]; ok && e.initiator != "" {
				e.parent, e.dep = j, DepInitiator
			} else if best >= 0 {
				e.parent, e.dep = best, DepFinished
			}
		}
		lastByURL[e.canon] = i
		if e.redirect != "" {
			pendingRedirect[e.redirect] = i
		}
		heap.Push(&running, ended{e.end, i})
	}
}

type ended struct {
	end time.Time
	idx int
}

// endHeap is a min-heap of entries by end time (ties: lower index first).
type endHeap []ended

func (h endHeap) Len() int { return len(h) }
func (h endHeap) Less(i, j int) bool {
	if h[i].end.Equal(h[j].end) {
		return h[i].idx < h[j].idx
	}
	return h[i].end.Before(h[j].end)
}
func (h endHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *endHeap) Push(x any)   { *h = append(*h, x.(ended)) }
func (h *endHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// initiatorURL extracts the initiating URL from the producers' _initiator:
// a string (chrome-har, WebPageTest), or an object (DevTools) with "url",
// or a "stack" whose first call frame with a URL names the script (parent
// stacks are searched too, for async calls).
func initiatorURL(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case '{':
		var o struct {
			URL   string          `json:"url"`
			Stack json.RawMessage `json:"stack"`
		}
		if json.Unmarshal(raw, &o) != nil {
			return ""
		}
		if o.URL != "" {
			return o.URL
		}
		return stackURL(o.Stack, 0)
	}
	return ""
}

func stackURL(raw json.RawMessage, depth int) string {
	if len(raw) == 0 || raw[0] != '{' || depth > 32 {
		return ""
	}
	var s struct {
		CallFrames []struct {
			URL string `json:"url"`
		} `json:"callFrames"`
		Parent json.RawMessage `json:"parent"`
	}
	if json.Unmarshal(raw, &s) != nil {
		return ""
	}
	for _, f := range s.CallFrames {
		if f.URL != "" {
			return f.URL
		}
	}
	return stackURL(s.Parent, depth+1)
}
