package apjson

import "time"

// The fixtures describe one node, portal.example, with a member alice, a
// space meta, and a member bob on a second Portal node.
const (
	node      = "https://portal.example"
	alice     = node + "/u/alice"
	space     = node + "/s/meta"
	bob       = "https://other.example/u/bob"
	thread    = node + "/t/42"
	firstPost = node + "/p/100"
	reply     = node + "/p/101"
)

var testPEM = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAtest\n-----END PUBLIC KEY-----\n"

func at(h, m, s, ms int) time.Time {
	return time.Date(2025, 3, 14, h, m, s, ms*int(time.Millisecond), time.UTC)
}

func ptr[T any](v T) *T { return &v }

func person() *Actor {
	return &Actor{
		ID:                alice,
		Type:              "Person",
		PreferredUsername: "alice",
		Name:              "Alice Example",
		Summary:           "<p>Analyst at a <em>hotline</em>.</p>",
		URL:               node + "/@alice",
		Inbox:             alice + "/inbox",
		Outbox:            alice + "/outbox",
		Followers:         alice + "/followers",
		Following:         alice + "/following",
		SharedInbox:       node + "/inbox",
		PublicKeyID:       alice + "#main-key",
		PublicKeyPEM:      testPEM,
		Discoverable:      true,
		Published:         at(9, 0, 0, 0),
	}
}

func group() *Actor {
	return &Actor{
		ID:                        space,
		Type:                      "Group",
		PreferredUsername:         "meta",
		Name:                      "Meta",
		Summary:                   "<p>Talk about this node.</p>",
		URL:                       node + "/s/meta",
		Inbox:                     space + "/inbox",
		Outbox:                    space + "/outbox",
		Followers:                 space + "/followers",
		Following:                 space + "/following",
		Featured:                  space + "/featured",
		SharedInbox:               node + "/inbox",
		Moderators:                space + "/moderators",
		PublicKeyID:               space + "#main-key",
		PublicKeyPEM:              testPEM,
		ManuallyApprovesFollowers: true,
		Published:                 at(8, 0, 0, 0),
		Updated:                   at(8, 30, 0, 250),
	}
}

func application() *Actor {
	return &Actor{
		ID:                node + "/actor",
		Type:              "Application",
		PreferredUsername: "portal.example",
		Name:              "Example Hotline",
		URL:               node + "/about",
		Inbox:             node + "/actor/inbox",
		Outbox:            node + "/actor/outbox",
		SharedInbox:       node + "/inbox",
		PublicKeyID:       node + "/actor#main-key",
		PublicKeyPEM:      testPEM,
		Published:         at(7, 0, 0, 0),
	}
}

func page() *Object {
	return &Object{
		ID:           firstPost,
		Type:         "Page",
		Name:         "Meta: why so slow?",
		Content:      "<p>Pages take <strong>5 s</strong> to load &amp; more.</p>",
		Source:       "Pages take **5 s** to load & more.",
		AttributedTo: alice,
		Context:      thread,
		Audience:     space,
		URL:          node + "/t/42#p100",
		To:           []string{Public},
		Cc:           []string{space, alice + "/followers"},
		Tag:          []Tag{{Type: "Mention", Href: space, Name: "@meta@portal.example"}},
		Published:    at(10, 15, 30, 123),
		Replies:      firstPost + "/replies",
	}
}

func challengePage() *Object {
	o := page()
	o.ID = node + "/p/200"
	o.Name = "Detecting re-uploaded known material"
	o.Content = "<p>How do you match re-encoded files?</p>"
	o.Source = "How do you match re-encoded files?"
	o.URL = node + "/t/43#p200"
	o.Context = node + "/t/43"
	o.Replies = o.ID + "/replies"
	o.Tag = append(o.Tag, Tag{Type: "Hashtag", Href: node + "/tags/challenge", Name: "challenge"})
	o.Category = "detection"
	o.Status = "open"
	o.Endorsements = ptr(3)
	return o
}

func noteReply() *Object {
	return &Object{
		ID:           reply,
		Type:         "Note",
		Content:      "<p>Same here since Tuesday.</p>",
		Source:       "Same here since Tuesday.",
		AttributedTo: bob,
		InReplyTo:    firstPost,
		Context:      thread,
		Audience:     space,
		URL:          node + "/t/42#p101",
		To:           []string{Public},
		Cc:           []string{space},
		Published:    at(11, 0, 0, 0),
		Replies:      reply + "/replies",
	}
}

func tombstone() *Object {
	return &Object{
		ID:         reply,
		Type:       "Tombstone",
		FormerType: "Note",
		Deleted:    at(12, 0, 0, 500),
		// Set on purpose: none of these may leak into a Tombstone.
		Content: "<p>secret</p>",
		Source:  "secret",
	}
}

func createPage() *Activity {
	return &Activity{
		ID:        firstPost + "/create",
		Type:      "Create",
		Actor:     alice,
		Object:    page(),
		Audience:  space,
		To:        []string{Public},
		Cc:        []string{space, alice + "/followers"},
		Published: at(10, 15, 30, 123),
	}
}

func announceCreatePage() *Activity {
	return &Activity{
		ID:       space + "/announce/1",
		Type:     "Announce",
		Actor:    space,
		Object:   createPage(),
		Audience: space,
		To:       []string{Public},
		Cc:       []string{space + "/followers"},
	}
}

func announcePageIRI() *Activity {
	return &Activity{
		ID:       space + "/announce/2",
		Type:     "Announce",
		Actor:    space,
		Object:   firstPost,
		Audience: space,
		To:       []string{Public},
		Cc:       []string{space + "/followers"},
	}
}

// updateGroup is a space's new title and description sent to its
// followers; an alliance space's Update goes to its followers only.
func updateGroup() *Activity {
	g := group()
	g.Name = "Meta and moderation"
	g.Updated = at(12, 0, 0, 0)
	return &Activity{
		ID:     node + "/activities/update-group",
		Type:   "Update",
		Actor:  space,
		Object: g,
		To:     []string{Public},
		Cc:     []string{space + "/followers"},
	}
}

func updateNote() *Activity {
	n := noteReply()
	n.Content = "<p>Same here since Monday.</p>"
	n.Source = "Same here since Monday."
	n.Updated = at(11, 5, 0, 7)
	return &Activity{
		ID:       reply + "/update/1",
		Type:     "Update",
		Actor:    bob,
		Object:   n,
		Audience: space,
		To:       []string{Public},
		Cc:       []string{space},
	}
}

func deleteTombstone() *Activity {
	return &Activity{
		ID:       reply + "/delete",
		Type:     "Delete",
		Actor:    bob,
		Object:   tombstone(),
		Audience: space,
		To:       []string{Public},
		Cc:       []string{space},
	}
}

func follow() *Activity {
	return &Activity{
		ID:     bob + "/follow/1",
		Type:   "Follow",
		Actor:  bob,
		Object: space,
		To:     []string{space},
	}
}

func acceptFollow() *Activity {
	return &Activity{
		ID:     space + "/accept/1",
		Type:   "Accept",
		Actor:  space,
		Object: follow(),
		To:     []string{bob},
	}
}

func like() *Activity {
	return &Activity{
		ID:       bob + "/like/1",
		Type:     "Like",
		Actor:    bob,
		Object:   firstPost,
		Audience: space,
		To:       []string{alice},
		Cc:       []string{space},
	}
}

func undoLike() *Activity {
	return &Activity{
		ID:       bob + "/like/1/undo",
		Type:     "Undo",
		Actor:    bob,
		Object:   like(),
		Audience: space,
		To:       []string{alice},
		Cc:       []string{space},
	}
}

func orderedCollection() *Collection {
	return &Collection{
		ID:           thread,
		Type:         "OrderedCollection",
		TotalItems:   ptr(2),
		First:        thread + "?page=1",
		AttributedTo: space,
		Audience:     space,
	}
}

func orderedCollectionPage() *Collection {
	return &Collection{
		ID:     space + "/outbox?page=1",
		Type:   "OrderedCollectionPage",
		PartOf: space + "/outbox",
		Next:   space + "/outbox?page=2",
		Items:  []any{announceCreatePage(), space + "/announce/2", noteReply()},
	}
}

func fixedZone() *time.Location { return time.FixedZone("UTC+2", 2*60*60) }
