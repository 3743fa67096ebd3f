package ui_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

const editSpaceLink = `href="/spaces/policy/edit"`

// spaceNow is the policy space as the node holds it.
func spaceNow(t *testing.T, w *world) *model.Space {
	t.Helper()
	sp, err := w.s.disc.Space(context.Background(), w.admin, "policy")
	if err != nil {
		t.Fatal(err)
	}
	return sp
}

func TestEditSpaceAsModerator(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		mo := w.s.signedIn(t, mustUser(t, w.s, "mo", model.RoleModerator))

		r := mo.get(t, "/spaces/policy")
		checkPage(t, "the space as a node moderator", r, 200)
		has(t, "the space as a node moderator", r, editSpaceLink, "Edit space")

		// The form holds the current values; the name and visibility are
		// shown as facts, with why they stay.
		r = mo.get(t, "/spaces/policy/edit")
		checkPage(t, "the edit form", r, 200)
		if r.Title() == "" || !strings.HasPrefix(r.Title(), "Edit space") {
			t.Errorf("the edit form's title: %q", r.Title())
		}
		has(t, "the edit form", r, `action="/spaces/policy/edit"`, `name="csrf_token"`, `<label for="title">`,
			`value="Policy and regulation"`, `<label for="description">`, "Laws and *rules*.", "Write in Markdown",
			`aria-describedby="description-hint"`, "@policy@", "Public",
			"The name is part of every address in this space; the visibility decided who already received what it holds.")
		lacks(t, "the edit form", r, `name="name"`, `name="visibility"`)
		if r.Header.Get("Cache-Control") != "private, no-store" {
			t.Errorf("the edit form may be cached: %q", r.Header.Get("Cache-Control"))
		}

		// Saving goes back to the space's page, which shows the change.
		r = mo.post(t, "/spaces/policy/edit", url.Values{"title": {"  Law and policy "}, "description": {"Statutes and **codes**."}})
		if r.Status != 303 || r.Location != "/spaces/policy?flash=flash.space_saved" {
			t.Fatalf("save: %d %q\n%s", r.Status, r.Location, snippet(r.Body))
		}
		r = mo.get(t, r.Location)
		checkPage(t, "the space after the edit", r, 200)
		has(t, "the space after the edit", r, "<h1>Law and policy</h1>", "<strong>codes</strong>", "The space's title and description are saved.")
		lacks(t, "the space after the edit", r, "Policy and regulation")
		if sp := spaceNow(t, w); sp.Title != "Law and policy" || sp.Description != "Statutes and **codes**." ||
			sp.Name != "policy" || sp.Visibility != model.VisibilityPublic {
			t.Errorf("stored after the edit: %+v", sp)
		}
		// Visitors see the new title too.
		has(t, "the space to a visitor", w.s.visitor().get(t, "/spaces/policy"), "<h1>Law and policy</h1>")
	})
}

func TestEditSpaceAsItsOwnModerator(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		// Ada opened both spaces, so she moderates them; Bob is made a
		// moderator of the alliance-only one only.
		if err := w.s.disc.AddModerator(context.Background(), w.admin, w.inner, "bob"); err != nil {
			t.Fatal(err)
		}
		bob := w.s.signedIn(t, w.bob)
		has(t, "his space", bob.get(t, "/spaces/inner"), `href="/spaces/inner/edit"`)
		lacks(t, "another space", bob.get(t, "/spaces/policy"), editSpaceLink)
		checkPage(t, "another space's form", bob.get(t, "/spaces/policy/edit"), 403)
		r := bob.post(t, "/spaces/inner/edit", url.Values{"title": {"Inner circle"}, "description": {"Members *only*."}})
		if r.Status != 303 || r.Location != "/spaces/inner?flash=flash.space_saved" {
			t.Fatalf("save by the space's moderator: %d %q\n%s", r.Status, r.Location, snippet(r.Body))
		}
		has(t, "his space after the edit", bob.get(t, "/spaces/inner"), "<em>only</em>", "Alliance only")
		has(t, "the admin's view", w.s.signedIn(t, w.admin).get(t, "/spaces/inner"), `href="/spaces/inner/edit"`)
	})
}

func TestEditSpaceRefused(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		remote, _ := addRemote(t, w)
		before := spaceNow(t, w)
		alice, admin := w.s.signedIn(t, w.alice), w.s.signedIn(t, w.admin)
		// post adds the CSRF token to the form it is given: each request gets its own.
		change := func() url.Values { return url.Values{"title": {"Taken over"}, "description": {"Ours now."}} }

		// A member sees no link, and is refused the form and the save.
		r := alice.get(t, "/spaces/policy")
		checkPage(t, "the space as a member", r, 200)
		lacks(t, "the space as a member", r, editSpaceLink, "Edit space")
		r = alice.get(t, "/spaces/policy/edit")
		checkPage(t, "the form as a member", r, 403)
		has(t, "the form as a member", r, "Only the space's moderators")
		checkPage(t, "saving as a member", alice.post(t, "/spaces/policy/edit", change()), 403)

		// A visitor sees no link and is sent to sign in; a save is refused.
		lacks(t, "the space as a visitor", w.s.visitor().get(t, "/spaces/policy"), editSpaceLink)
		r = w.s.visitor().get(t, "/spaces/policy/edit")
		if r.Status != 303 || r.Location != "/signin?next="+url.QueryEscape("/spaces/policy/edit") {
			t.Errorf("the form as a visitor: %d %q, want a redirect to sign in", r.Status, r.Location)
		}
		if r := w.s.visitor().post(t, "/spaces/policy/edit", change()); r.Status != 401 {
			t.Errorf("saving as a visitor: %d, want 401", r.Status)
		}
		// Without the CSRF token nothing is saved, even by an admin.
		if r := admin.postNoCSRF(t, "/spaces/policy/edit", change()); r.Status != 403 {
			t.Errorf("saving without the CSRF token: %d, want 403", r.Status)
		}

		// Spaces elsewhere, and spaces that do not exist, cannot be edited here.
		remotePath := "/spaces/" + remote.Name + "@" + remote.Host
		lacks(t, "a remote space", admin.get(t, remotePath), remotePath+"/edit", "Edit space")
		checkPage(t, "a remote space's form", admin.get(t, remotePath+"/edit"), 404)
		checkPage(t, "saving a remote space", admin.post(t, remotePath+"/edit", change()), 404)
		checkPage(t, "an unknown space's form", admin.get(t, "/spaces/nowhere/edit"), 404)
		checkPage(t, "saving an unknown space", admin.post(t, "/spaces/nowhere/edit", change()), 404)
		// An alliance-only space is not found by a visitor, who is still
		// only asked to sign in first.
		if r := w.s.visitor().get(t, "/spaces/inner/edit"); r.Status != 303 {
			t.Errorf("an alliance-only space's form as a visitor: %d", r.Status)
		}

		// An empty title comes back marked, with what was typed.
		r = admin.post(t, "/spaces/policy/edit", url.Values{"title": {"   "}, "description": {"Typed *text*, kept."}})
		checkPage(t, "an empty title", r, 422)
		has(t, "an empty title", r, "There is a problem", `href="#title"`, `id="title-error"`, `aria-invalid="true"`,
			"Typed *text*, kept.", `action="/spaces/policy/edit"`)
		// A description that is too long is marked on its own field.
		r = admin.post(t, "/spaces/policy/edit", url.Values{"title": {"A fine title"}, "description": {strings.Repeat("d", 65<<10)}})
		checkPage(t, "a long description", r, 422)
		has(t, "a long description", r, `href="#description"`, `id="description-error"`, `value="A fine title"`)
		lacks(t, "a long description", r, `href="#body"`)

		if after := spaceNow(t, w); after.Title != before.Title || after.Description != before.Description ||
			after.DescriptionHTML != before.DescriptionHTML || after.Actor.DisplayName != before.Actor.DisplayName {
			t.Errorf("refusals changed the space: %+v, was %+v", after, before)
		}
	})
}
