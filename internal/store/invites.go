package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/protectors-portal/portal/internal/model"
)

// inviteKeep is how long an invite that stopped working (expired, revoked
// or used) stays before the cleanup removes it.
const inviteKeep = 30 * 24 * time.Hour

// CreateInvite stores an invite.
func (s *Store) CreateInvite(ctx context.Context, inv *model.Invite) error {
	_, err := s.idb.NewInsert().Model(inv).Exec(ctx)
	return wrap("create invite", err)
}

// GetInviteByHash loads an invite by the hash of its secret, whatever its
// state.
func (s *Store) GetInviteByHash(ctx context.Context, hash string) (*model.Invite, error) {
	inv := new(model.Invite)
	err := s.idb.NewSelect().Model(inv).Where("token_hash = ?", hash).Scan(ctx)
	if err != nil {
		return nil, wrap("get invite", err)
	}
	return inv, nil
}

// AcceptInvite marks an invite used by userID, if it is still pending at
// now; it reports whether it was. Of two acceptances racing, one wins.
func (s *Store) AcceptInvite(ctx context.Context, id, userID string, now time.Time) (bool, error) {
	res, err := s.idb.NewUpdate().TableExpr("invites").
		Set("accepted_at = ?", now).Set("accepted_by = ?", userID).
		Where("id = ? AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?", id, now).Exec(ctx)
	if err != nil {
		return false, wrap("accept invite", err)
	}
	n, _ := res.RowsAffected()
	return n == 1, nil
}

// RevokeInvite stops an unused invite from working. An invite that is
// unknown, used or revoked already is ErrNotFound.
func (s *Store) RevokeInvite(ctx context.Context, id string, now time.Time) (*model.Invite, error) {
	var inv *model.Invite
	err := s.InTx(ctx, func(tx *Store) error {
		inv = new(model.Invite)
		err := tx.idb.NewSelect().Model(inv).Where("id = ? AND accepted_at IS NULL AND revoked_at IS NULL", id).Scan(ctx)
		if err != nil {
			return err
		}
		res, err := tx.idb.NewUpdate().TableExpr("invites").Set("revoked_at = ?", now).
			Where("id = ? AND accepted_at IS NULL AND revoked_at IS NULL", id).Exec(ctx)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return model.ErrNotFound
		}
		inv.RevokedAt = &now
		return nil
	})
	if err != nil {
		return nil, wrap("revoke invite", err)
	}
	return inv, nil
}

// ListPendingInvites lists the invites still usable at now, newest first,
// each with the admin who made it.
func (s *Store) ListPendingInvites(ctx context.Context, now time.Time, limit int) ([]*model.Invite, error) {
	var list []*model.Invite
	err := s.idb.NewSelect().Model(&list).
		Where("accepted_at IS NULL AND revoked_at IS NULL AND expires_at > ?", now).
		Order("created_at DESC", "id DESC").Limit(int64(limit)).Scan(ctx)
	if err != nil {
		return nil, wrap("list invites", err)
	}
	ids := make([]string, len(list))
	for i, inv := range list {
		ids[i] = inv.CreatedBy
	}
	if ids = uniq(ids); len(ids) == 0 {
		return list, nil
	}
	var users []*model.User
	if err := s.idb.NewSelect().Model(&users).Where("id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return nil, wrap("list invites: inviters", err)
	}
	actorIDs := make([]string, len(users))
	for i, u := range users {
		actorIDs[i] = u.ActorID
	}
	actors, err := s.ActorsByID(ctx, actorIDs)
	if err != nil {
		return nil, err
	}
	byID := make(map[string]*model.User, len(users))
	for _, u := range users {
		u.Actor = actors[u.ActorID]
		byID[u.ID] = u
	}
	for _, inv := range list {
		inv.Inviter = byID[inv.CreatedBy]
	}
	return list, nil
}

// DeleteExpiredInvites removes the invites that stopped working (expired,
// revoked or used) more than 30 days before now. It returns how many went.
func (s *Store) DeleteExpiredInvites(ctx context.Context, now time.Time) (int64, error) {
	before := now.Add(-inviteKeep)
	res, err := s.idb.NewDelete().TableExpr("invites").
		Where("expires_at <= ? OR accepted_at <= ? OR revoked_at <= ?", before, before, before).Exec(ctx)
	if err != nil {
		return 0, wrap("delete expired invites", err)
	}
	n, _ := res.RowsAffected()
	return n, nil
}
