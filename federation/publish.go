package federation

import (
	"context"

	"github.com/protectors-portal/portal/federation/apjson"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// Publish turns a local event into activities, stores them and queues
// their deliveries, all in the caller's transaction (discussion.Publisher).
//
// In a space of this node, the member's activity is addressed to the space
// and the space Announces it to its followers (FEP-1b12); a new thread is
// also announced bare, for Mastodon. In a space of another server, the
// activity goes to that space's inbox (which relays it) and to the author
// of what it answers.
func (s *Service) Publish(ctx context.Context, tx *store.Store, ev discussion.Event) error {
	switch ev.Type {
	case discussion.ThreadCreated, discussion.ThreadUpdated, discussion.ThreadDeleted:
		return s.publishThread(ctx, tx, ev)
	case discussion.PostCreated, discussion.PostUpdated, discussion.PostDeleted:
		return s.publishPost(ctx, tx, ev)
	case discussion.Endorsed, discussion.Unendorsed:
		return s.publishEndorsement(ctx, tx, ev)
	case discussion.SpaceCreated:
		return s.publishSpace(ctx, tx, ev)
	case discussion.SpaceUpdated:
		return s.publishSpaceUpdate(ctx, tx, ev)
	}
	return nil
}

// store saves an activity document this node sends and returns its id.
func (s *Service) storeActivity(ctx context.Context, tx *store.Store, id string, actor *model.Actor, act *apjson.Activity, objectURI string, vis model.Visibility) error {
	payload, err := apjson.Marshal(act)
	if err != nil {
		return err
	}
	return tx.CreateActivity(ctx, &model.Activity{ID: id, URI: act.ID, ActorID: actor.ID, Type: act.Type,
		ObjectURI: objectURI, Visibility: vis, Payload: string(payload), CreatedAt: s.now()})
}

// newActivity makes an activity with a fresh id of ours.
func (s *Service) newActivity(typ string, actor *model.Actor, object any, to, cc []string, audience string) (string, *apjson.Activity) {
	id := model.NewID()
	return id, &apjson.Activity{ID: s.urls.Activity(id), Type: typ, Actor: actor.URI, Object: object, To: to, Cc: cc,
		Audience: audience, Published: s.now()}
}

// send stores act (by actor) and queues it for targets.
func (s *Service) send(ctx context.Context, tx *store.Store, id string, actor *model.Actor, act *apjson.Activity, objectURI string, vis model.Visibility, ts []target) error {
	if err := s.storeActivity(ctx, tx, id, actor, act, objectURI, vis); err != nil {
		return err
	}
	return s.enqueue(ctx, tx, id, ts)
}

// relay has a local space announce act to its followers.
func (s *Service) relay(ctx context.Context, tx *store.Store, space *model.Actor, act any, objectURI string, vis model.Visibility) error {
	followers, err := tx.ListFollowers(ctx, space.ID, model.FollowAccepted)
	if err != nil {
		return err
	}
	ts := s.targets(ctx, tx, vis, followers...)
	if len(ts) == 0 {
		return nil
	}
	to, _ := addressing(vis, space)
	id, ann := s.newActivity("Announce", space, act, to, []string{space.Followers}, space.URI)
	return s.send(ctx, tx, id, space, ann, objectURI, vis, ts)
}

// authorFollowers lists the remote followers of a local member.
func (s *Service) authorFollowers(ctx context.Context, tx *store.Store, author *model.Actor) ([]*model.Actor, error) {
	return tx.ListFollowers(ctx, author.ID, model.FollowAccepted)
}

// spaceAndAuthor loads the space actor of a thread and the author of
// what is published (given, or by id).
func spaceAndAuthor(ctx context.Context, tx *store.Store, t *model.Thread, author *model.Actor, authorID string) (*model.Actor, *model.Actor, error) {
	space, err := tx.GetActor(ctx, t.Space.ActorID)
	if err != nil {
		return nil, nil, err
	}
	if author == nil {
		if author, err = tx.GetActor(ctx, authorID); err != nil {
			return nil, nil, err
		}
	}
	return space, author, nil
}

func (s *Service) publishThread(ctx context.Context, tx *store.Store, ev discussion.Event) error {
	t := ev.Thread
	if !t.Local || t.Space == nil {
		return nil
	}
	space, author, err := spaceAndAuthor(ctx, tx, t, t.Author, t.AuthorID)
	if err != nil {
		return err
	}
	page := s.pageDoc(t, space, author)
	typ := map[discussion.EventType]string{discussion.ThreadCreated: "Create", discussion.ThreadUpdated: "Update",
		discussion.ThreadDeleted: "Delete"}[ev.Type]
	actor := author
	if ev.Type != discussion.ThreadCreated && ev.Actor != nil && ev.Actor.ID != author.ID {
		// A moderator's change is the space's to announce.
		actor = space
	}
	id, act := s.newActivity(typ, actor, page, page.To, page.Cc, space.URI)
	if typ == "Delete" {
		act.To, act.Cc = []string{apjson.Public}, []string{space.URI}
		if t.Visibility != model.VisibilityPublic {
			act.To = []string{space.Followers}
		}
	}
	followers, err := s.authorFollowers(ctx, tx, author)
	if err != nil {
		return err
	}
	if err := s.send(ctx, tx, id, actor, act, t.URI, t.Visibility, s.targets(ctx, tx, t.Visibility, followers...)); err != nil {
		return err
	}
	if err := s.relay(ctx, tx, space, act, t.URI, t.Visibility); err != nil {
		return err
	}
	if ev.Type == discussion.ThreadCreated && t.Visibility == model.VisibilityPublic {
		// Mastodon shows Announce(Page id) as a boost; it ignores the
		// Announce of a Create.
		return s.relay(ctx, tx, space, t.URI, t.URI, t.Visibility)
	}
	return nil
}

func (s *Service) publishPost(ctx context.Context, tx *store.Store, ev discussion.Event) error {
	p, t := ev.Post, ev.Thread
	if !p.Local || t == nil || t.Space == nil {
		return nil
	}
	space, author, err := spaceAndAuthor(ctx, tx, t, p.Author, p.AuthorID)
	if err != nil {
		return err
	}
	parentURI, parentAuthorURI := t.URI, ""
	var parentAuthor *model.Actor
	if p.InReplyToID != nil {
		parent, err := tx.GetPost(ctx, *p.InReplyToID)
		if err != nil {
			return err
		}
		parentURI, parentAuthor = parent.URI, parent.Author
	} else if t.Author != nil {
		parentAuthor = t.Author
	} else if parentAuthor, err = tx.GetActor(ctx, t.AuthorID); err != nil {
		return err
	}
	if parentAuthor != nil {
		parentAuthorURI = parentAuthor.URI
	}
	note := s.noteDoc(p, t, space, author, parentURI, parentAuthorURI)
	typ := map[discussion.EventType]string{discussion.PostCreated: "Create", discussion.PostUpdated: "Update",
		discussion.PostDeleted: "Delete"}[ev.Type]
	actor := author
	if ev.Type == discussion.PostDeleted && ev.Actor != nil && ev.Actor.ID != author.ID {
		actor = space
	}
	id, act := s.newActivity(typ, actor, note, note.To, note.Cc, space.URI)
	recipients, err := s.authorFollowers(ctx, tx, author)
	if err != nil {
		return err
	}
	recipients = append(recipients, parentAuthor)
	if !space.Local {
		// The thread lives elsewhere: its space relays for us.
		recipients = append(recipients, space, t.Author)
	}
	if err := s.send(ctx, tx, id, actor, act, p.URI, p.Visibility, s.targets(ctx, tx, p.Visibility, recipients...)); err != nil {
		return err
	}
	if space.Local {
		return s.relay(ctx, tx, space, act, p.URI, p.Visibility)
	}
	return nil
}

func (s *Service) publishEndorsement(ctx context.Context, tx *store.Store, ev discussion.Event) error {
	t, e := ev.Thread, ev.Endorsement
	if t == nil || t.Space == nil || e == nil || ev.Actor == nil {
		return nil
	}
	space, author, err := spaceAndAuthor(ctx, tx, t, t.Author, t.AuthorID)
	if err != nil {
		return err
	}
	to, cc := addressing(t.Visibility, space, author.URI)
	like := &apjson.Activity{ID: e.URI, Type: "Like", Actor: ev.Actor.URI, Object: t.URI, To: to, Cc: cc, Audience: space.URI,
		Published: e.CreatedAt}
	var act *apjson.Activity
	var id string
	if ev.Type == discussion.Endorsed {
		id, act = e.ID, like
	} else {
		id, act = s.newActivity("Undo", ev.Actor, like, to, cc, space.URI)
	}
	var recipients []*model.Actor
	if !space.Local {
		recipients = append(recipients, space, author)
	}
	if err := s.send(ctx, tx, id, ev.Actor, act, t.URI, t.Visibility, s.targets(ctx, tx, t.Visibility, recipients...)); err != nil {
		return err
	}
	if space.Local {
		return s.relay(ctx, tx, space, act, t.URI, t.Visibility)
	}
	return nil
}
