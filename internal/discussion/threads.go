package discussion

import (
	"context"
	"errors"
	"strings"

	"github.com/protectors-portal/portal/internal/markup"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// NewThread is what starting a thread needs.
type NewThread struct {
	Title      string
	Body       string
	Kind       model.ThreadKind
	Category   string
	Visibility model.Visibility
}

// CreateThread starts a discussion or challenge in a local space.
func (s *Service) CreateThread(ctx context.Context, by *model.User, sp *model.Space, in NewThread) (*model.Thread, error) {
	if by == nil {
		return nil, &model.SafeError{Err: model.ErrUnauthorized, Public: "You must be signed in to start a discussion.", Status: 401}
	}
	if !visible(by, sp.Visibility) {
		return nil, model.ErrNotFound
	}
	v := &model.ValidationError{}
	in.Title = checkTitle(v, in.Title)
	in.Body = checkBody(v, in.Body, true)
	if in.Kind == "" {
		in.Kind = model.KindDiscussion
	}
	if !in.Kind.Valid() {
		v.Add("kind", "must be discussion or challenge")
	}
	if in.Kind == model.KindChallenge {
		if in.Category == "" {
			in.Category = "other"
		}
		if !model.ValidCategory(in.Category) {
			v.Add("category", "must be one of "+strings.Join(model.Categories, ", "))
		}
	} else if in.Category != "" {
		v.Add("category", "only challenges have a category")
	}
	if in.Visibility == "" {
		in.Visibility = sp.Visibility
	}
	if !in.Visibility.Valid() {
		v.Add("visibility", "must be public or alliance")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	if !sp.Local {
		return nil, &model.SafeError{Err: model.ErrForbidden, Public: "Threads in a space on another server are started there.", Status: 403}
	}
	now := model.Now()
	html := s.md.Markdown(in.Body)
	t := &model.Thread{ID: model.NewID(), SpaceID: sp.ID, AuthorID: by.ActorID, Kind: in.Kind, Title: in.Title,
		BodySource: in.Body, BodyHTML: html, BodyText: markup.PlainText(html),
		Visibility: sp.Visibility.Stricter(in.Visibility), Category: in.Category, Local: true,
		CreatedAt: now, LastActivityAt: now, Author: by.Actor, Space: sp}
	if t.Kind == model.KindChallenge {
		t.Status = model.StatusOpen
	}
	t.URI = s.urls.Thread(t.ID)
	t.URL = t.URI
	err := s.db.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateThread(ctx, t); err != nil {
			return err
		}
		if err := s.notifyMentions(ctx, tx, by, t, nil, in.Body); err != nil {
			return err
		}
		return s.pub.Publish(ctx, tx, Event{Type: ThreadCreated, Actor: by.Actor, Space: sp, Thread: t})
	})
	if err != nil {
		return nil, err
	}
	return t, nil
}

// ThreadView is a thread with everything its page shows.
type ThreadView struct {
	Thread      *model.Thread
	Posts       []*model.Post
	History     []*model.StatusChange
	Endorsed    bool // by the viewer
	CanEdit     bool // the viewer wrote it
	CanModerate bool
}

// Thread loads a thread the viewer may see, with all its replies.
func (s *Service) Thread(ctx context.Context, viewer *model.User, id string) (*ThreadView, error) {
	t, err := s.visibleThread(ctx, viewer, id)
	if err != nil {
		return nil, err
	}
	all, err := s.db.ListPostsByThread(ctx, t.ID)
	if err != nil {
		return nil, err
	}
	posts := all[:0]
	for _, p := range all {
		if visible(viewer, p.Visibility) {
			posts = append(posts, p)
		}
	}
	view := &ThreadView{Thread: t, Posts: posts}
	if t.Kind == model.KindChallenge {
		if view.History, err = s.db.ListStatusChanges(ctx, t.ID); err != nil {
			return nil, err
		}
	}
	if viewer != nil {
		e, err := s.db.EndorsedThreads(ctx, viewer.ActorID, []string{t.ID})
		if err != nil {
			return nil, err
		}
		view.Endorsed = e[t.ID]
		view.CanEdit = t.AuthorID == viewer.ActorID
		if view.CanModerate, err = s.isModerator(ctx, viewer, t.SpaceID); err != nil {
			return nil, err
		}
	}
	return view, nil
}

// visibleThread loads a thread, hiding it (as not found) from a viewer who
// may not see it.
func (s *Service) visibleThread(ctx context.Context, viewer *model.User, id string) (*model.Thread, error) {
	if !model.ValidID(id) {
		return nil, model.ErrNotFound
	}
	t, err := s.db.GetThread(ctx, id)
	if err != nil {
		return nil, err
	}
	if !visible(viewer, t.Visibility) {
		return nil, model.ErrNotFound
	}
	return t, nil
}

// ThreadEdit changes a thread; nil fields stay as they are.
type ThreadEdit struct {
	Title  *string
	Body   *string
	Status *model.ChallengeStatus
}

// EditThread changes a thread's title or body (its author) or a
// challenge's status (its author or a moderator; the change is recorded).
func (s *Service) EditThread(ctx context.Context, by *model.User, id string, in ThreadEdit) (*model.Thread, error) {
	if by == nil {
		return nil, model.ErrUnauthorized
	}
	t, err := s.visibleThread(ctx, by, id)
	if err != nil {
		return nil, err
	}
	if t.Deleted() {
		return nil, &model.SafeError{Err: model.ErrConflict, Public: "This thread was deleted.", Status: 410}
	}
	mod, err := s.isModerator(ctx, by, t.SpaceID)
	if err != nil {
		return nil, err
	}
	own := t.AuthorID == by.ActorID
	if (in.Title != nil || in.Body != nil) && !own {
		return nil, &model.SafeError{Err: model.ErrForbidden, Public: "Only the author can edit a thread.", Status: 403}
	}
	if in.Status != nil && !own && !mod {
		return nil, &model.SafeError{Err: model.ErrForbidden, Public: "Only the author or a moderator can change a challenge's status.", Status: 403}
	}
	v := &model.ValidationError{}
	if in.Title != nil {
		t.Title = checkTitle(v, *in.Title)
	}
	var body string
	if in.Body != nil {
		body = checkBody(v, *in.Body, true)
	}
	var change *model.StatusChange
	if in.Status != nil {
		switch {
		case t.Kind != model.KindChallenge:
			v.Add("status", "only challenges have a status")
		case !in.Status.Valid():
			v.Add("status", "must be open, in-discussion, solution-proposed or addressed")
		case *in.Status != t.Status:
			change = &model.StatusChange{ID: model.NewID(), ThreadID: t.ID, ActorID: by.ActorID, From: t.Status, To: *in.Status, CreatedAt: model.Now()}
			t.Status = *in.Status
		}
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	if !t.Local && (in.Title != nil || in.Body != nil) {
		return nil, &model.SafeError{Err: model.ErrForbidden, Public: "This thread lives on another server.", Status: 403}
	}
	now := model.Now()
	if in.Body != nil || in.Title != nil {
		if in.Body != nil {
			t.BodySource = body
			t.BodyHTML = s.md.Markdown(body)
			t.BodyText = markup.PlainText(t.BodyHTML)
		}
		t.EditedAt = &now
	}
	err = s.db.InTx(ctx, func(tx *store.Store) error {
		var cols []string
		if in.Body != nil || in.Title != nil {
			cols = append(cols, "title", "body_source", "body_html", "body_text", "edited_at")
		}
		if change != nil {
			cols = append(cols, "status")
		}
		if len(cols) > 0 {
			if err := tx.UpdateThreadColumns(ctx, t, cols...); err != nil {
				return err
			}
		}
		if change != nil {
			if err := tx.CreateStatusChange(ctx, change); err != nil {
				return err
			}
		}
		return s.pub.Publish(ctx, tx, Event{Type: ThreadUpdated, Actor: by.Actor, Space: t.Space, Thread: t})
	})
	return t, err
}

// DeleteThread makes a thread a tombstone: its author or a moderator.
// Replies stay, so that their chains stay whole.
func (s *Service) DeleteThread(ctx context.Context, by *model.User, id string) error {
	if by == nil {
		return model.ErrUnauthorized
	}
	t, err := s.visibleThread(ctx, by, id)
	if err != nil {
		return err
	}
	if t.Deleted() {
		return nil
	}
	mod, err := s.isModerator(ctx, by, t.SpaceID)
	if err != nil {
		return err
	}
	if t.AuthorID != by.ActorID && !mod {
		return &model.SafeError{Err: model.ErrForbidden, Public: "Only the author or a moderator can delete a thread.", Status: 403}
	}
	now := model.Now()
	t.DeletedAt = &now
	t.BodySource, t.BodyHTML, t.BodyText = "", "", ""
	return s.db.InTx(ctx, func(tx *store.Store) error {
		if err := tx.UpdateThreadColumns(ctx, t, "deleted_at", "body_source", "body_html", "body_text"); err != nil {
			return err
		}
		if mod && t.AuthorID != by.ActorID {
			if err := tx.Audit(ctx, &model.AuditEntry{UserID: by.ID, Action: "delete_thread", Target: t.ID}); err != nil {
				return err
			}
		}
		return s.pub.Publish(ctx, tx, Event{Type: ThreadDeleted, Actor: by.Actor, Space: t.Space, Thread: t})
	})
}

// Moderate locks or pins a thread; moderators only.
func (s *Service) Moderate(ctx context.Context, by *model.User, id string, lock, pin *bool) error {
	if by == nil {
		return model.ErrUnauthorized
	}
	t, err := s.visibleThread(ctx, by, id)
	if err != nil {
		return err
	}
	mod, err := s.isModerator(ctx, by, t.SpaceID)
	if err != nil {
		return err
	}
	if !mod {
		return &model.SafeError{Err: model.ErrForbidden, Public: "Only moderators can lock or pin threads.", Status: 403}
	}
	var what []string
	if lock != nil {
		t.Locked = *lock
		what = append(what, map[bool]string{true: "lock", false: "unlock"}[*lock])
	}
	if pin != nil {
		t.Pinned = *pin
		what = append(what, map[bool]string{true: "pin", false: "unpin"}[*pin])
	}
	return s.db.InTx(ctx, func(tx *store.Store) error {
		var cols []string
		if lock != nil {
			cols = append(cols, "locked")
		}
		if pin != nil {
			cols = append(cols, "pinned")
		}
		if err := tx.UpdateThreadColumns(ctx, t, cols...); err != nil {
			return err
		}
		return tx.Audit(ctx, &model.AuditEntry{UserID: by.ID, Action: strings.Join(what, "+") + "_thread", Target: t.ID})
	})
}

var errLocked = &model.SafeError{Err: model.ErrForbidden, Public: "This thread is locked.", Status: 403}

func isNotFound(err error) bool { return errors.Is(err, model.ErrNotFound) }

// PublicRevision returns the revision of a live public thread (for page
// caches); ok is false for anything else, which must not be cached.
func (s *Service) PublicRevision(ctx context.Context, id string) (rev int64, ok bool, err error) {
	if !model.ValidID(id) {
		return 0, false, nil
	}
	rev, vis, deleted, err := s.db.ThreadRevision(ctx, id)
	if errors.Is(err, model.ErrNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	return rev, vis == model.VisibilityPublic && !deleted, nil
}
