package transport

import (
	"context"
	"crypto/rsa"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/protectors-portal/portal/federation/httpsig"
)

var testKey = sync.OnceValues(httpsig.GenerateKey)

const (
	keyID   = "https://a.example/actor#main-key"
	actorID = "https://a.example/actor"
)

func testSigningKey(t *testing.T) httpsig.Key {
	t.Helper()
	k, err := testKey()
	if err != nil {
		t.Fatal(err)
	}
	return httpsig.Key{ID: keyID, Private: k}
}

// verifying wraps h so that it answers 401 unless the request carries a
// valid signature by the test key.
func verifying(t *testing.T, h http.HandlerFunc) http.HandlerFunc {
	key := testSigningKey(t)
	return func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		lookup := func(_ context.Context, id string, _ bool) (*rsa.PublicKey, string, error) {
			if id != keyID {
				return nil, "", fmt.Errorf("unknown key %q", id)
			}
			return &key.Private.PublicKey, actorID, nil
		}
		if _, owner, err := httpsig.Verify(r, body, time.Now(), lookup); err != nil || owner != actorID {
			http.Error(w, fmt.Sprint(err), http.StatusUnauthorized)
			return
		}
		r.Body = io.NopCloser(strings.NewReader(string(body)))
		h(w, r)
	}
}

func serve(t *testing.T, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

// loopbackOnly is a client that may reach 127.0.0.1 (where the test servers
// listen) and public addresses, and nothing else — so that a redirect to
// another loopback or private address shows the production check at work.
func loopbackOnly(cfg Config) *Client {
	return newClient(cfg, func(a netip.Addr) bool {
		return a == netip.MustParseAddr("127.0.0.1") || isPublic(a)
	})
}

func TestRefusesLoopback(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	c := New(Config{})
	for _, url := range []string{srv.URL + "/actor", strings.Replace(srv.URL, "127.0.0.1", "[::ffff:127.0.0.1]", 1)} {
		resp, err := c.Get(t.Context(), url, "", nil)
		if !errors.Is(err, ErrForbiddenAddress) || resp != nil {
			t.Fatalf("%s: got %v, %v", url, resp, err)
		}
		if !strings.Contains(err.Error(), "127.0.0.1") {
			t.Errorf("error does not name the address: %v", err)
		}
		if !IsPermanent(err) {
			t.Errorf("IsPermanent(%v) = false", err)
		}
	}
	_, err := c.Post(t.Context(), srv.URL+"/inbox", []byte("{}"), testSigningKey(t))
	if !errors.Is(err, ErrForbiddenAddress) {
		t.Fatalf("post: %v", err)
	}
	if n := hits.Load(); n != 0 {
		t.Errorf("server reached %d times", n)
	}
}

func TestAllowPrivate(t *testing.T) {
	t.Parallel()
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/activity+json")
		fmt.Fprintf(w, "%s|%s", r.Header.Get("Accept"), r.Header.Get("User-Agent"))
	})
	c := New(Config{AllowPrivate: true, UserAgent: "Portal/test (+http://a.example)"})
	resp, err := c.Get(t.Context(), srv.URL+"/actor", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := DefaultAccept + "|Portal/test (+http://a.example)"
	if resp.StatusCode != 200 || string(resp.Body) != want || resp.FinalURL != srv.URL+"/actor" ||
		resp.Header.Get("Content-Type") != "application/activity+json" {
		t.Fatalf("got %d %q %q", resp.StatusCode, resp.Body, resp.FinalURL)
	}
	resp, err = c.Get(t.Context(), srv.URL, "application/jrd+json", nil)
	if err != nil || !strings.HasPrefix(string(resp.Body), "application/jrd+json|") {
		t.Fatalf("custom accept: %v %q", err, resp.Body)
	}
}

func TestBadURL(t *testing.T) {
	t.Parallel()
	c := New(Config{AllowPrivate: true})
	for _, u := range []string{"ftp://a.example/x", "/relative", "https://", "http://a b/", "file:///etc/passwd"} {
		if _, err := c.Get(t.Context(), u, "", nil); !errors.Is(err, ErrBadURL) || !IsPermanent(err) {
			t.Errorf("%q: %v", u, err)
		}
	}
}

func TestRedirects(t *testing.T) {
	t.Parallel()
	var srv *httptest.Server
	srv = serve(t, func(w http.ResponseWriter, r *http.Request) {
		switch {
		case strings.HasPrefix(r.URL.Path, "/hop/"):
			n, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
			if n == 0 {
				io.WriteString(w, "landed")
				return
			}
			http.Redirect(w, r, "/hop/"+strconv.Itoa(n-1), http.StatusFound)
		case r.URL.Path == "/to-loopback":
			// Another loopback address: refused at dial time, so nothing
			// needs to listen there.
			_, port, _ := net.SplitHostPort(r.Host)
			http.Redirect(w, r, "http://127.0.0.2:"+port+"/x", http.StatusFound)
		case r.URL.Path == "/to-ftp":
			http.Redirect(w, r, "ftp://a.example/x", http.StatusFound)
		}
	})
	c := loopbackOnly(Config{Timeout: 5 * time.Second})

	resp, err := c.Get(t.Context(), srv.URL+"/hop/3", "", nil)
	if err != nil || string(resp.Body) != "landed" || resp.FinalURL != srv.URL+"/hop/0" {
		t.Fatalf("three redirects: %v %+v", err, resp)
	}
	if _, err := c.Get(t.Context(), srv.URL+"/hop/4", "", nil); !errors.Is(err, ErrTooManyRedirects) {
		t.Errorf("four redirects: %v", err)
	}
	// Only loopback targets here: tests never send traffic to other
	// addresses, even when the check under test is broken. The classifier
	// test covers the private ranges without touching the network.
	for _, path := range []string{"/to-loopback"} {
		if _, err := c.Get(t.Context(), srv.URL+path, "", nil); !errors.Is(err, ErrForbiddenAddress) {
			t.Errorf("%s: %v", path, err)
		}
	}
	if _, err := c.Get(t.Context(), srv.URL+"/to-ftp", "", nil); !errors.Is(err, ErrBadRedirect) {
		t.Errorf("to ftp: %v", err)
	}
}

func TestRedirectDowngradeRefused(t *testing.T) {
	t.Parallel()
	var hits atomic.Int32
	plain := serve(t, func(w http.ResponseWriter, r *http.Request) { hits.Add(1) })
	tlsSrv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+"/x", http.StatusFound)
	}))
	t.Cleanup(tlsSrv.Close)
	c := New(Config{AllowPrivate: true})
	c.tr.TLSClientConfig = tlsSrv.Client().Transport.(*http.Transport).TLSClientConfig.Clone()
	if _, err := c.Get(t.Context(), tlsSrv.URL+"/actor", "", nil); !errors.Is(err, ErrBadRedirect) {
		t.Fatalf("https to http: %v", err)
	}
	if hits.Load() != 0 {
		t.Error("plain http server was reached")
	}
}

func TestTooLarge(t *testing.T) {
	t.Parallel()
	const limit = 1024
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		size, _ := strconv.Atoi(r.URL.Query().Get("n"))
		if r.URL.Query().Has("stream") {
			// No Content-Length: the limit must hold while reading.
			for range size / 100 {
				w.Write([]byte(strings.Repeat("x", 100)))
				w.(http.Flusher).Flush()
			}
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(size))
		if r.URL.Query().Has("error") {
			w.WriteHeader(http.StatusInternalServerError)
		}
		w.Write([]byte(strings.Repeat("x", size)))
	})
	c := New(Config{AllowPrivate: true, MaxBody: limit})

	if resp, err := c.Get(t.Context(), srv.URL+"/?n=1024", "", nil); err != nil || len(resp.Body) != limit {
		t.Fatalf("at the limit: %v", err)
	}
	for _, q := range []string{"?n=1025", "?n=1048576", "?stream&n=1100", "?stream&n=2000000"} {
		resp, err := c.Get(t.Context(), srv.URL+"/"+q, "", nil)
		if !errors.Is(err, ErrTooLarge) || resp != nil {
			t.Errorf("%s: %v", q, err)
		}
	}
	// An error page over the limit is cut, not refused, so its status shows.
	resp, err := c.Get(t.Context(), srv.URL+"/?error&n=5000", "", nil)
	var se *StatusError
	if !errors.As(err, &se) || se.Code != 500 || resp == nil || len(resp.Body) != limit {
		t.Fatalf("big error page: %v %+v", err, resp)
	}
}

func TestTimeout(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	})
	t.Cleanup(func() { close(release) })
	c := New(Config{AllowPrivate: true, Timeout: 100 * time.Millisecond})
	_, err := c.Get(t.Context(), srv.URL, "", nil)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("want a timeout, got %v", err)
	}
	if IsPermanent(err) {
		t.Errorf("timeout counted as permanent")
	}

	// The caller's context is honoured as well.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := New(Config{AllowPrivate: true}).Get(ctx, srv.URL, "", nil); !errors.Is(err, context.Canceled) || IsPermanent(err) {
		t.Fatalf("cancelled: %v", err)
	}
}

func TestSignedGet(t *testing.T) {
	t.Parallel()
	var srv *httptest.Server
	srv = serve(t, verifying(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, srv.URL+"/members/bob?x=1", http.StatusMovedPermanently)
			return
		}
		io.WriteString(w, "ok "+r.URL.RequestURI())
	}))
	c := New(Config{AllowPrivate: true})
	key := testSigningKey(t)

	resp, err := c.Get(t.Context(), srv.URL+"/members/bob", "", &key)
	if err != nil || string(resp.Body) != "ok /members/bob" {
		t.Fatalf("signed get: %v %+v", err, resp)
	}
	// A redirected GET is signed again for its new target.
	resp, err = c.Get(t.Context(), srv.URL+"/moved", "", &key)
	if err != nil || string(resp.Body) != "ok /members/bob?x=1" || resp.FinalURL != srv.URL+"/members/bob?x=1" {
		t.Fatalf("redirected signed get: %v %+v", err, resp)
	}
	// Unsigned, the same server refuses.
	resp, err = c.Get(t.Context(), srv.URL+"/members/bob", "", nil)
	var se *StatusError
	if !errors.As(err, &se) || se.Code != http.StatusUnauthorized || resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("unsigned: %v", err)
	}
}

func TestSignedPost(t *testing.T) {
	t.Parallel()
	var srv *httptest.Server
	srv = serve(t, verifying(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/old-inbox":
			http.Redirect(w, r, srv.URL+"/inbox", http.StatusPermanentRedirect)
		case "/found":
			http.Redirect(w, r, srv.URL+"/inbox", http.StatusFound)
		default:
			if r.Method != http.MethodPost || r.Header.Get("Content-Type") != ContentType {
				http.Error(w, "bad request", http.StatusBadRequest)
				return
			}
			body, _ := io.ReadAll(r.Body)
			w.WriteHeader(http.StatusAccepted)
			w.Write(body)
		}
	}))
	c := New(Config{AllowPrivate: true})
	key := testSigningKey(t)
	activity := []byte(`{"type":"Follow"}`)

	for _, path := range []string{"/inbox", "/old-inbox"} {
		resp, err := c.Post(t.Context(), srv.URL+path, activity, key)
		if err != nil || resp.StatusCode != http.StatusAccepted || string(resp.Body) != string(activity) {
			t.Fatalf("%s: %v %+v", path, err, resp)
		}
	}
	// A 302 is not turned into a GET: the redirect comes back as an error.
	resp, err := c.Post(t.Context(), srv.URL+"/found", activity, key)
	var se *StatusError
	if !errors.As(err, &se) || se.Code != http.StatusFound || resp.FinalURL != srv.URL+"/found" || IsPermanent(err) {
		t.Fatalf("302: %v %+v", err, resp)
	}
}

func TestIsPermanent(t *testing.T) {
	t.Parallel()
	srv := serve(t, func(w http.ResponseWriter, r *http.Request) {
		code, _ := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/"))
		if ra := r.URL.Query().Get("retry"); ra != "" {
			w.Header().Set("Retry-After", ra)
		}
		w.WriteHeader(code)
	})
	c := New(Config{AllowPrivate: true})
	for code, want := range map[int]bool{
		400: true, 401: true, 403: true, 404: true, 410: true, 422: true,
		408: false, 429: false, 500: false, 502: false, 503: false, 504: false,
	} {
		resp, err := c.Get(t.Context(), srv.URL+"/"+strconv.Itoa(code), "", nil)
		var se *StatusError
		if !errors.As(err, &se) || se.Code != code || resp.StatusCode != code {
			t.Errorf("%d: %v", code, err)
			continue
		}
		if got := IsPermanent(err); got != want {
			t.Errorf("IsPermanent(%d) = %v, want %v", code, got, want)
		}
	}
	resp, err := c.Get(t.Context(), srv.URL+"/429?retry=120", "", nil)
	var se *StatusError
	if !errors.As(err, &se) || se.RetryAfter != 2*time.Minute || resp == nil {
		t.Errorf("Retry-After: %v", err)
	}
	if IsPermanent(nil) || IsPermanent(errors.New("connection reset")) || IsPermanent(fmt.Errorf("x: %w", ErrTooLarge)) {
		t.Error("plain errors counted as permanent")
	}
	if !IsPermanent(fmt.Errorf("deliver: %w", &StatusError{Code: 410})) {
		t.Error("wrapped 410 not permanent")
	}
}

func TestRetryAfter(t *testing.T) {
	t.Parallel()
	now := time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"":                              0,
		"0":                             0,
		"-5":                            0,
		"30":                            30 * time.Second,
		"soon":                          0,
		"Sat, 01 Mar 2025 12:05:00 GMT": 5 * time.Minute,
		"Sat, 01 Mar 2025 11:05:00 GMT": 0,
		"99999999999":                   30 * 24 * time.Hour,
	} {
		if got := retryAfter(v, now); got != want {
			t.Errorf("retryAfter(%q) = %s, want %s", v, got, want)
		}
	}
}
