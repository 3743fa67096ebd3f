package discussion

import (
	"context"

	"github.com/protectors-portal/portal/internal/markup"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// NewPost is a reply: to the thread, or to one of its posts.
type NewPost struct {
	Body      string
	InReplyTo string // a post id; empty for the thread's first post
}

// Reply adds a reply to a thread the member may see. It works for remote
// threads too: the publisher sends it to the thread's origin.
func (s *Service) Reply(ctx context.Context, by *model.User, threadID string, in NewPost) (*model.Post, error) {
	if by == nil {
		return nil, &model.SafeError{Err: model.ErrUnauthorized, Public: "You must be signed in to reply.", Status: 401}
	}
	t, err := s.visibleThread(ctx, by, threadID)
	if err != nil {
		return nil, err
	}
	if t.Deleted() {
		return nil, &model.SafeError{Err: model.ErrConflict, Public: "This thread was deleted.", Status: 410}
	}
	if t.Locked {
		return nil, errLocked
	}
	v := &model.ValidationError{}
	body := checkBody(v, in.Body, true)
	var parent *model.Post
	if in.InReplyTo != "" {
		if parent, err = s.db.GetPost(ctx, in.InReplyTo); err != nil || parent.ThreadID != t.ID {
			if err != nil && !isNotFound(err) {
				return nil, err
			}
			v.Add("in_reply_to", "is not a post in this thread")
		}
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	now := model.Now()
	html := s.md.Markdown(body)
	p := &model.Post{ID: model.NewID(), ThreadID: t.ID, AuthorID: by.ActorID, BodySource: body, BodyHTML: html,
		BodyText: markup.PlainText(html), Visibility: t.Visibility, Local: true, CreatedAt: now, Author: by.Actor}
	if parent != nil {
		p.InReplyToID = &parent.ID
	}
	p.URI = s.urls.Post(p.ID)
	p.URL = p.URI
	err = s.db.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreatePost(ctx, p); err != nil {
			return err
		}
		if err := s.notifyReply(ctx, tx, by.ActorID, t, parent, p); err != nil {
			return err
		}
		if err := s.notifyMentions(ctx, tx, by, t, p, body); err != nil {
			return err
		}
		if t.Kind == model.KindChallenge && t.Status == model.StatusOpen && t.AuthorID != by.ActorID && t.Local {
			// A reply by someone else opens the discussion of a challenge.
			change := &model.StatusChange{ID: model.NewID(), ThreadID: t.ID, ActorID: by.ActorID, From: t.Status,
				To: model.StatusInDiscussion, CreatedAt: now}
			t.Status = model.StatusInDiscussion
			if err := tx.UpdateThreadColumns(ctx, t, "status"); err != nil {
				return err
			}
			if err := tx.CreateStatusChange(ctx, change); err != nil {
				return err
			}
			// The thread's author's Update carries the new status to
			// followers (the status is part of the challenge's Page).
			if err := s.pub.Publish(ctx, tx, Event{Type: ThreadUpdated, Actor: t.Author, Space: t.Space, Thread: t}); err != nil {
				return err
			}
		}
		return s.pub.Publish(ctx, tx, Event{Type: PostCreated, Actor: by.Actor, Space: t.Space, Thread: t, Post: p})
	})
	if err != nil {
		return nil, err
	}
	return p, nil
}

// PostView is a post with its thread.
type PostView struct {
	Post        *model.Post
	Thread      *model.Thread
	CanEdit     bool // the viewer wrote it
	CanModerate bool // the viewer moderates its space
}

// Post loads a reply the viewer may see.
func (s *Service) Post(ctx context.Context, viewer *model.User, id string) (*PostView, error) {
	if !model.ValidID(id) {
		return nil, model.ErrNotFound
	}
	p, err := s.db.GetPost(ctx, id)
	if err != nil {
		return nil, err
	}
	t, err := s.visibleThread(ctx, viewer, p.ThreadID)
	if err != nil {
		return nil, err
	}
	if !visible(viewer, p.Visibility) {
		return nil, model.ErrNotFound
	}
	pv := &PostView{Post: p, Thread: t}
	if viewer != nil {
		pv.CanEdit = p.AuthorID == viewer.ActorID
		if pv.CanModerate, err = s.isModerator(ctx, viewer, t.SpaceID); err != nil {
			return nil, err
		}
	}
	return pv, nil
}

// EditPost changes the body of one's own reply.
func (s *Service) EditPost(ctx context.Context, by *model.User, id, body string) (*model.Post, error) {
	if by == nil {
		return nil, model.ErrUnauthorized
	}
	pv, err := s.Post(ctx, by, id)
	if err != nil {
		return nil, err
	}
	p := pv.Post
	if p.AuthorID != by.ActorID {
		return nil, &model.SafeError{Err: model.ErrForbidden, Public: "Only the author can edit a reply.", Status: 403}
	}
	if p.Deleted() {
		return nil, &model.SafeError{Err: model.ErrConflict, Public: "This reply was deleted.", Status: 410}
	}
	v := &model.ValidationError{}
	body = checkBody(v, body, true)
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	now := model.Now()
	p.BodySource, p.BodyHTML = body, s.md.Markdown(body)
	p.BodyText = markup.PlainText(p.BodyHTML)
	p.EditedAt = &now
	err = s.db.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdatePost(ctx, p); err != nil {
			return err
		}
		return s.pub.Publish(ctx, tx, Event{Type: PostUpdated, Actor: by.Actor, Space: pv.Thread.Space, Thread: pv.Thread, Post: p})
	})
	return p, err
}

// DeletePost leaves a tombstone in place of a reply: its author or a
// moderator.
func (s *Service) DeletePost(ctx context.Context, by *model.User, id string) error {
	if by == nil {
		return model.ErrUnauthorized
	}
	pv, err := s.Post(ctx, by, id)
	if err != nil {
		return err
	}
	p := pv.Post
	if p.Deleted() {
		return nil
	}
	mod, err := s.isModerator(ctx, by, pv.Thread.SpaceID)
	if err != nil {
		return err
	}
	if p.AuthorID != by.ActorID && !mod {
		return &model.SafeError{Err: model.ErrForbidden, Public: "Only the author or a moderator can delete a reply.", Status: 403}
	}
	now := model.Now()
	p.DeletedAt = &now
	p.BodySource, p.BodyHTML, p.BodyText = "", "", ""
	return s.db.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdatePost(ctx, p); err != nil {
			return err
		}
		if err := tx.TouchThread(ctx, p.ThreadID, pv.Thread.LastActivityAt, -1); err != nil {
			return err
		}
		if mod && p.AuthorID != by.ActorID {
			if err := tx.Audit(ctx, &model.AuditEntry{UserID: by.ID, Action: "delete_post", Target: p.ID}); err != nil {
				return err
			}
		}
		return s.pub.Publish(ctx, tx, Event{Type: PostDeleted, Actor: by.Actor, Space: pv.Thread.Space, Thread: pv.Thread, Post: p})
	})
}
