package accounts

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
)

// Invites. Portal sends no mail: an admin makes a one-time link and passes
// it on however they like; the person who opens it chooses their username
// and password and becomes a member with the role the admin chose.

const (
	inviteLifetime    = 7 * 24 * time.Hour
	invitePrefix      = "inv_"
	inviteNoteMax     = 200
	pendingInviteList = 200 // the most pending invites an admin's list shows
)

// An invite's note is a reminder for the admins (a name, a team), not an
// address: nothing is ever sent to it.
var emailLike = regexp.MustCompile(`[^\s@]+@[^\s@]+\.[^\s@]+`)

// What the holder of an invite link is told when it no longer works. They
// hold the secret, so saying why gives nothing away.
var (
	ErrInviteUnknown = &model.SafeError{Err: model.ErrForbidden, Status: 403,
		Public: "This invite link is not valid. Check that you have all of it, or ask an admin of this Portal for a new one."}
	ErrInviteUsed = &model.SafeError{Err: model.ErrForbidden, Status: 403,
		Public: "This invite link has been used already. If you used it, sign in; if not, ask an admin of this Portal for a new one."}
	ErrInviteRevoked = &model.SafeError{Err: model.ErrForbidden, Status: 403,
		Public: "This invite was withdrawn by an admin of this Portal. Ask them for a new one if you still need an account."}
	ErrInviteExpired = &model.SafeError{Err: model.ErrForbidden, Status: 403,
		Public: "This invite link has expired: links work for 7 days. Ask an admin of this Portal for a new one."}
)

// NewInvite is what an admin chooses when inviting someone.
type NewInvite struct {
	Role model.Role
	Note string // optional: who it is for, as a reminder
}

// CreateInvite makes an invite; admins only. It returns the link's secret
// in clear, the only time it is seen (only its hash is stored), and the
// invite. Audited.
func (s *Service) CreateInvite(ctx context.Context, by *model.User, in NewInvite) (string, *model.Invite, error) {
	if by == nil || by.Role != model.RoleAdmin {
		return "", nil, model.ErrForbidden
	}
	in.Note = strings.Join(strings.Fields(in.Note), " ")
	v := &model.ValidationError{}
	if !in.Role.Valid() {
		v.Add("role", "must be admin, moderator or member")
	}
	switch {
	case utf8.RuneCountInString(in.Note) > inviteNoteMax:
		v.Add("note", "must be at most 200 characters")
	case emailLike.MatchString(in.Note):
		v.Add("note", "must not be an email address: Portal sends no mail, so pass the link on yourself")
	}
	if err := v.OrNil(); err != nil {
		return "", nil, err
	}
	plain := newSecret(invitePrefix)
	now := s.now()
	inv := &model.Invite{ID: model.NewID(), TokenHash: hashSecret(plain), Role: in.Role, Note: in.Note,
		CreatedBy: by.ID, CreatedAt: now, ExpiresAt: now.Add(inviteLifetime)}
	err := s.db.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateInvite(ctx, inv); err != nil {
			return err
		}
		return tx.Audit(ctx, &model.AuditEntry{UserID: by.ID, Action: "create_invite",
			Target: inv.ID + ":" + string(inv.Role), Detail: inv.Note})
	})
	if err != nil {
		return "", nil, err
	}
	return plain, inv, nil
}

// Invite returns the invite behind a link's secret while it can be used,
// or one of the ErrInvite… errors saying why not. It changes nothing.
func (s *Service) Invite(ctx context.Context, token string) (*model.Invite, error) {
	return s.liveInvite(ctx, s.db.Store, token)
}

func (s *Service) liveInvite(ctx context.Context, tx *store.Store, token string) (*model.Invite, error) {
	if !strings.HasPrefix(token, invitePrefix) || len(token) > 100 {
		return nil, ErrInviteUnknown
	}
	inv, err := tx.GetInviteByHash(ctx, hashSecret(token))
	if errors.Is(err, model.ErrNotFound) {
		return nil, ErrInviteUnknown
	}
	if err != nil {
		return nil, err
	}
	switch inv.State(s.now()) {
	case model.InviteAccepted:
		return nil, ErrInviteUsed
	case model.InviteRevoked:
		return nil, ErrInviteRevoked
	case model.InviteExpired:
		return nil, ErrInviteExpired
	}
	return inv, nil
}

// Acceptance is what the invitee fills in: the same fields, and the same
// rules, as any new member.
type Acceptance struct {
	Token       string
	Username    string
	DisplayName string
	Password    string
}

// AcceptInvite creates the invitee's account with the invite's role, if
// the invite can still be used; the invite then stops working. Bad input
// or a dead invite changes nothing. Audited.
func (s *Service) AcceptInvite(ctx context.Context, in Acceptance) (*model.User, error) {
	var u *model.User
	err := s.db.InTx(ctx, func(tx *store.Store) error {
		inv, err := s.liveInvite(ctx, tx, in.Token)
		if err != nil {
			return err
		}
		u, err = s.createUser(ctx, tx, NewUser{Username: in.Username, DisplayName: strings.TrimSpace(in.DisplayName),
			Password: in.Password, Role: inv.Role})
		if err != nil {
			return err
		}
		ok, err := tx.AcceptInvite(ctx, inv.ID, u.ID, s.now())
		if err != nil {
			return err
		}
		if !ok { // used, revoked or expired since it was read
			return ErrInviteUsed
		}
		return tx.Audit(ctx, &model.AuditEntry{UserID: u.ID, Action: "accept_invite",
			Target: u.Username + ":" + string(u.Role), Detail: "invite " + inv.ID})
	})
	if err != nil {
		return nil, err
	}
	return u, nil
}

// PendingInvites lists the invites that can still be used, newest first,
// with who made each; admins only.
func (s *Service) PendingInvites(ctx context.Context, by *model.User) ([]*model.Invite, error) {
	if by == nil || by.Role != model.RoleAdmin {
		return nil, model.ErrForbidden
	}
	return s.db.ListPendingInvites(ctx, s.now(), pendingInviteList)
}

// RevokeInvite stops an unused invite from working; admins only. Audited.
func (s *Service) RevokeInvite(ctx context.Context, by *model.User, id string) error {
	if by == nil || by.Role != model.RoleAdmin {
		return model.ErrForbidden
	}
	if !model.ValidID(id) {
		return model.ErrNotFound
	}
	return s.db.InTx(ctx, func(tx *store.Store) error {
		inv, err := tx.RevokeInvite(ctx, id, s.now())
		if err != nil {
			return err
		}
		return tx.Audit(ctx, &model.AuditEntry{UserID: by.ID, Action: "revoke_invite",
			Target: inv.ID + ":" + string(inv.Role), Detail: inv.Note})
	})
}

// CleanupInvites removes invites that stopped working more than 30 days
// ago; the hourly cleanup job calls it.
func (s *Service) CleanupInvites(ctx context.Context) (int64, error) {
	return s.db.DeleteExpiredInvites(ctx, s.now())
}
