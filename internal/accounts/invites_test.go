package accounts_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// setInviteExpiry moves an invite's expiry, as if time had passed.
func setInviteExpiry(t *testing.T, db *store.DB, id string, at time.Time) {
	t.Helper()
	q := "UPDATE invites SET expires_at = ? WHERE id = ?"
	if db.Dialect() == store.Postgres {
		q = "UPDATE invites SET expires_at = $1 WHERE id = $2"
	}
	// The text form both databases read, and the one the store writes.
	res, err := db.SQL().ExecContext(context.Background(), q, at.UTC().Format("2006-01-02 15:04:05.999999-07:00"), id)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 {
		t.Fatalf("no invite %s to move", id)
	}
}

func auditActions(t *testing.T, svc *accounts.Service) []string {
	t.Helper()
	entries, err := svc.Audit(context.Background(), 50)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		out = append(out, e.Action)
	}
	return out
}

func TestInviteIsAcceptedOnce(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		svc, db := newService(t, d)
		ctx := context.Background()
		boss, err := svc.CreateUser(ctx, accounts.NewUser{Username: "boss", Password: "right password", Role: model.RoleAdmin})
		if err != nil {
			t.Fatal(err)
		}
		plain, inv, err := svc.CreateInvite(ctx, boss, accounts.NewInvite{Role: model.RoleModerator, Note: "  Ann Lee,\n hotline team "})
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(plain, "inv_") || len(plain) != 36 || inv.TokenHash == plain || strings.Contains(inv.TokenHash, plain[4:]) {
			t.Fatalf("secret %q, stored hash %q: only a hash may be kept", plain, inv.TokenHash)
		}
		if inv.Note != "Ann Lee, hotline team" || inv.Role != model.RoleModerator || inv.CreatedBy != boss.ID {
			t.Fatalf("invite %+v", inv)
		}
		if got := inv.ExpiresAt.Sub(inv.CreatedAt); got != 7*24*time.Hour {
			t.Fatalf("valid for %v, want 7 days", got)
		}
		if got, err := svc.Invite(ctx, plain); err != nil || got.ID != inv.ID {
			t.Fatalf("live invite: %+v %v", got, err)
		}
		pending, err := svc.PendingInvites(ctx, boss)
		if err != nil || len(pending) != 1 || pending[0].Inviter == nil || pending[0].Inviter.Username != "boss" {
			t.Fatalf("pending: %+v %v", pending, err)
		}

		u, err := svc.AcceptInvite(ctx, accounts.Acceptance{Token: plain, Username: "Ann", DisplayName: " Ann Lee ", Password: "ann's long password"})
		if err != nil {
			t.Fatal(err)
		}
		if u.Username != "ann" || u.Role != model.RoleModerator || u.Actor == nil || u.Actor.DisplayName != "Ann Lee" {
			t.Fatalf("new member %+v", u)
		}
		if _, err := svc.Authenticate(ctx, "ann", "ann's long password", "10.4.4.4"); err != nil {
			t.Fatalf("the new member cannot sign in: %v", err)
		}

		// Spent: neither shown nor accepted again, and no longer pending.
		if _, err := svc.Invite(ctx, plain); !errors.Is(err, accounts.ErrInviteUsed) || status(err) != 403 {
			t.Fatalf("used invite: %v", err)
		}
		_, err = svc.AcceptInvite(ctx, accounts.Acceptance{Token: plain, Username: "ann2", Password: "another long password"})
		if !errors.Is(err, accounts.ErrInviteUsed) {
			t.Fatalf("second use: %v, want refused as used", err)
		}
		if _, err := db.GetUserByUsername(ctx, "ann2"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("the second use made a user: %v", err)
		}
		if pending, _ := svc.PendingInvites(ctx, boss); len(pending) != 0 {
			t.Fatalf("still pending: %+v", pending)
		}
		if got := auditActions(t, svc); len(got) != 2 || got[0] != "accept_invite" || got[1] != "create_invite" {
			t.Fatalf("audit: %v", got)
		}
	})
}

func TestInviteRefusals(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		svc, db := newService(t, d)
		ctx := context.Background()
		boss, _ := svc.CreateUser(ctx, accounts.NewUser{Username: "boss", Password: "right password", Role: model.RoleAdmin})
		mod, _ := svc.CreateUser(ctx, accounts.NewUser{Username: "mod", Password: "right password", Role: model.RoleModerator})
		mem, _ := svc.CreateUser(ctx, accounts.NewUser{Username: "mem", Password: "right password", Role: model.RoleMember})

		// Only admins invite, list and revoke.
		for _, who := range []*model.User{nil, mod, mem} {
			if _, _, err := svc.CreateInvite(ctx, who, accounts.NewInvite{Role: model.RoleAdmin}); !errors.Is(err, model.ErrForbidden) {
				t.Errorf("invite by %v: %v, want forbidden", who, err)
			}
			if _, err := svc.PendingInvites(ctx, who); !errors.Is(err, model.ErrForbidden) {
				t.Errorf("list by %v: %v, want forbidden", who, err)
			}
		}

		// Bad input is refused and stores nothing.
		for _, in := range []accounts.NewInvite{
			{Role: "king"},
			{Role: ""},
			{Role: model.RoleMember, Note: strings.Repeat("n", 201)},
			{Role: model.RoleMember, Note: "Ann <ann@example.org>"},
		} {
			if _, _, err := svc.CreateInvite(ctx, boss, in); status(err) != 422 {
				t.Errorf("%+v: %v, want a validation error", in, err)
			}
		}
		if pending, _ := svc.PendingInvites(ctx, boss); len(pending) != 0 {
			t.Fatalf("refused invites were stored: %+v", pending)
		}
		if got := auditActions(t, svc); len(got) != 0 {
			t.Fatalf("refusals were audited as actions: %v", got)
		}

		// Links that were never made.
		plain, inv, err := svc.CreateInvite(ctx, boss, accounts.NewInvite{Role: model.RoleMember})
		if err != nil {
			t.Fatal(err)
		}
		for _, bad := range []string{"", "inv_", "inv_nothing", plain + "x", plain[4:], strings.ToUpper(plain), "inv_" + strings.Repeat("a", 200)} {
			if _, err := svc.Invite(ctx, bad); !errors.Is(err, accounts.ErrInviteUnknown) {
				t.Errorf("token %q: %v, want unknown", bad, err)
			}
		}

		// Bad answers to a good invite change nothing, and the invite stays.
		users, _ := db.CountUsers(ctx)
		for _, a := range []accounts.Acceptance{
			{Username: "Bad Name", Password: "long enough password"},
			{Username: "newbie", Password: "short"},
			{Username: "newbie", Password: "long enough password", DisplayName: strings.Repeat("d", 101)},
			{Username: "mem", Password: "long enough password"}, // taken
		} {
			a.Token = plain
			if _, err := svc.AcceptInvite(ctx, a); status(err) != 422 && status(err) != 409 {
				t.Errorf("%+v: %v, want 422 or 409", a, err)
			}
		}
		if n, _ := db.CountUsers(ctx); n != users {
			t.Fatalf("%d users after refused answers, want %d", n, users)
		}
		if _, err := svc.Invite(ctx, plain); err != nil {
			t.Fatalf("the invite did not survive bad answers: %v", err)
		}

		// Revoked: a moderator cannot, an admin can, once.
		if err := svc.RevokeInvite(ctx, mod, inv.ID); !errors.Is(err, model.ErrForbidden) {
			t.Fatalf("revoke by a moderator: %v", err)
		}
		if err := svc.RevokeInvite(ctx, boss, inv.ID); err != nil {
			t.Fatal(err)
		}
		if err := svc.RevokeInvite(ctx, boss, inv.ID); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("revoke twice: %v, want not found", err)
		}
		if err := svc.RevokeInvite(ctx, boss, "not-an-id"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("revoke nonsense: %v", err)
		}
		if _, err := svc.Invite(ctx, plain); !errors.Is(err, accounts.ErrInviteRevoked) {
			t.Fatalf("revoked invite: %v", err)
		}
		if _, err := svc.AcceptInvite(ctx, accounts.Acceptance{Token: plain, Username: "newbie", Password: "long enough password"}); !errors.Is(err, accounts.ErrInviteRevoked) {
			t.Fatalf("accepting a revoked invite: %v", err)
		}

		// Expired.
		late, linv, err := svc.CreateInvite(ctx, boss, accounts.NewInvite{Role: model.RoleAdmin, Note: "late"})
		if err != nil {
			t.Fatal(err)
		}
		setInviteExpiry(t, db, linv.ID, time.Now().Add(-time.Hour))
		if _, err := svc.Invite(ctx, late); !errors.Is(err, accounts.ErrInviteExpired) || status(err) != 403 {
			t.Fatalf("expired invite: %v", err)
		}
		if _, err := svc.AcceptInvite(ctx, accounts.Acceptance{Token: late, Username: "newbie", Password: "long enough password"}); !errors.Is(err, accounts.ErrInviteExpired) {
			t.Fatalf("accepting an expired invite: %v", err)
		}
		if pending, _ := svc.PendingInvites(ctx, boss); len(pending) != 0 {
			t.Fatalf("revoked or expired invites still pending: %+v", pending)
		}
		if n, _ := db.CountUsers(ctx); n != users {
			t.Fatalf("%d users after dead invites were tried, want %d", n, users)
		}
		if got := auditActions(t, svc); strings.Join(got, " ") != "create_invite revoke_invite create_invite" {
			t.Fatalf("audit: %v", got)
		}
	})
}

func TestCleanupInvites(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		svc, db := newService(t, d)
		ctx := context.Background()
		boss, _ := svc.CreateUser(ctx, accounts.NewUser{Username: "boss", Password: "right password", Role: model.RoleAdmin})
		old, oldInv, _ := svc.CreateInvite(ctx, boss, accounts.NewInvite{Role: model.RoleMember})
		recent, recentInv, _ := svc.CreateInvite(ctx, boss, accounts.NewInvite{Role: model.RoleMember})
		live, _, _ := svc.CreateInvite(ctx, boss, accounts.NewInvite{Role: model.RoleMember})
		setInviteExpiry(t, db, oldInv.ID, time.Now().Add(-31*24*time.Hour))
		setInviteExpiry(t, db, recentInv.ID, time.Now().Add(-24*time.Hour))
		if n, err := svc.CleanupInvites(ctx); err != nil || n != 1 {
			t.Fatalf("cleanup removed %d (%v), want the one that expired a month ago", n, err)
		}
		if _, err := svc.Invite(ctx, old); !errors.Is(err, accounts.ErrInviteUnknown) {
			t.Errorf("old invite: %v, want gone", err)
		}
		if _, err := svc.Invite(ctx, recent); !errors.Is(err, accounts.ErrInviteExpired) {
			t.Errorf("recent invite: %v, want kept, expired", err)
		}
		if _, err := svc.Invite(ctx, live); err != nil {
			t.Errorf("live invite: %v", err)
		}
	})
}
