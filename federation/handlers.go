package federation

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/riverqueue/river"

	"github.com/protectors-portal/portal/federation/activity"
	"github.com/protectors-portal/portal/federation/apjson"
	"github.com/protectors-portal/portal/federation/transport"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// once runs fn in a transaction that also records the activity's id, so
// that a redelivered activity changes nothing and a failed one can be
// delivered again.
func (s *Service) once(ctx context.Context, act *activity.Activity, fn func(tx *store.Store) error) error {
	return s.db.InTx(ctx, func(tx *store.Store) error {
		fresh, err := tx.MarkReceived(ctx, act.ID, act.Actor, s.now())
		if err != nil {
			return err
		}
		if !fresh {
			return ignored("already received %s", act.ID)
		}
		return fn(tx)
	})
}

// localActor finds a local actor by id.
func (s *Service) localActor(ctx context.Context, iri string) (*model.Actor, error) {
	if activity.Host(iri) != strings.ToLower(s.urls.Domain()) {
		return nil, model.ErrNotFound
	}
	a, err := s.db.GetActorByURI(ctx, iri)
	if err != nil || !a.Local {
		return nil, model.ErrNotFound
	}
	return a, nil
}

func (s *Service) onFollow(ctx context.Context, actor *model.Actor, act *activity.Activity) error {
	target, err := s.localActor(ctx, act.ObjectID)
	if err != nil {
		return ignored("follow of unknown %s", act.ObjectID)
	}
	accept := true
	if target.Kind == model.ActorGroup {
		sp, err := s.db.GetSpaceByActorID(ctx, target.ID)
		if err != nil {
			return err
		}
		if sp.Visibility == model.VisibilityAlliance && !s.cfg.IsAllianceDomain(actor.Host) {
			accept = false
		}
	}
	return s.once(ctx, act, func(tx *store.Store) error {
		state := model.FollowAccepted
		if target.ManuallyApproves {
			state = model.FollowPending
		}
		if accept {
			f, err := tx.GetFollow(ctx, actor.ID, target.ID)
			switch {
			case errors.Is(err, model.ErrNotFound):
				now := s.now()
				f = &model.Follow{ID: model.NewID(), FollowerID: actor.ID, TargetID: target.ID, URI: act.ID, State: state, CreatedAt: now}
				if state == model.FollowAccepted {
					f.AcceptedAt = &now
				}
				if err := tx.CreateFollow(ctx, f); err != nil {
					return err
				}
			case err != nil:
				return err
			}
			if f.State == model.FollowPending {
				return nil // an admin of the space decides
			}
		}
		typ := "Accept"
		if !accept {
			typ = "Reject"
		}
		follow := &apjson.Activity{ID: act.ID, Type: "Follow", Actor: actor.URI, Object: target.URI}
		id, reply := s.newActivity(typ, target, follow, []string{actor.URI}, nil, "")
		return s.send(ctx, tx, id, target, reply, act.ID, model.VisibilityPublic, s.targets(ctx, tx, model.VisibilityPublic, actor))
	})
}

func (s *Service) onAcceptReject(ctx context.Context, actor *model.Actor, act *activity.Activity) error {
	followURI := act.ObjectID
	if act.Inner != nil && act.Inner.ID != "" {
		followURI = act.Inner.ID
	}
	f, err := s.db.GetFollowByURI(ctx, followURI)
	if errors.Is(err, model.ErrNotFound) && act.Inner != nil {
		if follower, lerr := s.localActor(ctx, act.Inner.Actor); lerr == nil {
			f, err = s.db.GetFollow(ctx, follower.ID, actor.ID)
		}
	}
	if err != nil {
		return ignored("%s of an unknown follow", act.Type)
	}
	if f.TargetID != actor.ID {
		return forbidden("%s of a follow of someone else", act.Type)
	}
	var backfill bool
	err = s.once(ctx, act, func(tx *store.Store) error {
		if act.Type == "Reject" {
			return tx.DeleteFollow(ctx, f.ID)
		}
		if f.State == model.FollowAccepted {
			return nil
		}
		backfill = actor.Kind == model.ActorGroup
		if err := tx.AcceptFollow(ctx, f.ID, s.now()); err != nil {
			return err
		}
		if backfill {
			return s.q.Enqueue(ctx, tx, BackfillSpaceArgs{ActorID: actor.ID}, nil)
		}
		return nil
	})
	return err
}

func (s *Service) onUndo(ctx context.Context, actor *model.Actor, act *activity.Activity) error {
	inner := act.Inner
	if inner == nil {
		// Only the id: find what it named.
		if f, err := s.db.GetFollowByURI(ctx, act.ObjectID); err == nil && f.FollowerID == actor.ID {
			return s.once(ctx, act, func(tx *store.Store) error { return tx.DeleteFollow(ctx, f.ID) })
		}
		if e, err := s.db.GetEndorsementByURI(ctx, act.ObjectID); err == nil && e.ActorID == actor.ID {
			inner = &activity.Activity{ID: act.ObjectID, Type: "Like", Actor: actor.URI}
		} else {
			return ignored("undo of unknown %s", act.ObjectID)
		}
	}
	if inner.Actor != "" && inner.Actor != actor.URI {
		return forbidden("undo of %s's activity by %s", inner.Actor, actor.URI)
	}
	switch inner.Type {
	case "Follow":
		target, err := s.localActor(ctx, inner.ObjectID)
		var f *model.Follow
		if err == nil {
			f, err = s.db.GetFollow(ctx, actor.ID, target.ID)
		}
		if err != nil {
			if f, err = s.db.GetFollowByURI(ctx, inner.ID); err != nil || f.FollowerID != actor.ID {
				return ignored("undo of an unknown follow")
			}
		}
		return s.once(ctx, act, func(tx *store.Store) error { return tx.DeleteFollow(ctx, f.ID) })
	case "Like":
		return s.once(ctx, act, func(tx *store.Store) error {
			t, err := s.disc.ReceiveUnendorsement(ctx, tx, actor, inner.ID, inner.ObjectID)
			if errors.Is(err, model.ErrNotFound) {
				return nil
			}
			if err != nil {
				return err
			}
			return s.relayReceived(ctx, tx, t, act)
		})
	}
	return ignored("undo of %s", inner.Type)
}

// relayReceived has a local space announce, unchanged, an activity it
// received about one of its threads (FEP-1b12).
func (s *Service) relayReceived(ctx context.Context, tx *store.Store, t *model.Thread, act *activity.Activity) error {
	plan, err := s.planRelay(ctx, tx, t)
	if err != nil {
		return err
	}
	return s.relayPlanned(ctx, tx, plan, act)
}

// postable are the object types stored as threads or replies.
var postable = map[string]bool{"Note": true, "Page": true, "Article": true, "Question": true}

// objectOf returns the object an actor creates or updates. It must be on
// the actor's own server (the origin rule, checked before anything is
// fetched): the embedded copy is used, or the object is fetched from there.
func (s *Service) objectOf(ctx context.Context, actor *model.Actor, act *activity.Activity) (*activity.Object, error) {
	id := act.ObjectID
	if act.Object != nil && act.Object.ID != "" {
		id = act.Object.ID
	}
	if id == "" {
		return nil, ignored("no object")
	}
	if !activity.SameOrigin(id, actor.URI) {
		return nil, forbidden("%s of %s by %s", act.Type, id, actor.URI)
	}
	if act.Object != nil && act.Object.ID != "" {
		return act.Object, nil
	}
	return s.fetchObject(ctx, id)
}

// fetchObject GETs an object from its origin; its id must be where it was
// fetched from.
func (s *Service) fetchObject(ctx context.Context, iri string) (*activity.Object, error) {
	body, err := s.fetch(ctx, iri)
	if err != nil {
		return nil, err
	}
	obj, err := activity.ParseObject(body)
	if err != nil || !activity.SameOrigin(obj.ID, iri) {
		return nil, remoteErr("%s did not answer with the object", activity.Host(iri))
	}
	return obj, nil
}

func (s *Service) onCreate(ctx context.Context, actor *model.Actor, act *activity.Activity) error {
	obj, err := s.objectOf(ctx, actor, act)
	if err != nil {
		return err
	}
	if !postable[obj.Type] {
		return ignored("create of %s", obj.Type)
	}
	if !activity.SameOrigin(obj.ID, actor.URI) || (obj.AttributedTo != "" && obj.AttributedTo != actor.URI) {
		return forbidden("create of %s (by %s) by %s", obj.ID, obj.AttributedTo, actor.URI)
	}
	return s.ingest(ctx, actor, obj, act, nil)
}

// ingest stores a post (new thread or reply) written by author. via is
// the group that announced it, if any.
func (s *Service) ingest(ctx context.Context, author *model.Actor, obj *activity.Object, act *activity.Activity, via *model.Actor) error {
	if v, ok := ctx.Value(keyVia).(*model.Actor); ok && via == nil {
		via = v
	}
	vis := model.VisibilityAlliance
	if obj.IsPublic() {
		vis = model.VisibilityPublic
	}
	if vis == model.VisibilityAlliance && !s.cfg.IsAllianceDomain(author.Host) && (via == nil || !s.cfg.IsAllianceDomain(via.Host)) {
		// Not public and not from the alliance: not ours to keep.
		return ignored("non-public post from outside the alliance")
	}
	if obj.InReplyTo != "" {
		thread, parent, err := s.findParent(ctx, obj.InReplyTo, 0)
		if err != nil {
			return err
		}
		if thread.Visibility == model.VisibilityAlliance && !s.cfg.IsAllianceDomain(author.Host) {
			return forbidden("reply into an alliance thread from %s", author.Host)
		}
		switch {
		case thread.Local && thread.Locked:
			// Moderators locked it: nobody replies, here or from elsewhere.
			return refuse(http.StatusForbidden, "The thread is locked.", fmt.Errorf("reply %s to locked thread %s", obj.ID, thread.URI))
		case thread.Local && thread.Deleted():
			return refuse(http.StatusGone, "The thread was deleted.", fmt.Errorf("reply %s to deleted thread %s", obj.ID, thread.URI))
		}
		in := discussion.RemotePost{URI: obj.ID, URL: obj.URL, HTML: obj.Content, Source: obj.Source,
			InReplyToURI: obj.InReplyTo, Attachments: attachments(obj), Published: obj.Published,
			Author: author, Thread: thread, Parent: parent}
		if done, err := s.receiveReplyOnce(ctx, act, in); done || err != nil {
			return err
		}
		return s.once(ctx, act, func(tx *store.Store) error {
			// Read before the reply is stored: storing it locks the thread's
			// row until the commit.
			if gone, err := tx.WasDeleted(ctx, in.URI); err != nil || gone {
				return err // a Delete came first: nothing to store
			}
			relay, err := s.planRelay(ctx, tx, thread)
			if err != nil {
				return err
			}
			_, created, err := s.disc.ReceivePost(ctx, tx, in)
			if err != nil || !created {
				return err
			}
			return s.relayPlanned(ctx, tx, relay, act)
		})
	}
	space, err := s.spaceFor(ctx, obj, act, via)
	if err != nil {
		return err
	}
	if space.Local && space.Visibility == model.VisibilityAlliance && !s.cfg.IsAllianceDomain(author.Host) {
		return forbidden("post into an alliance space from %s", author.Host)
	}
	kind := model.KindDiscussion
	if obj.Category != "" || hasHashtag(obj, "challenge") {
		kind = model.KindChallenge
	}
	return s.once(ctx, act, func(tx *store.Store) error {
		if gone, err := tx.WasDeleted(ctx, obj.ID); err != nil || gone {
			return err // a Delete came first: nothing to store
		}
		t, created, err := s.disc.ReceiveThread(ctx, tx, discussion.RemoteThread{URI: obj.ID, URL: obj.URL, Title: obj.Name,
			HTML: obj.Content, Source: obj.Source, Kind: kind, Category: obj.Category, Status: model.ChallengeStatus(obj.Status),
			Visibility: vis, ContextURI: obj.Context, Attachments: attachments(obj), Published: obj.Published,
			Updated: obj.Updated, Author: author, Space: space})
		if err != nil || !created {
			return err
		}
		return s.relayReceived(ctx, tx, t, act)
	})
}

func hasHashtag(obj *activity.Object, name string) bool {
	for _, t := range obj.Tag {
		if t.Type == "Hashtag" && strings.EqualFold(strings.TrimPrefix(t.Name, "#"), name) {
			return true
		}
	}
	return false
}

func attachments(obj *activity.Object) string {
	var list []attachmentLink
	for _, a := range obj.Attachment {
		if a.URL != "" && (strings.HasPrefix(a.URL, "https://") || strings.HasPrefix(a.URL, "http://")) && len(list) < 10 {
			list = append(list, attachmentLink{URL: a.URL, MediaType: a.MediaType, Name: clip(a.Name, 200)})
		}
	}
	return encodeAttachments(list)
}

// spaceFor finds the space a new thread belongs to: the announcing group,
// or the first known space it is addressed to. A remote space must be
// followed from here; nobody else's threads are taken in.
func (s *Service) spaceFor(ctx context.Context, obj *activity.Object, act *activity.Activity, via *model.Actor) (*model.Space, error) {
	candidates := []string{}
	if via != nil {
		candidates = append(candidates, via.URI)
	}
	candidates = append(candidates, obj.Audience)
	candidates = append(candidates, obj.AttributedGroups...)
	candidates = append(candidates, act.Audience...)
	candidates = append(candidates, obj.To...)
	candidates = append(candidates, obj.Cc...)
	for _, c := range candidates {
		if c == "" || c == activity.Public {
			continue
		}
		a, err := s.db.GetActorByURI(ctx, c)
		if err != nil || a.Kind != model.ActorGroup {
			continue
		}
		sp, err := s.db.GetSpaceByActorID(ctx, a.ID)
		if err != nil {
			continue
		}
		if resolving, _ := ctx.Value(keyResolving).(bool); !sp.Local && !resolving {
			if ok, err := s.db.FollowedByLocal(ctx, a.ID); err != nil || !ok {
				continue
			}
			// A remote space's threads come through the space's own
			// Announce (its moderation applies), or fetched from their
			// origin; not pushed straight at us by their authors.
			if fromOrigin, _ := ctx.Value(keyFromOrigin).(bool); (via == nil || via.ID != a.ID) && !fromOrigin {
				continue
			}
		}
		sp.Actor = a
		return sp, nil
	}
	return nil, ignored("post %s is in no space followed here", obj.ID)
}

// maxParentDepth bounds how far up a reply chain we fetch.
const maxParentDepth = 8

// findParent finds the thread (and post, unless the first post) that iri
// names, fetching the chain from its origins when it is not here.
// What it returns is store.GetReplyTarget's: enough to store a reply
// and relay it, not to show the thread.
func (s *Service) findParent(ctx context.Context, iri string, depth int) (*model.Thread, *model.Post, error) {
	if t, p, err := s.db.GetReplyTarget(ctx, iri); err == nil {
		return t, p, nil
	} else if !errors.Is(err, model.ErrNotFound) {
		return nil, nil, err
	}
	if depth >= maxParentDepth {
		return nil, nil, ignored("reply chain deeper than %d", maxParentDepth)
	}
	obj, err := s.fetchObject(ctx, iri)
	if err != nil {
		return nil, nil, err
	}
	if !postable[obj.Type] || obj.AttributedTo == "" || !activity.SameOrigin(obj.AttributedTo, obj.ID) {
		return nil, nil, ignored("parent %s is not a post", iri)
	}
	author, err := s.Actor(ctx, obj.AttributedTo)
	if err != nil {
		return nil, nil, err
	}
	synthetic := &activity.Activity{ID: obj.ID + "#fetched", Type: "Create", Actor: author.URI, Object: obj}
	ctx = context.WithValue(ctx, keyFromOrigin, true)
	if obj.InReplyTo == "" {
		if err := s.ingest(ctx, author, obj, synthetic, nil); err != nil && !errors.Is(err, errIgnored) {
			return nil, nil, err
		}
	} else {
		if _, _, err := s.findParent(ctx, obj.InReplyTo, depth+1); err != nil {
			return nil, nil, err
		}
		if err := s.ingest(ctx, author, obj, synthetic, nil); err != nil && !errors.Is(err, errIgnored) {
			return nil, nil, err
		}
	}
	if t, p, err := s.db.GetReplyTarget(ctx, iri); err == nil {
		return t, p, nil
	} else if !errors.Is(err, model.ErrNotFound) {
		return nil, nil, err
	}
	return nil, nil, ignored("parent %s is in no space followed here", iri)
}

func (s *Service) onUpdate(ctx context.Context, actor *model.Actor, act *activity.Activity) error {
	obj, err := s.objectOf(ctx, actor, act)
	if err != nil {
		return err
	}
	if !activity.SameOrigin(obj.ID, actor.URI) {
		return forbidden("update of %s by %s", obj.ID, actor.URI)
	}
	switch obj.Type {
	case "Person", "Group", "Organization", "Application", "Service":
		if obj.ID != actor.URI {
			return forbidden("update of actor %s by %s", obj.ID, actor.URI)
		}
		a, err := s.actorFromObject(obj, actor.URI)
		if err != nil {
			return err
		}
		err = s.once(ctx, act, func(tx *store.Store) error {
			if err := tx.UpsertRemoteActor(ctx, a); err != nil {
				return err
			}
			if a.Kind == model.ActorGroup {
				_, err := s.disc.ReceiveSpace(ctx, tx, a, s.remoteSpaceVisibility(obj))
				return err
			}
			return nil
		})
		if err == nil {
			s.forgetActor(a.URI) // its key, too, may be new
		}
		return err
	}
	if !postable[obj.Type] {
		return ignored("update of %s", obj.Type)
	}
	return s.once(ctx, act, func(tx *store.Store) error {
		t, err := s.disc.ReceiveEdit(ctx, tx, discussion.RemoteEdit{URI: obj.ID, Title: obj.Name, HTML: obj.Content,
			Source: obj.Source, Status: model.ChallengeStatus(obj.Status), Updated: obj.Updated, By: actor})
		if errors.Is(err, model.ErrNotFound) {
			return ignored("update of unknown %s", obj.ID)
		}
		if errors.Is(err, model.ErrForbidden) {
			return forbidden("update of %s by %s, who did not write it", obj.ID, actor.URI)
		}
		if err != nil {
			return err
		}
		return s.relayReceived(ctx, tx, t, act)
	})
}

func (s *Service) onDelete(ctx context.Context, actor *model.Actor, act *activity.Activity) error {
	id := act.ObjectID
	if id == actor.URI {
		// The account is gone at its server, which signed this with its
		// key: what it wrote here goes too.
		err := s.once(ctx, act, func(tx *store.Store) error {
			purged, err := s.disc.ReceiveAccountDeleted(ctx, tx, actor)
			if err == nil {
				s.log.InfoContext(ctx, "remote account deleted", "actor", actor.URI, "threads", purged.Threads,
					"posts", purged.Posts, "endorsements", purged.Endorsements, "follows", purged.Follows)
			}
			return err
		})
		if err == nil {
			s.forgetActor(actor.URI)
		}
		return err
	}
	if !activity.SameOrigin(id, actor.URI) {
		return forbidden("delete of %s by %s", id, actor.URI)
	}
	return s.once(ctx, act, func(tx *store.Store) error {
		t, _, err := s.disc.ReceiveDelete(ctx, tx, id, actor)
		if errors.Is(err, model.ErrNotFound) {
			// Not here yet: its Create may still be on the way.
			return tx.RememberDeleted(ctx, id, actor.ID, s.now())
		}
		if errors.Is(err, model.ErrForbidden) {
			return forbidden("delete of %s by %s, who did not write it", id, actor.URI)
		}
		if err != nil {
			return err
		}
		return s.relayReceived(ctx, tx, t, act)
	})
}

func (s *Service) onLike(ctx context.Context, actor *model.Actor, act *activity.Activity) error {
	return s.once(ctx, act, func(tx *store.Store) error {
		t, created, err := s.disc.ReceiveEndorsement(ctx, tx, actor, act.ObjectID, act.ID)
		if errors.Is(err, model.ErrNotFound) {
			return ignored("like of unknown %s", act.ObjectID)
		}
		if err != nil || !created {
			return err
		}
		return s.relayReceived(ctx, tx, t, act)
	})
}

// onAnnounce handles a group relaying an activity or an object. What the
// group embeds is trusted only when it comes from the group's own server;
// anything from a third server is fetched from its origin first.
func (s *Service) onAnnounce(ctx context.Context, group *model.Actor, act *activity.Activity) error {
	inner := act.Inner
	if inner == nil {
		// A bare Announce of an object (Mastodon boosts, Lemmy's
		// announce of a Page): fetch unless it is the group's own.
		var obj *activity.Object
		var err error
		if act.Object != nil && activity.SameOrigin(act.Object.ID, group.URI) {
			obj = act.Object
		} else if act.ObjectID != "" {
			if _, err := s.db.GetThreadByURI(ctx, act.ObjectID); err == nil {
				return ignored("announce of a known thread")
			}
			if _, err := s.db.GetPostByURI(ctx, act.ObjectID); err == nil {
				return ignored("announce of a known post")
			}
			obj, err = s.fetchObject(ctx, act.ObjectID)
			if err != nil {
				return err
			}
		}
		if obj == nil || !postable[obj.Type] || obj.AttributedTo == "" || !activity.SameOrigin(obj.AttributedTo, obj.ID) {
			return ignored("announce of something that is not a post")
		}
		author, err := s.Actor(ctx, obj.AttributedTo)
		if err != nil {
			return err
		}
		return s.ingest(ctx, author, obj, act, groupOrNil(group))
	}
	if inner.Actor == "" {
		return ignored("announced activity without actor")
	}
	innerActor, err := s.Actor(ctx, inner.Actor)
	if err != nil {
		return err
	}
	if activity.SameOrigin(inner.Actor, group.URI) && (inner.ID == "" || activity.SameOrigin(inner.ID, inner.Actor)) {
		if inner.ID == "" {
			inner.ID = act.ID + "#inner"
		}
		if group.Kind == model.ActorGroup {
			ctx = context.WithValue(ctx, keyVia, group)
		}
		return s.handle(ctx, innerActor, inner, 1)
	}
	// From a third server: believe only its origin.
	switch inner.Type {
	case "Create", "Update":
		id := inner.ObjectID
		if id == "" && inner.Object != nil {
			id = inner.Object.ID
		}
		obj, err := s.fetchObject(ctx, id)
		if err != nil {
			return err
		}
		if obj.AttributedTo != innerActor.URI || !activity.SameOrigin(obj.ID, innerActor.URI) {
			return forbidden("announced %s of %s does not match its origin", inner.Type, id)
		}
		// The id we record is the Announce's, which the signed group owns:
		// an id the group chose for the inner activity could shadow the
		// author's own later activity (Mastodon's <post>#delete).
		verified := &activity.Activity{ID: act.ID + "#" + strings.ToLower(inner.Type), Type: inner.Type,
			Actor: innerActor.URI, Object: obj, ObjectID: obj.ID, Audience: inner.Audience, Raw: inner.Raw}
		if inner.Type == "Create" {
			return s.ingest(ctx, innerActor, obj, verified, groupOrNil(group))
		}
		return s.onUpdate(ctx, innerActor, verified)
	case "Delete":
		id := inner.ObjectID
		if !activity.SameOrigin(id, innerActor.URI) {
			return forbidden("announced delete of %s by %s", id, innerActor.URI)
		}
		// Believe a third server's deletion only when its origin says the
		// object is gone: 404, 410 or a Tombstone. Any other failure (down,
		// refusing, slow) proves nothing.
		obj, err := s.fetchObject(ctx, id)
		var se *transport.StatusError
		switch {
		case err == nil && obj.Type != "Tombstone":
			return ignored("announced delete of %s, which its origin still serves", id)
		case err != nil && !(errors.As(err, &se) && (se.Code == 404 || se.Code == 410)):
			return err
		}
		verified := &activity.Activity{ID: act.ID + "#delete", Type: "Delete", Actor: innerActor.URI, ObjectID: id, Raw: inner.Raw}
		return s.onDelete(ctx, innerActor, verified)
	case "Like", "Undo":
		// Believe the endorsement (or its withdrawal) when its own server
		// serves it under its id.
		if inner.ID == "" || !activity.SameOrigin(inner.ID, innerActor.URI) {
			return ignored("announced %s without an id on its actor's server", inner.Type)
		}
		body, err := s.fetch(ctx, inner.ID)
		if err != nil {
			return err
		}
		fetched, err := activity.Parse(body)
		if err != nil || fetched.ID != inner.ID || fetched.Type != inner.Type || fetched.Actor != innerActor.URI {
			return forbidden("announced %s %s does not match its origin", inner.Type, inner.ID)
		}
		return s.handle(ctx, innerActor, fetched, 1)
	}
	return ignored("announced %s from a third server", inner.Type)
}

func groupOrNil(a *model.Actor) *model.Actor {
	if a.Kind == model.ActorGroup {
		return a
	}
	return nil
}

// BackfillSpaceArgs asks for a remote space's recent threads.
type BackfillSpaceArgs struct {
	ActorID string `json:"actor_id"`
}

// Kind names the job.
func (BackfillSpaceArgs) Kind() string { return "backfill_space" }

// InsertOpts retries a few times only: backfill is a convenience.
func (BackfillSpaceArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{MaxAttempts: 5} }
