package store

import (
	"context"
	"github.com/uptrace/bun"

	"github.com/protectors-portal/portal/internal/model"
)

// CreateActor inserts an actor.
func (s *Store) CreateActor(ctx context.Context, a *model.Actor) error {
	_, err := s.idb.NewInsert().Model(a).Exec(ctx)
	return wrap("create actor", err)
}

// UpdateActor writes every column of a.
func (s *Store) UpdateActor(ctx context.Context, a *model.Actor) error {
	_, err := s.idb.NewUpdate().Model(a).WherePK().Exec(ctx)
	return wrap("update actor", err)
}

// UpdateActorProfile writes what an actor says about itself: its display
// name, summary and update time.
func (s *Store) UpdateActorProfile(ctx context.Context, a *model.Actor) error {
	_, err := s.idb.NewUpdate().Model(a).Column("display_name", "summary", "updated_at").WherePK().Exec(ctx)
	return wrap("update actor profile", err)
}

// GetActor loads an actor by id.
func (s *Store) GetActor(ctx context.Context, id string) (*model.Actor, error) {
	a := new(model.Actor)
	err := s.idb.NewSelect().Model(a).Where("id = ?", id).Scan(ctx)
	return a, wrap("get actor", err)
}

// GetActorByURI loads an actor by its ActivityPub id.
func (s *Store) GetActorByURI(ctx context.Context, uri string) (*model.Actor, error) {
	a := new(model.Actor)
	err := s.idb.NewSelect().Model(a).Where("uri = ?", uri).Scan(ctx)
	return a, wrap("get actor by uri", err)
}

// GetActorByKeyID loads the actor that owns a public key.
func (s *Store) GetActorByKeyID(ctx context.Context, keyID string) (*model.Actor, error) {
	a := new(model.Actor)
	err := s.idb.NewSelect().Model(a).Where("key_id = ?", keyID).Limit(1).Scan(ctx)
	return a, wrap("get actor by key id", err)
}

// GetActorByHandle loads an actor by kind, username and host.
func (s *Store) GetActorByHandle(ctx context.Context, kind model.ActorKind, username, host string) (*model.Actor, error) {
	a := new(model.Actor)
	err := s.idb.NewSelect().Model(a).
		Where("kind = ? AND username = ? AND host = ?", kind, username, host).Scan(ctx)
	return a, wrap("get actor by handle", err)
}

// ActorsByID loads the actors with the given ids, keyed by id. One query,
// for views that show many authors.
func (s *Store) ActorsByID(ctx context.Context, ids []string) (map[string]*model.Actor, error) {
	out := make(map[string]*model.Actor, len(ids))
	ids = uniq(ids)
	if len(ids) == 0 {
		return out, nil
	}
	var list []*model.Actor
	err := s.idb.NewSelect().Model(&list).Where("id IN (?)", bun.In(ids)).Scan(ctx)
	if err != nil {
		return nil, wrap("actors by id", err)
	}
	for _, a := range list {
		out[a.ID] = a
	}
	return out, nil
}

func uniq(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := ids[:0:0]
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}
