package ui_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// policies returns the admins' domain decisions as domain → policy.
func policies(t *testing.T, n *testkit.Node) map[string]string {
	t.Helper()
	list, err := moderation.New(n.DB).Policies(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, p := range list {
		out[p.Domain] = p.Policy
	}
	return out
}

// auditActions lists the audit log's actions, newest first.
func auditActions(t *testing.T, n *testkit.Node) []string {
	t.Helper()
	list, err := n.Accounts.Audit(context.Background(), 50)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range list {
		out = append(out, e.Action+" "+e.Target)
	}
	return out
}

func TestAdminFederationPage(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		n := testkit.NewNode(t, d, testkit.With(func(c *config.Config) {
			c.FederationMode = "allowlist"
			c.FederationAllow = []string{"friend.example"}
			c.FederationBlock = []string{"foe.example"}
			c.AllianceDomains = []string{"ally.example"}
		}))
		n.User(t, "ada", model.RoleAdmin)
		n.User(t, "mel", model.RoleMember)
		adm, mem, anon := n.NewBrowser(), n.NewBrowser(), n.NewBrowser()
		adm.SignIn(t, "ada")
		mem.SignIn(t, "mel")

		// Only admins see it; the admin's home links to it.
		if status, _ := mem.Get(t, "/admin/federation"); status != http.StatusForbidden {
			t.Errorf("member: %d, want 403", status)
		}
		if status, _ := anon.Get(t, "/admin/federation"); status != http.StatusSeeOther {
			t.Errorf("visitor: %d, want a redirect to sign in", status)
		}
		_, body := adm.Get(t, "/admin")
		mustContain(t, "the admin page", body, `href="/admin/federation"`)
		status, body := adm.Get(t, "/admin/federation")
		checkHTML(t, "federation page", status, body, 200)
		mustContain(t, "the federation page", body, "<strong>allowlist</strong>", "friend.example", "foe.example", "ally.example",
			"No decisions yet.", "No peers yet.", `<label for="domain">`, `name="csrf_token"`)

		// Block a domain, then allow it instead: one decision, replaced.
		status, _, hdr := adm.PostForm(t, "/admin/federation/policies", map[string]string{"domain": "Spam.Example", "policy": "block", "note": "floods"}, true)
		if status != http.StatusSeeOther || !strings.HasPrefix(hdr.Get("Location"), "/admin/federation?flash=flash.policy_saved") {
			t.Fatalf("block: %d %q", status, hdr.Get("Location"))
		}
		if got := policies(t, n); got["spam.example"] != "block" || len(got) != 1 {
			t.Fatalf("policies after block: %v", got)
		}
		status, body = adm.Get(t, hdr.Get("Location"))
		checkHTML(t, "federation page after a block", status, body, 200)
		mustContain(t, "the federation page after a block", body, "The decision about the domain is saved.", `id="policy-spam.example"`,
			"Blocked", "floods", `action="/admin/federation/policies/spam.example/delete"`)
		status, _, _ = adm.PostForm(t, "/admin/federation/policies", map[string]string{"domain": "spam.example", "policy": "allow"}, true)
		if status != http.StatusSeeOther {
			t.Fatalf("allow: %d", status)
		}
		if got := policies(t, n); got["spam.example"] != "allow" || len(got) != 1 {
			t.Fatalf("policies after allow: %v", got)
		}

		// Bad input comes back marked and changes nothing.
		bad := []struct {
			name   string
			form   map[string]string
			wantIn string
		}{
			{"a URL, not a domain", map[string]string{"domain": "https://x.example/path", "policy": "block"}, "must be a host name"},
			{"an unknown policy", map[string]string{"domain": "x.example", "policy": "mute"}, "must be allow or block"},
			{"a long note", map[string]string{"domain": "x.example", "policy": "block", "note": strings.Repeat("n", 501)}, "at most 500"},
		}
		for _, c := range bad {
			status, body, _ := adm.PostForm(t, "/admin/federation/policies", c.form, true)
			checkHTML(t, c.name, status, body, 422)
			mustContain(t, c.name, body, "There is a problem", c.wantIn)
		}
		if got := policies(t, n); len(got) != 1 {
			t.Fatalf("policies after bad input: %v", got)
		}

		// Members and forged forms change nothing.
		if status, _, _ := mem.PostForm(t, "/admin/federation/policies", map[string]string{"domain": "m.example", "policy": "block"}, true); status != http.StatusForbidden {
			t.Errorf("member's block: %d, want 403", status)
		}
		if status, _, _ := mem.PostForm(t, "/admin/federation/policies/spam.example/delete", nil, true); status != http.StatusForbidden {
			t.Errorf("member's removal: %d, want 403", status)
		}
		if status, _, _ := adm.PostForm(t, "/admin/federation/policies", map[string]string{"domain": "f.example", "policy": "block"}, false); status != http.StatusForbidden {
			t.Errorf("block without the CSRF token: %d, want 403", status)
		}
		if got := policies(t, n); len(got) != 1 || got["spam.example"] != "allow" {
			t.Fatalf("policies after refused changes: %v", got)
		}

		// Remove the decision; removing it again is a 404.
		status, _, hdr = adm.PostForm(t, "/admin/federation/policies/spam.example/delete", nil, true)
		if status != http.StatusSeeOther || !strings.HasPrefix(hdr.Get("Location"), "/admin/federation?flash=flash.policy_removed") {
			t.Fatalf("remove: %d %q", status, hdr.Get("Location"))
		}
		if got := policies(t, n); len(got) != 0 {
			t.Fatalf("policies after removal: %v", got)
		}
		if status, _, _ := adm.PostForm(t, "/admin/federation/policies/spam.example/delete", nil, true); status != http.StatusNotFound {
			t.Errorf("removing a missing decision: %d, want 404", status)
		}

		// Every change is audited.
		got := strings.Join(auditActions(t, n), "\n")
		for _, want := range []string{"block_domain spam.example", "allow_domain spam.example", "remove_domain_policy spam.example"} {
			if !strings.Contains(got, want) {
				t.Errorf("the audit log lacks %q:\n%s", want, got)
			}
		}
	})
}
