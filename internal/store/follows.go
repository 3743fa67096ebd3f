package store

import (
	"context"
	"time"

	"github.com/protectors-portal/portal/internal/model"
)

// CreateFollow records a follow; a second follow of the same pair is a
// conflict.
func (s *Store) CreateFollow(ctx context.Context, f *model.Follow) error {
	_, err := s.idb.NewInsert().Model(f).Exec(ctx)
	return wrap("create follow", err)
}

// GetFollow loads the follow of target by follower.
func (s *Store) GetFollow(ctx context.Context, followerID, targetID string) (*model.Follow, error) {
	f := new(model.Follow)
	err := s.idb.NewSelect().Model(f).Where("follower_id = ? AND target_id = ?", followerID, targetID).Scan(ctx)
	return f, wrap("get follow", err)
}

// GetFollowByURI loads a follow by its Follow activity id.
func (s *Store) GetFollowByURI(ctx context.Context, uri string) (*model.Follow, error) {
	f := new(model.Follow)
	err := s.idb.NewSelect().Model(f).Where("uri = ?", uri).Scan(ctx)
	return f, wrap("get follow by uri", err)
}

// AcceptFollow marks a follow accepted.
func (s *Store) AcceptFollow(ctx context.Context, id string, now time.Time) error {
	_, err := s.idb.NewUpdate().TableExpr("follows").Set("state = ?", model.FollowAccepted).Set("accepted_at = ?", now).
		Where("id = ?", id).Exec(ctx)
	return wrap("accept follow", err)
}

// DeleteFollow removes a follow.
func (s *Store) DeleteFollow(ctx context.Context, id string) error {
	_, err := s.idb.NewDelete().TableExpr("follows").Where("id = ?", id).Exec(ctx)
	return wrap("delete follow", err)
}

// ListFollowers lists the actors following target in the given state.
func (s *Store) ListFollowers(ctx context.Context, targetID string, state model.FollowState) ([]*model.Actor, error) {
	var list []*model.Actor
	err := s.idb.NewSelect().Model(&list).
		Where("id IN (SELECT follower_id FROM follows WHERE target_id = ? AND state = ?)", targetID, state).
		Order("id").Scan(ctx)
	return list, wrap("list followers", err)
}

// CountFollowers counts accepted followers of target.
func (s *Store) CountFollowers(ctx context.Context, targetID string) (int, error) {
	n, err := s.idb.NewSelect().TableExpr("follows").Where("target_id = ? AND state = ?", targetID, model.FollowAccepted).Count(ctx)
	return int(n), wrap("count followers", err)
}

// ListFollowing lists an actor's follows with their targets, newest first.
func (s *Store) ListFollowing(ctx context.Context, followerID string) ([]*model.Follow, error) {
	var list []*model.Follow
	if err := s.idb.NewSelect().Model(&list).Where("follower_id = ?", followerID).Order("created_at DESC").Scan(ctx); err != nil {
		return nil, wrap("list following", err)
	}
	ids := make([]string, len(list))
	for i, f := range list {
		ids[i] = f.TargetID
	}
	actors, err := s.ActorsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, f := range list {
		f.Target = actors[f.TargetID]
	}
	return list, nil
}

// FollowedByLocal reports whether any local actor follows target (accepted).
func (s *Store) FollowedByLocal(ctx context.Context, targetID string) (bool, error) {
	ok, err := s.idb.NewSelect().TableExpr("follows AS f").Join("JOIN actors AS a ON a.id = f.follower_id").
		Where("f.target_id = ? AND f.state = ? AND a.local = ?", targetID, model.FollowAccepted, true).Exists(ctx)
	return ok, wrap("followed by local", err)
}

// UpsertRemoteActor inserts a remote actor or refreshes the stored copy
// (matched by its ActivityPub id). It fills a.ID.
func (s *Store) UpsertRemoteActor(ctx context.Context, a *model.Actor) error {
	old, err := s.GetActorByURI(ctx, a.URI)
	switch {
	case err == nil:
		a.ID, a.CreatedAt, a.Local = old.ID, old.CreatedAt, false
		return s.UpdateActor(ctx, a)
	case mapErr(err) != model.ErrNotFound && !isNotFound(err):
		return err
	}
	a.ID, a.Local = model.NewID(), false
	return s.CreateActor(ctx, a)
}

func isNotFound(err error) bool {
	for e := err; e != nil; {
		if e == model.ErrNotFound {
			return true
		}
		u, ok := e.(interface{ Unwrap() error })
		if !ok {
			return false
		}
		e = u.Unwrap()
	}
	return false
}

// GetThreadByContext loads the thread whose context collection is uri.
func (s *Store) GetThreadByContext(ctx context.Context, uri string) (*model.Thread, error) {
	return s.getThread(ctx, "context_uri = ?", uri)
}
