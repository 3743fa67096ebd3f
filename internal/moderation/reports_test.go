package moderation_test

import (
	"context"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// A Flag from another server files a report for each of our threads and
// replies it names, one report of the account when it names only a member,
// and nothing for what is not ours.
func TestReceiveFlag(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		t.Parallel()
		n := testkit.NewNode(t, d)
		ctx := context.Background()
		sp, err := n.Disc.CreateSpace(ctx, nil, discussion.NewSpace{Name: "ops", Title: "Operations"})
		if err != nil {
			t.Fatal(err)
		}
		ann := n.User(t, "ann", model.RoleMember)
		bob := n.User(t, "bob", model.RoleMember)
		th, err := n.Disc.CreateThread(ctx, ann, sp, discussion.NewThread{Title: "Triage rota", Body: "Who is on call?"})
		if err != nil {
			t.Fatal(err)
		}
		p, err := n.Disc.Reply(ctx, bob, th.ID, discussion.NewPost{Body: "Me."})
		if err != nil {
			t.Fatal(err)
		}
		now := model.Now()
		remote := &model.Actor{ID: model.NewID(), URI: "https://elsewhere.example/actor", Kind: model.ActorApplication,
			Username: "elsewhere.example", Host: "elsewhere.example", KeyID: "https://elsewhere.example/actor#main-key",
			CreatedAt: now, UpdatedAt: now}
		if err := n.DB.CreateActor(ctx, remote); err != nil {
			t.Fatal(err)
		}
		receive := func(f moderation.ReceivedFlag) int {
			t.Helper()
			f.Reporter = remote
			var filed int
			if err := n.DB.InTx(ctx, func(tx *store.Store) error {
				var err error
				filed, err = n.Moderation.ReceiveFlag(ctx, tx, f)
				return err
			}); err != nil {
				t.Fatal(err)
			}
			return filed
		}

		long := strings.Repeat("é", moderation.MaxComment+50) + "\xff"
		if got := receive(moderation.ReceivedFlag{URI: "https://elsewhere.example/flags/1", Comment: long,
			Objects: []string{bob.Actor.URI, th.URI, p.URI, "https://elsewhere.example/notes/9", ""}}); got != 2 {
			t.Fatalf("a flag of a member, a thread and a reply filed %d reports, want 2", got)
		}
		if got := receive(moderation.ReceivedFlag{URI: "https://elsewhere.example/flags/2", Comment: "spam account",
			Objects: []string{ann.Actor.URI}}); got != 1 {
			t.Fatalf("a flag of a member alone filed %d reports, want 1", got)
		}
		if got := receive(moderation.ReceivedFlag{URI: "https://elsewhere.example/flags/3",
			Objects: []string{"https://elsewhere.example/users/x", "https://elsewhere.example/notes/9"}}); got != 0 {
			t.Fatalf("a flag of nothing of ours filed %d reports", got)
		}

		mod := n.User(t, "mia", model.RoleModerator)
		list, _, err := n.Moderation.Reports(ctx, mod, model.ReportOpen, "")
		if err != nil || len(list) != 3 {
			t.Fatalf("queue: %d reports, %v", len(list), err)
		}
		var onThread, onPost, onAccount *model.Report
		for _, r := range list {
			switch {
			case r.PostID != nil:
				onPost = r
			case r.ThreadID != nil:
				onThread = r
			default:
				onAccount = r
			}
		}
		if onThread == nil || onThread.SubjectID != ann.ActorID || onThread.ReporterID != remote.ID ||
			onPost == nil || *onPost.PostID != p.ID || onPost.SubjectID != bob.ActorID ||
			onAccount == nil || onAccount.SubjectID != ann.ActorID || onAccount.Comment != "spam account" {
			t.Fatalf("reports: thread %+v post %+v account %+v", onThread, onPost, onAccount)
		}
		if n := len([]rune(onThread.Comment)); n != moderation.MaxComment || strings.ContainsRune(onThread.Comment, '\uFFFD') {
			t.Fatalf("a long comment kept %d characters", n)
		}
		if _, err := n.Moderation.Handle(ctx, mod, onAccount.ID, moderation.ActionRemove, ""); err == nil {
			t.Fatal("removing the content of an account report succeeded")
		}
		if c, err := n.Moderation.OpenReports(ctx, mod); err != nil || c != 3 {
			t.Fatalf("open reports: %d %v", c, err)
		}
		if c, err := n.Moderation.OpenReports(ctx, ann); err != nil || c != 0 {
			t.Fatalf("a member's count of open reports: %d %v", c, err)
		}
	})
}
