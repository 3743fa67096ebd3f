package ui

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/protectors-portal/portal/federation"
	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

// Federation is what the pages need from the federation service: follows
// of spaces and people here or elsewhere, and the peers' delivery record.
type Federation interface {
	Follow(r *http.Request, by *model.User, target string) (any, error)
	Unfollow(r *http.Request, by *model.User, followID string) error
	ListFollows(r *http.Request, by *model.User) (any, error)
	FollowOf(ctx context.Context, by *model.User, actorID string) (*model.Follow, error)
	Peers(ctx context.Context) ([]*model.Peer, error)
}

// DomainPolicies is what the admin pages need from moderation.
type DomainPolicies interface {
	SetPolicy(ctx context.Context, by *model.User, domain, policy, note string) error
	Policies(ctx context.Context) ([]*model.DomainPolicy, error)
	RemovePolicy(ctx context.Context, by *model.User, domain string) error
}

// fedDeps are the pages' federation dependencies, set by SetFederation.
type fedDeps struct {
	svc      Federation
	policies DomainPolicies
	cfg      config.Config
}

// SetFederation gives the pages the federation service, the domain
// policies and the configuration they show. Until it is called the
// follow and federation pages answer 404 and no Follow button shows.
func (u *UI) SetFederation(f Federation, p DomainPolicies, cfg config.Config) {
	u.fed = &fedDeps{svc: f, policies: p, cfg: cfg}
}

// federationOn returns the federation dependencies, or ErrNotFound when
// the node runs without them.
func (u *UI) federationOn() (*fedDeps, error) {
	if u.fed == nil || u.fed.svc == nil || u.fed.policies == nil {
		return nil, model.ErrNotFound
	}
	return u.fed, nil
}

// followView is one follow as the follows page lists it.
type followView struct {
	ID       string
	Name     string
	Handle   string // "@name@host"
	Href     string // its page here, or (External) on its own server
	External bool
	Kind     string // a message key: follows.kind_space, follows.kind_person
	Pending  bool
	Since    time.Time
}

// listFollows loads what the member follows, newest first.
func (u *UI) listFollows(r *http.Request, fed *fedDeps, by *model.User) ([]followView, error) {
	res, err := fed.svc.ListFollows(r, by)
	if err != nil {
		return nil, err
	}
	m, ok := res.(map[string]any)
	items, ok2 := m["items"].([]federation.FollowView)
	if !ok || !ok2 {
		return nil, fmt.Errorf("ui: list follows: unexpected answer %T", res)
	}
	out := make([]followView, 0, len(items))
	for _, it := range items {
		out = append(out, u.followViewOf(it))
	}
	return out, nil
}

func (u *UI) followViewOf(f federation.FollowView) followView {
	v := followView{ID: f.ID, Name: f.Target.Name, Pending: f.State != string(model.FollowAccepted), Since: f.CreatedAt,
		Kind: "follows.kind_person"}
	if f.Target.Handle != "" {
		v.Handle = "@" + f.Target.Handle
	}
	if v.Name == "" {
		v.Name = f.Target.Handle
	}
	if f.Target.Type == string(model.ActorGroup) {
		v.Kind = "follows.kind_space"
	}
	// Pages of this node are linked by path; anything else is a link away.
	switch href := f.Target.URL; {
	case strings.HasPrefix(href, u.urls.Base+"/"):
		v.Href = strings.TrimPrefix(href, u.urls.Base)
	case webURL(href) != "":
		v.Href, v.External = href, true
	case webURL(f.Target.APID) != "":
		v.Href, v.External = f.Target.APID, true
	}
	return v
}

// followButton is the Follow / Following control on a space's page.
type followButton struct {
	Target   string // the handle the form sends
	Name     string // for the button's accessible name
	FollowID string // set when the member follows or asked to
	Pending  bool
	Next     string // where the forms come back to
	CSRF     string
}

// followButtonFor builds the control for a signed-in member and the actor
// a page is about; nil when there is nothing to show.
func (u *UI) followButtonFor(r *http.Request, a *model.Actor, next string) (*followButton, error) {
	viewer := httpx.User(r.Context())
	if viewer == nil || a == nil || a.ID == viewer.ActorID || u.fed == nil || u.fed.svc == nil {
		return nil, nil
	}
	b := &followButton{Target: a.Handle(), Name: a.Name(), Next: next, CSRF: httpx.CSRFToken(r.Context())}
	f, err := u.fed.svc.FollowOf(r.Context(), viewer, a.ID)
	switch {
	case err == nil:
		b.FollowID, b.Pending = f.ID, f.State != model.FollowAccepted
	case !errors.Is(err, model.ErrNotFound):
		return nil, err
	}
	return b, nil
}

// Origin is the server a thread from elsewhere comes from; "" for ours.
func (d *threadPage) Origin() string {
	if d.Thread == nil || d.Thread.Local {
		return ""
	}
	if p, err := url.Parse(d.Thread.URI); err == nil && p.Host != "" {
		return p.Host
	}
	if d.Thread.Space != nil {
		return d.Thread.Space.Host
	}
	return ""
}

// OriginalURL is a thread from elsewhere's page on its own server.
func (d *threadPage) OriginalURL() string {
	if d.Thread == nil || d.Thread.Local {
		return ""
	}
	if s := webURL(d.Thread.URL); s != "" {
		return s
	}
	return webURL(d.Thread.URI)
}

// OriginalURL is a space from elsewhere's page on its own server.
func (d *spacePage) OriginalURL() string {
	if d.Space == nil || d.Space.Local || d.Space.Actor == nil {
		return ""
	}
	if s := webURL(d.Space.Actor.URL); s != "" {
		return s
	}
	return webURL(d.Space.Actor.URI)
}
