package apjson

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden with the current output")

// documents are the golden cases: every kind of document Portal sends.
func documents() []struct {
	name string
	v    any
} {
	return []struct {
		name string
		v    any
	}{
		{"person", person()},
		{"group", group()},
		{"application", application()},
		{"page", page()},
		{"challenge_page", challengePage()},
		{"note_reply", noteReply()},
		{"tombstone", tombstone()},
		{"create_page", createPage()},
		{"announce_create_page", announceCreatePage()},
		{"announce_page_iri", announcePageIRI()},
		{"update_note", updateNote()},
		{"update_group", updateGroup()},
		{"delete_tombstone", deleteTombstone()},
		{"follow", follow()},
		{"accept_follow", acceptFollow()},
		{"undo_like", undoLike()},
		{"like", like()},
		{"flag", flagReport()},
		{"ordered_collection", orderedCollection()},
		{"ordered_collection_page", orderedCollectionPage()},
	}
}

func TestGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range documents() {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := Marshal(tc.v)
			if err != nil {
				t.Fatalf("Marshal: %v", err)
			}
			var indented bytes.Buffer
			if err := json.Indent(&indented, got, "", "  "); err != nil {
				t.Fatalf("output is not JSON: %v\n%s", err, got)
			}
			indented.WriteByte('\n')
			path := filepath.Join("testdata", tc.name+".golden")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, indented.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(indented.Bytes(), want) {
				t.Errorf("%s differs from the golden file; got:\n%s", path, indented.Bytes())
			}
		})
	}
}

// TestDeterministic marshals every document twice: golden files are only
// useful if the output never depends on map order.
func TestDeterministic(t *testing.T) {
	t.Parallel()
	for _, tc := range documents() {
		a, err := Marshal(tc.v)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		for range 5 {
			b, err := Marshal(tc.v)
			if err != nil {
				t.Fatalf("%s: %v", tc.name, err)
			}
			if !bytes.Equal(a, b) {
				t.Fatalf("%s: output changed between runs:\n%s\n%s", tc.name, a, b)
			}
		}
	}
}

func TestContext(t *testing.T) {
	t.Parallel()
	for _, tc := range documents() {
		m, err := MarshalMap(tc.v)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		ctx, ok := m["@context"].([]any)
		if !ok || len(ctx) != 3 {
			t.Fatalf("%s: @context = %#v, want a list of three", tc.name, m["@context"])
		}
		if ctx[0] != "https://www.w3.org/ns/activitystreams" || ctx[1] != "https://w3id.org/security/v1" {
			t.Errorf("%s: @context starts %v, %v", tc.name, ctx[0], ctx[1])
		}
		terms, ok := ctx[2].(map[string]any)
		if !ok {
			t.Fatalf("%s: third @context entry is %T, want term definitions", tc.name, ctx[2])
		}
		// streams v1.0.0 lists Mastodon's namespace as if it were a
		// context document; it must not survive anywhere in @context.
		// (The namespace with its '#' may define the toot: prefix.)
		walk(m["@context"], func(v any) {
			if s, ok := v.(string); ok && strings.TrimSuffix(s, "/") == "http://joinmastodon.org/ns" {
				t.Errorf("%s: @context contains %q", tc.name, s)
			}
		})
		for term, want := range map[string]string{
			"manuallyApprovesFollowers": "as:manuallyApprovesFollowers",
			"sensitive":                 "as:sensitive",
			"Hashtag":                   "as:Hashtag",
			"portal":                    Namespace,
			"category":                  "portal:category",
			"status":                    "portal:status",
			"endorsements":              "portal:endorsements",
			"visibility":                "portal:visibility",
			"lemmy":                     "https://join-lemmy.org/ns#",
			"postingRestrictedToMods":   "lemmy:postingRestrictedToMods",
		} {
			if terms[term] != want {
				t.Errorf("%s: @context term %s = %v, want %s", tc.name, term, terms[term], want)
			}
		}
		mods, _ := terms["moderators"].(map[string]any)
		if mods["@id"] != "lemmy:moderators" || mods["@type"] != "@id" {
			t.Errorf("%s: @context term moderators = %v", tc.name, terms["moderators"])
		}
		// Only the top level carries @context.
		for k, v := range m {
			if k == "@context" {
				continue
			}
			walk(v, func(v any) {
				if n, ok := v.(map[string]any); ok {
					if _, has := n["@context"]; has {
						t.Errorf("%s: nested object under %s has @context", tc.name, k)
					}
				}
			})
		}
	}
}

// walk calls f on v and everything inside it.
func walk(v any, f func(any)) {
	f(v)
	switch v := v.(type) {
	case map[string]any:
		for _, e := range v {
			walk(e, f)
		}
	case []any:
		for _, e := range v {
			walk(e, f)
		}
	}
}

func TestArraysStayArrays(t *testing.T) {
	t.Parallel()
	o := noteReply()
	o.To = []string{Public}
	o.Cc = []string{space}
	o.Tag = []Tag{{Type: "Hashtag", Href: node + "/tags/x", Name: "#x"}}
	m, err := MarshalMap(&Activity{ID: reply + "/create", Type: "Create", Actor: bob, Object: o, To: []string{Public}})
	if err != nil {
		t.Fatal(err)
	}
	for _, doc := range []map[string]any{m, m["object"].(map[string]any)} {
		for _, k := range []string{"to", "cc", "tag"} {
			v, ok := doc[k]
			if !ok {
				continue
			}
			if a, isArray := v.([]any); !isArray || len(a) != 1 {
				t.Errorf("%s of %s = %#v, want a one-element array", k, doc["type"], v)
			}
		}
	}
	if _, ok := m["object"].(map[string]any)["cc"]; !ok {
		t.Error("object lost its cc")
	}
	if _, ok := m["cc"]; ok {
		t.Error("an empty cc was written")
	}

	c, err := MarshalMap(&Collection{ID: thread + "?page=1", Type: "OrderedCollectionPage", PartOf: thread, Items: []any{reply}})
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := c["orderedItems"].([]any); !ok || len(a) != 1 || a[0] != reply {
		t.Errorf("orderedItems = %#v, want [%q]", c["orderedItems"], reply)
	}
	c, err = MarshalMap(&Collection{ID: thread + "?page=9", Type: "OrderedCollectionPage", PartOf: thread})
	if err != nil {
		t.Fatal(err)
	}
	if a, ok := c["orderedItems"].([]any); !ok || len(a) != 0 {
		t.Errorf("empty page: orderedItems = %#v, want []", c["orderedItems"])
	}
}

func TestTimes(t *testing.T) {
	t.Parallel()
	b, err := Marshal(page())
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	if got := m["published"]; got != "2025-03-14T10:15:30.123Z" {
		t.Errorf("published = %v, want 2025-03-14T10:15:30.123Z", got)
	}
	if _, ok := m["updated"]; ok {
		t.Error("updated written for a post never edited")
	}

	// Whole seconds still carry three digits, and a zone is converted to UTC.
	o := noteReply()
	o.Published = at(11, 0, 0, 0).In(fixedZone())
	m, err = MarshalMap(o)
	if err != nil {
		t.Fatal(err)
	}
	if got := m["published"]; got != "2025-03-14T11:00:00.000Z" {
		t.Errorf("published = %v, want 2025-03-14T11:00:00.000Z", got)
	}
}

func TestSensitiveAlwaysWritten(t *testing.T) {
	t.Parallel()
	for _, v := range []*Object{page(), noteReply(), challengePage()} {
		m, err := MarshalMap(v)
		if err != nil {
			t.Fatal(err)
		}
		if s, ok := m["sensitive"]; !ok || s != false {
			t.Errorf("%s: sensitive = %#v (present %v), want false", v.Type, s, ok)
		}
	}
	o := noteReply()
	o.Sensitive = true
	m, err := MarshalMap(o)
	if err != nil {
		t.Fatal(err)
	}
	if m["sensitive"] != true {
		t.Errorf("sensitive = %#v, want true", m["sensitive"])
	}
}

func TestPostProperties(t *testing.T) {
	t.Parallel()
	m, err := MarshalMap(challengePage())
	if err != nil {
		t.Fatal(err)
	}
	if m["mediaType"] != "text/html" {
		t.Errorf("mediaType = %v", m["mediaType"])
	}
	src, _ := m["source"].(map[string]any)
	if src["content"] != "How do you match re-encoded files?" || src["mediaType"] != "text/markdown" {
		t.Errorf("source = %v", m["source"])
	}
	rep, _ := m["replies"].(map[string]any)
	if rep["id"] != node+"/p/200/replies" || rep["type"] != "OrderedCollection" || rep["first"] != node+"/p/200/replies?page=1" {
		t.Errorf("replies = %v", m["replies"])
	}
	if m["category"] != "detection" || m["status"] != "open" || m["endorsements"] != 3 {
		t.Errorf("category, status, endorsements = %v, %v, %v", m["category"], m["status"], m["endorsements"])
	}
	tags, _ := m["tag"].([]any)
	if len(tags) != 2 {
		t.Fatalf("tag = %v", m["tag"])
	}
	mention, _ := tags[0].(map[string]any)
	hashtag, _ := tags[1].(map[string]any)
	if mention["type"] != "Mention" || mention["href"] != space || mention["name"] != "@meta@portal.example" {
		t.Errorf("mention = %v", mention)
	}
	if hashtag["type"] != "Hashtag" || hashtag["name"] != "#challenge" {
		t.Errorf("hashtag = %v (want the # added)", hashtag)
	}

	// A plain post carries none of the challenge properties.
	m, err = MarshalMap(page())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"category", "status", "endorsements", "visibility", "updated"} {
		if _, ok := m[k]; ok {
			t.Errorf("plain page has %s", k)
		}
	}

	// A Tombstone carries nothing of what was deleted.
	m, err = MarshalMap(tombstone())
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"content", "source", "mediaType", "name", "sensitive", "tag", "replies"} {
		if _, ok := m[k]; ok {
			t.Errorf("tombstone has %s", k)
		}
	}
	if m["formerType"] != "Note" || m["deleted"] != "2025-03-14T12:00:00.500Z" {
		t.Errorf("tombstone formerType, deleted = %v, %v", m["formerType"], m["deleted"])
	}
}

func TestActorProperties(t *testing.T) {
	t.Parallel()
	m, err := MarshalMap(group())
	if err != nil {
		t.Fatal(err)
	}
	key, _ := m["publicKey"].(map[string]any)
	if key["id"] != space+"#main-key" || key["owner"] != space || key["publicKeyPem"] != testPEM {
		t.Errorf("publicKey = %v", m["publicKey"])
	}
	ep, _ := m["endpoints"].(map[string]any)
	if ep["sharedInbox"] != node+"/inbox" {
		t.Errorf("endpoints = %v", m["endpoints"])
	}
	if m["attributedTo"] != space+"/moderators" || m["moderators"] != space+"/moderators" {
		t.Errorf("attributedTo, moderators = %v, %v", m["attributedTo"], m["moderators"])
	}
	if m["postingRestrictedToMods"] != false || m["manuallyApprovesFollowers"] != true {
		t.Errorf("postingRestrictedToMods, manuallyApprovesFollowers = %v, %v", m["postingRestrictedToMods"], m["manuallyApprovesFollowers"])
	}

	m, err = MarshalMap(person())
	if err != nil {
		t.Fatal(err)
	}
	if m["manuallyApprovesFollowers"] != false {
		t.Errorf("person manuallyApprovesFollowers = %#v, want false", m["manuallyApprovesFollowers"])
	}
	for _, k := range []string{"postingRestrictedToMods", "moderators", "attributedTo"} {
		if _, ok := m[k]; ok {
			t.Errorf("person has %s", k)
		}
	}
}

func TestTitleRoundTrips(t *testing.T) {
	t.Parallel()
	for _, title := range []string{
		"Meta: why so slow?",
		"https: not a link",
		"<b>not markup</b> & \"quotes\"",
		"Ünïcödé — 漢字",
	} {
		o := page()
		o.Name = title
		b, err := Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		var m map[string]any
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatal(err)
		}
		if m["name"] != title {
			t.Errorf("name = %q, want %q", m["name"], title)
		}
	}
}

func TestErrors(t *testing.T) {
	t.Parallel()
	alliancePage := page()
	alliancePage.Visibility = "alliance"
	loop := &Activity{ID: node + "/a/loop", Type: "Announce", Actor: space}
	loop.Object = loop
	cases := map[string]any{
		"nil":                     nil,
		"nil object":              (*Object)(nil),
		"value not pointer":       *page(),
		"unknown object type":     &Object{ID: firstPost, Type: "Article"},
		"unknown actor type":      &Actor{ID: alice, Type: "Robot"},
		"unknown activity type":   &Activity{ID: node + "/a/1", Type: "Poke", Actor: alice, Object: firstPost},
		"unknown collection type": &Collection{ID: thread, Type: "Bag"},
		"no id":                   &Object{Type: "Note"},
		"relative IRI":            &Object{ID: "/p/1", Type: "Note"},
		"non-ASCII IRI":           &Object{ID: node + "/u/jürgen", Type: "Note"},
		"IDN host":                &Activity{ID: node + "/a/1", Type: "Like", Actor: alice, Object: "https://例え.jp/p/1"},
		"bad cc":                  &Object{ID: firstPost, Type: "Note", Cc: []string{"not an iri"}},
		"no actor":                &Activity{ID: node + "/a/1", Type: "Like", Object: firstPost},
		"no object":               &Activity{ID: node + "/a/1", Type: "Like", Actor: alice},
		"object of wrong type":    &Activity{ID: node + "/a/1", Type: "Like", Actor: alice, Object: 7},
		"unknown tag":             &Object{ID: firstPost, Type: "Note", Tag: []Tag{{Type: "Emoji", Href: node}}},
		"next on a collection":    &Collection{ID: thread, Type: "OrderedCollection", Next: thread + "?page=2"},
		"item of wrong type":      &Collection{ID: thread, Type: "Collection", Items: []any{3}},
		"public alliance object":  alliancePage,
		"public alliance group update": func() *Activity {
			u := updateGroup()
			u.Object.(*Actor).Visibility = "alliance"
			return u
		}(),
		"public alliance create": &Activity{ID: node + "/a/1", Type: "Create", Actor: alice, Object: func() *Object { o := page(); o.To = []string{space}; o.Cc = nil; o.Visibility = "alliance"; return o }(), To: []string{Public}},
		"pointer cycle":          loop,
	}
	for name, v := range cases {
		if b, err := Marshal(v); err == nil {
			t.Errorf("%s: no error; got %s", name, b)
		} else if !strings.HasPrefix(err.Error(), "apjson: ") {
			t.Errorf("%s: error %q lacks the package prefix", name, err)
		}
	}

	// An alliance post addressed to the space alone is fine.
	o := page()
	o.Visibility = "alliance"
	o.To = []string{space}
	o.Cc = []string{space + "/followers"}
	m, err := MarshalMap(o)
	if err != nil {
		t.Fatal(err)
	}
	if m["visibility"] != "alliance" {
		t.Errorf("visibility = %v", m["visibility"])
	}
}

// TestMapIsOwned checks that changing one returned map does not change the
// next document.
func TestMapIsOwned(t *testing.T) {
	t.Parallel()
	m, err := MarshalMap(like())
	if err != nil {
		t.Fatal(err)
	}
	m["@context"].([]any)[2].(map[string]any)["sensitive"] = "changed"
	m2, err := MarshalMap(like())
	if err != nil {
		t.Fatal(err)
	}
	if m2["@context"].([]any)[2].(map[string]any)["sensitive"] != "as:sensitive" {
		t.Error("a change to one document's @context leaked into the next")
	}
}
