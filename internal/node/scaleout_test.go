package node_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// Two serve processes on one PostgreSQL database behind one domain (as
// behind a load balancer): what one accepts, the other serves; a browser
// signed in on one is signed in on the other; sign-in limits count across
// both.
func TestTwoProcessesShareOneDatabase(t *testing.T) {
	t.Parallel()
	first := testkit.NewNode(t, store.Postgres)
	second := testkit.NewNodeOn(t, testkit.Listen(t), store.Postgres, testkit.With(func(c *config.Config) {
		c.Database, c.Domain = first.Config.Database, first.Config.Domain
	}))
	ctx := context.Background()
	if _, err := first.Disc.CreateSpace(ctx, nil, discussion.NewSpace{Name: "general", Title: "General"}); err != nil {
		t.Fatal(err)
	}
	ann := first.User(t, "ann", model.RoleMember)
	tok := first.Token(t, ann)
	var th struct{ ID string }
	first.NewAPI(tok).JSON(t, "POST", "/api/v1/spaces/general/threads", map[string]any{"title": "Written on one", "body": "x"}, 201, &th)
	var got struct{ Title string }
	second.NewAPI(tok).JSON(t, "GET", "/api/v1/threads/"+th.ID, nil, 200, &got)
	if got.Title != "Written on one" {
		t.Fatalf("the second process reads %q", got.Title)
	}

	b := first.NewBrowser()
	b.SignIn(t, "ann")
	b.Base = second.URL
	b.Jar.SetCookies(mustURL(t, second.URL), b.Jar.Cookies(mustURL(t, first.URL)))
	if code, body := b.Get(t, "/settings"); code != http.StatusOK || !strings.Contains(body, "ann") {
		t.Fatalf("the session does not hold on the second process: %d", code)
	}

	// Ten failures on the first process lock the account on the second.
	first.User(t, "bob", model.RoleMember)
	for range 10 {
		first.NewBrowser().PostForm(t, "/signin", map[string]string{"username": "bob", "password": "wrong wrong"}, true)
	}
	if code, _, _ := second.NewBrowser().PostForm(t, "/signin", map[string]string{"username": "bob", "password": testkit.Password}, true); code != http.StatusTooManyRequests {
		t.Fatalf("sign-in limit on the second process: %d, want 429", code)
	}
}
