package ui_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/httpx"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

func TestFormsRefuseMissingCSRF(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		alice := w.s.signedIn(t, w.alice)
		admin := w.s.signedIn(t, w.admin)
		cases := []struct {
			name string
			who  *browser
			path string
			form url.Values
		}{
			{"new thread", alice, "/spaces/policy/threads", url.Values{"title": {"Forged"}, "body": {"forged body"}}},
			{"reply", alice, "/threads/" + w.thread.ID + "/posts", url.Values{"body": {"forged reply"}}},
			{"endorse", alice, "/threads/" + w.challenge.ID + "/endorse", url.Values{}},
			{"delete reply", alice, "/posts/" + w.replyToReply.ID + "/delete", url.Values{}},
			{"new space", admin, "/admin/spaces", url.Values{"name": {"forged"}, "title": {"Forged"}}},
			{"article", admin, "/articles", url.Values{"title": {"Forged"}, "body": {"forged"}}},
		}
		for _, c := range cases {
			r := c.who.postNoCSRF(t, c.path, c.form)
			if r.Status != 403 {
				t.Errorf("%s without the CSRF token: %d, want 403", c.name, r.Status)
			}
			// A wrong token is refused the same way.
			c.form.Set("csrf_token", strings.Repeat("x", 43))
			if r := c.who.do(t, "POST", c.path, c.form); r.Status != 403 {
				t.Errorf("%s with a wrong CSRF token: %d, want 403", c.name, r.Status)
			}
		}
		// Nothing was stored.
		threads, _, err := w.s.disc.SpaceThreads(ctx, w.alice, w.policy, discussion.ThreadQuery{})
		if err != nil || len(threads) != 2 {
			t.Errorf("threads in the space: %d (%v), want the 2 of the fixtures", len(threads), err)
		}
		v, err := w.s.disc.Thread(ctx, w.alice, w.thread.ID)
		if err != nil || len(v.Posts) != 2 || v.Posts[1].Deleted() {
			t.Errorf("replies after forged posts: %+v %v", v, err)
		}
		c, _ := w.s.disc.Thread(ctx, w.alice, w.challenge.ID)
		if c.Thread.EndorsementCount != 0 {
			t.Errorf("a forged endorsement counted: %d", c.Thread.EndorsementCount)
		}
		if _, err := w.s.disc.Space(ctx, w.admin, "forged"); err == nil {
			t.Error("a forged space was created")
		}
		if list, _, _ := w.s.disc.Articles(ctx, ""); len(list) != 1 {
			t.Errorf("articles: %d, want 1", len(list))
		}
	})
}

func TestThreadFlows(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		alice := w.s.signedIn(t, w.alice)
		bob := w.s.signedIn(t, w.bob)
		admin := w.s.signedIn(t, w.admin)

		// A form with problems comes back marked, with what was typed.
		r := alice.post(t, "/spaces/policy/threads", url.Values{"title": {"  "}, "body": {"Kept text"}, "kind": {"discussion"}})
		checkPage(t, "invalid thread", r, 422)
		for _, want := range []string{"There is a problem", `id="title-error"`, `aria-invalid="true"`, "Kept text"} {
			if !strings.Contains(r.Body, want) {
				t.Errorf("the invalid form lacks %q", want)
			}
		}

		// A challenge, alliance only, started from the form.
		r = alice.post(t, "/spaces/policy/threads", url.Values{"title": {"Slow takedowns"}, "body": {"Reports wait *weeks*."},
			"kind": {"challenge"}, "category": {"enforcement"}, "visibility": {"alliance"}})
		if r.Status != 303 || !strings.HasPrefix(r.Location, "/threads/") {
			t.Fatalf("new challenge: %d %q\n%s", r.Status, r.Location, snippet(r.Body))
		}
		threadPath := r.Location
		page := alice.get(t, threadPath)
		checkPage(t, "new challenge", page, 200)
		for _, want := range []string{"Slow takedowns", "<em>weeks</em>", "Enforcement", "Alliance only", "Open"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("the new challenge's page lacks %q", want)
			}
		}
		if r := w.s.visitor().get(t, threadPath); r.Status != 404 {
			t.Errorf("a visitor got the alliance-only challenge: %d", r.Status)
		}

		// Bob replies; Alice answers Bob's reply from the Reply link's form.
		r = bob.post(t, threadPath+"/posts", url.Values{"body": {"We see the same delays."}})
		if r.Status != 303 || !strings.Contains(r.Location, "#post-") {
			t.Fatalf("reply: %d %q\n%s", r.Status, r.Location, snippet(r.Body))
		}
		bobReply := r.Location[strings.Index(r.Location, "#post-")+len("#post-"):]
		form := alice.get(t, threadPath+"?reply_to="+bobReply)
		if !strings.Contains(form.Body, `name="in_reply_to" value="`+bobReply+`"`) {
			t.Error("the reply form does not carry in_reply_to for ?reply_to=")
		}
		r = alice.post(t, threadPath+"/posts", url.Values{"body": {"Since when?"}, "in_reply_to": {bobReply}})
		if r.Status != 303 {
			t.Fatalf("reply to a reply: %d\n%s", r.Status, snippet(r.Body))
		}
		page = alice.get(t, threadPath)
		if !strings.Contains(page.Body, `href="#post-`+bobReply+`">in reply to Bob</a>`) {
			t.Error("the answer does not say whom it answers")
		}
		// Bob's reply moved the challenge on.
		if !strings.Contains(page.Body, "In discussion") {
			t.Error("a reply by someone else did not move the challenge to in-discussion")
		}

		// An empty reply is refused with the form kept.
		r = bob.post(t, threadPath+"/posts", url.Values{"body": {""}})
		checkPage(t, "empty reply", r, 422)
		if !strings.Contains(r.Body, `id="body-error"`) {
			t.Error("the empty reply's error is not shown by its field")
		}

		// Endorse, then take it back.
		r = bob.post(t, threadPath+"/endorse", nil)
		if r.Status != 303 {
			t.Fatalf("endorse: %d", r.Status)
		}
		page = bob.get(t, threadPath)
		if !strings.Contains(page.Body, "Endorsements: 1") || !strings.Contains(page.Body, "Withdraw endorsement") {
			t.Error("the endorsement is not shown")
		}
		bob.post(t, threadPath+"/unendorse", nil)
		if page = bob.get(t, threadPath); !strings.Contains(page.Body, "Endorsements: 0") {
			t.Error("the endorsement was not withdrawn")
		}

		// The author moves the status on; someone else may not.
		if r := bob.post(t, threadPath+"/status", url.Values{"status": {"addressed"}}); r.Status != 403 {
			t.Errorf("status change by another member: %d, want 403", r.Status)
		}
		r = alice.post(t, threadPath+"/status", url.Values{"status": {"solution-proposed"}})
		if r.Status != 303 {
			t.Fatalf("status change: %d\n%s", r.Status, snippet(r.Body))
		}
		page = alice.get(t, threadPath)
		if !strings.Contains(page.Body, "Alice moved it from In discussion to Solution proposed") {
			t.Error("the status history lacks the change")
		}
		if r := alice.post(t, threadPath+"/status", url.Values{"status": {"sideways"}}); r.Status != 422 {
			t.Errorf("a bad status: %d, want 422", r.Status)
		}

		// Editing one's own thread and reply.
		r = alice.post(t, threadPath+"/edit", url.Values{"title": {"Slow takedowns everywhere"}, "body": {"Edited body"}})
		if r.Status != 303 {
			t.Fatalf("edit thread: %d\n%s", r.Status, snippet(r.Body))
		}
		if page = alice.get(t, threadPath); !strings.Contains(page.Body, "Slow takedowns everywhere") || !strings.Contains(page.Body, "edited") {
			t.Error("the edit does not show")
		}
		if r := bob.post(t, threadPath+"/edit", url.Values{"title": {"Hijacked"}, "body": {"x"}}); r.Status != 403 {
			t.Errorf("editing another's thread: %d, want 403", r.Status)
		}
		r = bob.post(t, "/posts/"+bobReply+"/edit", url.Values{"body": {"We see the same delays, for months."}})
		if r.Status != 303 {
			t.Fatalf("edit reply: %d", r.Status)
		}

		// Deleting Bob's reply leaves a tombstone, and Alice's answer still
		// points at it.
		if r := alice.post(t, "/posts/"+bobReply+"/delete", nil); r.Status != 403 {
			t.Errorf("deleting another's reply: %d, want 403", r.Status)
		}
		if r := bob.post(t, "/posts/"+bobReply+"/delete", nil); r.Status != 303 {
			t.Fatalf("delete reply: %d", r.Status)
		}
		page = alice.get(t, threadPath)
		for _, want := range []string{`id="post-` + bobReply + `"`, "This reply was deleted.", "in reply to a deleted reply"} {
			if !strings.Contains(page.Body, want) {
				t.Errorf("after the delete the thread lacks %q", want)
			}
		}
		if strings.Contains(page.Body, "for months") {
			t.Error("the deleted reply's text is still shown")
		}

		// Moderators lock and pin; a locked thread takes no reply.
		if r := bob.post(t, threadPath+"/moderate", url.Values{"lock": {"true"}}); r.Status != 403 {
			t.Errorf("lock by a member: %d, want 403", r.Status)
		}
		for _, f := range []url.Values{{"lock": {"true"}}, {"pin": {"true"}}} {
			if r := admin.post(t, threadPath+"/moderate", f); r.Status != 303 {
				t.Fatalf("moderate %v: %d", f, r.Status)
			}
		}
		page = bob.get(t, threadPath)
		if !strings.Contains(page.Body, "This thread is locked") || strings.Contains(page.Body, `action="`+threadPath+`/posts"`) {
			t.Error("a locked thread still offers the reply form")
		}
		if r := bob.post(t, threadPath+"/posts", url.Values{"body": {"Too late"}}); r.Status != 403 || !strings.Contains(r.Body, "This thread is locked.") {
			t.Errorf("reply to a locked thread: %d", r.Status)
		}
		if space := bob.get(t, "/spaces/policy"); !strings.Contains(space.Body, "Pinned") {
			t.Error("the pinned thread is not marked in its space")
		}

		// Notifications: Alice heard of Bob's reply and endorsement.
		page = alice.get(t, "/notifications")
		if !strings.Contains(page.Body, "Bob replied in") || !strings.Contains(page.Body, `class="unread"`) {
			t.Errorf("Alice's notifications lack Bob's reply:\n%s", snippet(page.Body))
		}
		if r := alice.post(t, "/notifications/read", nil); r.Status != 303 {
			t.Fatalf("mark read: %d", r.Status)
		}
		if page = alice.get(t, "/notifications"); strings.Contains(page.Body, `class="unread"`) {
			t.Error("notifications are still unread")
		}

		// The thread's author deletes it: a tombstone with its replies.
		if r := alice.post(t, threadPath+"/delete", nil); r.Status != 303 {
			t.Fatalf("delete thread: %d", r.Status)
		}
		page = alice.get(t, threadPath)
		if !strings.Contains(page.Body, "This thread was deleted.") || !strings.Contains(page.Body, "Since when?") {
			t.Error("the deleted thread does not keep its replies")
		}
	})
}

func TestAdminAndArticleFlows(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		admin := w.s.signedIn(t, w.admin)
		alice := w.s.signedIn(t, w.alice)

		r := admin.post(t, "/admin/spaces", url.Values{"name": {"Bad Name!"}, "title": {"Safety by design"}})
		checkPage(t, "bad space", r, 422)
		if !strings.Contains(r.Body, `id="name-error"`) || !strings.Contains(r.Body, "Safety by design") {
			t.Error("the bad space form does not come back marked")
		}
		r = admin.post(t, "/admin/spaces", url.Values{"name": {"design"}, "title": {"Safety by design"},
			"description": {"Products built *safe*."}, "visibility": {"public"}})
		if r.Status != 303 || r.Location != "/spaces/design" {
			t.Fatalf("new space: %d %q", r.Status, r.Location)
		}
		if r := admin.post(t, "/admin/spaces", url.Values{"name": {"design"}, "title": {"Again"}}); r.Status != 409 {
			t.Errorf("a second space of the same name: %d, want 409", r.Status)
		}
		if r := alice.post(t, "/admin/spaces", url.Values{"name": {"mine"}, "title": {"Mine"}}); r.Status != 403 {
			t.Errorf("a member creating a space: %d, want 403", r.Status)
		}
		r = admin.post(t, "/admin/spaces/design/moderators", url.Values{"username": {"alice"}})
		if r.Status != 303 {
			t.Fatalf("add moderator: %d\n%s", r.Status, snippet(r.Body))
		}
		if page := admin.get(t, "/admin"); !strings.Contains(page.Body, "Alice (@alice)") {
			t.Error("the admin page does not list the new moderator")
		}
		r = admin.post(t, "/admin/spaces/design/moderators", url.Values{"username": {"nobody"}})
		checkPage(t, "unknown moderator", r, 422)
		if space := alice.get(t, "/spaces/design"); !strings.Contains(space.Body, "<em>safe</em>") || !strings.Contains(space.Body, `href="/members/alice"`) {
			t.Error("the new space's page lacks its description or moderators")
		}

		// A moderator of the space may lock its threads.
		r = alice.post(t, "/spaces/design/threads", url.Values{"title": {"Default settings"}, "body": {"Safe by default?"}})
		if r.Status != 303 {
			t.Fatalf("thread in the new space: %d", r.Status)
		}
		if m := alice.post(t, r.Location+"/moderate", url.Values{"lock": {"true"}}); m.Status != 303 {
			t.Errorf("lock by the space's moderator: %d", m.Status)
		}

		// Articles: publish, edit, delete.
		r = admin.post(t, "/articles", url.Values{"title": {"New members join"}, "body": {"Welcome to *three* agencies."}, "tags": {"members, events"}})
		if r.Status != 303 || !strings.HasPrefix(r.Location, "/articles/") {
			t.Fatalf("publish: %d %q", r.Status, r.Location)
		}
		article := r.Location
		page := w.s.visitor().get(t, article)
		if !strings.Contains(page.Body, "<em>three</em>") || !strings.Contains(page.Body, "The alliance meets in Geneva") {
			t.Error("the article or its related article is missing")
		}
		if r := admin.post(t, "/articles", url.Values{"title": {""}, "body": {"x"}}); r.Status != 422 {
			t.Errorf("an article without a title: %d", r.Status)
		}
		if r := admin.post(t, article+"/edit", url.Values{"title": {"New members joined"}, "body": {"Edited."}}); r.Status != 303 {
			t.Fatalf("edit article: %d", r.Status)
		}
		if r := alice.post(t, article+"/delete", nil); r.Status != 403 {
			t.Errorf("a member deleting an article: %d", r.Status)
		}
		if r := admin.post(t, article+"/delete", nil); r.Status != 303 {
			t.Fatalf("delete article: %d", r.Status)
		}
		if r := w.s.visitor().get(t, article); r.Status != 404 {
			t.Errorf("the deleted article answers %d", r.Status)
		}
	})
}

// addReplies adds n replies by Bob to the challenge in one transaction:
// every third answers the one before it, one in fifty is deleted.
func addReplies(t testing.TB, w *world, n int) {
	t.Helper()
	ctx := context.Background()
	base := model.Now()
	err := w.s.db.InTx(ctx, func(tx *store.Store) error {
		var ids []string
		for i := range n {
			p := &model.Post{ID: model.NewID(), ThreadID: w.challenge.ID, AuthorID: w.bob.ActorID,
				BodyHTML: "<p>Reply number " + strconv.Itoa(i) + "</p>", BodyText: "Reply number " + strconv.Itoa(i),
				Visibility: model.VisibilityPublic, Local: true, CreatedAt: base.Add(time.Duration(i) * time.Millisecond)}
			p.URI = w.s.urls.Post(p.ID)
			if i%3 == 1 {
				p.InReplyToID = &ids[i-1]
			}
			if i%50 == 7 {
				p.DeletedAt, p.BodyHTML, p.BodyText = &base, "", ""
			}
			if err := tx.CreatePost(ctx, p); err != nil {
				return err
			}
			ids = append(ids, p.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestLongThread renders a thread of 500 replies, some answering others,
// some deleted, and checks every one is on the page.
func TestLongThread(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		const n = 500
		addReplies(t, w, n)
		for _, b := range []*browser{w.s.visitor(), w.s.signedIn(t, w.admin)} {
			r := b.get(t, "/threads/"+w.challenge.ID)
			checkPage(t, "long thread", r, 200)
			if got := strings.Count(r.Body, `id="post-`); got != n {
				t.Errorf("%d replies on the page, want %d", got, n)
			}
			if got := strings.Count(r.Body, "This reply was deleted."); got != n/50 {
				t.Errorf("%d tombstones, want %d", got, n/50)
			}
			if !strings.Contains(r.Body, "Reply number 499") || !strings.Contains(r.Body, "Replies (500)") {
				t.Error("the last reply or the count is missing")
			}
		}
	})
}

// BenchmarkThreadPage500 measures the server side of a thread page with
// 500 replies, as a visitor and as a moderator (who gets every form).
func BenchmarkThreadPage500(b *testing.B) {
	for _, d := range testkit.Dialects {
		b.Run(string(d), func(b *testing.B) {
			w := newWorld(b, d)
			addReplies(b, w, 500)
			h := w.s.srv.Config.Handler
			for _, who := range []struct {
				name    string
				browser *browser
			}{{"visitor", w.s.visitor()}, {"moderator", w.s.signedIn(b, w.admin)}} {
				b.Run(who.name, func(b *testing.B) {
					for b.Loop() {
						req := httptest.NewRequest("GET", "/threads/"+w.challenge.ID, nil)
						if who.browser.session != "" {
							req.AddCookie(&http.Cookie{Name: httpx.SessionCookie, Value: who.browser.session})
						}
						rec := httptest.NewRecorder()
						h.ServeHTTP(rec, req)
						if rec.Code != 200 {
							b.Fatalf("status %d", rec.Code)
						}
					}
				})
			}
		})
	}
}
