package accounts_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

func newService(t *testing.T, d store.Dialect) (*accounts.Service, *store.DB) {
	db := testkit.NewDB(t, d)
	return accounts.New(db, model.URLs{Base: "http://portal.test"}, testkit.Keys, testkit.Logger(t)), db
}

func status(err error) int { s, _ := httpx.Status(err); return s }

func TestPasswordHash(t *testing.T) {
	t.Parallel()
	h, err := accounts.HashPassword("a long enough password")
	if err != nil || !strings.HasPrefix(h, "$argon2id$v=19$") {
		t.Fatalf("hash %q %v", h, err)
	}
	if ok, _ := accounts.CheckPassword(h, "a long enough password"); !ok {
		t.Fatal("right password refused")
	}
	if ok, _ := accounts.CheckPassword(h, "a long enough passworD"); ok {
		t.Fatal("wrong password accepted")
	}
	if _, err := accounts.CheckPassword("$argon2id$garbage", "x"); err == nil {
		t.Fatal("malformed hash accepted")
	}
}

func TestCreateUserValidation(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		svc, db := newService(t, d)
		ctx := context.Background()
		bad := []accounts.NewUser{
			{Username: "Bad Name", Password: "long enough pw", Role: model.RoleMember},
			{Username: "ok", Password: "short", Role: model.RoleMember},
			{Username: "ok", Password: "long enough pw", Role: "king"},
		}
		for _, in := range bad {
			if _, err := svc.CreateUser(ctx, in); status(err) != 422 {
				t.Errorf("%+v: %v, want a validation error", in, err)
			}
		}
		u, err := svc.CreateUser(ctx, accounts.NewUser{Username: "Alice", Password: "long enough pw", Role: model.RoleMember})
		if err != nil || u.Username != "alice" || u.Actor == nil || u.Actor.URI != "http://portal.test/members/alice" || u.Actor.PrivateKeyPEM == "" {
			t.Fatalf("create: %+v %v", u, err)
		}
		if _, err := svc.CreateUser(ctx, accounts.NewUser{Username: "alice", Password: "long enough pw", Role: model.RoleMember}); status(err) != 409 {
			t.Fatalf("duplicate: %v", err)
		}
		if n, _ := db.CountUsers(ctx); n != 1 {
			t.Fatalf("%d users after refusals, want 1", n)
		}
	})
}

func TestAuthenticateAndRateLimit(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		svc, _ := newService(t, d)
		ctx := context.Background()
		if _, err := svc.CreateUser(ctx, accounts.NewUser{Username: "bob", Password: "right password", Role: model.RoleMember}); err != nil {
			t.Fatal(err)
		}
		if u, err := svc.Authenticate(ctx, "BOB", "right password", "10.9.9.9"); err != nil || u.Username != "bob" {
			t.Fatalf("good sign-in: %v", err)
		}
		_, wrongPw := svc.Authenticate(ctx, "bob", "wrong password", "10.9.9.9")
		_, noUser := svc.Authenticate(ctx, "nobody", "wrong password", "10.9.9.9")
		if status(wrongPw) != 401 || wrongPw.Error() != noUser.Error() {
			t.Fatalf("wrong password %v and unknown user %v must fail alike", wrongPw, noUser)
		}
		// Ten failures for one account lock it for the window, even for the
		// right password, and from another address.
		for range 9 {
			svc.Authenticate(ctx, "bob", "wrong password", "10.9.9.8")
		}
		if _, err := svc.Authenticate(ctx, "bob", "right password", "10.1.1.1"); status(err) != 429 {
			t.Fatalf("after 10 failures: %v, want 429", err)
		}
		// Another account from a fresh address is unaffected.
		if _, err := svc.CreateUser(ctx, accounts.NewUser{Username: "carol", Password: "right password", Role: model.RoleMember}); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.Authenticate(ctx, "carol", "right password", "10.2.2.2"); err != nil {
			t.Fatalf("other account: %v", err)
		}
	})
}

func TestRateLimitPerAddress(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		svc, _ := newService(t, d)
		ctx := context.Background()
		svc.CreateUser(ctx, accounts.NewUser{Username: "dan", Password: "right password", Role: model.RoleMember})
		for i := range 30 {
			svc.Authenticate(ctx, "guess"+string(rune('a'+i%26))+string(rune('a'+i/26)), "x", "10.3.3.3")
		}
		if _, err := svc.Authenticate(ctx, "dan", "right password", "10.3.3.3"); status(err) != 429 {
			t.Fatalf("after 30 failures from one address: %v, want 429", err)
		}
	})
}

func TestTokens(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		svc, _ := newService(t, d)
		ctx := context.Background()
		u, _ := svc.CreateUser(ctx, accounts.NewUser{Username: "erin", Password: "right password", Role: model.RoleMember})
		plain, tok, err := svc.CreateToken(ctx, u.ID, "ci")
		if err != nil || !strings.HasPrefix(plain, "ptl_") || tok.Hash == plain || strings.Contains(tok.Hash, plain) {
			t.Fatalf("token %q %+v %v", plain, tok, err)
		}
		if got, err := svc.TokenUser(ctx, plain); err != nil || got.ID != u.ID {
			t.Fatalf("good token: %v", err)
		}
		for _, bad := range []string{"", "ptl_unknown", "nonsense", plain + "x"} {
			if _, err := svc.TokenUser(ctx, bad); !errors.Is(err, model.ErrUnauthorized) {
				t.Errorf("token %q: %v, want unauthorized", bad, err)
			}
		}
		if err := svc.RevokeToken(ctx, "someone-else", tok.ID); !errors.Is(err, model.ErrNotFound) {
			t.Errorf("revoking another's token: %v", err)
		}
		if err := svc.RevokeToken(ctx, u.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := svc.TokenUser(ctx, plain); !errors.Is(err, model.ErrUnauthorized) {
			t.Fatalf("revoked token: %v", err)
		}
	})
}

func TestSessions(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		svc, db := newService(t, d)
		ctx := context.Background()
		u, _ := svc.CreateUser(ctx, accounts.NewUser{Username: "fay", Password: "right password", Role: model.RoleMember})
		cookie, ses, err := svc.StartSession(ctx, u, "test agent")
		if err != nil || ses.ID == cookie {
			t.Fatalf("session: %v (the cookie must not be stored as is)", err)
		}
		if got, _, err := svc.SessionUser(ctx, cookie); err != nil || got.ID != u.ID {
			t.Fatalf("session user: %v", err)
		}
		if err := svc.EndSession(ctx, cookie); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.SessionUser(ctx, cookie); !errors.Is(err, model.ErrUnauthorized) {
			t.Fatalf("ended session: %v", err)
		}
		// Expired sessions go with the cleanup job.
		svc.SessionLifetime = time.Millisecond
		if _, _, err := svc.StartSession(ctx, u, ""); err != nil {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
		if n, err := svc.Cleanup(ctx); err != nil || n < 1 {
			t.Fatalf("cleanup removed %d: %v", n, err)
		}
		_ = db
	})
}

func TestChangePasswordEndsOtherSessions(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		svc, _ := newService(t, d)
		ctx := context.Background()
		u, _ := svc.CreateUser(ctx, accounts.NewUser{Username: "gus", Password: "old password!", Role: model.RoleMember})
		mine, ses, _ := svc.StartSession(ctx, u, "")
		other, _, _ := svc.StartSession(ctx, u, "")
		if err := svc.ChangePassword(ctx, u, "not it at all", "new password!", ses.ID); status(err) != 403 {
			t.Fatalf("wrong current password: %v", err)
		}
		if err := svc.ChangePassword(ctx, u, "old password!", "new password!", ses.ID); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.SessionUser(ctx, mine); err != nil {
			t.Fatalf("own session ended: %v", err)
		}
		if _, _, err := svc.SessionUser(ctx, other); err == nil {
			t.Fatal("other session survived a password change")
		}
		if _, err := svc.Authenticate(ctx, "gus", "new password!", "10.0.0.9"); err != nil {
			t.Fatalf("new password: %v", err)
		}
	})
}

func TestSetupTokenWorksOnce(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		svc, db := newService(t, d)
		ctx := context.Background()
		tok, err := svc.SetupToken(ctx)
		if err != nil || len(tok) < 20 {
			t.Fatalf("setup token %q %v", tok, err)
		}
		profile := accounts.Profile{Name: "Child Safety Agency", Sector: "government", Country: "gb", Website: "https://agency.example"}
		admin := accounts.NewUser{Username: "root", Password: "a good password"}
		if _, err := svc.CompleteSetup(ctx, accounts.Setup{Token: "wrong", Profile: profile, Admin: admin}); status(err) != 403 {
			t.Fatalf("wrong token: %v", err)
		}
		bad := profile
		bad.Sector = "pirates"
		if _, err := svc.CompleteSetup(ctx, accounts.Setup{Token: tok, Profile: bad, Admin: admin}); status(err) != 422 {
			t.Fatalf("bad profile: %v", err)
		}
		u, err := svc.CompleteSetup(ctx, accounts.Setup{Token: tok, Profile: profile, Admin: admin})
		if err != nil || u.Role != model.RoleAdmin {
			t.Fatalf("setup: %+v %v", u, err)
		}
		in, _ := svc.Instance(ctx)
		if in.Name != "Child Safety Agency" || in.Country != "GB" || in.SetupDoneAt == nil {
			t.Fatalf("instance after setup: %+v", in)
		}
		if _, err := svc.CompleteSetup(ctx, accounts.Setup{Token: tok, Profile: profile, Admin: accounts.NewUser{Username: "root2", Password: "a good password"}}); status(err) != 403 {
			t.Fatalf("second use: %v", err)
		}
		if again, _ := svc.SetupToken(ctx); again != "" {
			t.Fatal("a new setup token after setup")
		}
		if n, _ := db.CountUsers(ctx); n != 1 {
			t.Fatalf("%d users, want 1", n)
		}
	})
}

func TestMemberProfileRolesAndSuspension(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		svc, db := newService(t, d)
		ctx := context.Background()
		admin, _ := svc.CreateUser(ctx, accounts.NewUser{Username: "root", Password: "right password", Role: model.RoleAdmin})
		mem, _ := svc.CreateUser(ctx, accounts.NewUser{Username: "mo", Password: "right password", Role: model.RoleMember})
		if err := svc.UpdateMemberProfile(ctx, mem, accounts.MemberProfile{DisplayName: "Mo Farah", Bio: "Trust & *safety* <script>x</script>"}); err != nil {
			t.Fatal(err)
		}
		got, _ := db.GetUser(ctx, mem.ID)
		if got.Actor.DisplayName != "Mo Farah" || !strings.Contains(got.Actor.Summary, "<em>safety</em>") || strings.Contains(got.Actor.Summary, "<script") {
			t.Fatalf("profile: %+v", got.Actor)
		}
		if err := svc.UpdateMemberProfile(ctx, mem, accounts.MemberProfile{Locale: "tlh"}); status(err) != 422 {
			t.Fatalf("unknown language: %v", err)
		}
		if err := svc.SetRole(ctx, mem, "root", model.RoleMember); status(err) != 403 {
			t.Fatalf("a member changing roles: %v", err)
		}
		if err := svc.SetRole(ctx, admin, "root", model.RoleMember); status(err) != 403 {
			t.Fatalf("an admin demoting themselves: %v", err)
		}
		if err := svc.SetRole(ctx, admin, "mo", model.RoleModerator); err != nil {
			t.Fatal(err)
		}
		cookie, _, _ := svc.StartSession(ctx, mem, "")
		if err := svc.Suspend(ctx, admin, "mo", true); err != nil {
			t.Fatal(err)
		}
		if _, _, err := svc.SessionUser(ctx, cookie); err == nil {
			t.Fatal("a suspended member's session still works")
		}
		if _, err := svc.Authenticate(ctx, "mo", "right password", "10.8.8.8"); status(err) != 401 {
			t.Fatalf("a suspended member signs in: %v", err)
		}
		if err := svc.Suspend(ctx, admin, "mo", false); err != nil {
			t.Fatal(err)
		}
		if u, err := svc.Authenticate(ctx, "mo", "right password", "10.8.8.9"); err != nil || u.Role != model.RoleModerator {
			t.Fatalf("after unsuspending: %v", err)
		}
	})
}
