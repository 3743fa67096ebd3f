package apjson

import "time"

// Actor is a Person (member), a Group (space, FEP-1b12) or the Application
// that stands for the node itself.
type Actor struct {
	ID                string
	Type              string // Person, Group, Application, Service or Organization
	PreferredUsername string
	Name              string
	Summary           string // HTML
	URL               string // the actor's HTML page
	Inbox             string
	Outbox            string
	Followers         string
	Following         string
	SharedInbox       string // written as endpoints.sharedInbox
	Featured          string
	// Moderators is a Group's collection of moderators, written both as
	// attributedTo (what Lemmy reads today) and as lemmy:moderators.
	Moderators string

	PublicKeyID  string // without it no publicKey is written
	PublicKeyPEM string

	ManuallyApprovesFollowers bool // always written
	PostingRestrictedToMods   bool // always written for a Group, never for others
	Discoverable              bool // always written, as toot:discoverable

	// Visibility is "alliance" on alliance-only spaces (portal:visibility).
	Visibility string
	// Spaces is the collection of a node's spaces, on the instance actor
	// (portal:spaces): how a hub finds what to follow.
	Spaces string

	Published time.Time // zero: omitted
	Updated   time.Time // zero: omitted
}

// Tag is an entry of an object's tag: a Mention of an actor or a Hashtag.
type Tag struct {
	Type string // Mention or Hashtag
	Href string
	// Name is "@name@host" for a mention; for a hashtag a leading "#" is
	// added when missing.
	Name string
}

// Object is a post: a Page (a thread's first post, titled), a Note (a
// reply), or the Tombstone that replaces a deleted one.
type Object struct {
	ID              string
	Type            string // Page, Note or Tombstone
	Name            string // the title; omitted when empty
	Content         string // HTML
	MediaType       string // of Content; "text/html" when empty
	Source          string // Markdown; source is omitted when empty
	SourceMediaType string // "text/markdown" when empty

	AttributedTo string
	InReplyTo    string
	Context      string // the thread's collection (FEP-7888)
	Audience     string // the space (FEP-1b12)
	URL          string // the post's HTML page
	To, Cc       []string
	Tag          []Tag

	Published time.Time // zero: omitted
	Updated   time.Time // zero: omitted

	// Replies is the id of the post's replies collection, written as an
	// embedded OrderedCollection whose first page is Replies?page=1.
	Replies string

	Sensitive bool // always written for a Page or Note

	// A challenge's properties under Namespace, each written only when set.
	Category     string
	Status       string
	Endorsements *int

	// Visibility is written under Namespace when set. An "alliance" object
	// must not be addressed to Public; Marshal refuses one that is.
	Visibility string

	// Tombstone properties. A Tombstone carries only its ids, addressing,
	// formerType and times: content, name, source, tag, replies and the
	// challenge properties are never written for it.
	FormerType string
	Deleted    time.Time // zero: omitted
}

// Activity is Create, Update, Delete, Follow, Accept, Reject, Undo, Like,
// Announce, Add, Remove or Flag.
type Activity struct {
	ID    string
	Type  string
	Actor string
	// Object is a string IRI, an *Object or an *Activity; embedded ones are
	// written in full, without their own @context. A []string (at least one
	// IRI) is written as an array of IRIs: a Flag's reported account and
	// posts.
	Object   any
	Target   string
	Audience string
	// Content is the activity's own text, written as given when set: a
	// Flag's comment, which peers read as plain text.
	Content   string
	To, Cc    []string
	Published time.Time // zero: omitted
}

// Collection is an OrderedCollection, an OrderedCollectionPage, a
// Collection or a CollectionPage.
type Collection struct {
	ID         string
	Type       string
	TotalItems *int // nil: omitted
	First      string
	Last       string
	Next       string // pages only
	Prev       string // pages only
	PartOf     string // pages only
	// Items are string IRIs, *Object or *Activity values, written as
	// orderedItems for ordered types and items otherwise. They are written
	// (as an array, possibly empty) for a page, for a collection without
	// First, and whenever there are any.
	Items        []any
	AttributedTo string
	Audience     string
}
