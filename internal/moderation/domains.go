// Package moderation holds what admins and moderators decide about
// others: which remote domains may federate with this node, and the queue
// of reported threads, replies and accounts.
package moderation

import (
	"context"
	"errors"
	"net"
	"strings"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// Service is the moderation use cases.
type Service struct {
	db        *store.DB
	forwarder Forwarder
	remover   Remover
}

// New builds the service.
func New(db *store.DB) *Service { return &Service{db: db} }

// Policies.
const (
	Allow = "allow"
	Block = "block"
)

// NormaliseDomain lower-cases a domain and checks it is a bare host or
// host:port.
func NormaliseDomain(d string) (string, error) {
	d = strings.ToLower(strings.TrimSpace(d))
	bad := model.Invalid("domain", "must be a host name such as portal.example.org (with :port if needed), without scheme or path")
	if d == "" || strings.ContainsAny(d, "/?#@ \t\\") || len(d) > 253 {
		return "", bad
	}
	host := d
	if h, _, err := net.SplitHostPort(d); err == nil {
		host = h
	}
	if host == "" || strings.HasPrefix(host, ".") || strings.HasSuffix(host, ".") || strings.Contains(host, "..") {
		return "", bad
	}
	return d, nil
}

// SetPolicy allows or blocks a domain. by is the admin (nil from the
// command line). The decision is audited.
func (s *Service) SetPolicy(ctx context.Context, by *model.User, domain, policy, note string) error {
	if by != nil && by.Role != model.RoleAdmin {
		return model.ErrForbidden
	}
	d, err := NormaliseDomain(domain)
	if err != nil {
		return err
	}
	if policy != Allow && policy != Block {
		return model.Invalid("policy", "must be allow or block")
	}
	now := model.Now()
	err = s.db.InTx(ctx, func(tx *store.Store) error {
		if err := tx.SetDomainPolicy(ctx, &model.DomainPolicy{Domain: d, Policy: policy, Note: note, CreatedAt: now, UpdatedAt: now}); err != nil {
			return err
		}
		e := &model.AuditEntry{Action: policy + "_domain", Target: d}
		if by != nil {
			e.UserID = by.ID
		}
		return tx.Audit(ctx, e)
	})
	if err != nil {
		return err
	}
	// Federation caches the decisions: it must drop them now, not when they
	// expire.
	s.db.Changed(store.DomainPoliciesChanged)
	return nil
}

// Policies lists every domain decision.
func (s *Service) Policies(ctx context.Context) ([]*model.DomainPolicy, error) {
	return s.db.ListDomainPolicies(ctx)
}

// RemovePolicy forgets an admin's decision about a domain, so that the
// configuration and the federation mode decide again. Only admins may;
// the change is audited.
func (s *Service) RemovePolicy(ctx context.Context, by *model.User, domain string) error {
	if by == nil || by.Role != model.RoleAdmin {
		return model.ErrForbidden
	}
	d, err := NormaliseDomain(domain)
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
