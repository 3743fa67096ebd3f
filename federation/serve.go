package federation

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/protectors-portal/portal/federation/activity"
	"github.com/protectors-portal/portal/federation/apjson"
	"github.com/protectors-portal/portal/federation/httpsig"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
)

// ContentType is what ActivityPub documents are served as.
const ContentType = `application/activity+json; charset=utf-8`

type ctxKey int

const (
	keySigner ctxKey = iota
	// keyResolving marks a member's explicit lookup: a thread may then be
	// stored from a space nobody here follows.
	keyResolving
	// keyFromOrigin marks objects this node fetched from their own server.
	keyFromOrigin
	// keyVia carries the group whose Announce brought an activity.
	keyVia
)

// signerHost verifies the HTTP signature of a GET and returns the host of
// the signing actor, or "" when the request is not signed (or not validly).
func (s *Service) signerHost(r *http.Request) string {
	if v, ok := r.Context().Value(keySigner).(string); ok {
		return v
	}
	if r.Header.Get("Signature") == "" && !strings.HasPrefix(r.Header.Get("Authorization"), "Signature ") {
		return ""
	}
	_, owner, err := httpsig.Verify(r, nil, s.now(), s.LookupKey)
	if err != nil {
		httpx.Logger(r.Context()).InfoContext(r.Context(), "signed fetch refused", "error", err)
		return ""
	}
	host := activity.Host(owner)
	*r = *r.WithContext(context.WithValue(r.Context(), keySigner, host))
	return host
}

// allianceRequest reports whether the request is a fetch signed by an
// alliance node.
func (s *Service) allianceRequest(r *http.Request) bool {
	h := s.signerHost(r)
	return h != "" && s.cfg.IsAllianceDomain(h)
}

// authorizeFetch decides whether an ActivityPub document of visibility v
// may be served: public ones to anyone (in open mode), alliance-only ones
// and everything in allowlist mode only to fetches signed by an allowed
// (or alliance) server. What may not be seen is not found.
func (s *Service) authorizeFetch(r *http.Request, v model.Visibility) error {
	if v == model.VisibilityPublic && s.cfg.FederationMode != "allowlist" {
		return nil
	}
	host := s.signerHost(r)
	if host == "" {
		if v == model.VisibilityAlliance {
			return model.ErrNotFound
		}
		return &model.SafeError{Err: model.ErrUnauthorized, Public: "This server answers only signed requests from servers it federates with.", Status: 401}
	}
	if !s.hostAllowed(r.Context(), host) {
		return &model.SafeError{Err: model.ErrForbidden, Public: "This server does not federate with yours.", Status: 403}
	}
	if v == model.VisibilityAlliance && !s.cfg.IsAllianceDomain(host) {
		return model.ErrNotFound
	}
	return nil
}

// writeDoc serialises and sends an ActivityPub document.
func writeDoc(w http.ResponseWriter, v any, public bool) error {
	b, err := apjson.Marshal(v)
	if err != nil {
		return err
	}
	h := w.Header()
	h.Set("Content-Type", ContentType)
	h.Set("Vary", "Accept, Signature")
	if public {
		h.Set("Cache-Control", "public, max-age=60")
	} else {
		h.Set("Cache-Control", "private, no-store")
	}
	_, err = w.Write(b)
	return err
}

func (s *Service) instanceDoc(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorizeFetch(r, model.VisibilityPublic); err != nil {
		return err
	}
	a, err := s.InstanceActor(r.Context())
	if err != nil {
		return err
	}
	doc := s.actorDoc(a, nil)
	in, err := s.db.GetInstance(r.Context())
	if err != nil {
		return err
	}
	s.describeInstance(doc, a, in)
	return writeDoc(w, doc, true)
}

func (s *Service) memberDoc(w http.ResponseWriter, r *http.Request) error {
	if err := s.authorizeFetch(r, model.VisibilityPublic); err != nil {
		return err
	}
	u, err := s.db.GetUserByUsername(r.Context(), strings.ToLower(r.PathValue("username")))
	if err != nil {
		return err
	}
	if u.SuspendedAt != nil {
		return model.ErrNotFound
	}
	return writeDoc(w, s.actorDoc(u.Actor, nil), true)
}

// localSpace finds a local space that the request may see.
func (s *Service) localSpace(r *http.Request) (*model.Space, error) {
	sp, err := s.db.GetSpaceByName(r.Context(), strings.ToLower(r.PathValue("name")), s.urls.Domain())
	if err != nil {
		return nil, err
	}
	if err := s.authorizeFetch(r, sp.Visibility); err != nil {
		return nil, err
	}
	return sp, nil
}

func (s *Service) spaceDoc(w http.ResponseWriter, r *http.Request) error {
	sp, err := s.localSpace(r)
	if err != nil {
		return err
	}
	return writeDoc(w, s.actorDoc(sp.Actor, sp), sp.Visibility == model.VisibilityPublic)
}

// threadDoc serves a thread's first post. A remote thread's document lives
// at its origin.
func (s *Service) threadDoc(w http.ResponseWriter, r *http.Request) error {
	t, err := s.db.GetThread(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.authorizeFetch(r, t.Visibility); err != nil {
		return err
	}
	if !t.Local {
		http.Redirect(w, r, t.URI, http.StatusFound)
		return nil
	}
	return writeDoc(w, s.pageDoc(t, t.Space.Actor, t.Author), t.Visibility == model.VisibilityPublic)
}

func (s *Service) postDoc(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p, err := s.db.GetPost(ctx, r.PathValue("id"))
	if err != nil {
		return err
	}
	if err := s.authorizeFetch(r, p.Visibility); err != nil {
		return err
	}
	if !p.Local {
		http.Redirect(w, r, p.URI, http.StatusFound)
		return nil
	}
	t, err := s.db.GetThread(ctx, p.ThreadID)
	if err != nil {
		return err
	}
	parentURI, parentAuthor, err := s.parentOf(ctx, p, t)
	if err != nil {
		return err
	}
	return writeDoc(w, s.noteDoc(p, t, t.Space.Actor, p.Author, parentURI, parentAuthor), p.Visibility == model.VisibilityPublic)
}

// parentOf returns the id and author of what a post answers.
func (s *Service) parentOf(ctx context.Context, p *model.Post, t *model.Thread) (string, string, error) {
	if p.InReplyToID == nil {
		if t.Author != nil {
			return t.URI, t.Author.URI, nil
		}
		return t.URI, "", nil
	}
	parent, err := s.db.GetPost(ctx, *p.InReplyToID)
	if err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return t.URI, "", nil
		}
		return "", "", err
	}
	return parent.URI, parent.Author.URI, nil
}
