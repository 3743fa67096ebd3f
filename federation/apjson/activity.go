package apjson

import (
	"slices"

	"github.com/go-fed/activity/streams"
	"github.com/go-fed/activity/streams/vocab"
)

// activityType is what every activity has in streams.
type activityType interface {
	vocab.Type
	addressed
	SetActivityStreamsActor(vocab.ActivityStreamsActorProperty)
	SetActivityStreamsAudience(vocab.ActivityStreamsAudienceProperty)
	SetActivityStreamsObject(vocab.ActivityStreamsObjectProperty)
	SetActivityStreamsTarget(vocab.ActivityStreamsTargetProperty)
	SetActivityStreamsContent(vocab.ActivityStreamsContentProperty)
}

func newActivity(typ string) activityType {
	switch typ {
	case "Create":
		return streams.NewActivityStreamsCreate()
	case "Update":
		return streams.NewActivityStreamsUpdate()
	case "Delete":
		return streams.NewActivityStreamsDelete()
	case "Follow":
		return streams.NewActivityStreamsFollow()
	case "Accept":
		return streams.NewActivityStreamsAccept()
	case "Reject":
		return streams.NewActivityStreamsReject()
	case "Undo":
		return streams.NewActivityStreamsUndo()
	case "Like":
		return streams.NewActivityStreamsLike()
	case "Announce":
		return streams.NewActivityStreamsAnnounce()
	case "Add":
		return streams.NewActivityStreamsAdd()
	case "Remove":
		return streams.NewActivityStreamsRemove()
	case "Flag":
		return streams.NewActivityStreamsFlag()
	}
	return nil
}

func (b *builder) activity(a *Activity, depth int) vocab.Type {
	t := newActivity(a.Type)
	if t == nil {
		b.fail("activity %s: unknown type %q", a.ID, a.Type)
		return streams.NewActivityStreamsObject()
	}
	if (slices.Contains(a.To, Public) || slices.Contains(a.Cc, Public)) && carriesAlliance(a.Object, 0) {
		b.fail("activity %s addresses the public with an alliance object", a.ID)
	}
	b.id(t, a.ID)
	if a.Actor == "" {
		b.fail("activity %s has no actor", a.ID)
	} else {
		p := streams.NewActivityStreamsActorProperty()
		p.AppendIRI(b.iri("actor", a.Actor))
		t.SetActivityStreamsActor(p)
	}
	obj := streams.NewActivityStreamsObjectProperty()
	switch o := a.Object.(type) {
	case string:
		if o == "" {
			b.fail("activity %s has no object", a.ID)
		}
		obj.AppendIRI(b.iri("object", o))
	case []string:
		if len(o) == 0 {
			b.fail("activity %s has no object", a.ID)
		}
		for _, iri := range o {
			obj.AppendIRI(b.iri("object", iri))
		}
	case *Object, *Activity, *Actor:
		if err := obj.AppendType(b.build(o, depth+1)); err != nil {
			b.fail("activity %s: object: %v", a.ID, err)
		}
	case nil:
		b.fail("activity %s has no object", a.ID)
	default:
		b.fail("activity %s: object of type %T", a.ID, o)
	}
	t.SetActivityStreamsObject(obj)
	if a.Target != "" {
		p := streams.NewActivityStreamsTargetProperty()
		p.AppendIRI(b.iri("target", a.Target))
		t.SetActivityStreamsTarget(p)
	}
	if a.Audience != "" {
		p := streams.NewActivityStreamsAudienceProperty()
		p.AppendIRI(b.iri("audience", a.Audience))
		t.SetActivityStreamsAudience(p)
	}
	if a.Content != "" {
		p := streams.NewActivityStreamsContentProperty()
		p.AppendXMLSchemaString(a.Content)
		t.SetActivityStreamsContent(p)
	}
	b.addressing(t, a.To, a.Cc)
	b.extendTime(t, "published", a.Published)
	return t
}

// carriesAlliance reports whether v embeds, at any depth, an object whose
// visibility is alliance.
func carriesAlliance(v any, depth int) bool {
	if depth > maxNesting {
		return false
	}
	switch v := v.(type) {
	case *Object:
		return v != nil && v.Visibility == "alliance"
	case *Actor:
		return v != nil && v.Visibility == "alliance"
	case *Activity:
		return v != nil && carriesAlliance(v.Object, depth+1)
	}
	return false
}
