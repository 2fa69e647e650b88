package h3

import (
	"strconv"
	"strings"

	"pagesim/model/units"
)

// headerField is one header field of a message. indexable marks a field that is
// the same on every request (or response) of a connection, worth an entry
// in a QPACK dynamic table; the rest (a path, a length) change each time.
type headerField struct {
	name, value string
	indexable   bool
}

// The header fields of a browser's GET and a server's response are model
// assumptions: what Chrome sends for a subresource and what a static-file
// server answers. pagesim's HTTP/1.x sizes them by client.request_size and
// server.header_size; so that HTTP/3 carries the same headers, each list
// ends with a filler field (a cookie on requests, an etag on responses)
// whose value makes the list's HTTP/1.1 text exactly that size — when the
// fields below alone are smaller. The filler's characters are drawn from
// the base64 alphabet, as cookies and entity tags are, so that the
// Huffman code shortens them as it would.
const (
	userAgent      = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"
	acceptLanguage = "en-US,en;q=0.9"
	serverName     = "nginx"
	altSvc         = `h3=":443"; ma=86400`
	httpDate       = "Tue, 01 Dec 2026 12:00:00 GMT"
)

// requestFields is the header list of a GET of path from host whose
// HTTP/1.1 text would be size bytes.
func requestFields(method, host, path string, size units.Bytes) []headerField {
	if method == "" {
		method = "GET"
	}
	f := []headerField{
		{":method", method, false}, {":scheme", "https", false}, {":authority", host, true}, {":path", path, false},
		{"user-agent", userAgent, true}, {"accept", "*/*", true},
		{"accept-encoding", "gzip, deflate, br", true}, {"accept-language", acceptLanguage, true},
	}
	// HTTP/1.1: "GET /path HTTP/1.1\r\n", "Host: host\r\n", each regular
	// field as "name: value\r\n", and the blank line.
	text := len(method) + 1 + len(path) + len(" HTTP/1.1\r\n") + len("host: \r\n") + len(host) + 2
	return withFiller(f, text, "cookie", size, true)
}

// responseFields is the header list of a 200 response to path with a
// body of bodyLen, whose HTTP/1.1 text would be size bytes.
func responseFields(path string, bodyLen units.Bytes, size units.Bytes) []headerField {
	f := []headerField{
		{":status", "200", false}, {"content-type", contentType(path), false},
		{"content-length", strconv.FormatInt(int64(bodyLen), 10), false}, {"date", httpDate, true},
		{"server", serverName, true}, {"alt-svc", altSvc, true},
	}
	text := len("HTTP/1.1 200 OK\r\n") + 2
	return withFiller(f, text, "etag", size, false)
}

// withFiller adds a filler field name so that the list's HTTP/1.1 text
// (text bytes for the start line and fixed parts, plus each regular field)
// is size, if it is not already that long.
func withFiller(f []headerField, text int, name string, size units.Bytes, indexable bool) []headerField {
	for _, x := range f {
		if x.name[0] != ':' {
			text += len(x.name) + 2 + len(x.value) + 2
		}
	}
	if pad := int(size) - text - len(name) - 4; pad > 0 {
		f = append(f, headerField{name, filler(pad), indexable})
	}
	return f
}

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

// fillerText is the filler's characters, built once: fillers up to its
// length are slices of it (no allocation per message).
var fillerText = makeFiller(16 << 10)

func makeFiller(n int) string {
	var b strings.Builder
	b.Grow(n)
	for i := 0; i < n; i++ {
		b.WriteByte(base64Alphabet[(i*37+11)%len(base64Alphabet)])
	}
	return b.String()
}

func filler(n int) string {
	if n <= len(fillerText) {
		return fillerText[:n]
	}
	return makeFiller(n)
}

// contentType guesses the response's type from the path's extension,
// among those the static table holds.
func contentType(path string) string {
	ext := path[strings.LastIndexByte(path, '.')+1:]
	if i := strings.IndexAny(ext, "?#"); i >= 0 {
		ext = ext[:i]
	}
	switch strings.ToLower(ext) {
	case "css":
		return "text/css"
	case "js", "mjs":
		return "application/javascript"
	case "json":
		return "application/json"
	case "png":
		return "image/png"
	case "jpg", "jpeg":
		return "image/jpeg"
	case "gif":
		return "image/gif"
	case "txt":
		return "text/plain"
	case "woff2":
		return "font/woff2"
	case "webp":
		return "image/webp"
	case "svg":
		return "image/svg+xml"
	}
	return "text/html; charset=utf-8"
}
