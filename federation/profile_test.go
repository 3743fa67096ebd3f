package federation_test

import (
	"context"
	"testing"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// A space's new title, a member's new name and the organisation's new
// name reach a server that follows the space and the member.
func TestProfileAndSpaceUpdatesFederate(t *testing.T) {
	t.Parallel()
	a := testkit.NewNode(t, store.SQLite)
	b := testkit.NewNode(t, store.Postgres)
	ctx := context.Background()
	space(t, a, "general", model.VisibilityPublic)
	admin := a.User(t, "ada", model.RoleAdmin)
	ann := a.User(t, "ann", model.RoleMember)
	ben := b.NewAPI(b.Token(t, b.User(t, "ben", model.RoleMember)))
	follow(t, ben, handle(a, "general"))
	follow(t, ben, handle(a, "ann"))
	instanceURI := a.URLs.Instance()

	title, desc := "Detection and reporting", "Where **hash lists** are discussed."
	if _, err := a.Disc.EditSpace(ctx, admin, "general", discussion.SpaceEdit{Title: &title, Description: &desc}); err != nil {
		t.Fatal(err)
	}
	if err := a.Accounts.UpdateMemberProfile(ctx, ann, accounts.MemberProfile{DisplayName: "Ann Analyst", Bio: "Triage lead."}); err != nil {
		t.Fatal(err)
	}
	if err := a.Accounts.UpdateProfile(ctx, admin, accounts.Profile{Name: "Safer Net Agency", Sector: "government", Country: "NZ"}); err != nil {
		t.Fatal(err)
	}

	testkit.Eventually(t, wait, "b has the space's new title and description", func() bool {
		sp, err := b.DB.GetSpaceByName(ctx, "general", a.Domain())
		return err == nil && sp.Title == title && sp.DescriptionHTML == "<p>Where <strong>hash lists</strong> are discussed.</p>"
	})
	testkit.Eventually(t, wait, "b has ann's new name", func() bool {
		who, err := b.DB.GetActorByURI(ctx, ann.Actor.URI)
		return err == nil && who.DisplayName == "Ann Analyst" && who.Summary == "<p>Triage lead.</p>"
	})
	testkit.Eventually(t, wait, "b has the organisation's new name", func() bool {
		inst, err := b.DB.GetActorByURI(ctx, instanceURI)
		return err == nil && inst.DisplayName == "Safer Net Agency"
	})

	// Saving a profile unchanged sends nothing more.
	before, err := a.DB.CountActivities(ctx, ann.ActorID, []string{"Update"}, false)
	if err != nil || before != 1 {
		t.Fatalf("ann's Updates: %d, want 1: %v", before, err)
	}
	if err := a.Accounts.UpdateMemberProfile(ctx, ann, accounts.MemberProfile{DisplayName: "Ann Analyst", Bio: "Triage lead."}); err != nil {
		t.Fatal(err)
	}
	if after, _ := a.DB.CountActivities(ctx, ann.ActorID, []string{"Update"}, false); after != before {
		t.Fatalf("an unchanged profile sent an Update (%d, then %d)", before, after)
	}
}
