package apjson

import (
	"slices"
	"strings"

	"github.com/go-fed/activity/streams"
	"github.com/go-fed/activity/streams/vocab"
)

// post is what Page, Note and Tombstone have in common in streams.
type post interface {
	vocab.Type
	addressed
	SetActivityStreamsAttributedTo(vocab.ActivityStreamsAttributedToProperty)
	SetActivityStreamsAudience(vocab.ActivityStreamsAudienceProperty)
	SetActivityStreamsContent(vocab.ActivityStreamsContentProperty)
	SetActivityStreamsContext(vocab.ActivityStreamsContextProperty)
	SetActivityStreamsInReplyTo(vocab.ActivityStreamsInReplyToProperty)
	SetActivityStreamsMediaType(vocab.ActivityStreamsMediaTypeProperty)
	SetActivityStreamsName(vocab.ActivityStreamsNameProperty)
	SetActivityStreamsReplies(vocab.ActivityStreamsRepliesProperty)
	SetActivityStreamsSource(vocab.ActivityStreamsSourceProperty)
	SetActivityStreamsTag(vocab.ActivityStreamsTagProperty)
	SetActivityStreamsUrl(vocab.ActivityStreamsUrlProperty)
}

// addressed is anything with to and cc.
type addressed interface {
	SetActivityStreamsTo(vocab.ActivityStreamsToProperty)
	SetActivityStreamsCc(vocab.ActivityStreamsCcProperty)
}

func (b *builder) object(o *Object, depth int) vocab.Type {
	if o.Visibility == "alliance" && (slices.Contains(o.To, Public) || slices.Contains(o.Cc, Public)) {
		b.fail("alliance object %s is addressed to the public", o.ID)
	}
	var t post
	switch o.Type {
	case "Page":
		t = streams.NewActivityStreamsPage()
	case "Note":
		t = streams.NewActivityStreamsNote()
	case "Tombstone":
		ts := streams.NewActivityStreamsTombstone()
		if o.FormerType != "" {
			p := streams.NewActivityStreamsFormerTypeProperty()
			p.AppendXMLSchemaString(o.FormerType)
			ts.SetActivityStreamsFormerType(p)
		}
		b.extendTime(ts, "deleted", o.Deleted)
		t = ts
	default:
		b.fail("object %s: unknown type %q", o.ID, o.Type)
		return streams.NewActivityStreamsObject()
	}
	b.id(t, o.ID)
	b.addressing(t, o.To, o.Cc)
	if o.AttributedTo != "" {
		p := streams.NewActivityStreamsAttributedToProperty()
		p.AppendIRI(b.iri("attributedTo", o.AttributedTo))
		t.SetActivityStreamsAttributedTo(p)
	}
	if o.InReplyTo != "" {
		p := streams.NewActivityStreamsInReplyToProperty()
		p.AppendIRI(b.iri("inReplyTo", o.InReplyTo))
		t.SetActivityStreamsInReplyTo(p)
	}
	if o.Context != "" {
		p := streams.NewActivityStreamsContextProperty()
		p.AppendIRI(b.iri("context", o.Context))
		t.SetActivityStreamsContext(p)
	}
	if o.Audience != "" {
		p := streams.NewActivityStreamsAudienceProperty()
		p.AppendIRI(b.iri("audience", o.Audience))
		t.SetActivityStreamsAudience(p)
	}
	if o.URL != "" {
		p := streams.NewActivityStreamsUrlProperty()
		p.AppendIRI(b.iri("url", o.URL))
		t.SetActivityStreamsUrl(p)
	}
	b.extendTime(t, "published", o.Published)
	b.extendTime(t, "updated", o.Updated)
	if o.Type == "Tombstone" {
		return t
	}

	if o.Name != "" {
		p := streams.NewActivityStreamsNameProperty()
		p.AppendXMLSchemaString(o.Name)
		t.SetActivityStreamsName(p)
	}
	content := streams.NewActivityStreamsContentProperty()
	content.AppendXMLSchemaString(o.Content)
	t.SetActivityStreamsContent(content)
	mediaType := streams.NewActivityStreamsMediaTypeProperty()
	mediaType.Set(or(o.MediaType, "text/html"))
	t.SetActivityStreamsMediaType(mediaType)
	if o.Source != "" {
		t.SetActivityStreamsSource(source(o.Source, or(o.SourceMediaType, "text/markdown")))
	}
	if len(o.Tag) > 0 {
		t.SetActivityStreamsTag(b.tags(o.ID, o.Tag))
	}
	if o.Replies != "" {
		t.SetActivityStreamsReplies(b.replies(o.Replies))
	}
	b.extend(t, "sensitive", o.Sensitive)
	if o.Category != "" {
		b.extend(t, "category", o.Category)
	}
	if o.Status != "" {
		b.extend(t, "status", o.Status)
	}
	if o.Endorsements != nil {
		b.extend(t, "endorsements", *o.Endorsements)
	}
	if o.Visibility != "" {
		b.extend(t, "visibility", o.Visibility)
	}
	return t
}

// addressing sets to and cc, leaving out an empty list.
func (b *builder) addressing(t addressed, to, cc []string) {
	if len(to) > 0 {
		p := streams.NewActivityStreamsToProperty()
		for _, s := range to {
			p.AppendIRI(b.iri("to", s))
		}
		t.SetActivityStreamsTo(p)
	}
	if len(cc) > 0 {
		p := streams.NewActivityStreamsCcProperty()
		for _, s := range cc {
			p.AppendIRI(b.iri("cc", s))
		}
		t.SetActivityStreamsCc(p)
	}
}

// source is the Markdown the author wrote. streams writes it as an Object,
// so it also carries "type": "Object", which AS2 allows and peers ignore.
func source(content, mediaType string) vocab.ActivityStreamsSourceProperty {
	o := streams.NewActivityStreamsObject()
	c := streams.NewActivityStreamsContentProperty()
	c.AppendXMLSchemaString(content)
	o.SetActivityStreamsContent(c)
	mt := streams.NewActivityStreamsMediaTypeProperty()
	mt.Set(mediaType)
	o.SetActivityStreamsMediaType(mt)
	p := streams.NewActivityStreamsSourceProperty()
	p.SetActivityStreamsObject(o)
	return p
}

// tags writes mentions as streams Mentions and hashtags as streams Links
// whose type property says Hashtag (a type streams does not have).
func (b *builder) tags(objectID string, tags []Tag) vocab.ActivityStreamsTagProperty {
	p := streams.NewActivityStreamsTagProperty()
	for _, tg := range tags {
		href := streams.NewActivityStreamsHrefProperty()
		href.Set(b.iri("tag href", tg.Href))
		name := streams.NewActivityStreamsNameProperty()
		switch tg.Type {
		case "Mention":
			m := streams.NewActivityStreamsMention()
			m.SetActivityStreamsHref(href)
			if tg.Name != "" {
				name.AppendXMLSchemaString(tg.Name)
				m.SetActivityStreamsName(name)
			}
			p.AppendActivityStreamsMention(m)
		case "Hashtag":
			l := streams.NewActivityStreamsLink()
			typ := streams.NewJSONLDTypeProperty()
			typ.AppendXMLSchemaString("Hashtag")
			l.SetJSONLDType(typ)
			l.SetActivityStreamsHref(href)
			n := tg.Name
			if !strings.HasPrefix(n, "#") {
				n = "#" + n
			}
			name.AppendXMLSchemaString(n)
			l.SetActivityStreamsName(name)
			p.AppendActivityStreamsLink(l)
		default:
			b.fail("object %s: unknown tag type %q", objectID, tg.Type)
		}
	}
	return p
}

// replies embeds the replies collection with a link to its first page, as
// Lemmy and Mastodon do, so that a peer can page through it without first
// fetching the collection itself.
func (b *builder) replies(id string) vocab.ActivityStreamsRepliesProperty {
	c := streams.NewActivityStreamsOrderedCollection()
	b.id(c, id)
	first := streams.NewActivityStreamsFirstProperty()
	first.SetIRI(b.iri("replies first", firstPage(id)))
	c.SetActivityStreamsFirst(first)
	p := streams.NewActivityStreamsRepliesProperty()
	p.SetActivityStreamsOrderedCollection(c)
	return p
}

// firstPage is the IRI of the first page of the collection id: id?page=1,
// or id&page=1 when id already has a query.
func firstPage(id string) string {
	if strings.Contains(id, "?") {
		return id + "&page=1"
	}
	return id + "?page=1"
}

func or(s, fallback string) string {
	if s == "" {
		return fallback
	}
	return s
}
