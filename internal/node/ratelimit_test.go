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

// Behind a trusted reverse proxy each forwarded client has its own
// anonymous bucket; a client that is not a trusted proxy cannot choose
// its address with the header.
func TestAPIRateLimitBehindAProxy(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		t.Parallel()
		for _, trusted := range []bool{true, false} {
			n := testkit.NewNode(t, d, testkit.With(func(c *config.Config) {
				c.APIRateLimit = 2
				if trusted {
					c.TrustedProxies = []string{"127.0.0.1/32", "::1"}
				}
			}))
			call := func(client string) int {
				req, _ := http.NewRequest("GET", n.URL+"/api/v1/spaces", nil)
				req.Header.Set("X-Forwarded-For", client)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				return resp.StatusCode
			}
			codes := []int{call("198.51.100.1"), call("198.51.100.1"), call("198.51.100.1"), call("198.51.100.2")}
			want := []int{200, 200, 429, 200}
			if !trusted {
				want = []int{200, 200, 429, 429} // one address, whatever the header says
			}
			for i := range want {
				if codes[i] != want[i] {
					t.Errorf("trusted proxy %v: calls answered %v, want %v", trusted, codes, want)
					break
				}
			}
		}
	})
}
