package federation

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/protectors-portal/portal/federation/activity"
	"github.com/protectors-portal/portal/federation/apjson"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// Resolved is what /api/v1/resolve and follows answer about a target.
type Resolved struct {
	Type     string `json:"type"`
	ID       string `json:"id"`
	APID     string `json:"ap_id"`
	Handle   string `json:"handle,omitempty"`
	Name     string `json:"name,omitempty"`
	URL      string `json:"url,omitempty"`
	ThreadID string `json:"thread_id,omitempty"`
}

// FollowView is one follow as the API shows it.
type FollowView struct {
	ID        string    `json:"id"`
	Target    Resolved  `json:"target"`
	State     string    `json:"state"`
	CreatedAt time.Time `json:"created_at"`
}

func (s *Service) resolvedActor(ctx context.Context, a *model.Actor) Resolved {
	r := Resolved{Type: string(a.Kind), ID: a.ID, APID: a.URI, Handle: a.Handle(), Name: a.Name(), URL: a.URL}
	if a.Kind == model.ActorGroup {
		if sp, err := s.db.GetSpaceByActorID(ctx, a.ID); err == nil {
			r.ID = sp.ID
			if sp.Local {
				r.URL = s.urls.Space(sp.Name)
			} else {
				r.URL = s.urls.Base + "/spaces/" + sp.Name + "@" + sp.Host
			}
		}
	}
	return r
}

// parseHandle splits name@host, @name@host or acct:name@host.
func parseHandle(q string) (name, host string, ok bool) {
	q = strings.TrimPrefix(strings.TrimPrefix(strings.TrimSpace(q), "acct:"), "@")
	q = strings.TrimPrefix(q, "!") // Lemmy writes communities as !name@host
	name, host, ok = strings.Cut(q, "@")
	if !ok || name == "" || host == "" || strings.ContainsAny(name, "/?#@ ") || strings.ContainsAny(host, "/?#@ ") {
		return "", "", false
	}
	return name, strings.ToLower(host), true
}

// resolveActor finds the actor a handle or URL names, here or elsewhere.
func (s *Service) resolveActor(ctx context.Context, q string) (*model.Actor, error) {
	if name, host, ok := parseHandle(q); ok {
		if host == strings.ToLower(s.urls.Domain()) {
			if sp, err := s.db.GetSpaceByName(ctx, strings.ToLower(name), s.urls.Domain()); err == nil {
				return sp.Actor, nil
			}
			u, err := s.db.GetUserByUsername(ctx, strings.ToLower(name))
			if err != nil {
				return nil, err
			}
			return u.Actor, nil
		}
		iri, err := s.webfinger(ctx, name, host)
		if err != nil {
			return nil, err
		}
		if activity.Host(iri) != host {
			return nil, remoteErr("%s's WebFinger points to another server", host)
		}
		return s.refreshActor(ctx, iri)
	}
	u, err := url.Parse(q)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, model.Invalid("target", "must be a handle (name@host) or an http(s) URL")
	}
	if a, err := s.db.GetActorByURI(ctx, q); err == nil {
		return a, nil
	}
	if strings.EqualFold(u.Host, s.urls.Domain()) {
		return nil, model.ErrNotFound
	}
	return s.refreshActor(ctx, q)
}

// Follow makes a member follow a space or person, here or on another
// server. Remote follows start pending and become accepted when the
// target's server accepts.
func (s *Service) Follow(r *http.Request, by *model.User, target string) (any, error) {
	ctx := r.Context()
	a, err := s.resolveActor(ctx, target)
	if err != nil {
		return nil, err
	}
	if a.ID == by.ActorID {
		return nil, model.Invalid("target", "is yourself")
	}
	if a.Kind == model.ActorApplication {
		return nil, model.Invalid("target", "is a server, not a space or a person")
	}
	var f *model.Follow
	err = s.db.InTx(ctx, func(tx *store.Store) error {
		old, err := tx.GetFollow(ctx, by.ActorID, a.ID)
		if err == nil {
			f = old
			if old.State == model.FollowPending && !a.Local {
				// Ask again: the first Follow may have been lost.
				return s.sendFollow(ctx, tx, by.Actor, a, old.URI)
			}
			return nil
		}
		if !errors.Is(err, model.ErrNotFound) {
			return err
		}
		id := model.NewID()
		now := s.now()
		f = &model.Follow{ID: id, FollowerID: by.ActorID, TargetID: a.ID, URI: s.urls.Activity(id), State: model.FollowPending, CreatedAt: now}
		if a.Local {
			f.State, f.AcceptedAt = model.FollowAccepted, &now
		}
		if err := tx.CreateFollow(ctx, f); err != nil {
			return err
		}
		if a.Local {
			return nil
		}
		return s.sendFollow(ctx, tx, by.Actor, a, f.URI)
	})
	if err != nil {
		return nil, err
	}
	return FollowView{ID: f.ID, Target: s.resolvedActor(ctx, a), State: string(f.State), CreatedAt: f.CreatedAt}, nil
}

func (s *Service) sendFollow(ctx context.Context, tx *store.Store, follower, to *model.Actor, uri string) error {
	id := strings.TrimPrefix(uri, s.urls.Base+"/activities/")
	follow := &apjson.Activity{ID: uri, Type: "Follow", Actor: follower.URI, Object: to.URI, To: []string{to.URI}, Published: s.now()}
	var ts []target
	if s.hostAllowedIn(ctx, tx, to.Host) && to.Inbox != "" {
		ts = append(ts, target{inbox: to.Inbox, host: activity.Host(to.Inbox)})
	}
	if _, err := tx.GetActivity(ctx, id); err == nil {
		return s.enqueue(ctx, tx, id, ts)
	}
	return s.send(ctx, tx, id, follower, follow, to.URI, model.VisibilityPublic, ts)
}

// Unfollow stops following; a remote target is sent an Undo.
func (s *Service) Unfollow(r *http.Request, by *model.User, followID string) error {
	ctx := r.Context()
	return s.db.InTx(ctx, func(tx *store.Store) error {
		list, err := tx.ListFollowing(ctx, by.ActorID)
		if err != nil {
			return err
		}
		for _, f := range list {
			if f.ID != followID {
				continue
			}
			if err := tx.DeleteFollow(ctx, f.ID); err != nil {
				return err
			}
			if f.Target == nil || f.Target.Local {
				return nil
			}
			follow := &apjson.Activity{ID: f.URI, Type: "Follow", Actor: by.Actor.URI, Object: f.Target.URI}
			id, undo := s.newActivity("Undo", by.Actor, follow, []string{f.Target.URI}, nil, "")
			return s.send(ctx, tx, id, by.Actor, undo, f.Target.URI, model.VisibilityPublic, s.targets(ctx, tx, model.VisibilityPublic, f.Target))
		}
		return model.ErrNotFound
	})
}

// ListFollows lists what the member follows, with each follow's state.
func (s *Service) ListFollows(r *http.Request, by *model.User) (any, error) {
	ctx := r.Context()
	list, err := s.db.ListFollowing(ctx, by.ActorID)
	if err != nil {
		return nil, err
	}
	items := make([]FollowView, 0, len(list))
	for _, f := range list {
		if f.Target == nil {
			continue
		}
		items = append(items, FollowView{ID: f.ID, Target: s.resolvedActor(ctx, f.Target), State: string(f.State), CreatedAt: f.CreatedAt})
	}
	return map[string]any{"items": items}, nil
}

// Resolve finds what a handle or URL names — a person, a space, a thread
// or a post — fetching it when it is not here yet.
func (s *Service) Resolve(r *http.Request, by *model.User, q string) (any, error) {
	ctx := r.Context()
	if _, _, ok := parseHandle(q); ok {
		a, err := s.resolveActor(ctx, q)
		if err != nil {
			return nil, err
		}
		return s.resolvedActor(ctx, a), nil
	}
	if t, err := s.db.GetThreadByURI(ctx, q); err == nil {
		return Resolved{Type: "Page", ID: t.ID, APID: t.URI, Name: t.Title, URL: s.urls.Thread(t.ID), ThreadID: t.ID}, nil
	}
	if p, err := s.db.GetPostByURI(ctx, q); err == nil {
		return Resolved{Type: "Note", ID: p.ID, APID: p.URI, URL: s.urls.Post(p.ID), ThreadID: p.ThreadID}, nil
	}
	if a, err := s.db.GetActorByURI(ctx, q); err == nil {
		return s.resolvedActor(ctx, a), nil
	}
	u, err := url.Parse(q)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, model.Invalid("q", "must be a handle (name@host) or an http(s) URL")
	}
	if strings.EqualFold(u.Host, s.urls.Domain()) {
		return nil, model.ErrNotFound
	}
	body, err := s.fetch(ctx, q)
	if err != nil {
		return nil, err
	}
	obj, err := activity.ParseObject(body)
	if err != nil || !activity.SameOrigin(obj.ID, q) {
		return nil, remoteErr("%s did not answer with an ActivityPub object", u.Host)
	}
	if !postable[obj.Type] {
		a, err := s.refreshActor(ctx, obj.ID)
		if err != nil {
			return nil, err
		}
		return s.resolvedActor(ctx, a), nil
	}
	if obj.AttributedTo == "" || !activity.SameOrigin(obj.AttributedTo, obj.ID) {
		return nil, remoteErr("the object at %s has no author on its server", u.Host)
	}
	author, err := s.Actor(ctx, obj.AttributedTo)
	if err != nil {
		return nil, err
	}
	// Make sure the space it is in is known, so that it can be placed.
	if obj.Audience != "" {
		if _, err := s.Actor(ctx, obj.Audience); err != nil {
			return nil, err
		}
	}
	synthetic := &activity.Activity{ID: obj.ID + "#resolved", Type: "Create", Actor: author.URI, Object: obj}
	if err := s.ingest(context.WithValue(ctx, keyResolving, true), author, obj, synthetic, nil); err != nil && !errors.Is(err, errIgnored) {
		return nil, err
	}
	if t, err := s.db.GetThreadByURI(ctx, obj.ID); err == nil {
		return Resolved{Type: "Page", ID: t.ID, APID: t.URI, Name: t.Title, URL: s.urls.Thread(t.ID), ThreadID: t.ID}, nil
	}
	if p, err := s.db.GetPostByURI(ctx, obj.ID); err == nil {
		return Resolved{Type: "Note", ID: p.ID, APID: p.URI, URL: s.urls.Post(p.ID), ThreadID: p.ThreadID}, nil
	}
	return nil, &model.SafeError{Err: model.ErrNotFound, Public: "That post is not in a space this node can show.", Status: 404}
}
