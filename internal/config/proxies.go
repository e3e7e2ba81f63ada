package config

import (
	"fmt"
	"net/netip"
	"strings"
)

// UnmapPrefix turns an IPv4-mapped IPv6 prefix (::ffff:10.0.0.0/104) into
// the IPv4 prefix it covers (10.0.0.0/8), and leaves every other prefix
// alone. Peer addresses are unmapped before matching, so a mapped prefix
// would otherwise never match anything.
func UnmapPrefix(p netip.Prefix) netip.Prefix {
	if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 {
		return netip.PrefixFrom(a.Unmap(), p.Bits()-96).Masked()
	}
	return p
}

// setProxies parses TRUSTED_PROXIES: IP addresses and CIDRs, unmapped and
// masked.
func setProxies(c *Config, v string) error {
	c.TrustedProxies = nil
	for _, p := range splitCSV(v) {
		var prefix netip.Prefix
		var err error
		if strings.Contains(p, "/") {
			prefix, err = netip.ParsePrefix(p)
		} else {
			var a netip.Addr
			a, err = netip.ParseAddr(p)
			prefix = netip.PrefixFrom(a, a.BitLen())
		}
		if err != nil {
			return fmt.Errorf("%q is not an IP address or CIDR", p)
		}
		c.TrustedProxies = append(c.TrustedProxies, UnmapPrefix(prefix.Masked()))
	}
	return nil
}

// validateProxies reports a trusted range that covers every address
// (0.0.0.0/0, ::/0): every client could then choose its IP (rate limits,
// logs) and claim HTTPS. An error in production, a warning in development,
// where a container network makes it tempting and harmless.
func (c *Config) validateProxies(add func(id, level, v, msg, fix string)) {
	for _, p := range c.TrustedProxies {
		if p.Bits() != 0 {
			continue
		}
		msg := fmt.Sprintf("MEMBERBASE_TRUSTED_PROXIES contains %s: every client can choose its IP address and scheme", p)
		fix := "list only the reverse proxy's address or network, e.g. 127.0.0.1 or 172.16.0.0/12"
		if c.IsProduction() {
			add("MB.E016", LevelError, "TRUSTED_PROXIES", msg, fix)
		} else {
			add("MB.W012", LevelWarning, "TRUSTED_PROXIES", msg, fix)
		}
		return
	}
}
