package federation_test

import (
	"context"
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/protectors-portal/portal/federation/httpsig"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// A member of A reports a thread that came from B and asks for it to be
// forwarded: B's queue gets the report, filed by A's instance actor, with
// the comment and without the member's name. A report not forwarded sends
// nothing; a Flag delivered twice is filed once.
func TestFlagForwardedToTheOrigin(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	a := testkit.NewNode(t, store.SQLite)
	b := testkit.NewNode(t, store.Postgres)
	space(t, b, "safety", model.VisibilityPublic)
	reporter := a.User(t, "whistleblower", model.RoleMember)
	ann := a.NewAPI(a.Token(t, reporter))
	bobUser := b.User(t, "bob", model.RoleMember)
	bob := b.NewAPI(b.Token(t, bobUser))
	admin := b.User(t, "boss", model.RoleAdmin)

	follow(t, ann, handle(b, "safety"))
	var reported, other thread
	bob.JSON(t, "POST", "/api/v1/spaces/safety/threads", map[string]any{"title": "Reported thread", "body": "Look at this."}, 201, &reported)
	bob.JSON(t, "POST", "/api/v1/spaces/safety/threads", map[string]any{"title": "Other thread", "body": "And this."}, 201, &other)
	reportedOnA := find(t, ann, "Reported thread")
	otherOnA := find(t, ann, "Other thread")

	const comment = "This names a victim's school. Please take it down."
	r, created, err := a.Moderation.Report(ctx, reporter, moderation.NewReport{ThreadID: reportedOnA.ID,
		Reason: model.ReasonIllegal, Comment: comment, Forward: true})
	if err != nil || !created {
		t.Fatalf("report: %v (created %v)", err, created)
	}
	if !r.Forwarded || r.URI == nil || !strings.HasPrefix(*r.URI, a.URL+"/activities/") {
		t.Fatalf("forwarded %v, uri %v: want a Flag id of A", r.Forwarded, r.URI)
	}
	// A second report, not to be forwarded, sends nothing: it is filed in
	// the same transaction as a Flag would be stored, so A's Flags can be
	// counted right away.
	r2, created, err := a.Moderation.Report(ctx, reporter, moderation.NewReport{ThreadID: otherOnA.ID,
		Reason: model.ReasonSpam, Comment: "Kept between us.", Forward: false})
	if err != nil || !created {
		t.Fatalf("second report: %v (created %v)", err, created)
	}
	if r2.Forwarded || r2.URI != nil {
		t.Errorf("report without forward: forwarded %v, uri %v", r2.Forwarded, r2.URI)
	}
	flags := storedFlags(t, a)
	if len(flags) != 1 {
		t.Fatalf("A stored %d Flags, want 1", len(flags))
	}

	// The Flag as sent: from the instance actor, the account and the
	// thread, the comment; nothing of the member.
	inst, err := a.Fed.InstanceActor(ctx)
	if err != nil {
		t.Fatal(err)
	}
	payload := flags[0]
	var doc struct {
		ID, Type, Actor, Content string
		Object                   []string
		To                       []string
	}
	if err := json.Unmarshal([]byte(payload), &doc); err != nil {
		t.Fatal(err)
	}
	bobURI := b.URL + "/members/bob"
	threadURI := b.URL + "/threads/" + reported.ID
	if doc.ID != *r.URI || doc.Type != "Flag" || doc.Actor != inst.URI || doc.Content != comment ||
		!slices.Equal(doc.Object, []string{bobURI, threadURI}) || !slices.Equal(doc.To, []string{bobURI}) {
		t.Errorf("flag = %s", payload)
	}
	for _, secret := range []string{"whistleblower", reporter.ActorID, reporter.ID, "Kept between us"} {
		if strings.Contains(payload, secret) {
			t.Errorf("the Flag carries %q: %s", secret, payload)
		}
	}
	// Nobody can read it back from A.
	if code, _ := a.NewAPI("").Do(t, "GET", strings.TrimPrefix(*r.URI, a.URL), ""); code != http.StatusNotFound {
		t.Errorf("GET of the Flag: %d, want 404", code)
	}

	// B files it, from A's instance actor.
	var got []*model.Report
	testkit.Eventually(t, wait, "the report in B's queue", func() bool {
		list, _, err := b.Moderation.Reports(ctx, admin, model.ReportOpen, "")
		if err != nil {
			t.Fatal(err)
		}
		got = list
		return len(list) > 0
	})
	instOnB, err := b.DB.GetActorByURI(ctx, inst.URI)
	if err != nil {
		t.Fatalf("A's instance actor on B: %v", err)
	}
	if len(got) != 1 {
		t.Fatalf("%d reports on B, want 1", len(got))
	}
	rb := got[0]
	if rb.ThreadID == nil || *rb.ThreadID != reported.ID || rb.PostID != nil || rb.ReporterID != instOnB.ID ||
		rb.SubjectID != bobUser.ActorID || rb.Comment != comment || rb.URI == nil || *rb.URI != *r.URI || rb.Forwarded {
		t.Errorf("report on B: %+v", rb)
	}

	// The same Flag delivered again files nothing new.
	key, err := httpsig.ParsePrivatePEM(inst.PrivateKeyPEM)
	if err != nil {
		t.Fatal(err)
	}
	asA := &remoteActor{ID: inst.URI, KeyID: inst.KeyID, Key: key}
	if code, body := post(t, b.URL+"/inbox", asA, []byte(payload), delivery{}); code != http.StatusAccepted {
		t.Fatalf("replayed Flag: %d %s", code, body)
	}
	if n := countReports(t, b); n != 1 {
		t.Errorf("%d reports on B after the replay, want 1", n)
	}
	// A Flag naming only what is not B's is acknowledged and files nothing.
	elsewhere := flagLike(t, payload, inst.URI+"#elsewhere", []string{a.URL + "/members/whoever", "https://third.example/p/1"})
	if code, body := post(t, b.URL+"/inbox", asA, elsewhere, delivery{}); code != http.StatusAccepted {
		t.Fatalf("Flag of nothing of B's: %d %s", code, body)
	}
	if n := countReports(t, b); n != 1 {
		t.Errorf("%d reports on B after a Flag naming nothing of B's, want 1", n)
	}
	// The same report under a new id is a new report: the replay above was
	// refused for its id, not for what it named.
	again := flagLike(t, payload, a.URL+"/activities/again", []string{bobURI, threadURI})
	if code, body := post(t, b.URL+"/inbox", asA, again, delivery{}); code != http.StatusAccepted {
		t.Fatalf("new Flag: %d %s", code, body)
	}
	if n := countReports(t, b); n != 2 {
		t.Errorf("%d reports on B after a new Flag, want 2", n)
	}
}

// storedFlags returns the payloads of the Flags a node has stored.
func storedFlags(t *testing.T, n *testkit.Node) []string {
	t.Helper()
	rows, err := n.DB.SQL().QueryContext(context.Background(), "SELECT payload FROM activities WHERE type = 'Flag'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var p string
		if err := rows.Scan(&p); err != nil {
			t.Fatal(err)
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

func countReports(t *testing.T, n *testkit.Node) int {
	t.Helper()
	var c int
	if err := n.DB.SQL().QueryRowContext(context.Background(), "SELECT count(*) FROM reports").Scan(&c); err != nil {
		t.Fatal(err)
	}
	return c
}

// flagLike is the Flag payload with another id and other objects.
func flagLike(t *testing.T, payload, id string, objects []string) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(payload), &m); err != nil {
		t.Fatal(err)
	}
	m["id"], m["object"] = id, objects
	return mustJSON(t, m)
}
