package apjson

import (
	"github.com/go-fed/activity/streams"
	"github.com/go-fed/activity/streams/vocab"
)

// actorType is what Person, Group, Application, Service and Organization
// have in common in streams.
type actorType interface {
	vocab.Type
	SetActivityStreamsAttributedTo(vocab.ActivityStreamsAttributedToProperty)
	SetActivityStreamsFollowers(vocab.ActivityStreamsFollowersProperty)
	SetActivityStreamsFollowing(vocab.ActivityStreamsFollowingProperty)
	SetActivityStreamsInbox(vocab.ActivityStreamsInboxProperty)
	SetActivityStreamsName(vocab.ActivityStreamsNameProperty)
	SetActivityStreamsOutbox(vocab.ActivityStreamsOutboxProperty)
	SetActivityStreamsPreferredUsername(vocab.ActivityStreamsPreferredUsernameProperty)
	SetActivityStreamsSummary(vocab.ActivityStreamsSummaryProperty)
	SetActivityStreamsUrl(vocab.ActivityStreamsUrlProperty)
	SetTootDiscoverable(vocab.TootDiscoverableProperty)
	SetTootFeatured(vocab.TootFeaturedProperty)
	SetW3IDSecurityV1PublicKey(vocab.W3IDSecurityV1PublicKeyProperty)
}

func (b *builder) actor(a *Actor) vocab.Type {
	var t actorType
	switch a.Type {
	case "Person":
		t = streams.NewActivityStreamsPerson()
	case "Group":
		t = streams.NewActivityStreamsGroup()
	case "Application":
		t = streams.NewActivityStreamsApplication()
	case "Service":
		t = streams.NewActivityStreamsService()
	case "Organization":
		t = streams.NewActivityStreamsOrganization()
	default:
		b.fail("actor %s: unknown type %q", a.ID, a.Type)
		return streams.NewActivityStreamsObject()
	}
	b.id(t, a.ID)
	if a.PreferredUsername != "" {
		p := streams.NewActivityStreamsPreferredUsernameProperty()
		p.SetXMLSchemaString(a.PreferredUsername)
		t.SetActivityStreamsPreferredUsername(p)
	}
	if a.Name != "" {
		p := streams.NewActivityStreamsNameProperty()
		p.AppendXMLSchemaString(a.Name)
		t.SetActivityStreamsName(p)
	}
	if a.Summary != "" {
		p := streams.NewActivityStreamsSummaryProperty()
		p.AppendXMLSchemaString(a.Summary)
		t.SetActivityStreamsSummary(p)
	}
	if a.URL != "" {
		p := streams.NewActivityStreamsUrlProperty()
		p.AppendIRI(b.iri("url", a.URL))
		t.SetActivityStreamsUrl(p)
	}
	if a.Inbox != "" {
		p := streams.NewActivityStreamsInboxProperty()
		p.SetIRI(b.iri("inbox", a.Inbox))
		t.SetActivityStreamsInbox(p)
	}
	if a.Outbox != "" {
		p := streams.NewActivityStreamsOutboxProperty()
		p.SetIRI(b.iri("outbox", a.Outbox))
		t.SetActivityStreamsOutbox(p)
	}
	if a.Followers != "" {
		p := streams.NewActivityStreamsFollowersProperty()
		p.SetIRI(b.iri("followers", a.Followers))
		t.SetActivityStreamsFollowers(p)
	}
	if a.Following != "" {
		p := streams.NewActivityStreamsFollowingProperty()
		p.SetIRI(b.iri("following", a.Following))
		t.SetActivityStreamsFollowing(p)
	}
	if a.Featured != "" {
		p := streams.NewTootFeaturedProperty()
		p.SetIRI(b.iri("featured", a.Featured))
		t.SetTootFeatured(p)
	}
	discoverable := streams.NewTootDiscoverableProperty()
	discoverable.Set(a.Discoverable)
	t.SetTootDiscoverable(discoverable)
	if a.PublicKeyID != "" {
		t.SetW3IDSecurityV1PublicKey(b.publicKey(a))
	}
	if a.SharedInbox != "" {
		b.iri("sharedInbox", a.SharedInbox)
		b.extend(t, "endpoints", map[string]any{"sharedInbox": a.SharedInbox})
	}
	b.extend(t, "manuallyApprovesFollowers", a.ManuallyApprovesFollowers)
	if a.Type == "Group" {
		// Lemmy reads a community's moderators from attributedTo (and,
		// before 0.19, from moderators).
		if a.Moderators != "" {
			p := streams.NewActivityStreamsAttributedToProperty()
			p.AppendIRI(b.iri("moderators", a.Moderators))
			t.SetActivityStreamsAttributedTo(p)
			b.extend(t, "moderators", a.Moderators)
		}
		b.extend(t, "postingRestrictedToMods", a.PostingRestrictedToMods)
	}
	if a.Visibility != "" {
		b.extend(t, "visibility", a.Visibility)
	}
	if a.Spaces != "" {
		b.iri("spaces", a.Spaces)
		b.extend(t, "spaces", a.Spaces)
	}
	b.extendTime(t, "published", a.Published)
	b.extendTime(t, "updated", a.Updated)
	return t
}

// publicKey is the actor's key for HTTP signatures, owned by the actor.
func (b *builder) publicKey(a *Actor) vocab.W3IDSecurityV1PublicKeyProperty {
	k := streams.NewW3IDSecurityV1PublicKey()
	b.id(k, a.PublicKeyID)
	owner := streams.NewW3IDSecurityV1OwnerProperty()
	owner.Set(b.iri("owner", a.ID))
	k.SetW3IDSecurityV1Owner(owner)
	pem := streams.NewW3IDSecurityV1PublicKeyPemProperty()
	pem.Set(a.PublicKeyPEM)
	k.SetW3IDSecurityV1PublicKeyPem(pem)
	p := streams.NewW3IDSecurityV1PublicKeyProperty()
	p.AppendW3IDSecurityV1PublicKey(k)
	return p
}
