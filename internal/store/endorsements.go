package store

import (
	"context"

	"github.com/uptrace/bun"

	"github.com/protectors-portal/portal/internal/model"
)

// Endorse records an actor's endorsement of a thread. It reports false,
// changing nothing, when the actor had endorsed it already.
func (s *Store) Endorse(ctx context.Context, e *model.Endorsement) (bool, error) {
	res, err := s.idb.NewInsert().Model(e).On("CONFLICT DO NOTHING").Exec(ctx)
	if err != nil {
		return false, wrap("endorse", err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		return false, nil
	}
	return true, s.countEndorsements(ctx, e.ThreadID, +1)
}

// Unendorse takes an actor's endorsement of a thread back; it reports
// whether there was one.
func (s *Store) Unendorse(ctx context.Context, threadID, actorID string) (bool, error) {
	res, err := s.idb.NewDelete().TableExpr("endorsements").Where("thread_id = ? AND actor_id = ?", threadID, actorID).Exec(ctx)
	if err != nil {
		return false, wrap("unendorse", err)
	}
	n, _ := res.RowsAffected()
	if n == 0 {
		return false, nil
	}
	return true, s.countEndorsements(ctx, &threadID, -1)
}

// GetEndorsementByURI loads an endorsement by its Like activity id.
func (s *Store) GetEndorsementByURI(ctx context.Context, uri string) (*model.Endorsement, error) {
	e := new(model.Endorsement)
	err := s.idb.NewSelect().Model(e).Where("uri = ?", uri).Scan(ctx)
	return e, wrap("get endorsement", err)
}

// GetEndorsement loads an actor's endorsement of a thread.
func (s *Store) GetEndorsement(ctx context.Context, threadID, actorID string) (*model.Endorsement, error) {
	e := new(model.Endorsement)
	err := s.idb.NewSelect().Model(e).Where("thread_id = ? AND actor_id = ?", threadID, actorID).Scan(ctx)
	return e, wrap("get endorsement", err)
}

// DeleteEndorsementByURI removes an endorsement by its Like id.
func (s *Store) DeleteEndorsementByURI(ctx context.Context, uri string) (bool, error) {
	e, err := s.GetEndorsementByURI(ctx, uri)
	if err != nil {
		return false, err
	}
	if e.ThreadID == nil {
		_, err := s.idb.NewDelete().TableExpr("endorsements").Where("id = ?", e.ID).Exec(ctx)
		return err == nil, wrap("delete endorsement", err)
	}
	return s.Unendorse(ctx, *e.ThreadID, e.ActorID)
}

// countEndorsements moves a thread's endorsement count by delta, the one
// row this transaction inserted or deleted. It is an increment, not a
// recount: on PostgreSQL a transaction that waited for another's lock on
// the thread would recount from a snapshot taken before the other
// committed, and lose its endorsement from the count.
func (s *Store) countEndorsements(ctx context.Context, threadID *string, delta int) error {
	if threadID == nil {
		return nil
	}
	_, err := s.idb.NewRaw("UPDATE threads SET endorsement_count = endorsement_count + ?, revision = revision + 1 WHERE id = ?",
		delta, *threadID).Exec(ctx)
	return wrap("count endorsements", err)
}

// EndorsedThreads returns which of threadIDs the actor has endorsed.
func (s *Store) EndorsedThreads(ctx context.Context, actorID string, threadIDs []string) (map[string]bool, error) {
	out := map[string]bool{}
	if len(threadIDs) == 0 || actorID == "" {
		return out, nil
	}
	var ids []string
	err := s.idb.NewSelect().TableExpr("endorsements").Column("thread_id").
		Where("actor_id = ? AND thread_id IN (?)", actorID, bun.In(threadIDs)).Scan(ctx, &ids)
	if err != nil {
		return nil, wrap("endorsed threads", err)
	}
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// ListEndorsers lists who endorsed a thread, oldest first.
func (s *Store) ListEndorsers(ctx context.Context, threadID string) ([]*model.Actor, error) {
	var list []*model.Actor
	err := s.idb.NewSelect().Model(&list).
		Join("JOIN endorsements AS e ON e.actor_id = actor.id").Where("e.thread_id = ?", threadID).
		Order("e.created_at").Scan(ctx)
	return list, wrap("list endorsers", err)
}
