package browser_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/browser"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// TestReportFlow: a member reports a reply from the thread page, a
// moderator finds it in the queue through the navigation and removes the
// reply, which leaves a tombstone. SQLite only, as the other flow.
func TestReportFlow(t *testing.T) {
	t.Parallel()
	browser.Need(t)
	n := testkit.NewNode(t, store.SQLite)
	ctx := context.Background()
	ann := n.User(t, "ann", model.RoleMember)
	ben := n.User(t, "ben", model.RoleMember)
	n.User(t, "mia", model.RoleModerator)
	sp, err := n.Disc.CreateSpace(ctx, nil, discussion.NewSpace{Name: "ops", Title: "Operations"})
	if err != nil {
		t.Fatal(err)
	}
	th, err := n.Disc.CreateThread(ctx, ann, sp, discussion.NewThread{Title: "Hotline staffing over holidays", Body: "Who covers?"})
	if err != nil {
		t.Fatal(err)
	}
	const advert = "Cheap followers for your agency account, visit our shop"
	p, err := n.Disc.Reply(ctx, ben, th.ID, discussion.NewPost{Body: advert})
	if err != nil {
		t.Fatal(err)
	}
	b := browser.New(t, n.URL)
	step := func(name string, fn func(t *testing.T)) {
		if !t.Run(name, fn) {
			t.FailNow()
		}
	}

	step("a member reports the reply", func(t *testing.T) {
		signIn(t, b, "ann", "/threads/"+th.ID)
		if code := b.Follow(t, `#post-`+p.ID+` a[href="/posts/`+p.ID+`/report"]`); code != http.StatusOK {
			t.Fatalf("report link: %d", code)
		}
		if got := b.Text(t, "main blockquote.excerpt"); !strings.Contains(got, "Cheap followers") {
			t.Errorf("the form does not show what is reported: %q", got)
		}
		if !browser.Eval[bool](t, b, `(() => { const r = document.getElementById("reason-spam"); r.click(); return r.checked; })()`) {
			t.Fatal("could not choose Spam")
		}
		b.Fill(t, "Comment", "An advert, twice this week.")
		if code := b.Press(t, "main", "Send the report"); code != http.StatusOK {
			t.Fatalf("send the report: %d", code)
		}
		if got := b.Path(t); !strings.HasPrefix(got, "/threads/"+th.ID) {
			t.Errorf("after reporting the browser is at %s", got)
		}
		if got := b.Text(t, `main [role="status"]`); got != "Thank you. The moderators will look at your report." {
			t.Errorf("flash %q", got)
		}
		if got := b.Text(t, `nav a[href="/moderation"]`); got != "" {
			t.Errorf("a member sees %q in the navigation", got)
		}
		signOut(t, b, "ann")
	})

	step("a moderator removes it from the queue", func(t *testing.T) {
		signIn(t, b, "mia", "")
		if got := b.Text(t, `nav a[href="/moderation"]`); got != "Reports (1)" {
			t.Fatalf("the moderator's navigation shows %q", got)
		}
		if code := b.Follow(t, `nav a[href="/moderation"]`); code != http.StatusOK {
			t.Fatalf("queue: %d", code)
		}
		report := b.Text(t, "main article.report")
		for _, want := range []string{"Spam", "An advert, twice this week.", "ann", "Cheap followers"} {
			if !strings.Contains(report, want) {
				t.Errorf("the queue's report lacks %q: %q", want, report)
			}
		}
		// Removing asks first.
		if code := browser.Eval[int](t, b, `document.querySelectorAll("main article.report details.confirm[open]").length`); code != 0 {
			t.Fatal("the confirmation is open before it was asked for")
		}
		browser.Eval[bool](t, b, `(() => { document.querySelector("main article.report details.confirm summary").click(); return true; })()`)
		if code := b.Press(t, "main article.report", "Yes, remove it"); code != http.StatusOK {
			t.Fatalf("remove: %d", code)
		}
		if got := b.Text(t, `main [role="status"]`); got != "The content is removed and the report resolved." {
			t.Errorf("flash %q", got)
		}
		if got := b.Texts(t, "main article.report"); len(got) != 0 {
			t.Errorf("the open queue still holds %q", got)
		}
		if got := b.Text(t, `nav a[href="/moderation"]`); got == "Reports (1)" {
			t.Error("the navigation still counts the handled report")
		}
		b.Open(t, "/threads/"+th.ID)
		if strings.Contains(b.Text(t, "main"), "Cheap followers") {
			t.Error("the removed reply is still shown")
		}
	})

	step("nothing from another host", func(t *testing.T) {
		if f := b.Foreign(); len(f) > 0 {
			t.Errorf("pages loaded or referenced other hosts: %q", f)
		}
	})
}
