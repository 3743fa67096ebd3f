package activity

import "encoding/json"

// Collection is a Collection, OrderedCollection or one of their pages: an
// outbox, a followers list, a replies collection, or a thread's context
// collection (FEP-7888). Backfill walks it from First through Next.
type Collection struct {
	ID         string
	Type       string
	TotalItems int // 0 when not given

	// First is the id of the first page. When the page comes embedded it is
	// also decoded into FirstPage (whose items may then be read directly).
	First     string
	FirstPage *Collection
	Last      string
	Next      string
	Prev      string
	PartOf    string

	// AttributedTo is the owner of the collection; for a context collection
	// it is whoever moderates the thread.
	AttributedTo string
	Audience     string

	// Items are the entries of orderedItems, or of items when there is no
	// orderedItems, in document order.
	Items []Item
}

// Item is one entry of a collection: either a bare IRI (Raw is nil) or an
// embedded object or activity (Raw holds it, for Parse or ParseObject).
type Item struct {
	ID   string
	Type string
	Raw  json.RawMessage
}

// ParseCollection reads a collection or collection page. The document needs
// a type, within the same size and depth limits as Parse; a type that names
// something other than a collection is refused, an unknown one is accepted.
func ParseCollection(data []byte) (*Collection, error) {
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
	if cat != catCollection && cat != catUnknown {
		return nil, ErrNotCollection
	}
	return decodeCollection(&f), nil
}

func decodeCollection(f *fields) *Collection {
	typ, _ := typeOf(f.typ)
	c := &Collection{
		ID:         f.id(),
		Type:       typ,
		TotalItems: intOf(f.totalItems),
		Last:       ref(f.last),
		Next:       ref(f.next),
		Prev:       ref(f.prev),
		PartOf:     ref(f.partOf),
		Audience:   normalizeAddress(ref(f.audience)),
	}
	c.AttributedTo, _ = attribution(f.attributedTo)
	if first := firstValue(f.first); len(first) > 0 && first[0] == '{' {
		var pf fields
		pf.collect(first)
		c.FirstPage = decodeCollection(&pf)
		c.First = c.FirstPage.ID
	} else {
		c.First = ref(f.first)
	}
	list := f.orderedItems
	if isNull(list) {
		list = f.items
	}
	c.Items = items(list)
	return c
}

func items(v []byte) []Item {
	if isNull(v) {
		return nil
	}
	var out []Item
	e := newElements(v)
	for {
		x, ok := e.next()
		if !ok {
			return out
		}
		switch {
		case len(x) > 0 && x[0] == '{':
			typ, _ := typeOf(member(x, "type"))
			out = append(out, Item{ID: objectRef(x), Type: typ, Raw: json.RawMessage(x)})
		case len(x) > 0 && x[0] == '"':
			if s := ref(x); s != "" {
				out = append(out, Item{ID: s})
			}
		}
	}
}
