package activity

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"time"
)

// This file turns raw property values into the model's plain Go values,
// accepting every shape the package documentation lists.

const asPrefix = "https://www.w3.org/ns/activitystreams#"

// typeCategory tells what kind of thing a known type names.
type typeCategory uint8

const (
	catUnknown typeCategory = iota
	catObject
	catActivity
	catActor
	catCollection
	catLink
)

type typeInfo struct {
	name string
	cat  typeCategory
}

// knownTypes holds every type name the package recognises. A type outside it
// is kept as given, but loses to a known one in a list of types.
var knownTypes = buildKnownTypes()

func buildKnownTypes() map[string]typeInfo {
	m := make(map[string]typeInfo, 64)
	add := func(cat typeCategory, names ...string) {
		for _, n := range names {
			m[n] = typeInfo{name: n, cat: cat}
		}
	}
	// The AS2 activities, and the extensions that real peers send.
	add(catActivity, "Accept", "Add", "Announce", "Arrive", "Block", "Create",
		"Delete", "Dislike", "Flag", "Follow", "Ignore", "Invite", "Join",
		"Leave", "Like", "Listen", "Move", "Offer", "Read", "Reject", "Remove",
		"TentativeAccept", "TentativeReject", "Travel", "Undo", "Update", "View",
		"EmojiReact", "Lock")
	// Question is an activity in AS2, but every server uses it as a poll
	// object inside a Create, so it is read as an object.
	add(catObject, "Article", "Audio", "Document", "Event", "Image", "Note",
		"Page", "Place", "Profile", "Question", "Relationship", "Tombstone",
		"Video", "ChatMessage", "Emoji", "PropertyValue")
	add(catLink, "Link", "Mention", "Hashtag")
	add(catActor, "Application", "Group", "Organization", "Person", "Service")
	add(catCollection, "Collection", "OrderedCollection", "CollectionPage",
		"OrderedCollectionPage")
	return m
}

// oneType reads a single raw type name, dropping the vocabulary prefix.
// Known names come back as the table's own string and cost no allocation.
func oneType(raw []byte) (string, typeCategory) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", catUnknown
	}
	name := raw[1 : len(raw)-1]
	if bytes.IndexByte(name, '\\') >= 0 {
		s, _ := rawString(raw)
		name = []byte(s)
	}
	name = bytes.TrimSpace(name)
	switch {
	case bytes.HasPrefix(name, []byte("as:")):
		name = name[len("as:"):]
	case bytes.HasPrefix(name, []byte(asPrefix)):
		name = name[len(asPrefix):]
	}
	if info, ok := knownTypes[string(name)]; ok {
		return info.name, info.cat
	}
	return string(name), catUnknown
}

// typeOf reads a type property: one name, or an array of names of which the
// first known one wins (else the first non-empty one).
func typeOf(v []byte) (string, typeCategory) {
	if len(v) == 0 || v[0] != '[' {
		return oneType(v)
	}
	fallback := ""
	e := newElements(v)
	for {
		x, ok := e.next()
		if !ok {
			return fallback, catUnknown
		}
		name, cat := oneType(x)
		if cat != catUnknown {
			return name, cat
		}
		if fallback == "" {
			fallback = name
		}
	}
}

// str decodes a raw JSON string, or returns "" for any other value.
func str(v []byte) string {
	s, _ := rawString(v)
	return s
}

// text reads a natural-language property: a string, the first string of an
// array, or a JSON-LD value object ({"@value": …}). It never interprets the
// text, so "Meta: why so slow?" stays a title and is not taken for an IRI.
func text(v []byte) string {
	if isNull(v) {
		return ""
	}
	switch v[0] {
	case '"':
		return str(v)
	case '[':
		e := newElements(v)
		for {
			x, ok := e.next()
			if !ok {
				return ""
			}
			if s := text(x); s != "" {
				return s
			}
		}
	case '{':
		return text(member(v, "@value"))
	}
	return ""
}

// langMap picks one text from a language map such as contentMap: English if
// there is any, else the first non-empty entry in document order.
func langMap(v []byte) string {
	var dialect, first []byte
	m := newMembers(v)
	for {
		k, val, ok := m.next()
		if !ok {
			break
		}
		if isNull(val) || text(val) == "" {
			continue
		}
		lang := strings.ToLower(string(keyBytes(k)))
		switch {
		case lang == "en":
			return text(val)
		case strings.HasPrefix(lang, "en-") && dialect == nil:
			dialect = val
		case first == nil:
			first = val
		}
	}
	if dialect != nil {
		return text(dialect)
	}
	return text(first)
}

// localizedText reads a property such as content, falling back to its
// language map when the plain property is missing or empty.
func localizedText(plain, langs []byte) string {
	if s := text(plain); s != "" {
		return s
	}
	if len(langs) > 0 && langs[0] == '{' {
		return langMap(langs)
	}
	return ""
}

// ref reads a reference to another object: an IRI, an object's id, a Link's
// href, or the first usable one of an array of those.
func ref(v []byte) string {
	if isNull(v) {
		return ""
	}
	switch v[0] {
	case '"':
		return strings.TrimSpace(str(v))
	case '{':
		return objectRef(v)
	case '[':
		e := newElements(v)
		for {
			x, ok := e.next()
			if !ok {
				return ""
			}
			if s := ref(x); s != "" {
				return s
			}
		}
	}
	return ""
}

// objectRef gives the IRI an embedded object stands for: a Link's href, or
// else the object's id.
func objectRef(obj []byte) string {
	var id, atID, href, typ []byte
	m := newMembers(obj)
	for {
		k, v, ok := m.next()
		if !ok {
			break
		}
		switch string(keyBytes(k)) {
		case "id":
			id = v
		case "@id":
			atID = v
		case "href":
			href = v
		case "type":
			typ = v
		}
	}
	order := [3][]byte{id, atID, href}
	if _, cat := typeOf(typ); cat == catLink {
		order = [3][]byte{href, id, atID}
	}
	for _, c := range order {
		if s := strings.TrimSpace(str(c)); s != "" {
			return s
		}
	}
	return ""
}

// refs reads an addressing or reference list, flattening arrays and
// normalising every spelling of the public collection to Public.
func refs(v []byte) []string {
	return mapRefs(v, normalizeAddress)
}

// mapRefs reads the reference of every entry of v (one value or an
// array), passes each through f and keeps what is not empty.
func mapRefs(v []byte, f func(string) string) []string {
	if isNull(v) {
		return nil
	}
	var out []string
	e := newElements(v)
	for {
		x, ok := e.next()
		if !ok {
			return out
		}
		if s := f(ref(x)); s != "" {
			out = append(out, s)
		}
	}
}

// normalizeAddress turns the compacted forms of the public collection into
// its full IRI and leaves every other address alone.
func normalizeAddress(s string) string {
	switch s {
	case "as:Public", "Public", "http://www.w3.org/ns/activitystreams#Public":
		return Public
	}
	return s
}

// timeLayouts are tried in order. When parsing, Go accepts a fractional
// second of any precision after the seconds even where a layout has none.
var timeLayouts = []string{
	time.RFC3339,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05",
	"2006-01-02",
}

// timeOf reads a date-time, in UTC; a time without a zone is taken as UTC,
// and one that cannot be read is the zero time.
func timeOf(v []byte) time.Time {
	s := strings.TrimSpace(text(v))
	if s == "" || len(s) > 64 {
		return time.Time{}
	}
	if t, ok := parseTime(s); ok {
		return t
	}
	// RFC 3339 allows a lower-case "t" and "z"; Go's parser does not.
	if upper := strings.ToUpper(s); upper != s {
		if t, ok := parseTime(upper); ok {
			return t
		}
	}
	return time.Time{}
}

func parseTime(s string) (time.Time, bool) {
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// boolOf reads a flag that may be a JSON boolean, a string such as "true",
// a number, or an array holding one of those. Anything else is false.
func boolOf(v []byte) bool {
	if len(v) == 0 {
		return false
	}
	switch v[0] {
	case 't':
		return true
	case '"':
		switch strings.ToLower(strings.TrimSpace(str(v))) {
		case "true", "1", "yes":
			return true
		}
		return false
	case '[':
		e := newElements(v)
		x, _ := e.next()
		return boolOf(x)
	case '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9':
		f, err := strconv.ParseFloat(string(v), 64)
		return err == nil && f != 0
	}
	return false
}

// intOf reads a count such as totalItems: a JSON number or a numeric string,
// clamped to the range 0 … 2^53. Anything else is 0.
func intOf(v []byte) int {
	if len(v) == 0 {
		return 0
	}
	var s string
	switch v[0] {
	case '"':
		s = strings.TrimSpace(str(v))
	case '[':
		e := newElements(v)
		x, _ := e.next()
		return intOf(x)
	default:
		s = string(v)
	}
	if n, err := strconv.Atoi(s); err == nil {
		return max(0, min(n, 1<<53))
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f <= 0 {
		return 0
	}
	return int(min(f, 1<<53))
}

// link reads a url-like property: an IRI string, a Link (href) or an object
// that carries its own url (an Image), or an array of those. With preferHTML
// the first entry whose mediaType is text/html wins; otherwise, and when
// there is none, the first entry does.
func link(v []byte, preferHTML bool) string {
	if isNull(v) {
		return ""
	}
	switch v[0] {
	case '"':
		return strings.TrimSpace(str(v))
	case '{':
		href, _ := linkObject(v)
		return href
	case '[':
		first := ""
		e := newElements(v)
		for {
			x, ok := e.next()
			if !ok {
				return first
			}
			var href, mediaType string
			switch {
			case len(x) > 0 && x[0] == '{':
				href, mediaType = linkObject(x)
			default:
				href = link(x, false)
			}
			if href == "" {
				continue
			}
			if !preferHTML {
				return href
			}
			if isHTML(mediaType) {
				return href
			}
			if first == "" {
				first = href
			}
		}
	}
	return ""
}

// linkObject returns the target and media type of a Link or of an object
// that has a url of its own.
func linkObject(obj []byte) (href, mediaType string) {
	var h, u, mt []byte
	m := newMembers(obj)
	for {
		k, v, ok := m.next()
		if !ok {
			break
		}
		switch string(keyBytes(k)) {
		case "href":
			h = v
		case "url":
			u = v
		case "mediaType":
			mt = v
		}
	}
	href = strings.TrimSpace(str(h))
	if href == "" {
		href = link(u, false)
	}
	return href, str(mt)
}

func isHTML(mediaType string) bool {
	mt, _, _ := strings.Cut(mediaType, ";")
	return strings.EqualFold(strings.TrimSpace(mt), "text/html")
}
