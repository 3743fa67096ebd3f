package activity

import (
	"net/url"
	"strings"
)

// Host returns the host of an absolute IRI in lower case, with its port when
// the IRI names one other than its scheme's default (so "https://A.example:443/x"
// and "https://a.example/y" both give "a.example"). It returns "" for
// anything that is not an absolute IRI with a host, and for IRIs carrying
// user information, which no ActivityPub id needs and which only serve to
// make a host look like another.
func Host(iri string) string {
	_, host := origin(iri)
	return host
}

// SameOrigin reports whether two IRIs share scheme, host and port. Two IRIs
// without a usable origin are never the same origin.
func SameOrigin(a, b string) bool {
	schemeA, hostA := origin(a)
	schemeB, hostB := origin(b)
	return hostA != "" && schemeA == schemeB && hostA == hostB
}

// origin returns the lower-case scheme and host (port included unless it is
// the scheme's default) of an absolute IRI, or two empty strings.
func origin(iri string) (scheme, host string) {
	if strings.ContainsAny(iri, "\\ \t\r\n") {
		return "", ""
	}
	u, err := url.Parse(iri)
	if err != nil || u.Scheme == "" || u.Host == "" || u.User != nil || u.Opaque != "" {
		return "", ""
	}
	scheme = strings.ToLower(u.Scheme)
	name := strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	if name == "" {
		return "", ""
	}
	if strings.Contains(name, ":") {
		name = "[" + name + "]" // an IPv6 literal keeps its brackets
	}
	port := u.Port()
	switch {
	case port == "",
		scheme == "https" && port == "443",
		scheme == "http" && port == "80":
		return scheme, name
	}
	return scheme, name + ":" + port
}
