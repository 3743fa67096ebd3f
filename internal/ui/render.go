// Package ui serves the server-rendered pages: one file per action, view
// models built from the domain services, templates from web/.
package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/hub"
	"github.com/protectors-portal/portal/internal/i18n"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
	"github.com/protectors-portal/portal/web"
)

// UI holds what the page handlers need.
type UI struct {
	accounts   *accounts.Service
	disc       *discussion.Service
	cat        *i18n.Catalog
	pages      map[string]*template.Template
	secure     bool
	urls       model.URLs
	log        *slog.Logger
	fed        *fedDeps // follows and the admin's federation page; see SetFederation
	hub        *hub.Service
	cache      *pageCache          // public thread pages as visitors see them
	moderation *moderation.Service // reports; see SetModeration
}

// Feed is an Atom feed linked from a page's head.
type Feed struct{ Title, URL string }

// Page is what every template gets: the layout's needs and the page's Data.
type Page struct {
	Title       string
	Lang        string
	User        *model.User
	CSRF        string
	Instance    *model.Instance
	Unread      int
	OpenReports int // reports the user may handle; see moderation_queue.go
	Flash       string
	Feeds       []Feed
	ActivityURL string
	NoIndex     bool
	Data        any
	// Hub is true on the alliance hub: the navigation shows its pages.
	Hub bool
}

// New parses every template once.
func New(acc *accounts.Service, disc *discussion.Service, cat *i18n.Catalog, cfg config.Config) (*UI, error) {
	u := &UI{accounts: acc, disc: disc, cat: cat, secure: cfg.Scheme == "https",
		urls: model.URLs{Base: cfg.BaseURL()}, log: slog.Default(), cache: newPageCache(512, time.Minute)}
	pages, err := u.parse()
	if err != nil {
		return nil, err
	}
	u.pages = pages
	return u, nil
}

func (u *UI) funcs() template.FuncMap {
	return template.FuncMap{
		"t":          func(key string, args ...any) string { return u.cat.T(i18n.Default, key, args...) },
		"sectors":    func() []string { return config.Sectors },
		"categories": func() []string { return model.Categories },
		"roles":      func() []string { return []string{"member", "moderator", "admin"} },
		"locales":    func() []string { return accounts.Locales },
		"statuses":   func() []model.ChallengeStatus { return model.Statuses },
		"html":       func(s string) template.HTML { return template.HTML(s) }, // only for HTML sanitised before storage
		"date":       func(t time.Time) string { return t.Format("2 Jan 2006 15:04") },
		"iso":        func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		"join":       strings.Join,
		"add":        func(a, b int) int { return a + b },
	}
}

func (u *UI) parse() (map[string]*template.Template, error) {
	base := template.New("").Funcs(u.funcs())
	base, err := base.ParseFS(web.Templates, "templates/layout.html", "templates/partials/*.html")
	if err != nil {
		return nil, fmt.Errorf("ui: parse layout: %w", err)
	}
	files, err := fs.Glob(web.Templates, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, f := range files {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if _, err := t.ParseFS(web.Templates, f); err != nil {
			return nil, fmt.Errorf("ui: parse %s: %w", f, err)
		}
		pages[strings.TrimSuffix(path.Base(f), ".html")] = t
	}
	return pages, nil
}

// page builds the layout part of a Page for a request.
func (u *UI) page(r *http.Request, title string, data any) *Page {
	ctx := r.Context()
	p := &Page{Title: title, Lang: i18n.Default, User: httpx.User(ctx), CSRF: httpx.CSRFToken(ctx), Data: data,
		Hub: u.hub != nil && u.hub.Enabled()}
	if in, err := u.accounts.Instance(ctx); err == nil {
		p.Instance = in
	} else {
		p.Instance = &model.Instance{}
	}
	if p.User != nil && u.disc != nil {
		p.Unread, _ = u.disc.UnreadCount(ctx, p.User)
	}
	if p.User != nil && u.moderation != nil {
		p.OpenReports, _ = u.moderation.OpenReports(ctx, p.User)
	}
	if f := r.URL.Query().Get("flash"); f != "" && u.cat.Has(f) {
		p.Flash = u.cat.T(p.Lang, f)
	}
	return p
}

// render writes a page with status; a template failure becomes a 500
// before anything is sent.
func (u *UI) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	body, err := u.renderBytes(name, p)
	if err != nil {
		u.fail(w, r, err)
		return
	}
	u.writePage(w, status, p, body)
}

// renderBytes executes a page's templates into bytes.
func (u *UI) renderBytes(name string, p *Page) ([]byte, error) {
	t, ok := u.pages[name]
	if !ok {
		return nil, fmt.Errorf("ui: no page %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		return nil, fmt.Errorf("ui: render %s: %w", name, err)
	}
	return buf.Bytes(), nil
}

// writePage sends a rendered page with its headers.
func (u *UI) writePage(w http.ResponseWriter, status int, p *Page, body []byte) {
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Vary", "Accept, Cookie")
	if p.User != nil || p.NoIndex {
		h.Set("Cache-Control", "private, no-store")
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// fail renders an error page for err with the status httpx picks.
func (u *UI) fail(w http.ResponseWriter, r *http.Request, err error) {
	status, msg := httpx.Status(err)
	httpx.LogError(r, status, err)
	if status == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/signin?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	t := u.pages["error"]
	p := &Page{Title: u.cat.T(i18n.Default, "error.title"), Lang: i18n.Default, User: httpx.User(r.Context()),
		CSRF: httpx.CSRFToken(r.Context()), Instance: &model.Instance{}, Data: msg, NoIndex: true}
	var buf bytes.Buffer
	if t == nil || t.ExecuteTemplate(&buf, "layout", p) != nil {
		http.Error(w, msg, status)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// Handler adapts a page handler that returns an error.
type Handler func(w http.ResponseWriter, r *http.Request) error

func (u *UI) h(fn Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := fn(w, r); err != nil {
			u.fail(w, r, err)
		}
	})
}

// signedIn returns the user or ErrUnauthorized.
func signedIn(ctx context.Context) (*model.User, error) {
	if u := httpx.User(ctx); u != nil {
		return u, nil
	}
	return nil, model.ErrUnauthorized
}

// fieldErrors pulls field messages from a validation error, or puts a
// safe error's text under "form"; other errors come back to be raised.
func fieldErrors(err error) (map[string]string, error) {
	var v *model.ValidationError
	if errors.As(err, &v) {
		return v.Fields, nil
	}
	var safe *model.SafeError
	if errors.As(err, &safe) && safe.Public != "" && safe.Status < 500 {
		return map[string]string{"form": safe.Public}, nil
	}
	return nil, err
}
