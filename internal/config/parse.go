package config

import (
	"fmt"
	"net/mail"
	"net/netip"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/pocketbase/pocketbase/tools/cron"
)

func str(field func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error { *field(c) = v; return nil }
}

func csv(field func(*Config) *[]string) func(*Config, string) error {
	return func(c *Config, v string) error { *field(c) = splitCSV(v); return nil }
}

func splitCSV(v string) []string {
	var out []string
	for _, p := range strings.Split(v, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func boolean(field func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("%q is not a boolean (use true or false)", v)
		}
		*field(c) = b
		return nil
	}
}

func integer(lo, hi int, field func(*Config) *int) func(*Config, string) error {
	return func(c *Config, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < lo || n > hi {
			return fmt.Errorf("%q is not a whole number between %d and %d", v, lo, hi)
		}
		*field(c) = n
		return nil
	}
}

func oneOf(allowed []string, field func(*Config) *string) func(*Config, string) error {
	return func(c *Config, v string) error {
		v = strings.ToLower(strings.TrimSpace(v))
		if !slices.Contains(allowed, v) {
			return fmt.Errorf("%q is not one of %s", v, strings.Join(allowed, ", "))
		}
		*field(c) = v
		return nil
	}
}

func setHosts(c *Config, v string) error {
	c.AllowedHosts = nil
	for _, h := range splitCSV(v) {
		h = strings.ToLower(strings.TrimSuffix(h, "."))
		if strings.ContainsAny(h, "/ @?#") {
			return fmt.Errorf("%q is not a host name (no scheme, path or spaces)", h)
		}
		if err := hostWithoutPort(h); err != nil {
			return err
		}
		c.AllowedHosts = append(c.AllowedHosts, h)
	}
	return nil
}

// hostWithoutPort refuses an ALLOWED_HOSTS entry that can never match: the
// Host header's port is stripped before matching (as Django does), so an
// entry with a port, or a bare IPv6 address, matches no request.
func hostWithoutPort(h string) error {
	if strings.HasPrefix(h, "[") {
		if end := strings.IndexByte(h, ']'); end >= 0 && end < len(h)-1 {
			return fmt.Errorf("%q has a port, which never matches (ports are ignored): write %s", h, h[:end+1])
		}
		return nil
	}
	if !strings.Contains(h, ":") {
		return nil
	}
	if a, err := netip.ParseAddr(h); err == nil && a.Is6() {
		return fmt.Errorf("%q is an IPv6 address without brackets, which never matches: write [%s]", h, h)
	}
	host, _, _ := strings.Cut(h, ":")
	return fmt.Errorf("%q has a port, which never matches (ports are ignored): write %s", h, host)
}

// ParseOrigin checks that v is a bare origin: scheme, host and optional port,
// nothing else. It returns the canonical lower-case form.
func ParseOrigin(v string) (string, error) {
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" ||
		(u.Path != "" && u.Path != "/") || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("%q is not an origin like https://example.org[:port]", v)
	}
	return strings.ToLower(u.Scheme + "://" + u.Host), nil
}

func setOrigins(field func(*Config) *[]string) func(*Config, string) error {
	return func(c *Config, v string) error {
		*field(c) = nil
		for _, o := range splitCSV(v) {
			origin, err := ParseOrigin(o)
			if err != nil {
				return err
			}
			*field(c) = append(*field(c), origin)
		}
		return nil
	}
}

func setBaseURL(c *Config, v string) error {
	if v == "" {
		c.BaseURL = ""
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return fmt.Errorf("%q is not an absolute http(s) URL without query", v)
	}
	c.BaseURL = strings.TrimSuffix(u.String(), "/")
	return nil
}

func setStaticURL(c *Config, v string) error {
	if v == "" {
		c.StaticURL = ""
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("%q is not an absolute http(s) URL", v)
	}
	c.StaticURL = strings.TrimSuffix(u.String(), "/")
	return nil
}

func setMailFrom(c *Config, v string) error {
	c.MailFrom = v
	if v == "" {
		return nil
	}
	a, err := mail.ParseAddress(v)
	if err != nil || a.Name != "" || a.Address != v {
		return fmt.Errorf("%q is not a plain e-mail address", v)
	}
	return nil
}

func setOrgName(c *Config, v string) error {
	if strings.ContainsAny(v, "\r\n") || len(v) > 200 {
		return fmt.Errorf("must be one line of at most 200 characters")
	}
	c.OrgName = v
	return nil
}

func setPrefix(c *Config, v string) error {
	if len(v) > 20 || strings.ContainsAny(v, " \t\r\n,\"'") {
		return fmt.Errorf("%q must be at most 20 characters without spaces, quotes or commas", v)
	}
	c.MemberIDPrefix = v
	return nil
}

func setCron(c *Config, v string) error {
	v = strings.TrimSpace(v)
	if v != "" {
		// PocketBase's own parser: what passes here passes its settings save.
		if _, err := cron.NewSchedule(v); err != nil {
			return fmt.Errorf("%q is not a 5-field cron expression or @macro: %w", v, err)
		}
	}
	c.BackupCron = v
	return nil
}

func setDSN(c *Config, v string) error {
	c.SentryDSN = v
	if v == "" {
		return nil
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.User == nil {
		return fmt.Errorf("is not a Sentry DSN like https://key@host/project")
	}
	return nil
}

func setRateLimit(c *Config, v string) error {
	v = strings.ToLower(strings.TrimSpace(v))
	if v == "off" {
		c.RateLimit = RateLimit{Off: true}
		return nil
	}
	n, d, ok := strings.Cut(v, "/")
	limit, err1 := strconv.Atoi(n)
	window, err2 := time.ParseDuration(d)
	if !ok || err1 != nil || err2 != nil || limit < 1 || window < time.Second || window%time.Second != 0 {
		return fmt.Errorf("%q is not N/duration like 30/1m (whole seconds), or off", v)
	}
	c.RateLimit = RateLimit{Max: limit, Window: window}
	return nil
}

func setAnnouncementRate(c *Config, v string) error {
	n, d, ok := strings.Cut(strings.ToLower(strings.TrimSpace(v)), "/")
	limit, err1 := strconv.Atoi(n)
	window, err2 := time.ParseDuration(d)
	if !ok || err1 != nil || err2 != nil || limit < 1 || window < time.Second {
		return fmt.Errorf("%q is not N/duration like 600/1m", v)
	}
	c.AnnouncementRate = RateLimit{Max: limit, Window: window}
	return nil
}

func setAutoApprove(c *Config, v string) error {
	d, err := time.ParseDuration(strings.TrimSpace(v))
	if err != nil || d < 0 || d > maxAutoApprove {
		return fmt.Errorf("%q is not a duration between 0 and 720h", v)
	}
	c.DeletionAutoApproveAfter = d
	return nil
}

func setEncryptionKey(c *Config, v string) error {
	if v != "" && len(v) != 32 {
		return fmt.Errorf("must be exactly 32 characters (got %d)", len(v))
	}
	c.EncryptionKey = v
	return nil
}
