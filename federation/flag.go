package federation

import (
	"context"
	"errors"
	"fmt"

	"github.com/protectors-portal/portal/federation/activity"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
	"github.com/protectors-portal/portal/internal/store"
)

// Reports travel as ActivityPub Flags, the way Mastodon and GoToSocial
// send them: from the instance actor (so that the member who reported is
// not named), object the reported account followed by the reported post,
// content the member's comment, delivered to the account's server.

// SetModeration gives the service the moderation queue that received
// Flags are filed in. Without one, Flags are acknowledged and dropped.
func (s *Service) SetModeration(m *moderation.Service) { s.moderation = m }

// maxFlagObjects bounds how many objects of a received Flag are looked up.
const maxFlagObjects = 50

// ForwardReport sends a member's report of remote content to the server of
// its author (moderation.Forwarder), in the transaction that files it. It
// sets r.URI to the Flag's id; when the author's server may not be
// delivered to (a blocked domain), nothing is sent and r.Forwarded is
// cleared.
func (s *Service) ForwardReport(ctx context.Context, tx *store.Store, r *model.Report) error {
	subject, err := tx.GetActor(ctx, r.SubjectID)
	if err != nil {
		return err
	}
	if subject.Local {
		return fmt.Errorf("federation: report %s is about a local account; there is nowhere to forward it", r.ID)
	}
	objects := []string{subject.URI}
	vis := model.VisibilityPublic
	switch {
	case r.PostID != nil:
		p, err := tx.GetPost(ctx, *r.PostID)
		if err != nil {
			return err
		}
		objects, vis = append(objects, p.URI), p.Visibility
	case r.ThreadID != nil:
		t, err := tx.GetThread(ctx, *r.ThreadID)
		if err != nil {
			return err
		}
		objects, vis = append(objects, t.URI), t.Visibility
	}
	// The content's own visibility decides where the Flag may go: an
	// alliance post is reported only to an alliance server (its origin).
	ts := s.targets(ctx, tx, vis, subject)
	if len(ts) == 0 {
		r.Forwarded = false
		return nil
	}
	inst, err := s.instanceActorIn(ctx, tx)
	if err != nil {
		return err
	}
	id, flag := s.newActivity("Flag", inst, objects, []string{subject.URI}, nil, "")
	flag.Content = r.Comment
	uri := flag.ID
	r.URI = &uri
	return s.send(ctx, tx, id, inst, flag, objects[len(objects)-1], vis, ts)
}

// instanceActorIn is InstanceActor for code inside a transaction: on a
// cold cache it reads (or creates) the actor through tx, never through the
// pool, and holds no lock meanwhile. An actor it creates is cached only
// once a later call finds it committed.
func (s *Service) instanceActorIn(ctx context.Context, tx *store.Store) (*model.Actor, error) {
	s.instanceMu.Lock()
	a := s.instance
	s.instanceMu.Unlock()
	if a != nil {
		return a, nil
	}
	a, err := tx.GetActorByURI(ctx, s.urls.Instance())
	if err == nil {
		s.instanceMu.Lock()
		if s.instance == nil {
			s.instance = a
		}
		a = s.instance
		s.instanceMu.Unlock()
		return a, nil
	}
	if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	pub, priv, err := s.newKeys()
	if err != nil {
		return nil, err
	}
	a = s.newInstanceActor(pub, priv)
	if err := tx.CreateActor(ctx, a); err != nil {
		return nil, err
	}
	return a, nil
}

// onFlag files a report received from another server. Only the objects on
// this server are looked up; a Flag naming none of ours is acknowledged
// and files nothing.
func (s *Service) onFlag(ctx context.Context, actor *model.Actor, act *activity.Activity) error {
	if s.moderation == nil {
		return ignored("flag: no moderation queue here")
	}
	var ours []string
	seen := map[string]bool{}
	for _, iri := range act.Objects {
		if len(ours) == maxFlagObjects {
			break
		}
		if seen[iri] || !s.isOurs(iri) {
			continue
		}
		seen[iri] = true
		ours = append(ours, iri)
	}
	if len(ours) == 0 {
		return ignored("flag naming nothing of ours")
	}
	return s.once(ctx, act, func(tx *store.Store) error {
		n, err := s.moderation.ReceiveFlag(ctx, tx, moderation.ReceivedFlag{Reporter: actor, URI: act.ID,
			Objects: ours, Comment: act.Content})
		if err != nil {
			return err
		}
		s.log.InfoContext(ctx, "report received", "from", actor.URI, "flag", act.ID, "reports", n)
		return nil
	})
}

// isOurs reports whether iri is on this node's host.
func (s *Service) isOurs(iri string) bool {
	return activity.SameOrigin(iri, s.urls.Base)
}
