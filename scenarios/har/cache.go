package har

// cacheReason says why an entry counts as served from the browser's cache,
// or "" when it went to the network. The rules, each from a producer's
// habit (see doc.go):
//   - status 304: a revalidation; the body came from the cache
//     (Firefox even records the cached body's size in bodySize);
//   - _fromCache "memory"/"disk" (DevTools exports);
//   - WebPageTest _cached != 0;
//   - response._fetchedViaServiceWorker (DevTools, chrome-har): the page's
//     service worker answered; what it fetched itself, if anything, is an
//     entry of its own;
//   - _transferSize 0 while content.size > 0: content was delivered but
//     nothing crossed the wire (DevTools memory-cache duplicates,
//     chrome-har's cache-served scripts);
//   - a timings object with none of the phases (Firefox cache hits);
//   - timings with no positive phase and time 0: nothing was measured on
//     the wire (Firefox cache hits with all-zero timings).
//
// The last two are called cache hits only in a file Firefox wrote; in any
// other they are "not measured" (SkipNoTimings, SkipNoPositiveTimes) and
// handled the same way.
func cacheReason(e *entry, firefox bool) string {
	r := cacheSign(e)
	if !firefox {
		switch r {
		case SkipEmptyTimings:
			return SkipNoTimings
		case SkipZeroTimings:
			return SkipNoPositiveTimes
		}
	}
	return r
}

func cacheSign(e *entry) string {
	switch {
	case e.status == 304:
		return SkipNotModified
	case e.rawFromCache != "":
		return SkipFromCache
	case e.wptCached:
		return SkipWPTCached
	case e.viaServiceWorker:
		return SkipServiceWorker
	case e.transferZero:
		return SkipZeroTransfer
	case e.timings != nil && e.timings.empty():
		return SkipEmptyTimings
	case e.timings != nil && e.dur == 0 && !anyPositive(e.timings):
		return SkipZeroTimings
	}
	return ""
}

func anyPositive(t *rawTimings) bool {
	for _, n := range []optNum{t.Blocked, t.DNS, t.Connect, t.SSL, t.Send, t.Wait, t.Receive} {
		if n.set && n.v > 0 {
			return true
		}
	}
	return false
}
