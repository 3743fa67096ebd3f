package ui_test

import (
	"context"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// A visitor's cached thread page never shows an old state: every change
// to the thread or its replies makes a new revision.
func TestVisitorPageFollowsEveryChange(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		n := testkit.NewNode(t, d)
		ctx := context.Background()
		sp, err := n.Disc.CreateSpace(ctx, nil, discussion.NewSpace{Name: "general", Title: "General"})
		if err != nil {
			t.Fatal(err)
		}
		ann := n.User(t, "ann", model.RoleMember)
		bob := n.User(t, "bob", model.RoleModerator)
		th, err := n.Disc.CreateThread(ctx, ann, sp, discussion.NewThread{Title: "Cached", Body: "first body", Kind: model.KindChallenge, Category: "other"})
		if err != nil {
			t.Fatal(err)
		}
		visitor := n.NewBrowser()
		path := "/threads/" + th.ID
		expect := func(step, want string) {
			t.Helper()
			for range 2 { // the second time from the cache
				if code, body := visitor.Get(t, path); code != 200 || !strings.Contains(body, want) {
					t.Fatalf("%s: %d, page lacks %q", step, code, want)
				}
			}
		}
		expect("first view", "first body")
		p, err := n.Disc.Reply(ctx, bob, th.ID, discussion.NewPost{Body: "a new reply"})
		if err != nil {
			t.Fatal(err)
		}
		expect("after a reply", "a new reply")
		if _, err := n.Disc.EditPost(ctx, bob, p.ID, "an edited reply"); err != nil {
			t.Fatal(err)
		}
		expect("after a reply's edit", "an edited reply")
		body := "second body"
		if _, err := n.Disc.EditThread(ctx, ann, th.ID, discussion.ThreadEdit{Body: &body}); err != nil {
			t.Fatal(err)
		}
		expect("after the thread's edit", "second body")
		if _, err := n.Disc.Endorse(ctx, bob, th.ID); err != nil {
			t.Fatal(err)
		}
		expect("after an endorsement", "Endorsements: 1")
		if err := n.Disc.DeleteThread(ctx, ann, th.ID); err != nil {
			t.Fatal(err)
		}
		if _, body := visitor.Get(t, path); strings.Contains(body, "second body") {
			t.Fatal("a deleted thread's body is still served")
		}
	})
}
