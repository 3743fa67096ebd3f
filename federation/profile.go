package federation

import (
	"context"
	"errors"

	"github.com/protectors-portal/portal/federation/apjson"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// What our actors say about themselves travels as an Update of the actor,
// sent by the actor: a space's new title or description to the space's
// followers; a member's or the organisation's new profile to their
// followers and to every server that follows one of our spaces, where
// their posts are shown under that name.

// publishSpaceUpdate sends a local space's Update(Group) to its followers.
// An alliance space's is addressed to its followers only, and so reaches
// alliance servers only.
func (s *Service) publishSpaceUpdate(ctx context.Context, tx *store.Store, ev discussion.Event) error {
	sp := ev.Space
	if sp == nil || !sp.Local {
		return nil
	}
	a, err := tx.GetActor(ctx, sp.ActorID)
	if err != nil {
		return err
	}
	followers, err := tx.ListFollowers(ctx, a.ID, model.FollowAccepted)
	if err != nil || len(followers) == 0 {
		return err
	}
	to, cc := []string{apjson.Public}, []string{a.Followers}
	if sp.Visibility != model.VisibilityPublic {
		to, cc = []string{a.Followers}, nil
	}
	id, upd := s.newActivity("Update", a, s.actorDoc(a, sp), to, cc, "")
	return s.send(ctx, tx, id, a, upd, a.URI, sp.Visibility, s.targets(ctx, tx, sp.Visibility, followers...))
}

// PublishProfile sends the Update of a member's or of the organisation's
// actor, inside the transaction that changed it (accounts.ProfilePublisher).
func (s *Service) PublishProfile(ctx context.Context, tx *store.Store, a *model.Actor) error {
	if !a.Local {
		return nil
	}
	doc := s.actorDoc(a, nil)
	if a.URI == s.urls.Instance() {
		in, err := tx.GetInstance(ctx)
		if err != nil {
			return err
		}
		s.describeInstance(doc, a, in)
	}
	recipients, err := tx.ListFollowers(ctx, a.ID, model.FollowAccepted)
	if err != nil {
		return err
	}
	spaces, err := tx.ListSpaces(ctx, store.SpaceFilter{LocalOnly: true, IncludeAlliance: true})
	if err != nil {
		return err
	}
	for _, sp := range spaces {
		fs, err := tx.ListFollowers(ctx, sp.ActorID, model.FollowAccepted)
		if err != nil {
			return err
		}
		recipients = append(recipients, fs...)
	}
	ts := s.targets(ctx, tx, model.VisibilityPublic, recipients...)
	if len(ts) == 0 {
		return nil
	}
	id, upd := s.newActivity("Update", a, doc, []string{apjson.Public}, []string{a.Followers}, "")
	return s.send(ctx, tx, id, a, upd, a.URI, model.VisibilityPublic, ts)
}

// describeInstance fills the instance actor's document from the
// organisation profile.
func (s *Service) describeInstance(doc *apjson.Actor, a *model.Actor, in *model.Instance) {
	if in.Name != "" {
		doc.Name = in.Name
	}
	doc.Summary = s.disc.Markdown(in.Description)
	doc.Spaces = a.URI + "/spaces"
	if in.UpdatedAt.After(doc.Updated) {
		doc.Updated = in.UpdatedAt
	}
}

// PublishInstanceProfile sends the Update of the instance actor after the
// organisation profile changed (accounts.ProfilePublisher). Before the
// instance actor exists nobody can follow it, and there is nothing to send.
func (s *Service) PublishInstanceProfile(ctx context.Context, tx *store.Store) error {
	a, err := tx.GetActorByURI(ctx, s.urls.Instance())
	if errors.Is(err, model.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.PublishProfile(ctx, tx, a)
}
