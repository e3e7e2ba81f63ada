package config

import (
	"net"
	"strings"
)

// NormalizeHost lower-cases a Host header value and strips its port and a
// trailing dot, as Django does before matching ALLOWED_HOSTS. It returns ""
// for a value that is not a plausible host.
func NormalizeHost(h string) string {
	h = strings.ToLower(strings.TrimSpace(h))
	if h == "" || strings.ContainsAny(h, "/\\@ \t?#,") {
		return ""
	}
	if strings.HasPrefix(h, "[") {
		end := strings.Index(h, "]")
		if end < 0 {
			return ""
		}
		rest := h[end+1:]
		if rest != "" && (!strings.HasPrefix(rest, ":") || !digits(rest[1:])) {
			return ""
		}
		return h[:end+1]
	}
	if host, port, err := net.SplitHostPort(h); err == nil {
		if !digits(port) {
			return ""
		}
		h = host
	} else if strings.Contains(h, ":") {
		return ""
	}
	return strings.TrimSuffix(h, ".")
}

func digits(s string) bool {
	if s == "" {
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
