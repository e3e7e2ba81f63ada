package config

import (
	"strings"
)

// maxHostLen bounds a Host value before any work is done on it (DNS names
// are at most 253 characters; a port and brackets add a few).
const maxHostLen = 300

// NormalizeHost lower-cases a Host header value and strips its port and a
// trailing dot, as Django does before matching ALLOWED_HOSTS. It returns ""
// for a value that is not a plausible host: Django's host_validation_re,
// a DNS name of [a-z0-9.-_] or a bracketed IPv6 literal, optionally followed
// by :digits.
func NormalizeHost(h string) string {
	h = strings.ToLower(h)
	if h == "" || len(h) > maxHostLen {
		return ""
	}
	var host, rest string
	if strings.HasPrefix(h, "[") {
		end := strings.IndexByte(h, ']')
		if end < 0 || !ipv6Literal(h[1:end]) {
			return ""
		}
		host, rest = h[:end+1], h[end+1:]
	} else {
		host, rest = h, ""
		if i := strings.IndexByte(h, ':'); i >= 0 {
			host, rest = h[:i], h[i:]
		}
		host = strings.TrimSuffix(host, ".")
		if !dnsName(host) {
			return ""
		}
	}
	if rest != "" && (rest[0] != ':' || !digits(rest[1:])) {
		return ""
	}
	return host
}

// dnsName accepts a non-empty run of letters, digits, '.', '-' and '_' that
// neither starts nor ends with '.' nor contains "..".
func dnsName(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// ipv6Literal accepts what Django's regex accepts between the brackets: hex
// digits, ':' and '.' with at least one ':'.
func ipv6Literal(s string) bool {
	if !strings.Contains(s, ":") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c == ':' || c == '.') {
			return false
		}
	}
	return true
}

func digits(s string) bool {
	if s == "" || len(s) > 5 {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// HostAllowed matches a host against an allow-list with Django semantics:
// an exact match, or a `.example.org` pattern matching example.org and every
// subdomain of it. "*" matches anything (production findings forbid it).
// Patterns are lower-case without a trailing dot (as Load leaves them).
func HostAllowed(host string, allowed []string) bool {
	host = NormalizeHost(host)
	if host == "" {
		return false
	}
	for _, p := range allowed {
		switch {
		case p == "*":
			return true
		case strings.HasPrefix(p, "."):
			if host == p[1:] || strings.HasSuffix(host, p) {
				return true
			}
		case host == p:
			return true
		}
	}
	return false
}
