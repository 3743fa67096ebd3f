package discussion

import (
	"context"
	"errors"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/protectors-portal/portal/internal/markup"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// What arrives from other servers is stored here, in the same tables as
// local content. Federation has already checked signatures and origins;
// these methods sanitise, bound and store, and notify local members.
// They run inside the caller's transaction and publish nothing: relaying
// is federation's business.

// RemoteThread is a first post that arrived from another server.
type RemoteThread struct {
	URI, URL    string
	Title       string
	HTML        string // as received; sanitised here
	Source      string // Markdown source, when given
	Kind        model.ThreadKind
	Category    string
	Status      model.ChallengeStatus
	Visibility  model.Visibility
	ContextURI  string
	Attachments string
	Published   time.Time
	Updated     time.Time
	Author      *model.Actor
	Space       *model.Space
}

func clampTime(t time.Time, now time.Time) time.Time {
	if t.IsZero() || t.After(now.Add(5*time.Minute)) {
		return now
	}
	return t.UTC().Truncate(time.Microsecond)
}

func clampTitle(title, text string) string {
	title = strings.TrimSpace(title)
	if title == "" {
		// Mastodon notes have no title: take the start of the text.
		title = markup.Excerpt(text, 80)
	}
	if title == "" {
		title = "(untitled)"
	}
	if utf8.RuneCountInString(title) > MaxTitle {
		title = string([]rune(title)[:MaxTitle-1]) + "…"
	}
	return title
}

func clampBody(s string) string {
	if len(s) > 2*MaxBody {
		s = s[:2*MaxBody]
		for !utf8.ValidString(s) {
			s = s[:len(s)-1]
		}
	}
	return s
}

// ReceiveThread stores a remote thread, or refreshes the stored copy when
// its author sends it again. It reports whether it is new.
func (s *Service) ReceiveThread(ctx context.Context, tx *store.Store, in RemoteThread) (*model.Thread, bool, error) {
	now := model.Now()
	html := s.md.Sanitize(clampBody(in.HTML))
	text := markup.PlainText(html)
	if old, err := tx.GetThreadByURI(ctx, in.URI); err == nil {
		if old.AuthorID != in.Author.ID {
			return nil, false, model.ErrForbidden
		}
		return old, false, nil
	} else if !errors.Is(err, model.ErrNotFound) {
		return nil, false, err
	}
	if !in.Kind.Valid() {
		in.Kind = model.KindDiscussion
	}
	t := &model.Thread{ID: model.NewID(), SpaceID: in.Space.ID, URI: in.URI, URL: in.URL, AuthorID: in.Author.ID,
		Kind: in.Kind, Title: clampTitle(in.Title, text), BodySource: clampBody(in.Source), BodyHTML: html, BodyText: text,
		Visibility: in.Space.Visibility.Stricter(in.Visibility), Local: false, CreatedAt: clampTime(in.Published, now),
		ContextURI: in.ContextURI, Attachments: in.Attachments, Author: in.Author, Space: in.Space}
	if t.Kind == model.KindChallenge {
		t.Category, t.Status = in.Category, in.Status
		if !model.ValidCategory(t.Category) {
			t.Category = "other"
		}
		if !t.Status.Valid() {
			t.Status = model.StatusOpen
		}
	}
	t.LastActivityAt = t.CreatedAt
	if t.URL == "" {
		t.URL = t.URI
	}
	if err := tx.CreateThread(ctx, t); err != nil {
		return nil, false, err
	}
	return t, true, nil
}

// RemotePost is a reply that arrived from another server.
type RemotePost struct {
	URI, URL     string
	HTML, Source string
	InReplyToURI string
	Attachments  string
	Published    time.Time
	Author       *model.Actor
	Thread       *model.Thread
	Parent       *model.Post // nil when replying to the first post
}

// ReceivePost stores a remote reply (once: a redelivery changes nothing)
// and notifies the local members it answers. It reports whether it is new.
// in.Thread needs its id, space id, visibility and author id; with its
// Author (and the Parent's) loaded, remote authors cost nothing. Call it
// last in the transaction (see store.CreateReceivedReply).
func (s *Service) ReceivePost(ctx context.Context, tx *store.Store, in RemotePost) (*model.Post, bool, error) {
	r := s.remoteReply(in)
	res, err := tx.CreateReceivedReply(ctx, r)
	if err != nil {
		return nil, false, err
	}
	if !res.Created {
		old, err := tx.GetPostByURI(ctx, in.URI)
		if err != nil {
			return nil, false, err
		}
		return old, false, nil
	}
	return r.Post, true, nil
}

// PrepareReply makes a reply that arrived in the activity act ready for
// ReceiveReplies: sanitised, bounded, with whom it notifies. When
// unlessFollowed (a local space's actor id) has followers, ReceiveReplies
// will store nothing (Followed): the caller then stores the reply with
// ReceivePost, in a transaction that also relays it to them.
func (s *Service) PrepareReply(in RemotePost, act store.ReceivedActivity, unlessFollowed string) store.ReceivedReply {
	r := s.remoteReply(in)
	r.Activity, r.UnlessFollowed = &act, unlessFollowed
	return r
}

// ReceiveReplies stores prepared replies to one thread, each with its
// activity's record, so that a redelivered activity changes nothing: all
// together and atomically, on PostgreSQL in one statement without a
// transaction (store.CreateReceivedReplies).
func (s *Service) ReceiveReplies(ctx context.Context, rs []store.ReceivedReply) ([]store.ReceivedReplyResult, error) {
	return s.db.CreateReceivedReplies(ctx, rs)
}

// remoteReply sanitises and bounds a remote reply and names whom it
// notifies.
func (s *Service) remoteReply(in RemotePost) store.ReceivedReply {
	now := model.Now()
	html := s.md.Sanitize(clampBody(in.HTML))
	p := &model.Post{ID: model.NewID(), ThreadID: in.Thread.ID, URI: in.URI, URL: in.URL, AuthorID: in.Author.ID,
		BodySource: clampBody(in.Source), BodyHTML: html, BodyText: markup.PlainText(html), Visibility: in.Thread.Visibility,
		CreatedAt: clampTime(in.Published, now), InReplyToURI: in.InReplyToURI, Attachments: in.Attachments, Author: in.Author}
	if p.URL == "" {
		p.URL = p.URI
	}
	if in.Parent != nil {
		p.InReplyToID = &in.Parent.ID
	}
	return store.ReceivedReply{Post: p, SpaceID: in.Thread.SpaceID, Notify: replyNotified(in.Author.ID, in.Thread, in.Parent)}
}

// RemoteEdit is an Update of a thread or post from its author.
type RemoteEdit struct {
	URI          string
	Title        string
	HTML, Source string
	Status       model.ChallengeStatus
	Updated      time.Time
	By           *model.Actor
}

// ReceiveEdit applies an author's edit. It returns the thread the edit
// belongs to, or ErrNotFound when the object is unknown here.
func (s *Service) ReceiveEdit(ctx context.Context, tx *store.Store, in RemoteEdit) (*model.Thread, error) {
	now := model.Now()
	html := s.md.Sanitize(clampBody(in.HTML))
	edited := clampTime(in.Updated, now)
	if t, err := tx.GetThreadByURI(ctx, in.URI); err == nil {
		if t.AuthorID != in.By.ID || t.Local {
			return nil, model.ErrForbidden
		}
		if t.Deleted() {
			return t, nil
		}
		t.BodyHTML, t.BodyText, t.BodySource = html, markup.PlainText(html), clampBody(in.Source)
		t.Title = clampTitle(in.Title, t.BodyText)
		if t.Kind == model.KindChallenge && in.Status.Valid() && in.Status != t.Status {
			if err := tx.CreateStatusChange(ctx, &model.StatusChange{ID: model.NewID(), ThreadID: t.ID, ActorID: in.By.ID,
				From: t.Status, To: in.Status, CreatedAt: now}); err != nil {
				return nil, err
			}
			t.Status = in.Status
		}
		t.EditedAt = &edited
		return t, tx.UpdateThread(ctx, t)
	} else if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	p, err := tx.GetPostByURI(ctx, in.URI)
	if err != nil {
		return nil, err
	}
	if p.AuthorID != in.By.ID || p.Local {
		return nil, model.ErrForbidden
	}
	if !p.Deleted() {
		p.BodyHTML, p.BodyText, p.BodySource = html, markup.PlainText(html), clampBody(in.Source)
		p.EditedAt = &edited
		if err := tx.UpdatePost(ctx, p); err != nil {
			return nil, err
		}
	}
	return tx.GetThread(ctx, p.ThreadID)
}

// ReceiveDelete makes a remote thread or post a tombstone, when by wrote
// it (or moderates its space, for a remote space's moderators). It returns
// the thread concerned, or ErrNotFound.
func (s *Service) ReceiveDelete(ctx context.Context, tx *store.Store, uri string, by *model.Actor) (*model.Thread, *model.Post, error) {
	now := model.Now()
	if t, err := tx.GetThreadByURI(ctx, uri); err == nil {
		if t.Local || (t.AuthorID != by.ID && t.Space.ActorID != by.ID) {
			return nil, nil, model.ErrForbidden
		}
		if !t.Deleted() {
			t.DeletedAt = &now
			t.BodySource, t.BodyHTML, t.BodyText = "", "", ""
			if err := tx.UpdateThread(ctx, t); err != nil {
				return nil, nil, err
			}
		}
		return t, nil, nil
	} else if !errors.Is(err, model.ErrNotFound) {
		return nil, nil, err
	}
	p, err := tx.GetPostByURI(ctx, uri)
	if err != nil {
		return nil, nil, err
	}
	t, err := tx.GetThread(ctx, p.ThreadID)
	if err != nil {
		return nil, nil, err
	}
	if p.Local || (p.AuthorID != by.ID && t.Space.ActorID != by.ID) {
		return nil, nil, model.ErrForbidden
	}
	if !p.Deleted() {
		p.DeletedAt = &now
		p.BodySource, p.BodyHTML, p.BodyText = "", "", ""
		if err := tx.UpdatePost(ctx, p); err != nil {
			return nil, nil, err
		}
		if err := tx.TouchThread(ctx, t.ID, t.LastActivityAt, -1); err != nil {
			return nil, nil, err
		}
	}
	return t, p, nil
}

// ReceiveEndorsement counts a remote actor's Like of a thread, once per
// actor whatever inbox it came through. It returns the thread and whether
// the endorsement is new; ErrNotFound when the object is not a thread here.
func (s *Service) ReceiveEndorsement(ctx context.Context, tx *store.Store, by *model.Actor, objectURI, likeURI string) (*model.Thread, bool, error) {
	t, err := tx.GetThreadByURI(ctx, objectURI)
	if err != nil {
		return nil, false, err
	}
	if t.Deleted() {
		return t, false, nil
	}
	e := &model.Endorsement{ID: model.NewID(), ThreadID: &t.ID, ActorID: by.ID, URI: likeURI, CreatedAt: model.Now()}
	created, err := tx.Endorse(ctx, e)
	if err != nil {
		return nil, false, err
	}
	if created {
		if err := s.notifyEndorsement(ctx, tx, by.ID, t); err != nil {
			return nil, false, err
		}
	}
	return t, created, nil
}

// ReceiveUnendorsement takes a remote actor's Like back, found by the
// Like's id or, failing that, by the liked object.
func (s *Service) ReceiveUnendorsement(ctx context.Context, tx *store.Store, by *model.Actor, likeURI, objectURI string) (*model.Thread, error) {
	if e, err := tx.GetEndorsementByURI(ctx, likeURI); err == nil && e.ActorID == by.ID && e.ThreadID != nil {
		if _, err := tx.Unendorse(ctx, *e.ThreadID, by.ID); err != nil {
			return nil, err
		}
		return tx.GetThread(ctx, *e.ThreadID)
	}
	if objectURI == "" {
		return nil, model.ErrNotFound
	}
	t, err := tx.GetThreadByURI(ctx, objectURI)
	if err != nil {
		return nil, err
	}
	_, err = tx.Unendorse(ctx, t.ID, by.ID)
	return t, err
}

// ReceiveSpace records (or refreshes) a remote Group as a space.
func (s *Service) ReceiveSpace(ctx context.Context, tx *store.Store, a *model.Actor, visibility model.Visibility) (*model.Space, error) {
	if sp, err := tx.GetSpaceByActorID(ctx, a.ID); err == nil {
		changed := sp.Title != a.Name() || sp.DescriptionHTML != a.Summary
		sp.Title, sp.DescriptionHTML = clampTitle(a.Name(), ""), a.Summary
		sp.Description = markup.PlainText(a.Summary)
		if changed {
			if err := tx.EditSpace(ctx, sp); err != nil {
				return nil, err
			}
		}
		sp.Actor = a
		return sp, nil
	} else if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	if !visibility.Valid() {
		visibility = model.VisibilityPublic
	}
	sp := &model.Space{ID: model.NewID(), ActorID: a.ID, Name: strings.ToLower(a.Username), Host: a.Host,
		Title: clampTitle(a.Name(), ""), Description: markup.PlainText(a.Summary), DescriptionHTML: a.Summary,
		Visibility: visibility, CreatedAt: model.Now(), Actor: a}
	if err := tx.CreateSpace(ctx, sp); err != nil {
		return nil, err
	}
	return sp, nil
}

// ReceiveAccountDeleted carries out the deletion of a remote account, sent
// by its own server: what it wrote here becomes tombstones, its
// endorsements and follows go. A local account is never purged this way.
func (s *Service) ReceiveAccountDeleted(ctx context.Context, tx *store.Store, a *model.Actor) (store.PurgedAuthor, error) {
	if a.Local {
		return store.PurgedAuthor{}, model.ErrForbidden
	}
	return tx.PurgeAuthor(ctx, a.ID, model.Now())
}
