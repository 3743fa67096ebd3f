package store

import (
	"context"

	"github.com/protectors-portal/portal/internal/model"
)

// SetDomainPolicy records allow or block for a domain (replacing any
// earlier decision).
func (s *Store) SetDomainPolicy(ctx context.Context, p *model.DomainPolicy) error {
	_, err := s.idb.NewInsert().Model(p).
		On("CONFLICT (domain) DO UPDATE").Set("policy = EXCLUDED.policy, note = EXCLUDED.note, updated_at = EXCLUDED.updated_at").
		Exec(ctx)
	return wrap("set domain policy", err)
}

// DeleteDomainPolicy forgets the decision about a domain.
func (s *Store) DeleteDomainPolicy(ctx context.Context, domain string) error {
	_, err := s.idb.NewDelete().TableExpr("domain_policies").Where("domain = ?", domain).Exec(ctx)
	return wrap("delete domain policy", err)
}

// ListDomainPolicies lists every decision by domain.
func (s *Store) ListDomainPolicies(ctx context.Context) ([]*model.DomainPolicy, error) {
	var list []*model.DomainPolicy
	err := s.idb.NewSelect().Model(&list).Order("domain").Scan(ctx)
	return list, wrap("list domain policies", err)
}

// GetDomainPolicy loads the decision about one domain.
func (s *Store) GetDomainPolicy(ctx context.Context, domain string) (*model.DomainPolicy, error) {
	p := new(model.DomainPolicy)
	err := s.idb.NewSelect().Model(p).Where("domain = ?", domain).Scan(ctx)
	return p, wrap("get domain policy", err)
}
