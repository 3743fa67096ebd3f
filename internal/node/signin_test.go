package node_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

func TestSignIn(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		n := testkit.NewNode(t, d)
		n.User(t, "ann", model.RoleMember)
		b := n.NewBrowser()

		// Without the CSRF field: 403, and no session.
		code, _, _ := b.PostForm(t, "/signin", map[string]string{"username": "ann", "password": testkit.Password}, false)
		if code != http.StatusForbidden {
			t.Fatalf("sign-in without CSRF token: %d, want 403", code)
		}
		if code, _ := b.Get(t, "/settings"); code != http.StatusSeeOther {
			t.Fatalf("signed in without a CSRF token (settings answered %d)", code)
		}
		// Wrong password and unknown user: the same generic answer.
		code, wrongPw, _ := b.PostForm(t, "/signin", map[string]string{"username": "ann", "password": "not the password"}, true)
		code2, noUser, _ := b.PostForm(t, "/signin", map[string]string{"username": "nobody", "password": "not the password"}, true)
		if code != 401 || code2 != 401 || !strings.Contains(wrongPw, "Wrong username or password.") || !strings.Contains(noUser, "Wrong username or password.") {
			t.Fatalf("wrong password %d, unknown user %d", code, code2)
		}
		// Right password: a session cookie and the settings page.
		code, _, hdr := b.PostForm(t, "/signin", map[string]string{"username": "ann", "password": testkit.Password, "next": "//evil.example/"}, true)
		if code != http.StatusSeeOther || hdr.Get("Location") != "/" {
			t.Fatalf("sign-in: %d to %q (an off-site next must not be followed)", code, hdr.Get("Location"))
		}
		cookie := ""
		for _, c := range (&http.Response{Header: hdr}).Cookies() {
			if c.Name == "portal_session" {
				if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
					t.Errorf("session cookie flags: %+v", c)
				}
				cookie = c.Value
			}
		}
		if cookie == "" {
			t.Fatal("no session cookie")
		}
		if code, body := b.Get(t, "/settings"); code != 200 || !strings.Contains(body, "Personal access tokens") {
			t.Fatalf("settings when signed in: %d", code)
		}
		// Sign out ends the session on the server too.
		if code, _, _ := b.PostForm(t, "/signout", nil, true); code != http.StatusSeeOther {
			t.Fatalf("sign out: %d", code)
		}
		if _, _, err := n.Accounts.SessionUser(context.Background(), cookie); err == nil {
			t.Fatal("session still valid after sign-out")
		}
	})
}

func TestSignInRateLimited(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		n := testkit.NewNode(t, d)
		n.User(t, "bob", model.RoleMember)
		b := n.NewBrowser()
		for range 10 {
			b.PostForm(t, "/signin", map[string]string{"username": "bob", "password": "guess guess"}, true)
		}
		code, body, _ := b.PostForm(t, "/signin", map[string]string{"username": "bob", "password": testkit.Password}, true)
		if code != http.StatusTooManyRequests || !strings.Contains(body, "Too many sign-in attempts") {
			t.Fatalf("11th attempt: %d, want 429", code)
		}
	})
}

func TestSetupLinkCreatesTheFirstAdminOnce(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		n := testkit.NewNode(t, d)
		ctx := context.Background()
		tok, err := n.Accounts.SetupToken(ctx)
		if err != nil || tok == "" {
			t.Fatalf("setup token: %q %v", tok, err)
		}
		b := n.NewBrowser()
		if code, body := b.Get(t, "/setup?token="+tok); code != 200 || !strings.Contains(body, `name="org_name"`) {
			t.Fatalf("setup form: %d", code)
		}
		form := map[string]string{"token": tok, "org_name": "Online Safety Agency", "org_sector": "government",
			"org_country": "NL", "org_website": "https://osa.example", "org_description": "We regulate platforms.",
			"username": "admin", "password": "a long admin password"}
		code, _, hdr := b.PostForm(t, "/setup", form, true)
		if code != http.StatusSeeOther || hdr.Get("Location") != "/admin" {
			t.Fatalf("setup: %d %s", code, hdr.Get("Location"))
		}
		if code, body := b.Get(t, "/admin"); code != 200 || !strings.Contains(body, "Online Safety Agency") {
			t.Fatalf("admin page after setup: %d", code)
		}
		if _, home := b.Get(t, "/"); !strings.Contains(home, "Online Safety Agency") || !strings.Contains(home, "We regulate platforms.") {
			t.Fatal("the home page does not show the organisation")
		}
		// The link is spent.
		other := n.NewBrowser()
		form["username"] = "intruder"
		if code, _, _ := other.PostForm(t, "/setup", form, true); code != http.StatusForbidden {
			t.Fatalf("second use of the setup link: %d, want 403", code)
		}
		if _, err := n.DB.GetUserByUsername(ctx, "intruder"); err == nil {
			t.Fatal("second use created a user")
		}
	})
}

func TestAdminPagesNeedAnAdmin(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		n := testkit.NewNode(t, d)
		n.User(t, "mem", model.RoleMember)
		n.User(t, "boss", model.RoleAdmin)
		anon := n.NewBrowser()
		if code, _ := anon.Get(t, "/admin"); code != http.StatusSeeOther {
			t.Fatalf("anonymous /admin: %d, want a redirect to sign in", code)
		}
		mem := n.NewBrowser()
		mem.SignIn(t, "mem")
		if code, _ := mem.Get(t, "/admin"); code != http.StatusForbidden {
			t.Fatalf("member /admin: %d", code)
		}
		profile := map[string]string{"org_name": "Changed", "org_sector": "research", "org_country": "DE"}
		if code, _, _ := mem.PostForm(t, "/admin/profile", profile, true); code != http.StatusForbidden {
			t.Fatalf("member profile change: %d", code)
		}
		boss := n.NewBrowser()
		boss.SignIn(t, "boss")
		if code, _, _ := boss.PostForm(t, "/admin/profile", profile, true); code != http.StatusSeeOther {
			t.Fatalf("admin profile change: %d", code)
		}
		in, _ := n.Accounts.Instance(context.Background())
		if in.Name != "Changed" || in.Sector != "research" {
			t.Fatalf("profile: %+v", in)
		}
		entries, _ := n.Accounts.Audit(context.Background(), 10)
		if len(entries) == 0 || entries[0].Action != "update_profile" {
			t.Fatalf("audit log: %+v", entries)
		}
	})
}

func TestTokensFromSettings(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		n := testkit.NewNode(t, d)
		n.User(t, "tia", model.RoleMember)
		b := n.NewBrowser()
		b.SignIn(t, "tia")
		code, body, _ := b.PostForm(t, "/settings/tokens", map[string]string{"name": "my script"}, true)
		if code != http.StatusCreated {
			t.Fatalf("create token: %d", code)
		}
		i := strings.Index(body, "ptl_")
		if i < 0 {
			t.Fatal("the new token is not shown")
		}
		tok := body[i : i+36]
		n.NewAPI(tok).JSON(t, "GET", "/api/v1/me", nil, 200, nil)
	})
}

func TestProfileAndMemberAdministration(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		n := testkit.NewNode(t, d)
		n.User(t, "boss", model.RoleAdmin)
		n.User(t, "mo", model.RoleMember)
		mo := n.NewBrowser()
		mo.SignIn(t, "mo")
		code, _, _ := mo.PostForm(t, "/settings/profile", map[string]string{"display_name": "Mo Ahmed", "bio": "Analyst at *the* lab", "locale": "en"}, true)
		if code != http.StatusSeeOther {
			t.Fatalf("profile: %d", code)
		}
		if _, page := mo.Get(t, "/members/mo"); !strings.Contains(page, "Mo Ahmed") || !strings.Contains(page, "<em>the</em>") {
			t.Fatal("the member page does not show the new profile")
		}
		if code, _, _ := mo.PostForm(t, "/settings/profile", map[string]string{"locale": "xx"}, true); code != http.StatusUnprocessableEntity {
			t.Fatalf("unknown language: %d", code)
		}
		if code, _, _ := mo.PostForm(t, "/admin/members/boss/suspend", nil, true); code != http.StatusForbidden {
			t.Fatalf("a member suspending the admin: %d", code)
		}
		boss := n.NewBrowser()
		boss.SignIn(t, "boss")
		if code, _, _ := boss.PostForm(t, "/admin/members/mo/role", map[string]string{"role": "moderator"}, true); code != http.StatusSeeOther {
			t.Fatalf("role change: %d", code)
		}
		if code, _, _ := boss.PostForm(t, "/admin/members/mo/suspend", nil, true); code != http.StatusSeeOther {
			t.Fatalf("suspend: %d", code)
		}
		if code, _ := mo.Get(t, "/settings"); code != http.StatusSeeOther {
			t.Fatalf("a suspended member still signed in (settings %d)", code)
		}
		u, _ := n.DB.GetUserByUsername(context.Background(), "mo")
		if u.Role != model.RoleModerator || u.SuspendedAt == nil {
			t.Fatalf("after admin actions: %+v", u)
		}
	})
}
