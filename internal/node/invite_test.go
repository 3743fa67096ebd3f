package node_test

import (
	"context"
	"errors"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

var (
	inviteLinkRe   = regexp.MustCompile(`/invite\?token=(inv_[a-z2-7]{32})`)
	inviteRevokeRe = regexp.MustCompile(`action="/admin/invites/([0-9a-z]{16})/revoke"`)
)

func TestInviteLinkMakesAMemberOnce(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		n := testkit.NewNode(t, d)
		ctx := context.Background()
		n.User(t, "boss", model.RoleAdmin)
		n.User(t, "mem", model.RoleMember)
		invite := map[string]string{"role": "moderator", "note": "Ann Lee, hotline team"}

		// Members may neither see nor make invites; forms need their CSRF token.
		mem := n.NewBrowser()
		mem.SignIn(t, "mem")
		if code, _ := mem.Get(t, "/admin/invites"); code != http.StatusForbidden {
			t.Fatalf("member sees invites: %d", code)
		}
		if code, _, _ := mem.PostForm(t, "/admin/invites", invite, true); code != http.StatusForbidden {
			t.Fatalf("member makes an invite: %d", code)
		}
		boss := n.NewBrowser()
		boss.SignIn(t, "boss")
		if code, _, _ := boss.PostForm(t, "/admin/invites", invite, false); code != http.StatusForbidden {
			t.Fatalf("invite without the CSRF token: %d", code)
		}
		if code, body, _ := boss.PostForm(t, "/admin/invites", map[string]string{"role": "member", "note": "ann@example.org"}, true); code != http.StatusUnprocessableEntity || inviteLinkRe.MatchString(body) {
			t.Fatalf("invite with an email as note: %d", code)
		}

		// The admin invites from the admin page and sees the link once.
		code, adminPage := boss.Get(t, "/admin")
		if code != 200 || !strings.Contains(adminPage, `action="/admin/invites"`) {
			t.Fatalf("admin page: %d, without the invite form", code)
		}
		code, body, _ := boss.PostForm(t, "/admin/invites", invite, true)
		m := inviteLinkRe.FindStringSubmatch(body)
		if code != http.StatusCreated || m == nil || !strings.Contains(body, n.URL+"/invite?token=") {
			t.Fatalf("make invite: %d, link %v", code, m)
		}
		tok := m[1]
		code, list := boss.Get(t, "/admin/invites")
		if code != 200 || !strings.Contains(list, "Ann Lee, hotline team") || !strings.Contains(list, "Moderator") || !strings.Contains(list, `href="/members/boss"`) {
			t.Fatalf("pending invites: %d", code)
		}
		if strings.Contains(list, tok) {
			t.Fatal("the invite link is shown again")
		}
		if entries, _ := n.Accounts.Audit(ctx, 1); len(entries) != 1 || entries[0].Action != "create_invite" {
			t.Fatalf("audit after invite: %+v", entries)
		}

		// The invitee opens the link; without CSRF or with bad answers,
		// nothing happens.
		guest := n.NewBrowser()
		if code, page := guest.Get(t, "/invite?token="+tok); code != 200 || !strings.Contains(page, `name="token" value="`+tok+`"`) || !strings.Contains(page, "Moderator") {
			t.Fatalf("invite form: %d", code)
		}
		accept := map[string]string{"token": tok, "username": "ann", "display_name": "Ann Lee", "password": "ann's long password"}
		if code, _, _ := guest.PostForm(t, "/invite", accept, false); code != http.StatusForbidden {
			t.Fatalf("accept without the CSRF token: %d", code)
		}
		bad := map[string]string{"token": tok, "username": "Ann Lee", "password": "short"}
		if code, page, _ := guest.PostForm(t, "/invite", bad, true); code != http.StatusUnprocessableEntity || !strings.Contains(page, `name="token"`) {
			t.Fatalf("accept with bad answers: %d", code)
		}
		if _, err := n.DB.GetUserByUsername(ctx, "ann"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("a refused answer made a user: %v", err)
		}

		// A good answer makes the member, with the role, signed in.
		code, _, hdr := guest.PostForm(t, "/invite", accept, true)
		if code != http.StatusSeeOther || !strings.HasPrefix(hdr.Get("Location"), "/settings") {
			t.Fatalf("accept: %d to %q", code, hdr.Get("Location"))
		}
		if code, page := guest.Get(t, "/settings"); code != 200 || !strings.Contains(page, "(ann)") || !strings.Contains(page, "Ann Lee") {
			t.Fatalf("the new member is not signed in: settings %d", code)
		}
		u, err := n.DB.GetUserByUsername(ctx, "ann")
		if err != nil || u.Role != model.RoleModerator {
			t.Fatalf("new member %+v %v", u, err)
		}

		// The link is spent.
		other := n.NewBrowser()
		if code, page := other.Get(t, "/invite?token="+tok); code != http.StatusForbidden || !strings.Contains(page, "used already") || strings.Contains(page, `name="password"`) {
			t.Fatalf("spent link: %d", code)
		}
		accept["username"] = "intruder"
		if code, _, _ := other.PostForm(t, "/invite", accept, true); code != http.StatusForbidden {
			t.Fatalf("second use: %d, want 403", code)
		}
		if _, err := n.DB.GetUserByUsername(ctx, "intruder"); !errors.Is(err, model.ErrNotFound) {
			t.Fatalf("the second use made a user: %v", err)
		}
		if code, _ := other.Get(t, "/invite?token=inv_made_up"); code != http.StatusForbidden {
			t.Fatalf("made-up link: %d", code)
		}

		// A withdrawn invite stops working too.
		_, body, _ = boss.PostForm(t, "/admin/invites", map[string]string{"role": "admin"}, true)
		m = inviteLinkRe.FindStringSubmatch(body)
		if m == nil {
			t.Fatal("no second invite link")
		}
		_, list = boss.Get(t, "/admin/invites")
		ids := inviteRevokeRe.FindAllStringSubmatch(list, -1)
		if len(ids) != 1 {
			t.Fatalf("%d pending invites listed, want 1", len(ids))
		}
		if code, _, hdr := mem.PostForm(t, "/admin/invites/"+ids[0][1]+"/revoke", nil, true); code != http.StatusForbidden {
			t.Fatalf("member revokes: %d %s", code, hdr.Get("Location"))
		}
		if code, _, _ := boss.PostForm(t, "/admin/invites/"+ids[0][1]+"/revoke", nil, true); code != http.StatusSeeOther {
			t.Fatalf("revoke: %d", code)
		}
		if code, page := guest.Get(t, "/invite?token="+m[1]); code != http.StatusForbidden || !strings.Contains(page, "withdrawn") {
			t.Fatalf("withdrawn link: %d", code)
		}
		if _, list = boss.Get(t, "/admin/invites"); inviteRevokeRe.MatchString(list) {
			t.Fatal("a withdrawn invite is still listed")
		}

		var actions []string
		entries, _ := n.Accounts.Audit(ctx, 10)
		for _, e := range entries {
			actions = append(actions, e.Action)
		}
		if got := strings.Join(actions, " "); got != "revoke_invite create_invite accept_invite create_invite" {
			t.Fatalf("audit: %s", got)
		}
	})
}
