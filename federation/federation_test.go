package federation_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// wait bounds how long a test waits for an asynchronous outcome. It is
// not a speed target: under a loaded machine (the whole suite with -race)
// a delivery that fails once is retried by River after 1 s and then 16 s,
// so the bound must cover the second retry.
const wait = 60 * time.Second

type thread struct {
	ID           string `json:"id"`
	Title        string `json:"title"`
	BodyHTML     string `json:"body_html"`
	Endorsements int    `json:"endorsements"`
	Visibility   string `json:"visibility"`
	Deleted      bool   `json:"deleted"`
	Posts        []struct {
		ID       string `json:"id"`
		BodyHTML string `json:"body_html"`
		Deleted  bool   `json:"deleted"`
	} `json:"posts"`
}

type page struct {
	Items []thread `json:"items"`
}

func space(t *testing.T, n *testkit.Node, name string, vis model.Visibility) {
	t.Helper()
	if _, err := n.Disc.CreateSpace(context.Background(), nil, discussion.NewSpace{Name: name, Title: "Space " + name, Visibility: vis}); err != nil {
		t.Fatal(err)
	}
}

func handle(n *testkit.Node, name string) string {
	return name + "@" + strings.TrimPrefix(n.URL, "http://")
}

// follow makes api follow target and waits until the follow is accepted.
func follow(t *testing.T, api *testkit.API, target string) {
	t.Helper()
	api.JSON(t, "POST", "/api/v1/follows", map[string]string{"target": target}, 202, nil)
	testkit.Eventually(t, wait, "follow of "+target+" accepted", func() bool {
		_, body := api.Do(t, "GET", "/api/v1/follows", "")
		return strings.Contains(string(body), `"accepted"`)
	})
}

// find waits for a thread titled title in api's timeline and returns it.
func find(t *testing.T, api *testkit.API, title string) thread {
	t.Helper()
	var found thread
	testkit.Eventually(t, wait, "thread "+title+" in the timeline", func() bool {
		var p page
		api.JSON(t, "GET", "/api/v1/timeline", nil, 200, &p)
		for _, th := range p.Items {
			if th.Title == title {
				found = th
				return true
			}
		}
		return false
	})
	return found
}

func getThread(t *testing.T, api *testkit.API, id string) thread {
	t.Helper()
	var th thread
	api.JSON(t, "GET", "/api/v1/threads/"+id, nil, 200, &th)
	return th
}

// Two nodes, one on SQLite and one on PostgreSQL: a member of A follows a
// space of B, a thread arrives, a reply and an endorsement travel back and
// are relayed, an edit and a delete follow, and an unfollow stops the flow.
func TestFollowThreadReplyEndorseEditDelete(t *testing.T) {
	t.Parallel()
	a := testkit.NewNode(t, store.SQLite)
	b := testkit.NewNode(t, store.Postgres)
	space(t, b, "policy", model.VisibilityPublic)
	ann := a.NewAPI(a.Token(t, a.User(t, "ann", model.RoleMember)))
	bob := b.NewAPI(b.Token(t, b.User(t, "bob", model.RoleMember)))

	follow(t, ann, handle(b, "policy"))

	var origin thread
	bob.JSON(t, "POST", "/api/v1/spaces/policy/threads", map[string]any{"title": "Cross-border evidence sharing",
		"body": "What blocks *MLAT* speed?", "kind": "challenge", "category": "enforcement"}, 201, &origin)
	copyOnA := find(t, ann, "Cross-border evidence sharing")
	if !strings.Contains(copyOnA.BodyHTML, "<em>MLAT</em>") {
		t.Fatalf("thread body on A: %q", copyOnA.BodyHTML)
	}

	var reply struct{ ID string }
	ann.JSON(t, "POST", "/api/v1/threads/"+copyOnA.ID+"/posts", map[string]any{"body": "Treaty timelines, from our side."}, 201, &reply)
	ann.JSON(t, "POST", "/api/v1/threads/"+copyOnA.ID+"/endorse", nil, 200, nil)
	testkit.Eventually(t, wait, "reply and endorsement at the origin", func() bool {
		th := getThread(t, bob, origin.ID)
		return len(th.Posts) == 1 && strings.Contains(th.Posts[0].BodyHTML, "Treaty timelines") && th.Endorsements == 1
	})
	// A second delivery of the same activity makes no second post.
	if th := getThread(t, bob, origin.ID); len(th.Posts) != 1 {
		t.Fatalf("%d posts at the origin", len(th.Posts))
	}

	bob.JSON(t, "PATCH", "/api/v1/threads/"+origin.ID, map[string]any{"body": "What blocks MLAT speed? Edited: and data retention."}, 200, nil)
	testkit.Eventually(t, wait, "edit reaches A", func() bool {
		return strings.Contains(getThread(t, ann, copyOnA.ID).BodyHTML, "data retention")
	})

	ann.JSON(t, "DELETE", "/api/v1/posts/"+reply.ID, nil, 204, nil)
	testkit.Eventually(t, wait, "delete reaches B", func() bool {
		th := getThread(t, bob, origin.ID)
		return len(th.Posts) == 1 && th.Posts[0].Deleted && !strings.Contains(th.Posts[0].BodyHTML, "Treaty")
	})

	ann.JSON(t, "DELETE", "/api/v1/threads/"+copyOnA.ID+"/endorse", nil, 200, nil)
	testkit.Eventually(t, wait, "endorsement withdrawn at the origin", func() bool {
		return getThread(t, bob, origin.ID).Endorsements == 0
	})

	// Unfollow: the origin forgets the follower and sends nothing more.
	var follows struct {
		Items []struct{ ID string } `json:"items"`
	}
	ann.JSON(t, "GET", "/api/v1/follows", nil, 200, &follows)
	ann.JSON(t, "DELETE", "/api/v1/follows/"+follows.Items[0].ID, nil, 204, nil)
	sp, err := b.DB.GetSpaceByName(context.Background(), "policy", b.Domain())
	if err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, wait, "the origin drops the follower", func() bool {
		n, _ := b.DB.CountFollowers(context.Background(), sp.ActorID)
		return n == 0
	})
	bob.JSON(t, "POST", "/api/v1/spaces/policy/threads", map[string]any{"title": "After the unfollow", "body": "x"}, 201, nil)
	jobs, err := b.DB.ListActivities(context.Background(), sp.ActorID, []string{"Announce"}, false, 100)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range jobs {
		if strings.Contains(a.Payload, "After the unfollow") {
			t.Fatal("the space still announces to the former follower")
		}
	}
}

// A third node follows the same space: a reply from A reaches it, relayed
// by the space (FEP-1b12).
func TestReplyIsRelayedToOtherFollowers(t *testing.T) {
	t.Parallel()
	a := testkit.NewNode(t, store.SQLite)
	b := testkit.NewNode(t, store.Postgres)
	c := testkit.NewNode(t, store.SQLite)
	space(t, b, "tech", model.VisibilityPublic)
	ann := a.NewAPI(a.Token(t, a.User(t, "ann", model.RoleMember)))
	bob := b.NewAPI(b.Token(t, b.User(t, "bob", model.RoleMember)))
	cat := c.NewAPI(c.Token(t, c.User(t, "cat", model.RoleMember)))
	follow(t, ann, handle(b, "tech"))
	follow(t, cat, handle(b, "tech"))
	bob.JSON(t, "POST", "/api/v1/spaces/tech/threads", map[string]any{"title": "Hash lists", "body": "Shared hash lists?"}, 201, nil)
	onA := find(t, ann, "Hash lists")
	onC := find(t, cat, "Hash lists")
	ann.JSON(t, "POST", "/api/v1/threads/"+onA.ID+"/posts", map[string]any{"body": "We publish ours weekly."}, 201, nil)
	testkit.Eventually(t, wait, "A's reply relayed to C", func() bool {
		th := getThread(t, cat, onC.ID)
		return len(th.Posts) == 1 && strings.Contains(th.Posts[0].BodyHTML, "weekly")
	})
}

// Threads that existed before the follow are backfilled.
func TestBackfillOfOlderThreads(t *testing.T) {
	t.Parallel()
	a := testkit.NewNode(t, store.Postgres)
	b := testkit.NewNode(t, store.SQLite)
	space(t, b, "prevention", model.VisibilityPublic)
	bob := b.NewAPI(b.Token(t, b.User(t, "bob", model.RoleMember)))
	var old thread
	bob.JSON(t, "POST", "/api/v1/spaces/prevention/threads", map[string]any{"title": "Before anyone followed", "body": "old"}, 201, &old)
	bob.JSON(t, "POST", "/api/v1/threads/"+old.ID+"/posts", map[string]any{"body": "an early reply"}, 201, nil)
	ann := a.NewAPI(a.Token(t, a.User(t, "ann", model.RoleMember)))
	follow(t, ann, handle(b, "prevention"))
	th := find(t, ann, "Before anyone followed")
	testkit.Eventually(t, wait, "older reply backfilled", func() bool {
		got := getThread(t, ann, th.ID)
		return len(got.Posts) == 1 && strings.Contains(got.Posts[0].BodyHTML, "early reply")
	})
}

// Alliance-only threads reach alliance nodes and nobody else.
func TestAllianceThreadStaysInTheAlliance(t *testing.T) {
	t.Parallel()
	lnB, lnAlly := testkit.Listen(t), testkit.Listen(t)
	b := testkit.NewNodeOn(t, lnB, store.SQLite, testkit.With(func(c *config.Config) {
		c.AllianceDomains = []string{lnAlly.Addr().String()}
	}))
	ally := testkit.NewNodeOn(t, lnAlly, store.Postgres, testkit.With(func(c *config.Config) {
		c.AllianceDomains = []string{lnB.Addr().String()}
	}))
	outsider := testkit.NewNode(t, store.SQLite)
	space(t, b, "inner", model.VisibilityAlliance)
	space(t, b, "open", model.VisibilityPublic)
	bob := b.NewAPI(b.Token(t, b.User(t, "bob", model.RoleMember)))
	amy := ally.NewAPI(ally.Token(t, ally.User(t, "amy", model.RoleMember)))
	oz := outsider.NewAPI(outsider.Token(t, outsider.User(t, "oz", model.RoleMember)))

	follow(t, amy, handle(b, "inner"))
	// The outsider cannot even find the alliance space.
	if code, body := oz.Do(t, "POST", "/api/v1/follows", `{"target":"`+handle(b, "inner")+`"}`); code < 400 {
		t.Fatalf("outsider followed an alliance space: %d %s", code, body)
	}
	// The outsider follows the public space of the same node.
	follow(t, oz, handle(b, "open"))

	bob.JSON(t, "POST", "/api/v1/spaces/inner/threads", map[string]any{"title": "Members-only coordination", "body": "secret plan"}, 201, nil)
	bob.JSON(t, "POST", "/api/v1/spaces/open/threads", map[string]any{"title": "Open call", "body": "everyone welcome"}, 201, nil)
	got := find(t, amy, "Members-only coordination")
	if got.Visibility != "alliance" {
		t.Fatalf("the ally keeps no restriction: %q", got.Visibility)
	}
	// The ally keeps the restriction: not in its public API.
	if _, body := ally.NewAPI("").Do(t, "GET", "/api/v1/search?q=secret", ""); strings.Contains(string(body), "Members-only") {
		t.Fatal("the ally shows alliance content to anonymous callers")
	}
	find(t, oz, "Open call") // the outsider gets what is public …
	var p page
	oz.JSON(t, "GET", "/api/v1/timeline", nil, 200, &p)
	for _, th := range p.Items {
		if strings.Contains(th.Title, "Members-only") {
			t.Fatal("… and never the alliance thread")
		}
	}
}

// In allowlist mode a node neither serves nor accepts an unlisted server.
func TestAllowlistRefusesUnlistedNode(t *testing.T) {
	t.Parallel()
	lnB, lnA := testkit.Listen(t), testkit.Listen(t)
	b := testkit.NewNodeOn(t, lnB, store.Postgres, testkit.With(func(c *config.Config) {
		c.FederationMode = "allowlist"
		c.FederationAllow = []string{lnA.Addr().String()}
	}))
	a := testkit.NewNodeOn(t, lnA, store.SQLite)
	c := testkit.NewNode(t, store.SQLite)
	space(t, b, "policy", model.VisibilityPublic)
	ann := a.NewAPI(a.Token(t, a.User(t, "ann", model.RoleMember)))
	cal := c.NewAPI(c.Token(t, c.User(t, "cal", model.RoleMember)))
	follow(t, ann, handle(b, "policy"))
	if code, body := cal.Do(t, "POST", "/api/v1/follows", `{"target":"`+handle(b, "policy")+`"}`); code < 400 {
		t.Fatalf("an unlisted node followed: %d %s", code, body)
	}
	// Unsigned fetches are refused too.
	req := b.NewBrowser()
	resp, err := req.Client.Do(mustGet(t, b.URL+"/spaces/policy"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 401 {
		t.Fatalf("unsigned ActivityPub fetch in allowlist mode: %d", resp.StatusCode)
	}
}

// A node that is down receives what it missed once it is back.
func TestNodeDownThenBack(t *testing.T) {
	t.Parallel()
	a := testkit.NewNode(t, store.SQLite)
	b := testkit.NewNode(t, store.Postgres)
	space(t, b, "general", model.VisibilityPublic)
	ann := a.NewAPI(a.Token(t, a.User(t, "ann", model.RoleMember)))
	bob := b.NewAPI(b.Token(t, b.User(t, "bob", model.RoleMember)))
	follow(t, ann, handle(b, "general"))
	a.Down(t)
	bob.JSON(t, "POST", "/api/v1/spaces/general/threads", map[string]any{"title": "Posted while A was down", "body": "x"}, 201, nil)
	testkit.Eventually(t, wait, "B notices A is down", func() bool {
		p, err := b.DB.GetPeer(context.Background(), a.Domain())
		return err == nil && p.Failures > 0
	})
	a.Up(t)
	find(t, ann, "Posted while A was down")
}

func mustGet(t *testing.T, url string) *http.Request {
	t.Helper()
	req, err := http.NewRequest("GET", url, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Accept", "application/activity+json")
	return req
}
