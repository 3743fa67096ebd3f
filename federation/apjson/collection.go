package apjson

import (
	"net/url"

	"github.com/go-fed/activity/streams"
	"github.com/go-fed/activity/streams/vocab"
)

// collectionType is what the four collection types have in common in
// streams.
type collectionType interface {
	vocab.Type
	SetActivityStreamsAttributedTo(vocab.ActivityStreamsAttributedToProperty)
	SetActivityStreamsAudience(vocab.ActivityStreamsAudienceProperty)
	SetActivityStreamsFirst(vocab.ActivityStreamsFirstProperty)
	SetActivityStreamsLast(vocab.ActivityStreamsLastProperty)
	SetActivityStreamsTotalItems(vocab.ActivityStreamsTotalItemsProperty)
}

// pageType is what the two page types add.
type pageType interface {
	SetActivityStreamsNext(vocab.ActivityStreamsNextProperty)
	SetActivityStreamsPrev(vocab.ActivityStreamsPrevProperty)
	SetActivityStreamsPartOf(vocab.ActivityStreamsPartOfProperty)
}

// itemList is what orderedItems and items have in common.
type itemList interface {
	AppendIRI(v *url.URL)
	AppendType(t vocab.Type) error
}

func (b *builder) collection(c *Collection, depth int) vocab.Type {
	var (
		t        collectionType
		page     pageType
		items    itemList
		setItems func() // attaches items to t
	)
	switch c.Type {
	case "OrderedCollection":
		oc, p := streams.NewActivityStreamsOrderedCollection(), streams.NewActivityStreamsOrderedItemsProperty()
		t, items, setItems = oc, p, func() { oc.SetActivityStreamsOrderedItems(p) }
	case "OrderedCollectionPage":
		ocp, p := streams.NewActivityStreamsOrderedCollectionPage(), streams.NewActivityStreamsOrderedItemsProperty()
		t, page, items, setItems = ocp, ocp, p, func() { ocp.SetActivityStreamsOrderedItems(p) }
	case "Collection":
		col, p := streams.NewActivityStreamsCollection(), streams.NewActivityStreamsItemsProperty()
		t, items, setItems = col, p, func() { col.SetActivityStreamsItems(p) }
	case "CollectionPage":
		cp, p := streams.NewActivityStreamsCollectionPage(), streams.NewActivityStreamsItemsProperty()
		t, page, items, setItems = cp, cp, p, func() { cp.SetActivityStreamsItems(p) }
	default:
		b.fail("collection %s: unknown type %q", c.ID, c.Type)
		return streams.NewActivityStreamsObject()
	}
	b.id(t, c.ID)
	if c.TotalItems != nil {
		p := streams.NewActivityStreamsTotalItemsProperty()
		p.Set(*c.TotalItems)
		t.SetActivityStreamsTotalItems(p)
	}
	if c.First != "" {
		p := streams.NewActivityStreamsFirstProperty()
		p.SetIRI(b.iri("first", c.First))
		t.SetActivityStreamsFirst(p)
	}
	if c.Last != "" {
		p := streams.NewActivityStreamsLastProperty()
		p.SetIRI(b.iri("last", c.Last))
		t.SetActivityStreamsLast(p)
	}
	if page != nil {
		if c.Next != "" {
			p := streams.NewActivityStreamsNextProperty()
			p.SetIRI(b.iri("next", c.Next))
			page.SetActivityStreamsNext(p)
		}
		if c.Prev != "" {
			p := streams.NewActivityStreamsPrevProperty()
			p.SetIRI(b.iri("prev", c.Prev))
			page.SetActivityStreamsPrev(p)
		}
		if c.PartOf != "" {
			p := streams.NewActivityStreamsPartOfProperty()
			p.SetIRI(b.iri("partOf", c.PartOf))
			page.SetActivityStreamsPartOf(p)
		}
	} else if c.Next != "" || c.Prev != "" || c.PartOf != "" {
		b.fail("collection %s: next, prev and partOf belong to pages", c.ID)
	}
	if c.AttributedTo != "" {
		p := streams.NewActivityStreamsAttributedToProperty()
		p.AppendIRI(b.iri("attributedTo", c.AttributedTo))
		t.SetActivityStreamsAttributedTo(p)
	}
	if c.Audience != "" {
		p := streams.NewActivityStreamsAudienceProperty()
		p.AppendIRI(b.iri("audience", c.Audience))
		t.SetActivityStreamsAudience(p)
	}
	// A collection that links to its first page keeps its items there; a
	// page, or a collection given whole, lists them even when there are
	// none, since peers such as Lemmy expect the property.
	if len(c.Items) > 0 || page != nil || c.First == "" {
		setItems()
	}
	for _, it := range c.Items {
		switch it := it.(type) {
		case string:
			items.AppendIRI(b.iri("item", it))
		case *Object, *Activity:
			if err := items.AppendType(b.build(it, depth+1)); err != nil {
				b.fail("collection %s: item: %v", c.ID, err)
			}
		default:
			b.fail("collection %s: item of type %T", c.ID, it)
		}
	}
	return t
}
