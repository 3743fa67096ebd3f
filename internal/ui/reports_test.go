package ui_test

import (
	"context"
	"encoding/json"
	"html"
	"io/fs"
	"net/url"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
	"github.com/protectors-portal/portal/web"
)

// reportsOf lists every report the moderator may see, of any status.
func reportsOf(t *testing.T, w *world, mod *model.User) []*model.Report {
	t.Helper()
	list, _, err := w.s.mod.Reports(context.Background(), mod, "", "")
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// has fails unless the page's text, unescaped, contains each of want.
func has(t *testing.T, name string, r response, want ...string) {
	t.Helper()
	body := html.UnescapeString(r.Body)
	for _, s := range want {
		if !strings.Contains(body, s) {
			t.Errorf("%s: the page lacks %q\n%s", name, s, snippet(r.Body))
		}
	}
}

// lacks fails if the page's text contains one of unwanted.
func lacks(t *testing.T, name string, r response, unwanted ...string) {
	t.Helper()
	body := html.UnescapeString(r.Body)
	for _, s := range unwanted {
		if strings.Contains(body, s) {
			t.Errorf("%s: the page shows %q", name, s)
		}
	}
}

func TestReportLinks(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		threadPath := "/threads/" + w.thread.ID
		threadReport := threadPath + "/report"
		bobsReply, alicesReply := "/posts/"+w.reply.ID+"/report", "/posts/"+w.replyToReply.ID+"/report"

		r := w.s.visitor().get(t, threadPath)
		checkPage(t, "thread as a visitor", r, 200)
		lacks(t, "thread as a visitor", r, "/report")

		// Alice started the thread and wrote the second reply: she may
		// report only Bob's.
		r = w.s.signedIn(t, w.alice).get(t, threadPath)
		checkPage(t, "thread as its author", r, 200)
		has(t, "thread as its author", r, `href="`+bobsReply+`"`, "the reply by Bob to the moderators")
		lacks(t, "thread as its author", r, threadReport, alicesReply)

		r = w.s.signedIn(t, w.bob).get(t, threadPath)
		has(t, "thread as a replier", r, `href="`+threadReport+`"`, `href="`+alicesReply+`"`)
		lacks(t, "thread as a replier", r, bobsReply)

		r = w.s.signedIn(t, w.alice).get(t, "/posts/"+w.reply.ID)
		checkPage(t, "a reply's page", r, 200)
		has(t, "a reply's page", r, `href="`+bobsReply+`"`)

		// The forms refuse visitors and one's own writing.
		if r := w.s.visitor().get(t, bobsReply); r.Status != 303 || !strings.HasPrefix(r.Location, "/signin?next=") {
			t.Errorf("report form as a visitor: %d %q, want a redirect to sign in", r.Status, r.Location)
		}
		if r := w.s.visitor().post(t, bobsReply, url.Values{"reason": {"spam"}}); r.Status != 401 && r.Status != 403 {
			t.Errorf("report as a visitor: %d, want 401 or 403", r.Status)
		}
		checkPage(t, "reporting one's own reply", w.s.signedIn(t, w.alice).get(t, alicesReply), 403)
		checkPage(t, "reporting one's own thread", w.s.signedIn(t, w.alice).post(t, threadReport, url.Values{"reason": {"spam"}}), 403)
		checkPage(t, "reporting nothing", w.s.signedIn(t, w.alice).get(t, "/posts/"+model.NewID()+"/report"), 404)
		if n := len(reportsOf(t, w, w.admin)); n != 0 {
			t.Errorf("reports after refused ones: %d", n)
		}
	})
}

func TestReportAndModerate(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		mo := mustUser(t, w.s, "mo", model.RoleModerator)
		alice, bob, moB := w.s.signedIn(t, w.alice), w.s.signedIn(t, w.bob), w.s.signedIn(t, mo)
		formPath := "/posts/" + w.reply.ID + "/report"

		// The form: a reason for each choice, explained; no forwarding,
		// as Bob is a member here.
		r := alice.get(t, formPath)
		checkPage(t, "report form", r, 200)
		has(t, "report form", r, "Report a reply", "Legal barriers, mostly.", `name="reason" value="illegal"`,
			"Unlawful content", "Identifies a victim", "Personal data", "Harassment", "Spam", "Something else",
			"It abuses, threatens or targets a person.", `name="comment"`, `maxlength="1000"`)
		lacks(t, "report form", r, `name="forward"`)

		// Problems show on the form again, and nothing is filed.
		for _, c := range []struct {
			name  string
			form  url.Values
			field string
		}{
			{"no reason", url.Values{"comment": {"Look at this."}}, "Reason is missing"},
			{"an unknown reason", url.Values{"reason": {"boring"}}, "Reason is missing"},
			{"other without a comment", url.Values{"reason": {"other"}}, "Comment is needed when the reason is Something else"},
			{"a comment too long", url.Values{"reason": {"spam"}, "comment": {strings.Repeat("x", 1001)}}, "Comment must be at most"},
		} {
			r := alice.post(t, formPath, c.form)
			checkPage(t, c.name, r, 422)
			has(t, c.name, r, "There is a problem", c.field, `name="reason" value="harassment"`)
		}
		if r := alice.post(t, formPath, url.Values{"reason": {"boring"}, "comment": {"Kept as written."}}); !strings.Contains(r.Body, "Kept as written.") {
			t.Errorf("the comment is lost when the form is shown again")
		}
		if r := alice.postNoCSRF(t, formPath, url.Values{"reason": {"spam"}}); r.Status != 403 {
			t.Errorf("report without the CSRF token: %d, want 403", r.Status)
		}
		if n := len(reportsOf(t, w, w.admin)); n != 0 {
			t.Fatalf("reports after refused forms: %d, want 0", n)
		}

		// A good report thanks the member in the thread; a second one of
		// the same reply does the same and files nothing more.
		want := "/threads/" + w.thread.ID + "?flash=flash.reported#post-" + w.reply.ID
		for i := range 2 {
			r := alice.post(t, formPath, url.Values{"reason": {"harassment"}, "comment": {"Insults a colleague."}})
			if r.Status != 303 || r.Location != want {
				t.Fatalf("report %d: %d %q, want 303 to %q\n%s", i+1, r.Status, r.Location, want, snippet(r.Body))
			}
		}
		has(t, "the thread after reporting", alice.get(t, want), "Thank you. The moderators will look at your report.")
		list := reportsOf(t, w, w.admin)
		if len(list) != 1 {
			t.Fatalf("reports after reporting twice: %d, want 1", len(list))
		}
		replyReport := list[0]
		if replyReport.Reason != model.ReasonHarassment || replyReport.Comment != "Insults a colleague." ||
			replyReport.PostID == nil || *replyReport.PostID != w.reply.ID || replyReport.ReporterID != w.alice.ActorID {
			t.Errorf("the report filed: %+v", replyReport)
		}
		// Bob reports Alice's thread.
		if r := bob.post(t, "/threads/"+w.thread.ID+"/report", url.Values{"reason": {"spam"}}); r.Status != 303 {
			t.Fatalf("report of a thread: %d\n%s", r.Status, snippet(r.Body))
		}

		// Members see no queue; visitors are sent to sign in.
		checkPage(t, "the queue as a member", alice.get(t, "/moderation"), 403)
		lacks(t, "a page as a member", alice.get(t, "/spaces"), `href="/moderation"`)
		if r := w.s.visitor().get(t, "/moderation"); r.Status != 303 || !strings.HasPrefix(r.Location, "/signin?next=") {
			t.Errorf("the queue as a visitor: %d %q, want a redirect to sign in", r.Status, r.Location)
		}
		if r := alice.post(t, "/moderation/reports/"+replyReport.ID, url.Values{"action": {"dismiss"}}); r.Status != 404 {
			t.Errorf("a member handling a report: %d, want 404", r.Status)
		}

		// The moderator's queue: the navigation counts the open reports.
		r = moB.get(t, "/moderation")
		checkPage(t, "the queue", r, 200)
		has(t, "the queue", r, "Reports (2)", "Harassment", "Insults a colleague.", "Spam", "Legal barriers, mostly.",
			"Hash matching across borders", `href="/members/bob"`, `href="/members/alice"`, `href="/posts/`+w.reply.ID+`"`,
			`action="/moderation/reports/`+replyReport.ID+`"`, `value="dismiss"`, `value="resolve"`, `value="remove"`)

		// A note too long is refused and shown with the queue.
		r = moB.post(t, "/moderation/reports/"+replyReport.ID, url.Values{"action": {"remove"}, "note": {strings.Repeat("n", 1001)}})
		checkPage(t, "a note too long", r, 422)
		has(t, "a note too long", r, "There is a problem", "Note must be")
		r = moB.post(t, "/moderation/reports/"+replyReport.ID, url.Values{"action": {"ignore"}})
		checkPage(t, "an unknown action", r, 422)

		// Removing the reply: it becomes a tombstone, the report is
		// resolved and the decision audited.
		r = moB.post(t, "/moderation/reports/"+replyReport.ID, url.Values{"action": {"remove"}, "note": {"Abusive."}})
		if r.Status != 303 || r.Location != "/moderation?flash=flash.report_removed" {
			t.Fatalf("remove: %d %q\n%s", r.Status, r.Location, snippet(r.Body))
		}
		pv, err := w.s.disc.Post(ctx, w.admin, w.reply.ID)
		if err != nil || !pv.Post.Deleted() {
			t.Errorf("the reported reply after removal: %+v %v, want a tombstone", pv, err)
		}
		got, err := w.s.mod.GetReport(ctx, w.admin, replyReport.ID)
		if err != nil || got.Status != model.ReportResolved || got.Resolution != "Abusive." {
			t.Errorf("the report after removal: %+v %v, want resolved", got, err)
		}
		audit, err := w.s.acc.Audit(ctx, 50)
		if err != nil {
			t.Fatal(err)
		}
		audited := false
		for _, e := range audit {
			audited = audited || (e.Action == moderation.ActionRemove+"_report" && e.Target == replyReport.ID && e.UserID == mo.ID)
		}
		if !audited {
			t.Errorf("no audit entry for the removal in %+v", audit)
		}
		// Handled once is handled.
		r = moB.post(t, "/moderation/reports/"+replyReport.ID, url.Values{"action": {"dismiss"}})
		checkPage(t, "a report handled twice", r, 409)
		has(t, "a report handled twice", r, "handled already")

		// Dismissing Bob's report leaves the thread alone.
		var threadReport *model.Report
		for _, rep := range reportsOf(t, w, mo) {
			if rep.PostID == nil {
				threadReport = rep
			}
		}
		if threadReport == nil {
			t.Fatal("Bob's report of the thread is not in the queue")
		}
		r = moB.post(t, "/moderation/reports/"+threadReport.ID, url.Values{"action": {"dismiss"}})
		if r.Status != 303 || r.Location != "/moderation?flash=flash.report_dismissed" {
			t.Fatalf("dismiss: %d %q\n%s", r.Status, r.Location, snippet(r.Body))
		}
		if got, err := w.s.mod.GetReport(ctx, mo, threadReport.ID); err != nil || got.Status != model.ReportDismissed {
			t.Errorf("the report after dismissal: %+v %v", got, err)
		}
		if v, err := w.s.disc.Thread(ctx, w.alice, w.thread.ID); err != nil || v.Thread.Deleted() {
			t.Errorf("the thread after a dismissed report: %v", err)
		}

		// The tabs.
		r = moB.get(t, "/moderation?flash=flash.report_dismissed")
		checkPage(t, "the open tab, emptied", r, 200)
		has(t, "the open tab, emptied", r, "The report is dismissed.", "No open reports.", "Reports (0)")
		r = moB.get(t, "/moderation?status=resolved")
		checkPage(t, "the resolved tab", r, 200)
		has(t, "the resolved tab", r, "Harassment", "deleted", "Abusive.", `aria-current="page">Resolved`)
		lacks(t, "the resolved tab", r, "Legal barriers, mostly.", `value="remove"`)
		r = moB.get(t, "/moderation?status=dismissed")
		checkPage(t, "the dismissed tab", r, 200)
		has(t, "the dismissed tab", r, "Spam", "Hash matching across borders")
		lacks(t, "the dismissed tab", r, "Insults a colleague.")
		checkPage(t, "an unknown tab", moB.get(t, "/moderation?status=lost"), 422)

		// The admin page links the queue.
		r = w.s.signedIn(t, w.admin).get(t, "/admin")
		checkPage(t, "admin", r, 200)
		has(t, "admin", r, `href="/moderation"`, "The queue of reports (0 open)")
	})
}

// TestReportsAcrossServers covers what comes from and goes to other
// servers: forwarding a report of a remote author's thread, a report
// received from another server, and the queue's pages.
func TestReportsAcrossServers(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		ctx := context.Background()
		_, remote := addRemote(t, w)
		alice, admin := w.s.signedIn(t, w.alice), w.s.signedIn(t, w.admin)

		// A remote author's thread may be reported to their server too.
		formPath := "/threads/" + remote.ID + "/report"
		r := alice.get(t, formPath)
		checkPage(t, "report form of a remote thread", r, 200)
		has(t, "report form of a remote thread", r, "Report a thread", "Also send this report, without your name, to far.example", `name="forward"`)
		r = alice.post(t, formPath, url.Values{"reason": {"victim"}, "comment": {"Names a child."}, "forward": {"1"}})
		if r.Status != 303 || r.Location != "/threads/"+remote.ID+"?flash=flash.reported" {
			t.Fatalf("report of a remote thread: %d %q\n%s", r.Status, r.Location, snippet(r.Body))
		}

		// Another server reports this node's thread, many times over: the
		// queue names the server and pages through the reports.
		zoe, err := w.s.db.GetActor(ctx, remote.AuthorID)
		if err != nil {
			t.Fatal(err)
		}
		objects := make([]string, 51)
		for i := range objects {
			objects[i] = w.thread.URI
		}
		err = w.s.db.InTx(ctx, func(tx *store.Store) error {
			_, err := w.s.mod.ReceiveFlag(ctx, tx, moderation.ReceivedFlag{Reporter: zoe, URI: "https://far.example/flags/1",
				Objects: objects, Comment: "Reported by our members."})
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		r = admin.get(t, "/moderation")
		checkPage(t, "the queue's first page", r, 200)
		has(t, "the queue's first page", r, "Reports (52)", "reported by the server far.example", "Reported by our members.", `rel="next"`)
		lacks(t, "the queue's first page", r, "Names a child.")
		i := strings.Index(r.Body, `href="/moderation?cursor=`)
		if i < 0 {
			t.Fatalf("the queue's first page has no Next link\n%s", snippet(r.Body))
		}
		next := html.UnescapeString(r.Body[i+len(`href="`):])
		next = next[:strings.IndexByte(next, '"')]
		r = admin.get(t, next)
		checkPage(t, "the queue's second page", r, 200)
		has(t, "the queue's second page", r, "Names a child.", "Identifies a victim", "@zoe@far.example", "Survey of reporting tools", "First page")
		lacks(t, "the queue's second page", r, `rel="next"`)
		// 50 reports a page: the 51st of the server's and Alice's, older.
		if n := strings.Count(r.Body, `<li id="report-`); n != 2 {
			t.Errorf("reports on the second page: %d, want 2", n)
		}
	})
}

// TestReportReasonsHaveWords checks that the catalogue names and explains
// every reason a member can give: the pages build those keys in Go, where
// TestTemplateKeysExist does not look.
func TestReportReasonsHaveWords(t *testing.T) {
	t.Parallel()
	raw, err := fs.ReadFile(web.Locales, "locales/en.json")
	if err != nil {
		t.Fatal(err)
	}
	var en map[string]string
	if err := json.Unmarshal(raw, &en); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, r := range model.ReportReasons {
		keys = append(keys, "report.reason_"+string(r), "report.reason_"+string(r)+"_hint")
	}
	for _, s := range []model.ReportStatus{model.ReportOpen, model.ReportResolved, model.ReportDismissed} {
		keys = append(keys, "moderation.none_"+string(s), "moderation.status_"+string(s))
	}
	keys = append(keys, "flash.reported", "flash.report_dismissed", "flash.report_resolved", "flash.report_removed",
		"report.own", "report.gone", "report.choose_reason", "report.comment_required", "report.title_thread", "report.title_reply",
		"thread.report_reply_by", "moderation.title", "field.reason", "field.comment", "field.action")
	for _, k := range keys {
		if en[k] == "" {
			t.Errorf("en.json lacks %q", k)
		}
	}
}
