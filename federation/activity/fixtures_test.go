package activity

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func readFixture(tb testing.TB, name string) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// activitySummary flattens what the fixture tests assert about an activity
// into one comparable value. The post fields come from the embedded object,
// or from the object of an embedded activity.
type activitySummary struct {
	Type, ID, Actor, ObjectID string
	InnerType, InnerObjectID  string
	ObjectType                string
	InReplyTo, Context        string
	Audience, Name            string
	AttributedTo              string
	Public, ObjectPublic      bool
}

func summarizeActivity(a *Activity) activitySummary {
	s := activitySummary{Type: a.Type, ID: a.ID, Actor: a.Actor, ObjectID: a.ObjectID, Public: a.IsPublic()}
	obj := a.Object
	if a.Inner != nil {
		s.InnerType, s.InnerObjectID = a.Inner.Type, a.Inner.ObjectID
		obj = a.Inner.Object
	}
	if obj != nil {
		s.ObjectType = obj.Type
		s.InReplyTo, s.Context, s.Audience = obj.InReplyTo, obj.Context, obj.Audience
		s.Name, s.AttributedTo, s.ObjectPublic = obj.Name, obj.AttributedTo, obj.IsPublic()
	}
	return s
}

func innerObject(a *Activity) *Object {
	if a.Inner != nil {
		return a.Inner.Object
	}
	return a.Object
}

func TestParseFixtures(t *testing.T) {
	t.Parallel()
	const (
		amara     = "https://mastodon.example/users/amara"
		amaraNote = amara + "/statuses/113402210987654321"
		portalOP  = "https://portal.example/threads/41/posts/1"
		community = "https://lemmy.example/c/childsafety"
	)
	tests := []struct {
		file       string
		want       activitySummary
		contentHas string // a part of the object's content, if it has one
	}{
		{
			file: "mastodon_create_note.json",
			want: activitySummary{
				Type: "Create", ID: amaraNote + "/activity", Actor: amara, ObjectID: amaraNote,
				ObjectType: "Note", InReplyTo: portalOP,
				Context:      "tag:mastodon.example,2025-04-02:objectId=88123:objectType=Conversation",
				AttributedTo: amara, Public: true, ObjectPublic: true,
			},
			contentHas: "nobody shares the signals",
		},
		{
			file: "mastodon_like.json",
			want: activitySummary{Type: "Like", ID: amara + "#likes/90871", Actor: amara, ObjectID: portalOP},
		},
		{
			file: "mastodon_undo_like.json",
			want: activitySummary{
				Type: "Undo", ID: amara + "#likes/90871/undo", Actor: amara, ObjectID: amara + "#likes/90871",
				InnerType: "Like", InnerObjectID: portalOP,
			},
		},
		{
			file: "mastodon_delete_note.json",
			want: activitySummary{
				Type: "Delete", ID: amaraNote + "#delete", Actor: amara, ObjectID: amaraNote,
				ObjectType: "Tombstone", Public: true,
			},
		},
		{
			file: "mastodon_delete_actor.json",
			want: activitySummary{
				Type: "Delete", ID: "https://mastodon.example/users/bruno#delete",
				Actor: "https://mastodon.example/users/bruno", ObjectID: "https://mastodon.example/users/bruno",
				Public: true,
			},
		},
		{
			file: "lemmy_announce_create_page.json",
			want: activitySummary{
				Type: "Announce", ID: "https://lemmy.example/activities/announce/create/6b0e2d71-4c3a-4f8e-a1d9-7c5b3e2f1a04",
				Actor: community, ObjectID: "https://lemmy.example/activities/create/3f1c9a4e-8d2b-4b7e-9f10-2a6d5c7e8b90",
				InnerType: "Create", InnerObjectID: "https://lemmy.example/post/5521",
				ObjectType: "Page", Context: "https://lemmy.example/post/5521/context", Audience: community,
				Name:         "Meta: why are hash-matching reports so slow to reach platforms?",
				AttributedTo: "https://lemmy.example/u/kofi", Public: true, ObjectPublic: true,
			},
			contentHas: "<strong>three</strong> hand-offs",
		},
		{
			file: "lemmy_follow.json",
			want: activitySummary{
				Type: "Follow", ID: "https://lemmy.example/activities/follow/9d2a7c15-0e6f-4b3d-8a21-55c3f0e9d7a2",
				Actor: "https://lemmy.example/u/kofi", ObjectID: "https://portal.example/spaces/policy-and-regulation",
			},
		},
		{
			file: "lemmy_accept_follow.json",
			want: activitySummary{
				Type: "Accept", ID: "https://lemmy.example/activities/accept/c4e8f2a6-1b3d-4e5f-9a7b-8c0d2e4f6a81",
				Actor: community, ObjectID: "https://portal.example/activities/follow/01JQ7Z5K3M8N2P4R6T8V0X2Z4B",
				InnerType: "Follow", InnerObjectID: community,
			},
		},
		{
			file: "nodebb_create_reply.json",
			want: activitySummary{
				Type: "Create", ID: "https://forum.nodebb.example/post/2048#activity/create/1749640000000",
				Actor: "https://forum.nodebb.example/uid/12", ObjectID: "https://forum.nodebb.example/post/2048",
				ObjectType: "Note", InReplyTo: "https://forum.nodebb.example/post/2041",
				Context: "https://forum.nodebb.example/topic/310", Audience: "https://forum.nodebb.example/category/7",
				AttributedTo: "https://forum.nodebb.example/uid/12", Public: true, ObjectPublic: true,
			},
			contentHas: "The blocker was legal, not technical.",
		},
		{
			file: "gotosocial_create_reply.json",
			want: activitySummary{
				Type: "Create", ID: "https://gts.example/users/dana/statuses/01JXK4N8P2Q6R0S4T8V2W6X0Y4/activity",
				Actor: "https://gts.example/users/dana", ObjectID: "https://gts.example/users/dana/statuses/01JXK4N8P2Q6R0S4T8V2W6X0Y4",
				ObjectType: "Note", InReplyTo: portalOP, AttributedTo: "https://gts.example/users/dana",
				Public: true, ObjectPublic: true,
			},
			contentHas: "three taps deep on mobile",
		},
		{
			file: "fedify_create_note.json",
			want: activitySummary{
				Type: "Create", ID: "https://fedify.example/users/eitan/posts/0197a3c2-5e41-7b8a-9c0d-1e2f3a4b5c6d#create",
				Actor: "https://fedify.example/users/eitan", ObjectID: "https://fedify.example/users/eitan/posts/0197a3c2-5e41-7b8a-9c0d-1e2f3a4b5c6d",
				ObjectType: "Note", InReplyTo: "https://portal.example/threads/52/posts/1",
				AttributedTo: "https://fedify.example/users/eitan", Public: true, ObjectPublic: true,
			},
			contentHas: "Survivor-led design reviews",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			a, err := Parse(readFixture(t, tt.file))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := summarizeActivity(a); got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			obj := innerObject(a)
			switch {
			case tt.contentHas == "" && obj != nil && obj.Content != "":
				t.Errorf("unexpected content %q", obj.Content)
			case tt.contentHas != "" && (obj == nil || !strings.Contains(obj.Content, tt.contentHas)):
				t.Errorf("content lacks %q: %+v", tt.contentHas, obj)
			}
			if len(a.Raw) == 0 {
				t.Error("Raw is empty")
			}
		})
	}
}

// objectSummary is the counterpart of activitySummary for object documents.
type objectSummary struct {
	Type, ID, Name                string
	AttributedTo                  string
	InReplyTo, Context, Audience  string
	URL, Replies                  string
	Category, Status              string
	Source, SourceMediaType       string
	Public                        bool
	Tags, Attachments, GroupCount int
}

func summarizeObject(o *Object) objectSummary {
	return objectSummary{
		Type: o.Type, ID: o.ID, Name: o.Name, AttributedTo: o.AttributedTo,
		InReplyTo: o.InReplyTo, Context: o.Context, Audience: o.Audience,
		URL: o.URL, Replies: o.Replies, Category: o.Category, Status: o.Status,
		Source: o.Source, SourceMediaType: o.SourceMediaType, Public: o.IsPublic(),
		Tags: len(o.Tag), Attachments: len(o.Attachment), GroupCount: len(o.AttributedGroups),
	}
}

func TestParseObjectFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		file       string
		want       objectSummary
		contentHas string
	}{
		{
			file: "mastodon_actor.json",
			want: objectSummary{
				Type: "Person", ID: "https://mastodon.example/users/amara", Name: "Amara O.",
				URL: "https://mastodon.example/@amara", Attachments: 1,
			},
		},
		{
			file: "lemmy_page_attributed_array.json",
			want: objectSummary{
				Type: "Page", ID: "https://video.example/videos/watch/0f9e8d7c-6b5a-4321-8fed-cba987654321",
				Name:         "Grooming patterns in game chat: a 20-minute briefing",
				AttributedTo: "https://video.example/accounts/lena", GroupCount: 1,
				URL: "https://video.example/w/abcDEF123", Public: true,
			},
			contentHas: "Recording of the briefing",
		},
		{
			file: "mbin_page.json",
			want: objectSummary{
				Type: "Page", ID: "https://mbin.example/m/onlinesafety/t/88412",
				Name:         "Which transparency reports actually count removals by category?",
				AttributedTo: "https://mbin.example/u/farah", Audience: "https://mbin.example/m/onlinesafety",
				URL:    "https://mbin.example/m/onlinesafety/t/88412/which-transparency-reports-actually-count-removals",
				Source: "I am building a comparison table and most reports only give totals.", SourceMediaType: "text/markdown",
				Public: true, Tags: 1,
			},
			contentHas: "most reports only give totals",
		},
		{
			file: "piefed_page.json",
			want: objectSummary{
				Type: "Page", ID: "https://piefed.example/post/120734",
				Name:         "Detection gaps for previously unseen material (2025)",
				AttributedTo: "https://piefed.example/u/gwen", Audience: "https://piefed.example/c/trustandsafety",
				Source: "New paper on where detection tools miss new material. Thoughts welcome.", SourceMediaType: "text/markdown",
				Public: true, Tags: 1, Attachments: 1,
			},
			contentHas: "where detection tools miss",
		},
		{
			file: "portal_challenge_page.json",
			want: objectSummary{
				Type: "Page", ID: "https://portal.example/threads/60/posts/1",
				Name:         "Platforms cannot share hashes of new material across borders",
				AttributedTo: "https://portal.example/members/ines",
				Context:      "https://portal.example/threads/60", Audience: "https://portal.example/spaces/policy-and-regulation",
				URL: "https://portal.example/threads/60", Replies: "https://portal.example/threads/60/posts/1/replies",
				Category: "regulation", Status: "in-discussion",
				Source: "Each jurisdiction treats the hash itself differently.", SourceMediaType: "text/markdown",
				Public: true, Tags: 2,
			},
			contentHas: "Each jurisdiction",
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			o, err := ParseObject(readFixture(t, tt.file))
			if err != nil {
				t.Fatalf("ParseObject: %v", err)
			}
			if got := summarizeObject(o); got != tt.want {
				t.Errorf("got  %+v\nwant %+v", got, tt.want)
			}
			if tt.contentHas != "" && !strings.Contains(o.Content, tt.contentHas) {
				t.Errorf("content %q lacks %q", o.Content, tt.contentHas)
			}
		})
	}
}

func TestParseCollectionFixtures(t *testing.T) {
	t.Parallel()
	const replies = "https://mastodon.example/users/amara/statuses/113402210987654321/replies"
	type itemSummary struct{ ID, Type string }
	tests := []struct {
		file       string
		typ, id    string
		total      int
		first      string
		last, next string
		owner      string
		items      []itemSummary // of the collection, or of its embedded first page
		pageNext   string
	}{
		{
			file: "mastodon_replies_collection.json",
			typ:  "Collection", id: replies, first: replies + "?page=true",
			items: []itemSummary{
				{ID: "https://mastodon.example/users/amara/statuses/113402250000000001"},
				{ID: "https://mastodon.example/users/amara/statuses/113402260000000002", Type: "Note"},
			},
			pageNext: replies + "?min_id=113402299000000000&page=true",
		},
		{
			file: "mastodon_outbox.json",
			typ:  "OrderedCollection", id: "https://mastodon.example/users/amara/outbox", total: 1287,
			first: "https://mastodon.example/users/amara/outbox?page=true",
			last:  "https://mastodon.example/users/amara/outbox?min_id=0&page=true",
		},
		{
			file: "nodebb_context_collection.json",
			typ:  "OrderedCollection", id: "https://forum.nodebb.example/topic/310", total: 3,
			owner: "https://forum.nodebb.example/category/7",
			items: []itemSummary{
				{ID: "https://forum.nodebb.example/post/2039"},
				{ID: "https://forum.nodebb.example/post/2041"},
				{ID: "https://forum.nodebb.example/post/2048", Type: "Note"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			t.Parallel()
			c, err := ParseCollection(readFixture(t, tt.file))
			if err != nil {
				t.Fatalf("ParseCollection: %v", err)
			}
			if c.Type != tt.typ || c.ID != tt.id || c.TotalItems != tt.total || c.First != tt.first ||
				c.Last != tt.last || c.Next != tt.next || c.AttributedTo != tt.owner {
				t.Errorf("got %+v", c)
			}
			list := c.Items
			if c.FirstPage != nil {
				if c.FirstPage.Next != tt.pageNext || c.FirstPage.PartOf != tt.id {
					t.Errorf("first page %+v", c.FirstPage)
				}
				list = c.FirstPage.Items
			}
			if len(list) != len(tt.items) {
				t.Fatalf("got %d items, want %d", len(list), len(tt.items))
			}
			for i, it := range list {
				if got := (itemSummary{it.ID, it.Type}); got != tt.items[i] {
					t.Errorf("item %d: got %+v, want %+v", i, got, tt.items[i])
				}
				if (it.Raw == nil) != (it.Type == "") {
					t.Errorf("item %d: Raw %q with type %q", i, it.Raw, it.Type)
				}
				if it.Raw != nil {
					o, err := ParseObject(it.Raw)
					if err != nil || o.ID != it.ID {
						t.Errorf("item %d: embedded object: %v, %+v", i, err, o)
					}
				}
			}
		})
	}
}

func TestMastodonCreateDetails(t *testing.T) {
	t.Parallel()
	a, err := Parse(readFixture(t, "mastodon_create_note.json"))
	if err != nil {
		t.Fatal(err)
	}
	o := a.Object
	wantTags := []Tag{
		{Type: "Mention", Href: "https://portal.example/spaces/safety-by-design", Name: "@safety-by-design@portal.example"},
		{Type: "Mention", Href: "https://portal.example/members/ines", Name: "@ines@portal.example"},
		{Type: "Hashtag", Href: "https://mastodon.example/tags/safetybydesign", Name: "#SafetyByDesign"},
	}
	if !equalSlices(o.Tag, wantTags) {
		t.Errorf("tags %+v", o.Tag)
	}
	wantAttachment := Attachment{
		Type: "Document", MediaType: "image/png",
		URL:  "https://files.mastodon.example/media_attachments/files/113/402/210/original/5be1c0ffee.png",
		Name: "Flow chart: sign-up, age signal, review queue",
	}
	if len(o.Attachment) != 1 || o.Attachment[0] != wantAttachment {
		t.Errorf("attachment %+v", o.Attachment)
	}
	wantCc := []string{
		"https://mastodon.example/users/amara/followers",
		"https://portal.example/spaces/safety-by-design",
		"https://portal.example/members/ines",
	}
	if !equalSlices(a.Cc, wantCc) || !equalSlices(o.Cc, wantCc) {
		t.Errorf("cc %q / %q", a.Cc, o.Cc)
	}
	if o.URL != "https://mastodon.example/@amara/113402210987654321" {
		t.Errorf("url %q", o.URL)
	}
	if o.Replies != "https://mastodon.example/users/amara/statuses/113402210987654321/replies" {
		t.Errorf("replies %q", o.Replies)
	}
	if o.Summary != "" || o.Sensitive {
		t.Errorf("summary %q sensitive %v", o.Summary, o.Sensitive)
	}
	if want := time.Date(2025, 4, 2, 9, 15, 30, 0, time.UTC); !o.Published.Equal(want) || !a.Published.Equal(want) {
		t.Errorf("published %v / %v", o.Published, a.Published)
	}
	if want := time.Date(2025, 4, 2, 9, 20, 1, 0, time.UTC); !o.Updated.Equal(want) {
		t.Errorf("updated %v", o.Updated)
	}
}

func TestMastodonActorDetails(t *testing.T) {
	t.Parallel()
	o, err := ParseObject(readFixture(t, "mastodon_actor.json"))
	if err != nil {
		t.Fatal(err)
	}
	const base = "https://mastodon.example/users/amara"
	checks := []struct{ name, got, want string }{
		{"preferredUsername", o.PreferredUsername, "amara"},
		{"inbox", o.Inbox, base + "/inbox"},
		{"outbox", o.Outbox, base + "/outbox"},
		{"followers", o.Followers, base + "/followers"},
		{"following", o.Following, base + "/following"},
		{"featured", o.Featured, base + "/collections/featured"},
		{"sharedInbox", o.SharedInbox, "https://mastodon.example/inbox"},
		{"publicKey.id", o.PublicKey.ID, base + "#main-key"},
		{"publicKey.owner", o.PublicKey.Owner, base},
		{"icon", o.Icon, "https://files.mastodon.example/accounts/avatars/109/000/111/original/ab12cd34.jpg"},
		{"summary", o.Summary, "<p>Trust and safety researcher. Opinions: mine.</p>"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	if !strings.HasPrefix(o.PublicKey.PublicKeyPem, "-----BEGIN PUBLIC KEY-----\nMIIB") || len(o.PublicKeys) != 1 {
		t.Errorf("public key %+v", o.PublicKeys)
	}
	if o.ManuallyApprovesFollowers {
		t.Error("manuallyApprovesFollowers is false in the fixture")
	}
	if o.Attachment[0].Type != "PropertyValue" || o.Attachment[0].Name != "Website" {
		t.Errorf("attachment %+v", o.Attachment)
	}
}

func TestSingleValueAndPrecisionFixtures(t *testing.T) {
	t.Parallel()
	gts, err := Parse(readFixture(t, "gotosocial_create_reply.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !equalSlices(gts.To, []string{Public}) || !equalSlices(gts.Object.To, []string{Public}) {
		t.Errorf("gotosocial to %q / %q", gts.To, gts.Object.To)
	}
	wantMention := []Tag{{Type: "Mention", Href: "https://portal.example/spaces/safety-by-design", Name: "@safety-by-design@portal.example"}}
	if !equalSlices(gts.Object.Tag, wantMention) {
		t.Errorf("gotosocial tag %+v", gts.Object.Tag)
	}
	if want := time.Date(2025, 6, 12, 5, 45, 10, 0, time.UTC); !gts.Object.Published.Equal(want) {
		t.Errorf("gotosocial published %v", gts.Object.Published)
	}

	fed, err := Parse(readFixture(t, "fedify_create_note.json"))
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2025, 6, 13, 16, 20, 45, 123456789, time.UTC); !fed.Published.Equal(want) || !fed.Object.Published.Equal(want) {
		t.Errorf("fedify published %v / %v", fed.Published, fed.Object.Published)
	}
	if want := []string{"https://fedify.example/users/eitan/followers"}; !equalSlices(fed.Cc, want) || !equalSlices(fed.Object.Cc, want) {
		t.Errorf("fedify cc %q / %q", fed.Cc, fed.Object.Cc)
	}
	if len(fed.Object.Tag) != 1 || fed.Object.Tag[0].Type != "Hashtag" {
		t.Errorf("fedify tag %+v", fed.Object.Tag)
	}
}

func TestLemmyAnnounceDetails(t *testing.T) {
	t.Parallel()
	a, err := Parse(readFixture(t, "lemmy_announce_create_page.json"))
	if err != nil {
		t.Fatal(err)
	}
	page := a.Inner.Object
	if page.Source != "Reports go through **three** hand-offs before anyone acts." || page.SourceMediaType != "text/markdown" {
		t.Errorf("source %q (%s)", page.Source, page.SourceMediaType)
	}
	if page.MediaType != "text/html" {
		t.Errorf("mediaType %q", page.MediaType)
	}
	if want := []string{"https://lemmy.example/c/childsafety"}; !equalSlices(a.Audience, want) || !equalSlices(a.Inner.Audience, want) {
		t.Errorf("audience %q / %q", a.Audience, a.Inner.Audience)
	}
	if want := []string{"https://lemmy.example/c/childsafety/followers"}; !equalSlices(a.Cc, want) {
		t.Errorf("cc %q", a.Cc)
	}
	// The inner activity's Raw is its own part of the document, and parses
	// on its own to the same thing: what a node does when it refetches.
	inner, err := Parse(a.Inner.Raw)
	if err != nil {
		t.Fatal(err)
	}
	if summarizeActivity(inner) != summarizeActivity(a.Inner) {
		t.Errorf("inner reparsed %+v, want %+v", summarizeActivity(inner), summarizeActivity(a.Inner))
	}
}

func equalSlices[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
