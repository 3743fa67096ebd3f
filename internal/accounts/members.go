package accounts

import (
	"context"
	"strings"
	"unicode/utf8"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// MemberProfile is what members say about themselves.
type MemberProfile struct {
	DisplayName string
	Bio         string // Markdown
	Locale      string
}

// Locales the pages can be shown in.
var Locales = []string{"en"}

// UpdateMemberProfile changes a member's display name, bio and language.
func (s *Service) UpdateMemberProfile(ctx context.Context, u *model.User, p MemberProfile) error {
	p.DisplayName = strings.TrimSpace(p.DisplayName)
	p.Bio = strings.TrimSpace(p.Bio)
	v := &model.ValidationError{}
	if utf8.RuneCountInString(p.DisplayName) > 100 {
		v.Add("display_name", "must be at most 100 characters")
	}
	if utf8.RuneCountInString(p.Bio) > 2000 {
		v.Add("bio", "must be at most 2,000 characters")
	}
	if p.Locale == "" {
		p.Locale = "en"
	}
	known := false
	for _, l := range Locales {
		known = known || l == p.Locale
	}
	if !known {
		v.Add("locale", "is not a language these pages are translated into")
	}
	if err := v.OrNil(); err != nil {
		return err
	}
	return s.db.InTx(ctx, func(tx *store.Store) error {
		u.BioSource, u.Locale = p.Bio, p.Locale
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		a, err := tx.GetActor(ctx, u.ActorID)
		if err != nil {
			return err
		}
		summary := s.md.Markdown(p.Bio)
		changed := a.DisplayName != p.DisplayName || a.Summary != summary
		a.DisplayName, a.Summary, a.UpdatedAt = p.DisplayName, summary, s.now()
		u.Actor = a
		if err := tx.UpdateActor(ctx, a); err != nil {
			return err
		}
		if !changed || s.profile == nil {
			return nil
		}
		return s.profile.PublishProfile(ctx, tx, a)
	})
}

// ProfilePublisher tells other servers that a member's or the
// organisation's profile changed, inside the transaction that changed it
// (federation implements it).
type ProfilePublisher interface {
	PublishProfile(ctx context.Context, tx *store.Store, a *model.Actor) error
	PublishInstanceProfile(ctx context.Context, tx *store.Store) error
}

// SetProfilePublisher installs federation's profile updates.
func (s *Service) SetProfilePublisher(p ProfilePublisher) { s.profile = p }

// SetRole changes a member's role; admins only, and an admin cannot
// demote themselves (so that a node keeps an admin).
func (s *Service) SetRole(ctx context.Context, by *model.User, username string, role model.Role) error {
	if by == nil || by.Role != model.RoleAdmin {
		return model.ErrForbidden
	}
	if !role.Valid() {
		return model.Invalid("role", "must be admin, moderator or member")
	}
	return s.db.InTx(ctx, func(tx *store.Store) error {
		u, err := tx.GetUserByUsername(ctx, strings.ToLower(username))
		if err != nil {
			return err
		}
		if u.ID == by.ID && role != model.RoleAdmin {
			return &model.SafeError{Err: model.ErrForbidden, Public: "You cannot take away your own admin role.", Status: 403}
		}
		u.Role = role
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return tx.Audit(ctx, &model.AuditEntry{UserID: by.ID, Action: "set_role", Target: u.Username + ":" + string(role)})
	})
}

// Suspend stops a member from signing in (their sessions end) or lets
// them back; admins only, never themselves.
func (s *Service) Suspend(ctx context.Context, by *model.User, username string, suspended bool) error {
	if by == nil || by.Role != model.RoleAdmin {
		return model.ErrForbidden
	}
	return s.db.InTx(ctx, func(tx *store.Store) error {
		u, err := tx.GetUserByUsername(ctx, strings.ToLower(username))
		if err != nil {
			return err
		}
		if u.ID == by.ID {
			return &model.SafeError{Err: model.ErrForbidden, Public: "You cannot suspend yourself.", Status: 403}
		}
		action := "unsuspend"
		if suspended {
			now := s.now()
			u.SuspendedAt, action = &now, "suspend"
			if err := tx.DeleteUserSessions(ctx, u.ID, ""); err != nil {
				return err
			}
		} else {
			u.SuspendedAt = nil
		}
		if err := tx.UpdateUser(ctx, u); err != nil {
			return err
		}
		return tx.Audit(ctx, &model.AuditEntry{UserID: by.ID, Action: action, Target: u.Username})
	})
}
