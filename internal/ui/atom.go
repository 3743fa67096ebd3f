package ui

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"time"

	"github.com/protectors-portal/portal/internal/model"
)

// Atom 1.0 (RFC 4287), as much of it as our feeds use.

const atomNS = "http://www.w3.org/2005/Atom"

type atomFeed struct {
	XMLName   xml.Name    `xml:"feed"`
	NS        string      `xml:"xmlns,attr"`
	Lang      string      `xml:"xml:lang,attr,omitempty"`
	ID        string      `xml:"id"`
	Title     string      `xml:"title"`
	Subtitle  string      `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    *atomPerson `xml:"author,omitempty"`
	Generator string      `xml:"generator,omitempty"`
	Entries   []atomEntry `xml:"entry"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      string         `xml:"title"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Links      []atomLink     `xml:"link"`
	Author     atomPerson     `xml:"author"`
	Categories []atomCategory `xml:"category,omitempty"`
	Content    atomText       `xml:"content"`
}

func atomTime(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// feedAuthor names an actor for a feed, with an absolute address.
func (u *UI) feedAuthor(a *model.Actor) atomPerson {
	v := authorOf(a)
	if !v.Known {
		return atomPerson{Name: u.tr("feed.unknown_author")}
	}
	uri := v.URL
	if v.Local {
		uri = u.urls.Base + v.URL
	}
	return atomPerson{Name: v.Name, URI: uri}
}

// threadEntry is a thread's first post as a feed entry.
func (u *UI) threadEntry(t *model.Thread) atomEntry {
	page := u.urls.Thread(t.ID)
	id := t.URI
	if id == "" {
		id = page
	}
	updated := t.CreatedAt
	if t.EditedAt != nil {
		updated = *t.EditedAt
	}
	e := atomEntry{ID: id, Title: t.Title, Published: atomTime(t.CreatedAt), Updated: atomTime(updated),
		Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: page}},
		Author:  u.feedAuthor(t.Author),
		Content: atomText{Type: "html", Body: t.BodyHTML}}
	e.Categories = append(e.Categories, atomCategory{Term: string(t.Kind), Label: u.tr("kind." + string(t.Kind))})
	if t.Kind == model.KindChallenge && t.Category != "" {
		e.Categories = append(e.Categories, atomCategory{Term: t.Category, Label: u.tr("category." + t.Category)})
	}
	return e
}

// writeFeed sends a feed. Feeds hold public content only, so caches may
// keep them a little while.
func writeFeed(w http.ResponseWriter, f *atomFeed) error {
	f.NS = atomNS
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", " ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	buf.WriteByte('\n')
	h := w.Header()
	h.Set("Content-Type", "application/atom+xml; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=300")
	_, err := w.Write(buf.Bytes())
	return err
}
