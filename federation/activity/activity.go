package activity

import (
	"encoding/json"
	"errors"
	"slices"
	"time"
)

// Public is the special collection that addresses everyone.
const Public = "https://www.w3.org/ns/activitystreams#Public"

// Namespace is Portal's vocabulary for properties that AS2 lacks, such as a
// challenge's category and status. The parser accepts its properties with
// the "portal:" prefix, as full IRIs, or as plain terms ("category").
const Namespace = "https://protectorsportal.org/ns#"

// Limits on what a remote peer can make the node decode.
const (
	// MaxSize is the largest document accepted, in bytes.
	MaxSize = 1 << 20
	// MaxDepth is how deeply objects and arrays may nest; the top-level
	// object is depth 1.
	MaxDepth = 32
)

// Errors returned by the parsers. Every error they return is one of these.
var (
	ErrTooLarge      = errors.New("activity: document larger than 1 MiB")
	ErrTooDeep       = errors.New("activity: document nested more than 32 levels deep")
	ErrSyntax        = errors.New("activity: document is not valid JSON")
	ErrNotObject     = errors.New("activity: document is not a JSON object")
	ErrNoType        = errors.New("activity: document has no type")
	ErrNoID          = errors.New("activity: activity has no id")
	ErrNoActor       = errors.New("activity: activity has no actor")
	ErrNotActivity   = errors.New("activity: document is not an activity")
	ErrNotCollection = errors.New("activity: document is not a collection")
)

// Activity is an incoming activity: Create, Update, Delete, Follow, Accept,
// Undo, Like, Announce and the rest.
type Activity struct {
	ID    string
	Type  string
	Actor string

	// Object is the embedded object when the activity carries one that is
	// not itself an activity (Create{Note}, Delete{Tombstone}).
	Object *Object
	// Inner is the embedded activity when the object is one
	// (Announce{Create{Page}}, Undo{Like}, Accept{Follow}).
	Inner *Activity
	// ObjectID is the id of the object, whether it came embedded (as Object
	// or Inner) or as a bare IRI. When object is an array, it is the first
	// usable entry's.
	ObjectID string
	// Objects is the id of every entry of object, in order: bare IRIs, and
	// embedded objects, activities and Links by their id (or href). A Flag
	// names the reported account and posts this way.
	Objects []string

	// Content is the activity's own content (a Flag's comment), as plain
	// text: it is never HTML to render.
	Content string

	Target   string
	To, Cc   []string
	Audience []string

	Published time.Time

	// Raw is the document as received, in a copy the Activity owns. For an
	// inner activity it is that activity's part of the outer document.
	Raw json.RawMessage
}

// IsPublic reports whether the activity is addressed to the public.
func (a *Activity) IsPublic() bool {
	return slices.Contains(a.To, Public) || slices.Contains(a.Cc, Public)
}

// Parse reads an activity. The document must be a JSON object of at most
// MaxSize bytes nested at most MaxDepth deep, with a type that names an
// activity (or an unknown type alongside an actor), an id and an actor.
func Parse(data []byte) (*Activity, error) {
	doc, err := prepare(data)
	if err != nil {
		return nil, err
	}
	var f fields
	f.collect(doc)
	typ, cat := typeOf(f.typ)
	if typ == "" {
		return nil, ErrNoType
	}
	if !f.isActivity(cat) {
		return nil, ErrNotActivity
	}
	a := decodeActivity(doc, &f)
	if a.ID == "" {
		return nil, ErrNoID
	}
	if a.Actor == "" {
		return nil, ErrNoActor
	}
	return a, nil
}

// decodeActivity builds an Activity from the collected properties of raw.
// Embedded activities are not held to Parse's requirements: an Accept may
// quote a Follow that never had an id.
func decodeActivity(raw []byte, f *fields) *Activity {
	typ, _ := typeOf(f.typ)
	a := &Activity{
		ID:        f.id(),
		Type:      typ,
		Actor:     ref(f.actor),
		Target:    ref(f.target),
		To:        refs(f.to),
		Cc:        refs(f.cc),
		Audience:  refs(f.audience),
		Objects:   objectRefs(f.object),
		Content:   localizedText(f.content, f.contentMap),
		Published: timeOf(f.published),
		Raw:       raw,
	}
	obj := firstValue(f.object)
	if len(obj) == 0 || obj[0] != '{' {
		a.ObjectID = ref(f.object)
		return a
	}
	var of fields
	of.collect(obj)
	_, cat := typeOf(of.typ)
	switch {
	case of.isActivity(cat):
		a.Inner = decodeActivity(obj, &of)
		a.ObjectID = a.Inner.ID
	case cat == catLink:
		a.ObjectID = objectRef(obj)
	default:
		a.Object = decodeObject(&of)
		a.ObjectID = a.Object.ID
	}
	return a
}

// objectRefs lists the ids of every entry of object, skipping entries
// that name nothing.
func objectRefs(v []byte) []string {
	return mapRefs(v, func(s string) string { return s })
}

// firstValue returns the first non-null element of an array, or the value
// itself when it is not an array.
func firstValue(v []byte) []byte {
	if len(v) == 0 || v[0] != '[' {
		return v
	}
	e := newElements(v)
	for {
		x, ok := e.next()
		if !ok {
			return nil
		}
		if !isNull(x) {
			return x
		}
	}
}
