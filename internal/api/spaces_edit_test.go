package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// spaceOut is a space as the API shows it.
type spaceOut struct {
	ID          string `json:"id"`
	Name        string `json:"name"`
	Title       string `json:"title"`
	Description string `json:"description"`
	Visibility  string `json:"visibility"`
	Local       bool   `json:"local"`
	URL         string `json:"url"`
}

// listedSpace is the space called name in GET /api/v1/spaces, as api sees it.
func listedSpace(t *testing.T, api *testkit.API, name string) spaceOut {
	t.Helper()
	var l struct{ Items []spaceOut }
	api.JSON(t, "GET", "/api/v1/spaces", nil, 200, &l)
	for _, sp := range l.Items {
		if sp.Name == name {
			return sp
		}
	}
	t.Fatalf("GET /api/v1/spaces lacks %q: %+v", name, l.Items)
	return spaceOut{}
}

// storedSpace is the space as the node holds it, rendered description included.
func storedSpace(t *testing.T, f *fixture, name string) *model.Space {
	t.Helper()
	sp, err := f.n.Disc.Space(context.Background(), f.annUser, name)
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

func TestEditSpace(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		f := setup(t, d)
		ctx := context.Background()
		adminUser := f.n.User(t, "ada", model.RoleAdmin)
		admin := f.n.NewAPI(f.n.Token(t, adminUser))
		carlUser := f.n.User(t, "carl", model.RoleMember)
		carl := f.n.NewAPI(f.n.Token(t, carlUser))
		sp, err := f.n.Disc.Space(ctx, adminUser, "inner")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.n.Disc.AddModerator(ctx, adminUser, sp, "carl"); err != nil {
			t.Fatal(err)
		}

		// A node moderator changes both; the answer is the space as the list shows it.
		var got spaceOut
		f.mod.JSON(t, "PATCH", "/api/v1/spaces/policy", map[string]any{
			"title": "  Policy, law and regulation ", "description": "Laws, *rules* and [codes](https://example.org)."}, 200, &got)
		if got.Name != "policy" || got.Title != "Policy, law and regulation" || got.Description != "Laws, *rules* and [codes](https://example.org)." ||
			got.Visibility != "public" || !got.Local || !strings.HasSuffix(got.URL, "/spaces/policy") {
			t.Fatalf("edited space: %+v", got)
		}
		if listed := listedSpace(t, f.ann, "policy"); listed != got {
			t.Fatalf("GET shows %+v, the edit answered %+v", listed, got)
		}
		stored := storedSpace(t, f, "policy")
		if !strings.Contains(stored.DescriptionHTML, "<em>rules</em>") || !strings.Contains(stored.DescriptionHTML, `href="https://example.org"`) {
			t.Fatalf("description not rendered: %q", stored.DescriptionHTML)
		}
		if stored.Actor.DisplayName != "Policy, law and regulation" || stored.Actor.Summary != stored.DescriptionHTML {
			t.Fatalf("the space's actor: %q %q", stored.Actor.DisplayName, stored.Actor.Summary)
		}

		// An admin changes only the title; the description stays.
		admin.JSON(t, "PATCH", "/api/v1/spaces/policy", map[string]any{"title": "Policy"}, 200, &got)
		if got.Title != "Policy" || got.Description != "Laws, *rules* and [codes](https://example.org)." {
			t.Fatalf("title only: %+v", got)
		}
		// The space's own moderator changes only the description of an
		// alliance-only space, which stays alliance-only.
		carl.JSON(t, "PATCH", "/api/v1/spaces/inner", map[string]any{"description": "For **members**."}, 200, &got)
		if got.Title != "Inner circle" || got.Description != "For **members**." || got.Visibility != "alliance" {
			t.Fatalf("by the space's moderator: %+v", got)
		}
		if html := storedSpace(t, f, "inner").DescriptionHTML; !strings.Contains(html, "<strong>members</strong>") {
			t.Fatalf("description not rendered: %q", html)
		}
		// An empty description clears it.
		carl.JSON(t, "PATCH", "/api/v1/spaces/inner", map[string]any{"description": ""}, 200, &got)
		if got.Description != "" || storedSpace(t, f, "inner").DescriptionHTML != "" {
			t.Fatalf("cleared description: %+v", got)
		}
		// Carl moderates only his own space.
		carl.JSON(t, "PATCH", "/api/v1/spaces/policy", map[string]any{"title": "Carl's"}, 403, nil)
		// Each edit is in the audit log.
		entries, err := f.n.Accounts.Audit(ctx, 100)
		if err != nil {
			t.Fatal(err)
		}
		edits := 0
		for _, e := range entries {
			if e.Action == "edit_space" {
				edits++
			}
		}
		if edits != 4 {
			t.Fatalf("audited edits: %d, want 4", edits)
		}
	})
}

func TestEditSpaceRefusals(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		f := setup(t, d)
		remoteSpace(t, f.n, "faraway", "elsewhere.example")
		before, inner := listedSpace(t, f.ann, "policy"), listedSpace(t, f.ann, "inner")
		cases := []struct {
			name, path, body string
			api              *testkit.API
			want             int
		}{
			{"a member", "/api/v1/spaces/policy", `{"title":"Taken over"}`, f.bob, 403},
			{"a member, description only", "/api/v1/spaces/inner", `{"description":"mine now"}`, f.ann, 403},
			{"anonymous", "/api/v1/spaces/policy", `{"title":"Taken over"}`, f.anon, 401},
			{"anonymous, alliance-only space", "/api/v1/spaces/inner", `{"title":"Taken over"}`, f.anon, 401},
			{"unknown space", "/api/v1/spaces/nowhere", `{"title":"Somewhere"}`, f.mod, 404},
			{"a space on another server", "/api/v1/spaces/faraway@elsewhere.example", `{"title":"Ours now"}`, f.mod, 404},
			{"empty title", "/api/v1/spaces/policy", `{"title":"   "}`, f.mod, 422},
			{"title too long", "/api/v1/spaces/policy", `{"title":"` + strings.Repeat("t", 201) + `"}`, f.mod, 422},
			{"description too long", "/api/v1/spaces/policy", `{"description":"` + strings.Repeat("d", 65<<10) + `"}`, f.mod, 422},
			{"a good description with an empty title", "/api/v1/spaces/policy", `{"title":"","description":"fine"}`, f.mod, 422},
			{"nothing to change", "/api/v1/spaces/policy", `{}`, f.mod, 422},
			{"nulls", "/api/v1/spaces/policy", `{"title":null,"description":null}`, f.mod, 422},
			{"malformed JSON", "/api/v1/spaces/policy", `{"title":"Half`, f.mod, 400},
			{"unknown field", "/api/v1/spaces/policy", `{"title":"New","name":"renamed"}`, f.mod, 400},
			{"visibility", "/api/v1/spaces/policy", `{"visibility":"alliance"}`, f.mod, 400},
			{"wrong type", "/api/v1/spaces/policy", `{"title":7}`, f.mod, 400},
		}
		for _, tc := range cases {
			code, body := tc.api.Do(t, "PATCH", tc.path, tc.body)
			if code != tc.want || !strings.Contains(string(body), `"error"`) {
				t.Errorf("%s: %d %s, want %d with an error", tc.name, code, body, tc.want)
			}
			if tc.want == 422 && !strings.Contains(string(body), `"fields"`) {
				t.Errorf("%s: a validation error without fields: %s", tc.name, body)
			}
		}
		if after := listedSpace(t, f.ann, "policy"); after != before {
			t.Errorf("refusals changed the space: %+v, was %+v", after, before)
		}
		if after := listedSpace(t, f.ann, "inner"); after != inner {
			t.Errorf("refusals changed the alliance-only space: %+v, was %+v", after, inner)
		}
		if sp, err := f.n.Disc.Space(context.Background(), f.annUser, "faraway@elsewhere.example"); err != nil || sp.Title != "Far away" {
			t.Errorf("the remote space: %+v %v", sp, err)
		}
	})
}

// remoteSpace records a space from another server, as following it would.
func remoteSpace(t *testing.T, n *testkit.Node, name, host string) {
	t.Helper()
	ctx := context.Background()
	now := model.Now()
	uri := "https://" + host + "/groups/" + name
	a := &model.Actor{ID: model.NewID(), URI: uri, Kind: model.ActorGroup, Username: name, Host: host, DisplayName: "Far away",
		URL: uri, Inbox: uri + "/inbox", CreatedAt: now, UpdatedAt: now}
	err := n.DB.InTx(ctx, func(tx *store.Store) error {
		if err := tx.CreateActor(ctx, a); err != nil {
			return err
		}
		_, err := n.Disc.ReceiveSpace(ctx, tx, a, model.VisibilityPublic)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}
