package federation

import (
	"context"
	"errors"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
	"github.com/protectors-portal/portal/internal/store"
)

// What the pages read about federation: the peers and their delivery
// record, a member's follow of one actor; and the one admin decision the
// moderation service lacks, forgetting a domain policy.

// Peers lists every remote host this node has met, with its delivery
// record and the number of deliveries queued for it.
func (s *Service) Peers(ctx context.Context) ([]*model.Peer, error) {
	return s.db.ListPeers(ctx)
}

// FollowOf returns the member's follow of the actor actorID, or
// model.ErrNotFound when they do not follow it.
func (s *Service) FollowOf(ctx context.Context, by *model.User, actorID string) (*model.Follow, error) {
	return s.db.GetFollow(ctx, by.ActorID, actorID)
}

// RemovePolicy forgets an admin's decision about a domain, so that the
// configuration and the federation mode decide again. Only admins may;
// the change is audited.
func (s *Service) RemovePolicy(ctx context.Context, by *model.User, domain string) error {
	if by == nil || by.Role != model.RoleAdmin {
		return model.ErrForbidden
	}
	d, err := moderation.NormaliseDomain(domain)
	if err != nil {
		return err
	}
	err = s.db.InTx(ctx, func(tx *store.Store) error {
		if _, err := tx.GetDomainPolicy(ctx, d); err != nil {
			if errors.Is(err, model.ErrNotFound) {
				return &model.SafeError{Err: err, Public: "There is no decision about " + d + ".", Status: 404}
			}
			return err
		}
		if err := tx.DeleteDomainPolicy(ctx, d); err != nil {
			return err
		}
		return tx.Audit(ctx, &model.AuditEntry{UserID: by.ID, Action: "remove_domain_policy", Target: d})
	})
	if err != nil {
		return err
	}
	s.db.Changed(store.DomainPoliciesChanged)
	return nil
}
