package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/discussion"
	"github.com/protectors-portal/portal/internal/model"
)

// spaceFeed is the Atom feed of a public space's latest 20 threads. It
// is built as for a visitor, whoever asks: feed readers cache and share
// what they fetch, so alliance-only spaces and threads are never in it.
func (u *UI) spaceFeed(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	sp, err := u.disc.Space(ctx, nil, r.PathValue("name"))
	if err != nil {
		return err
	}
	if sp.Visibility != model.VisibilityPublic {
		return model.ErrNotFound
	}
	threads, _, err := u.disc.SpaceThreads(ctx, nil, sp, discussion.ThreadQuery{Limit: 20})
	if err != nil {
		return err
	}
	page := u.urls.Base + spacePath(sp)
	f := &atomFeed{Lang: "en", ID: page + "/feed.atom", Title: sp.Title, Subtitle: sp.Description,
		Updated: atomTime(sp.CreatedAt), Generator: "Portal",
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: page + "/feed.atom"},
			{Rel: "alternate", Type: "text/html", Href: page}},
		Author: &atomPerson{Name: sp.Title, URI: page}}
	latest := sp.CreatedAt
	for _, t := range threads {
		if t.Visibility != model.VisibilityPublic || t.Deleted() {
			continue
		}
		if t.LastActivityAt.After(latest) {
			latest = t.LastActivityAt
		}
		f.Entries = append(f.Entries, u.threadEntry(t))
	}
	f.Updated = atomTime(latest)
	return writeFeed(w, f)
}
