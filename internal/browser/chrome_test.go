package browser_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/protectors-portal/portal/internal/browser"
)

// TestForeignSeesOtherHosts checks the helper behind the flow test's
// "nothing from another host": a page that pulls a script, a stylesheet
// and an image from elsewhere must be reported, its own files must not.
// The other host is 127.0.0.2:1, which refuses at once.
func TestForeignSeesOtherHosts(t *testing.T) {
	t.Parallel()
	const other = "http://127.0.0.2:1"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, `<!doctype html><html><head><title>t</title>
<link rel="stylesheet" href="/own.css"><link rel="stylesheet" href="%[1]s/x.css">
<script src="%[1]s/x.js"></script></head>
<body><main><p>hello</p><img alt="" src="/own.png" srcset="/own.png 1x, %[1]s/big.png 2x"></main></body></html>`, other)
		case "/own.css":
			w.Header().Set("Content-Type", "text/css")
			fmt.Fprint(w, "p { color: #123456 }")
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)

	b := browser.New(t, srv.URL)
	if code := b.Open(t, "/"); code != http.StatusOK {
		t.Fatalf("open: %d", code)
	}
	got := b.Foreign()
	for _, want := range []string{other + "/x.css", other + "/x.js", other + "/big.png"} {
		if !slices.Contains(got, want) {
			t.Errorf("Foreign() = %q, lacks %s", got, want)
		}
	}
	for _, u := range got {
		if u == srv.URL+"/own.css" || u == srv.URL+"/own.png" || u == srv.URL+"/" {
			t.Errorf("Foreign() reports the site's own %s", u)
		}
	}
	if docs := b.Documents(); len(docs) != 1 || docs[0].Status != http.StatusOK || docs[0].CSP != "" {
		t.Errorf("documents: %+v", docs)
	}
}
