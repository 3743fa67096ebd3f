package browser_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/browser"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// TestChallengeFlow follows the story through the real pages in
// Chromium: sign in, post a challenge, another member replies and
// endorses, the board ranks it first, search finds it, and once signed
// out the alliance space is gone from view.
//
// It runs on SQLite only: what the store does is tested on both dialects
// elsewhere; here the subject is the pages in a browser.
func TestChallengeFlow(t *testing.T) {
	t.Parallel()
	browser.Need(t)
	n := testkit.NewNode(t, store.SQLite)
	ctx := context.Background()
	n.User(t, "ada", model.RoleMember)
	ben := n.User(t, "ben", model.RoleMember)

	policy, err := n.Disc.CreateSpace(ctx, nil, discussion.NewSpace{Name: "policy", Title: "Policy and regulation",
		Description: "Laws, regulators and what platforms must do."})
	if err != nil {
		t.Fatal(err)
	}
	// Alliance-only content carries a word found nowhere else, so that
	// its absence can be checked on any page.
	const secret = "zephyrine"
	vault, err := n.Disc.CreateSpace(ctx, nil, discussion.NewSpace{Name: "vault", Title: "Alliance vault " + secret,
		Description: "Work shared between alliance members only.", Visibility: model.VisibilityAlliance})
	if err != nil {
		t.Fatal(err)
	}
	hidden, err := n.Disc.CreateThread(ctx, ben, vault, discussion.NewThread{Title: "Joint " + secret + " referral plan",
		Body: "A plan to share " + secret + " referrals between hotlines.", Kind: model.KindChallenge, Category: "enforcement"})
	if err != nil {
		t.Fatal(err)
	}
	older, err := n.Disc.CreateThread(ctx, ben, policy, discussion.NewThread{Title: "Takedown requests stall for weeks",
		Body: "Reports wait in queues while the material spreads.", Kind: model.KindChallenge, Category: "enforcement"})
	if err != nil {
		t.Fatal(err)
	}

	b := browser.New(t, n.URL)
	const (
		title    = "Interoperable hash lists are missing"
		body     = "Each platform keeps its own list of known material, so a match on one never reaches the others."
		reply    = "We see the same gap; a shared format would help every hotline."
		category = "technology"
	)
	var id string // the new challenge
	step := func(name string, fn func(t *testing.T)) {
		if !t.Run(name, fn) {
			t.FailNow()
		}
	}

	step("sign in", func(t *testing.T) {
		signIn(t, b, "ada", "")
		if got := b.Path(t); got != "/" {
			t.Fatalf("after sign-in the browser is at %s, want /", got)
		}
	})

	step("post a challenge", func(t *testing.T) {
		// Two spaces may hold it, so the home page's link asks which first.
		if code := b.Follow(t, `main a[href="/challenges/new"]`); code != http.StatusOK {
			t.Fatalf("Post a challenge: %d", code)
		}
		b.Fill(t, "Space", "policy")
		if code := b.Press(t, "main", "Continue"); code != http.StatusOK {
			t.Fatalf("choose space: %d", code)
		}
		if !browser.Eval[bool](t, b, `document.getElementById("kind-challenge").checked`) {
			t.Error("the challenge form does not have Challenge chosen")
		}
		b.Fill(t, "Title", title)
		b.Fill(t, "Text", body)
		b.Fill(t, "Category", category)
		if code := b.Press(t, "main", "Post the challenge"); code != http.StatusOK {
			t.Fatalf("post the challenge: %d", code)
		}
		path := b.Path(t)
		id, _ = strings.CutPrefix(path, "/threads/")
		if id == path || id == "" || strings.ContainsAny(id, "/?#") {
			t.Fatalf("after posting the browser is at %s, want /threads/ID", path)
		}
		if got := b.Text(t, "#thread-title"); got != title {
			t.Errorf("thread heading %q, want %q", got, title)
		}
		badges := b.Texts(t, "article.thread .badges .badge")
		for _, want := range []string{"Challenge", "Technology", "Open"} {
			if !slices.Contains(badges, want) {
				t.Errorf("thread badges %q lack %q", badges, want)
			}
		}
		if got := b.Text(t, "#challenge-status .badge.status"); got != "Open" {
			t.Errorf("status badge %q, want Open", got)
		}
		if got := b.Text(t, "article.thread .body"); got != body {
			t.Errorf("thread body %q", got)
		}
		signOut(t, b, "ada")
	})

	// A challenge made after the new one, with no endorsement: sorted by
	// endorsements it comes after the new one, by recency before it.
	newer, err := n.Disc.CreateThread(ctx, ben, policy, discussion.NewThread{Title: "Age checks are easy to get around",
		Body: "Self-declared ages stop nobody.", Kind: model.KindChallenge, Category: "prevention"})
	if err != nil {
		t.Fatal(err)
	}

	step("another member replies and endorses", func(t *testing.T) {
		signIn(t, b, "ben", "/threads/"+id)
		if got := b.Path(t); got != "/threads/"+id {
			t.Fatalf("sign-in with next led to %s", got)
		}
		b.Fill(t, "Reply", reply)
		if code := b.Press(t, "#reply", "Post reply"); code != http.StatusOK {
			t.Fatalf("post reply: %d", code)
		}
		if got := b.Path(t); !strings.HasPrefix(got, "/threads/"+id+"#post-") {
			t.Errorf("after replying the browser is at %s, want the new reply", got)
		}
		posts := b.Texts(t, "ol.replies article.post")
		if len(posts) != 1 || !strings.Contains(posts[0], reply) || !strings.Contains(posts[0], "ben") {
			t.Errorf("replies shown: %q", posts)
		}
		if code := b.Press(t, "#endorsements", "Endorse"); code != http.StatusOK {
			t.Fatalf("endorse: %d", code)
		}
		if got := b.Text(t, "#endorsements .count"); !strings.Contains(got, "Endorsements: 1") || !strings.Contains(got, "you endorse this") {
			t.Errorf("endorsement count %q", got)
		}
		if got := b.Attrs(t, "#endorsements form", "action"); len(got) != 1 || got[0] != "/threads/"+id+"/unendorse" {
			t.Errorf("after endorsing, the form is %q, want one to withdraw", got)
		}
		shot := b.Screenshot(t, t.TempDir(), "challenge.png")
		t.Logf("screenshot of the endorsed challenge: %s", shot)
	})

	step("the board shows it first", func(t *testing.T) {
		if code := b.Follow(t, `nav a[href="/challenges"]`); code != http.StatusOK {
			t.Fatalf("challenge board: %d", code)
		}
		b.Fill(t, "Sort by", "endorsements")
		if code := b.Press(t, "main form.filters", "Show challenges"); code != http.StatusOK {
			t.Fatalf("sort by endorsements: %d", code)
		}
		if got := b.Path(t); !strings.Contains(got, "sort=endorsements") {
			t.Errorf("the filter form led to %s", got)
		}
		items := boardItems(t, b)
		if len(items) < 3 || items[0].href != "/threads/"+id || items[0].title != title {
			t.Fatalf("board by endorsements: %+v; want %q first", items, title)
		}
		if !strings.Contains(items[0].meta, "Endorsements: 1") || !strings.Contains(items[0].meta, "Replies: 1") {
			t.Errorf("first item's counts: %q", items[0].meta)
		}
		at := slices.IndexFunc(items, func(it item) bool { return it.href == "/threads/"+older.ID })
		if at < 1 || !strings.Contains(items[at].meta, "Endorsements: 0") {
			t.Errorf("the older challenge is not below with 0 endorsements: %+v", items)
		}
		// By recency the newest, unendorsed challenge leads instead.
		b.Fill(t, "Sort by", "recent")
		if code := b.Press(t, "main form.filters", "Show challenges"); code != http.StatusOK {
			t.Fatalf("sort by recency: %d", code)
		}
		if items := boardItems(t, b); len(items) == 0 || items[0].href != "/threads/"+newer.ID {
			t.Errorf("board by recency: %+v; want %q first", items, newer.Title)
		}
	})

	step("search finds it", func(t *testing.T) {
		if code := b.Follow(t, `nav a[href="/search"]`); code != http.StatusOK {
			t.Fatalf("search page: %d", code)
		}
		b.Fill(t, "Search threads and replies", "interoperable")
		if code := b.Press(t, "main form.searchform", "Search"); code != http.StatusOK {
			t.Fatalf("search: %d", code)
		}
		links := b.Attrs(t, "ol.results a.item-link", "href")
		texts := b.Texts(t, "ol.results a.item-link")
		if len(links) != 1 || links[0] != "/threads/"+id || texts[0] != title {
			t.Fatalf("search results %q %q; want one link to the challenge", texts, links)
		}
		if code := b.Follow(t, "ol.results a.item-link"); code != http.StatusOK || b.Text(t, "#thread-title") != title {
			t.Errorf("the result leads to %s (%d)", b.Path(t), code)
		}
	})

	step("the alliance space is visible to a member", func(t *testing.T) {
		b.Open(t, "/spaces")
		if !slices.Contains(b.Attrs(t, "ul.spaces a.item-link", "href"), "/spaces/vault") {
			t.Fatal("the alliance space is not listed for a signed-in member")
		}
		if code := b.Follow(t, `ul.spaces a[href="/spaces/vault"]`); code != http.StatusOK {
			t.Fatalf("alliance space: %d", code)
		}
		if got := b.Text(t, "main .badge.alliance"); got != "Alliance only" {
			t.Errorf("alliance badge %q", got)
		}
		if code := b.Follow(t, `main ul.threads a[href="/threads/`+hidden.ID+`"]`); code != http.StatusOK || b.Text(t, "#thread-title") != hidden.Title {
			t.Fatalf("alliance thread: %d %q", code, b.Text(t, "#thread-title"))
		}
		b.Open(t, "/challenges")
		if !slices.ContainsFunc(boardItems(t, b), func(it item) bool { return it.href == "/threads/"+hidden.ID }) {
			t.Error("the alliance challenge is not on the board for a member")
		}
		b.Open(t, "/search?q="+secret)
		if !slices.Contains(b.Attrs(t, "ol.results a.item-link", "href"), "/threads/"+hidden.ID) {
			t.Error("search does not find the alliance thread for a member")
		}
	})

	step("signed out, the alliance space is gone", func(t *testing.T) {
		signOut(t, b, "ben")
		for _, path := range []string{"/", "/spaces", "/challenges", "/challenges?sort=recent&category=enforcement"} {
			if code := b.Open(t, path); code != http.StatusOK {
				t.Errorf("%s: %d", path, code)
			}
			if strings.Contains(strings.ToLower(b.Text(t, "main")), secret) {
				t.Errorf("%s still shows alliance content", path)
			}
			if got := b.Attrs(t, `main a[href="/spaces/vault"], main a[href="/threads/`+hidden.ID+`"]`, "href"); len(got) > 0 {
				t.Errorf("%s still links to alliance content: %q", path, got)
			}
		}
		// The search page repeats the query, so look at its results.
		if code := b.Open(t, "/search?q="+secret); code != http.StatusOK {
			t.Errorf("search: %d", code)
		}
		if got := b.Texts(t, "ol.results li"); len(got) != 0 {
			t.Errorf("search for %q shows %q to a visitor", secret, got)
		}
		if got := b.Text(t, "main"); !strings.Contains(got, "Nothing found.") {
			t.Errorf("search page for a visitor: %q", got)
		}
		for _, path := range []string{"/threads/" + hidden.ID, "/spaces/vault"} {
			if code := b.Open(t, path); code != http.StatusNotFound {
				t.Errorf("%s for a visitor: %d, want 404", path, code)
			}
			if got := b.Text(t, "main h1"); got != "Something is wrong" || strings.Contains(strings.ToLower(b.Text(t, "main")), secret) {
				t.Errorf("%s: not the not-found page: %q / %q", path, got, b.Text(t, "main"))
			}
		}
	})

	step("nothing from another host", func(t *testing.T) {
		if f := b.Foreign(); len(f) > 0 {
			t.Errorf("pages loaded or referenced other hosts: %q", f)
		}
		if !slices.ContainsFunc(b.Requests(), func(u string) bool { return strings.HasSuffix(u, "/static/portal.css") }) {
			t.Error("the stylesheet was never requested; are requests recorded?")
		}
		docs := b.Documents()
		if len(docs) < 15 {
			t.Errorf("only %d pages recorded", len(docs))
		}
		for _, d := range docs {
			if !strings.Contains(d.CSP, "default-src 'self'") {
				t.Errorf("%s (%d): Content-Security-Policy %q", d.URL, d.Status, d.CSP)
			}
		}
	})
}

// signIn fills the sign-in form (reached with ?next= when next is set).
func signIn(t *testing.T, b *browser.Browser, username, next string) {
	t.Helper()
	path := "/signin"
	if next != "" {
		path += "?next=" + next
	}
	if code := b.Open(t, path); code != http.StatusOK {
		t.Fatalf("sign-in page: %d", code)
	}
	b.Fill(t, "Username", username)
	b.Fill(t, "Password", testkit.Password)
	if code := b.Press(t, "main", "Sign in"); code != http.StatusOK {
		t.Fatalf("sign in as %s: %d", username, code)
	}
	if got := b.Text(t, `form[action="/signout"] button`); got != "Sign out ("+username+")" {
		t.Fatalf("after signing in as %s the header shows %q", username, got)
	}
}

// signOut presses the header's sign-out button.
func signOut(t *testing.T, b *browser.Browser, username string) {
	t.Helper()
	if code := b.Press(t, "header", "Sign out ("+username+")"); code != http.StatusOK {
		t.Fatalf("sign out: %d", code)
	}
	if got := b.Text(t, `main [role="status"]`); got != "You are signed out." {
		t.Errorf("after signing out: %q", got)
	}
	if b.Text(t, `form[action="/signout"]`) != "" || b.Text(t, `nav a[href="/signin"]`) == "" {
		t.Error("the header still shows a signed-in member")
	}
}

// item is one entry of a thread list.
type item struct{ title, href, meta string }

// boardItems reads the thread list of the page, in order.
func boardItems(t *testing.T, b *browser.Browser) []item {
	t.Helper()
	rows := browser.Eval[[][3]string](t, b, `Array.from(document.querySelectorAll("main ul.threads > li")).map(li => [
		li.querySelector("a.item-link").innerText.trim(), li.querySelector("a.item-link").getAttribute("href"),
		li.querySelector(".meta").innerText.trim()])`)
	out := make([]item, len(rows))
	for i, r := range rows {
		out[i] = item{r[0], r[1], r[2]}
	}
	return out
}
