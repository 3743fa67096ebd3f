package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestDefaults(t *testing.T) {
	t.Parallel()
	c, err := Load("", env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.Listen != "127.0.0.1:8080" || c.Domain != "localhost:8080" || c.Scheme != "http" || c.Database != "sqlite:./data/portal.db" {
		t.Fatalf("defaults: %+v", c)
	}
	if d, p, _ := c.DatabaseDriver(); d != "sqlite" || p != "./data/portal.db" {
		t.Fatalf("driver %q %q", d, p)
	}
	if c.BaseURL() != "http://localhost:8080" {
		t.Fatalf("base url %q", c.BaseURL())
	}
}

func TestEnvironmentGoodValues(t *testing.T) {
	t.Parallel()
	c, err := Load("", env(map[string]string{
		"PORTAL_DOMAIN":                             "portal.example.org",
		"PORTAL_LISTEN":                             "0.0.0.0:9000",
		"PORTAL_SCHEME":                             "https",
		"PORTAL_DATABASE":                           "postgres://u:secret@db:5432/portal?sslmode=disable",
		"PORTAL_FEDERATION_MODE":                    "allowlist",
		"PORTAL_FEDERATION_ALLOW":                   "A.example, b.example:8443 ,",
		"PORTAL_FEDERATION_BLOCK":                   "spam.example",
		"PORTAL_FEDERATION_ALLOW_PRIVATE_ADDRESSES": "true",
		"PORTAL_ALLIANCE_DOMAINS":                   "a.example",
		"PORTAL_HUB_ENABLED":                        "true",
		"PORTAL_HUB_MEMBERS":                        "a.example,b.example:8443",
		"PORTAL_SESSION_LIFETIME":                   "12h",
		"PORTAL_API_RATE_LIMIT":                     "120",
		"PORTAL_TRUSTED_PROXIES":                    "127.0.0.1, 10.0.0.0/8",
	}))
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(c.FederationAllow, "|"); got != "a.example|b.example:8443" {
		t.Errorf("allow list %q", got)
	}
	if !c.AllowPrivateAddresses || !c.HubEnabled || c.SessionLifetime != 12*time.Hour || c.FederationMode != "allowlist" ||
		c.APIRateLimit != 120 || len(c.TrustedProxies) != 2 {
		t.Errorf("values not taken: %+v", c)
	}
	if !c.IsAllianceDomain("A.EXAMPLE") || c.IsAllianceDomain("b.example") {
		t.Error("IsAllianceDomain")
	}
	if d, _, _ := c.DatabaseDriver(); d != "postgres" {
		t.Errorf("driver %q", d)
	}
}

func TestBadValuesStopWithOneClearLine(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, key, value, want string
	}{
		{"unknown scheme", "PORTAL_SCHEME", "ftp", "PORTAL_SCHEME"},
		{"malformed database", "PORTAL_DATABASE", "mysql://x", "PORTAL_DATABASE"},
		{"sqlite without path", "PORTAL_DATABASE", "sqlite:", "PORTAL_DATABASE"},
		{"postgres without host", "PORTAL_DATABASE", "postgres://", "PORTAL_DATABASE"},
		{"domain with a path", "PORTAL_DOMAIN", "portal.example/x", "PORTAL_DOMAIN"},
		{"domain with a scheme", "PORTAL_DOMAIN", "https://portal.example", "PORTAL_DOMAIN"},
		{"domain with a bad port", "PORTAL_DOMAIN", "portal.example:99999", "PORTAL_DOMAIN"},
		{"listen without port", "PORTAL_LISTEN", "127.0.0.1", "PORTAL_LISTEN"},
		{"unknown federation mode", "PORTAL_FEDERATION_MODE", "closed", "PORTAL_FEDERATION_MODE"},
		{"bad allowed domain", "PORTAL_FEDERATION_ALLOW", "good.example,bad/one", "PORTAL_FEDERATION_ALLOW"},
		{"not a boolean", "PORTAL_HUB_ENABLED", "yes please", "PORTAL_HUB_ENABLED"},
		{"hub without members", "PORTAL_HUB_ENABLED", "true", "PORTAL_HUB_MEMBERS"},
		{"bad duration", "PORTAL_SESSION_LIFETIME", "forever", "PORTAL_SESSION_LIFETIME"},
		{"bad log level", "PORTAL_LOG_LEVEL", "loud", "PORTAL_LOG_LEVEL"},
		{"negative rate limit", "PORTAL_API_RATE_LIMIT", "-1", "PORTAL_API_RATE_LIMIT"},
		{"rate limit not a number", "PORTAL_API_RATE_LIMIT", "lots", "PORTAL_API_RATE_LIMIT"},
		{"proxy not an address", "PORTAL_TRUSTED_PROXIES", "10.0.0.1,proxy.example", "PORTAL_TRUSTED_PROXIES"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			_, err := Load("", env(map[string]string{tc.key: tc.value}))
			if err == nil {
				t.Fatalf("%s=%q accepted", tc.key, tc.value)
			}
			if msg := err.Error(); !strings.HasPrefix(msg, tc.want) || strings.Contains(msg, "\n") {
				t.Fatalf("error %q: want one line starting with %s", msg, tc.want)
			}
		})
	}
}

func TestPasswordIsNotPrinted(t *testing.T) {
	t.Parallel()
	_, err := Load("", env(map[string]string{"PORTAL_DATABASE": "mysql://u:hunter2@db/x"}))
	if err == nil || strings.Contains(err.Error(), "hunter2") {
		t.Fatalf("error %v shows the password", err)
	}
}

func TestFileThenEnvironment(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "portal.conf")
	content := "# a comment\ndomain = file.example\nPORTAL_LISTEN = 127.0.0.1:9999\nscheme = \"https\"\n"
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := Load(path, env(map[string]string{"PORTAL_DOMAIN": "env.example"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.Domain != "env.example" || c.Listen != "127.0.0.1:9999" || c.Scheme != "https" {
		t.Fatalf("file then env: %+v", c)
	}
	bad := filepath.Join(t.TempDir(), "bad.conf")
	os.WriteFile(bad, []byte("colour = blue\n"), 0o600)
	if _, err := Load(bad, env(nil)); err == nil || !strings.Contains(err.Error(), "unknown setting") {
		t.Fatalf("unknown key: %v", err)
	}
	if _, err := Load(filepath.Join(t.TempDir(), "missing.conf"), env(nil)); err == nil {
		t.Fatal("missing file accepted")
	}
}
