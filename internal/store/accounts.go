package store

import (
	"context"
	"time"

	"github.com/protectors-portal/portal/internal/model"
)

// CreateUser inserts a user; the actor must exist.
func (s *Store) CreateUser(ctx context.Context, u *model.User) error {
	_, err := s.idb.NewInsert().Model(u).Exec(ctx)
	return wrap("create user", err)
}

// UpdateUser writes every column of u.
func (s *Store) UpdateUser(ctx context.Context, u *model.User) error {
	_, err := s.idb.NewUpdate().Model(u).WherePK().Exec(ctx)
	return wrap("update user", err)
}

// GetUser loads a user with their actor.
func (s *Store) GetUser(ctx context.Context, id string) (*model.User, error) {
	return s.getUser(ctx, "id = ?", id)
}

// GetUserByUsername loads a user by (lower-case) username, with their actor.
func (s *Store) GetUserByUsername(ctx context.Context, username string) (*model.User, error) {
	return s.getUser(ctx, "username = ?", username)
}

// GetUserByActorID loads the local user behind an actor.
func (s *Store) GetUserByActorID(ctx context.Context, actorID string) (*model.User, error) {
	return s.getUser(ctx, "actor_id = ?", actorID)
}

func (s *Store) getUser(ctx context.Context, where string, arg any) (*model.User, error) {
	u := new(model.User)
	if err := s.idb.NewSelect().Model(u).Where(where, arg).Scan(ctx); err != nil {
		return nil, wrap("get user", err)
	}
	a, err := s.GetActor(ctx, u.ActorID)
	if err != nil {
		return nil, err
	}
	u.Actor = a
	return u, nil
}

// ListUsers lists local users by username.
func (s *Store) ListUsers(ctx context.Context) ([]*model.User, error) {
	var list []*model.User
	if err := s.idb.NewSelect().Model(&list).Order("username").Scan(ctx); err != nil {
		return nil, wrap("list users", err)
	}
	ids := make([]string, len(list))
	for i, u := range list {
		ids[i] = u.ActorID
	}
	actors, err := s.ActorsByID(ctx, ids)
	if err != nil {
		return nil, err
	}
	for _, u := range list {
		u.Actor = actors[u.ActorID]
	}
	return list, nil
}

// CountUsers counts local users.
func (s *Store) CountUsers(ctx context.Context) (int, error) {
	n, err := s.idb.NewSelect().TableExpr("users").Count(ctx)
	return int(n), wrap("count users", err)
}

// GetInstance loads the organisation row, creating an empty one if needed.
func (s *Store) GetInstance(ctx context.Context) (*model.Instance, error) {
	in := new(model.Instance)
	err := s.idb.NewSelect().Model(in).Where("id = 1").Scan(ctx)
	if err == nil {
		return in, nil
	}
	if mapErr(err) != model.ErrNotFound {
		return nil, wrap("get instance", err)
	}
	in = &model.Instance{ID: 1, UpdatedAt: model.Now()}
	if _, err := s.idb.NewInsert().Model(in).On("CONFLICT (id) DO NOTHING").Exec(ctx); err != nil {
		return nil, wrap("create instance", err)
	}
	err = s.idb.NewSelect().Model(in).Where("id = 1").Scan(ctx)
	return in, wrap("get instance", err)
}

// UpdateInstance writes the organisation row.
func (s *Store) UpdateInstance(ctx context.Context, in *model.Instance) error {
	in.ID = 1
	_, err := s.idb.NewUpdate().Model(in).WherePK().Exec(ctx)
	return wrap("update instance", err)
}

// ConsumeSetupToken clears the setup token if its hash matches, so that it
// works once; it reports whether it matched.
func (s *Store) ConsumeSetupToken(ctx context.Context, hash string) (bool, error) {
	now := model.Now()
	res, err := s.idb.NewUpdate().TableExpr("instances").
		Set("setup_token_hash = ''").Set("setup_done_at = ?", now).
		Where("id = 1 AND setup_token_hash = ? AND setup_token_hash <> ''", hash).Exec(ctx)
	if err != nil {
		return false, wrap("consume setup token", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// CreateSession stores a session.
func (s *Store) CreateSession(ctx context.Context, ses *model.Session) error {
	_, err := s.idb.NewInsert().Model(ses).Exec(ctx)
	return wrap("create session", err)
}

// GetSession loads a live session by its id (the hash of the cookie).
func (s *Store) GetSession(ctx context.Context, id string, now time.Time) (*model.Session, error) {
	ses := new(model.Session)
	err := s.idb.NewSelect().Model(ses).Where("id = ? AND expires_at > ?", id, now).Scan(ctx)
	return ses, wrap("get session", err)
}

// TouchSession moves a session's last-seen time and expiry forward.
func (s *Store) TouchSession(ctx context.Context, id string, now, expires time.Time) error {
	_, err := s.idb.NewUpdate().TableExpr("sessions").Set("last_seen_at = ?", now).Set("expires_at = ?", expires).
		Where("id = ?", id).Exec(ctx)
	return wrap("touch session", err)
}

// DeleteSession ends one session.
func (s *Store) DeleteSession(ctx context.Context, id string) error {
	_, err := s.idb.NewDelete().TableExpr("sessions").Where("id = ?", id).Exec(ctx)
	return wrap("delete session", err)
}

// DeleteUserSessions ends every session of a user (after a password change
// or suspension), except keep when it is not empty.
func (s *Store) DeleteUserSessions(ctx context.Context, userID, keep string) error {
	_, err := s.idb.NewDelete().TableExpr("sessions").Where("user_id = ? AND id <> ?", userID, keep).Exec(ctx)
	return wrap("delete user sessions", err)
}

// DeleteExpired removes expired sessions, expired or long-revoked tokens
// and stale rate-limit windows. It returns how many rows went.
func (s *Store) DeleteExpired(ctx context.Context, now time.Time) (int64, error) {
	var total int64
	for _, q := range []struct {
		table, where string
		args         []any
	}{
		{"sessions", "expires_at <= ?", []any{now}},
		{"tokens", "(expires_at IS NOT NULL AND expires_at <= ?) OR (revoked_at IS NOT NULL AND revoked_at <= ?)", []any{now, now.Add(-30 * 24 * time.Hour)}},
		{"rate_limits", "window_start <= ?", []any{now.Add(-24 * time.Hour)}},
	} {
		res, err := s.idb.NewDelete().TableExpr(q.table).Where(q.where, q.args...).Exec(ctx)
		if err != nil {
			return total, wrap("delete expired "+q.table, err)
		}
		n, _ := res.RowsAffected()
		total += n
	}
	return total, nil
}

// CreateToken stores a personal access token.
func (s *Store) CreateToken(ctx context.Context, t *model.Token) error {
	_, err := s.idb.NewInsert().Model(t).Exec(ctx)
	return wrap("create token", err)
}

// GetTokenByHash loads a usable token (not revoked, not expired).
func (s *Store) GetTokenByHash(ctx context.Context, hash string, now time.Time) (*model.Token, error) {
	t := new(model.Token)
	err := s.idb.NewSelect().Model(t).
		Where("hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)", hash, now).Scan(ctx)
	return t, wrap("get token", err)
}

// TouchToken records a token's use.
func (s *Store) TouchToken(ctx context.Context, id string, now time.Time) error {
	_, err := s.idb.NewUpdate().TableExpr("tokens").Set("last_used_at = ?", now).Where("id = ?", id).Exec(ctx)
	return wrap("touch token", err)
}

// ListTokens lists a user's tokens, newest first, revoked ones included.
func (s *Store) ListTokens(ctx context.Context, userID string) ([]*model.Token, error) {
	var list []*model.Token
	err := s.idb.NewSelect().Model(&list).Where("user_id = ?", userID).
		Order("created_at DESC").Scan(ctx)
	return list, wrap("list tokens", err)
}

// RevokeToken revokes one of a user's tokens.
func (s *Store) RevokeToken(ctx context.Context, userID, id string, now time.Time) error {
	res, err := s.idb.NewUpdate().TableExpr("tokens").Set("revoked_at = ?", now).
		Where("id = ? AND user_id = ? AND revoked_at IS NULL", id, userID).Exec(ctx)
	if err != nil {
		return wrap("revoke token", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return wrap("revoke token", model.ErrNotFound)
	}
	return nil
}

// Hit counts one hit against key in a fixed window and returns the count in
// the current window. Rate limits live in the database so that they hold
// across several processes.
func (s *Store) Hit(ctx context.Context, key string, window time.Duration, now time.Time) (int, error) {
	var hits int
	err := s.InTx(ctx, func(tx *Store) error {
		var row struct {
			WindowStart time.Time `bun:"window_start"`
			Hits        int       `bun:"hits"`
		}
		err := tx.idb.NewSelect().TableExpr("rate_limits").Column("window_start", "hits").
			Where("key = ?", key).Scan(ctx, &row)
		switch {
		case mapErr(err) == model.ErrNotFound:
			hits = 1
			_, err = tx.idb.NewRaw("INSERT INTO rate_limits (key, window_start, hits) VALUES (?, ?, 1) "+
				"ON CONFLICT (key) DO UPDATE SET hits = rate_limits.hits + 1", key, now).Exec(ctx)
		case err != nil:
			return err
		case now.Sub(row.WindowStart) >= window:
			hits = 1
			_, err = tx.idb.NewRaw("UPDATE rate_limits SET window_start = ?, hits = 1 WHERE key = ?", now, key).Exec(ctx)
		default:
			hits = row.Hits + 1
			_, err = tx.idb.NewRaw("UPDATE rate_limits SET hits = hits + 1 WHERE key = ?", key).Exec(ctx)
		}
		return err
	})
	return hits, wrap("rate limit hit", err)
}

// Hits returns the count in key's current window without adding to it.
func (s *Store) Hits(ctx context.Context, key string, window time.Duration, now time.Time) (int, error) {
	var row struct {
		WindowStart time.Time `bun:"window_start"`
		Hits        int       `bun:"hits"`
	}
	err := s.idb.NewSelect().TableExpr("rate_limits").Column("window_start", "hits").Where("key = ?", key).Scan(ctx, &row)
	if mapErr(err) == model.ErrNotFound || (err == nil && now.Sub(row.WindowStart) >= window) {
		return 0, nil
	}
	return row.Hits, wrap("rate limit hits", err)
}

// ResetHits clears a rate-limit key (after a successful sign-in).
func (s *Store) ResetHits(ctx context.Context, key string) error {
	_, err := s.idb.NewDelete().TableExpr("rate_limits").Where("key = ?", key).Exec(ctx)
	return wrap("reset rate limit", err)
}

// Audit records an administrative action.
func (s *Store) Audit(ctx context.Context, e *model.AuditEntry) error {
	if e.ID == "" {
		e.ID = model.NewID()
	}
	if e.CreatedAt.IsZero() {
		e.CreatedAt = model.Now()
	}
	_, err := s.idb.NewInsert().Model(e).Exec(ctx)
	return wrap("audit", err)
}

// ListAudit lists the latest audit entries.
func (s *Store) ListAudit(ctx context.Context, limit int) ([]*model.AuditEntry, error) {
	var list []*model.AuditEntry
	err := s.idb.NewSelect().Model(&list).Order("created_at DESC", "id DESC").Limit(int64(limit)).Scan(ctx)
	return list, wrap("list audit", err)
}
