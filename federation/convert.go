package federation

import (
	"encoding/json"

	"github.com/protectors-portal/portal/federation/apjson"
	"github.com/protectors-portal/portal/internal/model"
)

// Model → ActivityPub conversion: pure functions over what the caller has
// loaded; no queries here.

// contextOf is the FEP-7888 context collection of a thread.
func (s *Service) contextOf(t *model.Thread) string {
	if t.Local {
		return t.URI + "/context"
	}
	if t.ContextURI != "" {
		return t.ContextURI
	}
	return t.URI
}

// actorDoc renders a local actor (member, space or the instance).
func (s *Service) actorDoc(a *model.Actor, sp *model.Space) *apjson.Actor {
	doc := &apjson.Actor{ID: a.URI, Type: string(a.Kind), PreferredUsername: a.Username, Name: a.Name(),
		Summary: a.Summary, URL: a.URL, Inbox: a.Inbox, Outbox: a.Outbox, Followers: a.Followers,
		Following: a.Following, SharedInbox: a.SharedInbox, PublicKeyID: a.KeyID, PublicKeyPEM: a.PublicKeyPEM,
		ManuallyApprovesFollowers: a.ManuallyApproves, Discoverable: true, Published: a.CreatedAt, Updated: a.UpdatedAt}
	if sp != nil {
		doc.Moderators = a.URI + "/moderators"
		doc.Summary = sp.DescriptionHTML
		doc.Name = sp.Title
		if sp.Visibility == model.VisibilityAlliance {
			doc.Visibility = string(model.VisibilityAlliance)
		}
	}
	return doc
}

// addressing says who a local object is for: public objects to everyone,
// alliance-only ones to the space's followers (delivered only to alliance
// nodes); the space is always in cc, as Lemmy and Mastodon expect.
func addressing(vis model.Visibility, space *model.Actor, extraCc ...string) (to, cc []string) {
	if vis == model.VisibilityPublic {
		to = []string{apjson.Public}
	} else {
		to = []string{space.Followers}
	}
	cc = append([]string{space.URI}, extraCc...)
	return to, cc
}

// pageDoc renders a local or remote thread's first post as a Page.
func (s *Service) pageDoc(t *model.Thread, space, author *model.Actor) *apjson.Object {
	if t.Deleted() {
		return &apjson.Object{ID: t.URI, Type: "Tombstone", FormerType: "Page", Deleted: *t.DeletedAt}
	}
	to, cc := addressing(t.Visibility, space)
	doc := &apjson.Object{ID: t.URI, Type: "Page", Name: t.Title, Content: t.BodyHTML, MediaType: "text/html",
		Source: t.BodySource, SourceMediaType: "text/markdown", AttributedTo: author.URI, Context: s.contextOf(t),
		Audience: space.URI, URL: t.URL, To: to, Cc: cc, Published: t.CreatedAt, Replies: t.URI + "/replies",
		Tag: []apjson.Tag{{Type: "Mention", Href: space.URI, Name: "@" + space.Username + "@" + space.Host}}}
	if t.EditedAt != nil {
		doc.Updated = *t.EditedAt
	}
	if t.Kind == model.KindChallenge {
		n := t.EndorsementCount
		doc.Category, doc.Status, doc.Endorsements = t.Category, string(t.Status), &n
		doc.Tag = append(doc.Tag, apjson.Tag{Type: "Hashtag", Href: s.urls.Base + "/challenges", Name: "#challenge"})
	}
	if t.Visibility == model.VisibilityAlliance {
		doc.Visibility = string(model.VisibilityAlliance)
	}
	return doc
}

// noteDoc renders a reply as a Note. parent is the post it answers (nil
// for the first post) and parentAuthor its author.
func (s *Service) noteDoc(p *model.Post, t *model.Thread, space, author *model.Actor, parentURI, parentAuthor string) *apjson.Object {
	if p.Deleted() {
		return &apjson.Object{ID: p.URI, Type: "Tombstone", FormerType: "Note", Deleted: *p.DeletedAt}
	}
	var extra []string
	if parentAuthor != "" && parentAuthor != author.URI {
		extra = append(extra, parentAuthor)
	}
	to, cc := addressing(p.Visibility, space, extra...)
	doc := &apjson.Object{ID: p.URI, Type: "Note", Content: p.BodyHTML, MediaType: "text/html", Source: p.BodySource,
		SourceMediaType: "text/markdown", AttributedTo: author.URI, InReplyTo: parentURI, Context: s.contextOf(t),
		Audience: space.URI, URL: p.URL, To: to, Cc: cc, Published: p.CreatedAt, Replies: p.URI + "/replies"}
	if parentAuthor != "" && parentAuthor != author.URI {
		doc.Tag = append(doc.Tag, apjson.Tag{Type: "Mention", Href: parentAuthor})
	}
	if p.EditedAt != nil {
		doc.Updated = *p.EditedAt
	}
	if p.Visibility == model.VisibilityAlliance {
		doc.Visibility = string(model.VisibilityAlliance)
	}
	return doc
}

// attachmentsJSON keeps a remote object's attachments as links only.
type attachmentLink struct {
	URL       string `json:"url"`
	MediaType string `json:"media_type,omitempty"`
	Name      string `json:"name,omitempty"`
}

func encodeAttachments(list []attachmentLink) string {
	if len(list) == 0 {
		return ""
	}
	b, _ := json.Marshal(list)
	return string(b)
}
