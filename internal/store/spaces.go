package store

import (
	"context"
	"github.com/uptrace/bun"

	"github.com/protectors-portal/portal/internal/model"
)

// CreateSpace inserts a space (its actor must exist).
func (s *Store) CreateSpace(ctx context.Context, sp *model.Space) error {
	_, err := s.idb.NewInsert().Model(sp).Exec(ctx)
	return wrap("create space", err)
}

// UpdateSpace writes every column of sp.
func (s *Store) UpdateSpace(ctx context.Context, sp *model.Space) error {
	_, err := s.idb.NewUpdate().Model(sp).WherePK().Exec(ctx)
	return wrap("update space", err)
}

// EditSpace writes a space's title and description, and nothing else: the
// counters beside them move under other transactions.
func (s *Store) EditSpace(ctx context.Context, sp *model.Space) error {
	_, err := s.idb.NewUpdate().Model(sp).Column("title", "description", "description_html").WherePK().Exec(ctx)
	return wrap("edit space", err)
}

// GetSpace loads a space by id, with its actor.
func (s *Store) GetSpace(ctx context.Context, id string) (*model.Space, error) {
	return s.getSpace(ctx, "id = ?", id)
}

// GetSpaceByName loads a space by name and host.
func (s *Store) GetSpaceByName(ctx context.Context, name, host string) (*model.Space, error) {
	return s.getSpace(ctx, "name = ? AND host = ?", name, host)
}

// GetSpaceByActorID loads the space behind a Group actor.
func (s *Store) GetSpaceByActorID(ctx context.Context, actorID string) (*model.Space, error) {
	return s.getSpace(ctx, "actor_id = ?", actorID)
}

func (s *Store) getSpace(ctx context.Context, where string, args ...any) (*model.Space, error) {
	sp := new(model.Space)
	if err := s.idb.NewSelect().Model(sp).Where(where, args...).Scan(ctx); err != nil {
		return nil, wrap("get space", err)
	}
	a, err := s.GetActor(ctx, sp.ActorID)
	if err != nil {
		return nil, err
	}
	sp.Actor = a
	return sp, nil
}

// SpaceFilter selects spaces.
type SpaceFilter struct {
	LocalOnly       bool
	IncludeAlliance bool
	IDs             []string
}

// ListSpaces lists spaces by title.
func (s *Store) ListSpaces(ctx context.Context, f SpaceFilter) ([]*model.Space, error) {
	var list []*model.Space
	q := s.idb.NewSelect().Model(&list).Order("title", "id")
	if f.LocalOnly {
		q = q.Where("local = ?", true)
	}
	if !f.IncludeAlliance {
		q = q.Where("visibility = ?", model.VisibilityPublic)
	}
	if f.IDs != nil {
		if len(f.IDs) == 0 {
			return nil, nil
		}
		q = q.Where("id IN (?)", bun.In(f.IDs))
	}
	if err := q.Scan(ctx); err != nil {
		return nil, wrap("list spaces", err)
	}
	ids := make([]string, len(list))
	for i, sp := range list {
		ids[i] = sp.ActorID
	}
	actors, err := s.ActorsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, sp := range list {
		sp.Actor = actors[sp.ActorID]
	}
	return list, nil
}

// AddSpaceModerator makes an actor a moderator of a space (idempotent).
func (s *Store) AddSpaceModerator(ctx context.Context, spaceID, actorID string) error {
	_, err := s.idb.NewRaw("INSERT INTO space_moderators (space_id, actor_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
		spaceID, actorID).Exec(ctx)
	return wrap("add space moderator", err)
}

// RemoveSpaceModerator removes a moderator.
func (s *Store) RemoveSpaceModerator(ctx context.Context, spaceID, actorID string) error {
	_, err := s.idb.NewDelete().TableExpr("space_moderators").Where("space_id = ? AND actor_id = ?", spaceID, actorID).Exec(ctx)
	return wrap("remove space moderator", err)
}

// SpaceModerators lists the actors moderating a space.
func (s *Store) SpaceModerators(ctx context.Context, spaceID string) ([]*model.Actor, error) {
	var list []*model.Actor
	err := s.idb.NewSelect().Model(&list).
		Where("id IN (SELECT actor_id FROM space_moderators WHERE space_id = ?)", spaceID).Order("username").Scan(ctx)
	return list, wrap("space moderators", err)
}

// IsSpaceModerator reports whether an actor moderates a space.
func (s *Store) IsSpaceModerator(ctx context.Context, spaceID, actorID string) (bool, error) {
	ok, err := s.idb.NewSelect().TableExpr("space_moderators").Where("space_id = ? AND actor_id = ?", spaceID, actorID).Exists(ctx)
	return ok, wrap("is space moderator", err)
}

// TimelineSpaceIDs lists the spaces whose threads belong in an actor's
// timeline: every local space and every space the actor follows (accepted).
func (s *Store) TimelineSpaceIDs(ctx context.Context, actorID string) ([]string, error) {
	var ids []string
	err := s.idb.NewRaw(`SELECT id FROM spaces WHERE local = ?
		UNION SELECT s.id FROM spaces AS s JOIN follows AS f ON f.target_id = s.actor_id
		WHERE f.follower_id = ? AND f.state = ?`, true, actorID, model.FollowAccepted).Scan(ctx, &ids)
	if ids == nil {
		ids = []string{}
	}
	return ids, wrap("timeline spaces", err)
}
