package apjson

import (
	"slices"
	"testing"

	"github.com/protectors-portal/portal/federation/activity"
)

// flagReport is a report forwarded by portal.example's instance actor about
// bob's post on other.example: no member of ours is named in it.
func flagReport() *Activity {
	return &Activity{
		ID:        node + "/activities/7",
		Type:      "Flag",
		Actor:     node + "/actor",
		Object:    []string{bob, "https://other.example/p/9"},
		Content:   "Names a child & her school <here>.",
		To:        []string{bob},
		Published: at(12, 30, 0, 0),
	}
}

func TestFlagRoundTrip(t *testing.T) {
	t.Parallel()
	want := flagReport()
	m, err := MarshalMap(want)
	if err != nil {
		t.Fatal(err)
	}
	if objs, ok := m["object"].([]any); !ok || len(objs) != 2 || objs[0] != bob || objs[1] != "https://other.example/p/9" {
		t.Errorf("object = %#v, want the account and the post", m["object"])
	}
	if m["content"] != want.Content {
		t.Errorf("content = %#v", m["content"])
	}
	for _, k := range []string{"mediaType", "name", "audience", "cc"} {
		if _, ok := m[k]; ok {
			t.Errorf("flag has %s", k)
		}
	}
	b, err := Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	got, err := activity.Parse(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != want.ID || got.Type != "Flag" || got.Actor != want.Actor || got.Content != want.Content {
		t.Errorf("id, type, actor, content = %q, %q, %q, %q", got.ID, got.Type, got.Actor, got.Content)
	}
	if !slices.Equal(got.Objects, want.Object.([]string)) || got.ObjectID != bob {
		t.Errorf("objects = %q (object id %q), want %q", got.Objects, got.ObjectID, want.Object)
	}
	checkAddressing(t, got.To, got.Cc, want.To, nil)
	checkTime(t, "published", got.Published, want.Published)

	// Without a comment there is no content; without objects, no Flag.
	want.Content = ""
	if m, err = MarshalMap(want); err != nil {
		t.Fatal(err)
	} else if _, ok := m["content"]; ok {
		t.Errorf("empty comment written as %#v", m["content"])
	}
	for _, objs := range [][]string{nil, {}, {bob, "not an iri"}} {
		f := flagReport()
		f.Object = objs
		if _, err := Marshal(f); err == nil {
			t.Errorf("object %q: no error", objs)
		}
	}
}
