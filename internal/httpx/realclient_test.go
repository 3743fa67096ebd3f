package httpx

import (
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
)

func TestRealClient(t *testing.T) {
	t.Parallel()
	trusted := []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8"), netip.MustParsePrefix("127.0.0.1/32")}
	var got string
	h := RealClient(trusted, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = ClientAddr(r) }))
	cases := []struct {
		name, peer string
		xff        []string
		want       string
	}{
		{"no proxy: the header is ignored", "203.0.113.9:5000", []string{"198.51.100.1"}, "203.0.113.9"},
		{"a trusted proxy", "127.0.0.1:5000", []string{"198.51.100.1"}, "198.51.100.1"},
		{"a forged first hop is not believed", "10.1.2.3:443", []string{"6.6.6.6, 198.51.100.1"}, "198.51.100.1"},
		{"two trusted proxies in a row", "127.0.0.1:5000", []string{"198.51.100.1, 10.9.9.9"}, "198.51.100.1"},
		{"several header lines", "127.0.0.1:5000", []string{"6.6.6.6", "198.51.100.2"}, "198.51.100.2"},
		{"IPv6 client", "127.0.0.1:5000", []string{"2001:db8::1"}, "2001:db8::1"},
		{"no header", "127.0.0.1:5000", nil, "127.0.0.1"},
		{"garbage", "127.0.0.1:5000", []string{"not an address"}, "127.0.0.1"},
		{"garbage before a good hop", "127.0.0.1:5000", []string{"junk, 198.51.100.3"}, "198.51.100.3"},
	}
	for _, tc := range cases {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = tc.peer
		for _, v := range tc.xff {
			r.Header.Add("X-Forwarded-For", v)
		}
		h.ServeHTTP(httptest.NewRecorder(), r)
		if got != tc.want {
			t.Errorf("%s: client %q, want %q", tc.name, got, tc.want)
		}
	}
	// Without trusted proxies the handler is the next one, untouched.
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "127.0.0.1:5000"
	r.Header.Set("X-Forwarded-For", "198.51.100.1")
	RealClient(nil, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = ClientAddr(r) })).ServeHTTP(httptest.NewRecorder(), r)
	if got != "127.0.0.1" {
		t.Errorf("no trusted proxies: client %q", got)
	}
}
