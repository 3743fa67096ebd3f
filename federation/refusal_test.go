package federation_test

// A hostile or broken remote server talks to a real node over loopback.
// Every refusal is checked twice: by the status the node answers and by
// what its database holds afterwards (nothing new). A positive control runs
// first, so that a refusal cannot pass merely because the harness is wrong.

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/protectors-portal/portal/federation/activity"
	"github.com/protectors-portal/portal/federation/httpsig"
	"github.com/protectors-portal/portal/internal/config"
	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
	"github.com/protectors-portal/portal/internal/moderation"
	"github.com/protectors-portal/portal/internal/store"
	"github.com/protectors-portal/portal/internal/testkit"
)

// arena is a node with a public space "open" (and an alliance-only space
// "inner"), a local member lena with a thread in "open", and two remote
// servers: evil (mallory and bert, people, and crowd, a group) and origin
// (victim, a person).
type arena struct {
	n      *testkit.Node
	api    *testkit.API // lena's
	lena   string       // lena's actor id
	space  string       // the public space's actor id
	inner  string       // the alliance space's actor id
	inbox  string       // the public space's inbox
	shared string       // the node's shared inbox
	member string       // lena's inbox
	thread apiThread    // lena's thread in "open"

	evil, origin  *hostile
	mallory, bert *remoteActor
	crowd, victim *remoteActor
	control       []byte // the positive control's Create, for redelivery
	controlNote   string
	seq           atomic.Int64
}

func newArena(t *testing.T, d store.Dialect, configure func(c *config.Config, evil, origin *hostile)) *arena {
	t.Helper()
	a := &arena{evil: newHostile(t), origin: newHostile(t)}
	var opts []testkit.NodeOption
	if configure != nil {
		opts = append(opts, testkit.With(func(c *config.Config) { configure(c, a.evil, a.origin) }))
	}
	a.n = testkit.NewNode(t, d, opts...)
	ctx := context.Background()
	for name, vis := range map[string]model.Visibility{"open": model.VisibilityPublic, "inner": model.VisibilityAlliance} {
		if _, err := a.n.Disc.CreateSpace(ctx, nil, discussion.NewSpace{Name: name, Title: "Space " + name, Visibility: vis}); err != nil {
			t.Fatal(err)
		}
	}
	a.api = a.n.NewAPI(a.n.Token(t, a.n.User(t, "lena", model.RoleMember)))
	a.api.JSON(t, "POST", "/api/v1/spaces/open/threads", map[string]any{"title": "Evidence retention periods",
		"body": "How long do you keep hashes?"}, 201, &a.thread)
	if a.thread.APID == "" {
		t.Fatal("the local thread has no ap_id")
	}
	a.lena = a.n.URL + "/members/lena"
	a.space = a.n.URL + "/spaces/open"
	a.inner = a.n.URL + "/spaces/inner"
	a.inbox = a.space + "/inbox"
	a.shared = a.n.URL + "/inbox"
	a.member = a.lena + "/inbox"
	a.mallory = a.evil.person(t, "mallory")
	a.bert = a.evil.person(t, "bert")
	a.crowd = a.evil.group(t, "crowd")
	a.victim = a.origin.person(t, "victim")
	return a
}

// id makes a fresh id on from's server, under from's id.
func (a *arena) id(from *remoteActor, kind string) string {
	return fmt.Sprintf("%s/%s/%d", from.ID, kind, a.seq.Add(1))
}

// reply builds a Create{Note} by from answering lena's thread, with text
// in its content; it returns the note's id and the activity.
func (a *arena) reply(t testing.TB, from *remoteActor, text string) (string, []byte) {
	t.Helper()
	noteID := a.id(from, "notes")
	return noteID, mustJSON(t, act("Create", noteID+"/create", from.ID, note(noteID, from.ID, a.thread.APID, text)))
}

// accepted delivers a fresh reply from from and checks it lands in the
// thread.
func (a *arena) accepted(t testing.TB, from *remoteActor, text string) string {
	t.Helper()
	noteID, body := a.reply(t, from, text)
	if code, resp := post(t, a.inbox, from, body, delivery{}); code != http.StatusAccepted {
		t.Fatalf("a correctly signed reply: status %d: %.300s", code, resp)
	}
	if p, ok := readThread(t, a.api, a.thread.ID).postByAPID(noteID); !ok || !strings.Contains(p.BodyHTML, text) {
		t.Fatalf("the reply %s is not in the thread", noteID)
	}
	return noteID
}

type refusalCase struct {
	name string
	// everyDialect cases also run on PostgreSQL; the rest on SQLite only.
	everyDialect bool
	run          func(t *testing.T, a *arena)
}

// The cases run in this order, on one node per dialect: the positive
// control first, redelivery right after it.
var refusalCases = []refusalCase{
	{"accepted control", true, refuseNothing},
	{"redelivery", false, refuseRedelivery},
	{"unsigned", false, refuseUnsigned},
	{"tampered body", true, refuseTampered},
	{"stale date", false, refuseStaleDate},
	{"key owner is not the actor", true, refuseKeyOwner},
	{"object on another host", false, refuseForeignObject},
	{"forged announce", true, refuseForgedAnnounce},
	{"oversized body", false, refuseOversized},
	{"malformed body", false, refuseMalformed},
	{"thread into alliance space", false, refuseAllianceThread},
	{"update by another", false, refuseUpdate},
	{"delete by another", false, refuseDelete},
	{"likes once per actor", false, refuseSecondLike},
	{"follows", false, refuseFollows},
	{"create after its delete", true, refuseResurrection},
	{"reply to a locked thread", true, refuseLockedThread},
	{"reply to a deleted thread", false, refuseDeletedThread},
}

func TestRefusals(t *testing.T) {
	t.Parallel()
	for _, d := range testkit.Dialects {
		t.Run(string(d), func(t *testing.T) {
			t.Parallel()
			a := newArena(t, d, nil)
			for _, c := range refusalCases {
				if d != store.SQLite && !c.everyDialect {
					continue
				}
				t.Run(c.name, func(t *testing.T) { c.run(t, a) })
			}
		})
	}
}

// A correctly signed reply and a new thread from a remote person are
// accepted and stored: the harness can get things in.
func refuseNothing(t *testing.T, a *arena) {
	a.controlNote = a.id(a.mallory, "notes")
	a.control = mustJSON(t, act("Create", a.controlNote+"/create", a.mallory.ID,
		note(a.controlNote, a.mallory.ID, a.thread.APID, "CONTROL-REPLY from mallory")))
	if code, resp := post(t, a.inbox, a.mallory, a.control, delivery{}); code != http.StatusAccepted {
		t.Fatalf("status %d: %.300s", code, resp)
	}
	p, ok := readThread(t, a.api, a.thread.ID).postByAPID(a.controlNote)
	if !ok || !strings.Contains(p.BodyHTML, "CONTROL-REPLY") {
		t.Fatalf("the control reply is not in the thread")
	}

	pageID := a.id(a.mallory, "pages")
	body := mustJSON(t, act("Create", pageID+"/create", a.mallory.ID,
		pageIn(pageID, a.mallory.ID, a.space, "CONTROL-THREAD", "a new thread from mallory")))
	if code, resp := post(t, a.inbox, a.mallory, body, delivery{}); code != http.StatusAccepted {
		t.Fatalf("new thread: status %d: %.300s", code, resp)
	}
	th, err := a.n.DB.GetThreadByURI(context.Background(), pageID)
	if err != nil {
		t.Fatalf("the remote thread is not stored: %v", err)
	}
	if th.Title != "CONTROL-THREAD" || th.Space == nil || th.Space.Name != "open" {
		t.Fatalf("remote thread stored as %q in %+v", th.Title, th.Space)
	}
}

// The control's Create, delivered again (freshly signed), is acknowledged
// and makes no second post.
func refuseRedelivery(t *testing.T, a *arena) {
	if a.control == nil {
		t.Skip("the positive control did not run")
	}
	before := countRows(t, a.n)
	for _, inbox := range []string{a.inbox, a.shared} {
		code, resp := post(t, inbox, a.mallory, a.control, delivery{})
		refused(t, a.n, before, "", code, resp, http.StatusAccepted)
	}
	n := 0
	for _, p := range readThread(t, a.api, a.thread.ID).Posts {
		if p.APID == a.controlNote {
			n++
		}
	}
	if n != 1 {
		t.Fatalf("%d copies of the control reply", n)
	}
}

func refuseUnsigned(t *testing.T, a *arena) {
	_, body := a.reply(t, a.mallory, "UNSIGNED-REPLY")
	before := countRows(t, a.n)
	code, resp := post(t, a.inbox, a.mallory, body, delivery{unsigned: true})
	refused(t, a.n, before, "UNSIGNED-REPLY", code, resp, http.StatusUnauthorized)

	// A Signature header that is not one.
	code, resp = post(t, a.inbox, a.mallory, body, delivery{unsigned: true, signature: "keyId=" + a.mallory.KeyID})
	refused(t, a.n, before, "UNSIGNED-REPLY", code, resp, http.StatusUnauthorized)
	code, resp = post(t, a.inbox, a.mallory, body, delivery{unsigned: true,
		signature: `keyId="` + a.mallory.KeyID + `",headers="(request-target) host date digest",signature="AAAA"`})
	refused(t, a.n, before, "UNSIGNED-REPLY", code, resp, http.StatusUnauthorized)
}

// One body signed, another sent: the Digest does not match; and with the
// Digest recomputed for what is sent, the signature does not.
func refuseTampered(t *testing.T, a *arena) {
	noteID, original := a.reply(t, a.mallory, "ORIGINAL-TEXT")
	tampered := mustJSON(t, act("Create", noteID+"/create", a.mallory.ID,
		note(noteID, a.mallory.ID, a.thread.APID, "TAMPERED-TEXT")))
	before := countRows(t, a.n)
	code, resp := post(t, a.inbox, a.mallory, tampered, delivery{signed: original})
	refused(t, a.n, before, "TAMPERED-TEXT", code, resp, http.StatusUnauthorized)
	code, resp = post(t, a.inbox, a.mallory, tampered, delivery{signed: original, digest: httpsig.Digest(tampered)})
	refused(t, a.n, before, "TAMPERED-TEXT", code, resp, http.StatusUnauthorized)
	if storedText(t, a.n, "ORIGINAL-TEXT") {
		t.Error("the signed original is stored")
	}
}

// A Date 13 hours off either way is refused; 11 hours old is within
// Mastodon's window (and proves the hand-made signature is right).
func refuseStaleDate(t *testing.T, a *arena) {
	before := countRows(t, a.n)
	for _, off := range []time.Duration{-13 * time.Hour, 13 * time.Hour} {
		_, body := a.reply(t, a.mallory, "STALE-REPLY")
		code, resp := post(t, a.inbox, a.mallory, body, delivery{date: time.Now().Add(off)})
		refused(t, a.n, before, "STALE-REPLY", code, resp, http.StatusUnauthorized)
	}
	noteID, body := a.reply(t, a.mallory, "ELEVEN-HOURS-OLD")
	if code, resp := post(t, a.inbox, a.mallory, body, delivery{date: time.Now().Add(-11 * time.Hour)}); code != http.StatusAccepted {
		t.Fatalf("signed by hand 11 hours ago: status %d: %.300s", code, resp)
	}
	if _, ok := readThread(t, a.api, a.thread.ID).postByAPID(noteID); !ok {
		t.Fatal("the reply signed 11 hours ago is not in the thread")
	}
}

// Signed with mallory's key, claiming to be someone else: bert on the same
// server, victim on another, lena on the node itself.
func refuseKeyOwner(t *testing.T, a *arena) {
	before := countRows(t, a.n)
	for _, claimed := range []string{a.bert.ID, a.victim.ID, a.lena} {
		noteID := claimed + "/notes/impostor"
		body := mustJSON(t, act("Create", noteID+"/create", claimed, note(noteID, claimed, a.thread.APID, "IMPOSTOR-REPLY")))
		code, resp := post(t, a.inbox, a.mallory, body, delivery{})
		refused(t, a.n, before, "IMPOSTOR-REPLY", code, resp, http.StatusUnauthorized)
	}
	// bert's key id, mallory's private key: the signature does not verify.
	_, body := a.reply(t, a.bert, "IMPOSTOR-REPLY")
	code, resp := post(t, a.inbox, a.mallory, body, delivery{keyID: a.bert.KeyID})
	refused(t, a.n, before, "IMPOSTOR-REPLY", code, resp, http.StatusUnauthorized)
}

// mallory Creates a Note whose id is on origin: only origin's actors may
// create it. Whether origin serves something at that id or not, the answer
// is 403 and nothing is stored.
func refuseForeignObject(t *testing.T, a *arena) {
	t.Run("origin serves its own note", func(t *testing.T) {
		stolen := a.id(a.victim, "notes")
		a.origin.serve(t, stolen, note(stolen, a.victim.ID, a.thread.APID, "ORIGIN-OWNED"))
		body := mustJSON(t, act("Create", a.id(a.mallory, "activities"), a.mallory.ID,
			note(stolen, a.mallory.ID, a.thread.APID, "STOLEN-ID")))
		before := countRows(t, a.n)
		code, resp := post(t, a.inbox, a.mallory, body, delivery{})
		refused(t, a.n, before, "STOLEN-ID", code, resp, http.StatusForbidden)
		if storedText(t, a.n, "ORIGIN-OWNED") {
			t.Error("origin's note was stored on mallory's word")
		}
	})
	t.Run("attributed to another actor", func(t *testing.T) {
		noteID := a.id(a.mallory, "notes")
		body := mustJSON(t, act("Create", noteID+"/create", a.mallory.ID, note(noteID, a.bert.ID, a.thread.APID, "PUT-IN-BERTS-MOUTH")))
		before := countRows(t, a.n)
		code, resp := post(t, a.inbox, a.mallory, body, delivery{})
		refused(t, a.n, before, "PUT-IN-BERTS-MOUTH", code, resp, http.StatusForbidden)
	})
	t.Run("origin has no such note", func(t *testing.T) {
		invented := a.id(a.victim, "notes")
		body := mustJSON(t, act("Create", a.id(a.mallory, "activities"), a.mallory.ID,
			note(invented, a.mallory.ID, a.thread.APID, "INVENTED-ID")))
		before := countRows(t, a.n)
		code, resp := post(t, a.inbox, a.mallory, body, delivery{})
		refused(t, a.n, before, "INVENTED-ID", code, resp, http.StatusForbidden)
		if n := a.origin.fetches(t, invented); n != 0 {
			t.Errorf("the node fetched %s %d times on mallory's say-so, before refusing", invented, n)
		}
	})
}

// crowd (a group on evil) announces a Create that claims to come from
// victim on origin. The node must believe origin only.
func refuseForgedAnnounce(t *testing.T, a *arena) {
	forged := func(author, noteID, text string) []byte {
		inner := act("Create", noteID+"/create", author, note(noteID, author, a.thread.APID, text))
		delete(inner, "@context")
		return mustJSON(t, act("Announce", a.id(a.crowd, "announces"), a.crowd.ID, inner))
	}
	t.Run("origin serves different content", func(t *testing.T) {
		noteID := a.id(a.victim, "notes")
		a.origin.serve(t, noteID, note(noteID, a.victim.ID, a.thread.APID, "GENUINE-CONTENT"))
		code, resp := post(t, a.inbox, a.crowd, forged(a.victim.ID, noteID, "FORGED-CONTENT"), delivery{})
		if storedText(t, a.n, "FORGED-CONTENT") {
			t.Fatalf("the forged copy is stored (status %d)", code)
		}
		if a.origin.fetches(t, noteID) == 0 {
			t.Errorf("the node never fetched %s from its origin (status %d: %.200s)", noteID, code, resp)
		}
		// What origin serves is what the victim wrote: storing that is right,
		// and shows the node did go to the origin.
		if code != http.StatusAccepted || !storedText(t, a.n, "GENUINE-CONTENT") {
			t.Errorf("status %d, and the origin's content is not stored: %.200s", code, resp)
		}
	})
	t.Run("origin answers 404", func(t *testing.T) {
		noteID := a.id(a.victim, "notes")
		before := countRows(t, a.n)
		code, resp := post(t, a.inbox, a.crowd, forged(a.victim.ID, noteID, "FORGED-404"), delivery{})
		refused(t, a.n, before, "FORGED-404", code, resp, http.StatusAccepted, http.StatusForbidden, http.StatusNotFound, http.StatusBadGateway)
		if a.origin.fetches(t, noteID) == 0 {
			t.Errorf("the node never asked the origin for %s", noteID)
		}
	})
	t.Run("claims a local author", func(t *testing.T) {
		noteID := a.n.URL + "/posts/forged"
		before := countRows(t, a.n)
		code, resp := post(t, a.inbox, a.crowd, forged(a.lena, noteID, "FORGED-LOCAL"), delivery{})
		refused(t, a.n, before, "FORGED-LOCAL", code, resp, http.StatusAccepted, http.StatusForbidden, http.StatusNotFound, http.StatusBadGateway)
	})
}

// More than 1 MiB, announced by Content-Length or sent chunked.
func refuseOversized(t *testing.T, a *arena) {
	_, body := a.reply(t, a.mallory, "OVERSIZED-REPLY "+strings.Repeat("x", 1<<20))
	before := countRows(t, a.n)
	code, resp := post(t, a.inbox, a.mallory, body, delivery{})
	refused(t, a.n, before, "OVERSIZED-REPLY", code, resp, http.StatusRequestEntityTooLarge)
	code, resp = post(t, a.inbox, a.mallory, body, delivery{chunked: true})
	refused(t, a.n, before, "OVERSIZED-REPLY", code, resp, http.StatusRequestEntityTooLarge)
}

// Correctly signed bodies that are not activities the node can read.
func refuseMalformed(t *testing.T, a *arena) {
	deep := `{"type":"Create","id":"` + a.id(a.mallory, "deep") + `","actor":"` + a.mallory.ID + `","object":` +
		strings.Repeat("[", 40) + strings.Repeat("]", 40) + `}`
	before := countRows(t, a.n)
	for name, body := range map[string]string{
		"nested 41 deep": deep,
		"not JSON":       "<html><body>DEFINITELY NOT JSON</body></html>",
		"truncated JSON": `{"type":"Create","actor":"` + a.mallory.ID + `","object":{"type":"Note"`,
		"a JSON array":   `[{"type":"Create"}]`,
	} {
		code, resp := post(t, a.inbox, a.mallory, []byte(body), delivery{})
		if code != http.StatusBadRequest {
			t.Errorf("%s: status %d, want 400: %.200s", name, code, resp)
		}
	}
	if after := countRows(t, a.n); after != before {
		t.Errorf("stored something: before %+v, after %+v", before, after)
	}
}

// A remote person may start a thread in a public space, not in an
// alliance-only one.
func refuseAllianceThread(t *testing.T, a *arena) {
	pageID := a.id(a.mallory, "pages")
	body := mustJSON(t, act("Create", pageID+"/create", a.mallory.ID,
		pageIn(pageID, a.mallory.ID, a.inner, "ALLIANCE-INTRUSION", "let me in")))
	before := countRows(t, a.n)
	code, resp := post(t, a.inbox, a.mallory, body, delivery{})
	refused(t, a.n, before, "ALLIANCE-INTRUSION", code, resp, http.StatusForbidden)
}

// mallory updates lena's thread; bert updates mallory's reply.
func refuseUpdate(t *testing.T, a *arena) {
	before := countRows(t, a.n)
	hijack := map[string]any{"id": a.thread.APID, "type": "Page", "attributedTo": a.mallory.ID, "name": "HIJACKED-TITLE",
		"content": "<p>HIJACKED-BODY</p>", "to": []string{activity.Public}, "audience": a.space}
	code, resp := post(t, a.inbox, a.mallory, mustJSON(t, act("Update", a.id(a.mallory, "updates"), a.mallory.ID, hijack)), delivery{})
	refused(t, a.n, before, "HIJACKED", code, resp, http.StatusForbidden)
	th := readThread(t, a.api, a.thread.ID)
	if th.Title != a.thread.Title || th.BodyHTML != a.thread.BodyHTML || th.EditedAt != nil {
		t.Errorf("the local thread changed: %q %q edited %v", th.Title, th.BodyHTML, th.EditedAt)
	}

	noteID := a.accepted(t, a.mallory, "MALLORY-OWN-WORDS")
	before = countRows(t, a.n)
	edit := note(noteID, a.bert.ID, a.thread.APID, "BERT-EDIT")
	code, resp = post(t, a.inbox, a.bert, mustJSON(t, act("Update", a.id(a.bert, "updates"), a.bert.ID, edit)), delivery{})
	refused(t, a.n, before, "BERT-EDIT", code, resp, http.StatusForbidden)
	if p, _ := readThread(t, a.api, a.thread.ID).postByAPID(noteID); !strings.Contains(p.BodyHTML, "MALLORY-OWN-WORDS") {
		t.Errorf("mallory's reply changed: %q", p.BodyHTML)
	}
}

// Only its author may delete mallory's reply: not victim on another
// server, not bert on the same one. Nobody remote deletes lena's thread.
func refuseDelete(t *testing.T, a *arena) {
	noteID := a.accepted(t, a.mallory, "TO-BE-DELETED")
	tombstone := map[string]any{"id": noteID, "type": "Tombstone"}
	before := countRows(t, a.n)
	for _, by := range []*remoteActor{a.victim, a.bert} {
		code, resp := post(t, a.inbox, by, mustJSON(t, act("Delete", a.id(by, "deletes"), by.ID, tombstone)), delivery{})
		refused(t, a.n, before, "", code, resp, http.StatusForbidden)
		if p, _ := readThread(t, a.api, a.thread.ID).postByAPID(noteID); p.Deleted || !strings.Contains(p.BodyHTML, "TO-BE-DELETED") {
			t.Fatalf("%s deleted mallory's reply", by.ID)
		}
	}
	code, resp := post(t, a.inbox, a.mallory, mustJSON(t, act("Delete", a.id(a.mallory, "deletes"), a.mallory.ID, a.thread.APID)), delivery{})
	refused(t, a.n, before, "", code, resp, http.StatusForbidden)
	if th := readThread(t, a.api, a.thread.ID); th.Deleted || th.BodyHTML != a.thread.BodyHTML {
		t.Fatal("mallory deleted lena's thread")
	}

	code, resp = post(t, a.inbox, a.mallory, mustJSON(t, act("Delete", a.id(a.mallory, "deletes"), a.mallory.ID, tombstone)), delivery{})
	if code != http.StatusAccepted {
		t.Fatalf("delete by the author: status %d: %.300s", code, resp)
	}
	if p, _ := readThread(t, a.api, a.thread.ID).postByAPID(noteID); !p.Deleted || strings.Contains(p.BodyHTML, "TO-BE-DELETED") {
		t.Fatalf("the author's delete did not tombstone the reply: %+v", p)
	}
}

// Likes of lena's thread by bert with four different ids, through the
// space's inbox, lena's, the shared one and the instance actor's, count
// once.
func refuseSecondLike(t *testing.T, a *arena) {
	for _, inbox := range []string{a.inbox, a.member, a.shared, a.n.URL + "/actor/inbox"} {
		like := act("Like", a.id(a.bert, "likes"), a.bert.ID, a.thread.APID)
		if code, resp := post(t, inbox, a.bert, mustJSON(t, like), delivery{}); code != http.StatusAccepted {
			t.Fatalf("Like to %s: status %d: %.300s", inbox, code, resp)
		}
	}
	if th := readThread(t, a.api, a.thread.ID); th.Endorsements != 1 {
		t.Fatalf("endorsements = %d, want 1", th.Endorsements)
	}
}

// Nobody outside the alliance follows the alliance space; nobody undoes
// another's follow.
func refuseFollows(t *testing.T, a *arena) {
	follows := func() int { return countRows(t, a.n).Follows }
	start := follows()
	follow := func(target string) (string, int, string) {
		id := a.id(a.mallory, "follows")
		code, resp := post(t, a.inbox, a.mallory, mustJSON(t, act("Follow", id, a.mallory.ID, target)), delivery{})
		return id, code, resp
	}
	if _, code, resp := follow(a.inner); code != http.StatusAccepted || follows() != start {
		t.Fatalf("follow of the alliance space: status %d, follows %d → %d: %.200s", code, start, follows(), resp)
	}
	followID, code, resp := follow(a.space)
	if code != http.StatusAccepted || follows() != start+1 {
		t.Fatalf("follow of the public space: status %d, follows %d → %d: %.200s", code, start, follows(), resp)
	}
	embedded := map[string]any{"id": followID, "type": "Follow", "actor": a.mallory.ID, "object": a.space}
	for _, object := range []any{embedded, followID} {
		undo := act("Undo", a.id(a.bert, "undos"), a.bert.ID, object)
		code, resp := post(t, a.inbox, a.bert, mustJSON(t, undo), delivery{})
		if code != http.StatusForbidden && code != http.StatusAccepted {
			t.Errorf("bert undoes mallory's follow: status %d: %.200s", code, resp)
		}
		if follows() != start+1 {
			t.Fatalf("bert undid mallory's follow (status %d)", code)
		}
	}
	undo := act("Undo", a.id(a.mallory, "undos"), a.mallory.ID, embedded)
	if code, resp := post(t, a.inbox, a.mallory, mustJSON(t, undo), delivery{}); code != http.StatusAccepted || follows() != start {
		t.Fatalf("mallory's own Undo: status %d, follows %d: %.200s", code, follows(), resp)
	}
}

// GoToSocial signs with keyId <actor>/main-key and algorithm hs2019, and
// its replies carry single values for to and tag and neither audience nor
// context.
func TestGoToSocialStyleDelivery(t *testing.T) {
	t.Parallel()
	a := newArena(t, store.SQLite, nil)
	gts := a.evil.actor(t, "Person", "gotosocial", true)
	// At the key's own address GoToSocial serves a stub of its owner.
	a.evil.serve(t, gts.KeyID, map[string]any{"@context": asContext, "id": gts.ID, "type": "Person",
		"preferredUsername": "gotosocial", "publicKey": gts.Doc["publicKey"]})

	reply := func(id, inReplyTo, text string) []byte {
		obj := map[string]any{
			"id": id, "type": "Note", "attributedTo": gts.ID, "inReplyTo": inReplyTo,
			"content": "<p>" + text + "</p>", "published": time.Now().UTC().Format(time.RFC3339),
			"url": strings.Replace(id, "/users/", "/@", 1),
			"to":  activity.Public,
			"cc":  []string{gts.ID + "/followers", a.space},
			"tag": map[string]any{"type": "Mention", "href": a.space, "name": "@open@" + a.n.Domain()},
		}
		return mustJSON(t, map[string]any{"@context": asContext, "id": id + "/activity", "type": "Create",
			"actor": gts.ID, "object": obj, "to": activity.Public, "cc": []string{gts.ID + "/followers", a.space}})
	}
	first := gts.ID + "/statuses/01FIRST"
	code, resp := post(t, a.shared, gts, reply(first, a.thread.APID, "GTS-FIRST"), delivery{alg: "hs2019"})
	if code != http.StatusAccepted {
		t.Fatalf("GoToSocial-style delivery: status %d: %.300s", code, resp)
	}
	th := readThread(t, a.api, a.thread.ID)
	if p, ok := th.postByAPID(first); !ok || !strings.Contains(p.BodyHTML, "GTS-FIRST") {
		t.Fatalf("the GoToSocial reply is not in the thread: %+v", th.Posts)
	}

	// A reply to that reply, to the member's inbox this time.
	second := gts.ID + "/statuses/02SECOND"
	if code, resp := post(t, a.member, gts, reply(second, first, "GTS-SECOND"), delivery{alg: "hs2019"}); code != http.StatusAccepted {
		t.Fatalf("reply to a reply: status %d: %.300s", code, resp)
	}
	th = readThread(t, a.api, a.thread.ID)
	p1, _ := th.postByAPID(first)
	p2, ok := th.postByAPID(second)
	if !ok || p2.InReplyTo == nil || *p2.InReplyTo != p1.ID {
		t.Fatalf("the reply to a reply is not placed under it: %+v", p2)
	}

	// The Like goes to the author's inbox.
	like := mustJSON(t, act("Like", gts.ID+"/statuses/likes/1", gts.ID, a.thread.APID))
	if code, resp := post(t, a.member, gts, like, delivery{alg: "hs2019"}); code != http.StatusAccepted {
		t.Fatalf("Like: status %d: %.300s", code, resp)
	}
	if th := readThread(t, a.api, a.thread.ID); th.Endorsements != 1 {
		t.Fatalf("endorsements = %d, want 1", th.Endorsements)
	}
}

// A blocked server gets 403 for everything it sends, and what it wrote
// does not come in through an allowed server either.
func TestRefusalBlockedDomain(t *testing.T) {
	t.Parallel()
	t.Run("blocked by an admin", func(t *testing.T) {
		t.Parallel()
		a := newArena(t, store.SQLite, nil)
		known := a.accepted(t, a.mallory, "BEFORE-THE-BLOCK") // mallory's key is now cached
		if err := moderation.New(a.n.DB).SetPolicy(context.Background(), nil, a.evil.Host, moderation.Block, "test"); err != nil {
			t.Fatal(err)
		}
		before := countRows(t, a.n)
		_, body := a.reply(t, a.mallory, "AFTER-THE-BLOCK")
		code, resp := post(t, a.inbox, a.mallory, body, delivery{})
		refused(t, a.n, before, "AFTER-THE-BLOCK", code, resp, http.StatusForbidden)
		like := act("Like", a.id(a.mallory, "likes"), a.mallory.ID, a.thread.APID)
		code, resp = post(t, a.member, a.mallory, mustJSON(t, like), delivery{})
		refused(t, a.n, before, "", code, resp, http.StatusForbidden)
		code, resp = post(t, a.inbox, a.mallory, mustJSON(t, act("Delete", a.id(a.mallory, "deletes"), a.mallory.ID, known)), delivery{})
		refused(t, a.n, before, "", code, resp, http.StatusForbidden)
		if p, _ := readThread(t, a.api, a.thread.ID).postByAPID(known); p.Deleted {
			t.Error("a blocked server deleted a post")
		}

		// A group on an allowed server relays a post by mallory.
		relay := a.origin.group(t, "relay")
		noteID := a.id(a.mallory, "notes")
		a.evil.serve(t, noteID, note(noteID, a.mallory.ID, a.thread.APID, "RELAYED-FROM-BLOCKED"))
		inner := act("Create", noteID+"/create", a.mallory.ID, note(noteID, a.mallory.ID, a.thread.APID, "RELAYED-FROM-BLOCKED"))
		ann := act("Announce", a.id(relay, "announces"), relay.ID, inner)
		code, resp = post(t, a.inbox, relay, mustJSON(t, ann), delivery{})
		refused(t, a.n, before, "RELAYED-FROM-BLOCKED", code, resp, http.StatusAccepted, http.StatusForbidden)
		if n := a.evil.fetches(t, noteID); n != 0 {
			t.Errorf("the node fetched from a blocked server %d times", n)
		}
	})
	t.Run("blocked in the configuration", func(t *testing.T) {
		t.Parallel()
		a := newArena(t, store.SQLite, func(c *config.Config, evil, _ *hostile) {
			c.FederationBlock = []string{evil.Host}
		})
		_, body := a.reply(t, a.mallory, "CONFIG-BLOCKED")
		before := countRows(t, a.n)
		code, resp := post(t, a.inbox, a.mallory, body, delivery{})
		refused(t, a.n, before, "CONFIG-BLOCKED", code, resp, http.StatusForbidden)
		if got := a.evil.requests(); len(got) != 0 {
			t.Errorf("the node talked to a blocked server: %v", got)
		}
	})
}

// Without PORTAL_FEDERATION_ALLOW_PRIVATE_ADDRESSES the node cannot fetch
// a key from 127.0.0.1, so nothing from there authenticates, and no
// request leaves for it.
func TestRefusalPrivateAddresses(t *testing.T) {
	t.Parallel()
	a := newArena(t, store.SQLite, func(c *config.Config, _, _ *hostile) { c.AllowPrivateAddresses = false })
	before := countRows(t, a.n)
	_, body := a.reply(t, a.mallory, "FROM-LOOPBACK")
	code, resp := post(t, a.inbox, a.mallory, body, delivery{})
	refused(t, a.n, before, "FROM-LOOPBACK", code, resp, http.StatusUnauthorized, http.StatusForbidden)
	like := act("Like", a.id(a.mallory, "likes"), a.mallory.ID, a.thread.APID)
	code, resp = post(t, a.shared, a.mallory, mustJSON(t, like), delivery{})
	refused(t, a.n, before, "", code, resp, http.StatusUnauthorized, http.StatusForbidden)
	if got := a.evil.requests(); len(got) != 0 {
		t.Errorf("the node sent requests to a loopback address: %v", got)
	}
}

// A group announces a Delete of a third server's post. The node must
// delete only when the origin says the post is gone, not whenever it
// cannot get an answer from it.
func TestAttackAnnouncedDeleteNeedsOrigin(t *testing.T) {
	t.Parallel()
	a := newArena(t, store.SQLite, nil)
	noteID := a.accepted(t, a.victim, "VICTIM-WORDS")
	a.origin.serve(t, noteID, note(noteID, a.victim.ID, a.thread.APID, "VICTIM-WORDS"))
	announceDelete := func() (int, string) {
		inner := act("Delete", a.id(a.victim, "deletes"), a.victim.ID, map[string]any{"id": noteID, "type": "Tombstone"})
		delete(inner, "@context")
		return post(t, a.inbox, a.crowd, mustJSON(t, act("Announce", a.id(a.crowd, "announces"), a.crowd.ID, inner)), delivery{})
	}
	gone := func() bool {
		p, ok := readThread(t, a.api, a.thread.ID).postByAPID(noteID)
		return !ok || p.Deleted
	}

	code, resp := announceDelete()
	if gone() {
		t.Fatalf("deleted although the origin still serves the post (status %d: %.200s)", code, resp)
	}
	for _, status := range []int{http.StatusServiceUnavailable, http.StatusUnauthorized} {
		a.origin.answer(t, noteID, status)
		code, resp = announceDelete()
		if gone() {
			t.Fatalf("deleted on crowd's word while the origin answered %d (status %d: %.200s)", status, code, resp)
		}
	}
	a.origin.answer(t, noteID, http.StatusGone)
	if code, resp = announceDelete(); code != http.StatusAccepted || !gone() {
		t.Fatalf("the origin answers 410 Gone, but the post stays (status %d: %.200s)", code, resp)
	}
}

// Signed requests replayed as they were.
func TestReplay(t *testing.T) {
	t.Parallel()
	a := newArena(t, store.SQLite, nil)

	t.Run("verbatim to the same inbox", func(t *testing.T) {
		noteID, body := a.reply(t, a.mallory, "REPLAYED-VERBATIM")
		req := build(t, a.inbox, a.mallory, body, delivery{})
		if code, resp := send(t, replay(t, req, body, a.inbox, false)); code != http.StatusAccepted {
			t.Fatalf("first delivery: status %d: %.300s", code, resp)
		}
		before := countRows(t, a.n)
		for _, inbox := range []string{a.inbox, a.shared} {
			code, resp := send(t, replay(t, req, body, inbox, false))
			if inbox == a.inbox {
				refused(t, a.n, before, "", code, resp, http.StatusAccepted)
			} else {
				// (request-target) is signed: another path does not verify.
				refused(t, a.n, before, "", code, resp, http.StatusUnauthorized)
			}
		}
		n := 0
		for _, p := range readThread(t, a.api, a.thread.ID).Posts {
			if p.APID == noteID {
				n++
			}
		}
		if n != 1 {
			t.Fatalf("%d copies of the reply", n)
		}
	})

	t.Run("a Like after its Undo", func(t *testing.T) {
		likeID := a.id(a.mallory, "likes")
		likeBody := mustJSON(t, act("Like", likeID, a.mallory.ID, a.thread.APID))
		likeReq := build(t, a.member, a.mallory, likeBody, delivery{})
		if code, resp := send(t, replay(t, likeReq, likeBody, a.member, false)); code != http.StatusAccepted {
			t.Fatalf("Like: status %d: %.300s", code, resp)
		}
		if th := readThread(t, a.api, a.thread.ID); th.Endorsements != 1 {
			t.Fatalf("endorsements = %d after the Like", th.Endorsements)
		}
		undo := act("Undo", a.id(a.mallory, "undos"), a.mallory.ID,
			map[string]any{"id": likeID, "type": "Like", "actor": a.mallory.ID, "object": a.thread.APID})
		if code, resp := post(t, a.member, a.mallory, mustJSON(t, undo), delivery{}); code != http.StatusAccepted {
			t.Fatalf("Undo: status %d: %.300s", code, resp)
		}
		if th := readThread(t, a.api, a.thread.ID); th.Endorsements != 0 {
			t.Fatalf("endorsements = %d after the Undo", th.Endorsements)
		}
		code, resp := send(t, replay(t, likeReq, likeBody, a.member, false))
		if th := readThread(t, a.api, a.thread.ID); th.Endorsements != 0 {
			t.Fatalf("the replayed Like counts again (status %d: %.200s)", code, resp)
		}
	})

	t.Run("captured by another server", func(t *testing.T) {
		// mallory delivered this to origin; origin sends it on to the node.
		_, body := a.reply(t, a.mallory, "MEANT-FOR-ORIGIN")
		req := build(t, a.origin.URL+"/inbox", a.mallory, body, delivery{})
		before := countRows(t, a.n)
		code, resp := send(t, replay(t, req, body, a.shared, false))
		refused(t, a.n, before, "MEANT-FOR-ORIGIN", code, resp, http.StatusUnauthorized)
		// The same, keeping the Host it was signed for.
		code, resp = send(t, replay(t, req, body, a.shared, true))
		refused(t, a.n, before, "MEANT-FOR-ORIGIN", code, resp, http.StatusUnauthorized, http.StatusBadRequest, http.StatusMisdirectedRequest, http.StatusForbidden)
	})
}

// Announced activity ids are the announcer's claim, not the origin's:
// they must not be recorded as received. Mastodon names a post's Delete
// <post>#delete, so a group that announces a "Create" under that id would
// otherwise make the author's real Delete a duplicate, ignored forever.
func TestAttackAnnouncePoisonsActivityID(t *testing.T) {
	t.Parallel()
	a := newArena(t, store.SQLite, nil)
	noteID := a.accepted(t, a.victim, "REGRETTED-WORDS")
	a.origin.serve(t, noteID, note(noteID, a.victim.ID, a.thread.APID, "REGRETTED-WORDS"))
	deleteID := noteID + "#delete"

	inner := act("Create", deleteID, a.victim.ID, note(noteID, a.victim.ID, a.thread.APID, "REGRETTED-WORDS"))
	delete(inner, "@context")
	ann := act("Announce", a.id(a.crowd, "announces"), a.crowd.ID, inner)
	if code, resp := post(t, a.inbox, a.crowd, mustJSON(t, ann), delivery{}); code >= 500 {
		t.Fatalf("announce: status %d: %.300s", code, resp)
	}

	a.origin.answer(t, noteID, http.StatusGone)
	del := act("Delete", deleteID, a.victim.ID, map[string]any{"id": noteID, "type": "Tombstone"})
	if code, resp := post(t, a.inbox, a.victim, mustJSON(t, del), delivery{}); code != http.StatusAccepted {
		t.Fatalf("the author's Delete: status %d: %.300s", code, resp)
	}
	if p, _ := readThread(t, a.api, a.thread.ID).postByAPID(noteID); !p.Deleted {
		t.Fatal("the author's Delete was taken for a redelivery: a group's announce recorded its id first")
	}
}

// Refusals tell a remote server what it did wrong, not what the node's
// network looks like: no dial errors, addresses or ports of other hosts.
func TestAttackErrorsLeakNoNetworkDetail(t *testing.T) {
	t.Parallel()
	a := newArena(t, store.SQLite, nil)
	ln := testkit.Listen(t)
	closed := ln.Addr().String()
	ln.Close()
	noteID := a.id(a.mallory, "notes")
	probe := note(noteID, a.mallory.ID, "http://"+closed+"/internal/admin", "PORT-PROBE")
	before := countRows(t, a.n)
	code, resp := post(t, a.inbox, a.mallory, mustJSON(t, act("Create", noteID+"/create", a.mallory.ID, probe)), delivery{})
	if after := countRows(t, a.n); after != before || storedText(t, a.n, "PORT-PROBE") {
		t.Errorf("a reply to an unreachable parent is stored: %+v → %+v", before, after)
	}
	for _, leak := range []string{"dial", "refused", "connect", closed} {
		if strings.Contains(resp, leak) {
			t.Errorf("the answer (status %d) tells the remote server %q: %s", code, leak, resp)
		}
	}
}

// Edits of a third server's post relayed by a group, with no id of their
// own (or one the node cannot trust), are each fetched from the origin and
// applied: the second is not taken for a redelivery of the first.
func TestAttackRelayedEditsWithoutIDs(t *testing.T) {
	t.Parallel()
	a := newArena(t, store.SQLite, nil)
	noteID := a.accepted(t, a.victim, "FIRST-VERSION")
	for _, text := range []string{"SECOND-VERSION", "THIRD-VERSION"} {
		a.origin.serve(t, noteID, note(noteID, a.victim.ID, a.thread.APID, text))
		inner := act("Update", "", a.victim.ID, note(noteID, a.victim.ID, a.thread.APID, text))
		delete(inner, "id")
		delete(inner, "@context")
		ann := act("Announce", a.id(a.crowd, "announces"), a.crowd.ID, inner)
		if code, resp := post(t, a.inbox, a.crowd, mustJSON(t, ann), delivery{}); code != http.StatusAccepted {
			t.Fatalf("announce of the edit to %s: status %d: %.300s", text, code, resp)
		}
		if p, _ := readThread(t, a.api, a.thread.ID).postByAPID(noteID); !strings.Contains(p.BodyHTML, text) {
			t.Fatalf("the relayed edit to %s is not applied: %q", text, p.BodyHTML)
		}
	}
}

// A Delete that overtakes its Create (deliveries run in parallel and are
// retried) is remembered: the Create that comes after it stores nothing,
// as a reply or as a new thread.
func refuseResurrection(t *testing.T, a *arena) {
	for _, kind := range []string{"reply", "thread"} {
		id := a.id(a.mallory, "early")
		del := mustJSON(t, act("Delete", id+"/delete", a.mallory.ID, map[string]any{"id": id, "type": "Tombstone"}))
		if code, resp := post(t, a.inbox, a.mallory, del, delivery{}); code != http.StatusAccepted {
			t.Fatalf("%s: the early Delete: %d %.300s", kind, code, resp)
		}
		object := note(id, a.mallory.ID, a.thread.APID, "RESURRECTED-"+kind)
		if kind == "thread" {
			object = pageIn(id, a.mallory.ID, a.space, "RESURRECTED-"+kind, "gone before it came")
		}
		before := countRows(t, a.n)
		code, resp := post(t, a.inbox, a.mallory, mustJSON(t, act("Create", id+"/create", a.mallory.ID, object)), delivery{})
		if code != http.StatusAccepted {
			t.Errorf("%s: the late Create: %d %.300s", kind, code, resp)
		}
		// The Create itself may be recorded as seen; what it carried is not.
		if after := countRows(t, a.n); after.Threads != before.Threads || after.Posts != before.Posts {
			t.Errorf("%s: stored: before %+v, after %+v", kind, before, after)
		}
		if storedText(t, a.n, "RESURRECTED-"+kind) {
			t.Errorf("%s: the deleted object is stored", kind)
		}
	}
}

// A thread its moderators locked takes no replies from elsewhere either.
func refuseLockedThread(t *testing.T, a *arena) {
	ctx := context.Background()
	setLocked := func(locked bool) {
		th, err := a.n.DB.GetThread(ctx, a.thread.ID)
		if err != nil {
			t.Fatal(err)
		}
		th.Locked = locked
		if err := a.n.DB.UpdateThread(ctx, th); err != nil {
			t.Fatal(err)
		}
	}
	setLocked(true)
	defer setLocked(false)
	id := a.id(a.mallory, "notes")
	before := countRows(t, a.n)
	code, resp := post(t, a.inbox, a.mallory, mustJSON(t, act("Create", id+"/create", a.mallory.ID,
		note(id, a.mallory.ID, a.thread.APID, "LOCKED-OUT reply"))), delivery{})
	refused(t, a.n, before, "LOCKED-OUT", code, resp, http.StatusForbidden)
}

// A deleted thread takes no new replies from elsewhere, as none from here.
func refuseDeletedThread(t *testing.T, a *arena) {
	var gone apiThread
	a.api.JSON(t, "POST", "/api/v1/spaces/open/threads", map[string]any{"title": "Soon gone", "body": "x"}, 201, &gone)
	a.api.JSON(t, "DELETE", "/api/v1/threads/"+gone.ID, nil, 204, nil)
	id := a.id(a.mallory, "notes")
	before := countRows(t, a.n)
	code, resp := post(t, a.inbox, a.mallory, mustJSON(t, act("Create", id+"/create", a.mallory.ID,
		note(id, a.mallory.ID, gone.APID, "AFTER-DELETE reply"))), delivery{})
	refused(t, a.n, before, "AFTER-DELETE", code, resp, http.StatusGone)
}
