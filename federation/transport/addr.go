package transport

import (
	"fmt"
	"net/netip"
	"syscall"
)

// Address ranges that are not globally reachable (IANA special-purpose
// registries, RFC 6890 and successors). Those of the ranges below that
// netip.Addr already names (loopback, private, link-local, multicast) are
// listed anyway so that the table can be read on its own.
var (
	nonPublic4 = prefixes(
		"0.0.0.0/8",       // "this network"
		"10.0.0.0/8",      // private (RFC 1918)
		"100.64.0.0/10",   // carrier-grade NAT (RFC 6598)
		"127.0.0.0/8",     // loopback
		"169.254.0.0/16",  // link-local
		"172.16.0.0/12",   // private (RFC 1918)
		"192.0.0.0/24",    // IETF protocol assignments
		"192.0.2.0/24",    // documentation (TEST-NET-1)
		"192.88.99.0/24",  // deprecated 6to4 relay anycast
		"192.168.0.0/16",  // private (RFC 1918)
		"198.18.0.0/15",   // benchmarking
		"198.51.100.0/24", // documentation (TEST-NET-2)
		"203.0.113.0/24",  // documentation (TEST-NET-3)
		"224.0.0.0/4",     // multicast
		"240.0.0.0/4",     // reserved, and the broadcast address
	)
	// Inside global unicast 2000::/3, the blocks that are not global.
	nonPublic6 = prefixes(
		"2001::/23",     // IETF protocol assignments (Teredo, ORCHID, …)
		"2001:db8::/32", // documentation
		"3fff::/20",     // documentation (RFC 9637)
		"5f00::/16",     // SRv6 segment identifiers
	)
	global6 = netip.MustParsePrefix("2000::/3")
	// Prefixes that carry an IPv4 address, judged by that address.
	nat64  = netip.MustParsePrefix("64:ff9b::/96") // well-known NAT64 (DNS64 on IPv6-only hosts)
	sixTo4 = netip.MustParsePrefix("2002::/16")    // 6to4
)

func prefixes(ss ...string) []netip.Prefix {
	out := make([]netip.Prefix, len(ss))
	for i, s := range ss {
		out[i] = netip.MustParsePrefix(s)
	}
	return out
}

// isPublic reports whether a is a globally reachable unicast address, one
// that federation may connect to. Loopback, private (RFC 1918, fc00::/7),
// link-local, unspecified, multicast, CGNAT, documentation, reserved and
// other special-purpose addresses are not. An IPv4-mapped IPv6 address is
// judged as the IPv4 address it carries.
func isPublic(a netip.Addr) bool {
	if !a.IsValid() {
		return false
	}
	a = a.WithZone("").Unmap()
	if a.Is4() {
		for _, p := range nonPublic4 {
			if p.Contains(a) {
				return false
			}
		}
		return true
	}
	switch {
	case nat64.Contains(a):
		b := a.As16()
		return isPublic(netip.AddrFrom4([4]byte(b[12:16])))
	case sixTo4.Contains(a):
		b := a.As16()
		return isPublic(netip.AddrFrom4([4]byte(b[2:6])))
	case !global6.Contains(a):
		// Everything else outside 2000::/3: ::/128, ::1, IPv4-compatible
		// ::/96, discard-only 100::/64, unique local fc00::/7, link-local
		// fe80::/10, site-local fec0::/10, multicast ff00::/8, unassigned.
		return false
	}
	for _, p := range nonPublic6 {
		if p.Contains(a) {
			return false
		}
	}
	return true
}

// control runs for every socket the dialer opens, after name resolution and
// before connecting, with the address actually about to be used. Checking
// here rather than on the URL means neither DNS answers (rebinding
// included) nor redirects can steer a request to a refused address.
func (c *Client) control(_, address string, _ syscall.RawConn) error {
	ap, err := netip.ParseAddrPort(address)
	if err != nil {
		return fmt.Errorf("%w: unparseable %q", ErrForbiddenAddress, address)
	}
	if !c.allowAddr(ap.Addr()) {
		return fmt.Errorf("%w: %s", ErrForbiddenAddress, ap.Addr())
	}
	return nil
}
