package apjson

import (
	"slices"
	"testing"
	"time"

	"github.com/protectors-portal/portal/federation/activity"
)

// These tests read what apjson writes with Portal's own tolerant parser, so
// that a node always understands another node's output.

func checkObject(t *testing.T, want *Object, got *activity.Object) {
	t.Helper()
	if got.ID != want.ID || got.Type != want.Type {
		t.Errorf("id, type = %q, %q; want %q, %q", got.ID, got.Type, want.ID, want.Type)
	}
	if want.Type == "Tombstone" {
		if got.Content != "" || got.Source != "" {
			t.Errorf("tombstone carries content %q, source %q", got.Content, got.Source)
		}
	} else {
		if got.Name != want.Name || got.Content != want.Content || got.Source != want.Source {
			t.Errorf("name, content, source = %q, %q, %q; want %q, %q, %q",
				got.Name, got.Content, got.Source, want.Name, want.Content, want.Source)
		}
		if got.MediaType != "text/html" || (want.Source != "" && got.SourceMediaType != "text/markdown") {
			t.Errorf("mediaType, source mediaType = %q, %q", got.MediaType, got.SourceMediaType)
		}
		if got.Replies != want.Replies || got.Sensitive != want.Sensitive {
			t.Errorf("replies, sensitive = %q, %v; want %q, %v", got.Replies, got.Sensitive, want.Replies, want.Sensitive)
		}
		if got.Category != want.Category || got.Status != want.Status {
			t.Errorf("category, status = %q, %q; want %q, %q", got.Category, got.Status, want.Category, want.Status)
		}
		if len(got.Tag) != len(want.Tag) {
			t.Errorf("%d tags, want %d", len(got.Tag), len(want.Tag))
		}
		for i := range min(len(got.Tag), len(want.Tag)) {
			if got.Tag[i].Type != want.Tag[i].Type || got.Tag[i].Href != want.Tag[i].Href {
				t.Errorf("tag %d = %+v, want %+v", i, got.Tag[i], want.Tag[i])
			}
		}
	}
	if got.AttributedTo != want.AttributedTo || got.InReplyTo != want.InReplyTo ||
		got.Context != want.Context || got.Audience != want.Audience || got.URL != want.URL {
		t.Errorf("attributedTo, inReplyTo, context, audience, url = %q, %q, %q, %q, %q; want %q, %q, %q, %q, %q",
			got.AttributedTo, got.InReplyTo, got.Context, got.Audience, got.URL,
			want.AttributedTo, want.InReplyTo, want.Context, want.Audience, want.URL)
	}
	checkAddressing(t, got.To, got.Cc, want.To, want.Cc)
	checkTime(t, "published", got.Published, want.Published)
	checkTime(t, "updated", got.Updated, want.Updated)
}

func checkAddressing(t *testing.T, gotTo, gotCc, wantTo, wantCc []string) {
	t.Helper()
	if !slices.Equal(gotTo, wantTo) || !slices.Equal(gotCc, wantCc) {
		t.Errorf("to, cc = %q, %q; want %q, %q", gotTo, gotCc, wantTo, wantCc)
	}
}

func checkTime(t *testing.T, name string, got, want time.Time) {
	t.Helper()
	if !got.Equal(want.Truncate(time.Millisecond)) {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
}

func TestParseObjects(t *testing.T) {
	t.Parallel()
	for _, o := range []*Object{page(), challengePage(), noteReply(), tombstone()} {
		b, err := Marshal(o)
		if err != nil {
			t.Fatal(err)
		}
		got, err := activity.ParseObject(b)
		if err != nil {
			t.Fatalf("%s: ParseObject: %v", o.ID, err)
		}
		checkObject(t, o, got)
	}
}

func TestParseActors(t *testing.T) {
	t.Parallel()
	for _, a := range []*Actor{person(), group(), application()} {
		b, err := Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := activity.ParseObject(b)
		if err != nil {
			t.Fatalf("%s: ParseObject: %v", a.ID, err)
		}
		if got.ID != a.ID || got.Type != a.Type || got.Name != a.Name || got.Summary != a.Summary ||
			got.PreferredUsername != a.PreferredUsername || got.URL != a.URL {
			t.Errorf("%s: id, type, name, summary, preferredUsername, url = %q, %q, %q, %q, %q, %q",
				a.ID, got.ID, got.Type, got.Name, got.Summary, got.PreferredUsername, got.URL)
		}
		if got.Inbox != a.Inbox || got.Outbox != a.Outbox || got.Followers != a.Followers ||
			got.Following != a.Following || got.Featured != a.Featured || got.SharedInbox != a.SharedInbox {
			t.Errorf("%s: collections = %q, %q, %q, %q, %q, %q", a.ID,
				got.Inbox, got.Outbox, got.Followers, got.Following, got.Featured, got.SharedInbox)
		}
		if got.ManuallyApprovesFollowers != a.ManuallyApprovesFollowers {
			t.Errorf("%s: manuallyApprovesFollowers = %v", a.ID, got.ManuallyApprovesFollowers)
		}
		want := activity.PublicKey{ID: a.PublicKeyID, Owner: a.ID, PublicKeyPem: a.PublicKeyPEM}
		if got.PublicKey != want {
			t.Errorf("%s: publicKey = %+v, want %+v", a.ID, got.PublicKey, want)
		}
		if a.Type == "Group" && got.AttributedTo != a.Moderators {
			t.Errorf("%s: attributedTo = %q, want the moderators %q", a.ID, got.AttributedTo, a.Moderators)
		}
		checkTime(t, "published", got.Published, a.Published)
		checkTime(t, "updated", got.Updated, a.Updated)
	}
}

// checkActivity compares a parsed activity with what was marshalled,
// descending into embedded objects and activities.
func checkActivity(t *testing.T, want *Activity, got *activity.Activity) {
	t.Helper()
	if got.ID != want.ID || got.Type != want.Type || got.Actor != want.Actor || got.Target != want.Target {
		t.Errorf("id, type, actor, target = %q, %q, %q, %q; want %q, %q, %q, %q",
			got.ID, got.Type, got.Actor, got.Target, want.ID, want.Type, want.Actor, want.Target)
	}
	var wantAudience []string
	if want.Audience != "" {
		wantAudience = []string{want.Audience}
	}
	if !slices.Equal(got.Audience, wantAudience) {
		t.Errorf("audience = %q, want %q", got.Audience, wantAudience)
	}
	checkAddressing(t, got.To, got.Cc, want.To, want.Cc)
	checkTime(t, "published", got.Published, want.Published)
	switch o := want.Object.(type) {
	case string:
		if got.ObjectID != o || got.Object != nil || got.Inner != nil {
			t.Errorf("object = %q (embedded %v, %v), want the bare IRI %q", got.ObjectID, got.Object, got.Inner, o)
		}
	case *Object:
		if got.Object == nil || got.ObjectID != o.ID {
			t.Fatalf("embedded object missing (object id %q)", got.ObjectID)
		}
		checkObject(t, o, got.Object)
	case *Activity:
		if got.Inner == nil || got.ObjectID != o.ID {
			t.Fatalf("embedded activity missing (object id %q)", got.ObjectID)
		}
		checkActivity(t, o, got.Inner)
	}
}

func TestParseActivities(t *testing.T) {
	t.Parallel()
	for _, a := range []*Activity{
		createPage(), announceCreatePage(), announcePageIRI(), updateNote(),
		deleteTombstone(), follow(), acceptFollow(), undoLike(), like(),
	} {
		b, err := Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		got, err := activity.Parse(b)
		if err != nil {
			t.Fatalf("%s: Parse: %v", a.ID, err)
		}
		checkActivity(t, a, got)
	}
}

func TestParseCollections(t *testing.T) {
	t.Parallel()
	c := orderedCollection()
	b, err := Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := activity.ParseCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != c.ID || got.Type != c.Type || got.TotalItems != *c.TotalItems || got.First != c.First ||
		got.AttributedTo != c.AttributedTo || got.Audience != c.Audience || len(got.Items) != 0 {
		t.Errorf("collection = %+v", got)
	}

	p := orderedCollectionPage()
	b, err = Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	got, err = activity.ParseCollection(b)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != p.ID || got.Type != p.Type || got.PartOf != p.PartOf || got.Next != p.Next {
		t.Errorf("page = %+v", got)
	}
	if len(got.Items) != len(p.Items) {
		t.Fatalf("%d items, want %d", len(got.Items), len(p.Items))
	}
	announce := p.Items[0].(*Activity)
	if got.Items[0].ID != announce.ID || got.Items[0].Type != "Announce" || got.Items[0].Raw == nil {
		t.Errorf("item 0 = %+v", got.Items[0])
	} else if inner, err := activity.Parse(got.Items[0].Raw); err != nil {
		t.Errorf("item 0: %v", err)
	} else {
		checkActivity(t, announce, inner)
	}
	if got.Items[1].ID != p.Items[1] || got.Items[1].Raw != nil {
		t.Errorf("item 1 = %+v, want the bare IRI %q", got.Items[1], p.Items[1])
	}
	note := p.Items[2].(*Object)
	if obj, err := activity.ParseObject(got.Items[2].Raw); err != nil {
		t.Errorf("item 2: %v", err)
	} else {
		checkObject(t, note, obj)
	}
}
