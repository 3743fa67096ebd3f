// Package config holds Portal's typed configuration: defaults, an optional
// key = value file, environment overrides and validation. A Config is built
// once at start and passed down; nothing reads it globally.
package config

import (
	"bufio"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

// Sectors a member organisation may belong to.
var Sectors = []string{"government", "private-sector", "civil-society", "intergovernmental", "research"}

// Config is the whole configuration of one node.
type Config struct {
	// Domain is the host (or host:port) the node calls itself; it is the
	// authority part of every ActivityPub id the node mints.
	Domain string
	// Listen is the address:port the HTTP server binds.
	Listen string
	// Scheme is "https" in production and "http" for local runs.
	Scheme string
	// Database is "sqlite:PATH" or a postgres:// URL.
	Database string

	FederationMode        string // "open" or "allowlist"
	FederationAllow       []string
	FederationBlock       []string
	AllowPrivateAddresses bool
	AllianceDomains       []string
	HubEnabled            bool
	HubMembers            []string
	SessionLifetime       time.Duration
	// APIRateLimit is how many JSON API requests a minute each caller (an
	// account, or an address for anonymous calls) may make; 0 is no limit.
	APIRateLimit int
	// TrustedProxies are the addresses (IPs or CIDR ranges) of reverse
	// proxies whose X-Forwarded-For names the client.
	TrustedProxies  []string
	ShutdownTimeout time.Duration
	LogLevel        string
	LogFormat       string // "text" or "json"
}

// Default returns the configuration `portal serve` uses with nothing set:
// SQLite under ./data, loopback on port 8080, plain http.
func Default() Config {
	return Config{
		Domain:          "localhost:8080",
		Listen:          "127.0.0.1:8080",
		Scheme:          "http",
		Database:        "sqlite:./data/portal.db",
		FederationMode:  "open",
		SessionLifetime: 30 * 24 * time.Hour,
		APIRateLimit:    600,
		ShutdownTimeout: 15 * time.Second,
		LogLevel:        "info",
		LogFormat:       "text",
	}
}

// Variable describes one configuration setting; the table drives file and
// environment loading and the README's list.
type Variable struct {
	Env  string
	Key  string // name in the config file
	Help string
	set  func(c *Config, v string) error
}

// Variables lists every setting, in the order the README documents them.
var Variables = []Variable{
	{"PORTAL_DOMAIN", "domain", "host or host:port the node calls itself", func(c *Config, v string) error { c.Domain = v; return nil }},
	{"PORTAL_LISTEN", "listen", "address:port to listen on", func(c *Config, v string) error { c.Listen = v; return nil }},
	{"PORTAL_SCHEME", "scheme", "https or http", func(c *Config, v string) error { c.Scheme = v; return nil }},
	{"PORTAL_DATABASE", "database", "sqlite:PATH or postgres://…", func(c *Config, v string) error { c.Database = v; return nil }},
	{"PORTAL_FEDERATION_MODE", "federation_mode", "open or allowlist", func(c *Config, v string) error { c.FederationMode = v; return nil }},
	{"PORTAL_FEDERATION_ALLOW", "federation_allow", "comma-separated allowed domains", func(c *Config, v string) error { c.FederationAllow = splitList(v); return nil }},
	{"PORTAL_FEDERATION_BLOCK", "federation_block", "comma-separated blocked domains", func(c *Config, v string) error { c.FederationBlock = splitList(v); return nil }},
	{"PORTAL_FEDERATION_ALLOW_PRIVATE_ADDRESSES", "federation_allow_private_addresses", "true lets outbound requests reach private and loopback addresses (local runs and tests only)", boolSetter(func(c *Config) *bool { return &c.AllowPrivateAddresses })},
	{"PORTAL_ALLIANCE_DOMAINS", "alliance_domains", "comma-separated domains of alliance nodes", func(c *Config, v string) error { c.AllianceDomains = splitList(v); return nil }},
	{"PORTAL_HUB_ENABLED", "hub_enabled", "true makes this node the alliance hub", boolSetter(func(c *Config) *bool { return &c.HubEnabled })},
	{"PORTAL_HUB_MEMBERS", "hub_members", "comma-separated member node domains (hub only)", func(c *Config, v string) error { c.HubMembers = splitList(v); return nil }},
	{"PORTAL_SESSION_LIFETIME", "session_lifetime", "how long a sign-in lasts, e.g. 720h", durationSetter(func(c *Config) *time.Duration { return &c.SessionLifetime })},
	{"PORTAL_API_RATE_LIMIT", "api_rate_limit", "JSON API requests a minute per account (or per address when anonymous); 0 for no limit", func(c *Config, v string) error {
		n, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || n < 0 {
			return fmt.Errorf("%q is not a whole number of requests a minute (0 for no limit)", v)
		}
		c.APIRateLimit = n
		return nil
	}},
	{"PORTAL_TRUSTED_PROXIES", "trusted_proxies", "comma-separated IPs or CIDR ranges of reverse proxies whose X-Forwarded-For is believed", func(c *Config, v string) error { c.TrustedProxies = splitList(v); return nil }},
	{"PORTAL_SHUTDOWN_TIMEOUT", "shutdown_timeout", "how long a graceful stop may take, e.g. 15s", durationSetter(func(c *Config) *time.Duration { return &c.ShutdownTimeout })},
	{"PORTAL_LOG_LEVEL", "log_level", "debug, info, warn or error", func(c *Config, v string) error { c.LogLevel = v; return nil }},
	{"PORTAL_LOG_FORMAT", "log_format", "text or json", func(c *Config, v string) error { c.LogFormat = v; return nil }},
}

func boolSetter(field func(*Config) *bool) func(*Config, string) error {
	return func(c *Config, v string) error {
		b, err := strconv.ParseBool(strings.TrimSpace(v))
		if err != nil {
			return fmt.Errorf("%q is not true or false", v)
		}
		*field(c) = b
		return nil
	}
}

func durationSetter(field func(*Config) *time.Duration) func(*Config, string) error {
	return func(c *Config, v string) error {
		d, err := time.ParseDuration(strings.TrimSpace(v))
		if err != nil || d <= 0 {
			return fmt.Errorf("%q is not a positive duration such as 30s or 12h", v)
		}
		*field(c) = d
		return nil
	}
}

func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.ToLower(strings.TrimSpace(s)); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// Load builds the configuration: defaults, then the file (when path is not
// empty), then the environment given by getenv. It validates the result.
func Load(path string, getenv func(string) string) (Config, error) {
	c := Default()
	if path != "" {
		if err := c.loadFile(path); err != nil {
			return Config{}, err
		}
	}
	for _, v := range Variables {
		if val, ok := lookup(getenv, v.Env); ok {
			if err := v.set(&c, val); err != nil {
				return Config{}, fmt.Errorf("%s: %w", v.Env, err)
			}
		}
	}
	if err := c.Validate(); err != nil {
		return Config{}, err
	}
	return c, nil
}

func lookup(getenv func(string) string, key string) (string, bool) {
	v := getenv(key)
	return v, v != ""
}

// loadFile reads "key = value" lines; # starts a comment; keys are the
// lower-case names of Variables (or the PORTAL_ names themselves).
func (c *Config) loadFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("config file: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		key, val, ok := strings.Cut(line, "=")
		if !ok {
			return fmt.Errorf("config file %s:%d: want key = value", path, n)
		}
		key, val = strings.TrimSpace(key), strings.Trim(strings.TrimSpace(val), `"`)
		v, found := findVariable(key)
		if !found {
			return fmt.Errorf("config file %s:%d: unknown setting %q", path, n, key)
		}
		if err := v.set(c, val); err != nil {
			return fmt.Errorf("config file %s:%d: %s: %w", path, n, key, err)
		}
	}
	return sc.Err()
}

func findVariable(key string) (Variable, bool) {
	for _, v := range Variables {
		if strings.EqualFold(key, v.Key) || strings.EqualFold(key, v.Env) {
			return v, true
		}
	}
	return Variable{}, false
}

// Validate checks every value and says, in one line, what is wrong first.
func (c *Config) Validate() error {
	if err := validDomain(c.Domain); err != nil {
		return fmt.Errorf("PORTAL_DOMAIN: %w", err)
	}
	if _, port, err := net.SplitHostPort(c.Listen); err != nil || port == "" {
		return fmt.Errorf("PORTAL_LISTEN: %q is not address:port", c.Listen)
	} else if p, err := strconv.Atoi(port); err != nil || p < 0 || p > 65535 {
		return fmt.Errorf("PORTAL_LISTEN: port %q is not a number from 0 to 65535", port)
	}
	if c.Scheme != "http" && c.Scheme != "https" {
		return fmt.Errorf("PORTAL_SCHEME: %q is neither https nor http", c.Scheme)
	}
	if _, _, err := c.DatabaseDriver(); err != nil {
		return fmt.Errorf("PORTAL_DATABASE: %w", err)
	}
	if c.FederationMode != "open" && c.FederationMode != "allowlist" {
		return fmt.Errorf("PORTAL_FEDERATION_MODE: %q is neither open nor allowlist", c.FederationMode)
	}
	lists := []struct {
		name string
		list []string
	}{
		{"PORTAL_FEDERATION_ALLOW", c.FederationAllow},
		{"PORTAL_FEDERATION_BLOCK", c.FederationBlock},
		{"PORTAL_ALLIANCE_DOMAINS", c.AllianceDomains},
		{"PORTAL_HUB_MEMBERS", c.HubMembers},
	}
	for _, l := range lists {
		for _, d := range l.list {
			if err := validDomain(d); err != nil {
				return fmt.Errorf("%s: %w", l.name, err)
			}
		}
	}
	for _, p := range c.TrustedProxies {
		if _, err := ParseProxy(p); err != nil {
			return fmt.Errorf("PORTAL_TRUSTED_PROXIES: %w", err)
		}
	}
	if c.HubEnabled && len(c.HubMembers) == 0 {
		return errors.New("PORTAL_HUB_MEMBERS: a hub needs at least one member domain")
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("PORTAL_LOG_LEVEL: %q is not debug, info, warn or error", c.LogLevel)
	}
	if c.LogFormat != "text" && c.LogFormat != "json" {
		return fmt.Errorf("PORTAL_LOG_FORMAT: %q is neither text nor json", c.LogFormat)
	}
	return nil
}

// ParseProxy reads one entry of PORTAL_TRUSTED_PROXIES: an IP address or
// a CIDR range.
func ParseProxy(p string) (netip.Prefix, error) {
	if pfx, err := netip.ParsePrefix(p); err == nil {
		return pfx.Masked(), nil
	}
	if a, err := netip.ParseAddr(p); err == nil {
		a = a.Unmap()
		return netip.PrefixFrom(a, a.BitLen()), nil
	}
	return netip.Prefix{}, fmt.Errorf("%q is neither an IP address nor a CIDR range", p)
}

// validDomain accepts a bare host or host:port, nothing more: no scheme,
// path, user info, query or spaces.
func validDomain(d string) error {
	if d == "" {
		return errors.New("empty domain")
	}
	if strings.ContainsAny(d, "/?#@ \t\\") || strings.Contains(d, "://") {
		return fmt.Errorf("%q must be a host or host:port, without scheme or path", d)
	}
	host := d
	if h, port, err := net.SplitHostPort(d); err == nil {
		p, perr := strconv.Atoi(port)
		if perr != nil || p < 1 || p > 65535 {
			return fmt.Errorf("%q has a bad port", d)
		}
		host = h
	}
	if host == "" {
		return fmt.Errorf("%q has no host", d)
	}
	if net.ParseIP(host) != nil {
		return nil
	}
	for _, label := range strings.Split(host, ".") {
		if label == "" || len(label) > 63 {
			return fmt.Errorf("%q is not a valid host name", d)
		}
		for _, r := range label {
			if !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') {
				return fmt.Errorf("%q is not a valid host name", d)
			}
		}
	}
	return nil
}

// DatabaseDriver splits PORTAL_DATABASE into "sqlite" or "postgres" and the
// path or URL to open.
func (c *Config) DatabaseDriver() (driver, dsn string, err error) {
	switch {
	case strings.HasPrefix(c.Database, "sqlite:"):
		path := strings.TrimPrefix(c.Database, "sqlite:")
		path = strings.TrimPrefix(path, "//")
		if path == "" {
			return "", "", errors.New("sqlite: needs a file path, e.g. sqlite:./data/portal.db")
		}
		return "sqlite", path, nil
	case strings.HasPrefix(c.Database, "postgres://"), strings.HasPrefix(c.Database, "postgresql://"):
		u, err := url.Parse(c.Database)
		if err != nil || u.Host == "" {
			return "", "", errors.New("not a valid postgres:// URL (postgres://user@host:5432/db)")
		}
		return "postgres", c.Database, nil
	default:
		return "", "", fmt.Errorf("%q must start with sqlite: or postgres://", redactDSN(c.Database))
	}
}

// redactDSN hides a password before a DSN is printed.
func redactDSN(s string) string {
	if u, err := url.Parse(s); err == nil && u.User != nil {
		if _, has := u.User.Password(); has {
			u.User = url.UserPassword(u.User.Username(), "xxxxx")
			return u.String()
		}
	}
	return s
}

// BaseURL is scheme://domain, without a trailing slash.
func (c *Config) BaseURL() string { return c.Scheme + "://" + c.Domain }

// IsAllianceDomain says whether host is one of the alliance nodes: listed
// in PORTAL_ALLIANCE_DOMAINS, or, on a hub, one of its members.
func (c *Config) IsAllianceDomain(host string) bool {
	host = strings.ToLower(host)
	for _, d := range c.AllianceDomains {
		if d == host {
			return true
		}
	}
	if c.HubEnabled {
		for _, d := range c.HubMembers {
			if d == host {
				return true
			}
		}
	}
	return false
}
