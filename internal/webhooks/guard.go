package webhooks

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"syscall"
)

// ErrForbiddenAddress is returned when the SSRF guard refuses a connection.
var ErrForbiddenAddress = errors.New("webhooks: the endpoint resolves to a loopback, private, link-local, CGNAT, multicast or unspecified address")

// cgnat is the carrier-grade NAT range (RFC 6598), which netip does not
// count as private.
var cgnat = netip.MustParsePrefix("100.64.0.0/10")

// CheckIP refuses the addresses a webhook must not reach in production:
// loopback, private (RFC 1918, fc00::/7), link-local, CGNAT, multicast and
// unspecified, IPv4-mapped IPv6 forms judged as their IPv4 address.
func CheckIP(ip netip.Addr) error {
	ip = ip.Unmap()
	switch {
	case !ip.IsValid(),
		ip.IsLoopback(), ip.IsPrivate(), ip.IsUnspecified(),
		ip.IsLinkLocalUnicast(), ip.IsLinkLocalMulticast(), ip.IsInterfaceLocalMulticast(), ip.IsMulticast(),
		ip.Is4() && cgnat.Contains(ip),
		ip.Is4() && ip.As4()[0] == 0, // 0.0.0.0/8 reaches the local host on Linux
		ip == netip.IPv4Unspecified() || ip == netip.MustParseAddr("255.255.255.255"):
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, ip)
	}
	return nil
}

// guardControl is a net.Dialer ControlContext: it runs after the name was
// resolved, on the very address the socket connects to, so DNS rebinding
// between a check and the connect cannot slip through.
func guardControl(_ context.Context, _, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: unparsable address %q", ErrForbiddenAddress, address)
	}
	return CheckIP(ap.Addr())
}

// dialer returns the DialContext of the worker's transport. lookup, when
// set, resolves host names instead of the system resolver (tests); the
// guard checks each resolved address as it connects either way.
func dialer(allowPrivate bool, lookup func(ctx context.Context, host string) ([]netip.Addr, error)) func(ctx context.Context, network, addr string) (net.Conn, error) {
	d := &net.Dialer{}
	if !allowPrivate {
		d.ControlContext = guardControl
	}
	if lookup == nil {
		return d.DialContext
	}
	return func(ctx context.Context, network, addr string) (net.Conn, error) {
		host, port, err := net.SplitHostPort(addr)
		if err != nil {
			return nil, err
		}
		ips, err := lookup(ctx, host)
		if err != nil {
			return nil, err
		}
		var last error = fmt.Errorf("webhooks: no address for %s", host)
		for _, ip := range ips {
			c, err := d.DialContext(ctx, network, net.JoinHostPort(ip.String(), port))
			if err == nil {
				return c, nil
			}
			last = err
		}
		return nil, last
	}
}
