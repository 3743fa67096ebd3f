package httpx

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// RealClient believes X-Forwarded-For only from the trusted reverse
// proxies: when the connection comes from one of them, the client is the
// last address in the header that is not itself a trusted proxy, and
// r.RemoteAddr is set to it. From anyone else the header is ignored, so a
// client cannot choose the address its sign-in and API limits count.
func RealClient(trusted []netip.Prefix, next http.Handler) http.Handler {
	if len(trusted) == 0 {
		return next
	}
	isTrusted := func(a netip.Addr) bool {
		a = a.Unmap()
		for _, p := range trusted {
			if p.Contains(a) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		peer, err := netip.ParseAddr(ClientAddr(r))
		if err != nil || !isTrusted(peer) {
			next.ServeHTTP(w, r)
			return
		}
		var hops []string
		for _, h := range r.Header.Values("X-Forwarded-For") {
			hops = append(hops, strings.Split(h, ",")...)
		}
		client := netip.Addr{}
		for i := len(hops) - 1; i >= 0; i-- {
			a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
			if err != nil {
				break // a hop we cannot read: stop believing the rest
			}
			client = a.Unmap()
			if !isTrusted(client) {
				break
			}
		}
		if client.IsValid() {
			r2 := r.Clone(r.Context())
			r2.RemoteAddr = net.JoinHostPort(client.String(), "0")
			r = r2
		}
		next.ServeHTTP(w, r)
	})
}
