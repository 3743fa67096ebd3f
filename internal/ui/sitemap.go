package ui

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/url"
	"time"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
)

// maxSitemapURLs is the most one sitemap file may list.
const maxSitemapURLs = 50000

type sitemapSet struct {
	XMLName xml.Name     `xml:"urlset"`
	NS      string       `xml:"xmlns,attr"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// sitemap lists the public pages of this node for search engines: the
// main pages, our public spaces and their public threads, and the
// articles. It is built as for a visitor, whoever asks, so no alliance
// content is ever in it.
func (u *UI) sitemap(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	set := &sitemapSet{NS: "http://www.sitemaps.org/schemas/sitemap/0.9"}
	add := func(path string, mod time.Time) bool {
		if len(set.URLs) >= maxSitemapURLs {
			return false
		}
		e := sitemapURL{Loc: u.urls.Base + path}
		if !mod.IsZero() {
			e.LastMod = mod.UTC().Format(time.RFC3339)
		}
		set.URLs = append(set.URLs, e)
		return true
	}
	for _, p := range []string{"/", "/spaces", "/challenges", "/articles", "/organisation"} {
		add(p, time.Time{})
	}
	spaces, err := u.disc.Spaces(ctx, nil)
	if err != nil {
		return err
	}
	for _, sp := range spaces {
		if sp.Visibility != model.VisibilityPublic {
			continue
		}
		var mod time.Time
		if sp.LastActivityAt != nil {
			mod = *sp.LastActivityAt
		}
		add(spacePath(sp), mod)
	}
	for _, sp := range spaces {
		if sp.Visibility != model.VisibilityPublic {
			continue
		}
		for cursor := ""; ; {
			threads, next, err := u.disc.SpaceThreads(ctx, nil, sp, discussion.ThreadQuery{Cursor: cursor, Limit: 100})
			if err != nil {
				return err
			}
			for _, t := range threads {
				if t.Visibility == model.VisibilityPublic && !t.Deleted() && !add("/threads/"+t.ID, t.LastActivityAt) {
					break
				}
			}
			if next == "" || len(set.URLs) >= maxSitemapURLs {
				break
			}
			cursor = next
		}
	}
	for cursor := ""; len(set.URLs) < maxSitemapURLs; {
		list, next, err := u.disc.Articles(ctx, cursor)
		if err != nil {
			return err
		}
		for _, a := range list {
			add("/articles/"+url.PathEscape(a.Slug), a.UpdatedAt)
		}
		if next == "" {
			break
		}
		cursor = next
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	if err := xml.NewEncoder(&buf).Encode(set); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/xml; charset=utf-8")
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, err = w.Write(buf.Bytes())
	return err
}
