package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/protectors-portal/portal/internal/model"
)

// CreateActivity stores an activity this node sends.
func (s *Store) CreateActivity(ctx context.Context, a *model.Activity) error {
	_, err := s.idb.NewInsert().Model(a).Exec(ctx)
	return wrap("create activity", err)
}

// GetActivity loads a sent activity by id.
func (s *Store) GetActivity(ctx context.Context, id string) (*model.Activity, error) {
	a := new(model.Activity)
	err := s.idb.NewSelect().Model(a).Where("id = ?", id).Scan(ctx)
	return a, wrap("get activity", err)
}

// ListActivities lists an actor's latest sent activities of the given
// types, newest first, for its outbox.
func (s *Store) ListActivities(ctx context.Context, actorID string, types []string, publicOnly bool, limit int) ([]*model.Activity, error) {
	var list []*model.Activity
	q := s.idb.NewSelect().Model(&list).Where("actor_id = ?", actorID)
	if len(types) > 0 {
		q = q.Where("type IN (?)", bun.In(types))
	}
	if publicOnly {
		q = q.Where("visibility = ?", model.VisibilityPublic)
	}
	err := q.Order("created_at DESC", "id DESC").Limit(int64(limit)).Scan(ctx)
	return list, wrap("list activities", err)
}

// CountActivities counts an actor's sent activities of the given types.
func (s *Store) CountActivities(ctx context.Context, actorID string, types []string, publicOnly bool) (int, error) {
	q := s.idb.NewSelect().TableExpr("activities").Where("actor_id = ?", actorID)
	if len(types) > 0 {
		q = q.Where("type IN (?)", bun.In(types))
	}
	if publicOnly {
		q = q.Where("visibility = ?", model.VisibilityPublic)
	}
	n, err := q.Count(ctx)
	return int(n), wrap("count activities", err)
}

// MarkReceived records an incoming activity id; it reports false when the
// id was seen before (a redelivery).
func (s *Store) MarkReceived(ctx context.Context, uri, actorURI string, now time.Time) (bool, error) {
	res, err := s.idb.NewRaw("INSERT INTO received_activities (uri, actor_uri, received_at) VALUES (?, ?, ?) ON CONFLICT (uri) DO NOTHING",
		uri, actorURI, now).Exec(ctx)
	if err != nil {
		return false, wrap("mark received", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// DeleteReceivedBefore forgets received ids older than t.
func (s *Store) DeleteReceivedBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := s.idb.NewDelete().TableExpr("received_activities").Where("received_at < ?", t).Exec(ctx)
	if err != nil {
		return 0, wrap("delete received", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}

// GetPeer loads what is known of a remote host.
func (s *Store) GetPeer(ctx context.Context, host string) (*model.Peer, error) {
	p := new(model.Peer)
	err := s.idb.NewSelect().Model(p).Where("host = ?", host).Scan(ctx)
	return p, wrap("get peer", err)
}

// EnsurePeer records a host the first time it is met.
func (s *Store) EnsurePeer(ctx context.Context, host string, now time.Time) error {
	_, err := s.idb.NewRaw("INSERT INTO peers (host, created_at) VALUES (?, ?) ON CONFLICT (host) DO NOTHING", host, now).Exec(ctx)
	return wrap("ensure peer", err)
}

// RecordDeliverySuccess notes a delivery that went through: the failure
// count and any pause are cleared.
func (s *Store) RecordDeliverySuccess(ctx context.Context, host string, now time.Time) error {
	if err := s.EnsurePeer(ctx, host, now); err != nil {
		return err
	}
	_, err := s.idb.NewRaw("UPDATE peers SET last_success_at = ?, failures = 0, paused_until = NULL, delivered = delivered + 1 WHERE host = ?",
		now, host).Exec(ctx)
	return wrap("record delivery success", err)
}

// RecordDeliveryFailure notes a failed delivery and returns the number of
// failures in a row.
func (s *Store) RecordDeliveryFailure(ctx context.Context, host, msg string, now time.Time) (int, error) {
	if err := s.EnsurePeer(ctx, host, now); err != nil {
		return 0, err
	}
	if len(msg) > 300 {
		msg = msg[:300]
	}
	_, err := s.idb.NewRaw("UPDATE peers SET last_failure_at = ?, last_error = ?, failures = failures + 1 WHERE host = ?",
		now, msg, host).Exec(ctx)
	if err != nil {
		return 0, wrap("record delivery failure", err)
	}
	p, err := s.GetPeer(ctx, host)
	if err != nil {
		return 0, err
	}
	return p.Failures, nil
}

// PausePeer stops deliveries to a host until t.
func (s *Store) PausePeer(ctx context.Context, host string, until time.Time) error {
	_, err := s.idb.NewRaw("UPDATE peers SET paused_until = ? WHERE host = ?", until, host).Exec(ctx)
	return wrap("pause peer", err)
}

// ListPeers lists every known host with its number of queued deliveries.
func (s *Store) ListPeers(ctx context.Context) ([]*model.Peer, error) {
	var list []*model.Peer
	if err := s.idb.NewSelect().Model(&list).Order("host").Scan(ctx); err != nil {
		return nil, wrap("list peers", err)
	}
	hostExpr := "args->>'host'"
	if s.dialect == SQLite {
		hostExpr = "json_extract(args, '$.host')"
	}
	var counts []struct {
		Host string `bun:"host"`
		N    int    `bun:"n"`
	}
	err := s.idb.NewRaw("SELECT "+hostExpr+" AS host, count(*) AS n FROM river_job WHERE kind = 'deliver' AND state IN ('available', 'retryable', 'scheduled', 'running') GROUP BY "+hostExpr).
		Scan(ctx, &counts)
	if err != nil {
		return nil, wrap("queued deliveries", err)
	}
	byHost := map[string]int{}
	for _, c := range counts {
		byHost[c.Host] = c.N
	}
	for _, p := range list {
		p.Queued = byHost[p.Host]
	}
	return list, nil
}

// RememberDeleted records that an object we do not hold was deleted by its
// author, so that a Create arriving later is refused.
func (s *Store) RememberDeleted(ctx context.Context, uri, actorID string, at time.Time) error {
	_, err := s.idb.NewRaw("INSERT INTO deleted_objects (uri, actor_id, deleted_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
		uri, actorID, at).Exec(ctx)
	return wrap("remember deleted", err)
}

// WasDeleted reports whether an object's Delete came before we held it.
func (s *Store) WasDeleted(ctx context.Context, uri string) (bool, error) {
	ok, err := s.idb.NewSelect().TableExpr("deleted_objects").Where("uri = ?", uri).Exists(ctx)
	return ok, wrap("was deleted", err)
}

// ForgetDeletedBefore drops the records of deletions older than t.
func (s *Store) ForgetDeletedBefore(ctx context.Context, t time.Time) (int64, error) {
	res, err := s.idb.NewDelete().TableExpr("deleted_objects").Where("deleted_at < ?", t).Exec(ctx)
	if err != nil {
		return 0, wrap("forget deleted", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
