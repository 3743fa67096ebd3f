package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

type report struct {
	ID         string  `json:"id"`
	Status     string  `json:"status"`
	Reason     string  `json:"reason"`
	Comment    string  `json:"comment"`
	Resolution string  `json:"resolution"`
	Thread     *thread `json:"thread"`
	Post       *post   `json:"post"`
	Reporter   *struct {
		Username string `json:"username"`
	} `json:"reporter"`
	Subject *struct {
		Username string `json:"username"`
	} `json:"subject"`
}

type reportList struct {
	Items      []report `json:"items"`
	NextCursor string   `json:"next_cursor"`
}

// Members report threads and replies; moderators, and a space's own
// moderators for their space, see the queue and decide; everyone else
// learns nothing of it.
func TestReportsAndTheModerationQueue(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		f := setup(t, d)
		ctx := context.Background()
		var th, inner thread
		f.ann.JSON(t, "POST", "/api/v1/spaces/policy/threads", map[string]any{"title": "Shared hash lists", "body": "x"}, 201, &th)
		f.ann.JSON(t, "POST", "/api/v1/spaces/inner/threads", map[string]any{"title": "Inner matter", "body": "y"}, 201, &inner)
		var reply post
		f.bob.JSON(t, "POST", "/api/v1/threads/"+th.ID+"/posts", map[string]any{"body": "Off-topic advert"}, 201, &reply)

		// Filing, and filing the same thing again.
		var first, again report
		f.bob.JSON(t, "POST", "/api/v1/threads/"+th.ID+"/report", map[string]any{"reason": "personal", "comment": "Names a colleague's home town."}, 201, &first)
		f.bob.JSON(t, "POST", "/api/v1/threads/"+th.ID+"/report", map[string]any{"reason": "spam"}, 200, &again)
		if first.ID == "" || again.ID != first.ID || again.Reason != "personal" || first.Status != "open" {
			t.Fatalf("a repeated report: %+v then %+v", first, again)
		}
		var onReply, onInner report
		f.ann.JSON(t, "POST", "/api/v1/posts/"+reply.ID+"/report", map[string]any{"reason": "spam"}, 201, &onReply)
		f.bob.JSON(t, "POST", "/api/v1/threads/"+inner.ID+"/report", map[string]any{"reason": "other", "comment": "Belongs elsewhere."}, 201, &onInner)

		// Bad reports change nothing.
		cases := []struct {
			name, path, body string
			api              *testkit.API
			want             int
		}{
			{"unknown reason", "/api/v1/threads/" + th.ID + "/report", `{"reason":"boring"}`, f.mod, 422},
			{"other without a comment", "/api/v1/threads/" + th.ID + "/report", `{"reason":"other","comment":"  "}`, f.mod, 422},
			{"comment too long", "/api/v1/threads/" + th.ID + "/report", `{"reason":"spam","comment":"` + strings.Repeat("x", 1001) + `"}`, f.mod, 422},
			{"own thread", "/api/v1/threads/" + th.ID + "/report", `{"reason":"spam"}`, f.ann, 422},
			{"unknown thread", "/api/v1/threads/zzzzzzzzzzzzzzzz/report", `{"reason":"spam"}`, f.mod, 404},
			{"unknown post", "/api/v1/posts/zzzzzzzzzzzzzzzz/report", `{"reason":"spam"}`, f.mod, 404},
			{"anonymous", "/api/v1/threads/" + th.ID + "/report", `{"reason":"spam"}`, f.anon, 401},
			{"malformed JSON", "/api/v1/threads/" + th.ID + "/report", `{"reason":`, f.mod, 400},
			{"unknown field", "/api/v1/threads/" + th.ID + "/report", `{"reason":"spam","severity":9}`, f.mod, 400},
		}
		for _, tc := range cases {
			if code, body := tc.api.Do(t, "POST", tc.path, tc.body); code != tc.want || !strings.Contains(string(body), `"error"`) {
				t.Errorf("%s: %d %s, want %d with an error", tc.name, code, body, tc.want)
			}
		}
		var queue reportList
		f.mod.JSON(t, "GET", "/api/v1/reports", nil, 200, &queue)
		if len(queue.Items) != 3 {
			t.Fatalf("the queue holds %d reports, want 3: %+v", len(queue.Items), queue.Items)
		}
		got := map[string]report{}
		for _, r := range queue.Items {
			got[r.ID] = r
		}
		if r := got[onReply.ID]; r.Post == nil || r.Post.ID != reply.ID || r.Thread == nil || r.Thread.ID != th.ID ||
			r.Reporter == nil || r.Reporter.Username != "ann" || r.Subject == nil || r.Subject.Username != "bob" {
			t.Fatalf("the reply's report as moderators see it: %+v", r)
		}

		// Members, and callers without a session, learn nothing.
		f.bob.JSON(t, "GET", "/api/v1/reports", nil, 403, nil)
		f.anon.JSON(t, "GET", "/api/v1/reports", nil, 401, nil)
		f.bob.JSON(t, "GET", "/api/v1/reports/"+first.ID, nil, 404, nil)
		f.bob.JSON(t, "POST", "/api/v1/reports/"+first.ID, map[string]any{"action": "dismiss"}, 404, nil)

		// A space's moderator sees the reports about that space only.
		carl := f.n.User(t, "carl", model.RoleMember)
		admin := f.n.User(t, "ada", model.RoleAdmin)
		sp, err := f.n.Disc.Space(ctx, admin, "policy")
		if err != nil {
			t.Fatal(err)
		}
		if err := f.n.Disc.AddModerator(ctx, admin, sp, "carl"); err != nil {
			t.Fatal(err)
		}
		carlAPI := f.n.NewAPI(f.n.Token(t, carl))
		var carls reportList
		carlAPI.JSON(t, "GET", "/api/v1/reports", nil, 200, &carls)
		if len(carls.Items) != 2 {
			t.Fatalf("a space moderator sees %d reports, want the 2 about the space", len(carls.Items))
		}
		carlAPI.JSON(t, "GET", "/api/v1/reports/"+onInner.ID, nil, 404, nil)

		// Decisions. A second report of the reply is settled with the
		// first when the reply is removed.
		f.mod.JSON(t, "POST", "/api/v1/posts/"+reply.ID+"/report", map[string]any{"reason": "spam"}, 201, nil)
		f.mod.JSON(t, "POST", "/api/v1/reports/"+first.ID, map[string]any{"action": "explode"}, 422, nil)
		var removed report
		carlAPI.JSON(t, "POST", "/api/v1/reports/"+onReply.ID, map[string]any{"action": "remove", "note": "advert"}, 200, &removed)
		if removed.Status != "resolved" || removed.Resolution != "advert" {
			t.Fatalf("after removal: %+v", removed)
		}
		var after thread
		f.ann.JSON(t, "GET", "/api/v1/threads/"+th.ID, nil, 200, &after)
		if len(after.Posts) != 1 || !after.Posts[0].Deleted {
			t.Fatalf("the reported reply was not removed: %+v", after.Posts)
		}
		f.mod.JSON(t, "POST", "/api/v1/reports/"+onReply.ID, map[string]any{"action": "dismiss"}, 409, nil)
		var dismissed report
		f.mod.JSON(t, "POST", "/api/v1/reports/"+first.ID, map[string]any{"action": "dismiss"}, 200, &dismissed)
		if dismissed.Status != "dismissed" {
			t.Fatalf("after dismissal: %+v", dismissed)
		}
		f.ann.JSON(t, "GET", "/api/v1/threads/"+th.ID, nil, 200, &after)
		if after.Deleted {
			t.Fatal("dismissing a report deleted the thread")
		}

		var open, all reportList
		f.mod.JSON(t, "GET", "/api/v1/reports", nil, 200, &open)
		f.mod.JSON(t, "GET", "/api/v1/reports?status=all", nil, 200, &all)
		if len(open.Items) != 1 || open.Items[0].ID != onInner.ID || len(all.Items) != 4 {
			t.Fatalf("open %d (want 1), all %d (want 4)", len(open.Items), len(all.Items))
		}
		f.mod.JSON(t, "GET", "/api/v1/reports?status=pending", nil, 422, nil)
		entries, err := f.n.Accounts.Audit(ctx, 10)
		if err != nil {
			t.Fatal(err)
		}
		actions := map[string]bool{}
		for _, e := range entries {
			actions[e.Action] = true
		}
		if !actions["remove_report"] || !actions["dismiss_report"] || !actions["delete_post"] {
			t.Fatalf("audit log: %v", actions)
		}

		// Once handled, the same thing can be reported afresh.
		f.bob.JSON(t, "POST", "/api/v1/threads/"+th.ID+"/report", map[string]any{"reason": "personal"}, 201, nil)
	})
}
