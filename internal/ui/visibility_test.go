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

// secret marks every piece of alliance-only content; no public surface may
// show it. Searches ask for "confidential", which the content also holds,
// so that the query echoed on the search page is not the marker.
const secret = "xylophonic"

// TestAllianceContentStaysInside walks every public surface as a visitor
// and as a member. Alliance-only content: a space with a thread and a
// reply, and an alliance-only challenge with a reply in a public space.
func TestAllianceContentStaysInside(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		inner, err := w.s.disc.CreateSpace(ctx, w.admin, discussion.NewSpace{Name: "vault", Title: "Vault " + secret,
			Description: "Confidential " + secret + " work.", Visibility: model.VisibilityAlliance})
		if err != nil {
			t.Fatal(err)
		}
		hidden, err := w.s.disc.CreateThread(ctx, w.alice, inner, discussion.NewThread{Title: "Plan " + secret,
			Body: "A confidential " + secret + " plan."})
		if err != nil {
			t.Fatal(err)
		}
		hiddenReply, err := w.s.disc.Reply(ctx, w.alice, hidden.ID, discussion.NewPost{Body: "More confidential " + secret + " detail."})
		if err != nil {
			t.Fatal(err)
		}
		inPublic, err := w.s.disc.CreateThread(ctx, w.alice, w.policy, discussion.NewThread{Title: "Challenge " + secret,
			Body: "Confidential " + secret + " obstacle.", Kind: model.KindChallenge, Category: "regulation",
			Visibility: model.VisibilityAlliance})
		if err != nil {
			t.Fatal(err)
		}
		inPublicReply, err := w.s.disc.Reply(ctx, w.bob, inPublic.ID, discussion.NewPost{Body: "A confidential " + secret + " answer."})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.disc.Endorse(ctx, w.bob, inPublic.ID); err != nil {
			t.Fatal(err)
		}

		anon := w.s.visitor()
		member := w.s.signedIn(t, w.bob)
		cases := []struct {
			name       string
			path       string
			anonStatus int  // what a visitor gets
			memberSees bool // a signed-in member sees the content there
		}{
			{"home", "/", 200, true},
			{"spaces", "/spaces", 200, true},
			{"alliance space", "/spaces/vault", 404, true},
			{"public space", "/spaces/policy", 200, true},
			{"public space, challenges", "/spaces/policy?kind=challenge", 200, true},
			{"thread", "/threads/" + hidden.ID, 404, true},
			{"alliance thread in a public space", "/threads/" + inPublic.ID, 404, true},
			{"reply page", "/posts/" + hiddenReply.ID, 404, true},
			{"reply page in a public space", "/posts/" + inPublicReply.ID, 404, true},
			{"thread edit form", "/threads/" + hidden.ID + "/edit", 303, false},
			{"challenge board", "/challenges", 200, true},
			{"challenge board, recent", "/challenges?sort=recent&category=regulation", 200, true},
			{"search", "/search?q=confidential", 200, true},
			{"space feed", "/spaces/vault/feed.atom", 404, false},
			{"public space feed", "/spaces/policy/feed.atom", 200, false},
			{"thread feed", "/threads/" + hidden.ID + "/feed.atom", 404, false},
			{"alliance thread feed", "/threads/" + inPublic.ID + "/feed.atom", 404, false},
			{"sitemap", "/sitemap.xml", 200, false},
			{"member who wrote it", "/members/alice", 200, true},
			{"member who replied", "/members/bob", 200, true},
			{"organisation", "/organisation", 200, true},
			{"articles", "/articles", 200, false},
			{"robots", "/robots.txt", 200, false},
		}
		for _, c := range cases {
			r := anon.get(t, c.path)
			if r.Status != c.anonStatus {
				t.Errorf("visitor, %s: status %d, want %d", c.name, r.Status, c.anonStatus)
			}
			if strings.Contains(strings.ToLower(r.Body), secret) {
				t.Errorf("visitor, %s (%s): alliance content leaks", c.name, c.path)
			}
			r = member.get(t, c.path)
			leaked := strings.Contains(strings.ToLower(r.Body), secret)
			switch {
			case c.memberSees && (r.Status != 200 || !leaked):
				t.Errorf("member, %s: status %d, sees alliance content %v; want 200 and seen", c.name, r.Status, leaked)
			case !c.memberSees && leaked:
				// Feeds and the sitemap are public documents whoever asks.
				t.Errorf("member, %s (%s): alliance content in a public document", c.name, c.path)
			}
		}
	})
}
