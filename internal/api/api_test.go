package api_test

import (
	"context"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

type thread struct {
	ID           string  `json:"id"`
	URL          string  `json:"url"`
	APID         string  `json:"ap_id"`
	Title        string  `json:"title"`
	Kind         string  `json:"kind"`
	Category     string  `json:"category"`
	Status       string  `json:"status"`
	Visibility   string  `json:"visibility"`
	BodyHTML     string  `json:"body_html"`
	Endorsements int     `json:"endorsements"`
	ReplyCount   int     `json:"reply_count"`
	Deleted      bool    `json:"deleted"`
	EditedAt     *string `json:"edited_at"`
	Posts        []post  `json:"posts"`
	History      []struct {
		From, To string
	} `json:"status_history"`
}

type post struct {
	ID        string  `json:"id"`
	BodyHTML  string  `json:"body_html"`
	InReplyTo *string `json:"in_reply_to"`
	Deleted   bool    `json:"deleted"`
}

type list struct {
	Items      []thread `json:"items"`
	NextCursor string   `json:"next_cursor"`
}

type fixture struct {
	n                *testkit.Node
	ann, bob, mod    *testkit.API
	anon             *testkit.API
	annUser, bobUser *model.User
}

func setup(t *testing.T, d store.Dialect) *fixture {
	n := testkit.NewNode(t, d)
	ctx := context.Background()
	for _, sp := range []discussion.NewSpace{
		{Name: "policy", Title: "Policy and regulation"},
		{Name: "inner", Title: "Inner circle", Visibility: model.VisibilityAlliance},
	} {
		if _, err := n.Disc.CreateSpace(ctx, nil, sp); err != nil {
			t.Fatal(err)
		}
	}
	f := &fixture{n: n, anon: n.NewAPI("")}
	f.annUser = n.User(t, "ann", model.RoleMember)
	f.bobUser = n.User(t, "bob", model.RoleMember)
	f.ann = n.NewAPI(n.Token(t, f.annUser))
	f.bob = n.NewAPI(n.Token(t, f.bobUser))
	f.mod = n.NewAPI(n.Token(t, n.User(t, "mia", model.RoleModerator)))
	return f
}

func TestTokenAuth(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		f := setup(t, d)
		f.ann.JSON(t, "GET", "/api/v1/me", nil, 200, nil)
		f.anon.JSON(t, "GET", "/api/v1/me", nil, 401, nil)
		f.n.NewAPI("ptl_unknownunknownunknownunknown").JSON(t, "GET", "/api/v1/spaces", nil, 401, nil)
		f.n.NewAPI("nonsense").JSON(t, "GET", "/api/v1/spaces", nil, 401, nil)
		// A revoked token stops working at once.
		plain, tok, err := f.n.Accounts.CreateToken(context.Background(), f.annUser.ID, "short-lived")
		if err != nil {
			t.Fatal(err)
		}
		f.n.NewAPI(plain).JSON(t, "GET", "/api/v1/spaces", nil, 200, nil)
		if err := f.n.Accounts.RevokeToken(context.Background(), f.annUser.ID, tok.ID); err != nil {
			t.Fatal(err)
		}
		code, body := f.n.NewAPI(plain).Do(t, "GET", "/api/v1/spaces", "")
		if code != 401 || !strings.Contains(string(body), `"error"`) {
			t.Fatalf("revoked token: %d %s", code, body)
		}
	})
}

func TestThreadsRepliesEndorsements(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		f := setup(t, d)
		var th thread
		f.ann.JSON(t, "POST", "/api/v1/spaces/policy/threads", map[string]any{
			"title": "Hash matching across borders", "body": "Why is *cross-border* sharing slow?", "kind": "discussion"}, 201, &th)
		if th.ID == "" || !strings.HasSuffix(th.URL, "/threads/"+th.ID) || th.APID == "" || th.BodyHTML != "<p>Why is <em>cross-border</em> sharing slow?</p>" {
			t.Fatalf("created thread: %+v", th)
		}
		var ch thread
		f.ann.JSON(t, "POST", "/api/v1/spaces/policy/threads", map[string]any{
			"title": "Age assurance gaps", "body": "No shared standard.", "kind": "challenge", "category": "technology"}, 201, &ch)
		if ch.Status != "open" || ch.Category != "technology" {
			t.Fatalf("challenge: %+v", ch)
		}
		var p1, p2 post
		f.bob.JSON(t, "POST", "/api/v1/threads/"+th.ID+"/posts", map[string]any{"body": "Legal barriers. <script>alert(1)</script>"}, 201, &p1)
		f.ann.JSON(t, "POST", "/api/v1/threads/"+th.ID+"/posts", map[string]any{"body": "Which ones?", "in_reply_to": p1.ID}, 201, &p2)
		if strings.Contains(p1.BodyHTML, "<script") || strings.Contains(p1.BodyHTML, "alert(1)") {
			t.Fatalf("reply not sanitised: %s", p1.BodyHTML)
		}
		var got thread
		f.ann.JSON(t, "GET", "/api/v1/threads/"+th.ID, nil, 200, &got)
		if len(got.Posts) != 2 || got.Posts[1].InReplyTo == nil || *got.Posts[1].InReplyTo != p1.ID || got.ReplyCount != 2 {
			t.Fatalf("thread with posts: %+v", got)
		}
		// Endorsements: one per actor, and they can be taken back.
		var e struct{ Endorsements int }
		f.bob.JSON(t, "POST", "/api/v1/threads/"+ch.ID+"/endorse", nil, 200, &e)
		f.ann.JSON(t, "POST", "/api/v1/threads/"+ch.ID+"/endorse", nil, 200, &e)
		f.ann.JSON(t, "POST", "/api/v1/threads/"+ch.ID+"/endorse", nil, 200, &e)
		if e.Endorsements != 2 {
			t.Fatalf("endorsements %d, want 2", e.Endorsements)
		}
		f.ann.JSON(t, "DELETE", "/api/v1/threads/"+ch.ID+"/endorse", nil, 200, &e)
		if e.Endorsements != 1 {
			t.Fatalf("after taking back: %d", e.Endorsements)
		}
		// The board sorts by endorsements and filters.
		var another thread
		f.bob.JSON(t, "POST", "/api/v1/spaces/policy/threads", map[string]any{"title": "Reporting is slow", "body": "x", "kind": "challenge", "category": "enforcement"}, 201, &another)
		var board list
		f.anon.JSON(t, "GET", "/api/v1/challenges?sort=endorsements", nil, 200, &board)
		if len(board.Items) != 2 || board.Items[0].ID != ch.ID {
			t.Fatalf("board: %+v", board.Items)
		}
		f.anon.JSON(t, "GET", "/api/v1/challenges?category=enforcement", nil, 200, &board)
		if len(board.Items) != 1 || board.Items[0].ID != another.ID {
			t.Fatalf("board by category: %+v", board.Items)
		}
		f.anon.JSON(t, "GET", "/api/v1/challenges?sort=sideways", nil, 422, nil)
		// Status: the author or a moderator; history kept.
		f.bob.JSON(t, "PATCH", "/api/v1/threads/"+ch.ID, map[string]any{"status": "addressed"}, 403, nil)
		f.ann.JSON(t, "PATCH", "/api/v1/threads/"+ch.ID, map[string]any{"status": "solution-proposed"}, 200, nil)
		f.mod.JSON(t, "PATCH", "/api/v1/threads/"+ch.ID, map[string]any{"status": "addressed"}, 200, nil)
		f.ann.JSON(t, "GET", "/api/v1/threads/"+ch.ID, nil, 200, &got)
		if got.Status != "addressed" || len(got.History) != 2 || got.History[1].To != "addressed" {
			t.Fatalf("status history: %+v", got)
		}
		// Edits: only one's own.
		f.bob.JSON(t, "PATCH", "/api/v1/threads/"+th.ID, map[string]any{"title": "Hijacked"}, 403, nil)
		f.ann.JSON(t, "PATCH", "/api/v1/threads/"+th.ID, map[string]any{"body": "Edited **body**"}, 200, &got)
		if !strings.Contains(got.BodyHTML, "<strong>body</strong>") || got.EditedAt == nil {
			t.Fatalf("edit: %+v", got)
		}
		f.ann.JSON(t, "PATCH", "/api/v1/posts/"+p1.ID, map[string]any{"body": "not mine"}, 403, nil)
		f.bob.JSON(t, "PATCH", "/api/v1/posts/"+p1.ID, map[string]any{"body": "Legal barriers, mostly."}, 200, nil)
		// Delete leaves a tombstone; the chain stays whole.
		f.ann.JSON(t, "DELETE", "/api/v1/posts/"+p1.ID, nil, 403, nil)
		f.bob.JSON(t, "DELETE", "/api/v1/posts/"+p1.ID, nil, 204, nil)
		f.ann.JSON(t, "GET", "/api/v1/threads/"+th.ID, nil, 200, &got)
		if !got.Posts[0].Deleted || got.Posts[0].BodyHTML != "" || *got.Posts[1].InReplyTo != p1.ID {
			t.Fatalf("tombstone: %+v", got.Posts)
		}
		// Search and timeline.
		var hits struct {
			Items []struct {
				Type   string
				Thread thread
			}
		}
		f.anon.JSON(t, "GET", "/api/v1/search?q=hash", nil, 200, &hits)
		if len(hits.Items) == 0 || hits.Items[0].Thread.ID != th.ID {
			t.Fatalf("search: %+v", hits)
		}
		var tl list
		f.ann.JSON(t, "GET", "/api/v1/timeline", nil, 200, &tl)
		if len(tl.Items) != 3 {
			t.Fatalf("timeline has %d threads, want 3", len(tl.Items))
		}
		f.anon.JSON(t, "GET", "/api/v1/timeline", nil, 401, nil)
	})
}

func TestBadInputChangesNothing(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		f := setup(t, d)
		var th thread
		f.ann.JSON(t, "POST", "/api/v1/spaces/policy/threads", map[string]any{"title": "Kept", "body": "x", "kind": "discussion"}, 201, &th)
		cases := []struct {
			name, method, path, body string
			api                      *testkit.API
			want                     int
		}{
			{"malformed JSON", "POST", "/api/v1/spaces/policy/threads", `{"title":""`, f.ann, 400},
			{"two JSON values", "POST", "/api/v1/spaces/policy/threads", `{"title":"a","body":"b"}{}`, f.ann, 400},
			{"unknown field", "POST", "/api/v1/spaces/policy/threads", `{"title":"a","body":"b","colour":"red"}`, f.ann, 400},
			{"wrong type", "POST", "/api/v1/spaces/policy/threads", `{"title":1,"body":"b"}`, f.ann, 400},
			{"too deep", "POST", "/api/v1/spaces/policy/threads", strings.Repeat(`{"a":`, 40) + "1" + strings.Repeat("}", 40), f.ann, 400},
			{"empty title", "POST", "/api/v1/spaces/policy/threads", `{"title":"  ","body":"b","kind":"discussion"}`, f.ann, 422},
			{"unknown kind", "POST", "/api/v1/spaces/policy/threads", `{"title":"a","body":"b","kind":"rant"}`, f.ann, 422},
			{"unknown category", "POST", "/api/v1/spaces/policy/threads", `{"title":"a","body":"b","kind":"challenge","category":"magic"}`, f.ann, 422},
			{"body too long", "POST", "/api/v1/spaces/policy/threads", `{"title":"a","kind":"discussion","body":"` + strings.Repeat("x", 70<<10) + `"}`, f.ann, 422},
			{"unknown space", "POST", "/api/v1/spaces/nowhere/threads", `{"title":"a","body":"b"}`, f.ann, 404},
			{"anonymous", "POST", "/api/v1/spaces/policy/threads", `{"title":"a","body":"b"}`, f.anon, 401},
			{"empty reply", "POST", "/api/v1/threads/" + th.ID + "/posts", `{"body":""}`, f.bob, 422},
			{"reply to a stranger post", "POST", "/api/v1/threads/" + th.ID + "/posts", `{"body":"x","in_reply_to":"0000000000000000"}`, f.bob, 422},
			{"unknown thread", "GET", "/api/v1/threads/zzzzzzzzzzzzzzzz", "", f.ann, 404},
			{"garbage id", "GET", "/api/v1/threads/../../etc", "", f.ann, 404},
			{"someone else's thread", "DELETE", "/api/v1/threads/" + th.ID, "", f.bob, 403},
			{"status of a discussion", "PATCH", "/api/v1/threads/" + th.ID, `{"status":"open"}`, f.ann, 422},
			{"empty edit", "PATCH", "/api/v1/threads/" + th.ID, `{}`, f.ann, 400},
			{"bad cursor", "GET", "/api/v1/spaces/policy/threads?cursor=notacursor", "", f.ann, 422},
			{"unknown call", "GET", "/api/v1/nothing", "", f.ann, 404},
		}
		for _, tc := range cases {
			code, body := tc.api.Do(t, tc.method, tc.path, tc.body)
			if code != tc.want || !strings.Contains(string(body), `"error"`) {
				t.Errorf("%s: %d %s, want %d with an error", tc.name, code, body, tc.want)
			}
		}
		var l list
		f.ann.JSON(t, "GET", "/api/v1/spaces/policy/threads", nil, 200, &l)
		var got thread
		f.ann.JSON(t, "GET", "/api/v1/threads/"+th.ID, nil, 200, &got)
		if len(l.Items) != 1 || len(got.Posts) != 0 || got.Deleted {
			t.Fatalf("bad input changed something: %d threads, %d posts", len(l.Items), len(got.Posts))
		}
	})
}

func TestAllianceContentHiddenFromAnonymousCallers(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		f := setup(t, d)
		var th thread
		f.ann.JSON(t, "POST", "/api/v1/spaces/inner/threads", map[string]any{"title": "Secret coordination plan", "body": "members only", "kind": "challenge", "category": "other"}, 201, &th)
		if th.Visibility != "alliance" {
			t.Fatalf("visibility %q", th.Visibility)
		}
		var pub thread
		f.ann.JSON(t, "POST", "/api/v1/spaces/policy/threads", map[string]any{"title": "Open plan", "body": "x", "kind": "discussion", "visibility": "alliance"}, 201, &pub)
		if pub.Visibility != "alliance" {
			t.Fatalf("a public space's thread can be made alliance-only: %q", pub.Visibility)
		}
		for _, path := range []string{"/api/v1/spaces", "/api/v1/challenges", "/api/v1/search?q=secret", "/api/v1/search?q=plan",
			"/api/v1/spaces/policy/threads"} {
			code, body := f.anon.Do(t, "GET", path, "")
			if code != 200 || strings.Contains(string(body), "Secret") || strings.Contains(string(body), "Open plan") || strings.Contains(string(body), `"inner"`) {
				t.Errorf("anonymous %s: %d %s", path, code, body)
			}
		}
		for _, path := range []string{"/api/v1/threads/" + th.ID, "/api/v1/threads/" + pub.ID, "/api/v1/spaces/inner/threads"} {
			if code, _ := f.anon.Do(t, "GET", path, ""); code != 404 {
				t.Errorf("anonymous %s: %d, want 404", path, code)
			}
		}
		code, body := f.bob.Do(t, "GET", "/api/v1/search?q=secret", "")
		if code != 200 || !strings.Contains(string(body), "Secret coordination plan") {
			t.Errorf("a member's search misses alliance content: %d %s", code, body)
		}
	})
}
