package activity

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// note wraps properties into a minimal Note document.
func note(props string) []byte {
	doc := `{"id": "https://a.example/n/1", "type": "Note"`
	if props != "" {
		doc += ", " + props
	}
	return []byte(doc + "}")
}

func mustObject(t *testing.T, data []byte) *Object {
	t.Helper()
	o, err := ParseObject(data)
	if err != nil {
		t.Fatalf("ParseObject(%s): %v", data, err)
	}
	return o
}

func TestSingleValueOrArray(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		props string
	}{
		{"single", `"to": "https://a.example/u/x", "inReplyTo": "https://b.example/p", "attributedTo": "https://a.example/u/y", "content": "hi", "tag": {"type": "Hashtag", "name": "#t"}`},
		{"arrays", `"to": ["https://a.example/u/x"], "inReplyTo": ["https://b.example/p"], "attributedTo": ["https://a.example/u/y"], "content": ["hi"], "tag": [{"type": "Hashtag", "name": "#t"}]`},
		{"nulls in arrays", `"to": [null, "https://a.example/u/x"], "inReplyTo": [null, "https://b.example/p"], "attributedTo": [null, "https://a.example/u/y"], "content": [null, "hi"], "tag": [null, {"type": "Hashtag", "name": "#t"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o := mustObject(t, note(tt.props))
			if !equalSlices(o.To, []string{"https://a.example/u/x"}) || o.InReplyTo != "https://b.example/p" ||
				o.AttributedTo != "https://a.example/u/y" || o.Content != "hi" || len(o.Tag) != 1 || o.Tag[0].Name != "#t" {
				t.Errorf("got %+v", o)
			}
		})
	}
}

func TestReferenceShapes(t *testing.T) {
	t.Parallel()
	const want = "https://b.example/p/1"
	tests := []struct {
		name, value string
	}{
		{"iri", `"https://b.example/p/1"`},
		{"iri with spaces", `" https://b.example/p/1 "`},
		{"object with id", `{"id": "https://b.example/p/1", "type": "Note", "content": "x"}`},
		{"link with href", `{"type": "Link", "href": "https://b.example/p/1"}`},
		{"link prefers href to its own id", `{"type": "Link", "id": "https://b.example/links/9", "href": "https://b.example/p/1"}`},
		{"json-ld @id", `{"@id": "https://b.example/p/1"}`},
		{"array of objects", `[{"id": "https://b.example/p/1"}, {"id": "https://b.example/p/2"}]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			o := mustObject(t, note(`"inReplyTo": `+tt.value+`, "context": `+tt.value+`, "attributedTo": `+tt.value))
			if o.InReplyTo != want || o.Context != want || o.AttributedTo != want {
				t.Errorf("inReplyTo %q context %q attributedTo %q", o.InReplyTo, o.Context, o.AttributedTo)
			}
			a, err := Parse([]byte(`{"id": "https://a.example/l/1", "type": "Like", "actor": {"type": "Person", "id": "https://a.example/u/x"}, "object": ` + tt.value + `}`))
			if err != nil {
				t.Fatal(err)
			}
			if a.ObjectID != want || a.Actor != "https://a.example/u/x" {
				t.Errorf("object %q actor %q", a.ObjectID, a.Actor)
			}
		})
	}
}

func TestPublicSpellings(t *testing.T) {
	t.Parallel()
	for _, spelling := range []string{
		`"as:Public"`, `"Public"`, `"https://www.w3.org/ns/activitystreams#Public"`,
		`["as:Public"]`, `{"id": "as:Public"}`, `["https://a.example/u/x/followers", "Public"]`,
	} {
		for _, prop := range []string{"to", "cc"} {
			o := mustObject(t, note(`"`+prop+`": `+spelling))
			if !o.IsPublic() {
				t.Errorf("%s: %s is not public: to %q cc %q", prop, spelling, o.To, o.Cc)
			}
			for _, addr := range append(o.To, o.Cc...) {
				if strings.Contains(addr, "Public") && addr != Public {
					t.Errorf("%s: %s kept as %q", prop, spelling, addr)
				}
			}
		}
	}
	o := mustObject(t, note(`"to": "https://a.example/u/x/followers", "cc": ["https://a.example/u/y"], "audience": "as:Public"`))
	if o.IsPublic() {
		t.Error("followers-only note reported public")
	}
	if o.Audience != Public {
		t.Errorf("audience %q", o.Audience)
	}
	a, err := Parse([]byte(`{"id": "https://a.example/c/1", "type": "Create", "actor": "https://a.example/u/x", "to": "as:Public", "object": "https://a.example/n/1"}`))
	if err != nil || !a.IsPublic() {
		t.Errorf("activity to as:Public: %v %+v", err, a)
	}
}

func TestTypeShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value, want string
	}{
		{`"Note"`, "Note"},
		{`"as:Note"`, "Note"},
		{`"https://www.w3.org/ns/activitystreams#Note"`, "Note"},
		{`["Note", "Question"]`, "Note"},
		{`["as:Question", "Note"]`, "Question"},
		{`["SomethingElse", "Question"]`, "Question"},
		{`["SomethingElse"]`, "SomethingElse"},
		{`"toot:Emoji"`, "toot:Emoji"},
		{`"Not\u0065"`, "Note"},
	}
	for _, tt := range tests {
		o := mustObject(t, []byte(`{"id": "https://a.example/n/1", "type": `+tt.value+`}`))
		if o.Type != tt.want {
			t.Errorf("type %s: got %q, want %q", tt.value, o.Type, tt.want)
		}
	}
	// Prefixed activity and object types work through Parse too, and an
	// embedded activity is recognised by its prefixed type.
	a, err := Parse([]byte(`{"id": "https://a.example/a/1", "type": "as:Announce", "actor": "https://a.example/g",
		"object": {"id": "https://a.example/c/1", "type": ["as:Create"], "actor": "https://a.example/u",
		"object": {"id": "https://a.example/n/1", "type": "as:Note"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	if a.Type != "Announce" || a.Inner == nil || a.Inner.Type != "Create" || a.Inner.Object == nil || a.Inner.Object.Type != "Note" {
		t.Errorf("got %+v", a)
	}
	// JSON-LD's own @type and @id stand in when type and id are missing.
	o := mustObject(t, []byte(`{"@id": "https://a.example/n/2", "@type": "as:Note"}`))
	if o.ID != "https://a.example/n/2" || o.Type != "Note" {
		t.Errorf("@id/@type: %+v", o)
	}
}

func TestTextStaysText(t *testing.T) {
	t.Parallel()
	o := mustObject(t, note(`"name": "Meta: why so slow?", "summary": "cw: discussion of abuse", "content": "https:not-a-link and mailto: neither"`))
	if o.Name != "Meta: why so slow?" || o.Summary != "cw: discussion of abuse" || o.Content != "https:not-a-link and mailto: neither" {
		t.Errorf("got name %q summary %q content %q", o.Name, o.Summary, o.Content)
	}
	o = mustObject(t, note(`"name": {"@value": "Re: policy", "@language": "en"}, "content": "caf\u00e9 \"quoted\" \ud83d\ude00"`))
	if o.Name != "Re: policy" || o.Content != "café \"quoted\" 😀" {
		t.Errorf("got name %q content %q", o.Name, o.Content)
	}
}

func TestContentMap(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, props, want string
	}{
		{"content wins", `"content": "plain", "contentMap": {"en": "mapped"}`, "plain"},
		{"english preferred", `"contentMap": {"de": "Hallo", "en": "Hello", "fr": "Bonjour"}`, "Hello"},
		{"english dialect next", `"contentMap": {"de": "Hallo", "en-GB": "Hello, mate"}`, "Hello, mate"},
		{"else first in document", `"contentMap": {"nl": "Hallo", "de": "Guten Tag"}`, "Hallo"},
		{"empty content falls back", `"content": "", "contentMap": {"es": "Hola"}`, "Hola"},
		{"null entries skipped", `"content": null, "contentMap": {"en": null, "pt": "Olá"}`, "Olá"},
		{"no text at all", `"content": null, "contentMap": {"en": null}`, ""},
		{"map of the wrong shape", `"contentMap": ["en", "Hello"]`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := mustObject(t, note(tt.props)).Content; got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
	o := mustObject(t, note(`"nameMap": {"en": "Title"}, "summaryMap": {"fr": "Résumé"}`))
	if o.Name != "Title" || o.Summary != "Résumé" {
		t.Errorf("nameMap/summaryMap: %q %q", o.Name, o.Summary)
	}
}

func TestTimes(t *testing.T) {
	t.Parallel()
	base := time.Date(2025, 6, 13, 16, 20, 45, 0, time.UTC)
	tests := []struct {
		value string
		want  time.Time
	}{
		{`"2025-06-13T16:20:45Z"`, base},
		{`"2025-06-13T16:20:45.123456789Z"`, base.Add(123456789)},
		{`"2025-06-13T16:20:45.118243+00:00"`, base.Add(118243000)},
		{`"2025-06-13T18:20:45+02:00"`, base},
		{`"2025-06-13T18:20:45.5+0200"`, base.Add(500 * time.Millisecond)},
		{`"2025-06-13T16:20:45"`, base},
		{`"2025-06-13T16:20:45.123456789"`, base.Add(123456789)},
		{`"2025-06-13 16:20:45"`, base},
		{`"2025-06-13t16:20:45z"`, base},
		{`["2025-06-13T16:20:45Z"]`, base},
		{`"2025-06-13"`, time.Date(2025, 6, 13, 0, 0, 0, 0, time.UTC)},
		{`"yesterday"`, time.Time{}},
		{`1749831645`, time.Time{}},
		{`null`, time.Time{}},
	}
	for _, tt := range tests {
		o := mustObject(t, note(`"published": `+tt.value+`, "updated": `+tt.value))
		if !o.Published.Equal(tt.want) || !o.Updated.Equal(tt.want) {
			t.Errorf("%s: got %v / %v, want %v", tt.value, o.Published, o.Updated, tt.want)
		}
		if !o.Published.IsZero() && o.Published.Location() != time.UTC {
			t.Errorf("%s: not in UTC: %v", tt.value, o.Published)
		}
	}
}

func TestContextShapesIgnored(t *testing.T) {
	t.Parallel()
	for _, ctx := range []string{
		`"https://www.w3.org/ns/activitystreams"`,
		`["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1", {"toot": "http://joinmastodon.org/ns#", "featured": {"@id": "toot:featured", "@type": "@id"}}]`,
		`{"@vocab": "https://www.w3.org/ns/activitystreams#", "id": "@id", "type": "@type"}`,
		`[[[["deeply", {"nested": [1, 2, 3]}]]]]`,
		`42`, `null`, `true`, `""`,
	} {
		o := mustObject(t, []byte(`{"@context": `+ctx+`, "id": "https://a.example/n/1", "type": "Note", "content": "kept"}`))
		if o.ID != "https://a.example/n/1" || o.Type != "Note" || o.Content != "kept" {
			t.Errorf("@context %s: got %+v", ctx, o)
		}
	}
}

func TestUnknownPropertiesIgnored(t *testing.T) {
	t.Parallel()
	o := mustObject(t, note(`"interactionPolicy": {"canReply": {"always": ["as:Public"]}}, "_misskey_content": "x",
		"quoteUrl": "https://c.example/q", "likes": {"totalItems": 3}, "Content": "wrong case", "CONTENT": "also wrong",
		"content": "right", "proof": {"type": "DataIntegrityProof", "proofValue": "z"}, "ID": "https://evil.example/x"`))
	if o.Content != "right" || o.ID != "https://a.example/n/1" {
		t.Errorf("got id %q content %q", o.ID, o.Content)
	}
}

func TestSensitive(t *testing.T) {
	t.Parallel()
	tests := []struct {
		props string
		want  bool
	}{
		{``, false},
		{`"sensitive": true`, true},
		{`"sensitive": false`, false},
		{`"sensitive": "true"`, true},
		{`"sensitive": "True"`, true},
		{`"sensitive": "false"`, false},
		{`"sensitive": ""`, false},
		{`"sensitive": null`, false},
		{`"sensitive": 1`, true},
		{`"sensitive": [true]`, true},
		{`"sensitive": {"@value": true}`, false},
	}
	for _, tt := range tests {
		if got := mustObject(t, note(tt.props)).Sensitive; got != tt.want {
			t.Errorf("%s: got %v", tt.props, got)
		}
	}
}

func TestURLShapes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		value, want string
	}{
		{`"https://a.example/@x/1"`, "https://a.example/@x/1"},
		{`{"type": "Link", "href": "https://a.example/@x/1", "mediaType": "text/html"}`, "https://a.example/@x/1"},
		{`[{"type": "Link", "mediaType": "application/activity+json", "href": "https://a.example/n/1"},
		   {"type": "Link", "mediaType": "text/html; charset=utf-8", "href": "https://a.example/@x/1"}]`, "https://a.example/@x/1"},
		{`[{"type": "Link", "mediaType": "video/mp4", "href": "https://a.example/v.mp4"}]`, "https://a.example/v.mp4"},
		{`["https://a.example/first", "https://a.example/second"]`, "https://a.example/first"},
		{`["https://a.example/plain", {"type": "Link", "mediaType": "text/html", "href": "https://a.example/page"}]`, "https://a.example/page"},
		{`null`, ""},
	}
	for _, tt := range tests {
		if got := mustObject(t, note(`"url": `+tt.value)).URL; got != tt.want {
			t.Errorf("url %s: got %q, want %q", tt.value, got, tt.want)
		}
	}
}

func TestAttributedToMixed(t *testing.T) {
	t.Parallel()
	o := mustObject(t, note(`"attributedTo": [{"type": "Group", "id": "https://a.example/c/g"}, "https://a.example/u/p", {"type": "as:Group", "id": "https://a.example/c/h"}, {"type": "Person", "id": "https://a.example/u/q"}]`))
	if o.AttributedTo != "https://a.example/u/p" || !equalSlices(o.AttributedGroups, []string{"https://a.example/c/g", "https://a.example/c/h"}) {
		t.Errorf("got %q %q", o.AttributedTo, o.AttributedGroups)
	}
	o = mustObject(t, note(`"attributedTo": {"type": "Group", "id": "https://a.example/c/g"}`))
	if o.AttributedTo != "" || len(o.AttributedGroups) != 1 {
		t.Errorf("group only: got %q %q", o.AttributedTo, o.AttributedGroups)
	}
}

func TestActorShapes(t *testing.T) {
	t.Parallel()
	o := mustObject(t, []byte(`{"id": "https://a.example/g", "type": ["Group"], "preferredUsername": "safety",
		"publicKey": [{"id": "https://a.example/g#main-key", "owner": {"id": "https://a.example/g"}, "publicKeyPem": "PEM1"},
		              {"id": "https://a.example/g#ed25519-key", "owner": "https://a.example/g", "publicKeyPem": "PEM2"}],
		"endpoints": {"sharedInbox": {"id": "https://a.example/inbox"}},
		"manuallyApprovesFollowers": "true",
		"icon": [{"type": "Image", "url": {"type": "Link", "href": "https://a.example/icon.png"}}],
		"attributedTo": "https://a.example/g/moderators"}`))
	if o.Type != "Group" || o.PreferredUsername != "safety" || o.SharedInbox != "https://a.example/inbox" ||
		!o.ManuallyApprovesFollowers || o.Icon != "https://a.example/icon.png" || o.AttributedTo != "https://a.example/g/moderators" {
		t.Errorf("got %+v", o)
	}
	if len(o.PublicKeys) != 2 || o.PublicKey != (PublicKey{ID: "https://a.example/g#main-key", Owner: "https://a.example/g", PublicKeyPem: "PEM1"}) ||
		o.PublicKeys[1].PublicKeyPem != "PEM2" {
		t.Errorf("keys %+v", o.PublicKeys)
	}
	o = mustObject(t, []byte(`{"id": "https://a.example/u", "type": "Service", "icon": "https://a.example/i.png", "endpoints": "https://a.example/endpoints"}`))
	if o.Icon != "https://a.example/i.png" || o.SharedInbox != "" {
		t.Errorf("got icon %q sharedInbox %q", o.Icon, o.SharedInbox)
	}
}

func TestChallengeExtension(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, props    string
		category, stat string
	}{
		{"compact", `"portal:category": "technology", "portal:status": "open"`, "technology", "open"},
		{"expanded", `"https://protectorsportal.org/ns#category": "prevention", "https://protectorsportal.org/ns#status": "addressed"`, "prevention", "addressed"},
		{"plain", `"category": "other", "status": "solution-proposed"`, "other", "solution-proposed"},
		{"namespaced wins over plain", `"category": "wrong", "portal:category": "enforcement"`, "enforcement", ""},
		{"values with namespace", `"portal:category": "portal:survivor-support", "portal:status": {"@id": "https://protectorsportal.org/ns#in-discussion"}`, "survivor-support", "in-discussion"},
		{"absent", ``, "", ""},
	}
	for _, tt := range tests {
		o := mustObject(t, note(tt.props))
		if o.Category != tt.category || o.Status != tt.stat {
			t.Errorf("%s: got %q/%q", tt.name, o.Category, o.Status)
		}
	}
}

func TestRepliesShapes(t *testing.T) {
	t.Parallel()
	tests := []struct{ value, want string }{
		{`"https://a.example/n/1/replies"`, "https://a.example/n/1/replies"},
		{`{"id": "https://a.example/n/1/replies", "type": "Collection"}`, "https://a.example/n/1/replies"},
		{`[{"id": "https://b.example/reply", "type": "Note"}]`, ""},
		{`{"type": "Collection", "totalItems": 2}`, ""},
	}
	for _, tt := range tests {
		if got := mustObject(t, note(`"replies": `+tt.value)).Replies; got != tt.want {
			t.Errorf("replies %s: got %q", tt.value, got)
		}
	}
}

func TestContextFallback(t *testing.T) {
	t.Parallel()
	o := mustObject(t, note(`"conversation": "https://a.example/contexts/7"`))
	if o.Context != "https://a.example/contexts/7" {
		t.Errorf("conversation: %q", o.Context)
	}
	o = mustObject(t, note(`"conversation": "tag:a.example,2025:x", "context": {"id": "https://a.example/threads/7", "type": "OrderedCollection"}`))
	if o.Context != "https://a.example/threads/7" {
		t.Errorf("context over conversation: %q", o.Context)
	}
}

func TestActivityShapes(t *testing.T) {
	t.Parallel()
	// An activity type no one taught us still parses when it has an actor.
	a, err := Parse([]byte(`{"id": "https://a.example/r/1", "type": "Bite", "actor": "https://a.example/u", "object": "https://b.example/u", "target": {"id": "https://b.example/t"}}`))
	if err != nil || a.Type != "Bite" || a.ObjectID != "https://b.example/u" || a.Target != "https://b.example/t" {
		t.Errorf("unknown activity: %v %+v", err, a)
	}
	// An array of objects: the first one is taken.
	a, err = Parse([]byte(`{"id": "https://a.example/f/1", "type": "Flag", "actor": "https://a.example/u", "object": ["https://b.example/u", "https://b.example/n/1"]}`))
	if err != nil || a.ObjectID != "https://b.example/u" {
		t.Errorf("flag: %v %+v", err, a)
	}
	// An embedded object given inside an array.
	a, err = Parse([]byte(`{"id": "https://a.example/c/1", "type": "Create", "actor": "https://a.example/u", "object": [{"id": "https://a.example/n/1", "type": "Note", "content": "x"}]}`))
	if err != nil || a.Object == nil || a.Object.Content != "x" || a.ObjectID != "https://a.example/n/1" {
		t.Errorf("object in array: %v %+v", err, a)
	}
	// An embedded Follow without an id still becomes Inner.
	a, err = Parse([]byte(`{"id": "https://a.example/x/1", "type": "Accept", "actor": "https://a.example/g", "object": {"type": "Follow", "actor": "https://b.example/u", "object": "https://a.example/g"}}`))
	if err != nil || a.Inner == nil || a.Inner.Actor != "https://b.example/u" || a.ObjectID != "" {
		t.Errorf("accept of id-less follow: %v %+v", err, a)
	}
}

func TestParseErrors(t *testing.T) {
	t.Parallel()
	nest := func(n int) string {
		return `{"id": "https://a.example/c/1", "type": "Create", "actor": "https://a.example/u", "x": ` +
			strings.Repeat("[", n-1) + strings.Repeat("]", n-1) + `}`
	}
	big := `{"id": "https://a.example/c/1", "type": "Create", "actor": "https://a.example/u", "pad": "`
	tests := []struct {
		name string
		doc  string
		want error
	}{
		{"too large", big + strings.Repeat("x", MaxSize-len(big)-1) + `"}`, ErrTooLarge},
		{"too deep", nest(MaxDepth + 1), ErrTooDeep},
		{"too deep and broken", strings.Repeat("[", 100), ErrTooDeep},
		{"not json", `{"id": `, ErrSyntax},
		{"trailing garbage", `{"id": "x"} {}`, ErrSyntax},
		{"empty", ``, ErrSyntax},
		{"array", `[{"type": "Create"}]`, ErrNotObject},
		{"null", `null`, ErrNotObject},
		{"string", `"Create"`, ErrNotObject},
		{"no type", `{"id": "https://a.example/c/1", "actor": "https://a.example/u"}`, ErrNoType},
		{"type not a string", `{"id": "https://a.example/c/1", "type": 7, "actor": "https://a.example/u"}`, ErrNoType},
		{"no id", `{"type": "Create", "actor": "https://a.example/u", "object": "https://a.example/n/1"}`, ErrNoID},
		{"no actor", `{"id": "https://a.example/c/1", "type": "Create", "object": "https://a.example/n/1"}`, ErrNoActor},
		{"object, not activity", `{"id": "https://a.example/n/1", "type": "Note", "actor": "https://a.example/u"}`, ErrNotActivity},
		{"unknown type without actor", `{"id": "https://a.example/n/1", "type": "Thing"}`, ErrNotActivity},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if _, err := Parse([]byte(tt.doc)); !errors.Is(err, tt.want) {
				t.Errorf("got %v, want %v", err, tt.want)
			}
		})
	}
	// The limits themselves are allowed.
	if _, err := Parse([]byte(nest(MaxDepth))); err != nil {
		t.Errorf("depth %d: %v", MaxDepth, err)
	}
	exact := big + strings.Repeat("x", MaxSize-len(big)-2) + `"}`
	if _, err := Parse([]byte(exact)); err != nil || len(exact) != MaxSize {
		t.Errorf("%d bytes: %v", len(exact), err)
	}
	// Brackets inside strings are not nesting.
	if _, err := Parse([]byte(`{"id": "https://a.example/c/1", "type": "Create", "actor": "https://a.example/u", "content": "` +
		strings.Repeat(`[{\"`, 100) + `"}`)); err != nil {
		t.Errorf("brackets in a string: %v", err)
	}
	// A byte order mark and surrounding space are tolerated.
	if _, err := Parse([]byte("\xef\xbb\xbf \n" + nest(2) + "\n")); err != nil {
		t.Errorf("bom: %v", err)
	}
}

func TestParseObjectAndCollectionErrors(t *testing.T) {
	t.Parallel()
	if _, err := ParseObject([]byte(`{"id": "https://a.example/n/1"}`)); !errors.Is(err, ErrNoType) {
		t.Errorf("object without type: %v", err)
	}
	if _, err := ParseObject([]byte(`[]`)); !errors.Is(err, ErrNotObject) {
		t.Errorf("object array: %v", err)
	}
	if _, err := ParseCollection([]byte(`{"id": "https://a.example/n/1", "type": "Note"}`)); !errors.Is(err, ErrNotCollection) {
		t.Errorf("collection of a note: %v", err)
	}
	if _, err := ParseCollection([]byte(`{"id": "https://a.example/n/1"}`)); !errors.Is(err, ErrNoType) {
		t.Errorf("collection without type: %v", err)
	}
	if _, err := ParseCollection([]byte(strings.Repeat("[", MaxDepth+1))); !errors.Is(err, ErrTooDeep) {
		t.Errorf("deep collection: %v", err)
	}
	c, err := ParseCollection([]byte(`{"id": "https://a.example/c", "type": "as:OrderedCollectionPage", "totalItems": "12",
		"items": ["https://a.example/1"], "orderedItems": "https://a.example/2", "next": {"id": "https://a.example/c?page=2"}}`))
	if err != nil || c.TotalItems != 12 || len(c.Items) != 1 || c.Items[0].ID != "https://a.example/2" || c.Next != "https://a.example/c?page=2" {
		t.Errorf("page: %v %+v", err, c)
	}
	for _, total := range []string{`-4`, `1e300`, `"many"`, `3.7`} {
		c, err := ParseCollection([]byte(`{"type": "Collection", "totalItems": ` + total + `}`))
		if err != nil || c.TotalItems < 0 || c.TotalItems > 1<<53 {
			t.Errorf("totalItems %s: %v %+v", total, err, c)
		}
	}
}
