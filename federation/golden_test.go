package federation_test

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files")

var (
	idRe   = regexp.MustCompile(`\b[0-9a-hjkmnp-tv-z]{16}\b`)
	timeRe = regexp.MustCompile(`\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z`)
	pemRe  = regexp.MustCompile(`-----BEGIN PUBLIC KEY-----[^"]*-----END PUBLIC KEY-----\\n`)
)

// normalise makes a document comparable across runs: the node's address,
// ids, times and keys become placeholders (ids numbered in order of
// first appearance, so that the relations between them still show).
func normalise(doc []byte, base, other string) []byte {
	s := strings.ReplaceAll(string(doc), base, "https://node.example")
	s = strings.ReplaceAll(s, strings.TrimPrefix(base, "http://"), "node.example")
	s = strings.ReplaceAll(s, other, "https://other.example")
	s = strings.ReplaceAll(s, strings.TrimPrefix(other, "http://"), "other.example")
	ids := map[string]string{}
	s = idRe.ReplaceAllStringFunc(s, func(id string) string {
		if _, ok := ids[id]; !ok {
			ids[id] = "ID" + strconv.Itoa(len(ids)+1)
		}
		return ids[id]
	})
	s = timeRe.ReplaceAllString(s, "2026-01-01T00:00:00.000Z")
	s = pemRe.ReplaceAllString(s, "<PEM>")
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		return []byte(s)
	}
	out, _ := json.MarshalIndent(v, "", "  ")
	return append(out, '\n')
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%s: %v (run go test -run Golden ./federation/ -update)", name, err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s:\n%s", name, path, got)
	}
}

func getAP(t *testing.T, url string) []byte {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	req.Header.Set("Accept", `application/ld+json; profile="https://www.w3.org/ns/activitystreams"`)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/activity+json") {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	return body
}

// Every document and activity a node emits, as golden files.
func TestGoldenDocumentsAndActivities(t *testing.T) {
	t.Parallel()
	n := testkit.NewNode(t, store.SQLite)
	b := testkit.NewNode(t, store.SQLite)
	ctx := context.Background()
	if _, err := n.Disc.CreateSpace(ctx, nil, discussion.NewSpace{Name: "policy", Title: "Policy and regulation", Description: "Laws *and* rules."}); err != nil {
		t.Fatal(err)
	}
	ann := n.User(t, "ann", model.RoleMember)
	annAPI := n.NewAPI(n.Token(t, ann))
	// A follower elsewhere, so that the space has someone to announce to.
	follow(t, b.NewAPI(b.Token(t, b.User(t, "zed", model.RoleMember))), handle(n, "policy"))

	var th struct{ ID string }
	annAPI.JSON(t, "POST", "/api/v1/spaces/policy/threads", map[string]any{"title": "Meta: why so slow?",
		"body": "Age *assurance* gaps.", "kind": "challenge", "category": "technology"}, 201, &th)
	var p struct{ ID string }
	annAPI.JSON(t, "POST", "/api/v1/threads/"+th.ID+"/posts", map[string]any{"body": "A reply."}, 201, &p)
	annAPI.JSON(t, "POST", "/api/v1/threads/"+th.ID+"/endorse", nil, 200, nil)
	annAPI.JSON(t, "DELETE", "/api/v1/threads/"+th.ID+"/endorse", nil, 200, nil)
	annAPI.JSON(t, "PATCH", "/api/v1/posts/"+p.ID, map[string]any{"body": "A reply, edited."}, 200, nil)
	annAPI.JSON(t, "DELETE", "/api/v1/posts/"+p.ID, nil, 204, nil)

	docs := map[string]string{
		"actor-instance": "/actor", "actor-person": "/members/ann", "actor-group": "/spaces/policy",
		"page-challenge": "/threads/" + th.ID, "note-tombstone": "/posts/" + p.ID,
		"collection-context": "/threads/" + th.ID + "/context", "collection-outbox": "/spaces/policy/outbox",
		"collection-followers": "/spaces/policy/followers", "collection-moderators": "/spaces/policy/moderators",
		"collection-spaces": "/actor/spaces", "collection-replies": "/threads/" + th.ID + "/replies",
	}
	for name, path := range docs {
		checkGolden(t, name, normalise(getAP(t, n.URL+path), n.URL, b.URL))
	}
	acts, err := n.DB.ListActivities(ctx, ann.ActorID, nil, false, 50)
	if err != nil {
		t.Fatal(err)
	}
	space, _ := n.DB.GetSpaceByName(ctx, "policy", n.Domain())
	spaceActs, err := n.DB.ListActivities(ctx, space.ActorID, nil, false, 50)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, a := range append(acts, spaceActs...) {
		var probe struct {
			Type   string `json:"type"`
			Object any    `json:"object"`
		}
		json.Unmarshal([]byte(a.Payload), &probe)
		name := "activity-" + strings.ToLower(probe.Type)
		if m, ok := probe.Object.(map[string]any); ok {
			name += "-" + strings.ToLower(m["type"].(string))
		} else {
			name += "-iri"
		}
		seen[name]++
		if seen[name] > 1 {
			name += "-" + strconv.Itoa(seen[name])
		}
		checkGolden(t, name, normalise([]byte(a.Payload), n.URL, b.URL))
	}
	for _, want := range []string{"activity-create-page", "activity-create-note", "activity-like-iri", "activity-undo-like",
		"activity-update-note", "activity-delete-tombstone", "activity-announce-create", "activity-announce-iri", "activity-accept-follow"} {
		if seen[want] == 0 {
			t.Errorf("no %s emitted (have %v)", want, seen)
		}
	}
}
