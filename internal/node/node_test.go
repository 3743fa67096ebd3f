package node_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

func TestHomeAndHealth(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		n := testkit.NewNode(t, d)
		b := n.NewBrowser()
		if code, body := b.Get(t, "/healthz"); code != 200 || body != "ok\n" {
			t.Fatalf("healthz: %d %q", code, body)
		}
		code, body := b.Get(t, "/")
		if code != 200 || !strings.Contains(body, "What is stopping us making faster progress to protect children") {
			t.Fatalf("home: %d %.200s", code, body)
		}
		for _, want := range []string{`<main id="main"`, `<html lang="en">`, `href="/signin"`, `/static/portal.css`} {
			if !strings.Contains(body, want) {
				t.Errorf("home lacks %s", want)
			}
		}
		resp, err := http.Get(n.URL + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if csp := resp.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("CSP %q", csp)
		}
		if resp.Header.Get("X-Request-Id") == "" {
			t.Error("no request id")
		}
	})
}

// A request in flight when the node is told to stop finishes; then the
// node stops taking connections and closes its database.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	testkit.EachDialect(t, func(t *testing.T, d store.Dialect) {
		n := testkit.NewNode(t, d)
		u := n.User(t, "ann", model.RoleMember)
		tok := n.Token(t, u)
		if _, err := n.Disc.CreateSpace(context.Background(), nil, spaceInput("general")); err != nil {
			t.Fatal(err)
		}
		addr := strings.TrimPrefix(n.URL, "http://")
		conn, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		body := `{"title":"Started before the stop","body":"and finished after it","kind":"discussion"}`
		// Expect: 100-continue makes the server say when the handler starts
		// reading the body: from then on the request is surely in flight.
		fmt.Fprintf(conn, "POST /api/v1/spaces/general/threads HTTP/1.1\r\nHost: %s\r\nAuthorization: Bearer %s\r\n"+
			"Content-Type: application/json\r\nContent-Length: %d\r\nExpect: 100-continue\r\n\r\n", addr, tok, len(body))
		br := bufio.NewReader(conn)
		interim, err := http.ReadResponse(br, nil)
		if err != nil || interim.StatusCode != http.StatusContinue {
			t.Fatalf("want 100 Continue: %v %v", interim, err)
		}

		stopped := make(chan error, 1)
		go func() {
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			stopped <- n.Stop(ctx)
		}()
		// Wait until the listener is closed: shutdown has begun.
		for {
			c, err := net.Dial("tcp", addr)
			if err != nil {
				break
			}
			c.Close()
			time.Sleep(10 * time.Millisecond)
		}
		select {
		case err := <-stopped:
			t.Fatalf("Stop returned (%v) while a request was in flight", err)
		default:
		}
		fmt.Fprint(conn, body)
		resp, err := http.ReadResponse(br, nil)
		if err != nil {
			t.Fatalf("in-flight request cut off: %v", err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusCreated {
			t.Fatalf("in-flight request answered %d", resp.StatusCode)
		}
		if err := <-stopped; err != nil {
			t.Fatalf("stop: %v", err)
		}
		if err := n.DB.SQL().Ping(); err == nil {
			t.Fatal("database still open after Stop")
		}
	})
}
