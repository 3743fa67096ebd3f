package transport

import (
	"errors"
	"net/netip"
	"testing"
)

func TestIsPublic(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr string
		want bool
	}{
		// IPv4, public
		{"1.1.1.1", true},
		{"8.8.8.8", true},
		{"93.184.216.34", true},
		{"100.63.255.255", true}, // just below CGNAT
		{"100.128.0.0", true},    // just above CGNAT
		{"172.15.255.255", true},
		{"172.32.0.0", true},
		{"192.0.1.1", true},
		{"198.17.255.255", true},
		{"223.255.255.254", true},
		// IPv4, refused
		{"0.0.0.0", false},
		{"0.1.2.3", false},
		{"10.0.0.1", false},
		{"100.64.0.1", false},
		{"100.127.255.254", false},
		{"127.0.0.1", false},
		{"127.255.0.9", false},
		{"169.254.169.254", false}, // cloud metadata
		{"172.16.0.1", false},
		{"172.31.255.255", false},
		{"192.0.0.8", false},
		{"192.0.2.1", false},
		{"192.88.99.1", false},
		{"192.168.1.1", false},
		{"198.18.0.1", false},
		{"198.19.255.255", false},
		{"198.51.100.7", false},
		{"203.0.113.9", false},
		{"224.0.0.1", false},
		{"239.255.255.250", false},
		{"240.0.0.1", false},
		{"255.255.255.255", false},
		// IPv6, public
		{"2606:4700:4700::1111", true},
		{"2a01:4f8::1", true},
		{"2001:4860:4860::8888", true},
		{"64:ff9b::808:808", true}, // NAT64 of 8.8.8.8
		{"2002:808:808::1", true},  // 6to4 of 8.8.8.8
		{"2001:200::1", true},      // just above 2001::/23
		{"3fff:1000::1", true},     // just above 3fff::/20
		{"::ffff:8.8.8.8", true},   // IPv4-mapped public
		// IPv6, refused
		{"::", false},
		{"::1", false},
		{"::ffff:127.0.0.1", false}, // IPv4-mapped loopback
		{"::ffff:10.1.2.3", false},  // IPv4-mapped private
		{"::ffff:169.254.169.254", false},
		{"::ffff:0.0.0.0", false},
		{"::127.0.0.1", false},       // IPv4-compatible (deprecated)
		{"64:ff9b::7f00:1", false},   // NAT64 of 127.0.0.1
		{"64:ff9b::a00:1", false},    // NAT64 of 10.0.0.1
		{"64:ff9b:1::1", false},      // local-use NAT64
		{"2002:7f00:1::1", false},    // 6to4 of 127.0.0.1
		{"2002:c0a8:101::1", false},  // 6to4 of 192.168.1.1
		{"100::1", false},            // discard-only
		{"2001::1", false},           // Teredo
		{"2001:10::1", false},        // ORCHID
		{"2001:db8::1", false},       // documentation
		{"3fff::1", false},           // documentation
		{"5f00::1", false},           // SRv6
		{"fc00::1", false},           // unique local
		{"fd12:3456:789a::1", false}, // unique local
		{"fe80::1", false},           // link-local
		{"fe80::1%eth0", false},      // link-local with zone
		{"fec0::1", false},           // site-local
		{"ff02::1", false},           // multicast
		{"ff0e::1", false},           // global multicast
		{"4000::1", false},           // unassigned
	}
	for _, tt := range tests {
		a := netip.MustParseAddr(tt.addr)
		if got := isPublic(a); got != tt.want {
			t.Errorf("isPublic(%s) = %v, want %v", tt.addr, got, tt.want)
		}
	}
	if isPublic(netip.Addr{}) {
		t.Error("zero Addr is public")
	}
}

func TestControl(t *testing.T) {
	t.Parallel()
	c := New(Config{})
	for addr, ok := range map[string]bool{
		"8.8.8.8:443":                true,
		"[2606:4700:4700::1111]:443": true,
		"127.0.0.1:80":               false,
		"[::ffff:127.0.0.1]:80":      false,
		"[fe80::1%lo]:80":            false,
		"not-an-address":             false,
	} {
		err := c.control("tcp", addr, nil)
		if ok != (err == nil) || (err != nil && !errors.Is(err, ErrForbiddenAddress)) {
			t.Errorf("control(%s) = %v", addr, err)
		}
	}
	if err := New(Config{AllowPrivate: true}).control("tcp", "127.0.0.1:80", nil); err != nil {
		t.Errorf("AllowPrivate: %v", err)
	}
}
