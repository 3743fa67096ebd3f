package ui_test

import (
	"context"
	"encoding/xml"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// addRemote stores a space, a person and a thread from another server, as
// federation would, so that the pages show remote things too.
func addRemote(t *testing.T, w *world) (*model.Space, *model.Thread) {
	t.Helper()
	ctx := context.Background()
	now := model.Now()
	host := "far.example"
	person := &model.Actor{ID: model.NewID(), URI: "https://far.example/u/zoe", Kind: model.ActorPerson, Username: "zoe",
		Host: host, DisplayName: "Zoe Far", URL: "https://far.example/@zoe", CreatedAt: now, UpdatedAt: now}
	group := &model.Actor{ID: model.NewID(), URI: "https://far.example/c/research", Kind: model.ActorGroup, Username: "research",
		Host: host, DisplayName: "Research", URL: "https://far.example/c/research", CreatedAt: now, UpdatedAt: now}
	sp := &model.Space{ID: model.NewID(), ActorID: group.ID, Name: "research", Host: host, Title: "Remote research",
		DescriptionHTML: "<p>Findings from far away.</p>", Visibility: model.VisibilityPublic, CreatedAt: now}
	th := &model.Thread{ID: model.NewID(), SpaceID: sp.ID, URI: "https://far.example/post/1", URL: "https://far.example/post/1",
		AuthorID: person.ID, Kind: model.KindDiscussion, Title: "Survey of reporting tools", BodyHTML: "<p>A remote body.</p>",
		BodyText: "A remote body.", Visibility: model.VisibilityPublic, CreatedAt: now, LastActivityAt: now}
	err := w.s.db.InTx(ctx, func(tx *store.Store) error {
		for _, a := range []*model.Actor{person, group} {
			if err := tx.CreateActor(ctx, a); err != nil {
				return err
			}
		}
		if err := tx.CreateSpace(ctx, sp); err != nil {
			return err
		}
		return tx.CreateThread(ctx, th)
	})
	if err != nil {
		t.Fatal(err)
	}
	return sp, th
}

func TestPagesRender(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		_, remote := addRemote(t, w)
		anon := w.s.visitor()
		alice := w.s.signedIn(t, w.alice)
		admin := w.s.signedIn(t, w.admin)
		cases := []struct {
			name   string
			who    *browser
			path   string
			status int
			title  string // in <title>
			body   string // somewhere in the page
		}{
			{"home", anon, "/", 200, "Home", "faster progress"},
			{"spaces", anon, "/spaces", 200, "Spaces", "Policy and regulation"},
			{"space", anon, "/spaces/policy", 200, "Policy and regulation", "You must be signed in to start a discussion."},
			{"space signed in", alice, "/spaces/policy", 200, "Policy and regulation", "Start a discussion"},
			{"space by kind", anon, "/spaces/policy?kind=challenge", 200, "Policy and regulation", "Age assurance gaps"},
			{"remote space", alice, "/spaces/research@far.example", 200, "Remote research", "Survey of reporting tools"},
			{"unknown space", anon, "/spaces/nowhere", 404, "Something is wrong", "Not found."},
			{"new thread form", alice, "/spaces/policy/new", 200, "Start a discussion in Policy and regulation", `name="title"`},
			{"new challenge form", alice, "/spaces/policy/new?kind=challenge", 200, "Post a challenge in Policy", `name="category"`},
			{"challenge space choice", alice, "/challenges/new", 200, "Post a challenge", `name="space"`},
			{"challenge form via choice", alice, "/challenges/new?space=inner", 200, "Post a challenge in Inner circle", `action="/spaces/inner/threads"`},
			{"thread", anon, "/threads/" + w.thread.ID, 200, "Hash matching across borders", "<em>cross-border</em>"},
			{"thread signed in", alice, "/threads/" + w.thread.ID, 200, "Hash matching across borders", "in reply to Bob"},
			{"challenge", alice, "/threads/" + w.challenge.ID, 200, "Age assurance gaps", "Change status"},
			{"remote thread", anon, "/threads/" + remote.ID, 200, "Survey of reporting tools", "@zoe@far.example"},
			{"unknown thread", anon, "/threads/0000000000000000", 404, "Something is wrong", ""},
			{"malformed thread id", anon, "/threads/nope", 404, "Something is wrong", ""},
			{"post", anon, "/posts/" + w.replyToReply.ID, 200, "Reply by Alice in Hash matching", "#post-" + w.replyToReply.ID},
			{"thread edit", alice, "/threads/" + w.thread.ID + "/edit", 200, "Edit thread", "cross-border"},
			{"thread edit not author", admin, "/threads/" + w.thread.ID + "/edit", 403, "Something is wrong", ""},
			{"post edit", alice, "/posts/" + w.replyToReply.ID + "/edit", 200, "Edit reply", "Which ones?"},
			{"board", anon, "/challenges", 200, "Challenge board", "Age assurance gaps"},
			{"board filtered", anon, "/challenges?category=technology&status=open&sort=recent", 200, "Challenge board", "Age assurance gaps"},
			{"board filtered out", anon, "/challenges?category=prevention", 200, "Challenge board", "Nothing yet."},
			{"board bad filter", anon, "/challenges?status=sideways", 422, "Challenge board", "There is a problem"},
			{"search form", anon, "/search", 200, "Search", `role="search"`},
			{"search", anon, "/search?q=hash", 200, "Search: hash", "<mark>hash</mark>"},
			{"search replies", anon, "/search?q=legal", 200, "Search: legal", "Legal</mark> barriers"},
			{"articles", anon, "/articles", 200, "News", "The alliance meets in Geneva"},
			{"article", anon, "/articles/" + w.article.Slug, 200, "The alliance meets in Geneva", "<em>meeting</em>"},
			{"unknown article", anon, "/articles/nothing-here", 404, "Something is wrong", ""},
			{"article form", admin, "/articles/new", 200, "Publish an article", `name="tags"`},
			{"article form not admin", alice, "/articles/new", 403, "Something is wrong", ""},
			{"article edit", admin, "/articles/" + w.article.Slug + "/edit", 200, "Edit article", "events"},
			{"member", anon, "/members/alice", 200, "Alice", "Hash matching across borders"},
			{"unknown member", anon, "/members/nobody", 404, "Something is wrong", ""},
			{"organisation", anon, "/organisation", 200, "Child Safety Agency", "We protect children online."},
			{"notifications", w.s.signedIn(t, w.bob), "/notifications", 200, "Notifications", "replied in"},
			{"admin", admin, "/admin", 200, "Administration", "Open a space"},
			{"admin not admin", alice, "/admin", 403, "Something is wrong", ""},
		}
		for _, c := range cases {
			r := c.who.get(t, c.path)
			checkPage(t, c.name, r, c.status)
			if !strings.Contains(r.Title(), c.title) {
				t.Errorf("%s: title %q, want it to hold %q", c.name, r.Title(), c.title)
			}
			if !strings.Contains(r.Body, c.body) {
				t.Errorf("%s: the page lacks %q", c.name, c.body)
			}
		}
		// Pages for signed-in members send a visitor to sign in.
		for _, path := range []string{"/notifications", "/spaces/policy/new", "/challenges/new"} {
			r := anon.get(t, path)
			if r.Status != 303 || !strings.HasPrefix(r.Location, "/signin?next=") {
				t.Errorf("GET %s signed out: %d %q, want a redirect to sign in", path, r.Status, r.Location)
			}
		}
	})
}

func TestFeedsAndSitemap(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		w := newWorld(t, d)
		anon := w.s.visitor()
		space := anon.get(t, "/spaces/policy")
		feedLink := `<link rel="alternate" type="application/atom+xml" title="Policy and regulation: latest threads" href="` + w.s.urls.Base + `/spaces/policy/feed.atom">`
		if !strings.Contains(space.Body, feedLink) {
			t.Errorf("the space page does not link its feed as %s", feedLink)
		}
		thread := anon.get(t, "/threads/"+w.thread.ID)
		if !strings.Contains(thread.Body, `href="`+w.s.urls.Base+`/threads/`+w.thread.ID+`/feed.atom"`) {
			t.Error("the thread page does not link its feed")
		}
		type entry struct {
			ID      string `xml:"id"`
			Title   string `xml:"title"`
			Updated string `xml:"updated"`
			Author  struct {
				Name string `xml:"name"`
			} `xml:"author"`
			Link struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Content struct {
				Type string `xml:"type,attr"`
				Body string `xml:",chardata"`
			} `xml:"content"`
		}
		type feed struct {
			XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
			ID      string   `xml:"id"`
			Title   string   `xml:"title"`
			Updated string   `xml:"updated"`
			Entries []entry  `xml:"entry"`
		}
		cases := []struct {
			path    string
			title   string
			entries int
			content string
		}{
			{"/spaces/policy/feed.atom", "Policy and regulation", 2, "<em>cross-border</em>"},
			{"/threads/" + w.thread.ID + "/feed.atom", "Hash matching across borders", 3, "Legal barriers, mostly."},
		}
		for _, c := range cases {
			r := anon.get(t, c.path)
			if r.Status != 200 || r.Header.Get("Content-Type") != "application/atom+xml; charset=utf-8" {
				t.Fatalf("GET %s: %d %s", c.path, r.Status, r.Header.Get("Content-Type"))
			}
			if !strings.HasPrefix(r.Body, "<?xml") {
				t.Errorf("%s does not start with an XML declaration", c.path)
			}
			var f feed
			if err := xml.Unmarshal([]byte(r.Body), &f); err != nil {
				t.Fatalf("%s is not Atom: %v", c.path, err)
			}
			if f.Title != c.title || f.ID == "" || f.Updated == "" || len(f.Entries) != c.entries {
				t.Errorf("%s: title %q id %q updated %q, %d entries; want %q and %d entries", c.path, f.Title, f.ID, f.Updated, len(f.Entries), c.title, c.entries)
			}
			found := false
			for _, e := range f.Entries {
				if e.ID == "" || e.Title == "" || e.Updated == "" || e.Author.Name == "" || !strings.HasPrefix(e.Link.Href, "http") {
					t.Errorf("%s: incomplete entry %+v", c.path, e)
				}
				if e.Content.Type != "html" {
					t.Errorf("%s: content type %q, want html", c.path, e.Content.Type)
				}
				found = found || strings.Contains(e.Content.Body, c.content)
			}
			if !found {
				t.Errorf("%s: no entry holds %q", c.path, c.content)
			}
			// The HTML is escaped inside the XML, not embedded as markup.
			if strings.Contains(r.Body, "<p>") {
				t.Errorf("%s embeds raw HTML", c.path)
			}
		}
		sm := anon.get(t, "/sitemap.xml")
		if sm.Status != 200 || !strings.HasPrefix(sm.Header.Get("Content-Type"), "application/xml") {
			t.Fatalf("sitemap: %d %s", sm.Status, sm.Header.Get("Content-Type"))
		}
		var set struct {
			URLs []struct {
				Loc string `xml:"loc"`
			} `xml:"url"`
		}
		if err := xml.Unmarshal([]byte(sm.Body), &set); err != nil {
			t.Fatal(err)
		}
		locs := map[string]bool{}
		for _, u := range set.URLs {
			locs[u.Loc] = true
		}
		for _, want := range []string{"/", "/spaces/policy", "/threads/" + w.thread.ID, "/threads/" + w.challenge.ID, "/articles/" + w.article.Slug} {
			if !locs[w.s.urls.Base+want] {
				t.Errorf("the sitemap lacks %s", want)
			}
		}
		robots := anon.get(t, "/robots.txt")
		if robots.Status != 200 || !strings.Contains(robots.Body, "Sitemap: "+w.s.urls.Base+"/sitemap.xml") {
			t.Errorf("robots.txt: %d %q", robots.Status, robots.Body)
		}
	})
}
