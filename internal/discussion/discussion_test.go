package discussion_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/accounts"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

type env struct {
	db   *store.DB
	acc  *accounts.Service
	disc *discussion.Service
	sp   *model.Space
}

func newEnv(t *testing.T, d store.Dialect) *env {
	t.Helper()
	db := testkit.NewDB(t, d)
	urls := model.URLs{Base: "http://portal.test"}
	e := &env{db: db, acc: accounts.New(db, urls, testkit.Keys, testkit.Logger(t)),
		disc: discussion.New(db, urls, nil, testkit.Keys, testkit.Logger(t))}
	sp, err := e.disc.CreateSpace(context.Background(), nil, discussion.NewSpace{Name: "general", Title: "General"})
	if err != nil {
		t.Fatal(err)
	}
	e.sp = sp
	return e
}

func (e *env) user(t *testing.T, name string) *model.User {
	t.Helper()
	u, err := e.acc.CreateUser(context.Background(), accounts.NewUser{Username: name, Password: "long enough password", Role: model.RoleMember})
	if err != nil {
		t.Fatal(err)
	}
	return u
}

// Loading a thread costs the same number of queries for 5 replies by 5
// people as for 60 replies by 60 people: no query per reply or author.
func TestThreadQueriesDoNotGrowWithReplies(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		ctx := context.Background()
		viewer := e.user(t, "viewer")
		cost := func(replies int) int64 {
			author := e.user(t, fmt.Sprintf("author%d", replies))
			th, err := e.disc.CreateThread(ctx, author, e.sp, discussion.NewThread{Title: "t", Body: "b"})
			if err != nil {
				t.Fatal(err)
			}
			var last *model.Post
			for i := range replies {
				u := e.user(t, fmt.Sprintf("r%d_%d", replies, i))
				in := discussion.NewPost{Body: fmt.Sprintf("reply %d", i)}
				if last != nil && i%2 == 1 {
					in.InReplyTo = last.ID
				}
				if last, err = e.disc.Reply(ctx, u, th.ID, in); err != nil {
					t.Fatal(err)
				}
			}
			before := e.db.Queries()
			view, err := e.disc.Thread(ctx, viewer, th.ID)
			if err != nil || len(view.Posts) != replies {
				t.Fatalf("thread: %v, %d posts", err, len(view.Posts))
			}
			return e.db.Queries() - before
		}
		small, large := cost(5), cost(60)
		if small != large {
			t.Fatalf("a thread of 5 replies took %d queries, one of 60 took %d", small, large)
		}
	})
}

func TestEndorsementsAreOnePerActor(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		ctx := context.Background()
		ann, bob := e.user(t, "ann"), e.user(t, "bob")
		th, err := e.disc.CreateThread(ctx, ann, e.sp, discussion.NewThread{Title: "c", Body: "b", Kind: model.KindChallenge, Category: "prevention"})
		if err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if _, err := e.disc.Endorse(ctx, bob, th.ID); err != nil {
				t.Fatal(err)
			}
		}
		n, _ := e.disc.Endorse(ctx, ann, th.ID)
		if n != 2 {
			t.Fatalf("endorsements %d, want 2", n)
		}
		if n, _ = e.disc.Unendorse(ctx, bob, th.ID); n != 1 {
			t.Fatalf("after taking back: %d", n)
		}
		if n, _ = e.disc.Unendorse(ctx, bob, th.ID); n != 1 {
			t.Fatalf("taking back twice: %d", n)
		}
		notes, _ := e.disc.Notifications(ctx, ann)
		if len(notes) != 1 || notes[0].Kind != model.NotifyEndorsement {
			t.Fatalf("ann's notifications: %+v (one for bob's endorsement, none for her own)", notes)
		}
	})
}

func TestMentionsNotify(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		ctx := context.Background()
		ann, bob := e.user(t, "ann"), e.user(t, "bob")
		th, err := e.disc.CreateThread(ctx, ann, e.sp, discussion.NewThread{Title: "t", Body: "Hello @bob and @nobody and `@bob` in code"})
		if err != nil {
			t.Fatal(err)
		}
		if want := `<a href="http://portal.test/members/bob" class="mention"`; !contains(th.BodyHTML, want) {
			t.Fatalf("mention not linked: %s", th.BodyHTML)
		}
		notes, _ := e.disc.Notifications(ctx, bob)
		if len(notes) != 1 || notes[0].Kind != model.NotifyMention {
			t.Fatalf("bob's notifications: %+v", notes)
		}
		if n, _ := e.disc.UnreadCount(ctx, bob); n != 1 {
			t.Fatalf("unread %d", n)
		}
		e.disc.MarkNotificationsRead(ctx, bob)
		if n, _ := e.disc.UnreadCount(ctx, bob); n != 0 {
			t.Fatalf("unread after reading %d", n)
		}
	})
}

func TestSpaceListsPaginateByCursor(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		ctx := context.Background()
		ann := e.user(t, "ann")
		for i := range 45 {
			if _, err := e.disc.CreateThread(ctx, ann, e.sp, discussion.NewThread{Title: fmt.Sprintf("thread %02d", i), Body: "b"}); err != nil {
				t.Fatal(err)
			}
		}
		seen := map[string]bool{}
		cursor, pages := "", 0
		for {
			list, next, err := e.disc.SpaceThreads(ctx, nil, e.sp, discussion.ThreadQuery{Cursor: cursor})
			if err != nil {
				t.Fatal(err)
			}
			pages++
			for _, th := range list {
				if seen[th.ID] {
					t.Fatalf("thread %s on two pages", th.Title)
				}
				seen[th.ID] = true
			}
			if next == "" {
				break
			}
			cursor = next
		}
		if len(seen) != 45 || pages != 3 {
			t.Fatalf("%d threads over %d pages, want 45 over 3", len(seen), pages)
		}
	})
}

func TestSearchTakesAnyInput(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		e := newEnv(t, d)
		ctx := context.Background()
		ann := e.user(t, "ann")
		e.disc.CreateThread(ctx, ann, e.sp, discussion.NewThread{Title: "Federation with Mastodon", Body: "interop notes"})
		e.disc.CreateThread(ctx, ann, e.sp, discussion.NewThread{Title: "Federation between portals", Body: "hash sharing"})
		cases := []struct {
			q    string
			want int
		}{
			{"federation", 2},
			{"federation -mastodon", 1},
			{`"unterminated`, 0},
			{`"federation between"`, 1},
			{"feder", 2}, // prefixes match
			{"-mastodon", 0},
			{`'; DROP TABLE threads; --`, 0},
			{`NEAR(a b) OR * ^ " : ( )`, 0},
			{"", 0},
		}
		for _, c := range cases {
			hits, err := e.disc.Search(ctx, nil, c.q)
			if err != nil {
				t.Errorf("search %q: %v", c.q, err)
				continue
			}
			if len(hits) != c.want {
				t.Errorf("search %q: %d hits, want %d", c.q, len(hits), c.want)
			}
		}
	})
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
