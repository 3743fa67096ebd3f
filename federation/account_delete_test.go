package federation_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/testkit"
)

// A remote account deleted at its server (a Delete whose object is the
// actor itself, as Mastodon sends) takes what it wrote here with it:
// replies and threads become tombstones, endorsements are withdrawn and
// follows end. Someone else cannot delete it.
func TestRemoteAccountDeletion(t *testing.T) {
	t.Parallel()
	for _, d := range testkit.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			a := newArena(t, d, nil)
			ctx := context.Background()
			leaver := a.evil.person(t, "leaver")
			noteID := a.id(leaver, "notes")
			pageID := a.id(leaver, "pages")
			for _, body := range [][]byte{
				mustJSON(t, act("Create", noteID+"/create", leaver.ID, note(noteID, leaver.ID, a.thread.APID, "LEAVER-REPLY"))),
				mustJSON(t, act("Create", pageID+"/create", leaver.ID, pageIn(pageID, leaver.ID, a.space, "LEAVER-THREAD", "body"))),
				mustJSON(t, act("Like", a.id(leaver, "likes"), leaver.ID, a.thread.APID)),
				mustJSON(t, act("Follow", a.id(leaver, "follows"), leaver.ID, a.space)),
			} {
				if code, resp := post(t, a.inbox, leaver, body, delivery{}); code != http.StatusAccepted {
					t.Fatalf("set-up: %d %.300s", code, resp)
				}
			}
			th := readThread(t, a.api, a.thread.ID)
			if _, ok := th.postByAPID(noteID); !ok || th.Endorsements != 1 {
				t.Fatalf("set-up: reply stored %v, endorsements %d", ok, th.Endorsements)
			}
			stored, err := a.n.DB.GetThread(ctx, a.thread.ID)
			if err != nil {
				t.Fatal(err)
			}
			replies := stored.ReplyCount
			leaverActor, err := a.n.DB.GetActorByURI(ctx, leaver.ID)
			if err != nil {
				t.Fatal(err)
			}
			if fs, _ := a.n.DB.ListFollowing(ctx, leaverActor.ID); len(fs) != 1 {
				t.Fatalf("set-up: leaver follows %d", len(fs))
			}

			// Someone else, even on the same server, cannot delete the
			// account: the Delete names an object mallory did not write.
			forged := mustJSON(t, act("Delete", a.id(a.mallory, "deletes"), a.mallory.ID, leaver.ID))
			if code, _ := post(t, a.inbox, a.mallory, forged, delivery{}); code != http.StatusAccepted && code != http.StatusForbidden {
				t.Errorf("mallory deleting leaver: %d", code)
			}
			if th := readThread(t, a.api, a.thread.ID); th.Endorsements != 1 || !storedText(t, a.n, "LEAVER-REPLY") {
				t.Fatal("a forged account deletion changed something")
			}

			del := mustJSON(t, act("Delete", leaver.ID+"#delete", leaver.ID, leaver.ID))
			if code, resp := post(t, a.inbox, leaver, del, delivery{}); code != http.StatusAccepted {
				t.Fatalf("account deletion: %d %.300s", code, resp)
			}
			th = readThread(t, a.api, a.thread.ID)
			p, ok := th.postByAPID(noteID)
			if !ok || !p.Deleted || strings.Contains(p.BodyHTML, "LEAVER") || th.Endorsements != 0 {
				t.Errorf("after the deletion: reply %+v (found %v), endorsements %d", p, ok, th.Endorsements)
			}
			if storedText(t, a.n, "LEAVER-") {
				t.Error("the deleted account's words are still stored")
			}
			page, err := a.n.DB.GetThreadByURI(ctx, pageID)
			if err != nil || !page.Deleted() {
				t.Errorf("the account's thread: %+v %v", page, err)
			}
			if got, _ := a.n.DB.GetThread(ctx, a.thread.ID); got.ReplyCount != replies-1 {
				t.Errorf("reply count %d, want %d", got.ReplyCount, replies-1)
			}
			if fs, _ := a.n.DB.ListFollowing(ctx, leaverActor.ID); len(fs) != 0 {
				t.Errorf("the deleted account still follows %d", len(fs))
			}
			if who, _ := a.n.DB.GetActorByURI(ctx, leaver.ID); who == nil || who.DisplayName != "" || who.Summary != "" {
				t.Errorf("the deleted account's profile is kept: %+v", who)
			}
			// The same Delete again changes nothing.
			if code, _ := post(t, a.inbox, leaver, del, delivery{}); code != http.StatusAccepted {
				t.Errorf("the deletion again: %d", code)
			}
			if got, _ := a.n.DB.GetThread(ctx, a.thread.ID); got.ReplyCount != replies-1 {
				t.Errorf("after a repeat, reply count %d", got.ReplyCount)
			}
		})
	}
}
