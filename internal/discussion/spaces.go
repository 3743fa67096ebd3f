package discussion

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

var spaceNameRe = regexp.MustCompile(`^[a-z0-9_]{1,30}$`)

// NewSpace is what creating a space needs.
type NewSpace struct {
	Name        string
	Title       string
	Description string
	Visibility  model.Visibility
}

// CreateSpace makes a local space (a Group actor with its keys). by is the
// admin creating it (nil from the command line); they become its first
// moderator.
func (s *Service) CreateSpace(ctx context.Context, by *model.User, in NewSpace) (*model.Space, error) {
	if by != nil && by.Role != model.RoleAdmin {
		return nil, model.ErrForbidden
	}
	in.Name = strings.ToLower(strings.TrimSpace(in.Name))
	if in.Visibility == "" {
		in.Visibility = model.VisibilityPublic
	}
	v := &model.ValidationError{}
	if !spaceNameRe.MatchString(in.Name) {
		v.Add("name", "must be 1 to 30 lower-case letters, digits or _")
	}
	in.Title = checkTitle(v, in.Title)
	in.Description = checkDescription(v, in.Description)
	if !in.Visibility.Valid() {
		v.Add("visibility", "must be public or alliance")
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	host := s.urls.Domain()
	if _, err := s.db.GetSpaceByName(ctx, in.Name, host); err == nil {
		return nil, &model.SafeError{Err: model.ErrConflict, Public: "A space with that name exists.", Status: 409}
	} else if !errors.Is(err, model.ErrNotFound) {
		return nil, err
	}
	pub, priv, err := s.newKeys()
	if err != nil {
		return nil, err
	}
	now := model.Now()
	a := &model.Actor{ID: model.NewID(), Kind: model.ActorGroup, Username: in.Name, DisplayName: in.Title,
		Summary: s.md.Markdown(in.Description), PublicKeyPEM: pub, PrivateKeyPEM: priv, CreatedAt: now, UpdatedAt: now}
	s.urls.LocalActor(a, s.urls.Space(in.Name))
	sp := &model.Space{ID: model.NewID(), ActorID: a.ID, Name: in.Name, Host: host, Title: in.Title,
		Description: in.Description, DescriptionHTML: a.Summary, Visibility: in.Visibility, Local: true,
		CreatedAt: now, Actor: a}
	err = s.db.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateActor(ctx, a); err != nil {
			return err
		}
		if err := tx.CreateSpace(ctx, sp); err != nil {
			return err
		}
		audit := &model.AuditEntry{Action: "create_space", Target: in.Name}
		if by != nil {
			audit.UserID = by.ID
			if err := tx.AddSpaceModerator(ctx, sp.ID, by.ActorID); err != nil {
				return err
			}
		}
		if err := tx.Audit(ctx, audit); err != nil {
			return err
		}
		return s.pub.Publish(ctx, tx, Event{Type: SpaceCreated, Space: sp, Actor: a})
	})
	if errors.Is(err, model.ErrConflict) {
		return nil, &model.SafeError{Err: err, Public: "A space with that name exists.", Status: 409}
	}
	return sp, err
}

// SpaceEdit changes a local space's title or description (nil: unchanged).
// Its name, part of every address under it, and its visibility, which
// decided who received what it already holds, do not change.
type SpaceEdit struct {
	Title       *string
	Description *string
}

// EditSpace changes a local space's title and description: its moderators
// and the node's admins and moderators. Followers elsewhere hear of it
// (an Update of the Group).
func (s *Service) EditSpace(ctx context.Context, by *model.User, name string, in SpaceEdit) (*model.Space, error) {
	if by == nil {
		return nil, model.ErrUnauthorized
	}
	sp, err := s.Space(ctx, by, strings.ToLower(strings.TrimSpace(name)))
	if err != nil {
		return nil, err
	}
	if !sp.Local {
		return nil, model.ErrNotFound
	}
	mod, err := s.isModerator(ctx, by, sp.ID)
	if err != nil {
		return nil, err
	}
	if !mod {
		return nil, &model.SafeError{Err: model.ErrForbidden, Public: "Only the space's moderators and admins can change it.", Status: 403}
	}
	if in.Title == nil && in.Description == nil {
		return nil, model.Invalid("space", "send a new title or description")
	}
	v := &model.ValidationError{}
	title, desc := sp.Title, sp.Description
	if in.Title != nil {
		title = checkTitle(v, *in.Title)
	}
	if in.Description != nil {
		desc = checkDescription(v, *in.Description)
	}
	if err := v.OrNil(); err != nil {
		return nil, err
	}
	if title == sp.Title && desc == sp.Description {
		return sp, nil // nothing to record or to tell anyone
	}
	sp.Title, sp.Description, sp.DescriptionHTML = title, desc, s.md.Markdown(desc)
	a := sp.Actor
	a.DisplayName, a.Summary, a.UpdatedAt = sp.Title, sp.DescriptionHTML, model.Now()
	err = s.db.InTx(ctx, func(tx *store.Store) error {
		if err := tx.EditSpace(ctx, sp); err != nil {
			return err
		}
		if err := tx.UpdateActorProfile(ctx, a); err != nil {
			return err
		}
		if err := tx.Audit(ctx, &model.AuditEntry{UserID: by.ID, Action: "edit_space", Target: sp.Name}); err != nil {
			return err
		}
		return s.pub.Publish(ctx, tx, Event{Type: SpaceUpdated, Space: sp, Actor: by.Actor})
	})
	return sp, err
}

// checkDescription trims a space's description and checks its size.
func checkDescription(v *model.ValidationError, d string) string {
	d = strings.TrimSpace(d)
	switch {
	case len(d) > MaxBody:
		v.Add("description", "must be at most 64 KiB")
	case !utf8.ValidString(d):
		v.Add("description", "must be UTF-8 text")
	}
	return d
}

// Spaces lists the spaces of this node the viewer may see.
// Each space's ThreadCount is what the viewer may see of it.
func (s *Service) Spaces(ctx context.Context, viewer *model.User) ([]*model.Space, error) {
	all := canSeeAlliance(viewer)
	list, err := s.db.ListSpaces(ctx, store.SpaceFilter{LocalOnly: true, IncludeAlliance: all})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(list))
	for i, sp := range list {
		ids[i] = sp.ID
	}
	counts, err := s.db.CountThreadsBySpace(ctx, ids, all)
	if err != nil {
		return nil, err
	}
	for _, sp := range list {
		sp.ThreadCount = counts[sp.ID]
	}
	return list, nil
}

// Space finds a space by "name" (local) or "name@host" (remote), if the
// viewer may see it. Hidden spaces are simply not found.
func (s *Service) Space(ctx context.Context, viewer *model.User, handle string) (*model.Space, error) {
	name, host, ok := strings.Cut(strings.ToLower(handle), "@")
	if !ok {
		host = s.urls.Domain()
	}
	sp, err := s.db.GetSpaceByName(ctx, name, host)
	if err != nil {
		return nil, err
	}
	if !visible(viewer, sp.Visibility) {
		return nil, model.ErrNotFound
	}
	counts, err := s.db.CountThreadsBySpace(ctx, []string{sp.ID}, canSeeAlliance(viewer))
	if err != nil {
		return nil, err
	}
	sp.ThreadCount = counts[sp.ID]
	return sp, nil
}

// SpaceModerators lists a space's moderators.
func (s *Service) SpaceModerators(ctx context.Context, sp *model.Space) ([]*model.Actor, error) {
	return s.db.SpaceModerators(ctx, sp.ID)
}

// AddModerator makes a local member a moderator of a local space; admins only.
func (s *Service) AddModerator(ctx context.Context, by *model.User, sp *model.Space, username string) error {
	if by == nil || by.Role != model.RoleAdmin {
		return model.ErrForbidden
	}
	u, err := s.db.GetUserByUsername(ctx, strings.ToLower(strings.TrimSpace(username)))
	if err != nil {
		if errors.Is(err, model.ErrNotFound) {
			return model.Invalid("username", "no member has that username")
		}
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Store) error {
		if err := tx.AddSpaceModerator(ctx, sp.ID, u.ActorID); err != nil {
			return err
		}
		return tx.Audit(ctx, &model.AuditEntry{UserID: by.ID, Action: "add_moderator", Target: sp.Name + ":" + u.Username})
	})
}

// ThreadQuery pages through a list of threads.
type ThreadQuery struct {
	Kind   model.ThreadKind
	Pinned *bool // only pinned (true) or only unpinned (false) threads
	Cursor string
	Limit  int
}

// SpaceThreads lists a space's threads, newest activity first.
func (s *Service) SpaceThreads(ctx context.Context, viewer *model.User, sp *model.Space, q ThreadQuery) ([]*model.Thread, string, error) {
	if q.Kind != "" && !q.Kind.Valid() {
		return nil, "", model.Invalid("kind", "must be discussion or challenge")
	}
	return s.db.ListThreads(ctx, store.ThreadFilter{SpaceIDs: []string{sp.ID}, Kind: q.Kind, Pinned: q.Pinned,
		IncludeAlliance: canSeeAlliance(viewer), Cursor: q.Cursor, Limit: q.Limit})
}
