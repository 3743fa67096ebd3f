package store

import (
	"context"
	"time"

	"github.com/uptrace/bun"

	"github.com/protectors-portal/portal/internal/model"
)

// UpsertHubMember records what the hub learnt about a member.
func (s *Store) UpsertHubMember(ctx context.Context, m *model.HubMember) error {
	_, err := s.idb.NewInsert().Model(m).On("CONFLICT (domain) DO UPDATE").
		Set("actor_id = EXCLUDED.actor_id, name = EXCLUDED.name, sector = EXCLUDED.sector, country = EXCLUDED.country").
		Set("website = EXCLUDED.website, description = EXCLUDED.description, current = EXCLUDED.current").
		Set("spaces = EXCLUDED.spaces, last_contact_at = EXCLUDED.last_contact_at, last_error = EXCLUDED.last_error").
		Set("updated_at = EXCLUDED.updated_at").Exec(ctx)
	return wrap("upsert hub member", err)
}

// RecordHubMemberError notes a failed contact with a member.
func (s *Store) RecordHubMemberError(ctx context.Context, domain, msg string, now time.Time) error {
	if len(msg) > 300 {
		msg = msg[:300]
	}
	_, err := s.idb.NewRaw(`INSERT INTO hub_members (domain, last_error, current, created_at, updated_at) VALUES (?, ?, ?, ?, ?)
		ON CONFLICT (domain) DO UPDATE SET last_error = EXCLUDED.last_error, current = EXCLUDED.current, updated_at = EXCLUDED.updated_at`,
		domain, msg, true, now, now).Exec(ctx)
	return wrap("record hub member error", err)
}

// SetHubMembersCurrent marks exactly the listed domains as current
// members; the others stay in the directory as former members.
func (s *Store) SetHubMembersCurrent(ctx context.Context, domains []string) error {
	q := s.idb.NewUpdate().TableExpr("hub_members").Set("current = ?", false)
	if len(domains) > 0 {
		q = q.Where("domain NOT IN (?)", bun.In(domains))
	} else {
		q = q.Where("1 = 1")
	}
	_, err := q.Exec(ctx)
	return wrap("set hub members current", err)
}

// ListHubMembers lists the directory by name.
func (s *Store) ListHubMembers(ctx context.Context) ([]*model.HubMember, error) {
	var list []*model.HubMember
	err := s.idb.NewSelect().Model(&list).Order("current DESC", "name", "domain").Scan(ctx)
	return list, wrap("list hub members", err)
}

// GetHubMember loads one member of the directory.
func (s *Store) GetHubMember(ctx context.Context, domain string) (*model.HubMember, error) {
	m := new(model.HubMember)
	err := s.idb.NewSelect().Model(m).Where("domain = ?", domain).Scan(ctx)
	return m, wrap("get hub member", err)
}
