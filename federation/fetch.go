package federation

import (
	"context"
	"crypto/rsa"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/protectors-portal/portal/federation/activity"
	"github.com/protectors-portal/portal/federation/httpsig"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// ErrRemote is a remote server that did not give what was asked.
var ErrRemote = errors.New("remote server")

func remoteErr(format string, args ...any) error {
	return &model.SafeError{Err: fmt.Errorf("%w: "+format, append([]any{ErrRemote}, args...)...),
		Public: fmt.Sprintf(format, args...), Status: 502}
}

// fetchErr is a failed request to host. The cause (kept for logs and for
// errors.As, e.g. a *transport.StatusError) never reaches the client:
// network detail would make every inbox a port scanner.
func fetchErr(host string, cause error) error {
	return &model.SafeError{Err: fmt.Errorf("%w: fetching from %s: %w", ErrRemote, host, cause),
		Public: "Could not fetch a document from the other server.", Status: 502}
}

// fetch GETs an ActivityPub document, signed by the instance actor, after
// checking the host against the federation policy.
func (s *Service) fetch(ctx context.Context, iri string) ([]byte, error) {
	u, err := url.Parse(iri)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return nil, &model.SafeError{Err: fmt.Errorf("bad iri %q", iri), Public: "That is not an http(s) address.", Status: 422}
	}
	if strings.EqualFold(u.Host, s.urls.Domain()) {
		// What is ours is in the database; a relayed copy of our own post
		// needs no fetch (and an alliance-only one would not be served to us).
		return nil, ignored("own object %s", iri)
	}
	if !s.hostAllowed(ctx, u.Host) {
		return nil, &model.SafeError{Err: model.ErrForbidden, Public: "This node does not federate with " + u.Host + ".", Status: 403}
	}
	inst, err := s.InstanceActor(ctx)
	if err != nil {
		return nil, err
	}
	key, err := s.signingKey(inst)
	if err != nil {
		return nil, err
	}
	resp, err := s.client.Get(ctx, iri, "", &key)
	if err != nil {
		return nil, fetchErr(u.Host, err)
	}
	if activity.Host(resp.FinalURL) != activity.Host(iri) {
		return nil, remoteErr("%s redirected to another host", u.Host)
	}
	return resp.Body, nil
}

// LookupKey finds the public key named by keyID for signature checks:
// from the cache or the database, or (refresh, or unknown) fetched from
// its owner.
func (s *Service) LookupKey(ctx context.Context, keyID string, refresh bool) (*rsa.PublicKey, string, error) {
	if !refresh {
		if c, ok := s.pubKeys.get(keyID); ok {
			return c.key, c.owner, nil
		}
		if a, err := s.db.GetActorByKeyID(ctx, keyID); err == nil && a.PublicKeyPEM != "" {
			k, err := httpsig.ParsePublicPEM(a.PublicKeyPEM)
			if err != nil {
				return nil, "", err
			}
			if !a.Local {
				s.pubKeys.put(keyID, cachedKey{key: k, owner: a.URI})
			}
			return k, a.URI, nil
		}
	}
	owner := keyID
	if i := strings.IndexByte(owner, '#'); i >= 0 {
		owner = owner[:i]
	}
	if !s.hostAllowed(ctx, activity.Host(owner)) {
		return nil, "", model.ErrForbidden
	}
	a, err := s.refreshActor(ctx, owner)
	if err != nil && strings.HasSuffix(owner, "/main-key") {
		// GoToSocial's keys live at <actor>/main-key.
		a, err = s.refreshActor(ctx, strings.TrimSuffix(owner, "/main-key"))
	}
	if err != nil {
		return nil, "", err
	}
	if a.KeyID != keyID {
		return nil, "", fmt.Errorf("%w: actor %s does not own key %s", ErrRemote, a.URI, keyID)
	}
	k, err := httpsig.ParsePublicPEM(a.PublicKeyPEM)
	if err != nil {
		return nil, "", err
	}
	if !a.Local {
		s.pubKeys.put(keyID, cachedKey{key: k, owner: a.URI})
	}
	return k, a.URI, nil
}

// Actor returns a remote actor from the cache or the database, fetching
// it the first time.
func (s *Service) Actor(ctx context.Context, iri string) (*model.Actor, error) {
	if a, ok := s.cachedActor(iri); ok {
		return a, nil
	}
	if a, err := s.db.GetActorByURI(ctx, iri); err == nil {
		s.rememberActor(a)
		return a, nil
	} else if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	return s.refreshActor(ctx, iri)
}

// refreshActor fetches an actor document and stores it. The document's id
// must be on the host it was fetched from.
func (s *Service) refreshActor(ctx context.Context, iri string) (*model.Actor, error) {
	if activity.Host(iri) == strings.ToLower(s.urls.Domain()) {
		return s.db.GetActorByURI(ctx, iri)
	}
	body, err := s.fetch(ctx, iri)
	if err != nil {
		return nil, err
	}
	obj, err := activity.ParseObject(body)
	if err != nil {
		return nil, remoteErr("%s did not answer with an actor", activity.Host(iri))
	}
	a, err := s.actorFromObject(obj, iri)
	if err != nil {
		return nil, err
	}
	err = s.db.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpsertRemoteActor(ctx, a); err != nil {
			return err
		}
		if a.Kind == model.ActorGroup {
			_, err := s.disc.ReceiveSpace(ctx, tx, a, s.remoteSpaceVisibility(obj))
			return err
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	s.forgetActor(a.URI)
	s.rememberActor(a)
	return a, nil
}

// remoteSpaceVisibility reads our extension on Group actors: another
// Portal node marks its alliance-only spaces.
func (s *Service) remoteSpaceVisibility(obj *activity.Object) model.Visibility {
	if obj.Visibility == "alliance" {
		return model.VisibilityAlliance
	}
	return model.VisibilityPublic
}

// actorFromObject checks and converts a fetched actor document.
func (s *Service) actorFromObject(obj *activity.Object, fetchedFrom string) (*model.Actor, error) {
	if obj.ID == "" || !activity.SameOrigin(obj.ID, fetchedFrom) {
		return nil, remoteErr("the actor document's id is not on %s", activity.Host(fetchedFrom))
	}
	var kind model.ActorKind
	switch obj.Type {
	case "Person":
		kind = model.ActorPerson
	case "Group", "Organization":
		kind = model.ActorGroup
	case "Application", "Service":
		kind = model.ActorApplication
	default:
		return nil, remoteErr("%s is a %s, not an actor", obj.ID, obj.Type)
	}
	if obj.Inbox == "" || !activity.SameOrigin(obj.Inbox, obj.ID) && activity.Host(obj.Inbox) == "" {
		return nil, remoteErr("the actor %s has no inbox", obj.ID)
	}
	var key activity.PublicKey
	for _, k := range append([]activity.PublicKey{obj.PublicKey}, obj.PublicKeys...) {
		if k.PublicKeyPem != "" && (k.Owner == "" || k.Owner == obj.ID) && activity.SameOrigin(k.ID, obj.ID) {
			key = k
			break
		}
	}
	now := s.now()
	username := obj.PreferredUsername
	if username == "" {
		username = lastSegment(obj.ID)
	}
	a := &model.Actor{URI: obj.ID, Kind: kind, Username: clip(username, 100), Host: activity.Host(obj.ID),
		DisplayName: clip(obj.Name, 200), Summary: s.disc.Sanitize(clip(obj.Summary, 5000)), URL: obj.URL,
		Inbox: obj.Inbox, Outbox: obj.Outbox, SharedInbox: obj.SharedInbox, Followers: obj.Followers,
		Following: obj.Following, KeyID: key.ID, PublicKeyPEM: key.PublicKeyPem,
		ManuallyApproves: obj.ManuallyApprovesFollowers, CreatedAt: now, UpdatedAt: now, FetchedAt: &now}
	if a.URL == "" {
		a.URL = a.URI
	}
	return a, nil
}

func lastSegment(iri string) string {
	u, err := url.Parse(iri)
	if err != nil {
		return iri
	}
	p := strings.TrimRight(u.Path, "/")
	return p[strings.LastIndexByte(p, '/')+1:]
}

func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n])
}

// webfinger resolves name@host to an actor id.
func (s *Service) webfinger(ctx context.Context, name, host string) (string, error) {
	if !s.hostAllowed(ctx, host) {
		return "", &model.SafeError{Err: model.ErrForbidden, Public: "This node does not federate with " + host + ".", Status: 403}
	}
	q := url.Values{"resource": {"acct:" + name + "@" + host}}
	wf := s.scheme + "://" + host + "/.well-known/webfinger?" + q.Encode()
	// Signed, so that an alliance node may tell us of its alliance-only
	// spaces.
	inst, err := s.InstanceActor(ctx)
	if err != nil {
		return "", err
	}
	key, err := s.signingKey(inst)
	if err != nil {
		return "", err
	}
	resp, err := s.client.Get(ctx, wf, "application/jrd+json, application/json", &key)
	if err != nil {
		return "", fetchErr(host, err)
	}
	var doc struct {
		Links []struct {
			Rel, Type, Href string
		} `json:"links"`
	}
	if err := json.Unmarshal(resp.Body, &doc); err != nil {
		return "", remoteErr("%s gave unreadable WebFinger", host)
	}
	for _, l := range doc.Links {
		if l.Rel == "self" && (strings.HasPrefix(l.Type, "application/activity+json") || strings.HasPrefix(l.Type, "application/ld+json")) {
			return l.Href, nil
		}
	}
	return "", remoteErr("%s has no ActivityPub actor for %s", host, name)
}
