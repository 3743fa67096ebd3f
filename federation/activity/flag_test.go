package activity

import (
	"slices"
	"testing"
)

// A Flag names the reported account and then the reported posts, as an
// array of IRIs (Mastodon, GoToSocial), or the account alone as one IRI;
// its content is the reporter's comment, in plain text.
func TestFlag(t *testing.T) {
	t.Parallel()
	a, err := Parse(readFixture(t, "mastodon_flag.json"))
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"https://portal.example/members/ivo",
		"https://portal.example/threads/41",
		"https://portal.example/threads/41/posts/7",
	}
	if a.Type != "Flag" || a.Actor != "https://mastodon.example/actor" || !slices.Equal(a.Objects, want) {
		t.Errorf("type, actor, objects = %q, %q, %q; want Flag, the instance actor, %q", a.Type, a.Actor, a.Objects, want)
	}
	if a.ObjectID != want[0] || a.Object != nil || a.Inner != nil {
		t.Errorf("object id %q (embedded %v, %v), want the first IRI", a.ObjectID, a.Object, a.Inner)
	}
	// Text, taken as it came: markup in it is not interpreted or removed.
	if a.Content != "Shares a survivor's school & town <b>in full</b>. Please remove." {
		t.Errorf("content = %q", a.Content)
	}

	a, err = Parse([]byte(`{"id": "https://gts.example/reports/01", "type": "Flag", "actor": "https://gts.example/users/gts.example",
		"object": "https://portal.example/members/ivo"}`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Objects, []string{"https://portal.example/members/ivo"}) || a.ObjectID != "https://portal.example/members/ivo" || a.Content != "" {
		t.Errorf("single IRI: objects %q, object id %q, content %q", a.Objects, a.ObjectID, a.Content)
	}

	// Embedded objects count by their id, Links by their href; nulls,
	// empty strings and objects without an id name nothing.
	a, err = Parse([]byte(`{"id": "https://x.example/f/2", "type": "as:Flag", "actor": "https://x.example/actor",
		"contentMap": {"de": "Bitte prüfen", "en": "Please check"},
		"object": [null, "", {"id": "https://portal.example/members/ivo", "type": "Person"},
			{"type": "Note", "content": "no id"},
			{"type": "Link", "href": "https://portal.example/threads/41"},
			{"id": "https://portal.example/threads/41/posts/7", "type": "Note"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Objects, want) {
		t.Errorf("embedded: objects = %q, want %q", a.Objects, want)
	}
	if a.Content != "Please check" {
		t.Errorf("contentMap: content = %q", a.Content)
	}
}

// Objects is there for every activity; the content of an embedded object
// is not the activity's own.
func TestObjectsOfOtherActivities(t *testing.T) {
	t.Parallel()
	a, err := Parse(readFixture(t, "mastodon_create_note.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Objects, []string{a.ObjectID}) || a.Content != "" {
		t.Errorf("create: objects %q (object id %q), content %q", a.Objects, a.ObjectID, a.Content)
	}
	a, err = Parse(readFixture(t, "mastodon_undo_like.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(a.Objects, []string{a.Inner.ID}) {
		t.Errorf("undo: objects %q, want the inner Like's id", a.Objects)
	}
	a, err = Parse([]byte(`{"id": "https://a.example/d/1", "type": "Delete", "actor": "https://a.example/u", "object": null}`))
	if err != nil || a.Objects != nil {
		t.Errorf("null object: %v, objects %q", err, a.Objects)
	}
}
