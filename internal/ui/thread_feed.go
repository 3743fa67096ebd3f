package ui

import (
	"net/http"

	"github.com/protectors-portal/portal/internal/model"
)

// maxFeedReplies bounds the replies a thread's feed carries: the latest.
const maxFeedReplies = 200

// threadFeed is the Atom feed of a public thread: its first post and its
// replies. Like the space feed it is built as for a visitor, whoever asks.
func (u *UI) threadFeed(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	v, err := u.disc.Thread(ctx, nil, r.PathValue("id"))
	if err != nil {
		return err
	}
	t := v.Thread
	if t.Visibility != model.VisibilityPublic || t.Deleted() {
		return model.ErrNotFound
	}
	page := u.urls.Thread(t.ID)
	f := &atomFeed{Lang: "en", ID: page + "/feed.atom", Title: t.Title, Generator: "Portal",
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: page + "/feed.atom"},
			{Rel: "alternate", Type: "text/html", Href: page}}}
	if t.Space != nil {
		f.Subtitle = t.Space.Title
	}
	latest := t.LastActivityAt
	f.Entries = append(f.Entries, u.threadEntry(t))
	posts := v.Posts
	if len(posts) > maxFeedReplies {
		posts = posts[len(posts)-maxFeedReplies:]
	}
	for _, p := range posts {
		if p.Deleted() || p.Visibility != model.VisibilityPublic {
			continue
		}
		updated := p.CreatedAt
		if p.EditedAt != nil {
			updated = *p.EditedAt
		}
		if updated.After(latest) {
			latest = updated
		}
		author := u.feedAuthor(p.Author)
		f.Entries = append(f.Entries, atomEntry{ID: p.URI, Title: u.tr("feed.reply_title", author.Name, t.Title),
			Published: atomTime(p.CreatedAt), Updated: atomTime(updated),
			Links:   []atomLink{{Rel: "alternate", Type: "text/html", Href: u.urls.Post(p.ID)}},
			Author:  author,
			Content: atomText{Type: "html", Body: p.BodyHTML}})
	}
	f.Updated = atomTime(latest)
	return writeFeed(w, f)
}
