package testkit

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/keys"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/node"
	"github.com/protectors-portal/portal/internal/store"
)

var (
	keyOnce sync.Once
	keyPool [][2]string
	keyNext atomic.Uint64
)

// Keys hands out RSA key pairs from a small pool made once per test binary:
// real keys, without paying for a new 2048-bit key per actor.
func Keys() (public, private string, err error) {
	keyOnce.Do(func() {
		for range 4 {
			pub, priv, err := keys.New()
			if err != nil {
				panic(err)
			}
			keyPool = append(keyPool, [2]string{pub, priv})
		}
	})
	k := keyPool[keyNext.Add(1)%uint64(len(keyPool))]
	return k[0], k[1], nil
}

// Logger is a test logger: quiet unless PORTAL_TEST_LOG=1.
func Logger(t testing.TB) *slog.Logger {
	if os.Getenv("PORTAL_TEST_LOG") == "1" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug}))
	}
	return slog.New(slog.NewTextHandler(io.Discard, nil))
}

// Node is a running node on a loopback port, stopped when the test ends.
type Node struct {
	*node.Node
	URL string
}

// NodeOption changes a test node's configuration before it starts.
type NodeOption func(*config.Config)

// Listen reserves a loopback address for a node, so that nodes can be
// told each other's domains before they start.
func Listen(t testing.TB) net.Listener {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	return ln
}

// NewNode starts a full node (HTTP server, queue, database of dialect d)
// on 127.0.0.1 and a free port.
func NewNode(t testing.TB, d store.Dialect, opts ...NodeOption) *Node {
	t.Helper()
	return NewNodeOn(t, Listen(t), d, opts...)
}

// NewNodeOn starts a node on a reserved listener.
func NewNodeOn(t testing.TB, ln net.Listener, d store.Dialect, opts ...NodeOption) *Node {
	t.Helper()
	addr := ln.Addr().String()
	cfg := config.Default()
	cfg.Domain, cfg.Listen, cfg.Scheme = addr, addr, "http"
	cfg.Database = NewDatabaseURL(t, d)
	cfg.AllowPrivateAddresses = true
	// Tests poll the API far faster than people do; the limit has its
	// own test.
	cfg.APIRateLimit = 0
	for _, o := range opts {
		o(&cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	return startNode(t, cfg, ln)
}

func startNode(t testing.TB, cfg config.Config, ln net.Listener) *Node {
	t.Helper()
	ctx := context.Background()
	n, err := node.New(ctx, cfg, node.Options{Logger: Logger(t), NewKeys: Keys})
	if err != nil {
		ln.Close()
		t.Fatalf("new node: %v", err)
	}
	if err := n.Serve(ctx, ln); err != nil {
		t.Fatalf("serve: %v", err)
	}
	t.Cleanup(func() {
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		_ = n.Stop(sctx)
	})
	return &Node{Node: n, URL: "http://" + cfg.Listen}
}

// Down stops the node, as if its server went away; Up starts it again on
// the same address and database.
func (n *Node) Down(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := n.Node.Stop(ctx); err != nil {
		t.Fatalf("stop: %v", err)
	}
}

// Up restarts a node that is Down.
func (n *Node) Up(t testing.TB) {
	t.Helper()
	ln, err := net.Listen("tcp", n.Config.Listen)
	if err != nil {
		t.Fatalf("listen again on %s: %v", n.Config.Listen, err)
	}
	n.Node = startNode(t, n.Config, ln).Node
}

// Domain is the node's host:port.
func (n *Node) Domain() string { return n.Config.Domain }

// With sets configuration values of a node before it starts.
func With(fn func(*config.Config)) NodeOption { return NodeOption(fn) }

// Password is the password every fixture user gets.
const Password = "correct horse battery staple"

// User creates a member with Password.
func (n *Node) User(t testing.TB, username string, role model.Role) *model.User {
	t.Helper()
	u, err := n.Accounts.CreateUser(context.Background(), accounts.NewUser{Username: username, Password: Password, Role: role})
	if err != nil {
		t.Fatalf("create user %s: %v", username, err)
	}
	return u
}

// Token creates a personal access token for a user.
func (n *Node) Token(t testing.TB, u *model.User) string {
	t.Helper()
	tok, _, err := n.Accounts.CreateToken(context.Background(), u.ID, "test")
	if err != nil {
		t.Fatal(err)
	}
	return tok
}

// Browser is an HTTP client with a cookie jar, like a browser without
// JavaScript; it does not follow redirects so that tests see them.
type Browser struct {
	*http.Client
	Base string
}

// NewBrowser makes a browser for the node.
func (n *Node) NewBrowser() *Browser {
	jar, _ := cookiejar.New(nil)
	return &Browser{Client: &http.Client{Jar: jar, Timeout: 30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}, Base: n.URL}
}

// Get fetches a page and returns its status and body.
func (b *Browser) Get(t testing.TB, path string) (int, string) {
	t.Helper()
	resp, err := b.Client.Get(b.Base + path)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// CSRF returns the browser's CSRF token (fetching a page first if needed).
func (b *Browser) CSRF(t testing.TB) string {
	t.Helper()
	if tok := b.cookie("portal_csrf"); tok != "" {
		return tok
	}
	b.Get(t, "/signin")
	return b.cookie("portal_csrf")
}

func (b *Browser) cookie(name string) string {
	req, _ := http.NewRequest("GET", b.Base+"/", nil)
	for _, c := range b.Jar.Cookies(req.URL) {
		if c.Name == name {
			return c.Value
		}
	}
	return ""
}

// PostForm posts a form (with the CSRF token unless withCSRF is false).
func (b *Browser) PostForm(t testing.TB, path string, form map[string]string, withCSRF bool) (int, string, http.Header) {
	t.Helper()
	vals := make([]string, 0, len(form)+1)
	if withCSRF {
		vals = append(vals, "csrf_token="+url.QueryEscape(b.CSRF(t)))
	} else {
		b.CSRF(t) // the cookie exists; only the field is missing
	}
	for k, v := range form {
		vals = append(vals, url.QueryEscape(k)+"="+url.QueryEscape(v))
	}
	resp, err := b.Client.Post(b.Base+path, "application/x-www-form-urlencoded", strings.NewReader(strings.Join(vals, "&")))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body), resp.Header
}

// SignIn signs the browser in and fails the test if that does not work.
func (b *Browser) SignIn(t testing.TB, username string) {
	t.Helper()
	status, body, _ := b.PostForm(t, "/signin", map[string]string{"username": username, "password": Password}, true)
	if status != http.StatusSeeOther {
		t.Fatalf("sign in as %s: status %d: %.300s", username, status, body)
	}
}
