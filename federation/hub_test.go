package federation_test

import (
	"context"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

type hubMember struct {
	Domain  string `json:"domain"`
	Current bool   `json:"current"`
	Threads int    `json:"threads"`
}

func hubThreads(t *testing.T, api *testkit.API) []thread {
	var p page
	api.JSON(t, "GET", "/api/v1/hub/threads", nil, 200, &p)
	return p.Items
}

func hubHas(t *testing.T, api *testkit.API, title string) (thread, bool) {
	for _, th := range hubThreads(t, api) {
		if th.Title == title {
			return th, true
		}
	}
	return thread{}, false
}

// A hub with two members (one on PostgreSQL): discovery, backfill of what
// existed before, new threads and spaces picked up live, endorsements
// counted across nodes, a hub member's reply reaching the origin,
// alliance-only content kept from anonymous visitors, and a member taken
// off the list no longer shown as current.
func TestHubAggregatesTheAlliance(t *testing.T) {
	t.Parallel()
	lnA, lnB, lnH := testkit.Listen(t), testkit.Listen(t), testkit.Listen(t)
	hubDomain := lnH.Addr().String()
	a := testkit.NewNodeOn(t, lnA, store.SQLite, testkit.With(func(c *config.Config) {
		c.AllianceDomains = []string{hubDomain}
	}))
	b := testkit.NewNodeOn(t, lnB, store.Postgres)
	ctx := context.Background()
	space(t, a, "general", model.VisibilityPublic)
	space(t, a, "inner", model.VisibilityAlliance)
	space(t, b, "general", model.VisibilityPublic)
	ann := a.NewAPI(a.Token(t, a.User(t, "ann", model.RoleMember)))
	ben := b.NewAPI(b.Token(t, b.User(t, "ben", model.RoleMember)))
	ann.JSON(t, "POST", "/api/v1/spaces/general/threads", map[string]any{"title": "Before the hub joined", "body": "old"}, 201, nil)
	ann.JSON(t, "POST", "/api/v1/spaces/inner/threads", map[string]any{"title": "Alliance eyes only", "body": "restricted"}, 201, nil)

	h := testkit.NewNodeOn(t, lnH, store.SQLite, testkit.With(func(c *config.Config) {
		c.HubEnabled = true
		c.HubMembers = []string{a.Domain(), b.Domain()}
	}))
	hana := h.NewAPI(h.Token(t, h.User(t, "hana", model.RoleMember)))
	anon := h.NewAPI("")

	testkit.Eventually(t, wait, "hub backfills a's older thread", func() bool {
		_, ok := hubHas(t, hana, "Before the hub joined")
		return ok
	})
	testkit.Eventually(t, wait, "hub has a's alliance-only thread", func() bool {
		_, ok := hubHas(t, hana, "Alliance eyes only")
		return ok
	})
	if _, ok := hubHas(t, anon, "Alliance eyes only"); ok {
		t.Fatal("an anonymous hub visitor sees alliance-only content")
	}

	var origin thread
	ben.JSON(t, "POST", "/api/v1/spaces/general/threads", map[string]any{"title": "Reporting pipelines are slow",
		"body": "why", "kind": "challenge", "category": "technology"}, 201, &origin)
	var onHub thread
	testkit.Eventually(t, wait, "hub gets b's new challenge", func() bool {
		var ok bool
		onHub, ok = hubHas(t, hana, "Reporting pipelines are slow")
		return ok
	})

	// A new space on a member is picked up without waiting for the
	// periodic discovery.
	if _, err := b.Disc.CreateSpace(ctx, nil, discussion.NewSpace{Name: "safety", Title: "Safety by design"}); err != nil {
		t.Fatal(err)
	}
	testkit.Eventually(t, wait, "hub follows the new space", func() bool {
		sp, err := b.DB.GetSpaceByName(ctx, "safety", b.Domain())
		if err != nil {
			return false
		}
		n, _ := b.DB.CountFollowers(ctx, sp.ActorID)
		return n == 1
	})
	ben.JSON(t, "POST", "/api/v1/spaces/safety/threads", map[string]any{"title": "Default settings for minors", "body": "x"}, 201, nil)
	testkit.Eventually(t, wait, "hub gets a thread of the new space", func() bool {
		_, ok := hubHas(t, hana, "Default settings for minors")
		return ok
	})

	// Endorsements from three nodes count once per actor.
	var onA thread
	follow(t, ann, handle(b, "general"))
	testkit.Eventually(t, wait, "a gets b's challenge", func() bool {
		var p page
		ann.JSON(t, "GET", "/api/v1/timeline", nil, 200, &p)
		for _, th := range p.Items {
			if th.Title == "Reporting pipelines are slow" {
				onA = th
				return true
			}
		}
		return false
	})
	ann.JSON(t, "POST", "/api/v1/threads/"+onA.ID+"/endorse", nil, 200, nil)
	ben.JSON(t, "POST", "/api/v1/threads/"+origin.ID+"/endorse", nil, 200, nil)
	hana.JSON(t, "POST", "/api/v1/threads/"+onHub.ID+"/endorse", nil, 200, nil)
	hana.JSON(t, "POST", "/api/v1/threads/"+onHub.ID+"/endorse", nil, 200, nil)
	testkit.Eventually(t, wait, "three endorsements at the origin and on the hub", func() bool {
		return getThread(t, ben, origin.ID).Endorsements == 3 && getThread(t, hana, onHub.ID).Endorsements == 3
	})
	var board page
	hana.JSON(t, "GET", "/api/v1/hub/challenges", nil, 200, &board)
	if len(board.Items) == 0 || board.Items[0].Title != "Reporting pipelines are slow" {
		t.Fatalf("hub board: %+v", board.Items)
	}

	// A hub member's reply reaches the origin.
	hana.JSON(t, "POST", "/api/v1/threads/"+onHub.ID+"/posts", map[string]any{"body": "From the hub: we see the same."}, 201, nil)
	testkit.Eventually(t, wait, "hub reply at the origin", func() bool {
		th := getThread(t, ben, origin.ID)
		return len(th.Posts) == 1 && strings.Contains(th.Posts[0].BodyHTML, "From the hub")
	})

	// The directory and the figures.
	var members struct{ Items []hubMember }
	hana.JSON(t, "GET", "/api/v1/hub/members", nil, 200, &members)
	if len(members.Items) != 2 {
		t.Fatalf("directory: %+v", members.Items)
	}
	var stats struct {
		Members    int `json:"members"`
		Challenges int `json:"challenges"`
	}
	hana.JSON(t, "GET", "/api/v1/hub/stats", nil, 200, &stats)
	if stats.Members != 2 || stats.Challenges != 1 {
		t.Fatalf("stats: %+v", stats)
	}

	// The hub's pages: charts with their tables; alliance-only threads for
	// members only.
	visitor, member := h.NewBrowser(), h.NewBrowser()
	member.SignIn(t, "hana")
	for _, path := range []string{"/hub", "/hub/threads", "/hub/challenges", "/hub/members"} {
		code, body := visitor.Get(t, path)
		if code != 200 || strings.Contains(body, "Alliance eyes only") {
			t.Errorf("visitor %s: %d (alliance thread shown: %v)", path, code, strings.Contains(body, "Alliance eyes only"))
		}
	}
	if _, body := visitor.Get(t, "/hub"); !strings.Contains(body, `role="img"`) || !strings.Contains(body, "<caption>") {
		t.Error("the hub overview has no accessible charts")
	}
	if _, body := member.Get(t, "/hub/threads"); !strings.Contains(body, "Alliance eyes only") {
		t.Error("a hub member does not see the alliance thread")
	}
	if _, body := visitor.Get(t, "/hub/members"); !strings.Contains(body, a.Domain()) || !strings.Contains(body, b.Domain()) {
		t.Error("the directory page lacks a member")
	}

	// b leaves the alliance's list: still in the directory, no longer current.
	h.Down(t)
	h.Config.HubMembers = []string{a.Domain()}
	h.Up(t)
	testkit.Eventually(t, wait, "b shown as a former member", func() bool {
		hana.JSON(t, "GET", "/api/v1/hub/members", nil, 200, &members)
		for _, m := range members.Items {
			if m.Domain == b.Domain() {
				return !m.Current
			}
		}
		return false
	})
}

// Nodes that are not hubs do not answer the hub calls.
func TestHubCallsOnlyOnHubs(t *testing.T) {
	t.Parallel()
	n := testkit.NewNode(t, store.SQLite)
	for _, p := range []string{"/api/v1/hub/threads", "/api/v1/hub/challenges", "/api/v1/hub/members", "/api/v1/hub/stats"} {
		if code, _ := n.NewAPI("").Do(t, "GET", p, ""); code != 404 {
			t.Errorf("%s on a member node: %d", p, code)
		}
	}
}
