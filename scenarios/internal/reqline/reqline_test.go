package reqline

import (
	"strconv"
	"strings"
	"testing"
)

func TestSplit(t *testing.T) {
	tests := []struct {
		name, in    string
		host, path  string
		https       bool
		errContains string
	}{
		{"plain", "http://a.example/x.gif", "a.example", "/x.gif", false, ""},
		{"default https port", "https://a.example:443/", "a.example", "/", true, ""},
		{"default http port", "http://A.Example:80", "a.example", "/", false, ""},
		{"other port", "https://a.example:8443/x?q=1#frag", "a.example:8443", "/x?q=1", true, ""},
		{"http port on https", "https://a.example:80/", "a.example:80", "/", true, ""},
		{"leading zeros", "http://a.example:0080/", "a.example", "/", false, ""},
		{"empty port", "http://a.example:/", "a.example", "/", false, ""},
		{"IPv6 with port", "http://[::1]:8080/", "[::1]:8080", "/", false, ""},
		{"IPv6 default port", "https://[2001:DB8::1]:443/", "[2001:db8::1]", "/", true, ""},
		{"port 0", "http://a.example:0/", "", "", false, "port 0 is not valid (expected 1–65535)"},
		{"port 99999", "https://a.example:99999/", "", "", false, "port 99999 is not valid"},
		{"port 65535", "http://a.example:65535/", "a.example:65535", "/", false, ""},
		{"no host", "http:///x", "", "", false, "has no host"},
		{"port only", "http://:8080/", "", "", false, "no host name"},
		{"no scheme", "a.example/x", "", "", false, "has no scheme"},
		{"ftp", "ftp://a.example/", "", "", false, `scheme "ftp" is not supported`},
		{"not a URL", "http://a b/", "", "", false, "is not a URL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			host, path, https, err := Split(tc.in)
			if tc.errContains != "" {
				if err == nil || !strings.Contains(err.Error(), tc.errContains) {
					t.Fatalf("Split(%q) = %q %q, %v; want an error containing %q", tc.in, host, path, err, tc.errContains)
				}
				return
			}
			if err != nil || host != tc.host || path != tc.path || https != tc.https {
				t.Errorf("Split(%q) = %q %q %v, %v; want %q %q %v", tc.in, host, path, https, err, tc.host, tc.path, tc.https)
			}
		})
	}
}

func TestHost(t *testing.T) {
	for in, want := range map[string]string{"CDN.example.com": "cdn.example.com", "a.example:80": "a.example", "a.example:8080": "a.example:8080"} {
		if got, err := Host(in); err != nil || got != want {
			t.Errorf("Host(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "a.example/x", "user@a.example", "a.example:0", "a b", "a.example?x", "a.example#f"} {
		if got, err := Host(in); err == nil {
			t.Errorf("Host(%q) = %q, want an error", in, got)
		}
	}
}

// FuzzSplit: Split never panics, and what it accepts is normal: a lower
// case host with a valid non-default port, a path starting with /, and
// the same answer when the URL is rebuilt from them.
func FuzzSplit(f *testing.F) {
	for _, s := range []string{"http://a.example/", "https://A.example:443/x?y#z", "http://[::1]:80/", "http://a:0/",
		"https://a:99999/", "http://a:/", "http://%41/", "http://a.example:08080/%2F?%", "HTTPS://x", "http://user:pw@h/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		host, path, https, err := Split(s)
		if err != nil {
			return
		}
		if host == "" || host != strings.ToLower(host) || !strings.HasPrefix(path, "/") {
			t.Fatalf("Split(%q) = host %q path %q", s, host, path)
		}
		if i := strings.LastIndexByte(host, ':'); i >= 0 && !strings.Contains(host[i:], "]") {
			p, err := strconv.Atoi(host[i+1:])
			if err != nil || p < 1 || p > 65535 || (p == 443 && https) || (p == 80 && !https) || strconv.Itoa(p) != host[i+1:] {
				t.Fatalf("Split(%q): host %q has a port that should not be there", s, host)
			}
		}
		scheme := "http://"
		if https {
			scheme = "https://"
		}
		h2, p2, s2, err := Split(scheme + host + path)
		if err != nil || h2 != host || p2 != path || s2 != https {
			t.Fatalf("Split(%q) = %q %q; rebuilt %q gives %q %q %v, %v", s, host, path, scheme+host+path, h2, p2, s2, err)
		}
	})
}
