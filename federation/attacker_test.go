package federation_test

// Helpers for the refusal tests: a hostile (or merely broken) remote
// server on loopback that serves its own actors and objects and signs what
// it sends, and checks that a node stored nothing.

import (
	"bytes"
	"context"
	"crypto"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/protectors-portal/portal/federation/activity"
	"github.com/protectors-portal/portal/federation/httpsig"
	"github.com/protectors-portal/portal/internal/testkit"
)

// Keys for the hostile servers' actors: real RSA-2048 keys, made once per
// test binary and handed out in turn, so that two actors made one after
// the other never share a key.
var (
	hostileKeysOnce sync.Once
	hostileKeys     []*rsa.PrivateKey
	hostileKeyNext  atomic.Uint32
)

func hostileKey() *rsa.PrivateKey {
	hostileKeysOnce.Do(func() {
		for range 3 {
			k, err := httpsig.GenerateKey()
			if err != nil {
				panic(err)
			}
			hostileKeys = append(hostileKeys, k)
		}
	})
	return hostileKeys[hostileKeyNext.Add(1)%uint32(len(hostileKeys))]
}

// hostile is a remote server on 127.0.0.1 that serves whatever documents
// a test gives it and records every request it gets.
type hostile struct {
	URL  string // http://127.0.0.1:port
	Host string // 127.0.0.1:port

	srv   *httptest.Server
	mu    sync.Mutex
	docs  map[string][]byte
	codes map[string]int
	seen  []string // "GET /users/mallory"
}

func newHostile(t testing.TB) *hostile {
	t.Helper()
	h := &hostile{docs: map[string][]byte{}, codes: map[string]int{}}
	h.srv = httptest.NewServer(http.HandlerFunc(h.serveHTTP))
	t.Cleanup(h.srv.Close)
	h.URL = h.srv.URL
	h.Host = strings.TrimPrefix(h.URL, "http://")
	return h
}

func (h *hostile) serveHTTP(w http.ResponseWriter, r *http.Request) {
	_, _ = io.Copy(io.Discard, io.LimitReader(r.Body, 4<<20))
	h.mu.Lock()
	h.seen = append(h.seen, r.Method+" "+r.URL.Path)
	doc, code := h.docs[r.URL.Path], h.codes[r.URL.Path]
	h.mu.Unlock()
	switch {
	case r.Method == http.MethodPost:
		w.WriteHeader(http.StatusAccepted) // deliveries to our inboxes
	case code != 0:
		w.WriteHeader(code)
	case doc != nil:
		w.Header().Set("Content-Type", "application/activity+json")
		_, _ = w.Write(doc)
	default:
		http.NotFound(w, r)
	}
}

// serve publishes v (JSON-encoded) at the path of iri, which must be on
// this server.
func (h *hostile) serve(t testing.TB, iri string, v any) {
	t.Helper()
	p := h.path(t, iri)
	b := mustJSON(t, v)
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.codes, p)
	h.docs[p] = b
}

// answer makes the path of iri answer with a bare status.
func (h *hostile) answer(t testing.TB, iri string, code int) {
	t.Helper()
	p := h.path(t, iri)
	h.mu.Lock()
	defer h.mu.Unlock()
	h.codes[p] = code
}

func (h *hostile) path(t testing.TB, iri string) string {
	t.Helper()
	p, ok := strings.CutPrefix(iri, h.URL)
	if !ok || !strings.HasPrefix(p, "/") {
		t.Fatalf("%s is not on %s", iri, h.URL)
	}
	return p
}

// requests lists the requests received so far.
func (h *hostile) requests() []string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]string(nil), h.seen...)
}

// fetches counts the GETs of iri's path received so far.
func (h *hostile) fetches(t testing.TB, iri string) int {
	p := "GET " + h.path(t, iri)
	n := 0
	for _, r := range h.requests() {
		if r == p {
			n++
		}
	}
	return n
}

// remoteActor is an actor that a hostile server serves, with its signing
// key.
type remoteActor struct {
	ID    string
	KeyID string
	Inbox string
	Key   *rsa.PrivateKey
	Doc   map[string]any
}

// actor makes an actor of type typ named name and serves its document.
// With gtsKey the key id is <actor>/main-key (GoToSocial) instead of
// <actor>#main-key.
func (h *hostile) actor(t testing.TB, typ, name string, gtsKey bool) *remoteActor {
	t.Helper()
	id := h.URL + "/users/" + name
	a := &remoteActor{ID: id, KeyID: id + "#main-key", Inbox: id + "/inbox", Key: hostileKey()}
	if gtsKey {
		a.KeyID = id + "/main-key"
	}
	pemText, err := httpsig.EncodePublicPEM(&a.Key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	a.Doc = map[string]any{
		"@context":          []string{"https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"},
		"id":                id,
		"type":              typ,
		"preferredUsername": name,
		"name":              name,
		"inbox":             a.Inbox,
		"outbox":            id + "/outbox",
		"followers":         id + "/followers",
		"following":         id + "/following",
		"endpoints":         map[string]any{"sharedInbox": h.URL + "/inbox"},
		"publicKey":         map[string]any{"id": a.KeyID, "owner": id, "publicKeyPem": pemText},
	}
	h.serve(t, id, a.Doc)
	return a
}

func (h *hostile) person(t testing.TB, name string) *remoteActor {
	return h.actor(t, "Person", name, false)
}

func (h *hostile) group(t testing.TB, name string) *remoteActor {
	return h.actor(t, "Group", name, false)
}

// delivery says how a POST is made. The zero value signs the body with
// httpsig.SignRequest, exactly as a well-behaved server does.
type delivery struct {
	unsigned  bool
	signature string    // with unsigned: send this Signature header anyway
	keyID     string    // sign under this key id instead of the actor's
	signed    []byte    // sign (and digest) this body instead of what is sent
	date      time.Time // sign by hand with this Date instead of now
	alg       string    // rewrite the algorithm parameter after signing
	chunked   bool      // send without a Content-Length
	digest    string    // overwrite the Digest header after signing
}

// onlyReader hides the type of a reader from net/http, which then cannot
// know the length and sends the body chunked.
type onlyReader struct{ io.Reader }

// post delivers body to inbox as from, and returns the status and the
// answer's body.
func post(t testing.TB, inbox string, from *remoteActor, body []byte, d delivery) (int, string) {
	t.Helper()
	return send(t, build(t, inbox, from, body, d))
}

// build makes the signed (or not) request that post sends.
func build(t testing.TB, inbox string, from *remoteActor, body []byte, d delivery) *http.Request {
	t.Helper()
	var rd io.Reader = bytes.NewReader(body)
	if d.chunked {
		rd = onlyReader{rd}
	}
	req, err := http.NewRequest(http.MethodPost, inbox, rd)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/activity+json")
	req.Header.Set("Accept", "application/activity+json")
	if d.unsigned && d.signature != "" {
		req.Header.Set("Date", time.Now().UTC().Format(http.TimeFormat))
		req.Header.Set("Digest", httpsig.Digest(body))
		req.Header.Set("Signature", d.signature)
	}
	if !d.unsigned {
		keyID := from.KeyID
		if d.keyID != "" {
			keyID = d.keyID
		}
		signed := body
		if d.signed != nil {
			signed = d.signed
		}
		if d.date.IsZero() {
			if err := httpsig.SignRequest(req, httpsig.Key{ID: keyID, Private: from.Key}, signed); err != nil {
				t.Fatal(err)
			}
		} else {
			signAt(t, req, keyID, from.Key, signed, d.date)
		}
		if d.alg != "" {
			p, err := httpsig.ParseSignatureHeader(req.Header.Get("Signature"))
			if err != nil {
				t.Fatal(err)
			}
			p.Algorithm = d.alg
			req.Header.Set("Signature", p.String())
		}
		if d.digest != "" {
			req.Header.Set("Digest", d.digest)
		}
	}
	return req
}

// send sends a request made by build.
func send(t testing.TB, req *http.Request) (int, string) {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	out, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
	return resp.StatusCode, string(out)
}

// signAt signs a POST by hand, the way draft-cavage describes it, with a
// Date the caller picks (SignRequest always uses the current time).
func signAt(t testing.TB, req *http.Request, keyID string, k *rsa.PrivateKey, body []byte, date time.Time) {
	t.Helper()
	req.Host = req.URL.Host
	dateText := date.UTC().Format(http.TimeFormat)
	digest := httpsig.Digest(body)
	req.Header.Set("Date", dateText)
	req.Header.Set("Digest", digest)
	signing := "(request-target): post " + req.URL.RequestURI() + "\nhost: " + req.Host +
		"\ndate: " + dateText + "\ndigest: " + digest
	sum := sha256.Sum256([]byte(signing))
	sig, err := rsa.SignPKCS1v15(rand.Reader, k, crypto.SHA256, sum[:])
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Signature", fmt.Sprintf(`keyId="%s",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="%s"`,
		keyID, base64.StdEncoding.EncodeToString(sig)))
}

func mustJSON(t testing.TB, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Activity and object builders. Everything is public unless a test says
// otherwise.

var asContext = []any{"https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"}

// note is a reply to inReplyTo by author.
func note(id, author, inReplyTo, content string) map[string]any {
	return map[string]any{
		"id":           id,
		"type":         "Note",
		"attributedTo": author,
		"inReplyTo":    inReplyTo,
		"content":      "<p>" + content + "</p>",
		"mediaType":    "text/html",
		"published":    time.Now().UTC().Format(time.RFC3339),
		"to":           []string{activity.Public},
		"cc":           []string{author + "/followers"},
	}
}

// pageIn is a new thread in the space spaceURI.
func pageIn(id, author, spaceURI, title, content string) map[string]any {
	return map[string]any{
		"id":           id,
		"type":         "Page",
		"attributedTo": author,
		"name":         title,
		"content":      "<p>" + content + "</p>",
		"mediaType":    "text/html",
		"published":    time.Now().UTC().Format(time.RFC3339),
		"audience":     spaceURI,
		"to":           []string{activity.Public, spaceURI},
		"cc":           []string{author + "/followers"},
	}
}

// act wraps object (a map, or an IRI) in an activity of type typ.
func act(typ, id, actor string, object any) map[string]any {
	return map[string]any{
		"@context": asContext,
		"id":       id,
		"type":     typ,
		"actor":    actor,
		"object":   object,
		"to":       []string{activity.Public},
		"cc":       []string{actor + "/followers"},
	}
}

// What a node has stored, read straight from its database.

// tally counts what an inbox can create.
type tally struct {
	Threads, Posts, Endorsements, Follows, Received int
}

func countRows(t testing.TB, n *testkit.Node) tally {
	t.Helper()
	var c tally
	for _, q := range []struct {
		table string
		dst   *int
	}{
		{"threads", &c.Threads}, {"posts", &c.Posts}, {"endorsements", &c.Endorsements},
		{"follows", &c.Follows}, {"received_activities", &c.Received},
	} {
		if err := n.DB.SQL().QueryRowContext(context.Background(), "SELECT count(*) FROM "+q.table).Scan(q.dst); err != nil {
			t.Fatalf("count %s: %v", q.table, err)
		}
	}
	return c
}

// storedText reports whether any thread or post (title, body or id)
// contains needle.
func storedText(t testing.TB, n *testkit.Node, needle string) bool {
	t.Helper()
	for _, q := range []string{
		"SELECT uri || ' ' || title || ' ' || body_html FROM threads",
		"SELECT uri || ' ' || body_html FROM posts",
	} {
		rows, err := n.DB.SQL().QueryContext(context.Background(), q)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				rows.Close()
				t.Fatal(err)
			}
			if strings.Contains(s, needle) {
				rows.Close()
				return true
			}
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return false
}

// refused checks an answer's status and that the node stored nothing
// since before, and that nothing carrying marker is stored.
func refused(t testing.TB, n *testkit.Node, before tally, marker string, got int, body string, want ...int) {
	t.Helper()
	t.Logf("status %d: %.200s", got, strings.TrimSpace(body))
	ok := false
	for _, w := range want {
		ok = ok || got == w
	}
	if !ok {
		t.Errorf("status %d, want %v: %.300s", got, want, body)
	}
	if after := countRows(t, n); after != before {
		t.Errorf("stored something: before %+v, after %+v", before, after)
	}
	if marker != "" && storedText(t, n, marker) {
		t.Errorf("%q is stored", marker)
	}
}

// Reading a thread through the node's API.

type apiThread struct {
	ID           string     `json:"id"`
	APID         string     `json:"ap_id"`
	Title        string     `json:"title"`
	BodyHTML     string     `json:"body_html"`
	Endorsements int        `json:"endorsements"`
	Deleted      bool       `json:"deleted"`
	EditedAt     *time.Time `json:"edited_at"`
	Posts        []apiPost  `json:"posts"`
}

type apiPost struct {
	ID        string  `json:"id"`
	APID      string  `json:"ap_id"`
	BodyHTML  string  `json:"body_html"`
	InReplyTo *string `json:"in_reply_to"`
	Deleted   bool    `json:"deleted"`
}

func readThread(t testing.TB, api *testkit.API, id string) apiThread {
	t.Helper()
	var th apiThread
	api.JSON(t, "GET", "/api/v1/threads/"+id, nil, 200, &th)
	return th
}

// postByAPID finds a post of th by its ActivityPub id.
func (th apiThread) postByAPID(apID string) (apiPost, bool) {
	for _, p := range th.Posts {
		if p.APID == apID {
			return p, true
		}
	}
	return apiPost{}, false
}

// replay makes a copy of a request built (and perhaps sent) before, with
// the same headers and body, addressed to url; with keepHost the Host
// header stays the original one.
func replay(t testing.TB, req *http.Request, body []byte, url string, keepHost bool) *http.Request {
	t.Helper()
	c, err := http.NewRequest(req.Method, url, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	c.Header = req.Header.Clone()
	if keepHost {
		c.Host = req.Host
	}
	return c
}
