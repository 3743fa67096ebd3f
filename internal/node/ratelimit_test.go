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

// The JSON API limits each account, and each address for anonymous
// callers, on its own; a refused call is a 429 that changes nothing, and
// the pages are not limited.
func TestAPIRateLimit(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		t.Parallel()
		n := testkit.NewNode(t, d, testkit.With(func(c *config.Config) { c.APIRateLimit = 3 }))
		if _, err := n.Disc.CreateSpace(context.Background(), nil, discussion.NewSpace{Name: "ops", Title: "Operations"}); err != nil {
			t.Fatal(err)
		}
		ann := n.NewAPI(n.Token(t, n.User(t, "ann", model.RoleMember)))
		bob := n.NewAPI(n.Token(t, n.User(t, "bob", model.RoleMember)))
		anon := n.NewAPI("")
		for range 2 {
			ann.JSON(t, "GET", "/api/v1/me", nil, 200, nil)
			anon.JSON(t, "GET", "/api/v1/spaces", nil, 200, nil)
		}
		ann.JSON(t, "POST", "/api/v1/spaces/ops/threads", map[string]any{"title": "Third call", "body": "x"}, 201, nil)
		code, body := ann.Do(t, "POST", "/api/v1/spaces/ops/threads", `{"title":"Fourth call","body":"x"}`)
		if code != http.StatusTooManyRequests || !strings.Contains(string(body), `"error"`) {
			t.Fatalf("the fourth call in a minute: %d %s", code, body)
		}
		req, _ := http.NewRequest("GET", n.URL+"/api/v1/me", nil)
		req.Header.Set("Authorization", "Bearer "+ann.Token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusTooManyRequests || resp.Header.Get("Retry-After") == "" {
			t.Errorf("limited call: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
		}
		var threads struct{ Items []struct{ Title string } }
		bob.JSON(t, "GET", "/api/v1/spaces/ops/threads", nil, 200, &threads)
		if len(threads.Items) != 1 || threads.Items[0].Title != "Third call" {
			t.Fatalf("another account is limited too, or the refused call stored something: %+v", threads.Items)
		}
		anon.JSON(t, "GET", "/api/v1/spaces", nil, 200, nil)
		if code, _ := anon.Do(t, "GET", "/api/v1/spaces", ""); code != http.StatusTooManyRequests {
			t.Errorf("the fourth anonymous call from one address: %d", code)
		}
		if code, _ := n.NewBrowser().Get(t, "/"); code != http.StatusOK {
			t.Errorf("the home page after the API limit: %d", code)
		}
	})
}
