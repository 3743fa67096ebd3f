package activity

import "testing"

func TestHost(t *testing.T) {
	t.Parallel()
	tests := []struct{ iri, want string }{
		{"https://Mastodon.Example/users/amara", "mastodon.example"},
		{"https://gts.example:8443/users/dana", "gts.example:8443"},
		{"https://a.example:443/x", "a.example"},
		{"http://a.example:80/x", "a.example"},
		{"http://a.example:443/x", "a.example:443"},
		{"https://a.example./x", "a.example"},
		{"http://[::1]:8080/inbox", "[::1]:8080"},
		{"https://[2001:DB8::1]/x", "[2001:db8::1]"},
		{"https://a.example", "a.example"},
		{"https://user@a.example/x", ""},
		{"https://a.example@b.example/x", ""},
		{"https://b.example\\@a.example/x", ""},
		{"acct:amara@mastodon.example", ""},
		{"//a.example/x", ""},
		{"/users/amara", ""},
		{"https://a.example:port/x", ""},
		{"as:Public", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Host(tt.iri); got != tt.want {
			t.Errorf("Host(%q) = %q, want %q", tt.iri, got, tt.want)
		}
	}
}

func TestSameOrigin(t *testing.T) {
	t.Parallel()
	tests := []struct {
		a, b string
		want bool
	}{
		{"https://a.example/users/x", "https://a.example/users/x/statuses/1", true},
		{"https://A.example/x", "HTTPS://a.EXAMPLE/y", true},
		{"https://a.example:443/x", "https://a.example/y", true},
		{"https://a.example/x", "http://a.example/x", false},
		{"https://a.example/x", "https://a.example:8443/x", false},
		{"https://a.example/x", "https://b.a.example/x", false},
		{"https://a.example/x", "https://a.example.evil.example/x", false},
		{"https://evil.example@a.example/x", "https://a.example/x", false},
		{"", "", false},
		{"not an iri", "not an iri", false},
	}
	for _, tt := range tests {
		if got := SameOrigin(tt.a, tt.b); got != tt.want {
			t.Errorf("SameOrigin(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}
