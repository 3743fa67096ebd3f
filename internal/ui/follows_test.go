package ui_test

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// fedWait bounds how long a test waits for another node to answer.
const fedWait = 20 * time.Second

// checkHTML fails unless a page of a real node answered want and shows
// no missing message key.
func checkHTML(t *testing.T, name string, status int, body string, want int) {
	t.Helper()
	if status != want {
		t.Fatalf("%s: status %d, want %d\n%s", name, status, want, snippet(body))
	}
	if m := placeholderKeyRe.FindString(body); m != "" {
		t.Errorf("%s: the page shows the missing message key %s", name, m)
	}
}

// mustContain fails for each of wants that body lacks.
func mustContain(t *testing.T, name, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", name, w)
		}
	}
}

// followIDRe finds the Unfollow forms of a page.
var followIDRe = regexp.MustCompile(`action="/follows/([^"/]+)/delete"`)

func following(t *testing.T, n *testkit.Node, u *model.User) []*model.Follow {
	t.Helper()
	list, err := n.DB.ListFollowing(context.Background(), u.ActorID)
	if err != nil {
		t.Fatal(err)
	}
	return list
}

// A member of A follows a space of B through the form, sees the follow
// accepted, sees where B's threads come from, unfollows, and follows
// again from the space's page. A's admin sees B among the peers.
func TestFollowRemoteSpaceThroughTheForm(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := testkit.NewNode(t, store.SQLite)
	b := testkit.NewNode(t, store.Postgres)
	if _, err := b.Disc.CreateSpace(ctx, nil, discussion.NewSpace{Name: "policy", Title: "Policy on B"}); err != nil {
		t.Fatal(err)
	}
	ann := a.User(t, "ann", model.RoleMember)
	br := a.NewBrowser()
	br.SignIn(t, "ann")
	handle := "policy@" + b.Domain()
	spacePath := "/spaces/" + handle

	status, body := br.Get(t, "/follows")
	checkHTML(t, "follows page", status, body, 200)
	mustContain(t, "the empty follows page", body, "Follow a space or person on this or another server",
		`<label for="target">`, `name="csrf_token"`, "You do not follow anything yet.", `href="/follows"`)

	status, body, hdr := br.PostForm(t, "/follows", map[string]string{"target": "@" + handle}, true)
	if status != http.StatusSeeOther || hdr.Get("Location") != "/follows?flash=flash.follow_requested" {
		t.Fatalf("follow: %d %q\n%s", status, hdr.Get("Location"), snippet(body))
	}
	status, body = br.Get(t, hdr.Get("Location"))
	checkHTML(t, "follows page after the follow", status, body, 200)
	mustContain(t, "the follows page after the follow", body, "Your follow request is sent", "Policy on B",
		"@"+handle, `href="`+spacePath+`"`)

	testkit.Eventually(t, fedWait, "the follow shows accepted", func() bool {
		_, body = br.Get(t, "/follows")
		return strings.Contains(body, ">Accepted<") && !strings.Contains(body, ">Pending<")
	})
	if list := following(t, a, ann); len(list) != 1 || list[0].State != model.FollowAccepted {
		t.Fatalf("follows stored: %+v", list)
	}

	// The remote space's page says it is followed, and where it lives.
	status, body = br.Get(t, spacePath)
	checkHTML(t, "remote space page", status, body, 200)
	mustContain(t, "the followed remote space's page", body, "You follow this.", "Unfollow", "This space is on "+b.Domain(),
		`href="`+b.URL+`/spaces/policy"`)

	// A thread started on B arrives, and its page here says where from.
	bob := b.User(t, "bob", model.RoleMember)
	sp, err := b.Disc.Space(ctx, bob, "policy")
	if err != nil {
		t.Fatal(err)
	}
	th, err := b.Disc.CreateThread(ctx, bob, sp, discussion.NewThread{Title: "Takedown delays", Body: "Why so slow?"})
	if err != nil {
		t.Fatal(err)
	}
	var here *model.Thread
	testkit.Eventually(t, fedWait, "B's thread reaches A", func() bool {
		here, err = a.DB.GetThreadByURI(ctx, th.URI)
		return err == nil
	})
	status, body = br.Get(t, "/threads/"+here.ID)
	checkHTML(t, "remote thread page", status, body, 200)
	mustContain(t, "the remote thread's page", body, "From "+b.Domain()+".", `href="`+th.URI+`"`, "See the original")

	// A's admin sees B among the peers; a member may not look.
	a.User(t, "ada", model.RoleAdmin)
	adm := a.NewBrowser()
	adm.SignIn(t, "ada")
	if status, _ := br.Get(t, "/admin/federation"); status != http.StatusForbidden {
		t.Errorf("a member got the federation page: %d", status)
	}
	testkit.Eventually(t, fedWait, "peer B on the federation page", func() bool {
		status, body = adm.Get(t, "/admin/federation")
		return status == 200 && strings.Contains(body, `id="peer-`+b.Domain()+`"`)
	})
	checkHTML(t, "federation page", status, body, 200)
	row := body[strings.Index(body, `id="peer-`+b.Domain()+`"`):]
	row = row[:strings.Index(row, "</tr>")]
	if strings.Count(row, "<time") < 1 {
		t.Errorf("peer B's row shows no last delivery: %s", row)
	}

	// Unfollow from the follows page; B forgets the follower.
	_, body = br.Get(t, "/follows")
	ids := followIDRe.FindAllStringSubmatch(body, -1)
	if len(ids) != 1 {
		t.Fatalf("unfollow forms on the follows page: %d", len(ids))
	}
	status, _, hdr = br.PostForm(t, "/follows/"+ids[0][1]+"/delete", nil, true)
	if status != http.StatusSeeOther || hdr.Get("Location") != "/follows?flash=flash.unfollowed" {
		t.Fatalf("unfollow: %d %q", status, hdr.Get("Location"))
	}
	if list := following(t, a, ann); len(list) != 0 {
		t.Fatalf("follows after unfollowing: %d", len(list))
	}
	_, body = br.Get(t, "/follows")
	mustContain(t, "the follows page after unfollowing", body, "You do not follow anything yet.")
	testkit.Eventually(t, fedWait, "B forgets the follower", func() bool {
		list, err := b.DB.ListFollowers(ctx, sp.ActorID, model.FollowAccepted)
		return err == nil && len(list) == 0
	})

	// Follow again with the space page's button: back to the space page.
	_, body = br.Get(t, spacePath)
	mustContain(t, "the unfollowed remote space's page", body, `action="/follows"`, `name="target" value="`+handle+`"`)
	status, _, hdr = br.PostForm(t, "/follows", map[string]string{"target": handle, "next": spacePath}, true)
	if status != http.StatusSeeOther || hdr.Get("Location") != spacePath+"?flash=flash.follow_requested" {
		t.Fatalf("follow from the space page: %d %q", status, hdr.Get("Location"))
	}
	if list := following(t, a, ann); len(list) != 1 {
		t.Fatalf("follows after following again: %d", len(list))
	}
}

// The form's refusals on one node: a bad handle, an empty one, a missing
// CSRF token; and a local space followed and unfollowed from its page.
func TestFollowsFormAndLocalSpace(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		ctx := context.Background()
		n := testkit.NewNode(t, d)
		if _, err := n.Disc.CreateSpace(ctx, nil, discussion.NewSpace{Name: "safety", Title: "Safety by design"}); err != nil {
			t.Fatal(err)
		}
		cat := n.User(t, "cat", model.RoleMember)
		br := n.NewBrowser()

		// Signed out: the page asks to sign in; the form is refused.
		if status, _ := br.Get(t, "/follows"); status != http.StatusSeeOther {
			t.Errorf("signed-out follows page: %d, want a redirect to sign in", status)
		}
		if status, _, _ := br.PostForm(t, "/follows", map[string]string{"target": "safety@" + n.Domain()}, true); status != http.StatusUnauthorized {
			t.Errorf("signed-out follow: %d, want 401", status)
		}
		_, body := br.Get(t, "/spaces/safety")
		if strings.Contains(body, `action="/follows"`) {
			t.Error("a visitor sees the Follow button")
		}
		br.SignIn(t, "cat")

		cases := []struct {
			name, target string
			status       int
			want         string
		}{
			{"not a handle", "not a handle", 422, "must be a handle"},
			{"empty", "  ", 422, "is empty"},
			{"no such member here", "nobody@" + n.Domain(), 404, "Nothing was found"},
			{"a server, not a space", "ftp://example.org/x", 422, "must be a handle"},
		}
		for _, c := range cases {
			status, body, _ := br.PostForm(t, "/follows", map[string]string{"target": c.target}, true)
			checkHTML(t, c.name, status, body, c.status)
			mustContain(t, c.name, body, "There is a problem", c.want, `aria-invalid="true"`, `value="`+strings.TrimSpace(c.target)+`"`)
		}
		// Without the CSRF token the form is refused before anything runs.
		if status, _, _ := br.PostForm(t, "/follows", map[string]string{"target": "safety@" + n.Domain()}, false); status != http.StatusForbidden {
			t.Errorf("follow without the CSRF token: %d, want 403", status)
		}
		if status, _, _ := br.PostForm(t, "/follows/x/delete", nil, false); status != http.StatusForbidden {
			t.Errorf("unfollow without the CSRF token: %d, want 403", status)
		}
		if list := following(t, n, cat); len(list) != 0 {
			t.Fatalf("refused follows stored %d follows", len(list))
		}

		// A local space, followed from its page: accepted at once.
		_, body = br.Get(t, "/spaces/safety")
		mustContain(t, "the local space's page", body, `action="/follows"`, `name="target" value="safety@`+n.Domain()+`"`,
			`name="next" value="/spaces/safety"`)
		status, _, hdr := br.PostForm(t, "/follows", map[string]string{"target": "safety@" + n.Domain(), "next": "/spaces/safety"}, true)
		if status != http.StatusSeeOther || hdr.Get("Location") != "/spaces/safety?flash=flash.followed" {
			t.Fatalf("follow a local space: %d %q", status, hdr.Get("Location"))
		}
		status, body = br.Get(t, hdr.Get("Location"))
		checkHTML(t, "followed local space", status, body, 200)
		mustContain(t, "the followed local space's page", body, "You follow it now.", "You follow this.", "Unfollow")
		_, body = br.Get(t, "/follows")
		mustContain(t, "the follows page", body, "Safety by design", `href="/spaces/safety"`, ">Accepted<", "Space")

		// Following twice keeps one follow; a next off this site goes home.
		status, _, hdr = br.PostForm(t, "/follows", map[string]string{"target": "safety@" + n.Domain(), "next": "//evil.example/"}, true)
		if status != http.StatusSeeOther || strings.Contains(hdr.Get("Location"), "evil") {
			t.Fatalf("follow again: %d %q", status, hdr.Get("Location"))
		}
		if list := following(t, n, cat); len(list) != 1 {
			t.Fatalf("follows after following twice: %d", len(list))
		}

		// Another member cannot end Cat's follow.
		n.User(t, "dan", model.RoleMember)
		dan := n.NewBrowser()
		dan.SignIn(t, "dan")
		id := following(t, n, cat)[0].ID
		if status, _, _ := dan.PostForm(t, "/follows/"+id+"/delete", nil, true); status != http.StatusNotFound {
			t.Errorf("someone else's unfollow: %d, want 404", status)
		}
		// Cat unfollows from the space's page and lands back on it.
		status, _, hdr = br.PostForm(t, "/follows/"+id+"/delete", map[string]string{"next": "/spaces/safety"}, true)
		if status != http.StatusSeeOther || hdr.Get("Location") != "/spaces/safety?flash=flash.unfollowed" {
			t.Fatalf("unfollow from the space page: %d %q", status, hdr.Get("Location"))
		}
		if list := following(t, n, cat); len(list) != 0 {
			t.Fatalf("follows after unfollowing: %d", len(list))
		}
	})
}
