package activity

import (
	"slices"
	"strings"
	"time"
)

// Object is a non-activity object: a post (Note, Page, Article, Question,
// Tombstone…) or an actor (Person, Group, Service, Application,
// Organization). Properties that do not apply to the type stay empty.
type Object struct {
	ID   string
	Type string

	Name    string
	Summary string
	// Content is HTML as the sender gave it; it is not sanitised here.
	Content   string
	MediaType string
	// Source and SourceMediaType are source.content and source.mediaType,
	// usually the Markdown the author wrote.
	Source          string
	SourceMediaType string
	// URL is the object's page for people, the first text/html href of url
	// when there is one, else its first href.
	URL string

	// AttributedTo is the author: the first entry of attributedTo that is
	// not a Group. Groups listed there (as Lemmy and PieFed accept from
	// PeerTube-style senders) go to AttributedGroups.
	AttributedTo     string
	AttributedGroups []string
	InReplyTo        string
	// Context is the thread (FEP-7888), read from context or, when that is
	// missing, from the older ostatus conversation property.
	Context  string
	Audience string
	To, Cc   []string

	Tag        []Tag
	Attachment []Attachment
	Sensitive  bool
	Published  time.Time
	Updated    time.Time
	// Replies is the id of the replies collection, empty when replies is
	// missing or is given as a plain list of posts.
	Replies string

	// Category and Status are a challenge's, from Portal's namespace
	// (portal:category, the full IRI, or plain category), with any
	// namespace prefix removed from the value.
	Category string
	Status   string
	// Visibility is "alliance" on another Portal node's alliance-only
	// spaces and posts (portal:visibility), empty otherwise.
	Visibility string
	// Spaces is the collection of a Portal node's spaces, on its instance
	// actor (portal:spaces).
	Spaces string

	// Actor properties.
	PreferredUsername         string
	Inbox                     string
	Outbox                    string
	Followers                 string
	Following                 string
	Featured                  string
	SharedInbox               string // endpoints.sharedInbox
	ManuallyApprovesFollowers bool
	// PublicKey is the first of PublicKeys, which holds every key the actor
	// lists (publicKey may be one object or an array).
	PublicKey  PublicKey
	PublicKeys []PublicKey
	Icon       string // the icon's URL only
}

// Tag is an entry of tag: a Mention, a Hashtag, an Emoji…
type Tag struct {
	Type string
	Href string
	Name string
}

// Attachment is an entry of attachment. Portal never fetches it; it is shown
// as a link.
type Attachment struct {
	Type      string
	MediaType string
	URL       string
	Name      string
}

// PublicKey is an actor's key for HTTP signatures.
type PublicKey struct {
	ID           string
	Owner        string
	PublicKeyPem string
}

// IsPublic reports whether the object is addressed to the public.
func (o *Object) IsPublic() bool {
	return slices.Contains(o.To, Public) || slices.Contains(o.Cc, Public)
}

// ParseObject reads an object or actor document, such as the answer to a
// fetch. It needs a JSON object with a type, within the same size and depth
// limits as Parse; the id is not required here, so callers that fetched the
// document compare it with the IRI they asked for.
func ParseObject(data []byte) (*Object, error) {
	doc, err := prepare(data)
	if err != nil {
		return nil, err
	}
	var f fields
	f.collect(doc)
	if typ, _ := typeOf(f.typ); typ == "" {
		return nil, ErrNoType
	}
	return decodeObject(&f), nil
}

// fields holds the raw values of the properties the package reads from one
// JSON object, found in a single pass over its members. Everything else,
// @context included, is skipped unread.
type fields struct {
	idRaw, atID, typ, atType []byte

	actor, object, target []byte
	to, cc, audience      []byte
	published, updated    []byte

	name, nameMap, summary, summaryMap, content, contentMap []byte
	mediaType, source, url                                  []byte

	attributedTo, inReplyTo, context, conversation []byte
	tag, attachment, sensitive, replies            []byte

	// category and status by precedence: portal: prefix, full IRI, plain.
	category, status, visibility, spaces [3][]byte

	preferredUsername, inbox, outbox, followers, following, featured []byte
	endpoints, manuallyApprovesFollowers, publicKey, icon            []byte

	totalItems, first, last, next, prev, partOf, items, orderedItems []byte

	// Properties of small embedded things: Links, tags, keys.
	href, owner, publicKeyPem []byte
}

func (f *fields) collect(obj []byte) {
	m := newMembers(obj)
	for {
		k, v, ok := m.next()
		if !ok {
			break
		}
		switch key := string(keyBytes(k)); key {
		case "id":
			f.idRaw = v
		case "@id":
			f.atID = v
		case "type":
			f.typ = v
		case "@type":
			f.atType = v
		case "actor":
			f.actor = v
		case "object":
			f.object = v
		case "target":
			f.target = v
		case "to":
			f.to = v
		case "cc":
			f.cc = v
		case "audience":
			f.audience = v
		case "published":
			f.published = v
		case "updated":
			f.updated = v
		case "name":
			f.name = v
		case "nameMap":
			f.nameMap = v
		case "summary":
			f.summary = v
		case "summaryMap":
			f.summaryMap = v
		case "content":
			f.content = v
		case "contentMap":
			f.contentMap = v
		case "mediaType":
			f.mediaType = v
		case "source":
			f.source = v
		case "url":
			f.url = v
		case "attributedTo":
			f.attributedTo = v
		case "inReplyTo":
			f.inReplyTo = v
		case "context":
			f.context = v
		case "conversation":
			f.conversation = v
		case "tag":
			f.tag = v
		case "attachment":
			f.attachment = v
		case "sensitive":
			f.sensitive = v
		case "replies":
			f.replies = v
		case "preferredUsername":
			f.preferredUsername = v
		case "inbox":
			f.inbox = v
		case "outbox":
			f.outbox = v
		case "followers":
			f.followers = v
		case "following":
			f.following = v
		case "featured":
			f.featured = v
		case "endpoints":
			f.endpoints = v
		case "manuallyApprovesFollowers":
			f.manuallyApprovesFollowers = v
		case "publicKey":
			f.publicKey = v
		case "icon":
			f.icon = v
		case "totalItems":
			f.totalItems = v
		case "first":
			f.first = v
		case "last":
			f.last = v
		case "next":
			f.next = v
		case "prev":
			f.prev = v
		case "partOf":
			f.partOf = v
		case "items":
			f.items = v
		case "orderedItems":
			f.orderedItems = v
		case "href":
			f.href = v
		case "owner":
			f.owner = v
		case "publicKeyPem":
			f.publicKeyPem = v
		default:
			if slot, rank := f.portalSlot(key); slot != nil {
				slot[rank] = v
			}
		}
	}
	if isNull(f.typ) {
		f.typ = f.atType
	}
}

// portalSlot places a property of Portal's namespace: the slot of its
// term, and its precedence — prefixed (portal:x) first, then the full IRI,
// then the plain term. Other keys get nil.
func (f *fields) portalSlot(key string) (*[3][]byte, int) {
	rank := 2
	switch {
	case strings.HasPrefix(key, "portal:"):
		key, rank = key[len("portal:"):], 0
	case strings.HasPrefix(key, Namespace):
		key, rank = key[len(Namespace):], 1
	}
	switch key {
	case "category":
		return &f.category, rank
	case "status":
		return &f.status, rank
	case "visibility":
		return &f.visibility, rank
	case "spaces":
		return &f.spaces, rank
	}
	return nil, 0
}

// id reads the object's id, or its JSON-LD @id when there is no id.
func (f *fields) id() string {
	if s := ref(f.idRaw); s != "" {
		return s
	}
	return ref(f.atID)
}

// isActivity decides whether an object is an activity: its type is a known
// activity type, or an unknown type that comes with an actor.
func (f *fields) isActivity(cat typeCategory) bool {
	return cat == catActivity || (cat == catUnknown && !isNull(f.actor))
}

func decodeObject(f *fields) *Object {
	typ, _ := typeOf(f.typ)
	o := &Object{
		ID:         f.id(),
		Type:       typ,
		Name:       localizedText(f.name, f.nameMap),
		Summary:    localizedText(f.summary, f.summaryMap),
		Content:    localizedText(f.content, f.contentMap),
		MediaType:  text(f.mediaType),
		URL:        link(f.url, true),
		InReplyTo:  ref(f.inReplyTo),
		Context:    ref(f.context),
		Audience:   normalizeAddress(ref(f.audience)),
		To:         refs(f.to),
		Cc:         refs(f.cc),
		Sensitive:  boolOf(f.sensitive),
		Published:  timeOf(f.published),
		Updated:    timeOf(f.updated),
		Replies:    repliesRef(f.replies),
		Category:   portalTerm(f.category),
		Status:     portalTerm(f.status),
		Visibility: portalTerm(f.visibility),
		Spaces:     firstRef(f.spaces),

		PreferredUsername:         text(f.preferredUsername),
		Inbox:                     ref(f.inbox),
		Outbox:                    ref(f.outbox),
		Followers:                 ref(f.followers),
		Following:                 ref(f.following),
		Featured:                  ref(f.featured),
		ManuallyApprovesFollowers: boolOf(f.manuallyApprovesFollowers),
		Icon:                      link(f.icon, false),
	}
	if o.Context == "" {
		o.Context = ref(f.conversation)
	}
	if ep := firstValue(f.endpoints); len(ep) > 0 && ep[0] == '{' {
		o.SharedInbox = ref(member(ep, "sharedInbox"))
	}
	if src := firstValue(f.source); len(src) > 0 && src[0] == '{' {
		var sf fields
		sf.collect(src)
		o.Source = localizedText(sf.content, sf.contentMap)
		o.SourceMediaType = text(sf.mediaType)
	}
	o.AttributedTo, o.AttributedGroups = attribution(f.attributedTo)
	o.Tag = tags(f.tag)
	o.Attachment = attachments(f.attachment)
	o.PublicKeys = publicKeys(f.publicKey)
	if len(o.PublicKeys) > 0 {
		o.PublicKey = o.PublicKeys[0]
	}
	return o
}

// attribution splits attributedTo into the author and any groups listed
// beside it. An entry counts as a group only when it says so by its type.
func attribution(v []byte) (author string, groups []string) {
	e := newElements(v)
	for {
		x, ok := e.next()
		if !ok {
			return author, groups
		}
		id := ref(x)
		if id == "" {
			continue
		}
		if len(x) > 0 && x[0] == '{' {
			if typ, _ := typeOf(member(x, "type")); typ == "Group" {
				groups = append(groups, id)
				continue
			}
		}
		if author == "" {
			author = id
		}
	}
}

// repliesRef reads replies: an IRI or a collection's id. PieFed sends the
// replies themselves as an array, which names no collection.
func repliesRef(v []byte) string {
	if len(v) == 0 || v[0] == '[' {
		return ""
	}
	return ref(v)
}

// portalTerm reads a Portal extension property by the precedence the fields
// hold it in, and drops a namespace prefix from its value.
func portalTerm(candidates [3][]byte) string {
	for _, v := range candidates {
		s := text(v)
		if s == "" {
			s = ref(v)
		}
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		s = strings.TrimPrefix(s, "portal:")
		return strings.TrimPrefix(s, Namespace)
	}
	return ""
}

func tags(v []byte) []Tag {
	if isNull(v) {
		return nil
	}
	var out []Tag
	e := newElements(v)
	for {
		x, ok := e.next()
		if !ok {
			return out
		}
		switch {
		case len(x) > 0 && x[0] == '{':
			var tf fields
			tf.collect(x)
			typ, _ := typeOf(tf.typ)
			t := Tag{Type: typ, Href: ref(tf.href), Name: localizedText(tf.name, tf.nameMap)}
			if t.Href == "" {
				t.Href = tf.id()
			}
			out = append(out, t)
		case len(x) > 0 && x[0] == '"':
			if s := ref(x); s != "" {
				out = append(out, Tag{Href: s})
			}
		}
	}
}

func attachments(v []byte) []Attachment {
	if isNull(v) {
		return nil
	}
	var out []Attachment
	e := newElements(v)
	for {
		x, ok := e.next()
		if !ok {
			return out
		}
		switch {
		case len(x) > 0 && x[0] == '{':
			var af fields
			af.collect(x)
			typ, _ := typeOf(af.typ)
			a := Attachment{
				Type:      typ,
				MediaType: text(af.mediaType),
				URL:       ref(af.href),
				Name:      localizedText(af.name, af.nameMap),
			}
			if a.URL == "" {
				a.URL = link(af.url, false)
			}
			out = append(out, a)
		case len(x) > 0 && x[0] == '"':
			if s := ref(x); s != "" {
				out = append(out, Attachment{URL: s})
			}
		}
	}
}

func publicKeys(v []byte) []PublicKey {
	if isNull(v) {
		return nil
	}
	var out []PublicKey
	e := newElements(v)
	for {
		x, ok := e.next()
		if !ok {
			return out
		}
		switch {
		case len(x) > 0 && x[0] == '{':
			var kf fields
			kf.collect(x)
			out = append(out, PublicKey{ID: kf.id(), Owner: ref(kf.owner), PublicKeyPem: text(kf.publicKeyPem)})
		case len(x) > 0 && x[0] == '"':
			if s := ref(x); s != "" {
				out = append(out, PublicKey{ID: s})
			}
		}
	}
}

// firstRef is the first IRI among candidates given by precedence.
func firstRef(candidates [3][]byte) string {
	for _, v := range candidates {
		if r := ref(v); r != "" {
			return r
		}
	}
	return ""
}
