package ui_test

import (
	"context"
	"html"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/i18n"
	"github.com/protectors-portal/portal/internal/keys"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
	"github.com/protectors-portal/portal/internal/ui"
	"github.com/protectors-portal/portal/web"
)

// Generating RSA keys is slow: every actor of every test shares one pair.
var (
	keyOnce          sync.Once
	keyPub, keyPriv  string
	keyErr           error
	testCSRFToken    = strings.Repeat("c", 43)
	placeholderKeyRe = regexp.MustCompile(`\[[a-z_]+(\.[a-z0-9_-]+)+\]`)
	titleRe          = regexp.MustCompile(`(?s)<title>(.*?)</title>`)
)

func fastKeys() (string, string, error) {
	keyOnce.Do(func() { keyPub, keyPriv, keyErr = keys.New() })
	return keyPub, keyPriv, keyErr
}

// site is one node's web tier on a real database, served by httptest.
type site struct {
	srv  *httptest.Server
	db   *store.DB
	acc  *accounts.Service
	disc *discussion.Service
	mod  *moderation.Service
	urls model.URLs
}

func newSite(t testing.TB, d store.Dialect) *site {
	t.Helper()
	db := testkit.NewDB(t, d)
	srv := httptest.NewUnstartedServer(nil)
	cfg := config.Default()
	cfg.Domain, cfg.Scheme = srv.Listener.Addr().String(), "http"
	urls := model.URLs{Base: cfg.BaseURL()}
	// Only failures reach the test's output.
	logger := slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelError}))
	acc := accounts.New(db, urls, fastKeys, logger)
	disc := discussion.New(db, urls, nil, fastKeys, logger)
	cat, err := i18n.Load(web.Locales)
	if err != nil {
		t.Fatal(err)
	}
	pages, err := ui.New(acc, disc, cat, cfg)
	if err != nil {
		t.Fatal(err)
	}
	mod := moderation.New(db)
	mod.SetRemover(disc)
	pages.SetModeration(mod)
	mux := http.NewServeMux()
	pages.Routes(mux)
	srv.Config.Handler = httpx.Observe(logger, httpx.SecureHeaders(false, httpx.Authenticate(acc, httpx.CSRF(false, nil, mux))))
	srv.Start()
	t.Cleanup(srv.Close)
	return &site{srv: srv, db: db, acc: acc, disc: disc, mod: mod, urls: urls}
}

// browser is a visitor, signed in when session is set.
type browser struct {
	s       *site
	session string
	csrf    string
	client  *http.Client
}

func (s *site) visitor() *browser {
	return &browser{s: s, csrf: testCSRFToken, client: &http.Client{
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
}

// signedIn is a browser with a session of u.
func (s *site) signedIn(t testing.TB, u *model.User) *browser {
	t.Helper()
	cookie, _, err := s.acc.StartSession(context.Background(), u, "test")
	if err != nil {
		t.Fatal(err)
	}
	b := s.visitor()
	b.session = cookie
	return b
}

// response is what a request got.
type response struct {
	Status   int
	Body     string
	Header   http.Header
	Location string
}

// Title is the page's <title>, unescaped.
func (r response) Title() string {
	m := titleRe.FindStringSubmatch(r.Body)
	if m == nil {
		return ""
	}
	return html.UnescapeString(m[1])
}

func (b *browser) do(t *testing.T, method, path string, form url.Values) response {
	t.Helper()
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequest(method, b.s.srv.URL+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if form != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	req.AddCookie(&http.Cookie{Name: httpx.CSRFCookie, Value: b.csrf})
	if b.session != "" {
		req.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: b.session})
	}
	res, err := b.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return response{Status: res.StatusCode, Body: string(raw), Header: res.Header, Location: res.Header.Get("Location")}
}

func (b *browser) get(t *testing.T, path string) response {
	t.Helper()
	return b.do(t, http.MethodGet, path, nil)
}

// post sends a form with the CSRF token, as the pages' forms do.
func (b *browser) post(t *testing.T, path string, form url.Values) response {
	t.Helper()
	if form == nil {
		form = url.Values{}
	}
	form.Set(httpx.CSRFField, b.csrf)
	return b.do(t, http.MethodPost, path, form)
}

// postNoCSRF sends a form without the token, as another site's form would.
func (b *browser) postNoCSRF(t *testing.T, path string, form url.Values) response {
	t.Helper()
	return b.do(t, http.MethodPost, path, form)
}

// world is a small set of fixtures: an organisation, three people, a
// public space and an alliance-only one, and some content.
type world struct {
	s                   *site
	admin, alice, bob   *model.User
	policy, inner       *model.Space
	thread, challenge   *model.Thread
	reply, replyToReply *model.Post
	article             *model.Article
}

func newWorld(t testing.TB, d store.Dialect) *world {
	t.Helper()
	s := newSite(t, d)
	ctx := context.Background()
	w := &world{s: s}
	w.admin = mustUser(t, s, "ada", model.RoleAdmin)
	w.alice = mustUser(t, s, "alice", model.RoleMember)
	w.bob = mustUser(t, s, "bob", model.RoleMember)
	if err := s.acc.UpdateProfile(ctx, w.admin, accounts.Profile{Name: "Child Safety Agency", Sector: "government",
		Country: "GB", Website: "https://agency.example", Description: "We protect children online."}); err != nil {
		t.Fatal(err)
	}
	var err error
	if w.policy, err = s.disc.CreateSpace(ctx, w.admin, discussion.NewSpace{Name: "policy", Title: "Policy and regulation",
		Description: "Laws and *rules*."}); err != nil {
		t.Fatal(err)
	}
	if w.inner, err = s.disc.CreateSpace(ctx, w.admin, discussion.NewSpace{Name: "inner", Title: "Inner circle",
		Visibility: model.VisibilityAlliance}); err != nil {
		t.Fatal(err)
	}
	if w.thread, err = s.disc.CreateThread(ctx, w.alice, w.policy, discussion.NewThread{Title: "Hash matching across borders",
		Body: "Why is *cross-border* hash sharing slow?"}); err != nil {
		t.Fatal(err)
	}
	if w.challenge, err = s.disc.CreateThread(ctx, w.alice, w.policy, discussion.NewThread{Title: "Age assurance gaps",
		Body: "Platforms lack shared standards.", Kind: model.KindChallenge, Category: "technology"}); err != nil {
		t.Fatal(err)
	}
	if w.reply, err = s.disc.Reply(ctx, w.bob, w.thread.ID, discussion.NewPost{Body: "Legal barriers, mostly."}); err != nil {
		t.Fatal(err)
	}
	if w.replyToReply, err = s.disc.Reply(ctx, w.alice, w.thread.ID, discussion.NewPost{Body: "Which ones?", InReplyTo: w.reply.ID}); err != nil {
		t.Fatal(err)
	}
	if w.article, err = s.disc.PublishArticle(ctx, w.admin, discussion.NewArticle{Title: "The alliance meets in Geneva",
		Body: "Notes from the *meeting*.", Tags: "events"}); err != nil {
		t.Fatal(err)
	}
	return w
}

func mustUser(t testing.TB, s *site, name string, role model.Role) *model.User {
	t.Helper()
	u, err := s.acc.CreateUser(context.Background(), accounts.NewUser{Username: name, DisplayName: strings.ToUpper(name[:1]) + name[1:],
		Password: "correct horse battery", Role: role})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// checkPage fails unless a page answered want and shows no missing
// message key.
func checkPage(t *testing.T, name string, r response, want int) {
	t.Helper()
	if r.Status != want {
		t.Fatalf("%s: status %d, want %d\n%s", name, r.Status, want, snippet(r.Body))
	}
	if m := placeholderKeyRe.FindString(r.Body); m != "" && strings.HasPrefix(r.Header.Get("Content-Type"), "text/html") {
		t.Errorf("%s: the page shows the missing message key %s", name, m)
	}
}

func snippet(s string) string {
	if len(s) > 1500 {
		return s[:1500] + "…"
	}
	return s
}
