// Package reqline is the one reading of a page object's request line —
// its method and URL — shared by the scenario loader (page.objects[].url
// and .method, page.generate.hosts) and the HAR importer, so that a
// scenario written by import-har reads back exactly as imported.
//
// A host key is the URL's host in lower case, with ":port" only when the
// port is not the scheme's default (80 for http, 443 for https), written
// without leading zeros: https://A.example:443/ and https://a.example/ are
// the same host "a.example", http://a.example:8080/ is "a.example:8080".
// A port must be a number from 1 to 65535; an empty port (a.example:)
// is the default one (RFC 3986 §3.2.3).
package reqline

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Split parses an absolute http(s) URL into its host key and request path
// (path and query as written, "/" when empty; the fragment is dropped).
func Split(s string) (host, path string, https bool, err error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return "", "", false, fmt.Errorf("%q is not a URL", s)
	}
	switch strings.ToLower(u.Scheme) {
	case "http":
	case "https":
		https = true
	case "":
		return "", "", false, fmt.Errorf("%q has no scheme", s)
	default:
		return "", "", false, fmt.Errorf("scheme %q is not supported", u.Scheme)
	}
	if u.Host == "" {
		return "", "", false, fmt.Errorf("%q has no host", s)
	}
	host, err = HostKey(u.Scheme, u.Host)
	if err != nil {
		return "", "", false, fmt.Errorf("%q: %v", s, err)
	}
	path = u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	return host, path, https, nil
}

// HostKey returns the host key of hostport (a URL's host, "name[:port]")
// for scheme. The key is returned even with an error (an invalid port
// kept as written), for callers that only compare keys.
func HostKey(scheme, hostport string) (string, error) {
	h := strings.ToLower(hostport)
	name, port := h, ""
	if i := strings.LastIndexByte(h, ':'); i >= 0 && !strings.Contains(h[i:], "]") {
		name, port = h[:i], h[i+1:]
	}
	if name == "" || name == "[]" {
		return h, fmt.Errorf("no host name in %q", hostport)
	}
	if port == "" {
		return name, nil
	}
	p, err := strconv.Atoi(port)
	if err != nil || p < 1 || p > 65535 || strings.HasPrefix(port, "+") {
		return h, fmt.Errorf("port %s is not valid (expected 1–65535)", port)
	}
	switch {
	case p == 80 && strings.EqualFold(scheme, "http"), p == 443 && strings.EqualFold(scheme, "https"):
		return name, nil
	}
	return name + ":" + strconv.Itoa(p), nil
}

// Host checks a bare host name ("cdn.example.com", "10.0.0.1:8080") as
// the host of an http URL and returns its key.
func Host(s string) (string, error) {
	u, err := url.Parse("http://" + s)
	if err != nil || u.Host != s || u.User != nil || u.Path != "" || u.RawQuery != "" || u.Fragment != "" {
		return "", fmt.Errorf("%q is not a host name (expected e.g. cdn.example.com or cdn.example.com:8080)", s)
	}
	return HostKey("http", s)
}

// IsMethod reports whether s is a method pagesim accepts: an HTTP token
// (RFC 9110 §9.1) made of letters, as every registered method is.
func IsMethod(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z') {
			return false
		}
	}
	return true
}
